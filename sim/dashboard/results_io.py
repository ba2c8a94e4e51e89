"""Reading experiment folders, confined to one results root.

A visitor only ever names a folder by picking it from :func:`list_experiments`; even so every
name is checked again by :func:`experiment_dir`, which refuses anything that resolves outside the
root (``..``, absolute paths, symbolic links leading out).  Nothing here writes a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.experiments.worker import flatten_summary
from sim.runs import results_root as _results_root

MAX_TABLE_BYTES = 200 * 1024 * 1024
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
ID_COLUMNS = ("run_id", "point", "replicate", "seed")
RUNS, SUMMARY = "runs.parquet", "summary.json"  # an experiment's table of runs; one run's summary


class ResultsError(ValueError):
    """A folder or file that may not or cannot be opened; the message says why."""


def results_root() -> Path:
    """The results root (``$SIM_RESULTS_DIR`` if set; see :func:`sim.runs.results_root`)."""
    return _results_root().resolve()


def experiment_dir(root: Path, name: str) -> Path:
    """The folder ``name`` under ``root``, refusing any path that leads outside it."""
    root = Path(root).resolve()
    if not name or "\x00" in name or Path(name).is_absolute():
        raise ResultsError(f"{name!r} is not a folder name under results/")
    path = (root / name).resolve()
    if path == root or not path.is_relative_to(root):
        raise ResultsError(f"{name!r} is outside results/; only folders under it can be opened")
    if not path.is_dir():
        raise ResultsError(f"{name!r}: no such experiment folder under results/")
    return path


def list_experiments(root: Path) -> list[str]:
    """Folders under ``root`` (up to two levels deep) holding an experiment or a run, sorted.

    An experiment's folder has a runs.parquet, a run's (``python -m sim run``) a summary.json.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        return []
    names = []
    tables = [table for pattern in ("*/", "*/*/") for name in (RUNS, SUMMARY) for table in root.glob(pattern + name)]
    for table in tables:
        folder = table.parent.resolve()
        if folder.is_relative_to(root) and table.resolve().is_relative_to(root):
            names.append(folder.relative_to(root).as_posix())
    return sorted(set(names))


def _present(path: Path, limit: int) -> bool:
    """Whether ``path`` is a file, refusing files over ``limit`` bytes."""
    if not path.is_file():
        return False
    size = path.stat().st_size
    if size > limit:
        raise ResultsError(f"{path.name} is {size / 2**20:.0f} MB; the dashboard opens at most {limit / 2**20:.0f} MB")
    return True


def _one_run(folder: Path) -> pd.DataFrame:
    """A run folder's summary as a one-row runs table (flattened as an experiment's rows are)."""
    summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    if not isinstance(summary, dict):
        raise ValueError("summary.json does not hold a table of outcomes")
    return pd.DataFrame([{"run_id": 0, **flatten_summary(summary)}])


@dataclass
class Experiment:
    """A loaded experiment: its runs table, optional time series and manifest, and its factors."""

    name: str
    runs: pd.DataFrame
    manifest: dict = field(default_factory=dict)
    timeseries: pd.DataFrame | None = None
    factors: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    failed: int = 0


def split_columns(runs: pd.DataFrame, manifest: dict) -> tuple[list[str], list[str]]:
    """Factor columns (dotted scenario keys, or those the manifest names) and numeric outcomes."""
    named = manifest.get("factors")
    named = list(named) if isinstance(named, dict | list) else []
    factors = [c for c in runs.columns if c in named or ("." in c and c not in ID_COLUMNS)]
    outcomes = [
        c
        for c in runs.columns
        if c not in factors
        and c not in ID_COLUMNS
        and pd.api.types.is_numeric_dtype(runs[c])
        and not pd.api.types.is_bool_dtype(runs[c])
    ]
    return factors, outcomes


def load_experiment(root: Path, name: str) -> Experiment:
    """Open the experiment (or run) folder ``name`` under ``root`` (checked to stay inside it)."""
    folder = experiment_dir(root, name)
    single = not _present(folder / RUNS, MAX_TABLE_BYTES)
    if single and not _present(folder / SUMMARY, MAX_MANIFEST_BYTES):
        raise ResultsError(f"{name}: no runs.parquet (an experiment) or summary.json (a run) in this folder")
    try:
        runs = _one_run(folder) if single else pd.read_parquet(folder / RUNS)
        manifest_path = folder / "manifest.json"
        manifest = (
            json.loads(manifest_path.read_text(encoding="utf-8")) if _present(manifest_path, MAX_MANIFEST_BYTES) else {}
        )
        ts_path = folder / "timeseries.parquet"
        timeseries = pd.read_parquet(ts_path) if _present(ts_path, MAX_TABLE_BYTES) else None
    except (OSError, ValueError) as err:
        raise ResultsError(f"{name}: cannot be read: {err}") from None
    if single and timeseries is not None:
        timeseries = timeseries.assign(run_id=0)
    if not isinstance(manifest, dict):
        manifest = {}
    failed = 0
    if "error" in runs.columns:
        bad = runs["error"].notna() & (runs["error"].astype(str) != "")
        failed = int(bad.sum())
        runs = runs[~bad]
    factors, outcomes = split_columns(runs, manifest)
    return Experiment(name, runs.reset_index(drop=True), manifest, timeseries, factors, outcomes, failed)
