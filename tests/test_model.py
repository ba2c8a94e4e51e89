"""The model core: invariants, determinism, structure, agents and Mesa compatibility."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from conftest import run_model

from sim import GovernanceModel
from sim.core.agents import Community, Compound, Department, Resident, Street
from sim.core.outcomes import daily_names
from sim.scenario import LEVELS, load_scenario, preset_names

SMALL = {"city__residents": 1500, "city__compounds": 12, "city__communities": 4}


LARGE = ("district", "tianjin_city", "shanghai_city", "chongqing_city", "beijing_12345")
"""Presets whose structure does not fit the small city the invariants are checked on."""


@pytest.mark.parametrize("name", [n for n in preset_names() if n not in LARGE])
def test_invariants_hold_on_every_preset(name):
    """Every issue ends in exactly one state, and the counts add up, every day of a year.

    A shock dated after the year (the flood presets' strikes in 2020) is brought into it, on day 200.
    """
    late = {f"shocks__{kind}__start": 200 for kind, shock in load_scenario(name).shocks
            if shock.enabled and shock.start >= 365}
    model = GovernanceModel(name, **SMALL, **late, steps=365)
    for _ in range(365):
        model.step()  # the model checks raised = resolved + open + abandoned + unresolved each day
    table = model.issue_table()
    book = model.issues
    assert len(table) == book.raised == table["id"].nunique()
    counts = table["state"].value_counts()
    assert counts.get("resolved", 0) == book.resolved
    assert counts.get("abandoned", 0) == book.abandoned
    assert counts.get("unresolved", 0) == book.unresolved
    assert counts.get("open", 0) == book.open_count
    resolved = table[table["state"] == "resolved"]
    assert (resolved["closed"] >= resolved["raised"]).all()
    by_level = resolved["resolved_level"].value_counts()
    assert [by_level.get(lv, 0) for lv in LEVELS] == list(book.resolved_by_level)
    assert table.loc[table["state"] != "resolved", "resolved_level"].eq("none").all()
    hotline = table["channel"].isin(["hotline", "online"])
    for state, by_hotline in (("abandoned", False), ("unresolved", True)):
        ended = table[table["state"] == state]
        assert ((ended["closed"] - ended["raised"]) == model.config.issues.abandon_days).all()
        assert (hotline[ended.index] == by_hotline).all()  # the hotline closes its own, residents give up others
    s = model.summary()
    assert s["issues_raised"] == (s["issues_resolved"] + s["issues_open"] + s["issues_abandoned"]
                                  + s["issues_closed_unresolved"])
    places = ("compound", "community", "street", "department")  # department: district and city
    assert sum(s["resolved_at_count"][p] for p in places) == s["issues_resolved"]
    assert abs(sum(s["resolved_at"][p] for p in places) - 1) < 1e-9
    assert (s["resolved_at_count"]["district_department"] + s["resolved_at_count"]["city_department"]
            == s["resolved_at_count"]["department"])


def test_same_seed_same_results_different_seed_different():
    a, b = run_model(seed=7, steps=90), run_model(seed=7, steps=90)
    assert a.summary() == b.summary()
    pd.testing.assert_frame_equal(a.issue_table(), b.issue_table())
    pd.testing.assert_frame_equal(a.datacollector.get_model_vars_dataframe(),
                                  b.datacollector.get_model_vars_dataframe())
    c = run_model(seed=8, steps=90)
    assert c.summary() != a.summary()


def test_default_seed_is_the_scenarios():
    a = GovernanceModel("classroom")
    b = GovernanceModel("classroom", rng=a.config.seed)
    for _ in range(20):
        a.step()
        b.step()
    assert a.summary() == b.summary()


def test_city_structure_has_spread_and_every_level_is_an_agent_type():
    model = GovernanceModel("baseline")
    c = model.city
    assert c.compound_residents.sum() == c.n_residents == 10_000
    assert c.compound_residents.min() >= 1 and c.compound_residents.std() > 0
    assert len(np.unique(c.compound_type)) == 5
    types = model.agents_by_type
    assert len(types[Compound]) == c.n_compounds
    assert len(types[Community]) == c.n_communities
    assert len(types[Street]) == c.n_streets
    assert len(types[Department]) == c.n_districts * 9
    assert len(types[Resident]) == c.n_residents
    kinds = {d.kind for d in types[Department]}
    assert {"civil_affairs", "housing", "urban_management", "food_safety"} <= kinds


def test_residents_are_views_onto_their_rows():
    model = run_model(steps=30)
    agent = model.resident(123)
    assert agent is model.resident(123)
    assert agent.satisfaction == pytest.approx(float(model.residents.satisfaction[123]))
    assert set(agent.needs) == set(model.config.domains)
    big = GovernanceModel("classroom", output__resident_agents_limit=10)
    assert Resident not in big.agents_by_type or len(big.agents_by_type[Resident]) == 0
    assert big.resident(2999).row == 2999
    with pytest.raises(IndexError):
        big.resident(3000)


def test_issue_paths_record_every_hop(classroom_year):
    model = classroom_year
    table = model.issue_table()
    # a case raised in the record (cases carried over from the warm-up have no hops before day 0)
    bounced = table[(table["bounces"] > 0) & (table["state"] == "resolved") & (table["raised"] >= 0)].iloc[0]
    path = model.issue_path(int(bounced["id"]))
    assert path["action"].iloc[0] == "raise"
    assert path["action"].iloc[-1] == "resolve"
    assert (path["action"] == "bounce").sum() == bounced["bounces"]
    assert len(path) == bounced["hops"] + 2  # raise + hops + resolve
    assert path["day"].is_monotonic_increasing
    hops = model.issues.log.frame("paths")
    sideways = hops[hops["action"] == 2]  # bounces: a department never passes to itself
    assert len(sideways) and (sideways["source"] != sideways["target"]).all()


def test_datacollector_has_every_outcome_each_day(classroom_year):
    frame = classroom_year.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(daily_names())
    assert len(frame) == 366
    assert frame["issues_raised"].is_monotonic_increasing
    assert frame["three_steps_stage"].between(1, 3).all()


def test_flow_counts_balance(classroom_year):
    flows = classroom_year.flow_counts()
    book = classroom_year.issues
    assert sum(v for (src, _), v in flows.items() if src == "raised") == book.raised
    assert sum(v for (_, dst), v in flows.items() if dst == "resolved") == book.resolved
    assert sum(v for (_, dst), v in flows.items() if dst == "abandoned") == book.abandoned
    assert sum(v for (_, dst), v in flows.items() if dst == "unresolved") == book.unresolved


def test_mesa_batch_run_drives_the_model_with_scenario_and_keyword_levers():
    results = mesa.batch_run(
        GovernanceModel,
        parameters={"scenario": "classroom", "power__delegation": [0.2, 0.8],
                    "city__residents": 800, "city__compounds": 8, "city__communities": 3,
                    "rng": [1]},
        iterations=1, max_steps=10, number_processes=1, display_progress=False)
    frame = pd.DataFrame(results)
    assert set(frame["power__delegation"]) == {0.2, 0.8}
    assert {"issues_raised", "satisfaction_mean"} <= set(frame.columns)


def test_compound_frame_lists_every_compound(classroom_year):
    frame = classroom_year.compound_frame()
    assert len(frame) == classroom_year.city.n_compounds
    assert frame["residents"].sum() == classroom_year.city.n_residents
    assert frame["backlog"].sum() <= classroom_year.issues.open_count
    assert frame["satisfaction"].between(0, 1).all()


def test_outcome_collector_rows_match_mesa_datacollector():
    """The one-pass collector records exactly what Mesa's own DataCollector would."""
    model = GovernanceModel("classroom", rng=5)
    plain = mesa.DataCollector(model_reporters=dict(model.datacollector.model_reporters))
    plain.collect(model)
    for _ in range(12):
        model.step()
        plain.collect(model)
    pd.testing.assert_frame_equal(model.datacollector.get_model_vars_dataframe(),
                                  plain.get_model_vars_dataframe())
