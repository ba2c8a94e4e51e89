"""The Options (方案) page: reading a finished package search, its filters, and a package opened in
Explore, Compare and a brief.  The search is a real one (tests/options_search.py); pages are
rendered with ``solara.render``, no browser."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import ipyvuetify as v
import pandas as pd
import pytest
import solara
from dashboard_session import fresh_session  # noqa: F401  (the autouse fixture)
from options_search import make_search

from sim.cli import main as cli_main
from sim.dashboard import options_io, options_links, scenarios, sharing, state
from sim.dashboard.pages import compare, explore, options
from sim.dashboard.results_io import ResultsError
from sim.experiments.spec import load_experiment
from sim.runs import scenario_hash
from sim.scenario import load_scenario

NAME = "optimisations/tiny"


def texts(rc) -> str:
    """All text in the rendered widget tree, joined."""
    found, todo = [], [rc.find().widget]
    while todo:
        widget = todo.pop()
        for child in getattr(widget, "children", None) or []:
            (found if isinstance(child, str) else todo).append(child)
        found.extend(getattr(widget, a) for a in ("label", "value") if isinstance(getattr(widget, a, None), str))
    return "\n".join(found)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A results root holding the tiny search, an unfinished copy and a damaged copy."""
    results = tmp_path_factory.mktemp("results")
    folder = make_search(results, NAME)
    unfinished = results / "optimisations" / "unfinished"
    shutil.copytree(folder, unfinished)
    (unfinished / "pareto.parquet").unlink()
    damaged = results / "optimisations" / "damaged"
    shutil.copytree(folder, damaged)
    pd.read_parquet(folder / "pareto.parquet").drop(columns=["response_rate_lo"]).to_parquet(damaged / "pareto.parquet")
    (results / "not_a_search").mkdir()
    (results / "not_a_search" / "manifest.json").write_text(json.dumps({"design": "grid"}))
    return results


@pytest.fixture(scope="module")
def search(root):
    return options_io.load_search(root, NAME)


def test_the_page_lists_finished_and_partial_searches_and_reads_the_front(root, search):
    assert options_io.list_searches(root) == ["optimisations/damaged", NAME, "optimisations/unfinished"]
    pareto = pd.read_parquet(root / NAME / "pareto.parquet")
    assert list(search.front["package"]) == sorted(pareto["package"])
    assert search.levers == ["command.chief_officials", "joint.whistle"]
    assert search.objectives == {"response_rate": "max", "reform_cost_staff_hours_per_year": "min"}
    assert search.robustness is not None and set(search.robustness["package"]) == set(pareto["package"])
    headers, rows = options_io.front_rows(search, options_io.shown(search, {}), "en")
    assert headers[:3] == ["Package", "Chief officials in charge (主官上)", "Whistle and report (吹哨報到)"]
    assert len(rows) == len(pareto)
    first = pareto.sort_values("package").iloc[0]
    low, mean, high = (options_io.number(first[f"response_rate_{part}"]) for part in ("lo", "mean", "hi"))
    assert rows[0][3] == f"{mean} [{low}, {high}]"


@pytest.mark.parametrize(("name", "message"), [
    ("optimisations/unfinished", "has not finished (no pareto.parquet yet); continue it with `python -m sim optimise"),
    ("optimisations/damaged", "pareto.parquet lacks the columns response_rate_lo"),
    ("not_a_search", "not the folder of a package search"),
    ("../outside", "outside results/"),
])
def test_bad_or_partial_folders_give_one_message(root, name, message):
    with pytest.raises(ResultsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        options_io.load_search(root, name)


def test_a_partial_folder_shows_its_message_on_the_page_not_a_traceback(root):
    state.options_search.value = "optimisations/unfinished"
    _box, rc = solara.render(options.Page(root=root), handle_error=False)
    text = texts(rc)
    assert "has not finished" in text and "--resume" in text
    assert not rc.find(v.Html, tag="a", class_="options-explore-link").widgets


def test_filters_hide_exactly_the_packages_outside_a_range(root, search):
    means = search.front["response_rate_mean"].to_numpy()
    limits = options_io.objective_limits(search)
    assert limits["response_rate"] == (means.min(), means.max())
    assert options_io.shown(search, limits).all()
    cut = (means.min(), float(sorted(means)[-2]))  # drops the package with the highest response rate
    keep = options_io.shown(search, {"response_rate": cut})
    assert list(keep) == list(means <= cut[1])
    assert keep.sum() == len(means) - 1
    state.options_search.value = NAME
    state.options_ranges.value = {"response_rate": cut}
    _box, rc = solara.render(options.Page(root=root), handle_error=False)
    assert f"顯示 {len(means) - 1} / {len(means)} 個方案" in texts(rc)
    hidden = int(search.front.loc[~keep, "package"].iloc[0])
    picker = rc.find(v.Select, class_="options-package-select").widget
    assert str(hidden) not in [item if isinstance(item, str) else item["value"] for item in picker.items]


def test_the_explore_link_reopens_the_package_lever_values_exactly(search):
    number = int(search.front["package"].iloc[-1])
    package = search.package(number)
    query = options_links.explore_query(search, number)
    source, edits, added, _shocks = sharing.decode_link(sharing.link_token(query[1:]))
    assert source == "classroom"
    assert edits == {"power.delegation": 0.5}  # a fixed key of the search that is a lever
    assert {key: value for r in added for key, value in r["set"].items()} == package
    assert {(r["day"], r["ramp_days"]) for r in added} == {(0, 0)}
    assert options_links.left_out(search) == {"warmup_days": 10}
    explore.open_link(query[1:])
    assert state.source.value == "classroom" and state.added_reforms.value == added
    scenario = state.live.value.scenario
    assert [r.set for r in scenario.reforms] == [{k: v} for k, v in package.items()]
    exact = options_links.package_scenario(search, number)
    assert exact.reforms[-1].set == package and exact.warmup_days == 10 and exact.power.delegation == 0.5


def test_compare_opens_the_reference_against_the_package(root, search):
    number = int(search.front["package"].iloc[1])
    went = []
    options.open_in_compare(search, number, lambda: went.append(True))
    assert went == [True] and state.compare_days.value == 30
    reference, package = compare.build_arms(state.arms.value)
    assert reference.scenario.reforms == [] and reference.scenario.power.delegation == 0.5
    assert {k: v for r in package.scenario.reforms for k, v in r.set.items()} == search.package(number)
    assert compare.arm_label(1, state.arms.value[1]).endswith("✎")


def test_the_brief_needs_its_experiment_then_the_page_offers_it(root, search, tmp_path):
    number = int(search.front["package"].iloc[-1])
    assert options_links.brief_folder(search, number, root) is None
    state.options_search.value, state.options_package.value = NAME, number
    _box, rc = solara.render(options.Page(root=root), handle_error=False)
    text = texts(rc)
    commands = options_links.brief_commands(search, number, root, "zh")
    assert commands[1] in text and "python -m sim brief" in text
    with zipfile.ZipFile(io.BytesIO(options_links.brief_bundle(search, number))) as bundle:
        bundle.extractall(tmp_path)
    written = load_scenario(tmp_path / f"package_{number}.toml")
    assert scenario_hash(written) == scenario_hash(options_links.package_scenario(search, number))
    experiment = load_experiment(tmp_path / "experiment.toml")
    assert experiment.spec.seeding == "common" and experiment.steps == 30
    out = root / options_links.BRIEFS / options_links.brief_name(search, number)
    assert cli_main(["experiment", str(tmp_path / "experiment.toml"), "--workers", "1", "--no-progress",
                     "--out", str(out)]) == 0
    assert options_links.brief_folder(search, number, root) == out
    html = options_links.brief_html(out, "en")
    assert "package_" in html and "reference" in html
    _box, rc = solara.render(options.Page(root=root), handle_error=False)
    assert str(out) in texts(rc)
    assert "下載簡報（HTML）" in texts(rc) and "python -m sim brief" not in texts(rc)


def test_a_base_scenario_the_server_does_not_offer_gives_the_file_instead(search, monkeypatch):
    monkeypatch.setattr(scenarios, "choices", lambda: ["baseline"])
    assert options_links.preset_of(search) is None
    assert options_links.explore_query(search, 1) is None and options_links.compare_arms(search, 1) is None
    assert "[[reforms]]" in options_links.package_file(search, 1)
