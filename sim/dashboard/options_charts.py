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
        return {"type": "data", "symmetric": False, "array": front[f"{name}_hi"] - front[f"{name}_mean"],
                "arrayminus": front[f"{name}_mean"] - front[f"{name}_lo"], "color": "#999", "thickness": 1}

    figure = go.Figure(go.Scatter(
        x=front[f"{x}_mean"], y=front[f"{y}_mean"], mode="markers+text", text=front["package"].astype(str),
        textposition="top center", marker={"color": colours, "size": 11}, error_x=bars(x), error_y=bars(y),
        customdata=front["package"], hovertemplate=tr("options_package", language) + " %{text}<br>%{x:.4g}, "
                                                                                     "%{y:.4g}<extra></extra>"))
    figure.update_layout(title=tr("options_scatter_title", language), xaxis_title=outcome_name(x, language),
                         yaxis_title=outcome_name(y, language), height=420, margin={"t": 50, "l": 60, "r": 20},
                         showlegend=False)
    return figure


def parallel_figure(search: Search, keep: np.ndarray, language: str | None = None) -> go.Figure:
    """One line per package kept: its lever values, then its outcomes' means."""
    front = search.front[keep]
    dims = [{"label": LEVER_BY_KEY[k].label(language), "values": front[k]} for k in search.levers]
    dims += [{"label": outcome_name(o, language), "values": front[f"{o}_mean"]} for o in search.outcomes
             if o in search.objectives or o.startswith("reform_cost")]
    figure = go.Figure(go.Parcoords(line={"color": front["package"], "colorscale": "Viridis", "showscale": True},
                                    dimensions=dims))
    figure.update_layout(title=tr("options_parallel_title", language), height=420,
                         margin={"t": 80, "l": 60, "r": 60})
    return figure
