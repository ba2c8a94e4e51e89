"""考核排名: monthly rankings on measured rates, and the pressure they put on streets and departments."""

from __future__ import annotations

import numpy as np
from conftest import run_model

from sim.core.evaluation import HandlerTally, rank_pressure
from sim.core.model import GovernanceModel
from sim.core.ratings import BASIC, SATISFIED, UNSATISFIED


def test_rank_pressure_orders_units_by_score():
    pressure = rank_pressure(np.array([0.9, 0.5, np.nan, 0.7, 0.5]))
    assert pressure[0] == 0.0                     # the best
    assert np.isclose(pressure[3], 1 / 3)         # one of the three others better
    assert np.isclose(pressure[1], 2 / 3) and pressure[1] == pressure[4]  # tied, two better
    assert pressure[2] == 0.0                     # not ranked
    assert np.all(rank_pressure(np.full(4, 1.0)) == 0.0)   # all tied: no pressure


def test_monthly_tally_ranks_handlers_by_their_rates():
    """A hand-built month: handler 1 answers in time and solves; handler 2 neither; handler 0 has nothing."""
    tally = HandlerTally(3, basic_weight=1.0)
    tally.responded(np.array([1, 1, 2, 2]), np.array([True, True, False, True]))
    tally.rated(np.array([1, 1, 2, 2]), np.array([True, True, False, True]),
                np.array([SATISFIED, BASIC, UNSATISFIED, SATISFIED]))
    scores = tally.scores()
    assert np.isnan(scores[0])
    assert scores[1] == 1.0
    assert np.isclose(scores[2], (0.5 + 0.5 + 0.5) / 3)
    pressure = rank_pressure(scores)
    assert pressure[1] == 0.0 and pressure[2] == 1.0 and pressure[0] == 0.0


def bounces_per_case(model) -> float:
    return model.summary()["bounces_per_issue"]


def test_hotline_pressure_lowers_bouncing_and_raises_case_hours():
    """Ranked on the hotline's rates (joint.evaluation = 1), pressed departments pass fewer cases on."""
    low, high = [], []
    hours_low, hours_high = [], []
    for seed in range(3):
        m0 = run_model("classroom", 150, seed, joint__evaluation=0.0)
        m1 = run_model("classroom", 150, seed, joint__evaluation=1.0)
        low.append(bounces_per_case(m0))
        high.append(bounces_per_case(m1))
        db = m0.city.dept_base
        assert m1.evaluation.months_ranked >= 4
        shift = m1.evaluation.case_shift[db:]
        assert shift.max() > 0 and np.all(shift >= 0)
        # Some department is under at least half the full pressure (pass factor 1 − max_restraint · pressure).
        half_cut = 1.0 - 0.5 * m1.config.ranking.max_restraint
        assert np.all(m1.ownership.pass_factor[db:] <= 1.0) and m1.ownership.pass_factor[db:].min() <= half_cut
        hours_low.append(m0.state_tasks.department_hours_today)
        hours_high.append(m1.state_tasks.department_hours_today)
    assert np.mean(high) < np.mean(low)
    assert np.mean(hours_high) < np.mean(hours_low)  # hours moved from state tasks to cases


def test_joint_evaluation_changes_the_rankings_inputs_not_the_hours():
    """At 0 departments are ranked on their state tasks, at 1 on the hotline's rates; paid hours are equal."""
    m0 = GovernanceModel("classroom", rng=1, joint__evaluation=0.0)
    m1 = GovernanceModel("classroom", rng=1, joint__evaluation=1.0)
    assert np.array_equal(m0.staffing.base, m1.staffing.base)
    assert np.array_equal(m0.staffing.state_hours, m1.staffing.state_hours)
    for _ in range(100):
        m0.step()
        m1.step()
        db = m0.city.dept_base
        total0 = m0.capacity_today[db:] * (1 + m0.config.ranking.care_cost * m0.evaluation.care[db:])
        total1 = m1.capacity_today[db:] * (1 + m1.config.ranking.care_cost * m1.evaluation.care[db:])
        paid0 = total0.sum() + m0.state_tasks.department_hours_today
        paid1 = total1.sum() + m1.state_tasks.department_hours_today
        assert np.isclose(paid0, paid1)
    db = m0.city.dept_base
    assert np.all(m0.evaluation.hotline_pressure[db:] == 0.0)
    assert np.all(m1.evaluation.state_pressure[db:] == 0.0)


def test_careful_closing_costs_hours_and_raises_solved():
    m = GovernanceModel("classroom", rng=1)
    m.evaluation.care[:] = 1.0
    hours = np.full(m.city.n_handlers, 10.0)
    assert np.allclose(m.evaluation.careful(hours), 10.0 / (1 + m.config.ranking.care_cost))
    quality = m.config.ratings.answer_quality
    raised = m.evaluation.answer_quality(np.arange(3))
    assert np.allclose(raised, quality + (1 - quality) * m.config.ranking.care_gain)


def test_ranking_strength_scales_the_hotline_pressure_only():
    """ranking.strength 0: nobody is pressed on the hotline, nobody closes carefully; 0.5 caps it at half."""
    runs = {}
    for strength in (0.0, 0.5, 1.0):
        m = GovernanceModel("classroom", rng=2, joint__evaluation=1.0, ranking__strength=strength)
        while m.evaluation.months_ranked < 2:
            m.step()
        runs[strength] = m
    db = runs[1.0].city.dept_base
    assert np.all(runs[0.0].evaluation.hotline_pressure == 0.0) and np.all(runs[0.0].evaluation.care == 0.0)
    for strength in (0.5, 1.0):
        departments = runs[strength].evaluation.hotline_pressure[db:]
        assert 0.0 < departments.max() <= strength      # place (at most 1) times the strength
        assert runs[strength].evaluation.care.max() > 0
