"""Results over time: the daily series of a finished run or experiment, by factor, with 95% bands.

:func:`series_table` is the one table behind the chart, the CSV and the SVG, so a download always
holds exactly what is shown: for each group (a value of the chosen factor, or all runs) and day,
the mean over the group's runs and the 95% t-interval of that mean (:func:`sim.analysis.stats.band`;
no width with one run).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sim.analysis.design_points import runs_start_date
from sim.analysis.stats import band
from sim.dashboard import time_axis
from sim.dashboard.charts import COLOURS, _layout, _rgba
from sim.dashboard.i18n import outcome_name, pick, tr
from sim.dashboard.results_io import Experiment

NOT_OUTCOMES = ("run_id", "step", "point", "replicate", "seed")
COLUMNS = ("group", "step", "mean", "ci_low", "ci_high", "runs")


def series_outcomes(exp: Experiment) -> list[str]:
    """The daily outcomes an experiment's time series holds (numeric columns other than ids)."""
    ts = exp.timeseries
    if ts is None or "step" not in ts:
        return []
    return [c for c in ts.columns if c not in NOT_OUTCOMES and pd.api.types.is_numeric_dtype(ts[c])
            and not pd.api.types.is_bool_dtype(ts[c])]


def series_table(exp: Experiment, factor: str | None, outcome: str) -> pd.DataFrame:
    """Mean and 95% band of ``outcome`` on each day, for each value of ``factor`` (or all runs).

    Only runs that finished (those in ``exp.runs``) count.

    Returns:
        Columns ``group``, ``step``, ``mean``, ``ci_low``, ``ci_high``, ``runs`` (how many runs
        have a value that day); empty when the experiment has no such series.
    """
    ts = exp.timeseries
    if ts is None or outcome not in series_outcomes(exp):
        return pd.DataFrame(columns=list(COLUMNS))
    frame = ts[["run_id", "step", outcome]].copy() if "run_id" in ts else ts[["step", outcome]].assign(run_id=0)
    frame["run_id"] = frame["run_id"].astype(str)
    runs = exp.runs.assign(run_id=exp.runs["run_id"].astype(str)) if "run_id" in exp.runs else None
    if runs is not None:
        keep = ["run_id", factor] if factor else ["run_id"]
        frame = frame.merge(runs[keep], on="run_id", how="inner")
    frame["group"] = frame[factor].astype(str) if factor and factor in frame else tr("no_factor")
    parts = []
    for group, rows in frame.groupby("group", sort=True):
        matrix = rows.pivot_table(index="run_id", columns="step", values=outcome, aggfunc="first")
        mean, low, high = band(matrix.to_numpy(dtype=float))
        parts.append(pd.DataFrame({"group": group, "step": matrix.columns.to_numpy(), "mean": mean, "ci_low": low,
                                   "ci_high": high, "runs": np.isfinite(matrix.to_numpy(dtype=float)).sum(axis=0)}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(COLUMNS))


def table_csv(table: pd.DataFrame, factor: str | None, outcome: str) -> str:
    """The shown table as CSV, its group column named by the factor and its values by the outcome."""
    named = table.rename(columns={"group": factor or "group", "mean": f"{outcome}_mean",
                                  "ci_low": f"{outcome}_ci_low", "ci_high": f"{outcome}_ci_high"})
    return named.to_csv(index=False)


def start_date(exp: Experiment) -> dt.date | None:
    """The runs' day 0 (their scenario's ``start_date``), or None when the folder does not say.

    Read from the runs' ``start_date`` column, else from the dates of the time series (row
    ``step`` is dated ``start_date + step − 1``, :func:`sim.runs.timeseries_frame`: a single run's
    folder), else from the scenarios an experiment's manifest rebuilds
    (:func:`sim.analysis.design_points.runs_start_date`).
    """
    if "start_date" in exp.runs and len(exp.runs):
        try:
            return dt.date.fromisoformat(str(exp.runs["start_date"].iloc[0]))
        except ValueError:
            return None
    ts = exp.timeseries
    if ts is not None and {"date", "step"} <= set(ts.columns) and len(ts):
        first = ts.loc[ts["step"].idxmin()]
        return (pd.Timestamp(first["date"]) - pd.Timedelta(days=int(first["step"]) - 1)).date()
    return runs_start_date(exp.manifest, exp.runs)


def over_time_figure(table: pd.DataFrame, factor: str | None, outcome: str, language: str | None = None,
                     start: dt.date | None = None) -> go.Figure:
    """Lines of the mean and shaded 95% bands, one colour per group, from :func:`series_table`.

    With the runs' ``start`` date the time axis shows dates (hovering shows the day too), else days.
    """
    fig = go.Figure()
    for i, (group, rows) in enumerate(table.groupby("group", sort=False)):
        colour = COLOURS[i % len(COLOURS)]
        name = f"{factor} = {group}" if factor else str(group)
        steps = rows["step"].to_numpy()
        days = time_axis.date_text(start, steps) if start else steps.tolist()
        fig.add_trace(go.Scatter(x=days + days[::-1],
                                 y=np.concatenate([rows["ci_high"].to_numpy(), rows["ci_low"].to_numpy()[::-1]]),
                                 fill="toself", fillcolor=_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip",
                                 showlegend=False, name=f"{name} CI"))
        fig.add_trace(go.Scatter(x=days, y=rows["mean"].to_numpy(), mode="lines", name=name, customdata=steps,
                                 line={"color": colour, "width": 2},
                                 hovertemplate=time_axis.hover(language) if start else None))
    if start:
        time_axis.date_axis(fig, start, language)
    else:
        fig.update_xaxes(title_text=pick(("天", "day"), language))
    fig.update_yaxes(title_text=outcome_name(outcome, language))
    return _layout(fig, 400, tr("over_time", language))


def table_svg(table: pd.DataFrame, factor: str | None, outcome: str, language: str | None = None,
              start: dt.date | None = None) -> str:
    """The chart of :func:`over_time_figure` as a standalone SVG picture (drawn here, no browser needed).

    With the runs' ``start`` date the time axis is labelled by dates, else by days.
    """
    width, height, left, right, top, bottom = 820, 420, 70, 190, 40, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = table["step"].to_numpy(dtype=float)
    values = table[["mean", "ci_low", "ci_high"]].to_numpy(dtype=float)
    x0, x1 = (steps.min(), steps.max()) if len(steps) else (0.0, 1.0)
    finite = values[np.isfinite(values)]
    y0, y1 = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
    x1, y1 = (x1 if x1 > x0 else x0 + 1), (y1 if y1 > y0 else y0 + 1)

    def sx(x):
        return left + (x - x0) / (x1 - x0) * plot_w

    def sy(y):
        return top + (1 - (y - y0) / (y1 - y0)) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15">{escape(tr("over_time", language))}</text>',
           f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    for x in np.linspace(x0, x1, 5):
        tick = time_axis.date_text(start, [round(x)])[0] if start else f"{x:.0f}"
        out.append(f'<text x="{sx(x):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{tick}</text>')
    for y in np.linspace(y0, y1, 5):
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.3g}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle">'
               f'{escape(pick(("日期", "date") if start else ("天", "day"), language))}</text>')
    out.append(f'<text transform="translate(16 {top + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f'{escape(outcome_name(outcome, language))}</text>')
    for i, (group, rows) in enumerate(table.groupby("group", sort=False)):
        colour = COLOURS[i % len(COLOURS)]
        ok = rows[np.isfinite(rows[["mean", "ci_low", "ci_high"]].to_numpy(dtype=float)).all(axis=1)]
        upper = [f"{sx(s):.1f},{sy(v):.1f}" for s, v in zip(ok["step"], ok["ci_high"], strict=True)]
        lower = [f"{sx(s):.1f},{sy(v):.1f}" for s, v in zip(ok["step"], ok["ci_low"], strict=True)]
        line = [f"{sx(s):.1f},{sy(v):.1f}" for s, v in zip(ok["step"], ok["mean"], strict=True)]
        out.append(f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{colour}" fill-opacity="0.18"/>')
        out.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        name = f"{factor} = {group}" if factor else str(group)
        ly = top + 10 + 18 * i
        out.append(f'<line x1="{left + plot_w + 12}" x2="{left + plot_w + 32}" y1="{ly}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{left + plot_w + 38}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
