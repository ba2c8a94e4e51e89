"""The shock group of Explore and Compare, and Explore's charts of the area a disaster hits.

:func:`ShockControls` lets a visitor switch the epidemic on (its lever) and choose its start and
length, and add a flood or typhoon: its day, where it hits (the share of residents in the hit area
and the need domains it damages) and its strength (the surge of needs, the staff hours lost).  A
setting the scenario cannot take (a day outside the run) is refused with the loader's message and
not kept.  :func:`HitAreaView` charts the ``hit_area_*`` outcomes while the run plays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import solara
from plotly.subplots import make_subplots

from sim.dashboard import charts, sharing, time_axis
from sim.dashboard.components import ErrorBox, Heading, LiveLines, MetricTiles
from sim.dashboard.i18n import outcome_name, tr
from sim.dashboard.levers import LEVER_BY_KEY
from sim.dashboard.shocks import SHOCK_BY_KEY, SHOCK_LEVERS, changed_shocks, shock_values
from sim.scenario import Scenario, ScenarioError

NOTE = {"font-size": "12px", "color": "#555", "margin": "-6px 0 6px 0"}
HIT_PANELS = (("hit_area_backlog", "hit_area_raised_today", "hit_area_resolved_today"), ("hit_area_satisfaction",))
HIT_TITLES = ("hit_area_counts", "hit_area_mood")
HIT_TILES = ("hit_area_backlog", "hit_area_raised_today", "hit_area_satisfaction")


def policy_levers(values: dict[str, Any]) -> dict[str, Any]:
    """The lever values without the shock switches (those are shown in the shock group)."""
    return {key: value for key, value in values.items() if key not in SHOCK_LEVERS}


def refusal(base: Scenario, levers: dict[str, Any], shocks: dict[str, Any]) -> str:
    """The loader's message if ``base`` cannot take these levers and shock settings, else ``""``."""
    try:
        sharing.edited_scenario(base, levers, [], shocks)
    except ScenarioError as err:
        return str(err)
    return ""


def _explain(text: str) -> None:
    solara.Text(text, style=NOTE)


@solara.component
def ShockControls(base: Scenario, levers: dict[str, Any], shocks: dict[str, Any],
                  on_change: Callable[[dict[str, Any], dict[str, Any]], None], disabled: bool = False):
    """The epidemic's switch, start and length, and a flood or typhoon with its day, place and strength.

    Args:
        base: the scenario the page started from (its own shock settings are the defaults).
        levers: every lever's value as chosen (the epidemic's switch is one).
        shocks: the shock settings chosen on the page (only those that differ from ``base``).
        on_change: called with the new lever values and shock settings once they validate.
        disabled: whether the controls are greyed (a comparison is running).
    """
    message, set_message = solara.use_state("")
    values = {**shock_values(base), **shocks}

    def change(key: str, value: Any) -> None:
        new_levers = {**levers, key: value} if key in LEVER_BY_KEY else levers
        new_shocks = {**values, key: value} if key in SHOCK_BY_KEY else values
        refused = refusal(base, new_levers, new_shocks)
        set_message(refused)
        if not refused:
            on_change(new_levers, changed_shocks(base, new_shocks))

    def number(key: str, step: float = 0.05) -> None:
        shock = SHOCK_BY_KEY[key]
        if shock.kind == "int":
            solara.InputInt(shock.label(), value=int(values[key]), on_value=lambda v: change(key, v),
                            disabled=disabled, classes=[f"shock-{key.split('.', 1)[1].replace('.', '-')}"])
        else:
            solara.SliderFloat(shock.label(), value=float(values[key]), min=max(shock.low, step), max=shock.high,
                               step=step, on_value=lambda v: change(key, v), disabled=disabled, thumb_label=True)
        _explain(shock.explain())

    epidemic = LEVER_BY_KEY["shocks.epidemic.enabled"]
    Heading(tr("shocks_title"))
    _explain(tr("shocks_help"))
    with solara.Column(gap="2px", classes=["shock-controls"]):
        Heading(tr("shock_epidemic"), level=4)
        solara.Checkbox(label=epidemic.label(), value=bool(levers[epidemic.key]), disabled=disabled,
                        on_value=lambda v: change(epidemic.key, bool(v)))
        _explain(epidemic.explain())
        number("shocks.epidemic.start")
        number("shocks.epidemic.length")
        Heading(tr("shock_disaster"), level=4)
        switch = SHOCK_BY_KEY["shocks.disaster.enabled"]
        solara.Checkbox(label=switch.label(), value=bool(values[switch.key]), disabled=disabled,
                        on_value=lambda v: change(switch.key, bool(v)))
        _explain(switch.explain())
        if values[switch.key]:
            DisasterDetails(base, values, change, number, disabled)
        with solara.Div(classes=["shock-error"]):
            ErrorBox(message, "shock_refused")


@solara.component
def DisasterDetails(base: Scenario, values: dict[str, Any], change: Callable[[str, Any], None],
                    number: Callable[..., None], disabled: bool):
    """A switched-on disaster's kind, day, hit area, damaged domains and strength."""
    kind = SHOCK_BY_KEY["shocks.disaster.kind"]
    solara.Text(kind.label(), style={"font-size": "12px"})
    with solara.ToggleButtonsSingle(value=values[kind.key], on_value=lambda v: change(kind.key, v),
                                    classes=["shock-kind"]):
        for choice in kind.choices:
            solara.Button(tr(f"shock_{choice}"), value=choice, small=True, disabled=disabled,
                          classes=[f"shock-kind-{choice}"])
    _explain(kind.explain())
    number("shocks.disaster.start")
    number("shocks.disaster.affected_share")
    domains = SHOCK_BY_KEY["shocks.disaster.domains"]
    solara.SelectMultiple(domains.label(), values=list(values[domains.key]), all_values=list(base.domains),
                          on_value=lambda v: change(domains.key, list(v)), disabled=disabled,
                          classes=["shock-domains"])
    _explain(domains.explain())
    number("shocks.disaster.need_surge", step=0.5)
    number("shocks.disaster.capacity_loss")


def hit_area_figure(language: str, steps: int, start: int, days: int,
                    start_date: dt.date) -> tuple[go.Figure, list[str]]:
    """Two empty panels of the hit area's outcomes over ``steps`` days, the disaster's days shaded.

    Args:
        language: "zh" or "en".
        steps: days of the run (the date axis spans them all, as the main charts do).
        start: the day the disaster strikes.
        days: days of the emergency itself.
        start_date: the scenario's ``start_date`` (day 0), for the date axis.

    Returns:
        The figure and the outcome column each of its lines shows (for :func:`LiveLines`).
    """
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=[tr(title, language) for title in HIT_TITLES])
    columns: list[str] = []
    for col, panel in enumerate(HIT_PANELS, start=1):
        for column in panel:
            fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name=outcome_name(column, language),
                                     line={"color": charts.LINE_COLOURS[len(columns)], "width": 2}), row=1, col=col)
            columns.append(column)
        fig.add_vrect(x0=time_axis.day_x(start_date, start), x1=time_axis.day_x(start_date, start + days),
                      fillcolor="#d62728", opacity=0.12, line_width=0, row=1, col=col)
    fig.update_layout(height=320, margin={"l": 50, "r": 20, "t": 40, "b": 40}, template=None,
                      font={"family": charts.FONT, "size": 12}, plot_bgcolor="white", paper_bgcolor="white",
                      legend={"orientation": "h", "y": -0.2}, uirevision="keep")
    fig.update_xaxes(gridcolor="#eee", linecolor="#999", zeroline=False)
    time_axis.date_axis(fig, start_date, language, steps)
    fig.update_yaxes(gridcolor="#eee", linecolor="#999", zeroline=False, rangemode="tozero")
    fig.update_yaxes(range=[0, 1], row=1, col=2)
    return fig, columns


@solara.component
def HitAreaView(model: Any, language: str, metrics: dict[str, float], frame: pd.DataFrame, day: int):
    """Where a disaster hit and how its residents fare: tiles and lines of the ``hit_area_*`` outcomes.

    Nothing but an empty Div is shown when the run has no disaster (those outcomes are then NaN); the
    Div keeps the page's parts in the same places whatever is shown (as Explore's optional parts).

    Args:
        model: the run's model (its scenario and the hit area it placed).
        language: the session's language.
        metrics: today's outcomes.
        frame: the outcomes of every day so far.
        day: the day shown (the lines redraw when it changes).
    """
    scenario = model.config
    disaster = scenario.shocks.disaster
    skeleton, columns = solara.use_memo(
        lambda: hit_area_figure(language, scenario.steps, disaster.start, disaster.days(), scenario.start_date),
        [language, scenario.steps, disaster.start, disaster.days(), scenario.start_date])
    with solara.Div(classes=["hit-area"]):
        if disaster.enabled:
            HitAreaParts(model, metrics, skeleton, columns, frame, day)


@solara.component
def HitAreaParts(model: Any, metrics: dict[str, float], skeleton: go.Figure, columns: list[str],
                 frame: pd.DataFrame, day: int):
    """The hit area's sentence, tiles and lines (:func:`HitAreaView` shows them when there is a disaster)."""
    scenario = model.config
    disaster = scenario.shocks.disaster
    hit = model.disaster
    residents = hit.residents.stop - hit.residents.start
    Heading(tr("hit_area_title"))
    _explain(tr("hit_area_help", kind=tr(f"shock_{disaster.kind}"), day=disaster.start, days=disaster.days(),
                date=scenario.day_date(disaster.start), compounds=hit.compounds.stop - hit.compounds.start,
                residents=residents, share=residents / max(int(np.sum(model.city.compound_residents)), 1)))
    MetricTiles(metrics, HIT_TILES)
    LiveLines(skeleton, columns, frame, day, model.config.start_date)
