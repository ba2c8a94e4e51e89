"""放管服: approvals go window to window; the reform cuts steps, delegates them and merges windows.

The magnitude tests run the approvals part alone on the classroom city with ample window hours,
so the working days to a decision are the sum of the review days and the hand-off days that the
ODD's formula gives; the model tests check the lever's direction, its training and its cost, and
that approvals take no hours from the issue book's handlers.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_model

from sim.core.approvals import Approvals
from sim.core.calendar import Calendar
from sim.core.city import build_city
from sim.scenario import load_scenario

AMPLE = 1000.0
"""Window staff-hours per 1,000 residents a working day: far above any load, so nothing queues."""


def approvals_alone(days: int = 160, seed: int = 3, **overrides) -> Approvals:
    """The approvals part of the classroom city run alone for ``days`` (Monday–Friday calendar)."""
    config = load_scenario("classroom", {"approvals.rate": 2.0, **overrides})
    city = build_city(config, np.random.default_rng(1))
    calendar = Calendar(config.start_date, 0, days - 1, "weekends")
    part = Approvals(config, city, calendar, np.random.default_rng(seed))
    for day in range(days):
        part.work_day(day, calendar.is_workday(day))
    return part


@pytest.mark.parametrize(("steps", "step_days"), [(3, 2), (5, 3)])
def test_at_one_window_an_approval_takes_steps_times_review_days(steps, step_days):
    """All steps at the street's centre (one window, no hand-off, no queue): exactly k · d working days."""
    part = approvals_alone(approvals__steps=steps, approvals__step_days=step_days,
                           approvals__street_share=1.0, approvals__window_hours=AMPLE)
    out = part.run_outcomes()
    assert out["approval_steps"] == steps
    assert out["approval_days"] == steps * step_days
    assert sum(r[0] for r in part._record) > 500


def test_separate_windows_add_the_hand_off_days_and_one_window_removes_them():
    """At department windows of K kinds, (k − 1) · (1 − 1/K) hand-offs of h days; 一窗受理 removes them."""
    k, d, h = 4, 2, 3
    apart = {"approvals__steps": k, "approvals__step_days": d, "approvals__handoff_days": h,
             "approvals__street_share": 0.0, "approvals__delegable_share": 0.0,
             "approvals__window_hours": AMPLE}
    kinds = len(load_scenario("classroom").departments)
    separate = approvals_alone(**apart).run_outcomes()["approval_days"]
    assert separate == pytest.approx(k * d + (k - 1) * h * (1 - 1 / kinds), abs=0.15)
    merged = approvals_alone(**apart, approvals__step_cut=0.0, power__streamlining=1.0).run_outcomes()
    assert merged == {"approval_days": k * d, "approval_steps": k}


def test_too_few_window_hours_make_files_queue_and_hours_are_never_overspent():
    """Below the load, applications wait for hours; the hours spent stay within those the windows had."""
    ample = approvals_alone(approvals__window_hours=AMPLE).run_outcomes()["approval_days"]
    config = load_scenario("classroom", {"approvals.rate": 2.0, "approvals.window_hours": 8.0})
    city = build_city(config, np.random.default_rng(1))
    calendar = Calendar(config.start_date, 0, 159, "weekends")
    part = Approvals(config, city, calendar, np.random.default_rng(3))
    spent = available = 0.0
    for day in range(160):
        part.work_day(day, calendar.is_workday(day))
        spent += part.hours_today
        available += part.window_hours().sum() if calendar.is_workday(day) else 0.0
    assert part.run_outcomes()["approval_days"] > ample + 1.0
    assert spent <= available - part.debt.sum() + 1e-9
    assert spent == pytest.approx(available, rel=0.05)  # a queue all the while: the hours are all used


def test_streamlining_cuts_steps_and_days_and_delegates_steps_to_streets():
    """Steps fall to steps · (1 − s · step_cut); the street's share of steps rises with the delegation."""
    scaled = {"approvals__window_hours": 50.0}  # 20 × the default hours for 20 × the default rate
    part = approvals_alone(power__streamlining=1.0, **scaled)
    a = part.config.approvals
    assert part.mean_steps() == pytest.approx(a.steps * (1 - a.step_cut))
    assert part.run_outcomes()["approval_steps"] == pytest.approx(part.mean_steps(), abs=0.1)
    assert part.street_share() == pytest.approx(a.street_share + (1 - a.street_share) * a.delegable_share)
    before = approvals_alone(**scaled)
    assert before.run_outcomes()["approval_days"] > 2 * part.run_outcomes()["approval_days"]
    # one delegation of powers, counted once: 權下放 beyond the reform's degree sets it
    both = approvals_alone(power__streamlining=0.3, power__delegation=0.8)
    assert both.street_share() == pytest.approx(a.street_share + (1 - a.street_share) * a.delegable_share * 0.8)


@pytest.mark.slow
def test_the_lever_lowers_approval_days_and_steps_in_the_model():
    """Directional, on the classroom city: lower on each of three seeds (common random numbers)."""
    low = [run_model("classroom", 120, seed).summary() for seed in range(3)]
    high = [run_model("classroom", 120, seed, power__streamlining=1.0).summary() for seed in range(3)]
    for name in ("approval_days", "approval_steps"):
        assert all(h[name] < lo[name] for h, lo in zip(high, low, strict=True)), name


def test_approvals_take_no_hours_from_the_issue_book_and_counts_still_add_up():
    """The windows' staff are their own: residents' cases run exactly as without the reform."""
    without = run_model("classroom", 90, 2).summary()
    reformed = run_model("classroom", 90, 2, power__streamlining=1.0)
    with_reform = reformed.summary()
    for name in ("issues_raised", "issues_resolved", "issues_open", "median_days_to_resolve"):
        assert with_reform[name] == without[name]
    book = reformed.issues
    assert book.raised == book.resolved + book.open_count + book.abandoned + book.unresolved


def test_a_dated_reform_trains_window_staff_and_costs_the_centres():
    """After the reform's date, training takes training_share of the window hours for training_days."""
    reform = [{"day": 10, "set": {"power.streamlining": 1.0}}]
    model = run_model("classroom", 80, 1, warmup_days=0, reforms=reform)
    costs = model.config.costs
    cost = model.summary()["reform_cost"]["by_lever"]["power.streamlining"]
    part = model.approvals
    hours = part.window_hours().sum()
    workdays = model.calendar.working_days_between(9, 9 + costs.training_days)
    expected_hours = costs.training_share * hours * workdays * 365 / 80
    assert cost["staff_hours"] == pytest.approx(expected_hours, rel=1e-6)
    centres = model.city.n_streets + model.city.n_districts
    yuan = (cost["staff_hours"] * costs.civil_servant_yuan_per_hour
            + costs.one_window_yuan_per_centre * centres * 70 / 80)
    assert cost["yuan"] == pytest.approx(yuan, rel=1e-6)
    assert part.training_today == 0.0  # training is over by the end of the run


def test_same_seed_same_approvals():
    one = approvals_alone(seed=5).run_outcomes()
    two = approvals_alone(seed=5).run_outcomes()
    assert one == two
