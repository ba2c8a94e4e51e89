"""The daily work on the queues: skipping the issues today's hours cannot reach changes nothing,
and the issue draws keep each resident–domain pair's own chance; the flow's sampling helpers and
levels say what they do."""

from __future__ import annotations

import copy

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import GovernanceModel
from sim.core.residents import ResidentTable


def _queues(priority: str, seed: int) -> GovernanceModel:
    """A small city with long queues: few staff-hours, many issues.

    Sixty days from an empty city, without the warm-up, fill the queues as long as the default
    warm-up and 25 days do (600–650 open issues, over nine in ten out of a day's reach, median
    age about 30 days, measured on seeds 1–3) at a third of the time.
    """
    model = GovernanceModel("classroom", rng=seed, city__residents=600, city__compounds=8,
                            city__communities=3, issues__priority=priority,
                            residents__issue_rate=0.03, warmup_days=0)
    for _ in range(60):
        model.step()
    return model


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priority=st.sampled_from(["deadline", "oldest", "severity", "smallest"]),
       seed=st.integers(0, 2**16),
       scale=st.floats(0.0, 4.0), joint_share=st.floats(0.0, 1.0))
def test_work_within_reach_equals_work_on_whole_queues(priority, seed, scale, joint_share):
    model = _queues(priority, seed)
    model.queue_service.reach_from = 0  # find the reach however short the queues
    book = model.issues
    rng = np.random.default_rng(seed)
    c = book.cols
    c["triaged"][:] = True  # every open issue queued today, some of them joint or supervised
    c["arrive"][:] = np.minimum(c["arrive"], model.day)
    c["joint"][:] = rng.random(len(book)) < joint_share * 0.3
    c["supervised"][:] = rng.random(len(book)) < 0.2
    hours = model.staffing.base * scale * rng.random(model.city.n_handlers)
    whole, reach = copy.deepcopy(book), copy.deepcopy(book)

    queues = model.queue_service.queues(book, model.day)
    np.testing.assert_allclose(queues.effort_by_handler,
                               np.bincount(queues.handler, queues.workable,
                                           minlength=model.city.n_handlers), rtol=1e-9)
    model.queue_service.within_reach = lambda queues, capacity: np.ones(len(queues.idx), dtype=bool)
    closed_whole = model.queue_service.work(whole, queues, hours, model.day)
    del model.queue_service.within_reach  # back to the method
    closed_reach = model.queue_service.work(reach, queues, hours, model.day)

    assert whole.hours_worked == reach.hours_worked or np.isclose(whole.hours_worked,
                                                                  reach.hours_worked, rtol=1e-12)
    for name in c:
        np.testing.assert_array_equal(whole.cols[name], reach.cols[name], err_msg=name)
    assert closed_whole.keys() == closed_reach.keys()
    for name in closed_whole:
        np.testing.assert_array_equal(closed_whole[name], closed_reach[name], err_msg=name)


def test_issue_draws_keep_each_pairs_own_chance():
    """Over many days, each pair raises at its chance from the rule (no pair is left out)."""
    model = GovernanceModel("classroom", rng=3, city__residents=2000, city__compounds=10,
                            city__communities=2, residents__issue_rate=0.05)
    table: ResidentTable = model.residents
    rng = np.random.default_rng(11)
    table.needs[:] = rng.random(table.needs.shape, dtype=np.float32)
    residents = table.config.residents
    from sim.core.resident_rule import issue_chance

    chance = issue_chance(table.needs, table.participation, table.trust,
                          np.float32(residents.issue_rate), np.float32(residents.need_threshold))
    days = 400
    counts = np.zeros(table.needs.shape)
    for _ in range(days):
        table.open_mask[:] = 0  # every pair free to raise each day
        who, domain = table.draw_issues(rng)
        np.add.at(counts, (domain, who), 1)
    expected = chance.sum() * days
    assert abs(counts.sum() - expected) < 4 * np.sqrt(expected)
    # Pairs grouped by chance: observed rates follow the rule in every group.
    groups = np.digitize(chance, np.quantile(chance[chance > 0], [0.25, 0.5, 0.75]))
    for g in range(4):
        sel = (groups == g) & (chance > 0)
        exp_g = chance[sel].sum() * days
        assert abs(counts[sel].sum() - exp_g) < 4 * np.sqrt(exp_g) + 1, g
    assert counts[chance == 0].sum() == 0


def test_weighted_pick_and_grouped_choice_give_the_last_index_for_an_all_zero_row():
    """Rows with no weight come out as the last index, flagged by ``has`` (their callers rely on
    the flag, never on the index); weighted rows draw only indices with weight."""
    from sim.core.sampling import GroupedChoice, weighted_pick

    rng = np.random.default_rng(0)
    weights = np.array([[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [1.0, 0.0, 3.0]])
    picks, has = weighted_pick(np.repeat(weights, 200, axis=0), rng)
    assert has.tolist() == [False] * 200 + [True] * 400
    assert set(picks[:200]) == {2} and set(picks[200:400]) == {1} and set(picks[400:]) == {0, 2}
    drawn = GroupedChoice(weights).draw(np.repeat(np.arange(3), 200), rng)
    assert set(drawn[:200]) == {2} and set(drawn[200:400]) == {1} and set(drawn[400:]) == {0, 2}


def test_levels_are_named_after_the_scenarios_levels():
    from sim.core.levels import COMPOUND, DEPARTMENT, STREET, Level
    from sim.scenario import LEVELS

    assert [level.name.lower() for level in Level] == list(LEVELS)
    assert [int(level) for level in Level] == list(range(len(LEVELS)))
    assert (COMPOUND, STREET, DEPARTMENT) == (Level.COMPOUND, Level.STREET, Level.DEPARTMENT)
    assert type(STREET) is int  # plain ints keep numpy's int8 level columns int8
