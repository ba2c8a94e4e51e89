"""Explore: one scenario live.

Levers and reforms on a day, play/pause/step/reset, charts, the city, the issue flow, and one case
(and its resident) followed from call to close.
"""

from __future__ import annotations

import threading
import time
from collections import deque

import solara

from sim.dashboard import charts, scenarios, sharing, state
from sim.dashboard.components import (
    ErrorBox,
    Heading,
    LeverControls,
    LiveLines,
    MetricTiles,
    PresetSelect,
)
from sim.dashboard.follow import FollowPanel, city_click, followed_case, followed_compound, follower
from sim.dashboard.i18n import lang, tr
from sim.dashboard.jobs import LiveRun
from sim.dashboard.levers import LEVER_BY_KEY, LEVERS, lever_values
from sim.dashboard.share_panel import ShareBox
from sim.dashboard.shock_panel import HitAreaView, ShockControls, policy_levers
from sim.scenario import ScenarioError

SPEEDS = (1, 2, 5, 10, 20, 30, 60)
MAX_FPS = 10
IDLE_SHARE = 0.5  # the play loop rests at least half as long as a frame took to draw
CITY_INTERVAL = 1.0  # seconds between redraws of the city picture and the flow while playing
TILES = (
    "resolution_rate",
    "resolved_within_7_days",
    "median_days_to_resolve",
    "satisfaction_mean",
    "issues_open",
    "community_admin_share",
)

def base_scenario():
    """The session's chosen scenario before lever edits (an upload wins over the preset)."""
    return state.uploaded.value or scenarios.load(state.source.value)


def reset() -> None:
    """Stop playing and start the session's run again from day 0 with the current settings."""
    stop()
    try:
        run = LiveRun(sharing.edited_scenario(base_scenario(), state.lever_edits.value, state.added_reforms.value,
                                              state.shock_edits.value))
    except ScenarioError as err:
        state.explore_error.value = str(err)
        state.live.value = None
        return
    except ImportError:
        state.explore_error.value = tr("model_missing")
        state.live.value = None
        return
    state.explore_error.value = ""
    state.live.value = run
    followed_case.value = follower.value = None  # their ids belonged to the old run
    if followed_compound.value is not None and followed_compound.value >= run.model.city.n_compounds:
        followed_compound.value = None
    redraw()


def redraw(rate: float = 0.0, city: bool = True) -> None:
    """Redraw the live part of the page (and the city and flow diagrams if ``city``)."""
    state.frame.value = (state.frame.value[0] + 1, rate)
    if city:
        state.city_tick.value += 1


def stop() -> None:
    """Pause: the play loop (if any) exits before its next day."""
    state.play_token.value += 1
    state.playing.value = False


def step_once() -> None:
    """Advance the session's run by one day and redraw."""
    run = state.live.value
    if run is not None and not state.playing.value:
        advance(run, 1)
        redraw()


def advance(run: LiveRun, days: int) -> int:
    """Run up to ``days`` days, noting the followed resident (if any) after each of them."""
    who = follower.value
    if who is None:
        return run.step(days)
    ran = 0
    while ran < days and run.step(1):
        with run.lock:
            who.record(run.model)
        ran += 1
    return ran


def play() -> None:
    """Start a play loop in a thread of this session; it redraws after every frame."""
    run = state.live.value
    if run is None or run.done or state.playing.value:
        return
    state.play_token.value += 1
    token = state.play_token.value
    state.playing.value = True
    threading.Thread(target=play_loop, args=(run, token), daemon=True, name="dashboard-play").start()


def play_loop(run: LiveRun, token: int) -> None:
    """Step ``run`` at the chosen speed until paused, reset or finished.

    A frame is drawn at most ``MAX_FPS`` times a second; when drawing takes longer than a frame
    allows, more days are run per frame so the days shown per second still match the speed.
    The shown rate is measured as days drawn per second of wall time over the last frames.
    """
    history: deque[tuple[float, int]] = deque(maxlen=20)
    city_drawn = previous = time.perf_counter()
    owed = 1.0  # days due at the chosen speed but not yet run
    while state.play_token.value == token and not run.done:
        speed = state.speed.value
        interval = max(1.0 / MAX_FPS, 1.0 / speed)
        start = time.perf_counter()
        owed += speed * min(start - previous, 1.0)
        previous = start
        days = max(1, int(owed))
        owed = max(0.0, owed - days)
        advance(run, days)
        history.append((start, run.day))
        rate = 0.0
        if len(history) > 1 and history[-1][0] > history[0][0]:
            rate = (history[-1][1] - history[0][1]) / (history[-1][0] - history[0][0])
        if state.play_token.value != token:
            break
        city = run.done or start - city_drawn >= CITY_INTERVAL
        if city:
            city_drawn = start
        redraw(rate, city)
        busy = time.perf_counter() - start
        # always leave the server some time to send the frame and take clicks
        time.sleep(max(IDLE_SHARE * busy, interval - busy))
    if state.play_token.value == token:
        state.playing.value = False


def choose_source(name: str, edits: dict | None = None, added: list | None = None, shocks: dict | None = None) -> None:
    """Pick a preset (with lever edits, added reforms and shocks, or none): forget an upload, start again."""
    state.source.value = name
    state.uploaded.value = None
    state.lever_edits.value = edits or {}
    state.added_reforms.value = added or []
    state.shock_edits.value = shocks or {}
    state.link_message.value = ""
    reset()


def open_link(search: str | None) -> None:
    """Open the scenario a shared link carries (``?s=…``), once per link; else start as usual.

    A damaged or tampered link gives one message and the page falls back to the start scenario.
    """
    token = sharing.link_token(search)
    if token is None or token == state.opened_link.value:
        if state.live.value is None:
            reset()
        return
    state.opened_link.value = token
    try:
        choose_source(*sharing.decode_link(token))
    except sharing.LinkError as err:
        choose_source(scenarios.start_source())
        state.link_message.value = tr("bad_link", why=str(err))


def take_upload(info: dict) -> None:
    """Read an uploaded scenario (size-limited, parsed as data only) and start again with it."""
    size = int(info.get("size") or 0)
    limit = scenarios.MAX_UPLOAD_BYTES
    if size > limit:
        state.explore_error.value = tr("too_large", size=size // 1024, kb=limit // 1024)
        return
    handle = info.get("file_obj")
    data = handle.read(limit + 1) if handle is not None else bytes(info.get("data") or b"")
    try:
        scenario = scenarios.parse_upload(info.get("name", "upload.toml"), data)
    except ScenarioError as err:
        state.explore_error.value = str(err)
        return
    state.uploaded.value = scenario
    state.lever_edits.value = state.shock_edits.value = {}
    state.added_reforms.value = []
    reset()


def add_reform(key: str, value: float, day: int, ramp_days: int) -> None:
    """Add a reform on a day (one lever to a new value, over a ramp) and start the run again with it.

    A reform the scenario cannot take (a day outside the run, a ramp longer than it) is refused
    with the loader's message and not kept.
    """
    reform = sharing.page_reform(key, value, day, ramp_days)
    kept = state.added_reforms.value
    state.added_reforms.value = [*kept, reform]
    reset()
    if state.live.value is None:  # refused: keep the run the visitor had
        state.added_reforms.value = kept
        message = state.explore_error.value
        reset()
        state.explore_error.value = message


def clear_reforms() -> None:
    """Forget the reforms added on the page and start again."""
    state.added_reforms.value = []
    reset()


@solara.component
def ReformAdder(days: int):
    """Add a reform at a day: a lever, its new value, the day and the ramp (改革時間表)."""
    key, set_key = solara.use_state(LEVERS[0].key)
    value, set_value = solara.use_state(LEVER_BY_KEY[LEVERS[0].key].high)
    day, set_day = solara.use_state(min(90, days - 1))
    ramp, set_ramp = solara.use_state(30)
    Heading(tr("add_reform"))
    solara.Text(tr("add_reform_help"), style={"font-size": "12px", "color": "#555"})
    labels = {lever.label(): lever.key for lever in LEVERS if lever.kind not in ("bool", "choice")}
    solara.Select(tr("reform_lever"), values=list(labels), value=LEVER_BY_KEY[key].label(),
                  on_value=lambda label: set_key(labels[label]))
    solara.InputFloat(tr("reform_value"), value=value, on_value=set_value)
    solara.InputInt(tr("reform_day"), value=day, on_value=set_day)
    solara.InputInt(tr("reform_ramp"), value=ramp, on_value=set_ramp)
    solara.Button(tr("add_reform_button"), on_click=lambda: add_reform(key, value, day, ramp),
                  classes=["btn-add-reform"], small=True)
    for reform in state.added_reforms.value:
        new = next(iter(reform["set"].values()))
        solara.Text(tr("added_reform", name=reform["name"], value=new, day=reform["day"], ramp=reform["ramp_days"]),
                    style={"font-size": "12px"})
    if state.added_reforms.value:
        solara.Button(tr("clear_reforms"), on_click=clear_reforms, small=True, text=True)


def change_levers(values: dict) -> None:
    """Keep the lever values chosen on the page and restart the run with them."""
    state.lever_edits.value = values
    reset()


def change_shocks(levers: dict, shocks: dict) -> None:
    """Keep the shock settings (and the epidemic's switch) chosen on the page and restart the run."""
    state.lever_edits.value, state.shock_edits.value = levers, shocks
    reset()


@solara.component
def Sidebar():
    """Scenario choice, upload and the lever controls."""
    base = solara.use_memo(base_scenario, [state.source.value, state.uploaded.value])
    values = {**lever_values(base), **state.lever_edits.value}
    with solara.Column(style={"width": "340px", "min-width": "300px"}):
        Heading(tr("scenario"))
        PresetSelect(state.source.value, choose_source)
        if state.link_message.value:
            solara.Warning(state.link_message.value, classes=["link-message"])
        if state.uploaded.value is not None:
            solara.Info(tr("uploaded", name=state.uploaded.value.name))
        solara.FileDrop(label=tr("upload_help", kb=scenarios.MAX_UPLOAD_BYTES // 1024), on_file=take_upload, lazy=True)
        Heading(tr("levers"))
        solara.Text(tr("levers_help"), style={"font-size": "12px", "color": "#555"})
        LeverControls(policy_levers(values), lambda chosen: change_levers({**values, **chosen}))
        ShockControls(base, values, state.shock_edits.value, change_shocks)
        ReformAdder(base.steps)
        ShareBox(base, None if state.uploaded.value is not None else state.source.value,
                 state.lever_edits.value, state.added_reforms.value, state.shock_edits.value)


@solara.component
def Controls(run: LiveRun | None, day: int, rate: float):
    """Play / pause / step / reset, the speed, the day counter and the shown rate.

    ``day`` is passed so the controls redraw when the run advances (a component is only redrawn
    when its arguments change).
    """
    playing = state.playing.value
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="8px"):
        if playing:
            solara.Button(tr("pause"), icon_name="mdi-pause", on_click=stop, color="warning", classes=["btn-pause"])
        else:
            solara.Button(
                tr("play"),
                icon_name="mdi-play",
                on_click=play,
                color="primary",
                disabled=run is None or run.done,
                classes=["btn-play"],
            )
        solara.Button(
            tr("step"),
            icon_name="mdi-step-forward",
            on_click=step_once,
            disabled=run is None or playing or run.done,
            classes=["btn-step"],
        )
        solara.Button(tr("reset"), icon_name="mdi-restart", on_click=reset, classes=["btn-reset"])
        solara.Select(
            tr("speed"),
            values=list(SPEEDS),
            value=state.speed.value,
            on_value=lambda v: state.speed.set(v if v in SPEEDS else 10),
            style={"max-width": "170px"},
        )
        if run is not None:
            solara.Text(
                f"{tr('day', day=day)} {tr('of_days', steps=run.scenario.steps)}",
                classes=["day-counter"],
                style={"font-weight": "600"},
            )
        if playing or rate:
            solara.Text(tr("shown_rate", rate=rate), classes=["shown-rate"], style={"color": "#555"})


@solara.component
def CityAndFlow():
    """The city picture with the follow panel, and the Sankey of issue flow.

    They are redrawn about once a second while playing.
    """
    colour_by = state.colour_by.value
    language = lang.value
    run = state.live.value
    tick = state.city_tick.value
    data = solara.use_memo(lambda: run.snapshot() if run is not None else None, [run, tick])
    followed = followed_compound.value
    city = solara.use_memo(
        lambda: charts.city_treemap(data["compounds"], colour_by, language, followed) if data else None,
        [run, tick, colour_by, language, followed],
    )
    flow = solara.use_memo(
        lambda: charts.sankey(data["flows"], language) if data and data["flows"] else None, [run, tick, language]
    )
    if data is None:
        return
    with solara.Column():
        with solara.Row(style={"align-items": "flex-start", "flex-wrap": "wrap"}, gap="16px"):
            with solara.Column(style={"flex": f"0 1 {charts.CITY_WIDTH}px", "min-width": "0", "overflow-x": "auto"}):
                Heading(tr("city_picture"))
                with solara.Row(style={"align-items": "center"}):
                    solara.Text(tr("colour_by"), style={"font-size": "12px"})
                    with solara.ToggleButtonsSingle(value=colour_by, on_value=state.colour_by.set):
                        for key in ("backlog", "satisfaction"):
                            solara.Button(tr(f"city_{key}"), value=key, small=True)
                with solara.Div(classes=["city-picture"]):
                    solara.FigurePlotly(city, on_click=city_click(city))
            with solara.Column(style={"flex": "1 1 340px", "min-width": "0"}):
                FollowPanel(run, data["compounds"], tick)
        with solara.Column():
            Heading(tr("flow"))
            solara.Text(tr("flow_help"), style={"font-size": "12px", "color": "#555"})
            if flow is not None:
                solara.FigurePlotly(flow)
            else:
                solara.Text(tr("no_flow"))


@solara.component
def LiveView():
    """Everything that changes as the run advances; only this part redraws each frame."""
    _frames, rate = state.frame.value
    run = state.live.value
    language = lang.value
    steps = run.scenario.steps if run is not None else 365
    marks = charts.reform_marks(run.model, language) if run is not None else ()
    start = run.scenario.start_date if run is not None else base_scenario().start_date
    skeleton, columns = solara.use_memo(lambda: charts.explore_timeseries(language, steps, marks, start=start),
                                        [language, steps, marks, start])
    day = run.day if run is not None else 0
    Controls(run, day, rate)
    ErrorBox(state.explore_error.value)
    if run is None:
        return
    with run.lock:
        day, metrics = run.day, dict(run.model.metrics)
        frame = run.model.datacollector.get_model_vars_dataframe()
    if run.done:
        solara.Info(tr("finished"))
    MetricTiles(metrics, TILES)
    Heading(tr("charts"))
    # The page keeps the same parts in the same places whatever is shown: a chart widget
    # replaced by the play loop's thread while the browser still draws it breaks the page, so
    # optional parts sit in a Div of their own.
    with solara.Div():
        if len(frame) < 2:  # only day 0: no line to draw yet
            solara.Info(tr("charts_empty"), classes=["charts-empty"])
    with solara.Div(classes=["outcome-charts"]):
        LiveLines(skeleton, columns, frame, day, start)
    HitAreaView(run.model, language, metrics, frame, day)  # the area a disaster hit, when the run has one


@solara.component
def Page():
    """The Explore page."""
    search = solara.use_router().search
    solara.use_effect(lambda: open_link(search), [search])
    solara.use_effect(lambda: stop, [])  # leaving the page pauses the run
    with solara.Row(style={"align-items": "flex-start"}, gap="16px"):
        Sidebar()
        with solara.Column(style={"flex": "1", "min-width": "0"}):
            LiveView()
            CityAndFlow()
