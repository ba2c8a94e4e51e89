"""The policy brief as one self-contained HTML page (charts inline as SVG), and as a PDF.

The page needs nothing from the internet: its style is inline, its two charts are SVG drawn by
matplotlib with their text kept as text (so the reader's or the PDF's CJK font sets Chinese
labels).  The PDF is that page printed by ``weasyprint`` (an optional dependency: the ``pdf``
extra), which embeds the fonts it uses.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from html import escape
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from sim.analysis import figures
from sim.analysis.brief import TRADE_OFFS, Arm, Brief, OutcomeResult
from sim.analysis.brief_text import CAVEATS, ODD_NOTE, outcome_label, pick, text
from sim.analysis.stats import band
from sim.core.outcomes import OUTCOMES

FEW_REPLICATES = 10
CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: "Noto Sans CJK TC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft JhengHei",
       "Microsoft YaHei", "PingFang TC", "PingFang SC", "DejaVu Sans", sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; max-width: 48em; margin: 1.5em auto; }
h1 { font-size: 18pt; margin-bottom: 0.1em; } h2 { font-size: 13pt; border-bottom: 1px solid #999;
     margin-top: 1.4em; page-break-after: avoid; }
.made { color: #555; margin-top: 0; } .note { color: #8a4b00; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eef1f5; } td.num { white-space: nowrap; } .ok { font-weight: 600; }
figure { margin: 1em 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #444; } code { font-size: 9pt; word-break: break-all; }
"""


def fmt(value: Any) -> str:
    """A number for reading: three significant digits, a dash when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    return str(value)


def render_html(brief: Brief, language: str) -> str:
    """The whole brief as one HTML page in ``language``.

    Args:
        brief: the brief's content (:func:`sim.analysis.brief.build_brief`).
        language: ``"zh"`` or ``"en"``.

    Returns:
        The page's text (UTF-8, no external resources).
    """
    name = escape(brief.source.name)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{"zh-Hant" if language == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(text('title', language, name=name))}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(text('title', language, name=name))}</h1>",
        f'<p class="made">{escape(text("made", language, date=brief.made.isoformat()))}</p>',
        *_question(brief, language),
        *_arms(brief, language),
        *_results(brief, language),
        *_charts(brief, language),
        *_caveats(language),
        *_provenance(brief, language),
        "</body></html>",
    ]
    return "\n".join(parts)


def _question(brief: Brief, language: str) -> list[str]:
    out = [f"<h2>{text('question_h', language)}</h2>",
           f"<p>{escape(text('question', language, ref=brief.reference.name))}</p>"]
    description = brief.source.description.strip()
    if description:
        out.append(f"<p>{escape(text('own_words', language))}<em>{escape(' '.join(description.split()))}</em></p>")
    return out


def _change_line(change, language: str) -> str:
    when = text("from_start", language) if change.since is None else text("from_date", language,
                                                                             date=change.since.isoformat())
    if change.ramp_days:
        when += text("ramp", language, days=change.ramp_days)
    line = text("lever_change", language, term=change.term, name=pick(change.name, language),
                old=fmt(change.old), new=fmt(change.new))
    return escape(f"{line} ({when})" if language == "en" else f"{line}（{when}）")


def _arm_cell(arm: Arm, is_reference: bool, language: str) -> str:
    lines = []
    if is_reference:
        lines.append(f"<strong>{escape(text('reference', language))}</strong>")
        if arm.changes:
            lines.append(escape(text("ref_reforms", language)))
    elif not arm.changes and not arm.others:
        lines.append(escape(text("same_as_ref", language)))
    lines += [_change_line(c, language) for c in arm.changes]
    lines += [escape(text("other_setting", language, setting=k, old=fmt(a), new=fmt(b))) for k, a, b in arm.others]
    return "<br>".join(lines)


def _arms(brief: Brief, language: str) -> list[str]:
    rows = []
    for arm in brief.arms:
        title = arm.scenario.title_zh if language == "zh" and arm.scenario.title_zh else arm.scenario.description
        scenario = f"{escape(text('scenario', language))}: <code>{escape(arm.scenario.name)}</code>"
        if title:
            scenario += f" — {escape(title)}"
        rows.append(f"<tr><td><strong>{escape(arm.name)}</strong><br>{scenario}</td>"
                    f"<td>{_arm_cell(arm, arm is brief.reference, language)}</td></tr>")
    intro = "arms_intro_vary" if brief.source.vary_city else "arms_intro"
    return [f"<h2>{text('arms_h', language)}</h2>",
            f"<p>{escape(text(intro, language, reps=brief.replicates, steps=brief.source.steps))}</p>",
            f"<table><tr><th>{text('col_arm', language)}</th><th>{text('col_levers', language)}"
            f"</th></tr>{''.join(rows)}</table>"]


def _difference_cell(row: OutcomeResult, arm: Arm) -> str:
    d = row.differences.get(arm.label)
    if d is None:
        return "—"
    cell = f"{fmt(d.diff)} [{fmt(d.diff_lo)}, {fmt(d.diff_hi)}]"
    if d.rel is not None:
        cell += f"<br>{100 * d.rel:+.1f}% [{100 * d.rel_lo:+.1f}%, {100 * d.rel_hi:+.1f}%]"
    return ("✔ " + cell) if d.significant else cell


def _outcome_table(brief: Brief, rows: list[OutcomeResult], language: str) -> str:
    head = (f"<tr><th>{text('col_outcome', language)}</th><th>{text('col_arm', language)}</th>"
            f"<th>{text('col_mean', language)}</th><th>{text('col_diff', language)}</th>"
            f"<th>{text('col_n', language)}</th></tr>")
    body = []
    for row in rows:
        for i, arm in enumerate(brief.arms):
            s = row.per_arm[arm.label]
            label = escape(outcome_label(row.outcome, language))
            first = f'<td rowspan="{len(brief.arms)}">{label}</td>' if i == 0 else ""
            diff = "—" if arm is brief.reference else _difference_cell(row, arm)
            body.append(f"<tr>{first}<td>{escape(arm.letter)}</td><td class='num'>{fmt(s['mean'])} "
                        f"[{fmt(s['ci_low'])}, {fmt(s['ci_high'])}]</td><td class='num'>{diff}</td>"
                        f"<td>{s['n']}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def verdict(row: OutcomeResult, arm: Arm, reference: Arm, language: str) -> str:
    """One sentence on how an arm differs from the reference on an outcome, with its interval.

    Args:
        row: the outcome's results.
        arm: the arm compared.
        reference: the reference arm.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The sentence, judged better or worse by the outcome's declared direction when significant.
    """
    d = row.differences[arm.label]
    fields = {"a": reference.letter, "b": arm.letter, "outcome": outcome_label(row.outcome, language)}
    if not math.isfinite(d.diff):
        return text("verdict_none", language, **fields)
    if not d.significant:
        return text("verdict_same", language, diff=f"{d.diff:+.3g}", lo=f"{d.diff_lo:+.3g}", hi=f"{d.diff_hi:+.3g}",
                    **fields)
    up = d.diff > 0
    better = OUTCOMES[row.outcome].higher_is_better if row.outcome in OUTCOMES else None
    judged = "" if better is None else text("better" if up == better else "worse", language)
    if d.rel is not None:
        lo, hi = sorted((abs(100 * d.rel_lo), abs(100 * d.rel_hi)))
        return text("verdict_more" if up else "verdict_less", language, pct=abs(100 * d.rel), lo=lo, hi=hi,
                    judged=judged, **fields)
    lo, hi = sorted((abs(d.diff_lo), abs(d.diff_hi)))
    return text("verdict_abs_more" if up else "verdict_abs_less", language, diff=f"{abs(d.diff):.3g}",
                lo=f"{lo:.3g}", hi=f"{hi:.3g}", judged=judged, **fields)


def _results(brief: Brief, language: str) -> list[str]:
    pairing = text("paired" if brief.paired else "unpaired", language)
    main = [r for r in brief.outcomes if r.outcome not in TRADE_OFFS]
    costs = [r for r in brief.outcomes if r.outcome in TRADE_OFFS]
    out = [f"<h2>{text('results_h', language)}</h2>",
           f"<p>{escape(text('results_intro', language, pairing=pairing))}</p>"]
    if brief.replicates < FEW_REPLICATES:
        out.append(f'<p class="note">{escape(text("few_reps", language, n=brief.replicates))}</p>')
    failed = sum(a.failed for a in brief.arms)
    if failed:
        out.append(f'<p class="note">{escape(text("failed_runs", language, n=failed))}</p>')
    if main:
        out.append(_outcome_table(brief, main, language))
    if costs:
        out += [f"<h2>{text('tradeoffs_h', language)}</h2>", f"<p>{escape(text('tradeoffs_intro', language))}</p>",
                _outcome_table(brief, costs, language)]
    out.append(f"<h2>{text('verdicts_h', language)}</h2><ul>")
    for arm in brief.arms[1:]:
        for row in brief.outcomes:
            cls = " class='ok'" if row.differences[arm.label].significant else ""
            out.append(f"<li{cls}>{escape(verdict(row, arm, brief.reference, language))}</li>")
    out.append("</ul>")
    return out


def _svg(fig: plt.Figure) -> str:
    """A figure as inline SVG text (fonts left to the reader), closed after drawing."""
    buffer = io.StringIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def difference_chart(brief: Brief, language: str) -> str | None:
    """SVG: each arm's relative difference from the reference per outcome, with its 95% interval.

    Args:
        brief: the brief's content.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The SVG text, or None when no outcome has a relative difference.
    """
    rows = [(r, arm) for r in brief.outcomes for arm in brief.arms[1:] if r.differences[arm.label].rel is not None]
    if not rows:
        return None
    figures.setup()
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(rows) + 1.2))
    colours = plt.get_cmap("tab10")
    for y, (row, arm) in enumerate(reversed(rows)):
        d = row.differences[arm.label]
        colour = colours(brief.arms.index(arm) % 10)
        ax.errorbar([100 * d.rel], [y], xerr=[[100 * (d.rel - d.rel_lo)], [100 * (d.rel_hi - d.rel)]], fmt="o",
                    color=colour, capsize=3, ms=5)
    ax.set_yticks(range(len(rows)),
                  [f"{outcome_label(r.outcome, language)} · {a.letter}" for r, a in reversed(rows)])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(text("chart_diff_x", language))
    return _svg(fig)


def start_date(brief: Brief) -> dt.date | None:
    """The arms' day 0 (their scenarios' ``start_date``), or None when the arms start on different days."""
    starts = {arm.scenario.start_date for arm in brief.arms}
    return starts.pop() if len(starts) == 1 else None


def band_chart(brief: Brief, language: str) -> str | None:
    """SVG: the first kept outcome's daily mean per arm with its 95% band (None if none was kept).

    The time axis shows the days' dates when all arms start on one date, else day numbers.

    Args:
        brief: the brief's content.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The SVG text, or None.
    """
    if not brief.bands:
        return None
    figures.setup()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    colours = plt.get_cmap("tab10")
    start = start_date(brief)
    for i, arm in enumerate(brief.arms):
        frame = brief.bands["arms"].get(arm.label)
        if frame is None:
            continue
        mean, low, high = band(frame.to_numpy(float))
        x = figures.time_x(frame.columns, start)
        ax.plot(x, mean, color=colours(i % 10), lw=2.2 if i == 0 else 1.4, label=arm.name)
        ax.fill_between(x, low, high, color=colours(i % 10), alpha=0.2, lw=0)
    figures.time_axis(ax, start, language)
    ax.set_ylabel(outcome_label(brief.bands["outcome"], language))
    ax.legend(fontsize="small", frameon=False)
    return _svg(fig)


def _charts(brief: Brief, language: str) -> list[str]:
    out = [f"<h2>{text('charts_h', language)}</h2>"]
    diff = difference_chart(brief, language)
    if diff:
        out.append(f"<figure>{diff}<figcaption>{escape(text('chart_diff', language))}</figcaption></figure>")
    bands = band_chart(brief, language)
    if bands:
        caption = text("chart_band", language, outcome=outcome_label(brief.bands["outcome"], language))
        out.append(f"<figure>{bands}<figcaption>{escape(caption)}</figcaption></figure>")
    return out if len(out) > 1 else []


def _caveats(language: str) -> list[str]:
    items = "".join(f"<li>{escape(pick(c, language))}</li>" for c in CAVEATS)
    return [f"<h2>{text('caveats_h', language)}</h2><ul>{items}</ul><p>{escape(pick(ODD_NOTE, language))}</p>"]


def _provenance(brief: Brief, language: str) -> list[str]:
    p, source = brief.source.provenance, brief.source
    versions = p.versions
    if p.kind == "compare":
        design = text("prov_compare", language, base=p.base, points=len(brief.arms), reps=source.replicates,
                      steps=source.steps)
        seed = text("prov_compare_seed", language, seed=p.seed)
    else:
        design = text("prov_design", language, name=source.name, base=p.base, points=len(brief.arms),
                      reps=source.replicates, steps=source.steps)
        seed = text("prov_seed", language, seed=p.seed, seeding=p.seeding)
    hashes = {True: "prov_hash_ok", False: "prov_hash_changed", None: "prov_hash_ran"}[p.hashes_verified]
    facts = [
        text("prov_version", language, sim=versions.get("sim"), python=versions.get("python"),
             mesa=versions.get("mesa")),
        text("prov_commit", language, commit=p.git.get("commit") or "?",
             dirty=text("prov_dirty", language) if p.git.get("dirty") else ""),
        design, seed,
        text("prov_dates", language, start=p.started, end=p.ended),
        *([text("prov_identity", language, identity=p.identity)] if p.identity else []),
        text(hashes, language),
    ]
    if p.reproduce:
        facts.append(text("reproduce", language, command=p.reproduce))
    elif p.kind == "compare":
        facts.append(text("prov_compare_reproduce", language, reps=source.replicates, steps=source.steps))
    rows = "".join(f"<tr><td>{escape(a.name)}</td><td><code>{a.scenario_hash}</code></td>"
                   f"<td><code>{', '.join(map(str, a.seeds))}</code></td></tr>" for a in brief.arms)
    return [f"<h2>{text('provenance_h', language)}</h2><ul>",
            *(f"<li>{escape(f)}</li>" for f in facts), "</ul>",
            f"<table><tr><th>{text('col_arm', language)}</th><th>{text('col_hash', language)}</th>"
            f"<th>{text('col_seeds', language)}</th></tr>{rows}</table>"]


def write_pdf(html: str, path: Path) -> Path:
    """Print the brief's HTML to a PDF with weasyprint.

    Args:
        html: the page from :func:`render_html`.
        path: the PDF to write.

    Returns:
        ``path``.

    Raises:
        ImportError: weasyprint is not installed (``pip install 'shiyu-sim[pdf]'``).
    """
    import weasyprint

    weasyprint.HTML(string=html).write_pdf(str(path))
    return path
