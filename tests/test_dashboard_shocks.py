"""The shock group of Explore and Compare: an epidemic's days and a flood or typhoon switched on, placed
and scheduled on the page, carried by links, files and the changed-from-preset table, refused with one
message when the scenario cannot take it, and the hit area's outcomes charted.  No browser: pages are
rendered with ``solara.render``."""

from __future__ import annotations

import base64
import json

import ipyvuetify as v
import numpy as np
import pytest
import solara
from dashboard_session import fresh_session  # noqa: F401  (the autouse fixture)
from plotly.graph_objs._figurewidget import FigureWidget

from sim.dashboard import i18n, scenarios, sharing, state
from sim.dashboard.i18n import tr
from sim.dashboard.jobs import LiveRun
from sim.dashboard.levers import changed_levers
from sim.dashboard.pages import compare, explore
from sim.dashboard.shocks import SHOCK_BY_KEY
from sim.runs import scenario_hash
from sim.scenario import load_scenario

FLOOD = {"shocks.disaster.enabled": True, "shocks.disaster.start": 10, "shocks.disaster.need_surge": 8.0}


def label(key: str) -> str:
    """The control's label of a shock setting in the session's language."""
    return SHOCK_BY_KEY[key].label()


def type_day(rc, css: str, day) -> None:
    """Type a day into a shock's day field and leave it (the field reports on leaving, as in a browser)."""
    field = rc.find(v.TextField, class_=css).widget
    field.v_model = str(day)
    field.fire_event("focusout", None)


def switch_flood_on(rc) -> None:
    """Tick the flood, give it day 10 and a surge of 8× the usual drift, as a visitor would."""
    rc.find(v.Checkbox, label=label("shocks.disaster.enabled")).widget.v_model = True
    type_day(rc, "shock-disaster-start", 10)
    rc.find(v.Slider, label=label("shocks.disaster.need_surge")).widget.v_model = 8.0


def hit_area_need(scenario, days: int) -> float:
    """The hit area's mean need in the damaged domains after the first ``days`` days of ``scenario``."""
    run = LiveRun(scenario)
    run.step(days)
    disaster = run.model.disaster
    return float(run.model.residents.needs[np.flatnonzero(disaster.domain_hit)][:, disaster.residents].mean())


def test_switching_the_flood_on_schedules_it_and_the_hit_area_moves():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    assert not rc.find(v.Slider, label=label("shocks.disaster.need_surge")).widgets  # folded away while off
    switch_flood_on(rc)
    assert state.shock_edits.value == FLOOD and not state.explore_error.value
    disaster = state.live.value.scenario.shocks.disaster
    assert (disaster.enabled, disaster.start, disaster.need_surge, disaster.kind) == (True, 10, 8.0, "flood")
    assert disaster.affected_share == 0.2 and disaster.domains == ["housing", "safety", "environment"]
    kinds = rc.find(v.BtnToggle, class_="shock-kind").widget
    kinds.v_model = 1  # the second button: typhoon
    assert state.live.value.scenario.shocks.disaster.kind == "typhoon"
    assert state.live.value.scenario.shocks.disaster.days() == 3  # a typhoon passes in three days
    kinds.v_model = 0
    explore.step_once()
    assert rc.find(v.Html, class_="hit-area").find(children=[tr("hit_area_title")]).widgets
    charts = rc.find(v.Html, class_="hit-area").find(FigureWidget).widgets
    assert len(charts) == 1
    backlog = charts[0].data[0]
    assert backlog.name == i18n.outcome_name("hit_area_backlog") and len(backlog.y) == 2  # days 0 and 1 drawn
    # the same flood (the hit area is placed by the city's seed alone) on day 10 or after the window
    early = state.live.value.scenario
    late = sharing.edited_scenario(scenarios.load("classroom"), {}, [], {**FLOOD, "shocks.disaster.start": 300})
    # the flood's need surge is there in the hit area (its cases: tests/test_disaster.py, over six seeds)
    assert hit_area_need(early, 40) > hit_area_need(late, 40) + 0.1


def test_without_a_disaster_the_hit_area_is_not_shown():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    assert not rc.find(v.Html, class_="hit-area").find(FigureWidget).widgets


def test_the_epidemic_switch_start_and_length_sit_in_the_shock_group():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    epidemic = rc.find(v.Checkbox, label=explore.LEVER_BY_KEY["shocks.epidemic.enabled"].label()).widgets
    assert len(epidemic) == 1  # shown once, with the shocks, not also among the policy levers
    epidemic[0].v_model = True
    type_day(rc, "shock-epidemic-start", 40)
    type_day(rc, "shock-epidemic-length", 15)
    wave = state.live.value.scenario.shocks.epidemic
    assert (wave.enabled, wave.start, wave.length) == (True, 40, 15)
    assert changed_levers(scenarios.load("classroom"), state.lever_edits.value) == {"shocks.epidemic.enabled": True}
    assert state.shock_edits.value == {"shocks.epidemic.start": 40, "shocks.epidemic.length": 15}


@pytest.mark.parametrize("day", [5000, -3])
def test_a_day_outside_the_run_is_refused_with_one_message(day):
    _box, rc = solara.render(explore.Page(), handle_error=False)
    switch_flood_on(rc)
    run = state.live.value
    type_day(rc, "shock-disaster-start", day)
    assert state.shock_edits.value == FLOOD and state.live.value is run  # nothing kept, the run goes on
    boxes = rc.find(v.Html, class_="shock-error").find(v.Html, class_="error-box").widgets
    assert len(boxes) == 1
    shown = str([child for child in boxes[0].children])
    assert "shocks.disaster.start" in shown and not state.explore_error.value
    type_day(rc, "shock-disaster-start", 30)  # a good day clears the message
    assert state.live.value.scenario.shocks.disaster.start == 30
    assert not rc.find(v.Html, class_="shock-error").find(v.Html, class_="error-box").widgets


def test_a_shared_link_the_table_and_the_file_carry_the_shock(tmp_path):
    _box, rc = solara.render(explore.Page(), handle_error=False)
    switch_flood_on(rc)
    expected = scenario_hash(state.live.value.scenario)
    for language in ("zh", "en"):
        i18n.lang.value = language
        table = str(rc.find(v.Html, class_="changed-table").widget.children)
        for key in FLOOD:
            assert SHOCK_BY_KEY[key].label(language) in table
    rows = sharing.change_rows(scenarios.load("classroom"), {}, [], "en", FLOOD)
    assert rows == [[label("shocks.disaster.enabled"), "no", "yes"], [label("shocks.disaster.start"), "200", "10"],
                    [label("shocks.disaster.need_surge"), "4", "8"]]
    path = tmp_path / "flood.toml"
    path.write_text(sharing.download_text(scenarios.load("classroom"), "classroom", {}, [], FLOOD), encoding="utf-8")
    assert scenario_hash(load_scenario(path)) == expected
    href = rc.find(v.Html, class_="share-link").widget.attributes["href"]
    token = sharing.link_token(href.split("?", 1)[1])
    assert sharing.decode_link(token) == ("classroom", {}, [], FLOOD)
    explore.choose_source("baseline")  # the visitor moves on; a colleague opens the link
    explore.open_link(href.split("?", 1)[1])
    assert state.shock_edits.value == FLOOD and scenario_hash(state.live.value.scenario) == expected
    assert rc.find(v.Checkbox, label=label("shocks.disaster.enabled")).widget.v_model is True


def test_a_compare_arm_takes_a_shock_and_its_link_keeps_it():
    _box, rc = solara.render(compare.Page(), handle_error=False)
    rc.find(v.Checkbox, label=label("shocks.disaster.enabled")).widgets[1].v_model = True
    assert state.arms.value[1]["shocks"] == {"shocks.disaster.enabled": True}
    assert not state.arms.value[0].get("shocks")
    arm = compare.build_arms(state.arms.value)[1]
    assert arm.scenario.shocks.disaster.enabled and arm.label.endswith("✎")
    decoded = sharing.decode_arms(sharing.encode_arms(state.arms.value), compare.MIN_ARMS, compare.MAX_ARMS)
    assert decoded == [{"source": "classroom", "levers": {}}, state.arms.value[1]]


def _tampered(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(("shocks", "why"), [
    ({"shocks.disaster.start": -1}, "allowed: 0 to 3650"),
    ({"shocks.disaster.start": 1.5}, "not a whole number"),
    ({"shocks.disaster.kind": "earthquake"}, "not one of flood, typhoon"),
    ({"shocks.disaster.enabled": "yes"}, "not true or false"),
    ({"shocks.disaster.need_surge": 50.0}, "allowed: 0 to 10"),
    ({"shocks.disaster.domains": "housing"}, "not a list of need domains"),
    ({"power.delegation": 0.5}, "not a shock setting"),
    ({"shocks.disaster.enabled": True, "shocks.disaster.start": 3000}, "must fall within the run"),
    ({"shocks.disaster.enabled": True, "shocks.disaster.domains": ["moon"]}, "unknown domains"),
    (["shocks.disaster.enabled"], "not in the form"),
])
def test_a_bad_shock_in_a_link_is_refused_with_what_is_wrong(shocks, why):
    with pytest.raises(sharing.LinkError, match=why):
        sharing.decode_link(_tampered({"p": "classroom", "k": shocks}))


def test_explore_opens_the_preset_with_one_message_on_a_bad_shock_link():
    token = _tampered({"p": "classroom", "k": {"shocks.disaster.enabled": True, "shocks.disaster.start": 3000}})
    with pytest.raises(sharing.LinkError) as refused:
        sharing.decode_link(token)
    _box, rc = solara.render(explore.Page(), handle_error=False)
    explore.open_link(f"{sharing.LINK_PARAM}={token}")
    assert state.link_message.value == tr("bad_link", why=str(refused.value))
    assert "shocks.disaster.start (3000) must fall within the run" in state.link_message.value
    assert state.shock_edits.value == {} and not state.live.value.scenario.shocks.disaster.enabled
    assert len(rc.find(v.Alert, class_="link-message").widgets) == 1
