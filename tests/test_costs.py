"""Reform costs and lags: every reform costs, costs scale with what the lever does,
主官上 shortens even one-day delays on average, 戰區制 acts on a street's backlog, moved staff train."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from tiny_city import tiny_city, tiny_scenario

from sim import GovernanceModel
from sim.core.costs import COSTED
from sim.core.handlers import HandlerIndex
from sim.core.zones import CommandZones
from sim.scenario import load_scenario
from sim.scenario.levers import LEVERS
from sim.scenario.timeline import get_key

DAYS = 60


def reformed(key_values: dict, days: int = DAYS, day: int = 5, ramp: int = 0, **overrides) -> GovernanceModel:
    """A classroom run (no warm-up) with ``key_values`` set by a reform on ``day``."""
    model = GovernanceModel("classroom", rng=4, steps=days, warmup_days=0,
                            reforms=[{"day": day, "set": key_values, "ramp_days": ramp}], **overrides)
    for _ in range(days):
        model.step()
    return model


@pytest.fixture(scope="module")
def unreformed():
    """The classroom city run without a reform (no warm-up)."""
    model = GovernanceModel("classroom", rng=4, steps=DAYS, warmup_days=0)
    for _ in range(DAYS):
        model.step()
    return model


def test_without_a_reform_nothing_is_charged(unreformed):
    cost = unreformed.summary()["reform_cost"]
    assert cost["staff_hours_per_year"] == 0.0 and cost["yuan_per_year"] == 0.0
    assert all(item == {"staff_hours": 0.0, "yuan": 0.0} for item in cost["by_lever"].values())
    by_year = unreformed.summary()["by_year"]
    assert list(by_year) == ["2019"] and by_year["2019"]["reform_cost"]["days"] == DAYS


SHOCKS = {"shocks.epidemic.enabled"}
"""Levers that are a shock the city meets, not a reform of its arrangement (nothing to charge)."""
REFORM_LOWERS = {"power.territorial", "admin.access_cap"}
"""Levers a reform lowers: 屬地 → 有限責任, and a 社區准入制 cap below 1."""
REFORMS = [spec for spec in LEVERS if spec.key not in SHOCKS]


def reform_end(spec) -> float:
    """The end of a lever's range in the reform's direction."""
    low, high = spec.ends()
    return low if spec.key in REFORM_LOWERS else high


def test_every_reform_lever_is_costed_and_the_full_programme_moves_it_the_reform_way():
    assert set(COSTED) == {spec.key for spec in REFORMS} and len(COSTED) == len(set(COSTED))
    programme = load_scenario("full_programme")
    changed = programme.reforms[0].set
    for key, value in changed.items():
        before = get_key(programme, key)
        assert (value < before) == (key in REFORM_LOWERS), key


@pytest.mark.parametrize("spec", REFORMS, ids=lambda spec: spec.key)
def test_the_cost_of_every_reform_is_positive_and_charged_to_it_alone(spec):
    key = spec.key
    context = {k.replace(".", "__"): v for k, v in spec.context.items() if k != "city.residents"}
    value = reform_end(spec)
    assert value != get_key(load_scenario("classroom"), key)
    cost = reformed({key: value}, **context).summary()["reform_cost"]
    by_lever = cost["by_lever"]
    assert by_lever[key]["yuan"] > 0 and by_lever[key]["staff_hours"] >= 0
    assert all(item["yuan"] == 0 for other, item in by_lever.items() if other != key)
    assert cost["yuan_per_year"] == pytest.approx(by_lever[key]["yuan"])


def test_joint_evaluation_costs_the_evaluators_hours_per_department_ranked():
    weight, reform_day = 0.8, 5
    model = reformed({"joint.evaluation": weight}, day=reform_day)
    unit = model.config.costs
    departments = model.city.n_districts * model.city.n_dept_kinds
    expected = weight * unit.evaluation_hours_per_unit * 12 / 365 * departments * (DAYS - reform_day)
    item = model.summary()["by_year"]["2019"]["reform_cost"]["by_lever"]["joint.evaluation"]
    assert item["staff_hours"] == pytest.approx(expected)
    assert item["yuan"] == pytest.approx(expected * unit.civil_servant_yuan_per_hour)


def test_delegation_costs_street_training_once_and_legal_review_a_year_as_street_state_tasks():
    rise, reform_day = 0.6, 5  # classroom delegation 0.1 → 0.7
    model = reformed({"power.delegation": 0.1 + rise}, day=reform_day)
    unit, city = model.config.costs, model.city
    street_1000 = city.street_residents / 1000.0
    training = rise * unit.delegation_training_hours * street_1000.sum()
    review = rise * unit.delegation_review_hours * street_1000.sum() / 365 * (DAYS - reform_day)
    assert unit.training_days < DAYS - reform_day  # the training is over by the end
    item = model.summary()["by_year"]["2019"]["reform_cost"]["by_lever"]["power.delegation"]
    assert item["staff_hours"] == pytest.approx(training + review)
    assert item["yuan"] == pytest.approx((training + review) * unit.civil_servant_yuan_per_hour)
    # After the training the streets' state tasks carry the review alone; departments carry none.
    work = model.reform_work.state_work
    assert work[:city.n_streets] == pytest.approx(rise * unit.delegation_review_hours * street_1000 / 365)
    assert work[city.n_streets:].sum() == 0


def test_the_access_cap_costs_the_street_a_review_per_task_request_pushed_down():
    model = reformed({"admin.access_cap": 0.3}, days=12)
    unit, city = model.config.costs, model.city
    pushed = np.bincount(city.community_street, model.staffing.admin_pushed, minlength=city.n_streets)
    expected = 0.7 * pushed / unit.admin_task_hours * unit.admin_review_hours
    assert model.reform_work.state_work[:city.n_streets] == pytest.approx(expected)
    assert expected.sum() > 0


def test_compound_governance_takes_its_guidance_from_the_communities_hours():
    model = reformed({"moving_down.compound_governance": 0.7}, days=50)
    cb, sb = model.city.community_base, model.city.street_base
    capacity = np.full(model.city.n_handlers, 100.0)
    model.reform_work.take(model, model.day, capacity)
    taken = model.reform_work.community_work
    assert taken.sum() > 0
    assert capacity[cb:sb] == pytest.approx(100.0 - taken)
    assert (capacity[:cb] == 100.0).all() and (capacity[sb:] == 100.0).all()


def test_twice_the_staff_moved_down_costs_twice_the_hours():
    one = reformed({"moving_down.staff_share": 0.1}).summary()["reform_cost"]["by_lever"]
    two = reformed({"moving_down.staff_share": 0.2}).summary()["reform_cost"]["by_lever"]
    item = "moving_down.staff_share"
    assert two[item]["staff_hours"] == pytest.approx(2 * one[item]["staff_hours"], rel=1e-9)
    assert two[item]["yuan"] == pytest.approx(2 * one[item]["yuan"], rel=1e-9)
    assert one[item]["staff_hours"] > 0


def test_whistle_cost_is_the_coordination_hours_of_the_whistles_blown():
    model = reformed({"joint.whistle": 0.8})
    item = model.summary()["by_year"]["2019"]["reform_cost"]["by_lever"]["joint.whistle"]
    assert model.issues.whistles > 0
    assert item["staff_hours"] == pytest.approx(
        model.config.costs.coordination_hours_per_whistle * model.issues.whistles)


@pytest.mark.parametrize("days", [1, 3])
def test_chief_officials_shorten_a_delay_on_average_by_half_their_degree(days):
    chief, n = 0.6, 200_000
    scenario = tiny_scenario(command__chief_officials=chief)
    index = HandlerIndex(scenario, tiny_city(scenario), np.random.default_rng(7))
    delays = index.delay(days, n)
    expected = days * (1 - 0.5 * chief)
    spread = np.sqrt(0.7 * 0.3 / n)  # the fraction (0.7 or 0.1) decides the chance of one day more
    assert abs(delays.mean() - expected) < 5 * spread
    assert set(np.unique(delays)) == {int(expected), int(expected) + 1}


def test_without_chief_officials_a_delay_is_whole_and_draws_nothing():
    scenario = tiny_scenario()
    rng = np.random.default_rng(7)
    index = HandlerIndex(scenario, tiny_city(scenario), rng)
    state = rng.bit_generator.state
    assert index.delay(1, 50) == 1
    assert rng.bit_generator.state == state


def zones_with_queue(effort_at_street: float, redeploy: float = 0.3, days: float = 5.0):
    """The tiny city's command zones and a book with ``effort_at_street`` hours queued at the street."""
    scenario = tiny_scenario(command__redeploy=redeploy, command__redeploy_queue_days=days)
    city = tiny_city(scenario)
    zones = CommandZones(scenario, city)
    book = SimpleNamespace(cols={"handler": np.array([city.street_base]),
                                 "effort_left": np.array([effort_at_street], np.float32)})
    return zones, book, city


def test_a_street_calls_in_the_departments_only_above_its_queue_threshold():
    zones, book, city = zones_with_queue(0.0)
    base = np.ones(city.n_handlers)  # one hour a day at each handler
    own = city.dept_base  # the street's own handlers: 3 compounds, 2 communities, the street
    for effort, calls in ((5.0 * own - 0.5, False), (5.0 * own + 0.5, True)):
        book.cols["effort_left"][0] = effort
        assert zones.calls(book, base, shock=False).tolist() == [calls]
    assert zones.calls(SimpleNamespace(cols={"handler": np.array([], np.int64),
                                             "effort_left": np.array([], np.float32)}),
                       base, shock=True).tolist() == [True]
    off, book, _ = zones_with_queue(1e6, redeploy=0.0)
    assert off.calls(book, base, shock=True).tolist() == [False]


def test_redeployed_hours_leave_the_departments_for_the_communities():
    zones, _, city = zones_with_queue(0.0)
    cap = np.ones(city.n_handlers)
    received = zones.send(cap, np.array([True]))
    assert cap[city.dept_base:city.city_dept_base] == pytest.approx([0.7, 0.7])
    assert received.sum() == pytest.approx(0.6) == zones.sent_hours
    assert received == pytest.approx(0.6 * city.community_residents / city.community_residents.sum())
    assert zones.send(cap, np.array([False])).sum() == 0 and zones.sent_hours == 0


def test_redeployment_happens_without_an_epidemic_when_the_backlog_calls_for_it():
    low = reformed({"command.redeploy": 0.3}, command__redeploy_queue_days=0.01)
    high = reformed({"command.redeploy": 0.3}, command__redeploy_queue_days=365.0)
    assert not low.config.shocks.epidemic.enabled
    assert low.summary()["reform_cost"]["by_lever"]["command.redeploy"]["staff_hours"] > 0
    assert high.summary()["reform_cost"]["by_lever"]["command.redeploy"]["staff_hours"] == 0


def test_staff_moved_down_train_before_their_hours_reach_cases():
    share, reform_day = 0.2, 5
    costs = {"costs__training_days": 20, "costs__training_share": 0.5}
    runs = {}
    for label, overrides in (("train", costs), ("none", {"costs__training_days": 0})):
        model = GovernanceModel("classroom", rng=4, steps=40, warmup_days=0, calendar__rule="none",
                                reforms=[{"day": reform_day, "set": {"moving_down.staff_share": share}}],
                                **overrides)
        hours = []
        for _ in range(40):
            model.step()
            hours.append(model.capacity_today.copy())
        runs[label] = model, np.array(hours)
    model, trained = runs["train"]
    _, untrained = runs["none"]
    moved_in = model.staffing.moved_in
    # On the reform's day the runs differ only by the training: half the moved hours.
    gap = untrained[reform_day] - trained[reform_day]
    receiving = moved_in > 0
    assert gap[receiving] == pytest.approx(0.5 * moved_in[receiving], rel=1e-6)
    assert np.abs(gap[~receiving]).max() < 1e-9
    # While in training, the moved staff's hours at compounds stay below their later level.
    compounds = slice(0, model.city.n_compounds)
    assert model.training.hours(reform_day + 19, True)[compounds].sum() > 0
    assert model.training.hours(reform_day + 20, True) is None
    assert model.summary()["reform_cost"]["training_hours_per_year"] > 0


def test_the_one_network_is_paid_from_its_date_and_routes_after_its_build_period():
    model = reformed({"command.unified_intake": 0.9}, days=40, day=5, costs__platform_build_days=20)
    assert model.reforms.values_on(24, model.initial_config)["command.unified_intake"] == 0.0
    assert model.reforms.values_on(25, model.initial_config)["command.unified_intake"] == 0.9
    assert model.reforms.nominal("command.unified_intake", 5, model.initial_config) == 0.9
    per_day = model.config.costs.platform_yuan_per_resident * model.city.n_residents * 0.9 / 365
    charged = model.summary()["by_year"]["2019"]["reform_cost"]["by_lever"]["command.unified_intake"]
    assert charged["yuan"] == pytest.approx(35 * per_day)
