"""Running scenarios for the dashboard.

One live model for Explore, replicate batches for Compare and Teach.  These only call the model's
public API (``GovernanceModel``, ``run_scenario``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.core.model import GovernanceModel
from sim.experiments.seeds import seed_int
from sim.runs import run_scenario
from sim.scenario import Scenario


class LiveRun:
    """One scenario stepped day by day in one browser session (Explore).

    A lock keeps the play loop and the buttons from stepping or reading the model at once.
    """

    def __init__(self, scenario: Scenario):
        """Build the model of ``scenario`` at day 0.

        Args:
            scenario: the resolved scenario to run.
        """
        self.scenario = scenario
        self.model = GovernanceModel(scenario)
        self.lock = threading.Lock()

    @property
    def day(self) -> int:
        """Days simulated so far."""
        return int(self.model.steps)

    @property
    def done(self) -> bool:
        """Whether the run reached the scenario's last day."""
        return self.day >= self.scenario.steps

    def step(self, days: int = 1) -> int:
        """Advance up to ``days`` days (never past the last); returns how many were run."""
        ran = 0
        with self.lock:
            while ran < days and not self.done:
                self.model.step()
                ran += 1
        return ran

    def snapshot(self) -> dict:
        """Everything the Explore page draws, read under the lock."""
        with self.lock:
            return {
                "day": self.day,
                "metrics": dict(self.model.metrics),
                "timeseries": self.model.datacollector.get_model_vars_dataframe(),
                "flows": dict(self.model.flow_counts()),
                "compounds": self.model.compound_frame(),
            }


def replicate_seeds(base_seed: int, replicates: int) -> list[int]:
    """Independent seeds for replicates, spawned from one base seed (numpy SeedSequence).

    Every scenario in a comparison uses the same seeds, so replicate i of A and of B share their
    random numbers and the difference between them is measured with less noise.
    """
    return [seed_int(child) for child in np.random.SeedSequence(base_seed).spawn(replicates)]


@dataclass
class Arm:
    """One scenario in a comparison, under the label shown for it (A, B, …)."""

    label: str
    scenario: Scenario


@dataclass
class ArmResults:
    """The replicates of each arm: final summaries and daily series of the kept outcomes.

    With them what ran: each arm's scenario, the replicates' seeds (shared by every arm), the days,
    whether replicates varied the city, and when the runs started and ended (UTC, ISO 8601).
    """

    finals: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    series: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    replicates: int = 0
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    seeds: list[int] = field(default_factory=list)
    steps: int = 0
    vary_city: bool = False
    started: str = ""
    ended: str = ""


def run_arms(
    arms: list[Arm],
    replicates: int,
    steps: int,
    keep: list[str],
    on_progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    vary_city: bool = False,
) -> ArmResults | None:
    """Run every arm ``replicates`` times for ``steps`` days; None if stopped early.

    ``keep`` names the outcomes whose daily series are kept (the final summary keeps every
    numeric outcome).  ``on_progress(done, total)`` is called after each run.  Replicates share
    each scenario's one city unless ``vary_city`` (then replicate *i* of every arm draws its city
    from its seed, so the arms of a replicate still share one).
    """
    seeds = replicate_seeds(arms[0].scenario.seed, replicates)
    total, done = len(arms) * replicates, 0
    result = ArmResults(replicates=replicates, scenarios={arm.label: arm.scenario for arm in arms}, seeds=seeds,
                        steps=steps, vary_city=vary_city, started=_now())
    rows: dict[str, list[dict]] = {arm.label: [] for arm in arms}
    series: dict[str, dict[str, list[np.ndarray]]] = {arm.label: {k: [] for k in keep} for arm in arms}
    for seed in seeds:
        for arm in arms:
            if should_stop is not None and should_stop():
                return None
            run = run_scenario(arm.scenario, steps=steps, seed=seed,
                               overrides={"city.seed": seed} if vary_city else None)
            rows[arm.label].append(
                {k: v for k, v in run.summary.items() if isinstance(v, int | float) and not isinstance(v, bool)}
            )
            for k in keep:
                if k in run.timeseries:
                    series[arm.label][k].append(run.timeseries[k].to_numpy(dtype=float))
            done += 1
            if on_progress is not None:
                on_progress(done, total)
    for arm in arms:
        table = pd.DataFrame(rows[arm.label])
        result.finals[arm.label] = {c: table[c].to_numpy(dtype=float) for c in table.columns}
        result.series[arm.label] = {k: np.vstack(v) for k, v in series[arm.label].items() if v}
    result.ended = _now()
    return result


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
