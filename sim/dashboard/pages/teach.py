"""Teach: guided workshop stories — question, prediction, the run, the mechanism."""

from __future__ import annotations

import solara

from sim.analysis.stats import difference
from sim.dashboard import cases, charts, state
from sim.dashboard.background import JobState, start_job
from sim.dashboard.components import CaseTimeline, ErrorBox, Heading
from sim.dashboard.i18n import lang, outcome_name, pick, tr
from sim.dashboard.jobs import Arm, ArmResults, replicate_seeds, run_arms
from sim.dashboard.stories import STORIES, Story
from sim.scenario import ScenarioError, load_scenario

CHOICES = ("up", "down", "same")


def story_arms(story: Story) -> list[Arm]:
    """The before and after scenarios of a story, on the classroom preset."""
    return [
        Arm(pick(story.labels[0]), load_scenario("classroom", story.before)),
        Arm(pick(story.labels[1]), load_scenario("classroom", story.after)),
    ]


def predict(story: Story, choice: str) -> None:
    """Keep the student's prediction for a story."""
    state.predictions.value = {**state.predictions.value, story.id: choice}


def run_story(story: Story) -> None:
    """Run a story's two scenarios in the session's background thread."""
    try:
        arms = story_arms(story)
    except ScenarioError as err:
        state.teach_job.value = JobState("error", error=str(err))
        return
    start_job(state.teach_job, lambda progress, stop: story_job(story, arms, progress, stop))


def story_job(story: Story, arms: list[Arm], progress, stop) -> tuple | None:
    """The runs of a story: (story id, ArmResults, the case told from each arm — or None per arm).

    For a story that follows cases, one more run of each arm (with the first replicate's seed)
    picks a telling case (:func:`sim.dashboard.cases.telling_case`) and tells its path in both
    languages.
    """
    outcome = run_arms(arms, story.replicates, story.steps, [story.outcome], progress, stop)
    if outcome is None:
        return None
    told = []
    if story.follow:
        seed = replicate_seeds(arms[0].scenario.seed, 1)[0]
        told = [cases.story_case(arm.scenario, seed, story.steps) for arm in arms]
    return story.id, outcome, told


def observed(outcome: ArmResults, story: Story) -> str:
    """What the runs showed: "up", "down" or "same" (no significant difference)."""
    before, after = (outcome.finals[label][story.outcome] for label in outcome.finals)
    d = difference(before, after)
    if not d.significant:
        return "same"
    return "up" if d.diff > 0 else "down"


@solara.component
def StoryCases(labels: list[str], told: list):
    """One telling case from each scenario of a story, as timelines side by side."""
    Heading(tr("story_cases"), level=4)
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}, gap="16px", classes=["story-cases"]):
        for label, case in zip(labels, told, strict=True):
            with solara.Column(style={"flex": "1 1 360px", "min-width": "0"}):
                solara.Text(label, style={"font-weight": "600"})
                if case is None:
                    solara.Text(tr("story_case_none"))
                else:
                    CaseTimeline(*case[lang.value])


@solara.component
def StoryResult(story: Story, outcome: ArmResults, told: list | None = None):
    """The numbers, the chart, whether the prediction held, the cases told (if any), and why."""
    labels = list(outcome.finals)
    means = [float(outcome.finals[label][story.outcome].mean()) for label in labels]
    Heading(tr("what_happened"), level=4)
    solara.Text(
        tr(
            "story_result",
            outcome=outcome_name(story.outcome),
            before_label=labels[0],
            before=means[0],
            after_label=labels[1],
            after=means[1],
            n=outcome.replicates,
        ),
        classes=["story-result"],
    )
    guess = state.predictions.value.get(story.id)
    if guess:
        right = guess == observed(outcome, story)
        (solara.Success if right else solara.Warning)(tr("pred_right" if right else "pred_wrong"))
    shown = [o for o in (story.outcome, *story.also) if all(o in f for f in outcome.finals.values())]
    solara.FigurePlotly(
        charts.bars_figure(
            outcome.finals,
            shown,
            {
                (labels[1], o): difference(outcome.finals[labels[0]][o], outcome.finals[labels[1]][o]).significant
                for o in shown
            },
        )
    )
    if told:
        StoryCases(labels, told)
    Heading(tr("why"), level=4)
    solara.Text(pick(story.why), classes=["story-why"])


@solara.component
def Page():
    """The Teach page."""
    index = min(max(state.story.value, 0), len(STORIES) - 1)
    story = STORIES[index]
    job = state.teach_job.value
    solara.Text(tr("teach_intro"))
    with solara.ToggleButtonsSingle(value=index, on_value=state.story.set):
        for i, s in enumerate(STORIES):
            solara.Button(pick(s.title), value=i, disabled=job.running)
    with solara.Card(pick(story.title)):
        Heading(tr("question"), level=4)
        solara.Text(pick(story.question), classes=["story-question"])
        Heading(tr("your_prediction"), level=4)
        guess = state.predictions.value.get(story.id)
        with solara.Row(gap="8px"):
            for choice in CHOICES:
                solara.Button(
                    tr(choice),
                    disabled=job.running,
                    classes=[f"predict-{choice}"],
                    color="primary" if guess == choice else None,
                    outlined=guess != choice,
                    on_click=lambda c=choice: predict(story, c),
                )
        if guess is None:
            solara.Text(tr("pick_first"), style={"font-size": "12px", "color": "#555"})
        solara.Button(
            tr("run_story"),
            icon_name="mdi-play",
            color="primary",
            disabled=guess is None or job.running,
            on_click=lambda: run_story(story),
            classes=["btn-run-story"],
        )
        if job.running:
            solara.ProgressLinear(value=100 * job.done / max(job.total, 1))
            solara.Text(tr("running"))
        elif job.status == "error":
            ErrorBox(job.error or "", "failed_title")
        elif job.status == "done" and job.result and job.result[0] == story.id:
            StoryResult(story, job.result[1], job.result[2])
