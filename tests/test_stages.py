"""三步走 as each community's state (sim/core/stages.py, ODD §7.10a): continuous, fed by the record, acting."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.core.levels import COMPOUND
from sim.core.model import GovernanceModel

HIGH = {"social__funding": 2.0, "social__party_members_report": 1.0, "moving_down__compound_governance": 1.0}
"""A city with strong project funding, party members volunteering and every compound organised."""


def run(preset: str, days: int, **overrides) -> tuple[GovernanceModel, np.ndarray]:
    """Run a preset for ``days`` days; also return each community's stage at the end of every day."""
    model = GovernanceModel(preset, steps=days, **overrides)
    stages = []
    for _ in range(days):
        model.step()
        stages.append(model.stages.stage.copy())
    return model, np.array(stages)


@pytest.fixture(scope="module")
def high_city():
    """The full programme with HIGH social levers, three years (2018 before the reform)."""
    return run("full_programme", 1095, **HIGH)


@pytest.fixture(scope="module")
def low_city():
    """The pre-reform baseline, three years."""
    return run("baseline", 1095)


def test_stage_moves_continuously(high_city, low_city):
    for model, stages in (high_city, low_city):
        bound = 2.0 / model.config.stages.adjust_days  # the stage closes 1/adjust_days of a gap ≤ 2 a day
        assert np.abs(np.diff(stages, axis=0)).max() <= bound + 1e-12
        series = model.datacollector.get_model_vars_dataframe()["three_steps_stage"]
        assert series.between(1, 3).all()
        assert series.diff().abs().max() <= bound + 1e-12


def test_high_city_reaches_the_third_step_and_a_low_one_does_not(high_city, low_city):
    high, low = high_city[0], low_city[0]
    assert high.metrics["three_steps_stage"] > 2.6
    assert (high.stages.stage > 2.5).all()  # every community, not only on average
    assert low.metrics["three_steps_stage"] < 1.6
    assert low.stages.degree(3).max() == 0.0
    assert low.stages.self_resolved == 0 and low.metrics["self_resolved_share"] == 0.0


def test_self_resolved_cases_follow_from_the_parameters(high_city):
    model = high_city[0]
    got, expected = model.stages.self_resolved, model.stages.expected
    # Each eligible case is taken on with chance self_share · degree(3); volunteers' hours can only
    # cut the count below that binomial expectation, and do so by little in this city.
    assert expected > 60  # enough cases for the bounds below to mean something
    assert got <= expected + 4 * math.sqrt(expected)
    assert got >= 0.75 * expected
    assert model.metrics["self_resolved_share"] == pytest.approx(got / model.issues.raised)
    assert 0.01 < model.metrics["self_resolved_share"] < 0.05


def test_self_resolution_scales_with_self_share_when_hours_do_not_bind():
    # Every community put in step 3 and volunteers with ample hours: the share taken on of the
    # eligible cases is self_share (binomial), at 0.25 and 0.75 alike.
    shares = {}
    for self_share in (0.25, 0.75):
        model = GovernanceModel("classroom", steps=120, warmup_days=0, stages__self_share=self_share,
                                stages__adjust_days=3650.0, staff__volunteer_hours=5.0,
                                moving_down__compound_governance=1.0)
        for _ in range(120):
            model.stages.stage[:] = 3.0  # held in step 3 (the record is not what this tests)
            model.step()
        steps = model.stages
        assert steps.expected == pytest.approx(self_share * steps.eligible)
        sd = math.sqrt(steps.eligible * self_share * (1 - self_share))
        assert abs(steps.self_resolved - self_share * steps.eligible) <= 4 * sd
        shares[self_share] = steps.self_resolved / steps.eligible
    assert shares[0.75] > 2.2 * shares[0.25]


def test_self_resolved_cases_keep_the_counts_and_the_record(high_city):
    model = high_city[0]
    book = model.issues
    assert book.raised == book.resolved + book.open_count + book.abandoned + book.unresolved
    flows = model.flow_counts()
    assert sum(v for (src, _), v in flows.items() if src == "raised") == book.raised
    assert sum(v for (_, dst), v in flows.items() if dst == "resolved") == book.resolved
    table = model.issue_table()
    same_day = table[(table["state"] == "resolved") & (table["resolved_level"] == "compound")
                     & (table["closed"] == table["raised"]) & table["kind"].isin(["service", "dispute"])]
    assert len(same_day) >= model.stages.self_resolved
    assert int((table["state"] == "resolved").sum()) == book.resolved
    assert book.resolved_by_level[COMPOUND] >= model.stages.self_resolved


def test_stage_two_recruits_volunteers():
    # The same city with stage 2's recruitment off and on: more residents on the roster.
    rosters = []
    for recruit in (0.0, 1.0):
        model = GovernanceModel("classroom", steps=60, stages__recruit=recruit)
        for _ in range(60):
            model.step()
        rosters.append((model.society.roster.sum(), model.stages.degree(2).mean()))
    (off, degree), (on, _) = rosters
    assert degree > 0.1
    assert on > off * (1 + 0.5 * degree)


def test_order_gates_the_steps():
    # With no case resolved in its record, a community's society counts for nothing: s* = 1.
    model = GovernanceModel("classroom", steps=1, social__initial_orgs=3.0)
    steps = model.stages
    steps.closed[:] = 100.0
    steps.resolved[:] = 0.0
    target = steps.target(model.society.orgs_per_1000(), model.society.roster)
    assert np.allclose(target, 1.0)
    steps.resolved[:] = 100.0
    steps.at_compound[:] = 30.0
    assert (steps.target(model.society.orgs_per_1000(), model.society.roster) > 2.0).all()

