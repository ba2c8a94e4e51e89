"""Reform costs and lags: every costed lever costs when on, costs scale with what the lever does,
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
from sim.scenario.levers import LEVER_BY_KEY

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


@pytest.mark.parametrize("key", COSTED)
def test_every_costed_lever_costs_money_when_on_and_only_it(key):
    spec = LEVER_BY_KEY[key]
    context = {k.replace(".", "__"): v for k, v in spec.context.items()}
    cost = reformed({key: spec.ends()[1]}, **context).summary()["reform_cost"]
    by_lever = cost["by_lever"]
    assert by_lever[key]["yuan"] > 0 and by_lever[key]["staff_hours"] >= 0
    assert all(item["yuan"] == 0 for other, item in by_lever.items() if other != key)
    assert cost["yuan_per_year"] == pytest.approx(by_lever[key]["yuan"])


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
