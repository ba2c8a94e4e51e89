"""Reading finished package searches (``python -m sim optimise``) for the Options page, and filtering their front.

A search's folder holds ``manifest.json`` (kind ``"optimisation"``), ``pareto.parquet`` (one row per
package: lever values, ``NAME_mean``/``_lo``/``_hi`` of every reported outcome, ``within_bounds``,
``dominated``) and, when the file asked for robustness, ``robustness.csv`` (per package and
objective: mean, worst case, largest regret); see docs/optimise.md.  Folders are named and
checked as the Results page's are (:func:`sim.dashboard.results_io.experiment_dir`: nothing
outside the results root is opened) and a bad or unfinished folder gives one
:class:`~sim.dashboard.results_io.ResultsError` saying what is missing and what to run.
Nothing here writes a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.dashboard.i18n import outcome_name, tr
from sim.dashboard.levers import LEVER_BY_KEY
from sim.dashboard.results_io import MAX_MANIFEST_BYTES, MAX_TABLE_BYTES, ResultsError, experiment_dir

MANIFEST, PARETO, ROBUST = "manifest.json", "pareto.parquet", "robustness.csv"
COSTS = ("reform_cost_staff_hours_per_year", "reform_cost_yuan_per_year")
"""The two reform costs every front reports (docs/ODD.md §7.16)."""
ROBUST_COLUMNS = ("package", "objective", "mean", "worst", "max_regret")


@dataclass
class Search:
    """A finished search: its front and what it was asked, as the manifest records it."""

    name: str
    folder: Path
    manifest: dict[str, Any]
    front: pd.DataFrame
    levers: list[str]
    objectives: dict[str, str]
    outcomes: list[str]
    robustness: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The search's own name (its file's ``name``), else its folder's."""
        return str(self.manifest.get("name") or self.name)

    @property
    def spec(self) -> dict[str, Any]:
        """The optimisation file as read (its keys: docs/optimise.md)."""
        return self.manifest["spec"]

    def package(self, number: int) -> dict[str, float | int]:
        """Package ``number``'s lever values (whole numbers for whole-number levers).

        Raises:
            KeyError: no such package on the front.
        """
        rows = self.front[self.front["package"] == number]
        if rows.empty:
            raise KeyError(f"no package {number} on the front of {self.name}")
        row = rows.iloc[0]
        return {key: round(float(row[key])) if LEVER_BY_KEY[key].kind == "int" else float(row[key])
                for key in self.levers}


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("kind") == "optimisation" else None


def list_searches(root: Path) -> list[str]:
    """Folders under ``root`` (up to three levels deep) holding a search's manifest, finished or not, sorted."""
    root = Path(root).resolve()
    if not root.is_dir():
        return []
    names = set()
    for pattern in ("*/", "*/*/", "*/*/*/"):
        for path in root.glob(pattern + MANIFEST):
            folder = path.parent.resolve()
            if folder.is_relative_to(root) and path.resolve().is_relative_to(root) and _read_manifest(folder):
                names.add(folder.relative_to(root).as_posix())
    return sorted(names)


def _resume_hint(manifest: dict[str, Any], folder: Path) -> str:
    source = manifest.get("file") or "FILE.toml"
    return f"python -m sim optimise {source} --resume --out {folder}"


def _check_front(front: pd.DataFrame, levers: list[str], objectives: dict[str, str], name: str) -> list[str]:
    """The reported outcomes of the front; refuses a table without the columns the page needs."""
    needed = ["package", *levers, *(f"{o}_{part}" for o in objectives for part in ("mean", "lo", "hi"))]
    missing = [c for c in needed if c not in front.columns]
    if missing:
        raise ResultsError(f"{name}: {PARETO} lacks the columns {', '.join(missing)}; it was not written by "
                           f"`python -m sim optimise` for this file")
    unknown = [key for key in levers if key not in LEVER_BY_KEY]
    if unknown:
        raise ResultsError(f"{name}: the search moved {', '.join(unknown)}, which this version has no lever for")
    if front.empty:
        raise ResultsError(f"{name}: {PARETO} holds no package")
    return [c[: -len("_mean")] for c in front.columns if c.endswith("_mean")]


def _robustness(folder: Path, notes: list[str]) -> pd.DataFrame | None:
    path = folder / ROBUST
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError) as err:
        notes.append(tr("options_robust_bad", why=str(err)))
        return None
    if not set(ROBUST_COLUMNS) <= set(table.columns):
        notes.append(tr("options_robust_bad", why=f"columns {list(table.columns)}"))
        return None
    return table


def load_search(root: Path, name: str) -> Search:
    """Open the search folder ``name`` under ``root`` (checked to stay inside it).

    Raises:
        ResultsError: not a search's folder, a search not finished yet, or a front without the
            columns the page needs (the message says what to run).
    """
    folder = experiment_dir(root, name)
    manifest = _read_manifest(folder)
    if manifest is None or not isinstance(manifest.get("spec"), dict):
        raise ResultsError(f"{name}: not the folder of a package search (no manifest.json written by "
                           f"`python -m sim optimise`)")
    spec = manifest["spec"]
    levers, objectives = list(spec.get("levers") or {}), dict(spec.get("objectives") or {})
    pareto = folder / PARETO
    if not pareto.is_file():
        raise ResultsError(f"{name}: the search has not finished (no {PARETO} yet); continue it with "
                           f"`{_resume_hint(manifest, folder)}`")
    if pareto.stat().st_size > MAX_TABLE_BYTES:
        raise ResultsError(f"{name}: {PARETO} is too large for the dashboard")
    try:
        front = pd.read_parquet(pareto)
    except (OSError, ValueError) as err:
        raise ResultsError(f"{name}: {PARETO} cannot be read: {err}") from None
    outcomes = _check_front(front, levers, objectives, name)
    notes: list[str] = []
    sessions = manifest.get("sessions") or []
    if sessions and not sessions[-1].get("ended"):
        notes.append(tr("options_unfinished", command=_resume_hint(manifest, folder)))
    front = front.sort_values("package").reset_index(drop=True)
    return Search(name, folder, manifest, front, levers, objectives, outcomes, _robustness(folder, notes), notes)


def objective_limits(search: Search) -> dict[str, tuple[float, float]]:
    """Each objective's lowest and highest mean on the front: the ends of its filter."""
    return {o: (float(search.front[f"{o}_mean"].min()), float(search.front[f"{o}_mean"].max()))
            for o in search.objectives}


def shown(search: Search, ranges: dict[str, tuple[float, float]]) -> np.ndarray:
    """Which packages the filters keep: every objective's mean within its chosen range (ends included).

    Args:
        search: the search.
        ranges: objective → (lowest, highest) mean kept; objectives not named are not filtered.

    Returns:
        One boolean per row of the front.
    """
    keep = np.ones(len(search.front), dtype=bool)
    for name, (low, high) in ranges.items():
        values = search.front[f"{name}_mean"].to_numpy(float)
        span = max(abs(low), abs(high), 1e-12) * 1e-9  # the slider's ends are the front's own values
        keep &= (values >= low - span) & (values <= high + span)
    return keep


def number(value: float) -> str:
    """A figure for the table: thousands separated from 100 up, three significant digits below."""
    if value is None or not np.isfinite(value):
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def table_columns(search: Search) -> list[str]:
    """The outcomes the table shows: the objectives, then the costs that are not objectives."""
    return [*search.objectives, *(c for c in COSTS if c in search.outcomes and c not in search.objectives)]


def front_rows(search: Search, keep: np.ndarray, language: str | None = None) -> tuple[list[str], list[list[str]]]:
    """The front as a table: package, lever values (by the essay's terms), outcomes as ``mean [lo, hi]``, flags.

    Args:
        search: the search.
        keep: which rows to show (:func:`shown`).
        language: "zh" or "en" (default: the session's).

    Returns:
        The headers and one row of text per package kept.
    """
    outcomes = table_columns(search)
    arrows = {"max": "↑", "min": "↓"}
    headers = [tr("options_package", language), *(LEVER_BY_KEY[k].label(language) for k in search.levers),
               *(f"{outcome_name(o, language)} {arrows.get(search.objectives.get(o), '')}".rstrip()
                 for o in outcomes), tr("options_within", language)]
    rows = []
    for values in search.front[keep].to_dict("records"):
        cells = [str(int(values["package"]))]
        cells += [number(values[k]) for k in search.levers]
        cells += [f"{number(values[f'{o}_mean'])} [{number(values[f'{o}_lo'])}, {number(values[f'{o}_hi'])}]"
                  for o in outcomes]
        flags = [tr("yes" if values.get("within_bounds", True) else "no", language)]
        if values.get("dominated", False):
            flags.append(tr("options_beaten", language))
        cells.append(" · ".join(flags))
        rows.append(cells)
    return headers, rows


def robustness_rows(search: Search, keep: np.ndarray,
                    language: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Worst case and largest regret per package and objective, for the packages kept (empty if none)."""
    table = search.robustness
    if table is None:
        return [], []
    kept = set(search.front.loc[keep, "package"].astype(int))
    headers = [tr("options_package", language), tr("options_objective", language), tr("options_mean", language),
               tr("options_worst", language), tr("options_regret", language)]
    rows = [[str(int(r.package)), outcome_name(str(r.objective), language), number(r.mean), number(r.worst),
             number(r.max_regret)] for r in table.itertuples(index=False) if int(r.package) in kept]
    return headers, rows
