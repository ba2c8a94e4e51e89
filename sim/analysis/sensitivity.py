"""``sensitivity``: which factors move which outcomes — SALib's Morris and Sobol analyses.

Morris designs give μ* and σ of the elementary effects, Sobol (Saltelli) designs first- and
total-order indices, both with 95% confidence intervals from SALib.  Other designs (grid, list,
LHS) get Spearman rank correlations.  Replicates of a design point are averaged first.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.analysis import figures
from sim.analysis.compare import choose_outcomes
from sim.analysis.report import write_sensitivity_report
from sim.analysis.results import Results
from sim.experiments.spec import ExperimentError


@dataclass
class Sensitivity:
    """The indices per outcome and factor, and where they were written."""

    method: str
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    figures: dict[str, list[Path]] = field(default_factory=dict)
    out_dir: Path | None = None


def point_means(results: Results, outcome: str) -> pd.Series:
    """The mean of an outcome over each design point's successful replicates, by point."""
    n_points = len(results.manifest["design"]["points"])
    means = results.ok.groupby("point")[outcome].mean()
    return means.reindex(range(n_points))


def sensitivity(
    results: Results,
    *,
    outcomes: Sequence[str] | None = None,
    out_dir: Path | None = None,
    seed: int = 0,
    make_figures: bool = True,
) -> Sensitivity:
    """Compute sensitivity indices for each outcome; writes tables, figures and a report."""
    design = results.manifest.get("design", {})
    kind = design.get("kind")
    factors = [f for f in design.get("factors", []) if f != "scenario"]
    if not factors:
        raise ExperimentError(f"{results.root}: the design has no numeric factors to analyse")
    outcomes = choose_outcomes(results, outcomes)
    method = kind if kind in ("morris", "sobol") else "spearman"
    points = pd.DataFrame(design["points"]).set_index("point").sort_index()
    rows, notes = [], []
    for outcome in outcomes:
        y = point_means(results, outcome)
        if method != "spearman" and y.isna().any():
            raise ExperimentError(
                f"{outcome}: {int(y.isna().sum())} of {len(y)} design points have no successful "
                f"run; {method} needs every point (rerun the experiment with --retry-failed)"
            )
        if np.nanstd(y.to_numpy(float)) == 0:
            notes.append(f"- {outcome} does not vary over the design: no indices.")
            continue
        rows += _indices(
            method, design, points, factors, outcome, y.to_numpy(float), results.manifest.get("spec", {}), seed
        )
    table = pd.DataFrame(rows)
    result = Sensitivity(method, table, notes)
    if out_dir is not None:
        _write(results, result, out_dir, make_figures)
    return result


def _indices(method, design, points, factors, outcome, y, spec, seed) -> list[dict]:
    if method == "spearman":
        return [
            _spearman(outcome, f, points[f].to_numpy(), y) for f in factors if pd.api.types.is_numeric_dtype(points[f])
        ]
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    problem = design["problem"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "morris":
            x = points[problem["names"]].to_numpy(float)
            res = morris_analyze.analyze(problem, x, y, num_levels=spec.get("levels", 4), conf_level=0.95, seed=seed)
            keys = ("mu_star", "mu_star_conf", "mu", "sigma")
        else:
            res = sobol_analyze.analyze(
                problem, y, calc_second_order=spec.get("second_order", False), conf_level=0.95, seed=seed
            )
            keys = ("S1", "S1_conf", "ST", "ST_conf")
    rows = [
        {"outcome": outcome, "factor": name, **{k: float(res[k][i]) for k in keys}}
        for i, name in enumerate(problem["names"])
    ]
    return sorted(rows, key=lambda r: -abs(r[keys[0] if method == "morris" else "ST"]))


def _spearman(outcome: str, factor: str, x: np.ndarray, y: np.ndarray) -> dict:
    ok = np.isfinite(x.astype(float)) & np.isfinite(y)
    n = int(ok.sum())
    rho = float(stats.spearmanr(x[ok], y[ok]).statistic) if n > 2 else math.nan
    if n > 3 and abs(rho) < 1:
        half = 1.96 / math.sqrt(n - 3)
        low, high = math.tanh(math.atanh(rho) - half), math.tanh(math.atanh(rho) + half)
    else:
        low = high = rho
    return {
        "outcome": outcome,
        "factor": factor,
        "rho": rho,
        "rho_conf": (high - low) / 2,
        "ci_low": low,
        "ci_high": high,
        "n": n,
    }


BARS = {
    "morris": ([("mu_star", "mu_star_conf")], "Morris μ*"),
    "sobol": ([("S1", "S1_conf"), ("ST", "ST_conf")], "Sobol indices"),
    "spearman": ([("rho", "rho_conf")], "Spearman rank correlation"),
}


def _write(results: Results, result: Sensitivity, out_dir: Path, make_figures: bool) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    result.out_dir = out_dir
    result.table.to_csv(out_dir / "indices.csv", index=False)
    if make_figures and len(result.table):
        hint = figures.setup()
        if hint:
            result.notes.append(f"> Note: {hint}.")
        columns, title = BARS[result.method]
        for outcome, part in result.table.groupby("outcome", sort=False):
            result.figures[outcome] = figures.sensitivity_bars(
                part, outcome, columns, out_dir / "figures", f"sensitivity_{outcome}", title
            )
    write_sensitivity_report(
        results.name, result.method, result.table, result.figures, out_dir / "sensitivity.md", result.notes
    )
