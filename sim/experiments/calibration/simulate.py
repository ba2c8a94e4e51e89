"""One parameter draw, simulated: the model's rates for every target's period, averaged over seeds.

A draw is run with each of the calibration's seeds (the same seeds for every draw, so that two
draws differ only by their parameters); each run's rates by calendar month and year come from its
case record (:meth:`sim.core.cases.CaseRecord.by_period`, the same computation as the run's
``monthly.parquet`` and ``by_year``), and the rate of a target's period is the mean over the seeds.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.calibration.spec import Calibration


@dataclass(frozen=True)
class DrawTask:
    """What a worker needs to simulate one draw: the scenario, fixed keys, seeds, days, targets."""

    index: int
    source: str
    overrides: dict[str, Any]
    params: dict[str, float]
    seeds: tuple[int, ...]
    steps: int
    targets: tuple[tuple[str, str, str], ...]  # (period, kind, outcome)


def draw_task(calibration: Calibration, params: dict[str, float], index: int = 0) -> DrawTask:
    """The task of simulating one parameter draw of a calibration."""
    table = calibration.targets.table
    return DrawTask(index, str(calibration.base), dict(calibration.spec.overrides),
                    {k: float(v) for k, v in params.items()}, calibration.simulation_seeds(), calibration.steps,
                    tuple(zip(table["period"], table["kind"], table["outcome"], strict=True)))


def period_rates(source: str, overrides: dict[str, Any], seed: int, steps: int) -> dict[str, pd.DataFrame]:
    """Run a scenario once and return its rates per calendar ``"month"`` and ``"year"``.

    Args:
        source: the scenario file.
        overrides: scenario keys to replace.
        seed: the run's seed.
        steps: days to run.

    Returns:
        ``{"month": frame indexed by YYYY-MM, "year": frame indexed by YYYY}`` of counts and rates.
    """
    from sim.core.model import GovernanceModel
    from sim.runs import monthly_frame, simulate

    with warnings.catch_warnings():  # reforms after the last target are left out on purpose
        warnings.simplefilter("ignore", UserWarning)
        model = GovernanceModel(source, rng=seed, **{k.replace(".", "__"): v for k, v in
                                                     {**overrides, "steps": steps}.items()})
    simulate(model, steps)
    return {"month": monthly_frame(model).set_index("month"),
            "year": model.cases.by_period("year").set_index("year")}


def simulate_draw(task: DrawTask) -> tuple[int, dict[str, float]]:
    """Simulate one draw with each seed; the mean rate of every target's period.

    Returns:
        The task's index and ``{"period|outcome": value}`` (NaN where no run had a value).
    """
    values = np.full((len(task.seeds), len(task.targets)), np.nan)
    for r, seed in enumerate(task.seeds):
        frames = period_rates(task.source, {**task.overrides, **task.params}, seed, task.steps)
        for j, (period, kind, outcome) in enumerate(task.targets):
            frame = frames[kind]
            if period in frame.index:
                values[r, j] = float(frame.at[period, outcome])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
        means = np.nanmean(values, axis=0)
    return task.index, {f"{p}|{o}": float(v) for (p, _, o), v in zip(task.targets, means, strict=True)}
