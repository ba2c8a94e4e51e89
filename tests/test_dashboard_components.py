"""Dashboard tests without a browser: i18n, levers, results confinement, uploads, statistics, and
the pages rendered with ``solara.render`` and driven by clicking their widgets."""

from __future__ import annotations

import datetime as dt
import json
import string
import time

import ipyvuetify as v
import numpy as np
import pandas as pd
import pytest
import solara
from dashboard_session import fresh_session  # noqa: F401  (the autouse fixture)

from sim import GovernanceModel
from sim.analysis import stats as analysis_stats
from sim.core.outcomes import OUTCOMES, Outcome
from sim.dashboard import cases, charts, follow, i18n, scenarios, state, stats
from sim.dashboard.i18n import STRINGS, outcome_name, tr
from sim.dashboard.jobs import Arm, LiveRun, replicate_seeds, run_arms
from sim.dashboard.levers import LEVERS, changed_levers, lever_values
from sim.dashboard.pages import compare, explore, results, teach
from sim.dashboard.results_io import (
    ResultsError,
    experiment_dir,
    list_experiments,
    load_experiment,
)
from sim.dashboard.stories import STORIES
from sim.scenario import ScenarioError, load_scenario


def wait_for(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def texts(rc) -> str:
    """All text shown by the rendered widgets, joined."""
    found = []
    for kind in (v.Html, v.Alert):
        for widget in rc.find(kind).widgets:
            found.extend(c for c in widget.children if isinstance(c, str))
    return "\n".join(found)


def make_experiment(folder, n_rep=4):
    """A small experiment folder in the results format: runs.parquet and manifest.json."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    rows = []
    for point, delegation in enumerate((0.1, 0.5, 0.9)):
        for rep in range(n_rep):
            rows.append(
                {
                    "run_id": f"{point}-{rep}",
                    "point": point,
                    "replicate": rep,
                    "seed": 100 + rep,
                    "power.delegation": delegation,
                    "resolution_rate": 0.5 + 0.3 * delegation + rng.normal(0, 0.01),
                    "satisfaction_mean": 0.6 + rng.normal(0, 0.01),
                }
            )
    pd.DataFrame(rows).to_parquet(folder / "runs.parquet")
    (folder / "manifest.json").write_text(
        json.dumps({"design": "grid", "factors": {"power.delegation": [0.1, 0.5, 0.9]}, "replicates": n_rep})
    )
    return folder


# --- words ---------------------------------------------------------------------------------


def test_every_string_exists_in_both_languages_with_the_same_fields():
    fields = string.Formatter()
    labels = {name: o.label for name, o in OUTCOMES.items()}
    for key, (zh, en) in {**STRINGS, **labels}.items():
        assert zh.strip() and en.strip(), key
        assert {f for _, f, _, _ in fields.parse(zh) if f} == {f for _, f, _, _ in fields.parse(en) if f}, key
    for lever in LEVERS:
        assert lever.label("zh") != lever.label("en")
        assert lever.explain("zh") and lever.explain("en")
    for story in STORIES:
        assert all(pair[0] and pair[1] for pair in (story.title, story.question, story.why))


def test_every_model_outcome_has_a_bilingual_name():
    metrics = LiveRun(load_scenario("classroom", {"steps": 5})).model.metrics
    for name in metrics:
        assert outcome_name(name, "zh") != outcome_name(name, "en"), name
        assert name not in (outcome_name(name, "zh"), outcome_name(name, "en")), name


def test_names_and_verdicts_come_from_the_outcome_registry(monkeypatch):
    """An outcome declared in sim.core.outcomes is named and judged with no dashboard edit."""
    monkeypatch.setitem(OUTCOMES, "queue_minutes", Outcome(
        "queue_minutes", ("排隊分鐘", "minutes in the queue"), "minutes", False, "minutes waited"))
    assert outcome_name("queue_minutes", "zh") == "排隊分鐘"
    assert outcome_name("queue_minutes", "en") == "minutes in the queue"
    a = np.linspace(10.0, 12.0, 20)
    text = stats.verdict("queue_minutes", "A", "B", analysis_stats.difference(a, a * 1.3), "en")
    assert "more minutes in the queue" in text and text.endswith(" (worse).")
    monkeypatch.setitem(OUTCOMES, "queue_minutes", Outcome(
        "queue_minutes", ("排隊分鐘", "minutes in the queue"), "minutes", None, "minutes waited"))
    text = stats.verdict("queue_minutes", "A", "B", analysis_stats.difference(a, a * 1.3), "en")
    assert "(better)" not in text and "(worse)" not in text


# --- levers --------------------------------------------------------------------------------


def test_lever_ranges_are_accepted_by_the_scenario_schema():
    base = load_scenario("classroom")
    values = lever_values(base)
    for lever in LEVERS:
        assert lever.key in values
        offered = {"bool": (False, True), "choice": lever.choices}.get(lever.kind, (lever.low, lever.high))
        for end in offered:
            load_scenario(base, {lever.key: end})  # raises if the control offered a bad value
        if lever.kind == "float":
            assert lever.clip(lever.high + 5) == lever.high
            assert lever.clip(-3) == lever.low
    assert changed_levers(base, {"power.delegation": 7, "no.such": 1}) == {"power.delegation": 1.0}


def test_a_categorical_lever_offers_its_choices_by_name():
    """The project allocation lever is a drop-down of its three choices, named in both languages."""
    lever = next(lv for lv in LEVERS if lv.key == "projects.allocation")
    assert lever.kind == "choice" and lever.choices == ("administrative", "market", "demand")
    assert lever.choice_label("demand", "zh") == "需求導向"
    assert lever.choice_label("market", "en").startswith("market")
    assert lever.clip("demand") == "demand" and lever.clip("no such") == "administrative"
    base = load_scenario("classroom")
    assert changed_levers(base, {"projects.allocation": "demand"}) == {"projects.allocation": "demand"}


# --- results folders -----------------------------------------------------------------------


def test_results_folders_are_confined_to_the_root(tmp_path):
    root = tmp_path / "results"
    make_experiment(root / "sweep")
    make_experiment(tmp_path / "outside")
    (root / "escape").symlink_to(tmp_path / "outside")
    assert list_experiments(root) == ["sweep"]
    assert experiment_dir(root, "sweep") == (root / "sweep").resolve()
    for bad in ("../outside", str(tmp_path / "outside"), "escape", "", ".", "sweep/../..", "no_such"):
        with pytest.raises(ResultsError):
            experiment_dir(root, bad)
    with pytest.raises(ResultsError):
        load_experiment(root, "escape")


def test_an_experiment_is_read_with_its_factors_and_outcomes(tmp_path):
    make_experiment(tmp_path / "sweep")
    exp = load_experiment(tmp_path, "sweep")
    assert exp.factors == ["power.delegation"]
    assert exp.outcomes == ["resolution_rate", "satisfaction_mean"]
    assert len(exp.runs) == 12 and exp.manifest["design"] == "grid"


def test_results_page_opens_an_experiment_and_plots_by_factor(tmp_path):
    make_experiment(tmp_path / "sweep")
    _box, rc = solara.render(results.Page(root=tmp_path), handle_error=False)
    assert "sweep" in rc.find(v.Select).widget.items
    state.experiment.value = "sweep"
    shown = texts(rc)
    assert tr("runs_count", runs=12, points=3, reps=4) in shown
    assert "power.delegation" in shown
    from plotly.graph_objs._figurewidget import FigureWidget

    fig = rc.find(FigureWidget).widget
    wait_for(lambda: len(fig.data) == 1)
    means = list(fig.data[0].y)
    assert means[0] < means[1] < means[2]  # the synthetic data rise with delegation
    state.experiment.value = "../../etc"  # whatever is typed: not offered, nothing opened
    assert tr("runs_count", runs=12, points=3, reps=4) not in texts(rc)


# --- uploads -------------------------------------------------------------------------------


def test_uploaded_scenario_is_limited_and_validated_like_the_command_line(tmp_path):
    good = b'name = "mine"\nsteps = 20\n[power]\ndelegation = 0.6\n'
    assert scenarios.parse_upload("mine.toml", good).power.delegation == 0.6
    with pytest.raises(ScenarioError, match="larger than"):
        scenarios.parse_upload("big.toml", b"#" * (scenarios.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ScenarioError, match="not valid TOML"):
        scenarios.parse_upload("bad.toml", b"name = = 1")
    bad = b"[power]\ndelegation = 3\n"
    path = tmp_path / "bad.toml"
    path.write_bytes(bad)
    with pytest.raises(ScenarioError) as from_file:
        load_scenario(path)
    with pytest.raises(ScenarioError) as from_upload:
        scenarios.parse_upload("../../bad.toml", bad)
    assert str(from_upload.value) == str(from_file.value).replace(str(path), "bad.toml")
    with pytest.raises(ScenarioError):
        scenarios.load("/etc/passwd")  # only offered names


# --- statistics ----------------------------------------------------------------------------


def test_confidence_intervals_and_verdicts():
    rng = np.random.default_rng(3)
    a = rng.normal(0.5, 0.02, 20)
    b = a * 1.2
    mean, lo, hi = analysis_stats.mean_ci(a)
    assert lo < mean < hi and hi - lo < 0.05
    d = analysis_stats.difference(a, b)
    assert d.significant and d.rel == pytest.approx(0.2) and d.rel_lo <= 0.2 <= d.rel_hi
    text = stats.verdict("resolved_within_7_days", "A", "B", d, "en")
    assert text.startswith("B has 20% (CI") and "more share resolved within 7 days" in text
    assert "(better)" in text
    same = analysis_stats.difference(a, a + rng.normal(0, 0.001, 20))
    assert not same.significant
    assert stats.verdict("issues_open", "A", "B", same, "zh").startswith("B 與 A")
    m, lo_band, hi_band = analysis_stats.band(np.vstack([a, b]).T)
    assert np.all(lo_band <= m) and np.all(m <= hi_band)


def test_replicate_seeds_are_distinct_and_reproducible():
    seeds = replicate_seeds(20191, 6)
    assert len(set(seeds)) == 6 and seeds == replicate_seeds(20191, 6)
    assert all(0 <= s < 2**63 for s in seeds)


# --- pages ---------------------------------------------------------------------------------


def test_explore_steps_resets_and_a_lever_changes_the_run():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    run = state.live.value
    assert run is not None and run.day == 0
    step = rc.find(v.Btn, class_="btn-step")
    for _ in range(3):
        step.widget.click()
    assert run.day == 3
    assert rc.find(v.Html, class_="day-counter").widget.children == [
        f"{tr('day', day=3)} {tr('of_days', steps=run.scenario.steps)}"
    ]
    state.live.value.step(27)
    before = state.live.value.model.metrics["community_admin_share"]
    explore.change_levers({"admin.access_cap": 0.2})  # what moving the slider does
    capped = state.live.value
    assert capped is not run and capped.day == 0
    assert capped.scenario.admin.access_cap == pytest.approx(0.2)
    capped.step(30)
    assert capped.model.metrics["community_admin_share"] < before
    rc.find(v.Btn, class_="btn-reset").widget.click()
    assert state.live.value.day == 0


def test_explore_play_advances_in_the_background_and_pauses():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    state.speed.value = 30
    rc.find(v.Btn, class_="btn-play").widget.click()
    wait_for(lambda: state.live.value.day >= 10 and state.frame.value[1] > 0, timeout=30)
    rc.find(v.Btn, class_="btn-pause").widget.click()
    time.sleep(0.3)
    day = state.live.value.day
    time.sleep(0.5)
    assert state.live.value.day == day and not state.playing.value


def test_explore_shows_an_invalid_upload_like_the_command_line():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    explore.take_upload({"name": "bad.toml", "size": 30, "data": b"[power]\ndelegation = 3\n"})
    assert "bad.toml: power.delegation (given 3)" in state.explore_error.value
    assert "bad.toml: power.delegation" in rc.find(v.Html, tag="pre").widget.children[0]
    explore.take_upload({"name": "big.toml", "size": scenarios.MAX_UPLOAD_BYTES + 1, "data": b""})
    assert state.explore_error.value == tr("too_large", size=256, kb=256)


def test_compare_runs_in_the_background_and_shows_cis_and_verdicts():
    state.arms.value = [
        {"source": "classroom", "levers": {}},
        {"source": "classroom", "levers": {"admin.access_cap": 0.2}},
    ]
    state.replicates.value = 3
    state.compare_days.value = 30
    _box, rc = solara.render(compare.Page(), handle_error=False)
    rc.find(v.Btn, class_="btn-run-compare").widget.click()
    assert state.compare_job.value.running  # the click returned while the runs go on
    wait_for(lambda: not state.compare_job.value.running)
    job = state.compare_job.value
    assert job.status == "done", job.error
    assert (job.done, job.total) == (6, 6)
    labels = list(job.result.finals)
    assert labels == ["A · classroom", "B · classroom✎"]
    wait_for(lambda: tr("verdicts") in texts(rc))  # the job's thread redraws the page
    shown = texts(rc)
    admin = stats.outcome_name("community_admin_share")
    verdicts = [t for t in shown.splitlines() if admin in t and "B · classroom✎" in t]
    assert verdicts and verdicts[0].startswith("✔")  # the cap cuts admin hours clearly


def test_compare_can_be_cancelled():
    state.replicates.value = 10
    state.compare_days.value = 200
    _box, rc = solara.render(compare.Page(), handle_error=False)
    rc.find(v.Btn, class_="btn-run-compare").widget.click()
    rc.find(v.Btn, class_="btn-cancel").widget.click()
    assert state.compare_job.value.status == "cancelled"
    assert tr("cancelled") in texts(rc)


def test_run_arms_pairs_seeds_and_keeps_series():
    arms = [Arm("A", load_scenario("classroom")), Arm("B", load_scenario("classroom", {"joint.whistle": 0.9}))]
    outcome = run_arms(arms, 2, 15, ["issues_open"])
    assert outcome.series["A"]["issues_open"].shape == (2, 16)
    assert set(outcome.finals["B"]) >= {"resolution_rate", "bounces_per_issue"}


def test_teach_story_runs_and_judges_the_prediction():
    state.story.value = 0
    _box, rc = solara.render(teach.Page(), handle_error=False)
    story = STORIES[0]
    assert rc.find(v.Btn, class_="btn-run-story").widget.disabled  # predict first
    state.predictions.value = {story.id: "down"}
    rc.find(v.Btn, class_="btn-run-story").widget.click()
    wait_for(lambda: state.teach_job.value.status != "running")
    assert state.teach_job.value.status == "done", state.teach_job.value.error
    wait_for(lambda: story.why[0] in texts(rc))
    shown = texts(rc)
    observed = teach.observed(state.teach_job.value.result[1], story)
    assert tr("pred_right" if observed == "down" else "pred_wrong") in shown
    assert story.why[0] in shown


def test_language_toggle_switches_every_label():
    from sim.dashboard import app

    def page():
        return solara.RoutingProvider(
            children=[app.Layout(children=[teach.Page()])], routes=app.routes, pathname="/teach"
        )

    _box, rc = solara.render(page(), handle_error=False)
    assert "教學" in texts(rc) or any("教學" in str(b.children) for b in rc.find(v.Btn).widgets)
    rc.find(v.Btn, class_="lang-toggle").widget.click()
    assert i18n.lang.value == "en"
    buttons = " ".join(str(b.children) for b in rc.find(v.Btn).widgets)
    assert "Teach" in buttons and "Explore" in buttons and "教學" not in buttons
    assert STORIES[0].question[1] in texts(rc)


# --- charts legible on their own -----------------------------------------------------------


def test_each_outcome_chart_has_its_own_title_legend_and_colours():
    for language in ("zh", "en"):
        fig, columns = charts.explore_timeseries(language, 90, start=dt.date(2019, 1, 1))
        # dates: row 0 (the state before day 0) on 2018-12-31, day 90's row on 2019-03-31
        assert all(tuple(fig.layout[f"xaxis{a}"].range) == ("2018-12-31", "2019-03-31") for a in ("", "2", "3", "4"))
        assert all(fig.layout[f"xaxis{a}"].type == "date" for a in ("", "2", "3", "4"))
        assert fig.layout.xaxis.title.text == ("日期" if language == "zh" else "date")
        assert ("第 %{customdata} 天" if language == "zh" else "day %{customdata}") in fig.data[0].hovertemplate
        assert [t.name for t in fig.data] == [i18n.outcome_name(c, language) for c in columns]
        colours = [t.line.color for t in fig.data]
        assert len(colours) == len(set(colours)) == 10  # no colour means two lines
        by_legend: dict[str, list[str]] = {}
        for trace in fig.data:
            by_legend.setdefault(trace.legend or "legend", []).append(trace.xaxis)
        assert list(by_legend) == ["legend", "legend2", "legend3", "legend4"]
        assert all(len(set(axes)) == 1 for axes in by_legend.values())  # one legend, one chart
        assert len({axes[0] for axes in by_legend.values()}) == 4
        for i, name in enumerate(by_legend):
            legend = fig.layout[name]
            assert legend.title.text == f"<b>{tr(charts.PANEL_TITLES[i], language)}</b>"
            assert legend.xanchor == "left" and legend.orientation == "v"  # titles never cut off
            y_axis = fig.layout["yaxis" + ("" if i == 0 else str(i + 1))]
            assert legend.y >= y_axis.domain[1]  # above its own plot
            if charts.PANEL_TITLES[i] == "panel_backlog":  # counts, from zero up (its first line is issues_open)
                assert y_axis.rangemode == "tozero" and y_axis.range is None
            else:
                assert tuple(y_axis.range) == (0, 1)


def test_city_colour_scales_start_at_zero_and_the_followed_compound_is_outlined():
    frame = LiveRun(load_scenario("classroom")).model.compound_frame()
    frame.loc[3, "backlog"] = 7
    fig = charts.city_treemap(frame, "backlog", "en", followed=3)
    marker = fig.data[0].marker
    assert (marker.cmin, marker.cmax) == (0.0, 7.0)
    widths = dict(zip(fig.data[0].ids, marker.line.width, strict=True))
    assert widths["k3"] > widths["k2"] == 1
    fig = charts.city_treemap(frame.assign(backlog=0), "backlog", "en")
    assert (fig.data[0].marker.cmin, fig.data[0].marker.cmax) == (0.0, 1.0)  # empty city: 0–1, never −0.4
    assert (charts.city_treemap(frame, "satisfaction").data[0].marker.cmax) == 1.0
    assert charts.sankey({}).data == ()  # no flow yet: an empty chart, not a broken Sankey


def test_explore_shows_a_message_until_the_first_day():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    assert tr("charts_empty") in texts(rc)
    rc.find(v.Btn, class_="btn-step").widget.click()
    assert tr("charts_empty") not in texts(rc)


# --- follow a case, follow a resident ------------------------------------------------------


@pytest.fixture(scope="module")
def city_day_80():
    run = LiveRun(load_scenario("classroom"))
    run.step(80)
    return run.model, run.model.issue_table()


def test_a_case_path_is_told_day_by_day_in_both_languages(city_day_80):
    model, table = city_day_80
    bounced = int(table[(table["bounces"] > 0) & (table["raised"] >= 0)]["id"].iloc[0])  # raised in the record
    path = model.issue_path(bounced)
    for language, raised, bounce in (("zh", "提出", "推諉"), ("en", "raised", "bounced")):
        hops = cases.case_timeline(model, bounced, table, language)
        assert [h.day for h in hops] == path["day"].tolist()
        assert [h.action for h in hops] == path["action"].tolist()
        assert hops[0].label == raised and hops[0].action == "raise"
        assert bounce in [h.label for h in hops]
        first_bounce = next(h for h in hops if h.action == "bounce")
        row = path[path["action"] == "bounce"].iloc[0]
        text = first_bounce.text.lower()
        assert cases.handler_name(model, int(row["source"]), language).lower() in text
        assert cases.handler_name(model, int(row["target"]), language).lower() in text
    assert cases.handler_name(model, model.city_handler_base(2), "en") == "street 0"
    dept = model.city_handler_base(3) + 3
    assert cases.handler_name(model, dept, "zh") == "民政（區 0）"
    assert cases.handler_name(model, dept, "en") == "civil affairs department (district 0)"
    still_open = int(table[table["state"] == "open"]["id"].iloc[0])
    last = cases.case_timeline(model, still_open, table, "en")[-1]
    assert last.action == "open" and f"day {model.day}" in last.text


def test_the_telling_case_is_a_whistled_one_or_the_most_passed(city_day_80):
    _model, table = city_day_80
    passed = table["bounces"] + table["pushdowns"]
    recorded = table["raised"] >= 0  # carried-over cases have their warm-up path unrecorded
    best = cases.telling_case(table)
    assert int(passed[table["id"] == best].iloc[0]) == passed[recorded].max()
    first = int(table.loc[recorded, "id"].iloc[0])
    whistled = table.assign(joint=table["id"] == first)
    assert cases.telling_case(whistled) == first
    carried = int(table.loc[~recorded, "id"].iloc[0]) if (~recorded).any() else None
    if carried is not None:  # a whistled case carried over from the warm-up is not told
        assert cases.telling_case(table.assign(joint=table["id"] == carried)) != carried
    assert cases.telling_case(table.assign(bounces=0, pushdowns=0)) is None


def test_explore_follows_a_compound_a_case_and_its_resident():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    run = state.live.value
    run.step(60)
    explore.redraw()
    table = run.model.issue_table()
    compound = int(table["compound"].iloc[0])
    click = follow.city_click(charts.city_treemap(run.model.compound_frame(), "backlog"))
    ids = list(charts.city_treemap(run.model.compound_frame(), "backlog").data[0].ids)
    click({"event_type": "plotly_click", "points": {"point_indexes": [ids.index(f"k{compound}")]}})
    assert follow.followed_compound.value == compound
    click({"event_type": "plotly_click", "points": {"point_indexes": [ids.index("c0")]}})  # a community
    assert follow.followed_compound.value == compound
    items = [b for b in rc.find(v.Btn).widgets if "case-item" in (b.class_ or "").split()]
    mine = cases.compound_cases(table, compound)
    assert 0 < len(items) == len(mine) and tr("case_n", n=int(mine["id"].iloc[0])) in str(items[0].children)
    items[0].click()
    case_id = int(mine["id"].iloc[0])
    assert follow.followed_case.value == case_id
    sentences = [w.children[0] for w in rc.find(v.Html, class_="hop-text").widgets]
    assert sentences == [h.text for h in cases.case_timeline(run.model, case_id, run.model.issue_table())]
    rc.find(v.Btn, class_="btn-open-resident").widget.click()
    who = follow.follower.value
    assert who.row == int(mine["resident"].iloc[0]) and len(who.history) == 1
    assert rc.find(class_="history-wait").widget.children == [tr("history_wait")]
    for _ in range(3):
        rc.find(v.Btn, class_="btn-step").widget.click()
    assert [h[0] for h in who.history] == [60, 61, 62, 63]
    resident = run.model.resident(who.row)
    assert who.history[-1][1:] == (resident.satisfaction, resident.trust)
    assert not rc.find(class_="history-wait").widgets
    assert f"{resident.satisfaction:.2f}" in rc.find(v.Html, class_="resident-now").widget.children[0]
    rc.find(v.Btn, class_="btn-reset").widget.click()  # a new run: its cases are other cases
    assert follow.followed_case.value is None and follow.follower.value is None
    assert follow.followed_compound.value == compound


def test_a_resident_made_on_demand_can_be_followed():
    state.uploaded.value = scenarios.parse_upload(
        "ondemand.toml", b'name = "ondemand"\n[output]\nresident_agents_limit = 0\n'
    )
    explore.reset()
    run = state.live.value
    assert run.model._resident_agents == {}  # the city holds no Resident agents
    run.step(40)
    row = int(run.model.issue_table()["resident"].iloc[0])
    follow.follow_resident(row)
    explore.step_once()
    view = cases.resident_view(run.model, row, run.model.issue_table(), "en")
    assert set(view["needs"]) == {cases.domain_name(run.model, d, "en") for d in run.model.config.domains}
    assert len(view["cases"]) >= 1 and (view["cases"]["resident"] == row).all()
    assert [h[0] for h in follow.follower.value.history] == [40, 41]
    assert list(run.model._resident_agents) == [row]  # only the followed resident was made


def test_teach_story_tells_a_case_from_each_scenario():
    story = next(s for s in STORIES if s.follow)
    state.story.value = STORIES.index(story)
    state.predictions.value = {story.id: "down"}
    _box, rc = solara.render(teach.Page(), handle_error=False)
    rc.find(v.Btn, class_="btn-run-story").widget.click()
    wait_for(lambda: state.teach_job.value.status != "running")
    assert state.teach_job.value.status == "done", state.teach_job.value.error
    _id, _outcome, told = state.teach_job.value.result
    before, after = told
    assert {"bounce", "pushdown"} & {h.action for h in before["zh"][2]}
    assert "whistle" in {h.action for h in after["en"][2]}
    wait_for(lambda: story.why[0] in texts(rc))
    shown = [w.children[0] for w in rc.find(v.Html, class_="hop-text").widgets]
    assert shown == [h.text for h in before["zh"][2] + after["zh"][2]]


def test_compare_notes_a_reform_that_the_days_compared_would_not_reach():
    arms = [{"source": "baseline", "levers": {}}, {"source": "full_programme", "levers": {}}]
    notes = compare.reform_notes(arms, 120)
    assert len(notes) == 1 and notes[0].startswith("B") and "545" in notes[0]
    assert compare.reform_notes(arms, 730) == []


def test_a_closed_case_shows_its_call_back_and_the_charts_mark_the_reform():
    model = GovernanceModel("classroom", rng=3, warmup_days=0, steps=40,
                            reforms=[{"name": "package", "day": 20, "set": {"joint.whistle": 0.8}}])
    for _ in range(40):
        model.step()
    table = model.issue_table()
    row = next(table[table["state"] == "resolved"].itertuples())
    _title, summary = cases.case_heading(model, row, "en")
    assert "Call-back: the resident says it was" in summary and row.rating.replace("_", " ") in summary
    marks = charts.reform_marks(model, "en")
    assert marks == ((20, "package 2019-01-21"),)
    fig, _columns = charts.explore_timeseries("en", 40, marks, start=model.config.start_date)
    dashed = [shape for shape in fig.layout.shapes if shape.line.dash == "dash"]
    at = pd.Timestamp("2019-01-21").value / 1e6  # the reform's date (day 20), in ms on the date axis
    assert len(dashed) == 4 and all(shape.x0 == at for shape in dashed)


def test_explore_adds_a_reform_on_a_day_and_refuses_one_outside_the_run():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    explore.add_reform("joint.whistle", 0.8, 30, 10)
    run = state.live.value
    assert [r.day for r in run.model.config.reforms] == [30]
    assert run.model.reforms.days == [30]
    run.step(45)
    assert run.model.config.joint.whistle == pytest.approx(0.8)  # reached at the end of the ramp
    reform = state.added_reforms.value[0]
    assert tr("added_reform", name=reform["name"], value=0.8, day=30, ramp=10) in texts(rc)
    explore.add_reform("joint.whistle", 0.5, 10_000, 0)  # after the run's end: refused
    assert "after the run's last day" in state.explore_error.value
    assert state.live.value is not None and len(state.added_reforms.value) == 1
    explore.clear_reforms()
    assert state.live.value.model.config.reforms == []


def test_compare_marks_each_arms_reform_on_the_time_chart():
    arms = [{"source": "baseline", "levers": {}}, {"source": "tianjin_2019", "levers": {}}]
    marks = compare.reform_marks(arms, 730)
    assert marks == ((365, "B: The Tianjin package of 2019 2019-01-01"),)
    assert compare.reform_marks(arms, 120) == ()
    start = dt.date(2019, 1, 1)
    fig = charts.bands_figure({"A": np.zeros((2, 400)), "B": np.ones((2, 400))}, "resolution_rate", "en", marks,
                              start=start)
    assert [shape.x0 for shape in fig.layout.shapes] == [pd.Timestamp("2020-01-01").value / 1e6]  # day 365
    line = fig.data[1]
    assert str(line.x[0])[:10] == "2018-12-31" and str(line.x[366])[:10] == "2020-01-01" and line.customdata[366] == 366
    assert fig.layout.xaxis.type == "date"


def test_compare_can_give_each_replicate_its_own_city(monkeypatch):
    from sim.dashboard import jobs

    calls = []
    real = jobs.run_scenario

    def recording(scenario, **kwargs):
        calls.append(kwargs)
        return real(scenario, **kwargs)

    monkeypatch.setattr(jobs, "run_scenario", recording)
    arms = [jobs.Arm("A", load_scenario("classroom", {"warmup_days": 0}))]
    jobs.run_arms(arms, 2, 3, ["resolution_rate"])
    assert all(call["overrides"] is None for call in calls)  # one city, shared
    calls.clear()
    jobs.run_arms(arms, 2, 3, ["resolution_rate"], vary_city=True)
    assert [call["overrides"]["city.seed"] for call in calls] == [call["seed"] for call in calls]
    assert len({call["seed"] for call in calls}) == 2


def test_explore_charts_put_rows_at_their_dates_and_scale_the_backlog_to_it():
    """The live chart's lines sit at their dates (day numbers kept for hovering) and the backlog
    panel's axis grows with the backlog (not fixed at the shares' 0–1, where no line showed)."""
    from plotly.graph_objs._figurewidget import FigureWidget

    _box, rc = solara.render(explore.Page(), handle_error=False)
    run = state.live.value
    run.step(20)
    explore.redraw()
    chart = next(w for w in rc.find(FigureWidget).widgets if len(w.data) == len(charts.LINE_COLOURS))  # the lines
    backlog = chart.data[0]
    assert tuple(backlog.x[:2]) == ("2018-12-31", "2019-01-01") and list(backlog.customdata) == list(range(21))
    assert float(run.model.datacollector.get_model_vars_dataframe()["issues_open"].max()) > 1
    assert chart.layout.yaxis.range is None and chart.layout.yaxis.rangemode == "tozero"
    assert tuple(chart.layout.yaxis3.range) == (0, 1)  # shares keep their fixed 0–1


def test_large_presets_say_the_memory_a_run_needs():
    from sim.dashboard import scenarios

    assert "GiB" not in scenarios.title("classroom", "en") + scenarios.title("district", "zh")
    assert scenarios.title("tianjin_city", "en").endswith("(a run needs about 1.7 GiB of memory)")
    assert scenarios.title("chongqing_city", "zh").endswith("（運行約需 3.1 GiB 內存）")
    assert scenarios.size_note(999_999) == ("", "")
