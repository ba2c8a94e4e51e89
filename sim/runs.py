"""Run one scenario and keep what it produced: summary, daily time series, issues, manifest.

This is what the ``run`` command and every experiment worker call.  With an output folder it
writes ``summary.json``, ``timeseries.parquet`` (one row per day), ``issues.parquet`` (one row
per issue, streamed in chunks for large runs), ``paths.parquet`` (every hop, when the scenario
keeps paths) and ``manifest.json`` (resolved scenario, seed, scale, versions, git commit, wall
time).  Without one it writes nothing and returns the summary and time series.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.core.model import GovernanceModel
from sim.provenance import git_commit, package_versions
from sim.scenario import Scenario, load_scenario

REPO_ROOT = Path(__file__).resolve().parents[1]


def results_root() -> Path:
    """Where results go.

    ``$SIM_RESULTS_DIR`` if set, else ``results/`` of the source checkout the package runs from,
    else ``results/`` in the current folder (an installed package never writes into its own
    installation).
    """
    if os.environ.get("SIM_RESULTS_DIR"):
        return Path(os.environ["SIM_RESULTS_DIR"]).resolve()
    checkout = (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "sim").is_dir()
    return (REPO_ROOT if checkout else Path.cwd()) / "results"


class OutputExistsError(ValueError):
    """The output folder already holds files; nothing is overwritten."""


@dataclass
class RunResult:
    """What one run produced.

    Attributes:
        summary: final outcomes (the content of ``summary.json``).
        timeseries: one row per day (``step`` 0 is the initial state) with every daily outcome.
        manifest: scenario, seed, scale, versions, git commit and timings.
        out_dir: the folder written, or None.
    """

    summary: dict
    timeseries: pd.DataFrame
    manifest: dict
    out_dir: Path | None = None
    files: list[Path] = field(default_factory=list)


def scenario_hash(scenario: Scenario) -> str:
    """A stable hash of the resolved scenario, to tell results of different configurations apart."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def new_run_dir(name: str) -> Path:
    """A fresh folder under ``results/runs/`` named by time and scenario."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    runs = results_root() / "runs"
    path = runs / f"{stamp}-{name}"
    suffix = 1
    while path.exists():
        suffix += 1
        path = runs / f"{stamp}-{name}-{suffix}"
    return path


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the output folder; refuse one that already holds files (nothing is overwritten)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise OutputExistsError(
            f"{out_dir}: already exists and is not an empty folder; choose a new --out "
            "(nothing was overwritten)")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (a half-written file never replaces a good one)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default),
                   encoding="utf-8")
    os.replace(tmp, path)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def timeseries_frame(model: GovernanceModel) -> pd.DataFrame:
    """The DataCollector's daily rows as a frame with ``step`` and ``date`` columns.

    Row 0 is the state at the start (``date``: the day before ``start_date``); row ``k`` is the
    state at the end of day ``k − 1``, whose date it carries.
    """
    data = pd.DataFrame(model.datacollector.model_vars)
    steps = np.arange(len(data), dtype=np.int64)
    data.insert(0, "step", steps)
    start = np.datetime64(model.config.start_date, "D")
    data.insert(1, "date", start + (steps - 1).astype("timedelta64[D]"))
    return data


def run_scenario(
    source: str | Path | Mapping | Scenario = "classroom",
    *,
    steps: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    out_dir: str | Path | None = None,
    progress: bool = False,
) -> RunResult:
    """Run a scenario for its number of days (or ``steps``); return, and optionally write, its outputs.

    Args:
        source: scenario path, preset name, dict or Scenario.
        steps: days to simulate (default: the scenario's ``steps``).
        seed: seed (default: the scenario's ``seed``).
        overrides: scenario keys to replace (``{"power.delegation": 0.8}``).
        out_dir: folder to write into (must be new or empty); None writes nothing.
        progress: show a progress bar on stderr.

    Raises:
        ScenarioError: the scenario or an override is invalid.
        OutputExistsError: ``out_dir`` already holds files.
    """
    overrides = dict(overrides or {})
    if steps is not None:
        overrides["steps"] = steps
    scenario = load_scenario(source, overrides)
    seed = scenario.seed if seed is None else seed
    out = prepare_out_dir(Path(out_dir)) if out_dir is not None else None

    started = datetime.now(UTC)
    clock = time.perf_counter()
    model = GovernanceModel(scenario, rng=seed, issue_log_dir=out)
    build_seconds = time.perf_counter() - clock
    simulate(model, scenario.steps, scenario.name if progress else None)
    timings = {
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "wall_seconds": round(time.perf_counter() - clock, 3),
        "build_seconds": round(build_seconds, 3),
    }

    summary = model.summary()
    series = timeseries_frame(model)
    manifest = run_manifest(model, scenario, source, overrides, seed, timings)
    files: list[Path] = []
    if out is not None:
        files = write_outputs(model, out, summary, series, manifest)
    return RunResult(summary=summary, timeseries=series, manifest=manifest, out_dir=out,
                     files=files)


def simulate(model: GovernanceModel, days: int, progress: str | None = None) -> None:
    """Step a model ``days`` times.

    Args:
        model: the model to advance.
        days: how many days to simulate.
        progress: the label of a progress bar on stderr, or None for no bar.
    """
    steps: range = range(days)
    if progress is not None:
        from tqdm import tqdm

        steps = tqdm(steps, desc=progress, unit="day", leave=False)
    for _ in steps:
        model.step()


def run_manifest(model: GovernanceModel, scenario: Scenario, source: str | Path | Mapping | Scenario,
                 overrides: dict[str, Any], seed: int, timings: dict[str, Any]) -> dict[str, Any]:
    """What ``manifest.json`` records about one finished run.

    Args:
        model: the model after its last day.
        scenario: the resolved scenario it ran.
        source: what the scenario was loaded from (recorded when it is a path or preset name).
        overrides: the scenario keys replaced (including ``steps`` when it was given).
        seed: the seed the run used.
        timings: ``started``, ``finished``, ``wall_seconds`` and ``build_seconds``.

    Returns:
        The scenario's name, source, hash and resolved content, the run's seed and the city's
        (structure) seed, start date, warm-up, the years the calendar told Monday–Friday, the agents per level,
        package versions, the git commit and the timings.
    """
    return {
        "scenario_name": scenario.name,
        "scenario_source": str(source) if isinstance(source, (str, Path)) else None,
        "overrides": overrides,
        "seed": seed,
        "city_seed": model.city_seed,
        "steps": scenario.steps,
        "start_date": scenario.start_date.isoformat(),
        "warmup_days": scenario.warmup_days,
        "calendar_fallback_years": model.calendar.fallback_years,
        "scenario_hash": scenario_hash(scenario),
        **model.agent_counts(),
        "versions": package_versions(),
        "git": git_commit(),
        **timings,
        "scenario": scenario.model_dump(mode="json"),
    }


def write_outputs(model: GovernanceModel, out: Path, summary: dict, series: pd.DataFrame,
                  manifest: dict) -> list[Path]:
    """Write a finished run's files into ``out``; returns them."""
    log = model.issues.log
    log.add_closed(model.issues.open_rows())
    files = log.close()
    series.to_parquet(out / "timeseries.parquet", index=False)
    monthly_frame(model).to_parquet(out / "monthly.parquet", index=False)
    write_json(out / "summary.json", summary)
    write_json(out / "manifest.json", manifest)
    return [*files, out / "timeseries.parquet", out / "monthly.parquet", out / "summary.json",
            out / "manifest.json"]


def monthly_frame(model: GovernanceModel) -> pd.DataFrame:
    """One row per calendar month of the run (the content of ``monthly.parquet``).

    Each row holds the cases raised by channel, the hotline's cases closed and rated, its three
    rates, requests per 1,000 residents a year, and the backlog at the month's end.
    """
    months = model.cases.by_period("month")
    daily = model.cases.daily()
    backlog = pd.Series(model.backlog_history[-len(daily):], index=daily["date"].dt.strftime("%Y-%m"))
    return months.assign(backlog=backlog.groupby(level=0).last().reindex(months["month"]).to_numpy())
