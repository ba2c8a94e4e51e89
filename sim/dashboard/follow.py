"""Follow a case on Explore: a compound's recent cases, one case's path, and the resident who raised it.

The panel beside the city picture; a click on a compound's box (or the list) picks the compound,
a case in its list shows the case's path, and the case's resident opens with their needs,
satisfaction and trust, noted day by day from then on.
"""

from __future__ import annotations

import solara

from sim.dashboard import cases, charts, state
from sim.dashboard.components import CaseList, CaseTimeline, Heading, NeedBars
from sim.dashboard.i18n import COMPOUND_TYPE_NAMES, lang, pick, tr
from sim.dashboard.jobs import LiveRun

FOLLOW_EVERY = 3  # the follow panel reads the model on every 3rd city redraw while playing

# Following a case (per browser session, like the reactives in sim.dashboard.state)
followed_compound = solara.reactive(None)  # compound whose recent cases are listed
followed_case = solara.reactive(None)  # id of the case whose path is shown
follower = solara.reactive(None)  # cases.Follower of the resident shown



def pick_compound(compound: int | None) -> None:
    """List the recent cases of a compound (a click on the city picture or the list)."""
    followed_compound.value = compound
    followed_case.value = None


def pick_case(case_id: int | None) -> None:
    """Show the path of a case."""
    followed_case.value = case_id


def follow_resident(row: int | None) -> None:
    """Open a resident: their needs, cases, satisfaction and trust, noted from now on."""
    run = state.live.value
    if row is None or run is None:
        follower.value = None
        return
    who = cases.Follower(row)
    with run.lock:
        who.record(run.model)
    follower.value = who


def city_click(figure):
    """A click handler for the city picture: a click on a compound's box follows it."""

    def on_click(data: dict) -> None:
        indexes = ((data or {}).get("points") or {}).get("point_indexes") or []
        ids = figure.data[0].ids
        if indexes and 0 <= indexes[0] < len(ids) and ids[indexes[0]].startswith("k"):
            pick_compound(int(ids[indexes[0]][1:]))

    return on_click


@solara.component
def CompoundSelect(compounds, value: int | None):
    """The compounds by number and type, to pick one without clicking the picture."""
    items = [
        {"text": f"{row.compound} · {pick(COMPOUND_TYPE_NAMES.get(row.type, (row.type, row.type)))}",
         "value": int(row.compound)}
        for row in compounds.itertuples()
    ]
    solara.v.Select(
        label=tr("compound_pick"),
        items=items,
        v_model=value,
        on_v_model=lambda v: pick_compound(int(v)) if v is not None else None,
        dense=True,
        class_="compound-select",
        style_="max-width: 260px;",
    )


@solara.component
def FollowPanel(run: LiveRun, compounds, tick: int):
    """Follow a case: a compound's recent cases, one case's path, and the resident who raised it.

    ``tick`` (the city's redraw counter) refreshes the panel: after every step, and every
    ``FOLLOW_EVERY`` city redraws while playing (reading the issue table takes a good part of a
    frame late in a run, and a list that changes every second cannot be read anyway).
    """
    language = lang.value
    compound, case_id, who = followed_compound.value, followed_case.value, follower.value
    row = who.row if who is not None else None
    due = tick - tick % FOLLOW_EVERY if state.playing.value else tick

    def read():
        with run.lock:
            return cases.read_follow(run.model, compound, case_id, row, language)

    data = solara.use_memo(read, [run, due, compound, case_id, row, language])
    with solara.Column(gap="4px", classes=["follow-panel"]):
        Heading(tr("follow_case"))
        solara.Text(tr("follow_help"), style={"font-size": "12px", "color": "#555"})
        CompoundSelect(compounds, compound)
        with solara.Div():  # each optional part in a Div of its own (see LiveView)
            if "cases" in data:
                CaseList(
                    tr("recent_cases", place=tr("compound_n", n=compound)), data["cases"], case_id, pick_case
                )
        with solara.Div():
            if "case" in data:
                title, summary, hops, resident = data["case"]
                solara.Button(
                    tr("close_panel"), icon_name="mdi-close", text=True, small=True,
                    on_click=lambda: pick_case(None), classes=["btn-close-case"],
                )
                CaseTimeline(title, summary, hops, lambda: follow_resident(resident))
        with solara.Div():
            if "resident" in data:
                ResidentCard(data["resident"], data["resident_cases"], list(who.history), case_id)


@solara.component
def ResidentCard(view: dict, resident_cases: list, history: list, case_id: int | None):
    """The followed resident: needs by domain, satisfaction and trust now and since followed, and their cases.

    Clicking one of their cases shows its path.
    """
    with solara.Div(
        classes=["resident-view"],
        style={"border": "1px solid #ddd", "border-radius": "6px", "padding": "6px 10px", "margin-top": "6px"},
    ):
        with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
            Heading(view["title"], level=4)
            solara.Button(
                tr("close_panel"), icon_name="mdi-close", text=True, small=True,
                on_click=lambda: follow_resident(None), classes=["btn-close-resident"],
            )
        solara.Text(view["now"], classes=["resident-now"], style={"font-size": "13px"})
        solara.Text(tr("needs_by_domain"), style={"font-size": "12px", "color": "#555"})
        NeedBars(view["needs"])
        solara.Text(tr("resident_history"), style={"font-size": "12px", "color": "#555"})
        with solara.Div():
            if len(history) < 2:
                solara.Text(tr("history_wait"), style={"font-size": "12px"}, classes=["history-wait"])
        with solara.Div(classes=["resident-history"]):
            solara.FigurePlotly(charts.resident_history(history, lang.value))
        CaseList(tr("resident_cases"), resident_cases, case_id, pick_case)
