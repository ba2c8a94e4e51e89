"""Sharing and reading results in the dashboard: preset titles in both languages, the scenario
download (TOML) and link, the "changed from the preset" table, and the Results page over time
with its downloads.  No browser: pages are rendered with ``solara.render``."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import ipyvuetify as v
import numpy as np
import pandas as pd
import pytest
import solara
from dashboard_session import fresh_session  # noqa: F401  (the autouse fixture)
from test_analysis_compare import GRID, shifted, synthetic

from sim.cli import main as cli_main
from sim.dashboard import i18n, over_time, scenarios, sharing, state
from sim.dashboard.i18n import tr
from sim.dashboard.levers import LEVER_BY_KEY
from sim.dashboard.pages import compare, explore, results
from sim.dashboard.results_io import list_experiments, load_experiment
from sim.dashboard.share_panel import ShareBox
from sim.runs import scenario_hash
from sim.scenario import load_scenario, preset_names
from sim.scenario.loading import read_toml, resolve_source


def texts(rc, widget=None) -> str:
    """All text in the rendered widget tree (or under ``widget``), joined."""
    found, todo = [], [widget or rc.find().widget]
    while todo:
        widget = todo.pop()
        for child in getattr(widget, "children", None) or []:
            (found if isinstance(child, str) else todo).append(child)
    return "\n".join(found)


EDITS = {"admin.access_cap": 0.2, "joint.whistle": 0.6, "power.delegation": 0.1}  # delegation as in the preset
ADDED = [sharing.page_reform("power.list_clarity", 0.9, 40, 20)]


# --- titles --------------------------------------------------------------------------------


def test_preset_pickers_show_titles_in_the_chosen_language_with_the_slug_small():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    picker = rc.find(v.Select, class_="preset-select").widget
    by_slug = {item["value"]: item["text"] for item in picker.items}
    assert set(by_slug) == set(preset_names())
    for name in by_slug:
        data = read_toml(resolve_source(name))
        note = scenarios.size_note((data.get("city") or {}).get("residents", 0))[0]  # memory of a large city
        assert by_slug[name] == data["title_zh"] + note and by_slug[name] != name
    assert picker.hint == "classroom" and picker.persistent_hint
    i18n.lang.value = "en"
    picker = rc.find(v.Select, class_="preset-select").widget
    english = {item["value"]: item["text"] for item in picker.items}
    assert english["classroom"] == "Classroom city: one street, six communities, 3,000 residents, pre-reform levers"
    beijing = english["beijing_12345"]
    assert beijing.startswith("Beijing's 12345 hotline reform") and "\n" not in beijing
    assert all(english[n] != by_slug[n] for n in english)
    _box, rc = solara.render(compare.Page(), handle_error=False)
    pickers = rc.find(v.Select, class_="preset-select").widgets
    assert len(pickers) == 2 and pickers[1].hint == "full_programme"
    assert {item["text"] for item in pickers[1].items} == set(english.values())


# --- the changed table ---------------------------------------------------------------------


def test_changed_table_lists_exactly_the_edited_levers_and_the_added_reforms():
    base = scenarios.load("classroom")
    assert base.power.delegation == EDITS["power.delegation"]  # an unchanged value is not a change
    for language in ("zh", "en"):
        rows = sharing.change_rows(base, EDITS, ADDED, language)
        assert [row[0] for row in rows] == [
            LEVER_BY_KEY["admin.access_cap"].label(language),
            LEVER_BY_KEY["joint.whistle"].label(language),
            f"{tr('reform', language)}: {LEVER_BY_KEY['power.list_clarity'].label(language)}",
        ]
        assert rows[0][1:] == [f"{base.admin.access_cap:.4g}", "0.2"]
        assert rows[1][1:] == [f"{base.joint.whistle:.4g}", "0.6"]
        assert rows[2][2] == tr("reform_row", language, value="0.9", day=40, ramp=20)
    assert sharing.change_rows(base, {"admin.access_cap": base.admin.access_cap}, [], "en") == []
    _box, rc = solara.render(ShareBox(base, "classroom", EDITS, ADDED), handle_error=False)
    shown = texts(rc)
    assert LEVER_BY_KEY["admin.access_cap"].label() in shown and LEVER_BY_KEY["power.delegation"].label() not in shown
    _box, rc = solara.render(ShareBox(base, "classroom", {}, []), handle_error=False)
    assert tr("no_changes") in texts(rc)


# --- the TOML download ---------------------------------------------------------------------


def test_the_downloaded_scenario_round_trips_through_the_loader_the_upload_and_sim_run(tmp_path):
    base = scenarios.load("tianjin_2019")  # has a reform of its own, kept before the added one
    edited = sharing.edited_scenario(base, EDITS, ADDED)
    assert len(edited.reforms) == 2 and edited.admin.access_cap == pytest.approx(0.2)
    text = sharing.scenario_file(edited, "tianjin_2019", sharing.change_rows(base, EDITS, ADDED, "en"))
    assert text.startswith("# Scenario saved from the dashboard: tianjin_2019")
    path = tmp_path / sharing.file_name(edited)
    path.write_text(text, encoding="utf-8")
    assert scenario_hash(load_scenario(path)) == scenario_hash(edited)
    assert scenario_hash(scenarios.parse_upload(path.name, text.encode())) == scenario_hash(edited)
    small = sharing.edited_scenario(scenarios.load("classroom"), EDITS, [])  # a quick run of a downloaded file
    path = tmp_path / "small.toml"
    path.write_text(sharing.scenario_file(small, "classroom", []), encoding="utf-8")
    out = tmp_path / "run"
    assert cli_main(["run", str(path), "--steps", "3", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["admin"]["access_cap"] == pytest.approx(0.2)
    for name in preset_names():  # every preset survives the writer unchanged
        scenario = load_scenario(name)
        assert scenario_hash(scenarios.parse_upload("x.toml", sharing.scenario_file(scenario, name, []).encode())) \
            == scenario_hash(scenario), name


# --- the link ------------------------------------------------------------------------------


def test_a_link_reopens_the_same_settings():
    token = sharing.encode_link("classroom", {"admin.access_cap": 0.2, "joint.whistle": 0.6}, ADDED)
    assert len(token) < 200
    source, edits, added, shocks = sharing.decode_link(token)
    assert shocks == {} and (source, edits) == ("classroom", {"admin.access_cap": 0.2, "joint.whistle": 0.6})
    assert [r["set"] for r in added] == [{"power.list_clarity": 0.9}] and added[0]["day"] == 40
    _box, rc = solara.render(explore.Page(), handle_error=False)
    explore.open_link(f"{sharing.LINK_PARAM}={token}")
    expected = sharing.edited_scenario(scenarios.load("classroom"), EDITS, ADDED)
    assert scenario_hash(state.live.value.scenario) == scenario_hash(expected)
    assert not state.link_message.value
    link = rc.find(v.Html, class_="share-link").widget
    assert link.attributes["href"] == f"/?{sharing.LINK_PARAM}={token}"  # the page offers the same link back


ARMS = [{"source": "classroom", "levers": {"admin.access_cap": 0.2, "joint.whistle": 0.6}},
        {"source": "full_programme", "levers": {}}]


def test_a_compare_link_reopens_the_same_arms_with_their_tables_and_files(tmp_path):
    from solara.components.file_download import FileDownloadWidget

    token = sharing.encode_arms(ARMS)
    assert sharing.decode_arms(token, compare.MIN_ARMS, compare.MAX_ARMS) == ARMS
    _box, rc = solara.render(compare.Page(), handle_error=False)
    assert state.arms.value != ARMS
    compare.open_link(f"{sharing.LINK_PARAM}={token}")
    assert state.arms.value == ARMS and not state.compare_link_message.value
    link = rc.find(v.Html, class_="compare-link").widget
    assert link.attributes["href"] == f"/compare?{sharing.LINK_PARAM}={token}"  # offered back unchanged
    for language in ("zh", "en"):  # A's table lists its two levers, B says nothing changed
        i18n.lang.value = language
        shown = texts(rc, rc.find(v.Html, class_="compare-share").widget)
        assert LEVER_BY_KEY["admin.access_cap"].label(language) in shown
        assert LEVER_BY_KEY["power.delegation"].label(language) not in shown
        assert tr("no_changes", language) in shown and tr("share_compare", language) in texts(rc)
    files = rc.find(FileDownloadWidget).widgets
    assert [f.filename for f in files] == ["A-classroom-edited.toml", "B-full_programme-edited.toml"]
    for arm, spec in zip(compare.build_arms(ARMS), ARMS, strict=True):  # each file is that arm's scenario
        path = tmp_path / f"{spec['source']}.toml"
        path.write_text(sharing.download_text(scenarios.load(spec["source"]), spec["source"], spec["levers"], []),
                        encoding="utf-8")
        assert scenario_hash(load_scenario(path)) == scenario_hash(arm.scenario)


def test_a_compare_link_carries_an_arms_reforms_to_its_table_and_file(tmp_path):
    """An arm with reforms (as the Options page opens a package) keeps them through the link."""
    reform = sharing.page_reform("joint.whistle", 0.8, 30, 0)
    arms = [{"source": "classroom", "levers": {}},
            {"source": "classroom", "levers": {"admin.access_cap": 0.2}, "reforms": [reform]}]
    decoded = sharing.decode_arms(sharing.encode_arms(arms), compare.MIN_ARMS, compare.MAX_ARMS)
    assert decoded == arms
    _box, rc = solara.render(compare.Page(), handle_error=False)
    state.arms.value = decoded
    i18n.lang.value = "en"
    shown = texts(rc, rc.find(v.Html, class_="compare-share").widget)  # only B has a reform
    assert f"{tr('reform', 'en')}: {LEVER_BY_KEY['joint.whistle'].label('en')}" in shown
    path = tmp_path / "b.toml"
    path.write_text(sharing.download_text(scenarios.load("classroom"), "classroom", arms[1]["levers"], [reform]),
                    encoding="utf-8")
    saved = load_scenario(path)
    assert scenario_hash(saved) == scenario_hash(compare.build_arms(decoded)[1].scenario)
    assert [r.set for r in saved.reforms][-1] == {"joint.whistle": 0.8}


@pytest.mark.parametrize(("payload", "why"), [
    ({"a": [{"p": "classroom"}]}, "2 to 4 scenarios"),
    ({"p": "classroom"}, "2 to 4 scenarios"),
    ({"a": [{"p": "classroom"}, {"p": "nowhere"}]}, "does not offer"),
    ({"a": [{"p": "classroom"}, ["baseline"]]}, "does not name a preset"),
    ({"a": [{"p": "classroom"}, {"p": "baseline", "l": {"admin.access_cap": -1}}]}, "allowed: 0.0 to 1.0"),
])
def test_a_bad_compare_link_gives_the_default_arms_and_one_message(payload, why):
    with pytest.raises(sharing.LinkError, match=why) as refused:
        sharing.decode_arms(_tampered(payload), compare.MIN_ARMS, compare.MAX_ARMS)
    _box, rc = solara.render(compare.Page(), handle_error=False)
    state.arms.value = ARMS
    compare.open_link(f"{sharing.LINK_PARAM}={_tampered(payload)}")
    assert state.arms.value == scenarios.default_arms()
    assert state.compare_link_message.value == tr("bad_compare_link", why=str(refused.value))
    assert rc.find(v.Alert, class_="link-message").widgets
def test_a_link_carries_a_categorical_lever():
    token = sharing.encode_link("classroom", {"projects.allocation": "demand"}, [])
    assert sharing.decode_link(token)[1] == {"projects.allocation": "demand"}


def _tampered(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(("token", "why"), [
    ("not*base64!", "damaged"),
    (base64.urlsafe_b64encode(b"\xff\xfe{").decode(), "damaged"),
    (_tampered(["classroom"]), "does not name a preset"),
    (_tampered({"p": "../../etc/passwd"}), "does not offer"),
    (_tampered({"p": "classroom", "l": {"power.nonsense": 1}}), "not a lever"),
    (_tampered({"p": "classroom", "l": {"admin.access_cap": 7}}), "allowed: 0.0 to 1.0"),
    (_tampered({"p": "classroom", "l": {"admin.access_cap": "high"}}), "not a float value"),
    (_tampered({"p": "classroom", "l": {"shocks.epidemic.enabled": 1}}), "not a bool value"),
    (_tampered({"p": "classroom", "l": {"projects.allocation": "lottery"}}), "allowed: administrative, market, demand"),
    (_tampered({"p": "classroom", "r": [["joint.whistle", 0.5, 99_999, 0]]}), "cannot run"),
    (_tampered({"p": "classroom", "r": [["joint.whistle", 0.5]]}), "not [lever, value, day, ramp days]"),
    ("A" * (sharing.MAX_LINK_CHARS + 1), "too long"),
])
def test_a_bad_or_tampered_link_is_refused_with_what_is_wrong(token, why):
    with pytest.raises(sharing.LinkError, match=why.replace("[", r"\[").replace("]", r"\]")):
        sharing.decode_link(token)


def test_explore_falls_back_to_the_preset_with_one_message_on_a_bad_link():
    _box, rc = solara.render(explore.Page(), handle_error=False)
    preset = scenario_hash(scenarios.load(scenarios.start_source()))
    for token in ("not*base64!", _tampered({"p": "classroom", "l": {"admin.access_cap": 7}})):
        explore.change_levers({"admin.access_cap": 0.1})  # whatever the visitor had is replaced
        explore.open_link(f"{sharing.LINK_PARAM}={token}")
        with pytest.raises(sharing.LinkError) as refused:
            sharing.decode_link(token)
        assert state.link_message.value == tr("bad_link", why=str(refused.value))
        assert state.source.value == scenarios.start_source() and state.lever_edits.value == {}
        assert scenario_hash(state.live.value.scenario) == preset and not state.explore_error.value
        assert rc.find(v.Alert, class_="link-message").widgets
    explore.choose_source("baseline")  # choosing a preset clears the message
    assert not state.link_message.value


# --- results over time ---------------------------------------------------------------------


def experiment_with_series(folder, reps=3, days=20, start_date=None):
    """An experiment folder of two design points with daily series (and one failed run) under ``folder``.

    With a ``start_date`` (ISO text) the runs table carries it in a ``start_date`` column.
    """
    folder.mkdir(parents=True)
    rng = np.random.default_rng(3)
    rows, series = [], []
    run_id = 0
    for point, delegation in enumerate((0.2, 0.8)):
        for rep in range(reps):
            rows.append({"run_id": run_id, "point": point, "replicate": rep, "seed": rep, "status": "ok",
                         "error": "", "power.delegation": delegation, "resolution_rate": 0.5 + delegation / 4})
            steps = np.arange(days + 1)
            rate = 0.4 + 0.4 * delegation * steps / days + rng.normal(0, 0.02, days + 1)  # a share: at most ~0.72
            series.append(pd.DataFrame({"run_id": run_id, "step": steps, "resolution_rate": rate,
                                        "issues_open": rng.integers(0, 50, days + 1).astype(float)}))
            run_id += 1
    rows.append({"run_id": run_id, "point": 0, "replicate": reps, "seed": 9, "status": "failed",
                 "error": "boom", "power.delegation": 0.2, "resolution_rate": np.nan})
    series.append(pd.DataFrame({"run_id": run_id, "step": [0], "resolution_rate": [99.0], "issues_open": [0.0]}))
    runs = pd.DataFrame(rows)
    if start_date:
        runs["start_date"] = start_date
    runs.to_parquet(folder / "runs.parquet")
    pd.concat(series).to_parquet(folder / "timeseries.parquet")
    (folder / "manifest.json").write_text(json.dumps({"factors": {"power.delegation": [0.2, 0.8]}}))


def test_results_over_time_shows_bands_by_factor_and_the_csv_holds_what_is_shown(tmp_path):
    experiment_with_series(tmp_path / "sweep")
    exp = load_experiment(tmp_path, "sweep")
    table = over_time.series_table(exp, "power.delegation", "resolution_rate")
    assert set(table["group"]) == {"0.2", "0.8"} and (table["runs"] == 3).all()  # the failed run is left out
    series = pd.read_parquet(tmp_path / "sweep" / "timeseries.parquet")
    day5 = series[(series.step == 5) & series.run_id.isin([3, 4, 5])]["resolution_rate"]
    row = table[(table.group == "0.8") & (table.step == 5)].iloc[0]
    assert row["mean"] == pytest.approx(day5.mean())
    assert row["ci_low"] < row["mean"] < row["ci_high"]
    _box, rc = solara.render(results.Page(root=tmp_path), handle_error=False)
    state.experiment.value = "sweep"
    from plotly.graph_objs._figurewidget import FigureWidget

    figure = rc.find(FigureWidget).widgets[-1]  # the chart over time, after the one by factor
    lines = [t for t in figure.data if t.mode == "lines"]
    assert [t.name for t in lines] == ["power.delegation = 0.2", "power.delegation = 0.8"]
    csv = pd.read_csv(io.StringIO(over_time.table_csv(table, "power.delegation", "resolution_rate")))
    assert list(csv.columns) == ["power.delegation", "step", "resolution_rate_mean", "resolution_rate_ci_low",
                                 "resolution_rate_ci_high", "runs"]
    for line, (_group, rows) in zip(lines, csv.groupby("power.delegation"), strict=True):
        assert np.allclose(line.y, rows["resolution_rate_mean"]) and np.array_equal(line.x, rows["step"])
    assert tr("over_time_bands", n=3) in texts(rc)
    svg = over_time.table_svg(table, "power.delegation", "resolution_rate", "en")
    assert svg.startswith("<svg") and svg.count("<polyline") == 2 and "power.delegation = 0.8" in svg


def test_an_experiments_days_are_dated_from_the_scenario_its_manifest_rebuilds(tmp_path):
    synthetic(tmp_path, GRID, shifted)  # runs.parquet and timeseries.parquet carry no dates
    (tmp_path / "town.toml").write_text('name = "town"\nsteps = 10\nstart_date = 2019-03-01\n', encoding="utf-8")
    exp = load_experiment(tmp_path, "out")
    assert "start_date" not in exp.runs and "date" not in exp.timeseries
    assert over_time.start_date(exp) == dt.date(2019, 3, 1)
    (tmp_path / "town.toml").unlink()
    assert over_time.start_date(exp) is None  # the scenario cannot be rebuilt: day numbers


def test_one_run_folder_is_listed_and_drawn_over_time_without_a_band(tmp_path):
    folder = tmp_path / "runs" / "20260101-classroom"
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps({"resolution_rate": 0.7, "resolved_at": {"street": 3}}))
    pd.DataFrame({"step": range(11), "date": pd.date_range("2019-01-01", periods=11),
                  "resolution_rate": np.linspace(0.5, 0.7, 11)}).to_parquet(folder / "timeseries.parquet")
    assert list_experiments(tmp_path) == ["runs/20260101-classroom"]
    exp = load_experiment(tmp_path, "runs/20260101-classroom")
    assert exp.runs["resolved_at_street"].tolist() == [3.0]
    assert over_time.series_outcomes(exp) == ["resolution_rate"]
    table = over_time.series_table(exp, None, "resolution_rate")
    assert np.allclose(table["mean"], np.linspace(0.5, 0.7, 11))
    assert np.allclose(table["ci_low"], table["ci_high"])  # one run: no width
    assert over_time.start_date(exp) == dt.date(2019, 1, 2)  # step 0 is dated the day before day 0
    fig = over_time.over_time_figure(table, None, "resolution_rate", "zh", over_time.start_date(exp))
    line = fig.data[1]
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.title.text == "日期"
    assert str(line.x[0])[:10] == "2019-01-01" and list(line.customdata) == list(range(11))
    svg = over_time.table_svg(table, None, "resolution_rate", "en", over_time.start_date(exp))
    assert ">2019-01-01<" in svg and ">2019-01-11<" in svg and ">date<" in svg
    _box, rc = solara.render(results.Page(root=tmp_path), handle_error=False)
    state.experiment.value = "runs/20260101-classroom"
    assert tr("over_time_one") in texts(rc)
