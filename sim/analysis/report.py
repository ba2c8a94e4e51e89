"""``report.md``: the tables and figures of ``compare`` and ``sensitivity`` in plain language."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from sim.analysis.results import Comparison, Results

TEST_NAMES = {"mannwhitney": "Mann–Whitney U test", "welch": "Welch's t-test"}
CORRECTION_NAMES = {
    "holm": "Holm's step-down correction",
    "bonferroni": "Bonferroni correction",
    "fdr_bh": "Benjamini–Hochberg false-discovery-rate control",
    "none": "no correction",
}


def num(value: Any) -> str:
    """A number with four significant digits; blanks for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table of a data frame, numbers rounded for reading."""
    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(num(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def experiment_facts(results: Results) -> list[str]:
    """Bullet points on what was run: design, replicates, steps, seed, runs, versions, commit."""
    m = results.manifest
    design = m.get("design", {})
    failed = int((results.runs["status"] != "ok").sum())
    git = m.get("git") or {}
    return [
        f"- Base scenario: `{m.get('base_scenario')}`; {m.get('steps')} days per run.",
        f"- Design: {design.get('kind')} over {', '.join(design.get('factors', [])) or 'no factors'}"
        f" — {len(design.get('points', []))} design points × {m.get('replicates')} replicates "
        f"= {m.get('runs')} runs.",
        f"- Experiment seed {m.get('experiment_seed')} ({m.get('seeding')} streams per run, "
        f"spawned with numpy SeedSequence; each run's seed is in runs.parquet).",
        f"- Finished runs: {len(results.runs)} of {m.get('runs')}, of which {failed} failed.",
        f"- Code: commit {git.get('commit') or 'unknown'}"
        f"{' (with uncommitted changes)' if git.get('dirty') else ''}; "
        f"Python {m.get('versions', {}).get('python')}, Mesa {m.get('versions', {}).get('mesa')}.",
    ]


def smallest_mannwhitney_p(n: int, m: int) -> float:
    """The smallest two-sided p-value an exact Mann–Whitney test of n against m values can give."""
    return min(1.0, 2.0 / math.comb(n + m, n)) if n and m else math.nan


def _sentence(row: pd.Series, alpha: float, correction: str, comparisons: int) -> str:
    name = f"- **{row['group']}**"
    if not row["n"] or not row["n_reference"]:
        return f"{name}: no values to compare (the outcome is undefined in every run of one side)."
    diff = row["mean_difference"]
    direction = "higher" if diff > 0 else "lower" if diff < 0 else "no different"
    effect = f"Cliff's δ = {num(row['cliffs_delta'])}, {row['cliffs_delta_size']}; Cohen's d = {num(row['cohens_d'])}"
    shown = ("p", row["p_value"]) if correction == "none" else ("adjusted p", row["p_adjusted"])
    p = f"{shown[0]} = {num(shown[1])}"
    if row["significant"]:
        verdict = f"a difference unlikely to be chance at the {alpha:g} level"
    else:
        verdict = "not a clear difference: it could be chance"
        floor = smallest_mannwhitney_p(int(row["n"]), int(row["n_reference"]))
        if row["test"] == "mannwhitney" and floor * (comparisons if correction != "none" else 1) > alpha:
            verdict += (
                f" (with {row['n']} and {row['n_reference']} replicates this test cannot reach "
                f"significance after correction: add replicates, or use --test welch)"
            )
    return f"{name}: mean {direction} than the reference by {num(abs(diff))} ({effect}; {p}) — {verdict}."


def write_compare_report(results: Results, comparison: Comparison, path: Path) -> Path:
    """Write report.md for a comparison, next to its CSV tables and figures."""
    c = comparison
    lines = [f"# Comparison: {results.name}", ""]
    if results.manifest.get("description"):
        lines += [results.manifest["description"].strip(), ""]
    lines += ["## What was run", "", *experiment_facts(results), ""]
    lines += [
        "## How groups are compared",
        "",
        f"Runs are grouped by {', '.join(f'`{b}`' for b in c.by) or 'nothing (one group)'}; "
        f"the reference group is **{c.reference}**. Each group shows the mean over its "
        f"replicates with a 95% bootstrap confidence interval (BCa, 2,000 resamples) and the "
        f"median. Every other group is tested against the reference with the "
        f"{TEST_NAMES[c.test]} (two-sided); p-values are adjusted with "
        f"{CORRECTION_NAMES[c.correction]} over the comparisons of each outcome, and a "
        f"difference counts as significant when the adjusted p-value is below {c.alpha:g}. "
        f"Effect sizes: Cliff's δ (share of pairs where the group is higher minus lower; "
        f"|δ| ≥ 0.147 small, 0.33 medium, 0.474 large) and Cohen's d (difference of means in "
        f"pooled standard deviations).",
        "",
        "Tables: `summary.csv`, `tests.csv`, `sufficiency.csv`; figures in `figures/` (PNG and SVG).",
        "",
    ]
    if c.font_hint:
        lines += [f"> Note: {c.font_hint}.", ""]
    for outcome in c.outcomes:
        lines += [f"## {outcome}", ""]
        table = c.summary[c.summary["outcome"] == outcome]
        shown = table[["group", "n", "failed", "mean", "ci_low", "ci_high", "median", "sd"]]
        lines += [markdown_table(shown.rename(columns={"ci_low": "95% CI low", "ci_high": "95% CI high"})), ""]
        if len(c.tests):
            rows = c.tests[c.tests["outcome"] == outcome]
            for _, row in rows.iterrows():
                lines.append(_sentence(row, c.alpha, c.correction, len(rows)))
            lines.append("")
        for fig in c.figures.get(outcome, []):
            if fig.suffix == ".png":
                lines += [f"![{outcome}: {fig.stem.split('_')[0]}](figures/{fig.name})", ""]
    lines += _sufficiency_section(c)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _sufficiency_section(c: Comparison) -> list[str]:
    suff = c.sufficiency
    lines = [
        "## Are there enough replicates?",
        "",
        f"A group's mean is pinned down when the half-width of its 95% confidence interval is "
        f"at most {c.precision:.0%} of the mean. Half-widths shrink with the square root of the "
        f"number of replicates, which gives the number each group would need.",
        "",
    ]
    short = suff[~suff["sufficient"].astype(bool)]
    if not len(short):
        lines += ["All groups reach that precision for every outcome.", ""]
    else:
        worst = short.dropna(subset=["replicates_needed"])
        need = int(worst["replicates_needed"].max()) if len(worst) else None
        lines += [
            f"{len(short)} of {len(suff)} group × outcome cells fall short"
            + (f"; the most demanding needs about {need} replicates." if need else "."),
            "(A mean near zero makes a relative precision meaningless: such cells show –.)",
            "",
        ]
        shown = short[["outcome", "group", "n", "relative_half_width", "replicates_needed"]]
        lines += [markdown_table(shown), ""]
    return lines


def write_sensitivity_report(
    name: str, method: str, table: pd.DataFrame, figures: dict[str, list[Path]], path: Path, notes: list[str]
) -> Path:
    """Write sensitivity.md: what the indices mean, the table per outcome and its figure."""
    explain = {
        "morris": "Morris elementary effects: μ* (mean absolute effect) ranks how much a factor "
        "moves the outcome; σ large relative to μ* means its effect depends on the "
        "other factors (interactions or non-linearity). Confidence intervals of μ* "
        "are bootstrap intervals from SALib.",
        "sobol": "Sobol indices: S1 is the share of the outcome's variance a factor explains "
        "alone; ST adds all its interactions. ST − S1 large means interactions "
        "matter; a factor with ST near 0 can be fixed at any value in its range. "
        "Confidence intervals are SALib's bootstrap intervals (95%).",
        "spearman": "Spearman rank correlations between each factor and the outcome over the "
        "design points, with 95% confidence intervals (Fisher transform).",
    }[method]
    lines = [f"# Sensitivity analysis: {name}", "", explain, "", *notes]
    for outcome, part in table.groupby("outcome", sort=False):
        lines += [f"## {outcome}", "", markdown_table(part.drop(columns=["outcome"])), ""]
        for fig in figures.get(outcome, []):
            if fig.suffix == ".png":
                lines += [f"![{outcome}](figures/{fig.name})", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
