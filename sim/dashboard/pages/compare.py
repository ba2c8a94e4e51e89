"""Compare: two to four scenarios, N replicates each in the background, with CIs and verdicts.

An arm is ``{"source": preset, "levers": {...}}``, with ``"reforms"`` (as Explore adds them) when the
Options page opened a package here, and ``"shocks"`` (:mod:`sim.dashboard.shocks`) when its shocks were set.
"""

from __future__ import annotations

import string

import solara

from sim.analysis.stats import difference
from sim.dashboard import charts, scenarios, sharing, state
from sim.dashboard.background import JobState, cancel_job, start_job
from sim.dashboard.compare_brief import CompareBriefBox
from sim.dashboard.components import ErrorBox, Heading, LeverControls, OutcomeSelect, PresetSelect
from sim.dashboard.i18n import lang, tr
from sim.dashboard.jobs import Arm, ArmResults, run_arms
from sim.dashboard.levers import changed_levers, lever_values
from sim.dashboard.share_panel import CompareShareBox
from sim.dashboard.sharing import edited_scenario
from sim.dashboard.shock_panel import ShockControls, policy_levers
from sim.dashboard.stats import verdict
from sim.scenario import ScenarioError
from sim.scenario.timeline import reform_start

KEEP = (
    "resolution_rate",
    "resolved_within_7_days",
    "satisfaction_mean",
    "trust_mean",
    "issues_open",
    "community_admin_share",
    "bounces_per_issue",
    "median_days_to_resolve",
)
BAR_OUTCOMES = ("resolution_rate", "resolved_within_7_days", "satisfaction_mean", "community_admin_share")
VERDICT_OUTCOMES = (
    *BAR_OUTCOMES,
    "median_days_to_resolve",
    "bounces_per_issue",
    "satisfaction_gap",
    "staff_hours_per_resolved",
)
MIN_ARMS, MAX_ARMS = 2, 4
MAX_REPLICATES, MAX_DAYS = 30, 730


def arm_label(index: int, arm: dict) -> str:
    """A · preset name, with a mark when its levers were edited."""
    edited = "✎" if arm["levers"] or arm.get("reforms") or arm.get("shocks") else ""
    return f"{string.ascii_uppercase[index]} · {arm['source']}{edited}"


def build_arms(specs: list[dict]) -> list[Arm]:
    """Validated scenarios for the arms (raises ScenarioError with the command line's message)."""
    arms = []
    for i, spec in enumerate(specs):
        base = scenarios.load(spec["source"])
        arms.append(Arm(arm_label(i, spec), edited_scenario(base, spec["levers"], spec.get("reforms", []),
                                                            spec.get("shocks"))))
    return arms


def arm_reforms(specs: list[dict]) -> list[tuple[int, int, object, object]]:
    """Every arm's reforms as (arm index, starting day, reform, scenario), for notes and marks."""
    found = []
    for i, spec in enumerate(specs):
        try:
            scenario = edited_scenario(scenarios.load(spec["source"]), spec["levers"], spec.get("reforms", []),
                                       spec.get("shocks"))
        except ScenarioError:
            continue
        found.extend((i, reform_start(scenario, reform), reform, scenario) for reform in scenario.reforms)
    return found


def reform_marks(specs: list[dict], days: int) -> tuple[tuple[int, str], ...]:
    """(day, label) of each arm's reform within the days compared, for the time chart."""
    return tuple((day, f"{string.ascii_uppercase[i]}: {reform.name or tr('reform')} {scenario.day_date(day)}")
                 for i, day, reform, scenario in arm_reforms(specs) if day < days)


def reform_notes(specs: list[dict], days: int) -> list[str]:
    """A note for each arm whose reform starts on or after the last day compared (it would not show).

    Args:
        specs: the arms as chosen.
        days: the days to compare.

    Returns:
        One line per such reform, in the session's language.
    """
    return [tr("reform_after_days", arm=string.ascii_uppercase[i], date=scenario.day_date(start), day=start,
               need=start + max(reform.ramp_days, 30))
            for i, start, reform, scenario in arm_reforms(specs) if start >= days]


def open_link(search: str | None) -> None:
    """Set the arms a shared Compare link carries (``compare?s=…``), once per link.

    A damaged or tampered link gives one message and the default arms.
    """
    token = sharing.link_token(search)
    if token is None or token == state.compare_link.value or state.compare_job.value.running:
        return
    state.compare_link.value = token
    try:
        state.arms.value = sharing.decode_arms(token, MIN_ARMS, MAX_ARMS)
        state.compare_link_message.value = ""
    except sharing.LinkError as err:
        state.arms.value = scenarios.default_arms()
        state.compare_link_message.value = tr("bad_compare_link", why=str(err))
    state.compare_job.value = JobState()  # results shown were for other arms


def start_comparison() -> None:
    """Start the session's comparison in a background thread."""
    try:
        arms = build_arms(state.arms.value)
    except ScenarioError as err:
        state.compare_job.value = JobState("error", error=str(err))
        return
    reps = min(max(int(state.replicates.value), 2), MAX_REPLICATES)
    days = min(max(int(state.compare_days.value), 1), MAX_DAYS)
    vary = bool(state.compare_vary_city.value)
    start_job(state.compare_job,
              lambda progress, stop: run_arms(arms, reps, days, list(KEEP), progress, stop, vary_city=vary))


def significance(outcome: ArmResults) -> dict[tuple[str, str], bool]:
    """Whether each arm differs from A on each bar outcome (95% bootstrap CI excludes zero)."""
    labels = list(outcome.finals)
    marks = {}
    for label in labels[1:]:
        for name in BAR_OUTCOMES:
            a, b = outcome.finals[labels[0]].get(name), outcome.finals[label].get(name)
            if a is not None and b is not None:
                marks[(label, name)] = difference(a, b).significant
    return marks


@solara.component
def ArmEditor(index: int, spec: dict):
    """One scenario of the comparison: preset and, folded away, its levers."""
    running = state.compare_job.value.running

    def update(**changes):
        specs = list(state.arms.value)
        specs[index] = {**specs[index], **changes}
        state.arms.value = specs

    def remove():
        specs = list(state.arms.value)
        del specs[index]
        state.arms.value = specs

    base = solara.use_memo(lambda: scenarios.load(spec["source"]), [spec["source"]])
    title = f"{string.ascii_uppercase[index]} · {scenarios.title(spec['source'], lang.value)}"
    edited = "✎" if spec["levers"] or spec.get("reforms") or spec.get("shocks") else ""
    levers = {**lever_values(base), **spec["levers"]}
    with solara.Card(title + edited, style={"min-width": "260px", "flex": "1"}):
        PresetSelect(spec["source"], lambda v: update(source=v, levers={}, reforms=[], shocks={}), disabled=running)
        with solara.Details(tr("edit_levers")):
            LeverControls(
                policy_levers(levers),
                lambda values: update(levers=changed_levers(base, {**levers, **values})),
                disabled=running,
            )
        with solara.Details(tr("edit_shocks")):
            ShockControls(base, levers, spec.get("shocks", {}), disabled=running,
                          on_change=lambda new, shocks: update(levers=changed_levers(base, new), shocks=shocks))
        if len(state.arms.value) > MIN_ARMS:
            solara.Button(tr("remove"), on_click=remove, text=True, disabled=running)


@solara.component
def ResultsView(outcome: ArmResults):
    """Bands over time, bars with CIs and significance marks, and the verdicts."""
    OutcomeSelect(tr("outcome"), list(KEEP), state.compare_outcome.value, state.compare_outcome.set)
    series = {
        label: s[state.compare_outcome.value] for label, s in outcome.series.items() if state.compare_outcome.value in s
    }
    marks = reform_marks(state.arms.value, int(state.compare_days.value))
    start = next(iter(outcome.scenarios.values())).start_date  # arm A's day 0
    solara.FigurePlotly(charts.bands_figure(series, state.compare_outcome.value, reforms=marks, start=start))
    bars = [o for o in BAR_OUTCOMES if all(o in f for f in outcome.finals.values())]
    solara.FigurePlotly(charts.bars_figure(outcome.finals, bars, significance(outcome)))
    Heading(tr("verdicts"))
    labels = list(outcome.finals)
    with solara.Column(classes=["verdicts"]):
        for label in labels[1:]:
            for name in VERDICT_OUTCOMES:
                a, b = outcome.finals[labels[0]].get(name), outcome.finals[label].get(name)
                if a is None or b is None:
                    continue
                d = difference(a, b)
                text = verdict(name, labels[0], label, d)
                solara.Text(
                    ("✔ " if d.significant else "· ") + text, style={"font-weight": "600" if d.significant else "400"}
                )
    CompareBriefBox(outcome)


@solara.component
def ReformNotes(specs: list[dict], days: int):
    """A warning for each arm whose reform the days compared would not reach."""
    for note in reform_notes(specs, days):
        solara.Warning(note, classes=["reform-note"])


@solara.component
def RunSettings(running: bool):
    """Replicates, days, whether replicates vary the city, and notes on reforms the days miss."""
    solara.SliderInt(
        f"{tr('replicates')}: {state.replicates.value}",
        value=state.replicates.value,
        min=2,
        max=MAX_REPLICATES,
        on_value=state.replicates.set,
        disabled=running,
    )
    ReformNotes(state.arms.value, int(state.compare_days.value))
    solara.Checkbox(label=tr("vary_city"), value=state.compare_vary_city, disabled=running)
    solara.SliderInt(
        f"{tr('days')}: {state.compare_days.value}",
        value=state.compare_days.value,
        min=10,
        max=MAX_DAYS,
        step=10,
        on_value=state.compare_days.set,
        disabled=running,
    )


@solara.component
def Page():
    """The Compare page."""
    job = state.compare_job.value
    search = solara.use_router().search
    solara.use_effect(lambda: open_link(search), [search])
    solara.Text(tr("compare_intro"))
    if state.compare_link_message.value:
        solara.Warning(state.compare_link_message.value, classes=["link-message"])
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}, gap="12px"):
        for i, spec in enumerate(state.arms.value):
            ArmEditor(i, spec)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="12px"):
        if len(state.arms.value) < MAX_ARMS:
            solara.Button(
                tr("add_scenario"),
                icon_name="mdi-plus",
                disabled=job.running,
                classes=["btn-add-arm"],
                on_click=lambda: state.arms.set([*state.arms.value, scenarios.default_arms()[0]]),
            )
        RunSettings(job.running)
        if job.running:
            solara.Button(
                tr("cancel"),
                icon_name="mdi-stop",
                classes=["btn-cancel"],
                on_click=lambda: cancel_job(state.compare_job),
                color="warning",
            )
        else:
            solara.Button(
                tr("run_compare"),
                icon_name="mdi-play",
                on_click=start_comparison,
                color="primary",
                classes=["btn-run-compare"],
            )
    if job.running:
        total = job.total or state.replicates.value * len(state.arms.value)
        solara.ProgressLinear(value=100 * job.done / max(total, 1))
        solara.Text(tr("progress", done=job.done, total=total), classes=["compare-progress"])
    elif job.status == "cancelled":
        solara.Text(tr("cancelled"))
    elif job.status == "error":
        ErrorBox(job.error or "", "failed_title")
    elif job.status == "done" and job.result is not None:
        ResultsView(job.result)
    CompareShareBox(state.arms.value)
