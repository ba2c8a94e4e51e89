"""Plotly figures for the dashboard.

They are drawn in the visitor's browser (Chinese text uses the visitor's fonts) from the plotly.js
that ships inside the Python package: no CDN.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.analysis.stats import band, mean_ci
from sim.dashboard import time_axis
from sim.dashboard.i18n import COMPOUND_TYPE_NAMES, node_name, outcome_name, pick, tr

FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Roboto, sans-serif"
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
EXPLORE_PANELS = (
    ("issues_open", "backlog_community", "backlog_department", "backlog_city"),
    ("satisfaction_mean", "trust_mean"),
    ("resolution_rate", "resolved_within_7_days"),
    ("community_admin_share", "participation_rate"),
)
PANEL_TITLES = ("panel_backlog", "panel_residents", "panel_resolution", "panel_community")
# one colour per line of the Explore charts (Tableau 10 without its grey, then a light blue of Tableau 20)
PANEL_WIDTH = 500  # px per panel: two side by side fit beside the sidebar on a 1400 px screen
CITY_WIDTH = 600  # px: the city picture leaves room for the follow panel beside it
LINE_COLOURS = ("#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                "#aec7e8")


def _layout(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 50, "r": 20, "t": 50 if title else 30, "b": 40},
        font={"family": FONT, "size": 12},
        title=title,
        template=None,
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
        uirevision="keep",
    )
    fig.update_xaxes(gridcolor="#eee", linecolor="#999", zeroline=False)
    fig.update_yaxes(gridcolor="#eee", linecolor="#999", zeroline=False)
    return fig



def ci_error_bars(cis: list[tuple[float, float, float]]) -> dict:
    """Plotly error bars from (mean, low, high) triples."""
    return {"type": "data", "symmetric": False, "array": [c[2] - c[0] for c in cis],
            "arrayminus": [c[0] - c[1] for c in cis]}

def explore_timeseries(language: str | None = None, days: int = 365,
                       reforms: tuple[tuple[int, str], ...] = (), *,
                       start: dt.date) -> tuple[go.Figure, list[str]]:
    """Four empty panels of the main outcomes over ``days`` days, and the column each line shows.

    The time axes show dates, ``start`` being day 0 (:mod:`sim.dashboard.time_axis`; hovering shows
    the day too).  ``reforms`` are (day, label) pairs, a dashed line at its date in each panel (labelled in the first).

    Each panel has a legend of its own above its plot, headed by what the panel shows, with one
    line per row (so no legend runs into its neighbour); every line has a colour of its own (no
    colour means two things on the page).  The day axis spans the whole run (the lines grow from
    the left, and an empty chart has sensible axes), shares are drawn on a fixed 0–1 axis, the
    backlog from zero.  The Explore page builds this once and then only replaces the lines' data each
    frame: building a figure takes far longer than a frame, and one figure is redrawn by the
    browser much faster than four.
    """
    fig = make_subplots(rows=2, cols=2, vertical_spacing=0.3, horizontal_spacing=0.1)
    _layout(fig, 700)
    columns: list[str] = []
    for i, (title, panel) in enumerate(zip(PANEL_TITLES, EXPLORE_PANELS, strict=True)):
        row, col = i // 2 + 1, i % 2 + 1
        legend = "legend" if i == 0 else f"legend{i + 1}"
        for column in panel:
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="lines",
                    name=outcome_name(column, language),
                    legend=legend,
                    line={"color": LINE_COLOURS[len(columns)], "width": 2},
                    hovertemplate=time_axis.hover(language),
                ),
                row=row,
                col=col,
            )
            columns.append(column)
        axis = "" if i == 0 else str(i + 1)
        fig.update_layout(
            {
                legend: {
                    "title": {"text": f"<b>{tr(title, language)}</b>", "font": {"size": 13}},
                    "orientation": "v",
                    "x": fig.layout[f"xaxis{axis}"].domain[0],
                    "xanchor": "left",
                    "y": fig.layout[f"yaxis{axis}"].domain[1] + 0.01,
                    "yanchor": "bottom",
                    "font": {"size": 11},
                    "bgcolor": "rgba(255,255,255,0)",
                }
            }
        )
        if title == "panel_backlog":  # counts of issues, from zero up to what the data reach
            fig.update_yaxes(rangemode="tozero", row=row, col=col)
        else:
            fig.update_yaxes(range=[0, 1], row=row, col=col)
        time_axis.date_axis(fig, start, language, days, title_standoff=2, row=row, col=col)
        _mark_reforms(fig, start, reforms, row, col, labelled=i == 0)
    fig.update_layout(width=2 * PANEL_WIDTH, margin={"l": 45, "r": 15, "t": 100, "b": 40})
    return fig, columns


def _mark_reforms(fig: go.Figure, start: dt.date, reforms, row: int, col: int, labelled: bool) -> None:
    """A dashed line at each reform's date in one panel (with its label if ``labelled``)."""
    for day, label in reforms:
        fig.add_vline(x=time_axis.day_x(start, day), line={"dash": "dash", "color": "#555", "width": 1}, row=row,
                      col=col, annotation_text=label if labelled else None, annotation_position="top left",
                      annotation_font_size=10)


def reform_marks(model, language: str | None = None) -> tuple[tuple[int, str], ...]:
    """The (day, label) of each reform of a run's scenario, for :func:`explore_timeseries`."""
    config = model.initial_config
    marks = []
    for day, reform in zip(model.reforms.days, config.reforms, strict=True):
        name = reform.name or pick(("改革", "reform"), language)
        marks.append((day, f"{name} {config.day_date(day).isoformat()}"))
    return tuple(marks)


def sankey(flows: dict, language: str | None = None) -> go.Figure:
    """The flow of issues between levels: one link per (source, target) edge with its count.

    A link from a level to itself (a department passing an issue to another department) is drawn
    to a separate node so the diagram stays a left-to-right flow.  Without any flow yet the
    figure is empty.
    """
    edges = []
    for (source, target), count in flows.items():
        if count <= 0:
            continue
        if source == target:
            target = f"{target}*"
        edges.append((str(source), str(target), float(count)))
    if not edges:  # plotly.js fails on a Sankey without links: an empty chart instead
        return _layout(go.Figure(), 380)
    nodes = sorted({n for s, t, _ in edges for n in (s, t)}, key=_node_order)
    index = {n: i for i, n in enumerate(nodes)}
    labels = [node_name(n.rstrip("*"), language) + (" ↔" if n.endswith("*") else "") for n in nodes]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 18, "thickness": 16},
            link={
                "source": [index[s] for s, _, _ in edges],
                "target": [index[t] for _, t, _ in edges],
                "value": [c for _, _, c in edges],
            },
        )
    )
    return _layout(fig, 380)


def _node_order(name: str) -> int:
    order = ["raised", "compound", "community", "street", "department", "department*", "city", "city*",
             "resolved", "abandoned", "unresolved", "open"]
    return order.index(name) if name in order else len(order)


def _city_boxes(compounds: pd.DataFrame, colour_by: str, language: str | None) -> tuple[list, ...]:
    """The treemap's boxes (street, community, compound): ids, parents, labels, sizes, colours, hovers."""
    ids, parents, labels, values, colours, hover = [], [], [], [], [], []
    street_word, community_word = pick(("街道", "street"), language), pick(("社區", "community"), language)
    for street, s_rows in compounds.groupby("street", sort=True):
        s_id = f"s{street}"
        ids.append(s_id)
        parents.append("")
        labels.append(f"{street_word} {street}")
        values.append(float(s_rows["residents"].sum()))
        colours.append(float(np.average(s_rows[colour_by], weights=s_rows["residents"] + 1e-9)))
        hover.append("")
        for community, c_rows in s_rows.groupby("community", sort=True):
            c_id = f"c{community}"
            ids.append(c_id)
            parents.append(s_id)
            labels.append(f"{community_word} {community}")
            values.append(float(c_rows["residents"].sum()))
            colours.append(float(np.average(c_rows[colour_by], weights=c_rows["residents"] + 1e-9)))
            hover.append("")
            for row in c_rows.itertuples():
                ids.append(f"k{row.compound}")
                parents.append(c_id)
                kind = pick(COMPOUND_TYPE_NAMES.get(row.type, (row.type, row.type)), language)
                labels.append(f"{row.compound} {kind}")
                values.append(float(row.residents))
                colours.append(float(getattr(row, colour_by)))
                hover.append(
                    f"{tr('city_residents', language)} {row.residents}<br>"
                    f"{tr('city_backlog', language)} {row.backlog}<br>"
                    f"{tr('city_satisfaction', language)} {row.satisfaction:.2f}"
                )
    return ids, parents, labels, values, colours, hover


def city_treemap(
    compounds: pd.DataFrame, colour_by: str, language: str | None = None, followed: int | None = None
) -> go.Figure:
    """Streets → communities → compounds as nested boxes sized by residents, coloured by a value.

    Box ids are ``s<street>``, ``c<community>`` and ``k<compound>`` (a click names the box by
    its id); the ``followed`` compound, if any, gets a thick outline.
    """
    ids, parents, labels, values, colours, hover = _city_boxes(compounds, colour_by, language)
    scale = "Reds" if colour_by == "backlog" else "RdYlGn"
    # A backlog counts issues, so its scale starts at zero; satisfaction is a 0–1 share.
    top = max(1.0, float(compounds[colour_by].max())) if colour_by == "backlog" else 1.0
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            parents=parents,
            labels=labels,
            values=values,
            branchvalues="total",
            marker={
                "colors": colours,
                "colorscale": scale,
                "showscale": True,
                "cmin": 0.0,
                "cmax": top,
                "colorbar": {"title": {"text": tr(f"city_{colour_by}", language)}},
                "line": {
                    "color": ["#111" if i == f"k{followed}" else "#fff" for i in ids],
                    "width": [4 if i == f"k{followed}" else 1 for i in ids],
                },
            },
            customdata=hover,
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            maxdepth=3,
        )
    )
    _layout(fig, 420)
    fig.update_layout(width=CITY_WIDTH)
    return fig


def resident_history(history, language: str | None = None) -> go.Figure:
    """One followed resident's satisfaction and trust over the days they were followed.

    Args:
        history: (day, satisfaction, trust) triples.
        language: "zh" or "en" (default: the session's).

    Returns:
        A small line chart on a 0–1 axis.
    """
    days = [h[0] for h in history]
    fig = go.Figure()
    for i, name in enumerate(("satisfaction", "trust")):
        fig.add_trace(
            go.Scatter(
                x=days,
                y=[h[i + 1] for h in history],
                mode="lines",
                name=outcome_name(name, language),
                line={"color": LINE_COLOURS[3 + i], "width": 2},
            )
        )
    fig.update_yaxes(range=[0, 1])
    fig.update_xaxes(title_text=pick(("天", "day"), language), title_standoff=4)
    _layout(fig, 220)
    fig.update_layout(
        width=380, margin={"l": 40, "r": 10, "t": 10, "b": 40}, legend={"orientation": "h", "y": 1.15, "x": 0}
    )
    return fig


def bands_figure(series: dict[str, np.ndarray], outcome: str, language: str | None = None,
                 reforms: tuple[tuple[int, str], ...] = (), *, start: dt.date) -> go.Figure:
    """Mean and 95% band over time of one outcome, one colour per scenario (replicates × days).

    The time axis shows dates, ``start`` being day 0 (:mod:`sim.dashboard.time_axis`).  ``reforms``
    are (day, label) pairs, each marked by a dashed, labelled line at its date.
    """
    fig = go.Figure()
    for i, (label, matrix) in enumerate(series.items()):
        mean, lo, hi = band(matrix)
        line = time_axis.dated_line(start, mean)
        days = line["x"]
        colour = COLOURS[i % len(COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=days + days[::-1],
                y=np.concatenate([hi, lo[::-1]]),
                fill="toself",
                fillcolor=_rgba(colour, 0.18),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                name=f"{label} CI",
            )
        )
        fig.add_trace(go.Scatter(**line, mode="lines", name=label, line={"color": colour, "width": 2},
                                 hovertemplate=time_axis.hover(language)))
    for day, label in reforms:
        fig.add_vline(x=time_axis.day_x(start, day), line={"dash": "dash", "color": "#555", "width": 1},
                      annotation_text=label, annotation_position="top left", annotation_font_size=10)
    time_axis.date_axis(fig, start, language)
    fig.update_yaxes(title_text=outcome_name(outcome, language))
    return _layout(fig, 380, tr("bands_title", language))


def bars_figure(
    finals: dict[str, dict[str, np.ndarray]],
    outcomes: list[str],
    significant: dict[tuple[str, str], bool],
    language: str | None = None,
) -> go.Figure:
    """Final outcomes per scenario with 95% CI error bars; ``*`` over bars that differ from A."""
    fig = make_subplots(rows=1, cols=len(outcomes), subplot_titles=[outcome_name(o, language) for o in outcomes])
    labels = list(finals)
    for col, outcome in enumerate(outcomes, start=1):
        cis = [mean_ci(finals[label][outcome]) for label in labels]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[c[0] for c in cis],
                error_y=ci_error_bars(cis),
                marker_color=[COLOURS[i % len(COLOURS)] for i in range(len(labels))],
                text=["*" if significant.get((label, outcome)) else "" for label in labels],
                textposition="outside",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    fig.update_annotations(font_size=11)
    return _layout(fig, 360, tr("bars_title", language))


def factor_figure(runs: pd.DataFrame, factor: str | None, outcome: str, language: str | None = None) -> go.Figure:
    """Mean of ``outcome`` with a 95% bootstrap CI for each value of ``factor`` (or overall)."""
    groups = list(runs.groupby(factor, sort=True)[outcome]) if factor else [(tr("no_factor", language), runs[outcome])]
    xs = [str(v) for v, _ in groups]
    cis = [mean_ci(g.to_numpy()) for _, g in groups]
    numeric = factor is not None and pd.api.types.is_numeric_dtype(runs[factor])
    trace = go.Scatter if numeric and len(groups) > 2 else go.Bar
    fig = go.Figure(
        trace(
            x=[v for v, _ in groups] if trace is go.Scatter else xs,
            y=[c[0] for c in cis],
            error_y=ci_error_bars(cis),
            **({"mode": "lines+markers"} if trace is go.Scatter else {}),
        )
    )
    fig.update_xaxes(title_text=factor or "")
    fig.update_yaxes(title_text=outcome_name(outcome, language))
    return _layout(fig, 380)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
