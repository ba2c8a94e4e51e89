"""平安城市: incidents, the safety index, grid workers' patrols (網格化, 主動發現) and their cost."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_model

from sim.core.model import GovernanceModel
from sim.core.safety import SafeCity, patrol_coverage, safety_index
from sim.scenario import ScenarioError, load_scenario
from sim.scenario.policy import LARGER_CLASSROOM


def test_safety_index_halves_at_the_references_and_is_100_when_perfect():
    assert safety_index(0.0, 0.0, 30.0, 7.0) == pytest.approx(100.0)
    assert safety_index(30.0, 7.0, 30.0, 7.0) == pytest.approx(50.0)
    assert safety_index(60.0, 7.0, 30.0, 7.0) < safety_index(30.0, 7.0, 30.0, 7.0)
    assert np.isnan(safety_index(10.0, float("nan"), 30.0, 7.0))


def test_patrol_coverage_follows_grid_size():
    # one worker per grid of 450 households (8 per 10,000 residents at 2.62 a household), 4 patrol
    # hours a day at 20 households an hour: 80 of 450 households a day
    assert patrol_coverage(8.0, 8.0, 0.5, 20.0, 2.62) == pytest.approx(8 * 4 * 20 * 2.62 / 10_000)
    assert patrol_coverage(100.0, 8.0, 1.0, 100.0, 3.0) == 1.0


def test_patrols_find_visible_problems_with_the_chance_coverage_gives():
    """Magnitude: of the visible problems with no case open, coverage × spot chance are found."""
    model = GovernanceModel("classroom", steps=5)
    res = model.residents
    rng = np.random.default_rng(3)
    row = list(model.config.domains).index("safety")
    res.needs[row] = rng.random(res.n).astype(np.float32)
    res.open_mask[:] = 0
    res.open_mask[: res.n // 4] |= np.uint16(1 << row)  # a case already open: not reported again
    eligible = (res.needs[row] >= 0.15) & (np.arange(res.n) >= res.n // 4)
    chance = patrol_coverage(8.0, 8.0, 0.5, 20.0, 2.62) * 0.3
    found = [len(SafeCity.find(res, [row], chance, 0.15, rng)[0]) for _ in range(40)]
    expected = eligible.sum() * chance
    sd = np.sqrt(expected * (1 - chance) / len(found))
    assert abs(np.mean(found) - expected) < 4 * sd
    who, _ = SafeCity.find(res, [row], 1.0, 0.15, rng)
    assert eligible[who].all() and len(who) == eligible.sum()


def test_grid_workers_find_cases_first_and_cut_incidents():
    """Directional: with grid workers most patrolled-domain cases are found first, incidents fall."""
    runs = {w: [run_model("classroom", 120, seed, grid__workers=w).summary() for seed in range(3)]
            for w in (0.0, 8.0)}
    for before, after in zip(runs[0.0], runs[8.0], strict=True):
        assert before["proactive_share"] == 0.0
        assert after["proactive_share"] > 0.5
        assert after["safety_incidents_per_10k"] < 0.5 * before["safety_incidents_per_10k"]


def test_grid_workers_cost_their_paid_hours():
    days = 60
    model = run_model("classroom", days, 0, reforms=[{"day": 0, "set": {"grid.workers": 8.0}}])
    cost = model.summary()["reform_cost"]["by_lever"]["grid.workers"]
    cal, rest = model.calendar, model.config.calendar.rest_day_staff
    duty = sum(1.0 if cal.is_workday(d) else rest for d in range(days))
    hours = 8.0 * model.city.n_residents / 10_000 * 8.0 * duty * 365 / days
    assert cost["staff_hours"] == pytest.approx(hours)
    assert cost["yuan"] == pytest.approx(hours * model.config.costs.grid_worker_yuan_per_hour)


def test_the_index_falls_under_an_epidemic():
    # The larger classroom city: the 3,000-resident one may close no safety case in 120 calm
    # days (about 12 a year per 10,000 residents), and then has no response time to rate.
    epidemic = {"shocks.epidemic.enabled": True, "shocks.epidemic.start": 30, "shocks.epidemic.length": 60,
                **LARGER_CLASSROOM}
    for seed in range(2):
        calm = run_model("classroom", 120, seed, **LARGER_CLASSROOM).summary()
        shock = run_model("classroom", 120, seed, **epidemic).summary()
        assert shock["safety_incidents_per_10k"] > 1.5 * calm["safety_incidents_per_10k"]
        assert shock["safety_index"] < calm["safety_index"]


def test_found_cases_keep_the_counts_adding_up():
    model = run_model("classroom", 60, 1, grid__workers=20.0)  # the invariant is checked each day
    book = model.issues
    assert book.raised == book.resolved + book.open_count + book.abandoned + book.unresolved
    table = model.issue_table()
    assert (table["channel"] == "community").sum() > 0


def test_unknown_safety_domains_are_explained():
    with pytest.raises(ScenarioError, match=r"grid.domains names unknown domains \['weather'\]"):
        load_scenario("classroom", {"grid.domains": ["weather"]})
