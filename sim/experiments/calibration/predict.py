"""Predict the years after the fit: posterior draws run over the scenario's whole timeline.

The calibration fits the years of its targets with the scenario's later events held out (for
Beijing: the 2020 epidemic wave is off, reforms after 2019 are beyond the run's end).  The
prediction runs the scenario as written, over all its days (the epidemic on, every dated reform
in force), once per posterior draw, and reports each year's median and 90% band of what a draw
predicts.  Draws are resampled by their weights from ``posterior.parquet`` with a generator of
their own (``SeedSequence(seed, spawn_key=(PREDICT_DRAWS,))``); each draw runs with its own seed,
so the band holds the parameters' uncertainty and the runs' chance together.  Runs come back in
any order and are put back in draw order: the same files whatever the number of workers.

Files written into ``OUT/prediction/``::

    draws.csv         the resampled parameter values and each draw's run seed
    monthly.csv       every draw's rates per calendar month
    yearly.csv        every draw's rates per calendar year
    summary.csv       per year and outcome: median, 5% and 95% quantiles, and the draws counted
    monthly_band.csv  the same per calendar month
    prediction.png    the four outcomes' bands by month, the fitted years and their targets marked
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.calibration.evaluate import in_order
from sim.experiments.calibration.simulate import period_rates
from sim.experiments.calibration.spec import Calibration, CalibrationError, prediction_scenario
from sim.experiments.seeds import seed_int

PREDICTED = ("hotline_requests_per_1000", "case_resolution_rate", "case_satisfaction_rate", "response_rate")
"""The outcomes predicted: the hotline's yearly volume per 1,000 residents and its three rates."""

PREDICT_DRAWS = 0x5052
"""Spawn key of the generator that resamples the posterior (apart from the fit's own streams)."""


@dataclass(frozen=True)
class PredictTask:
    """One posterior draw to run over the whole timeline: scenario, fixed keys, values, seed, days."""

    index: int
    source: str
    overrides: dict[str, Any]
    params: dict[str, float]
    seed: int
    steps: int


def run_prediction(task: PredictTask) -> tuple[int, tuple[pd.DataFrame, pd.DataFrame]]:
    """Run one draw; its rates per month and per year (the predicted outcomes where the run has them)."""
    frames = period_rates(task.source, {**task.overrides, **task.params}, task.seed, task.steps)
    month, year = (frames[kind].reindex(columns=[c for c in PREDICTED if c in frames[kind].columns])
                   for kind in ("month", "year"))
    return task.index, (month.assign(draw=task.index), year.assign(draw=task.index))


def posterior_draws(posterior: pd.DataFrame, names: list[str], draws: int, seed: int) -> pd.DataFrame:
    """``draws`` parameter sets resampled by weight from the posterior, each with its own run seed."""
    root = np.random.SeedSequence(seed, spawn_key=(PREDICT_DRAWS,))
    rng = np.random.default_rng(root)
    weights = posterior["weight"].to_numpy(dtype=float)
    rows = rng.choice(len(posterior), size=draws, replace=True, p=weights / weights.sum())
    picked = posterior.iloc[rows][names].reset_index(drop=True)
    picked.insert(0, "draw", range(draws))
    picked["seed"] = [seed_int(child) for child in root.spawn(draws)]
    return picked


def band(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per period and outcome: the draws' median and 5%/95% quantiles (long format)."""
    long = frame.melt(id_vars=[by, "draw"], var_name="outcome").dropna(subset=["value"])
    grouped = long.groupby([by, "outcome"])["value"]
    out = pd.DataFrame({"median": grouped.median(), "q05": grouped.quantile(0.05),
                        "q95": grouped.quantile(0.95), "draws": grouped.count()})
    return out.reset_index()


def predict(calibration: Calibration, out: Path, *, workers: int = 1,
            on_done: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Run the posterior's predictive draws and write ``out/prediction``; the yearly summary.

    Args:
        calibration: the checked calibration whose ABC-SMC posterior is in ``out``.
        out: the calibration's output folder.
        workers: worker processes.
        on_done: called with 1 after each finished run (a progress bar's ``update``).

    Raises:
        CalibrationError: no posterior in ``out`` (run the calibration first).
    """
    source = out / "posterior.parquet"
    if not source.is_file():
        raise CalibrationError(f"{source}: no posterior to predict from; run the calibration first "
                               f"(without --screen or --predict)")
    spec = calibration.spec.predict
    names = list(calibration.priors)
    posterior = pd.read_parquet(source)
    missing = [n for n in names if n not in posterior.columns]
    if missing:
        raise CalibrationError(f"{source}: lacks the free parameters {missing}; it is another calibration's")
    draws = posterior_draws(posterior, names, spec.draws, calibration.spec.seed)
    steps = prediction_scenario(calibration.spec, calibration.base).steps
    tasks = [PredictTask(int(row["draw"]), str(calibration.base), dict(spec.overrides),
                         {n: float(row[n]) for n in names}, int(row["seed"]), steps)
             for row in draws.to_dict("records")]
    results = in_order(run_prediction, tasks, workers, on_done)
    monthly = pd.concat([month for month, _ in results]).rename_axis("month").reset_index()
    yearly = pd.concat([year for _, year in results]).rename_axis("year").reset_index()
    folder = out / "prediction"
    folder.mkdir(parents=True, exist_ok=True)
    draws.to_csv(folder / "draws.csv", index=False)
    monthly.to_csv(folder / "monthly.csv", index=False)
    yearly.to_csv(folder / "yearly.csv", index=False)
    summary = band(yearly, "year")
    summary.to_csv(folder / "summary.csv", index=False)
    monthly_band = band(monthly, "month")
    monthly_band.to_csv(folder / "monthly_band.csv", index=False)
    from sim.analysis.prediction_figure import prediction_figure

    prediction_figure(monthly_band, calibration.targets.last_day(), folder / "prediction.png",
                      calibration.targets.table)
    return summary
