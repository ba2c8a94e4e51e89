"""The optimisation's report: the front as a table, two figures and its trade-offs in plain words.

``report.md`` holds the table of packages (lever values, objective means with 95% CIs, cost), the
sentence for each pair of neighbouring packages and, when asked, each package's worst case and
regret; ``report.html`` holds the same with the front as parallel coordinates and as a scatter of
the first two objectives (Plotly, its script embedded, so the page works offline).
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from sim.core.outcomes import OUTCOMES
from sim.experiments.optimise.front import Front
from sim.experiments.optimise.spec import COST_OUTCOMES, Optimisation
from sim.scenario.levers import LEVER_BY_KEY


def num(value: float) -> str:
    """A number for a sentence: thousands separated above 100, three significant digits below."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def label(name: str) -> str:
    """An outcome's English label (its name when the registry does not know it)."""
    outcome = OUTCOMES.get(name)
    return outcome.label[1] if outcome else name


def _change(name: str, diff: float, lo: float, hi: float) -> str:
    ci = f"(95% CI {num(lo)} to {num(hi)})" if num(lo) != num(hi) else ""
    if name in COST_OUTCOMES.values():
        unit = "staff-hours" if "staff_hours" in name else "yuan"
        more = "more" if diff >= 0 else "fewer" if unit == "staff-hours" else "less"
        return f"{num(abs(diff))} {more} {unit} a year {ci}".rstrip()
    if lo <= 0 <= hi:
        return f"leaves {label(name)} about the same ({num(diff)}{', ' + ci[1:-1] if ci else ''})"
    return f"{'raises' if diff > 0 else 'lowers'} {label(name)} by {num(abs(diff))} {ci}"


def tradeoff_sentences(front: Front) -> list[str]:
    """One sentence per pair of neighbouring packages, costs first, from the paired differences."""
    sentences = []
    for (a, b), rows in front.tradeoffs.groupby(["from", "to"], sort=True):
        costs = [_change(r.outcome, r.diff, r.lo, r.hi) for r in rows.itertuples()
                 if r.outcome in COST_OUTCOMES.values()]
        effects = [_change(r.outcome, r.diff, r.lo, r.hi) for r in rows.itertuples()
                   if r.outcome not in COST_OUTCOMES.values()]
        sentences.append(f"Moving from package {a} to package {b} costs {' and '.join(costs)}; it "
                         f"{'; '.join(effects)}.")
    return sentences


def package_table(front: Front, optimisation: Optimisation) -> pd.DataFrame:
    """The front for reading: lever values, then each reported outcome as ``mean [lo, hi]``."""
    table = front.table
    shown = pd.DataFrame({"package": table["package"]})
    for key in optimisation.lever_keys:
        shown[f"{key} ({LEVER_BY_KEY[key].term.split(' ')[0]})"] = table[key].map(lambda v: f"{v:.3g}")
    for name in front.outcomes:
        shown[label(name)] = [f"{num(m)} [{num(lo)}, {num(hi)}]" for m, lo, hi in
                              zip(table[f"{name}_mean"], table[f"{name}_lo"], table[f"{name}_hi"], strict=True)]
    shown["within budget and bounds"] = table["within_bounds"].map({True: "yes", False: "no"})
    shown["beaten after re-evaluation"] = table["dominated"].map({True: "yes", False: "no"})
    return shown


def _markdown_table(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _robust_lines(robust: pd.DataFrame | None) -> list[str]:
    if robust is None or robust.empty:
        return []
    shown = robust.assign(objective=robust["objective"].map(label))
    for column in ("mean", "worst", "max_regret"):
        shown[column] = shown[column].map(num)
    lines = ["", "## Robustness: worst case and regret across uncertain parameters", "",
             "Each package ran with every sample of the uncertain parameters. *worst*: its mean in the sample "
             "least kind to it; *max_regret*: the most it falls behind the best package of the front in any one "
             "sample (0 = never behind).", "", _markdown_table(shown)]
    for name, rows in robust.groupby("objective", sort=False):
        best = rows.loc[rows["max_regret"].idxmin()]
        lines.append(f"\nOn {label(name)} package {int(best['package'])} has the smallest largest regret "
                     f"({num(best['max_regret'])}).")
    return lines


def markdown(optimisation: Optimisation, front: Front, robust: pd.DataFrame | None) -> str:
    """The report as markdown."""
    spec = optimisation.spec
    objectives = ", ".join(f"{label(n)} ({d})" for n, d in spec.objectives.items())
    budget = ", ".join(f"{k.replace('_', ' ')} ≤ {num(v)}" for k, v in spec.budget.model_dump().items()
                       if v is not None) or "none"
    lines = [f"# Reform packages: {optimisation.name}", "", spec.description, "",
             f"Scenario `{optimisation.base.name}`, {optimisation.steps} days, the package adopted on day "
             f"{spec.reform_day}. Objectives: {objectives}. Budget: {budget}. NSGA-II with {spec.population} "
             f"candidates × {spec.generations} generations, {spec.replicates} runs each (the same seeds for all); "
             f"the {len(front.table)} packages of the final front re-run {spec.final_replicates} times with "
             f"fresh seeds — the figures below are from those runs only (means, 95% bootstrap intervals).", "",
             "## The packages", "", _markdown_table(package_table(front, optimisation)), "",
             "## Trade-offs between neighbouring packages (ordered by staff-hours)", "",
             "Between the packages no other beats once re-evaluated; differences are paired (the same seeds).", "",
             *[f"- {s}" for s in tradeoff_sentences(front)], *_robust_lines(robust), ""]
    return "\n".join(lines)


def figures(optimisation: Optimisation, front: Front) -> list[str]:
    """The parallel coordinates and the scatter of the first two objectives, as HTML fragments."""
    import plotly.graph_objects as go

    table = front.table
    dims = [{"label": key, "values": table[key]} for key in optimisation.lever_keys]
    dims += [{"label": label(n), "values": table[f"{n}_mean"]} for n in front.outcomes]
    parallel = go.Figure(go.Parcoords(line={"color": table["package"], "colorscale": "Viridis"}, dimensions=dims))
    parallel.update_layout(title="The front: each line a package (lever values, then outcome means)")
    x, y = list(optimisation.spec.objectives)[:2]
    scatter = go.Figure(go.Scatter(
        x=table[f"{x}_mean"], y=table[f"{y}_mean"], mode="markers+text", text=table["package"].astype(str),
        textposition="top center",
        error_x={"type": "data", "symmetric": False, "array": table[f"{x}_hi"] - table[f"{x}_mean"],
                 "arrayminus": table[f"{x}_mean"] - table[f"{x}_lo"]},
        error_y={"type": "data", "symmetric": False, "array": table[f"{y}_hi"] - table[f"{y}_mean"],
                 "arrayminus": table[f"{y}_mean"] - table[f"{y}_lo"]}))
    scatter.update_layout(title="Two objectives (95% CIs)", xaxis_title=label(x), yaxis_title=label(y))
    return [parallel.to_html(full_html=False, include_plotlyjs=True),
            scatter.to_html(full_html=False, include_plotlyjs=False)]


def to_html(text: str) -> str:
    """The report's markdown as HTML: headings, paragraphs, list items and tables (all it uses)."""
    out = []
    for block in text.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            out.append(f"<h{level}>{html.escape(block.lstrip('#').strip())}</h{level}>")
        elif block.startswith("|"):
            rows = [line.strip("|").split("|") for line in block.splitlines() if not line.startswith("|---")]
            cells = [["<th>" if i == 0 else "<td>", cell.strip()] for i, row in enumerate(rows) for cell in row]
            width = len(rows[0])
            lines = ["".join(f"{tag}{html.escape(c)}{tag.replace('<', '</')}" for tag, c in cells[i:i + width])
                     for i in range(0, len(cells), width)]
            out.append("<table>" + "".join(f"<tr>{line}</tr>" for line in lines) + "</table>")
        elif block.startswith("- "):
            out.append("<ul>" + "".join(f"<li>{html.escape(line[2:])}</li>" for line in block.splitlines()) + "</ul>")
        else:
            out.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(out)


def write_report(out: Path, optimisation: Optimisation, front: Front, robust: pd.DataFrame | None) -> tuple[Path, Path]:
    """Write ``report.md`` and the self-contained ``report.html``; returns their paths."""
    text = markdown(optimisation, front, robust)
    md = out / "report.md"
    md.write_text(text, encoding="utf-8")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;font-size:90%}"
             "td,th{border:1px solid #ccc;padding:2px 6px}")
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(optimisation.name)}</title>"
            f"<style>{style}</style></head><body>{to_html(text)}{''.join(figures(optimisation, front))}"
            f"</body></html>")
    page_path = out / "report.html"
    page_path.write_text(page, encoding="utf-8")
    return md, page_path
