"""What a worker process runs: one scenario run, or a batch of them, with failures recorded.

Everything here is a module-level function of picklable arguments, so the same code runs in a
local process pool and on Dask workers.  A run that raises becomes a ``failed`` row carrying its
error; it never stops the batch.
"""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class RunTask:
    """One run of an experiment: which scenario, which overrides, which seed, what to keep."""

    run_id: int
    source: str
    overrides: dict[str, Any]
    seed: int
    steps: int
    keep: tuple[str, ...] | None
    every: int


@dataclass
class BatchResult:
    """A finished batch: one row per run (status, error, wall time, summary) and kept series."""

    rows: list[dict[str, Any]]
    timeseries: pd.DataFrame | None


def run_one(
    source: str,
    overrides: dict[str, Any],
    seed: int,
    steps: int,
    keep: tuple[str, ...] | list[str] | None,
    every: int,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Run one scenario in this process and return its summary and its kept time series.

    Args:
        source: the scenario file (path) or preset name.
        overrides: scenario keys to replace (dotted).
        seed: the run's seed.
        steps: days to simulate.
        keep: outcome columns to keep as time series (``None``: all of them).
        every: keep every n-th step (and always the last).
    """
    from sim.runs import run_scenario

    result = run_scenario(source, steps=steps, seed=seed, overrides=overrides or None, out_dir=None)
    return result.summary, select_timeseries(result.timeseries, keep, every)


def select_timeseries(frame: pd.DataFrame, keep: tuple[str, ...] | list[str] | None, every: int) -> pd.DataFrame:
    """Keep the chosen outcome columns on every n-th step and the last one, as floats."""
    numeric = [c for c in frame.columns if c != "step" and pd.api.types.is_numeric_dtype(frame[c])]
    if keep is None:
        columns = numeric
    else:
        missing = [k for k in keep if k not in frame.columns]
        if missing:
            raise KeyError(f"output.keep names unknown outcomes {missing}; available: {', '.join(numeric)}")
        columns = list(keep)
    steps = frame["step"].to_numpy()
    chosen = (steps % every == 0) | (steps == steps.max())
    out = frame.loc[chosen, columns].astype("float64")
    out.insert(0, "step", steps[chosen].astype("int64"))
    return out.reset_index(drop=True)


def flatten_summary(summary: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten a run summary into one level (``resolved_at`` → ``resolved_at_street``).

    Numbers become floats and ``None`` NaN; a flattened name that the summary already has at
    the top level is not repeated.
    """
    flat: dict[str, Any] = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            for k, v in flatten_summary(value, f"{name}_").items():
                if k not in summary and k not in flat:
                    flat[k] = v
        elif value is None:
            flat[name] = math.nan
        elif isinstance(value, bool | int | float | np.number):
            flat[name] = float(value)
        else:
            flat[name] = str(value)
    return flat


def run_batch(tasks: list[RunTask]) -> BatchResult:
    """Run a batch of tasks one after another; a failing run is recorded, not raised."""
    rows, frames = [], []
    for task in tasks:
        start = time.perf_counter()
        row: dict[str, Any] = {"run_id": task.run_id, "seed": task.seed, "status": "ok", "error": ""}
        try:
            summary, series = run_one(task.source, task.overrides, task.seed, task.steps, task.keep, task.every)
        except Exception as err:  # a failed run is data: record it and go on
            row["status"] = "failed"
            row["error"] = _describe(err)
        else:
            row.update(flatten_summary(summary))
            series.insert(0, "run_id", np.int64(task.run_id))
            frames.append(series)
        row["wall_time"] = time.perf_counter() - start
        rows.append(row)
    timeseries = pd.concat(frames, ignore_index=True) if frames else None
    return BatchResult(rows, timeseries)


def _describe(err: Exception) -> str:
    """The error and where it was raised, in one line (the last frame of the traceback)."""
    frames = traceback.extract_tb(err.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(err).__name__}: {err}{where}"
