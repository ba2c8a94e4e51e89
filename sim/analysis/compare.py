"""``compare``: groups of replicate runs side by side, with CIs, tests, effect sizes and figures.

The tables go to CSV files, the figures to PNG and SVG, and ``report.md`` puts them together in
plain language (see :mod:`sim.analysis.report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats as sps

from sim.analysis import figures
from sim.analysis.design_points import runs_start_date
from sim.analysis.report import write_compare_report
from sim.analysis.results import HEADLINE, Comparison, Results, group_labels
from sim.analysis.stats import CORRECTIONS, TESTS, describe, pairwise_against, replicates_needed
from sim.experiments.spec import SAMPLED_DESIGNS, ExperimentError

MAX_GROUPS = 60


def choose_by(results: Results, by: Sequence[str] | None) -> list[str]:
    """The grouping factors: those given, the experiment file's, or every factor that varies."""
    spec_by = results.manifest.get("spec", {}).get("analysis", {}).get("by") or []
    chosen = list(by or spec_by)
    columns = [c for c in results.runs.columns if c != "run_id"]
    unknown = [b for b in chosen if b not in results.runs.columns]
    if unknown:
        raise ExperimentError(
            f"--by {', '.join(unknown)}: no such column; factors: "
            f"{', '.join(results.factors) or 'none'} (any of {len(columns)} "
            f"columns of runs.parquet may be used)"
        )
    if chosen:
        return chosen
    kind = results.manifest.get("design", {}).get("kind")
    if kind in SAMPLED_DESIGNS:
        raise ExperimentError(
            f"a {kind} design has no groups of replicates to compare; use "
            f"`python -m sim sensitivity {results.root}`, or name a column with --by"
        )
    return [f for f in results.factors if results.runs[f].nunique() > 1]


def choose_outcomes(results: Results, outcomes: Sequence[str] | None) -> list[str]:
    """The outcomes: those given, the experiment file's, the headline ones, or all of them."""
    spec_out = results.manifest.get("spec", {}).get("analysis", {}).get("outcomes") or []
    chosen = list(outcomes or spec_out)
    if chosen:
        return results.check_outcomes(chosen)
    present = [o for o in results.outcomes if results.ok[o].notna().any()]
    headline = [o for o in HEADLINE if o in present]
    return headline or present


def compare(
    results: Results,
    *,
    by: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    reference: str | None = None,
    test: str = "mannwhitney",
    correction: str = "holm",
    alpha: float = 0.05,
    precision: float = 0.05,
    out_dir: Path | None = None,
    make_figures: bool = True,
) -> Comparison:
    """Compare groups of runs; writes tables, figures and report.md when ``out_dir`` is given.

    Args:
        results: the loaded experiment folder.
        by: grouping columns (default: the factors that vary).
        outcomes: outcome columns (default: the headline outcomes present).
        reference: the group every other group is tested against (default: the first group in
            design order, or the experiment file's ``analysis.reference``).
        test: ``mannwhitney`` or ``welch``.
        correction: ``holm``, ``bonferroni``, ``fdr_bh`` or ``none``, applied per outcome over
            its comparisons with the reference.
        alpha: significance level after correction.
        precision: target CI half-width relative to the mean, for the replicate check.
        out_dir: the folder for the tables, figures and report.md; None writes nothing.
        make_figures: draw the figures (with ``out_dir``).

    Returns:
        The chosen groups and outcomes, the tables and, when written, the figures' paths.

    Raises:
        ExperimentError: an option names no such test, correction, column or group, or makes
            too many groups.
    """
    if test not in TESTS:
        raise ExperimentError(f"--test {test}: allowed: {', '.join(TESTS)}")
    if correction not in CORRECTIONS:
        raise ExperimentError(f"--correction {correction}: allowed: {', '.join(CORRECTIONS)}")
    by = choose_by(results, by)
    outcomes = choose_outcomes(results, outcomes)
    labels, order = choose_groups(results, by)
    reference = choose_reference(results, reference, order)
    ok = results.runs["status"] == "ok"
    summary, tests, sufficiency = _tables(results, labels, ok, order, outcomes, reference, test, correction,
                                          alpha, precision)
    comparison = Comparison(by=by, outcomes=outcomes, groups=order, reference=reference, test=test,
                            correction=correction, alpha=alpha, precision=precision, summary=summary,
                            tests=tests, sufficiency=sufficiency)
    if out_dir is not None:
        _write(results, comparison, labels, ok, out_dir, make_figures)
    return comparison


def choose_groups(results: Results, by: list[str]) -> tuple[pd.Series, list[str]]:
    """Each run's group label and the groups in design order (see :func:`group_labels`).

    Args:
        results: the loaded experiment folder.
        by: the grouping columns.

    Raises:
        ExperimentError: the grouping makes more than MAX_GROUPS groups.
    """
    labels, order = group_labels(results.runs, by)
    if len(order) > MAX_GROUPS:
        raise ExperimentError(
            f"--by {', '.join(by)} makes {len(order)} groups (at most {MAX_GROUPS}); group by fewer factors"
        )
    return labels, order


def choose_reference(results: Results, reference: str | None, order: list[str]) -> str:
    """The reference group: the one given, the experiment file's, or the first in design order.

    Args:
        results: the loaded experiment folder.
        reference: the group named on the command line, or None.
        order: the groups in design order.

    Returns:
        The reference group's label.

    Raises:
        ExperimentError: the named reference is not one of the groups.
    """
    reference = reference or results.manifest.get("spec", {}).get("analysis", {}).get("reference")
    if reference is not None and str(reference) not in order:
        raise ExperimentError(f"--reference {reference}: no such group; groups: {', '.join(order)}")
    return str(reference) if reference is not None else order[0]


def _tables(
    results: Results, labels: pd.Series, ok: pd.Series, order: list[str], outcomes: list[str], reference: str,
    test: str, correction: str, alpha: float, precision: float,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The summary, test and sufficiency tables.

    Summary and sufficiency have one row per outcome and group, tests one per outcome and group
    other than the reference.
    """
    summary_rows, test_tables, sufficiency_rows = [], [], []
    for outcome in outcomes:
        values = {g: results.runs.loc[ok & (labels == g), outcome].to_numpy(float) for g in order}
        for g in order:
            failed = int((~ok & (labels == g)).sum())
            summary_rows.append({"outcome": outcome, "group": g, "failed": failed, **describe(values[g])})
            sufficiency_rows.append({"outcome": outcome, "group": g, **replicates_needed(values[g], precision)})
        if len(order) > 1:
            table = pairwise_against(values, reference, test, correction, alpha)
            table.insert(0, "outcome", outcome)
            test_tables.append(table)
    tests = pd.concat(test_tables, ignore_index=True) if test_tables else pd.DataFrame()
    return pd.DataFrame(summary_rows), tests, pd.DataFrame(sufficiency_rows)


def _write(
    results: Results, comparison: Comparison, labels: pd.Series, ok: pd.Series, out_dir: Path, make_figures: bool
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    comparison.out_dir = out_dir
    comparison.summary.to_csv(out_dir / "summary.csv", index=False)
    comparison.tests.to_csv(out_dir / "tests.csv", index=False)
    comparison.sufficiency.to_csv(out_dir / "sufficiency.csv", index=False)
    if make_figures:
        comparison.font_hint = figures.setup()
        folder = out_dir / "figures"
        for outcome in comparison.outcomes:
            values = {
                g: results.runs.loc[ok & (labels == g), outcome].dropna().to_numpy(float) for g in comparison.groups
            }
            paths = figures.distributions(values, outcome, comparison.reference, folder, f"distribution_{outcome}")
            bands = timeseries_bands(results, outcome, labels[ok], comparison.groups)
            if bands is not None:
                paths += figures.timeseries_bands(bands, outcome, comparison.reference, folder, f"timeseries_{outcome}",
                                                  runs_start_date(results.manifest, results.runs[ok]))
            comparison.figures[outcome] = paths
    write_compare_report(results, comparison, out_dir / "report.md")


def timeseries_bands(results: Results, outcome: str, labels: pd.Series, order: list[str]) -> pd.DataFrame | None:
    """Per group and step: the mean over runs and its 95% t-interval (None if not kept)."""
    frame = results.timeseries(outcome)
    if frame is None or not len(frame):
        return None
    run_group = pd.Series(labels.to_numpy(), index=results.runs.loc[labels.index, "run_id"])
    frame = frame.assign(group=frame["run_id"].map(run_group)).dropna(subset=["group"])
    stats = frame.groupby(["group", "step"])[outcome].agg(["mean", "std", "count"]).reset_index()
    half = sps.t.ppf(0.975, np.maximum(stats["count"] - 1, 1)) * stats["std"].fillna(0.0)
    half = half / np.sqrt(stats["count"])
    stats["low"], stats["high"] = stats["mean"] - half, stats["mean"] + half
    stats["group"] = pd.Categorical(stats["group"], categories=order, ordered=True)
    return stats.sort_values(["group", "step"]).assign(group=lambda d: d["group"].astype(str))
