"""City departments (市級部門), cross-district cases, lists at three levels and supervision climbs (督辦)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_model

from sim.core.issues import ACTION_NAMES, FLOW_SOURCES, FLOW_TARGETS
from sim.core.levels import CITY, DEPARTMENT, Level
from sim.scenario import LEVELS, load_scenario
from sim.scenario.loading import ScenarioError

TWO_DISTRICTS = {"city__districts": 2, "city__streets": 4, "city__residents": 6000,
                 "city__communities": 8, "city__compounds": 32, "warmup_days": 0}
"""A small city of two districts (no warm-up, so every case's path is in the record)."""
CLIMBS = {"issues__grievance_days": 5, "issues__district_supervision_days": 12,
          "issues__city_supervision_days": 25, "staff__community_hours": 1.0}
"""Short supervision days and overloaded communities, so that grievances stick and climb."""


def named_paths(model):
    """Every hop of the run, its action by name."""
    paths = model.issues.log.frame("paths")
    paths["action"] = np.array(ACTION_NAMES)[paths["action"].to_numpy()]
    return paths


@pytest.fixture(scope="module")
def two_districts():
    """The classroom city split into two districts, run for 200 days with the climbs made common."""
    return run_model("classroom", 200, 3, **TWO_DISTRICTS, **CLIMBS)


def test_the_city_is_the_fifth_level_of_every_per_level_array(two_districts):
    model = two_districts
    assert LEVELS[-1] == "city" and Level.CITY == CITY == len(LEVELS) - 1
    assert "city" in FLOW_SOURCES and "city" in FLOW_TARGETS
    assert len(model.backlog_by_level()) == len(LEVELS) == len(model.issues.resolved_by_level)
    city = model.city
    assert city.n_handlers == city.city_dept_base + city.n_dept_kinds
    assert (model.handlers.handler_level[city.city_dept_base:] == CITY).all()
    assert (model.handlers.handler_level[city.dept_base:city.city_dept_base] == DEPARTMENT).all()
    flows = model.flow_counts()
    assert flows[("department", "city")] > 0 and flows[("city", "resolved")] > 0
    assert "backlog_city" in model.metrics


def test_cross_district_cases_are_resolved_only_by_city_departments(two_districts):
    table = two_districts.issue_table()
    resolved = table[table["state"] == "resolved"]
    city_cases = resolved[resolved["required"] == "city"]
    assert len(city_cases) > 0
    assert (city_cases["resolved_level"] == "city").all()
    # what the city resolves is its own cases or grievances supervised up to it
    at_city = resolved[resolved["resolved_level"] == "city"]
    assert len(at_city) >= len(city_cases)


def test_resolved_at_splits_departments_into_district_and_city(two_districts):
    summary = two_districts.summary()
    at, count = summary["resolved_at"], summary["resolved_at_count"]
    assert at["compound"] + at["community"] + at["street"] + at["department"] == pytest.approx(1.0)
    assert at["district_department"] + at["city_department"] == pytest.approx(at["department"])
    assert count["department"] == count["district_department"] + count["city_department"]
    assert sum(count[k] for k in ("compound", "community", "street", "department")) == summary["issues_resolved"]
    assert count["city_department"] == int(two_districts.issues.resolved_by_level[CITY]) > 0


def test_a_stuck_grievance_climbs_to_its_district_department_then_to_the_city(two_districts):
    model = two_districts
    paths = named_paths(model)
    climbs = paths[paths["action"] == "supervise"]
    assert len(climbs) > 0 and model.summary()["supervisions"] == len(climbs)
    level = model.handlers.handler_level
    first = climbs.groupby("issue").head(1)
    assert (level[first["target"].to_numpy()] >= DEPARTMENT).all()
    assert (level[climbs["target"].to_numpy()] >= DEPARTMENT).all()
    # Each issue climbs at most twice, the second time to the city.
    per_issue = climbs.groupby("issue").size()
    assert per_issue.max() <= 2
    twice = climbs[climbs["issue"].isin(per_issue[per_issue == 2].index)]
    assert len(twice) > 0
    assert (level[twice.groupby("issue").tail(1)["target"].to_numpy()] == CITY).all()
    # Climbs come only to grievances, and only once they are as old as the supervision days.
    table = model.issue_table().set_index("id")
    age = first["day"].to_numpy() - table.loc[first["issue"], "raised"].to_numpy()
    assert (age >= CLIMBS["issues__district_supervision_days"]).all()
    went_over = paths[paths["action"] == "grievance"]["issue"]
    assert set(climbs["issue"]) <= set(went_over)


def test_a_supervised_case_is_kept_where_it_climbed(two_districts):
    paths = named_paths(two_districts)
    climbs = paths[paths["action"] == "supervise"]
    after = paths.merge(climbs[["issue", "day", "target"]].rename(columns={"day": "climbed", "target": "at"}),
                        on="issue")
    later = after[(after["day"] >= after["climbed"]) & (after["source"] == after["at"])]
    # from the handler it climbed to, a case is only resolved, abandoned, closed unresolved by the
    # hotline, supervised further up or (a cross-departmental case) handed on to its next
    # department: never passed down or sideways
    assert set(later["action"]) <= {"resolve", "abandon", "close_unresolved", "supervise", "handoff"}
    assert "resolve" in set(later["action"])


def days_to_reach_the_city(model) -> float:
    """Mean days from being raised to first reaching a city department, over the city cases that did."""
    paths, table = model.issues.log.frame("paths"), model.issue_table()
    city_cases = table.loc[table["required"] == "city", ["id", "raised"]]
    arrivals = paths[paths["target"] >= model.city.city_dept_base].groupby("issue")["day"].min()
    reached = city_cases.join(arrivals.rename("reached"), on="id", how="inner")
    return float((reached["reached"] - reached["raised"]).mean())


def test_clear_lists_never_send_a_district_case_to_the_city():
    clear = run_model("classroom", 120, 1, **TWO_DISTRICTS, power__list_clarity=1.0)
    unclear = run_model("classroom", 120, 1, **TWO_DISTRICTS, power__list_clarity=0.0)
    assert clear.flow_counts().get(("city", "department"), 0) == 0
    assert unclear.flow_counts()[("city", "department")] > 0
    # under unclear lists district departments work city cases to the end before passing them up,
    # so city cases reach the city later
    assert days_to_reach_the_city(unclear) > days_to_reach_the_city(clear)


def test_four_level_shares_mean_no_city_share():
    config = load_scenario("classroom", {"kinds.service.level_shares": [0.3, 0.5, 0.12, 0.08]})
    assert config.kinds["service"].level_shares == [0.3, 0.5, 0.12, 0.08, 0.0]
    five = load_scenario("classroom", {"kinds.service.level_shares": [0.3, 0.5, 0.1, 0.05, 0.05]})
    assert five.kinds["service"].level_shares[-1] == 0.05
    with pytest.raises(ScenarioError, match="level_shares"):
        load_scenario("classroom", {"kinds.service.level_shares": [0.3, 0.5, 0.2]})


def test_no_city_share_means_no_city_case():
    no_city = {f"kinds.{k}.level_shares": shares[:4]
               for k, shares in load_scenario("classroom").kinds.items()
               for shares in [shares.level_shares]}
    model = run_model("classroom", 90, 2, **{k.replace(".", "__"): v for k, v in no_city.items()})
    table = model.issue_table()
    assert not (table["required"] == "city").any()


def test_a_city_of_one_district_has_city_departments_that_work():
    model = run_model("classroom", 150, 4)
    book = model.issues
    assert model.city.n_districts == 1
    assert book.raised == book.resolved + book.open_count + book.abandoned + book.unresolved
    assert book.resolved_by_level[CITY] > 0
    table = model.issue_table()
    by_level = table[table["state"] == "resolved"]["resolved_level"].value_counts()
    assert [by_level.get(lv, 0) for lv in LEVELS] == list(book.resolved_by_level)
    assert np.isclose(sum(model.summary()["resolved_at"][k]
                          for k in ("compound", "community", "street", "department")), 1.0)
