"""Reading an experiment folder back, and the record of a comparison of its groups.

What is read: the manifest, the run table, the factor and outcome columns, the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from sim.experiments.spec import ExperimentError
from sim.experiments.store import ID_COLUMNS, ResultStore

HEADLINE = (
    "resolution_rate",
    "median_days_to_resolve",
    "p90_days_to_resolve",
    "satisfaction_mean",
    "trust_mean",
    "satisfaction_gap",
    "community_admin_share",
    "staff_hours_per_resolved",
    "bounces_per_issue",
    "peak_backlog",
    "recovery_days",
)
"""Outcomes ``compare`` reports when neither the command nor the experiment file names any."""


@dataclass
class Results:
    """An experiment's results as analysis needs them."""

    root: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    factors: list[str]
    outcomes: list[str]

    @property
    def ok(self) -> pd.DataFrame:
        """The runs that finished without error."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def name(self) -> str:
        """The experiment's name."""
        return str(self.manifest.get("name", self.root.name))

    def check_outcomes(self, names: Sequence[str]) -> list[str]:
        """The given outcome names, or an error naming the unknown ones and what exists."""
        unknown = [n for n in names if n not in self.outcomes]
        if unknown:
            raise ExperimentError(
                f"unknown outcome(s) {', '.join(unknown)}; outcomes in {self.root}: {', '.join(self.outcomes)}"
            )
        return list(names)

    def timeseries(self, outcome: str) -> pd.DataFrame | None:
        """run_id, step and one kept outcome from timeseries.parquet (None if not kept)."""
        path = self.root / "timeseries.parquet"
        if not path.is_file() or outcome not in pq.read_schema(path).names:
            return None
        return pd.read_parquet(path, columns=["run_id", "step", outcome])


def load_results(root: str | Path) -> Results:
    """Read an experiment folder (consolidated tables, or the parts of an unfinished one)."""
    store = ResultStore(root)
    manifest = store.read_manifest()
    if manifest is None:
        raise ExperimentError(f"{root}: not an experiment folder (no manifest.json)")
    runs = store.load_runs()
    if not len(runs):
        raise ExperimentError(f"{root}: no finished runs yet")
    factors = [f for f in manifest.get("design", {}).get("factors", []) if f in runs.columns]
    skip = set(ID_COLUMNS) | set(factors)
    outcomes = [c for c in runs.columns if c not in skip and pd.api.types.is_numeric_dtype(runs[c])]
    return Results(Path(root), manifest, runs, factors, outcomes)


def _fmt(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:g}"
    return str(value)


def group_labels(runs: pd.DataFrame, by: Sequence[str]) -> tuple[pd.Series, list[str]]:
    """A label per run for its combination of ``by`` values, and the labels in design order."""
    if not by:
        labels = pd.Series("all runs", index=runs.index)
        return labels, ["all runs"]
    short = [b.rsplit(".", 1)[-1] for b in by]
    names = short if len(set(short)) == len(short) else list(by)
    if len(by) == 1:
        labels = runs[by[0]].map(_fmt)
    else:
        parts = [runs[b].map(lambda v, n=n: f"{n}={_fmt(v)}") for b, n in zip(by, names, strict=True)]
        labels = parts[0].str.cat(parts[1:], sep=", ")
    order = list(dict.fromkeys(labels.loc[runs.sort_values("point").index]))
    return labels.astype(str), order


@dataclass
class Comparison:
    """What ``compare`` computed and wrote (the report of :mod:`sim.analysis.report` reads it)."""

    by: list[str]
    outcomes: list[str]
    groups: list[str]
    reference: str | None
    test: str
    correction: str
    alpha: float
    precision: float
    summary: pd.DataFrame
    tests: pd.DataFrame
    sufficiency: pd.DataFrame
    figures: dict[str, list[Path]] = field(default_factory=dict)
    out_dir: Path | None = None
    font_hint: str | None = None
