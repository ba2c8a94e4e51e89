"""The Options page's two figures of a search's front: a scatter of two objectives and parallel coordinates."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from sim.dashboard.i18n import outcome_name, tr
from sim.dashboard.levers import LEVER_BY_KEY
from sim.dashboard.options_io import Search

SHOWN, HIDDEN, CHOSEN = "#8b1a1a", "#d0d0d0", "#1f5fbf"


def scatter_figure(search: Search, x: str, y: str, keep: np.ndarray, chosen: int | None,
                   language: str | None = None) -> go.Figure:
    """Two outcomes' means with their 95% intervals, one point per package; filtered-out packages greyed.

    Args:
        search: the search.
        x: the outcome on the horizontal axis.
        y: the outcome on the vertical axis.
        keep: which packages the filters keep.
        chosen: the selected package's number (drawn in blue), or None.
        language: "zh" or "en" (default: the session's).
    """
    front = search.front
    colours = [CHOSEN if int(p) == chosen else SHOWN if k else HIDDEN
               for p, k in zip(front["package"], keep, strict=True)]

    def bars(name: str) -> dict:
        return {"type": "data", "symmetric": False, "array": (front[f"{name}_hi"] - front[f"{name}_mean"]).tolist(),
                "arrayminus": (front[f"{name}_mean"] - front[f"{name}_lo"]).tolist(), "color": "#999", "thickness": 1}

    figure = go.Figure(go.Scatter(
        x=front[f"{x}_mean"].tolist(), y=front[f"{y}_mean"].tolist(), mode="markers+text",
        text=front["package"].astype(str).tolist(),
        textposition="top center", marker={"color": colours, "size": 11}, error_x=bars(x), error_y=bars(y),
        customdata=front["package"].tolist(), hovertemplate=tr("options_package", language) + " %{text}<br>%{x:.4g}, "
                                                                                     "%{y:.4g}<extra></extra>"))
    figure.update_layout(title=tr("options_scatter_title", language), xaxis_title=outcome_name(x, language),
                         yaxis_title=outcome_name(y, language), height=420, margin={"t": 50, "l": 60, "r": 20},
                         showlegend=False)
    return figure


def parallel_figure(search: Search, keep: np.ndarray, language: str | None = None) -> go.Figure:
    """Parallel coordinates of the packages kept: their lever values, then their outcome means.

    Drawn as lines (SVG), not Plotly's WebGL ``parcoords``, so it shows in every browser; each axis
    runs from the front's lowest value (bottom) to its highest (top), written at its ends.
    """
    front = search.front[keep]
    columns = [(LEVER_BY_KEY[k].label(language), search.front[k]) for k in search.levers]
    columns += [(outcome_name(o, language), search.front[f"{o}_mean"]) for o in search.outcomes
                if o in search.objectives or o.startswith("reform_cost")]
    spans = [(float(values.min()), float(values.max())) for _, values in columns]
    figure = go.Figure()
    for index, package in zip(front.index, front["package"], strict=True):
        heights = [(values[index] - low) / (high - low) if high > low else 0.5
                   for (_, values), (low, high) in zip(columns, spans, strict=True)]
        heights = [float(h) for h in heights]
        figure.add_trace(go.Scatter(x=list(range(len(columns))), y=heights, mode="lines+markers",
                                    name=f"{tr('options_package', language)} {int(package)}",
                                    customdata=[float(values[index]) for _, values in columns],
                                    hovertemplate="%{customdata:.4g}<extra>%{fullData.name}</extra>"))
    for j, (low, high) in enumerate(spans):
        figure.add_annotation(x=j, y=-0.08, text=f"{low:.3g}", showarrow=False, font={"size": 10})
        figure.add_annotation(x=j, y=1.08, text=f"{high:.3g}", showarrow=False, font={"size": 10})
    figure.update_layout(title=tr("options_parallel_title", language), height=420, margin={"t": 70, "l": 40, "r": 20},
                         xaxis={"tickvals": list(range(len(columns))), "ticktext": [name for name, _ in columns],
                                "showgrid": True, "gridcolor": "#999", "zeroline": False},
                         yaxis={"visible": False, "range": [-0.15, 1.15]})
    return figure
