"""Small shared components: lever controls, error boxes, metric tiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import solara

from sim.dashboard import scenarios, time_axis
from sim.dashboard.i18n import lang, outcome_name, tr
from sim.dashboard.levers import LEVERS


@solara.component
def LeverControls(values: dict[str, Any], on_change: Callable[[dict[str, Any]], None], disabled: bool = False):
    """One control per lever, named with the essay's term and explained in one line."""

    def setter(key: str):
        lever = next(lv for lv in LEVERS if lv.key == key)
        return lambda value: on_change({**values, key: lever.clip(value)})

    with solara.Column(gap="2px"):
        for lever in LEVERS:
            if lever.key not in values:
                continue
            if lever.kind == "bool":
                solara.Checkbox(
                    label=lever.label(), value=bool(values[lever.key]), on_value=setter(lever.key), disabled=disabled
                )
            elif lever.kind == "choice":
                ChoiceSelect(lever, values[lever.key], setter(lever.key), disabled)
            else:
                solara.SliderFloat(
                    lever.label(),
                    value=float(values[lever.key]),
                    min=lever.low,
                    max=lever.high,
                    step=lever.step,
                    on_value=setter(lever.key),
                    disabled=disabled,
                    thumb_label=True,
                )
            solara.Text(lever.explain(), style={"font-size": "12px", "color": "#555", "margin": "-6px 0 6px 0"})


@solara.component
def ChoiceSelect(lever, value: str, on_value: Callable[[str], None], disabled: bool = False):
    """A categorical lever as a drop-down of its choices, each named in the session's language."""
    language = lang.value
    items = [{"text": lever.choice_label(choice, language), "value": choice} for choice in lever.choices]
    solara.v.Select(label=lever.label(language), items=items, v_model=value, on_v_model=on_value,
                    disabled=disabled, dense=True, hide_details=True)


@solara.component
def PresetSelect(value: str, on_value: Callable[[str], None], disabled: bool = False):
    """A drop-down of the scenarios offered, each shown by its title in the session's language.

    The file name (slug) of the chosen one is shown small under the field.
    """
    names = scenarios.choices()
    language = lang.value
    items = [{"text": scenarios.title(n, language), "value": n} for n in names]

    def choose(new):
        if new in names:
            on_value(new)

    solara.v.Select(label=tr("preset"), items=items, v_model=value, on_v_model=choose, hint=value,
                    persistent_hint=True, disabled=disabled, class_="preset-select")


@solara.component
def Heading(text: str, level: int = 3):
    """A section heading (plain HTML: solara.Markdown would fetch KaTeX from a CDN)."""
    solara.v.Html(tag=f"h{level}", children=[text], style_="margin: 8px 0 4px 0; font-weight: 600;")


@solara.component
def Table(header: list[str], rows: list[list[str]]):
    """A small table of text cells."""
    cell = "border-bottom: 1px solid #ddd; padding: 4px 12px 4px 0; text-align: left;"
    with solara.v.Html(tag="table", style_="border-collapse: collapse; margin: 4px 0;"):
        with solara.v.Html(tag="tr"):
            for h in header:
                solara.v.Html(tag="th", children=[h], style_=cell)
        for row in rows:
            with solara.v.Html(tag="tr"):
                for value in row:
                    solara.v.Html(tag="td", children=[value], style_=cell)


@solara.component
def ErrorBox(message: str, title_key: str = "invalid_scenario"):
    """A scenario or run error shown as the command line shows it: what is wrong, what is allowed."""
    if not message:
        return
    with solara.Div(
        style={
            "border": "1px solid #d32f2f",
            "border-radius": "4px",
            "padding": "8px",
            "background": "#fdecea",
            "margin": "6px 0",
        },
        classes=["error-box"],
    ):
        solara.Text(tr(title_key), style={"font-weight": "600", "color": "#b71c1c"})
        solara.Preformatted(message)


def format_value(value) -> str:
    """A number for a tile: whole numbers as such, shares with two decimals, missing as —."""
    if value is None or value != value:
        return "—"
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}"


@solara.component
def MetricTiles(metrics: dict[str, float], names: tuple[str, ...]):
    """A row of tiles with the current value of a few outcomes."""
    with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
        for name in names:
            shown = format_value(metrics.get(name))
            with solara.Div(
                style={"border": "1px solid #ddd", "border-radius": "6px", "padding": "6px 10px", "min-width": "120px"}
            ):
                solara.Text(outcome_name(name), style={"font-size": "12px", "color": "#555"})
                solara.Div(
                    children=[shown], style={"font-size": "20px", "font-weight": "600"}, classes=[f"metric-{name}"]
                )


@solara.component
def LiveLines(skeleton: go.Figure, columns: list[str], frame: pd.DataFrame, version: int, start: dt.date):
    """A Plotly chart whose lines follow ``frame``, each row at its date (``start`` is day 0).

    The widget is built whole from the skeleton (its axes, ranges, legends and empty lines go to
    the browser with the widget itself, a new widget for a new skeleton); each render then only
    replaces the lines' x (dates), y and day numbers (line i shows column ``columns[i]``).  Built
    empty and then filled by messages, the browser could plot it while those messages were still
    arriving — the play loop's frames come from another thread — and keep a figure half set up:
    axes without their range, panels without lines.

    ``version`` (e.g. the day) changes whenever ``frame`` has new rows, so the chart redraws.
    """
    from plotly.graph_objs._figurewidget import FigureWidget

    widget = solara.use_memo(lambda: FigureWidget(skeleton), [skeleton])
    solara.use_effect(lambda: widget.close, [widget])  # a new skeleton's widget replaces this one

    def update():
        rows = len(frame)
        dates, days = time_axis.date_text(start, rows), np.arange(rows)
        with widget.batch_update():
            for trace, column in zip(widget.data, columns, strict=False):
                if column in frame:
                    trace.x, trace.y, trace.customdata = dates, frame[column].to_numpy(dtype=float), days

    solara.use_effect(update)
    return solara.Div(children=[widget])


@solara.component
def OutcomeSelect(label: str, names: list[str], value: str, on_value: Callable[[str], None]):
    """A drop-down of outcome columns shown by their names in the session's language."""
    items = [{"text": outcome_name(n), "value": n} for n in names]

    def choose(new):
        if new in names:
            on_value(new)

    solara.v.Select(label=label, items=items, v_model=value, on_v_model=choose, style_="max-width: 360px;")


# colours of the actions in a case's timeline
ACTION_COLOURS = {
    "raise": "#607d8b",
    "escalate": "#1f77b4",
    "bounce": "#ff7f0e",
    "pushdown": "#9467bd",
    "handoff": "#17becf",
    "whistle": "#2ca02c",
    "grievance": "#8c564b",
    "resolve": "#2e7d32",
    "abandon": "#d62728",
    "route": "#78909c",
    "open": "#9e9e9e",
}


@solara.component
def CaseList(title: str, cases: list[tuple[int, str]], selected: int | None, on_pick: Callable[[int], None]):
    """A list of cases, one button each (its id and a line about it); clicking one picks it.

    Args:
        title: the heading over the list.
        cases: (case id, line of text) pairs, newest first.
        selected: the id of the case shown now, if any (its button is highlighted).
        on_pick: called with the id of the clicked case.
    """
    Heading(title, level=4)
    if not cases:
        solara.Text(tr("no_cases"), style={"font-size": "13px", "color": "#555"})
        return
    with solara.Column(gap="0px", classes=["case-list"]):
        for case_id, line in cases:
            solara.Button(
                f"{tr('case_n', n=case_id)} · {line}",
                text=case_id != selected,
                small=True,
                color="primary" if case_id == selected else None,
                on_click=lambda c=case_id: on_pick(c),
                classes=["case-item", f"case-{case_id}"],
                style={"justify-content": "flex-start", "text-transform": "none", "letter-spacing": "0"},
            )


@solara.component
def CaseTimeline(title: str, summary: str, hops: list, on_resident: Callable[[], None] | None = None):
    """One case's path as a timeline: a line per hop with its day, action and a plain sentence.

    Args:
        title: the case's heading (its id, domain and kind).
        summary: a sentence counting its escalations, bounces and push-downs.
        hops: :class:`sim.dashboard.cases.Hop` items in the order they happened.
        on_resident: if given, a button opens the resident who raised the case.
    """
    with solara.Div(classes=["case-timeline"]):
        Heading(title, level=4)
        solara.Text(summary, style={"font-size": "13px", "color": "#555"})
        if not hops:
            solara.Text(tr("no_paths"), style={"font-size": "13px"})
        with solara.v.Html(tag="ol", style_="list-style: none; padding: 0; margin: 6px 0;"):
            for hop in hops:
                colour = ACTION_COLOURS.get(hop.action, "#9e9e9e")
                with solara.v.Html(
                    tag="li",
                    class_=f"hop hop-{hop.action}",
                    style_=f"display: flex; gap: 6px; border-left: 3px solid {colour}; padding: 2px 0 2px 8px; "
                    "margin: 0 0 2px 4px;",
                ):
                    solara.v.Html(
                        tag="span",
                        children=[tr("path_day", day=hop.day)],
                        style_="flex: 0 0 64px; color: #555; font-size: 12px;",
                    )
                    solara.v.Html(
                        tag="span",
                        children=[hop.label],
                        class_="hop-action",
                        style_=f"flex: 0 0 70px; color: {colour}; font-weight: 600; font-size: 13px;",
                    )
                    solara.v.Html(
                        tag="span", children=[hop.text], class_="hop-text", style_="flex: 1 1 0; font-size: 13px;"
                    )
        if on_resident is not None:
            solara.Button(
                tr("open_resident"), icon_name="mdi-account", small=True, outlined=True, on_click=on_resident,
                classes=["btn-open-resident"],
            )


@solara.component
def NeedBars(needs: dict[str, float]):
    """Unmet need per domain as short horizontal bars (0 met … 1 wholly unmet)."""
    with solara.Column(gap="2px", classes=["need-bars"]):
        for name, value in needs.items():
            share = min(max(float(value), 0.0), 1.0)
            with solara.Row(gap="6px", style={"align-items": "center"}):
                solara.Text(name, style={"font-size": "12px", "min-width": "84px"})
                with solara.Div(style={"width": "160px", "height": "10px", "background": "#eee"}):
                    solara.Div(style={"width": f"{share * 100:.0f}%", "height": "10px", "background": "#d62728"})
                solara.Text(f"{share:.2f}", style={"font-size": "12px", "color": "#555"})
