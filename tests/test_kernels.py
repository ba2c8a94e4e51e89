"""The compiled kernels (sim/core/kernels.py) give exactly what the resident rule's numpy functions give.

The rule's functions in sim/core/residents.py are the specification (the benchmark's per-agent
reference calls them one resident at a time); the kernels must reproduce them bit for bit on whole
chunks, and the event-driven need history must have the distribution of the month-by-month one.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim import GovernanceModel
from sim.core import kernels
from sim.core.resident_rule import (
    adapt_satisfaction,
    follow_participation,
    follow_trust,
    grow_needs,
    hear_cases,
    issue_chance,
    participation_target,
    volunteers,
)


@pytest.fixture(scope="module")
def table():
    """A lived-in classroom city's residents (varied needs, drifts, compounds and services)."""
    model = GovernanceModel("classroom", rng=4, warmup_days=30)
    return model.residents


def numpy_change(table, sl, extra=None):
    """The day's need change as whole-column numpy expressions (drift read by NeedDrift)."""
    drift = table.drift[:, sl]
    compound = table.compound[sl]
    change = drift * table._unmet - table._relief[:, compound]
    change -= table._support[:, compound] * drift
    if extra is not None:
        change = change + extra[:, None] * drift
    return change


@pytest.mark.parametrize("shock", [None, 0.5])
def test_the_day_s_need_growth_equals_grow_needs(table, shock):
    table._support[1, ::3] = np.float32(0.2)  # a package on some compounds, as relieve_drift sets it
    sl = slice(100, 2900)
    extra = np.zeros(len(table.domains), np.float32) if shock is None else np.full(
        len(table.domains), np.float32(shock))
    expected = grow_needs(table.needs[:, sl], numpy_change(table, sl, None if shock is None else extra))
    needs = table.needs.copy()
    kernels.live_a_day(needs, *table._kernel_args(sl), extra, shock is not None)
    assert np.array_equal(needs[:, sl], expected)
    assert np.array_equal(needs[:, :sl.start], table.needs[:, :sl.start])  # only the chunk moves
    assert np.array_equal(table.daily_change(sl), numpy_change(table, sl))
    assert not np.array_equal(needs[:, sl], table.needs[:, sl])  # the needs did move


@pytest.mark.parametrize(("heard", "handling"), [(False, 0.0), (True, 0.0), (True, 0.4)])
def test_the_end_of_day_settling_equals_the_rule(table, heard, handling):
    rng = np.random.default_rng(5)
    sl = slice(0, table.n)
    compound = table.compound
    n_compounds = int(compound.max()) + 1
    score = rng.random(n_compounds, dtype=np.float32)
    reach = (rng.random(n_compounds, dtype=np.float32) * np.float32(0.3))
    orgs = (rng.random(n_compounds, dtype=np.float32) * np.float32(4.0))
    adaptation, trust_rate, weight = np.float32(0.03), np.float32(0.01), np.float32(handling)
    view, sat, trust, part = (table.view.copy(), table.satisfaction.copy(), table.trust.copy(),
                              table.participation.copy())
    # the rule, column by column
    unmet = np.add.reduce(table.needs, axis=0) / np.float32(len(table.needs))
    if heard:
        view = hear_cases(view, score[compound], reach[compound])
    sat = adapt_satisfaction(sat, unmet, adaptation, view, weight)
    trust = follow_trust(trust, sat, trust_rate)
    part = follow_participation(part, participation_target(table.base_participation, trust, orgs[compound]))
    # the kernel
    cols = [table.view.copy(), table.satisfaction.copy(), table.trust.copy(), table.participation.copy()]
    first, _, counts = table._runs.of(sl)
    kernels.settle(table.needs, cols[1], cols[2], cols[3], cols[0], table.base_participation, 0, first, counts,
                   heard, score, reach, orgs, adaptation, trust_rate, weight)
    for got, want in zip(cols, (view, sat, trust, part), strict=True):
        assert got.dtype == np.float32
        assert np.array_equal(got, want)


def test_the_excess_over_a_level_is_the_masked_sum(table):
    row = table.needs[2]
    level = np.float64(np.float32(0.7))
    expected = float((row[row > level].astype(np.float64) - level).sum())
    assert kernels.excess_over(row, np.float32(0.7), 0, len(row)) == pytest.approx(expected, rel=1e-12)
    assert kernels.excess_over(row, np.float32(2.0), 0, 7) == 0.0
    assert table.excess_over(2, 0.7) == pytest.approx(expected, rel=1e-12)


def test_the_sums_by_compound_are_the_segment_sums(table):
    chunks = table.slices
    table.slices = [slice(i, min(i + 700, table.n)) for i in range(0, table.n, 700)]  # compounds split
    compounds = int(table.compound.max()) + 2  # one compound more, with nobody
    try:
        sums = table.sums_by_compound([table.satisfaction, table.needs[3]], compounds)
    finally:
        table.slices = chunks
    for got, column in zip(sums, (table.satisfaction, table.needs[3]), strict=True):
        want = np.bincount(table.compound, column.astype(np.float64), minlength=compounds)
        assert np.allclose(got, want, rtol=1e-12, atol=0)
    assert sums[:, -1].tolist() == [0.0, 0.0]


def month_by_month(needs, growth, participation, trust, residents, months, rng):
    """The history as it was first written: one draw per need and month (the reference)."""
    rate, threshold = np.float32(residents.issue_rate), np.float32(residents.need_threshold)
    chance = np.empty_like(needs)
    for _ in range(months):
        grow_needs(needs, growth, out=needs)
        issue_chance(needs, participation, trust, rate, threshold, out=chance)
        chance = -np.expm1(30 * np.log1p(-chance)) * np.float32(residents.history_resolution)
        relieved = rng.random(needs.shape, dtype=np.float32) < chance
        np.subtract(needs, np.float32(residents.relief), out=needs, where=relieved)
        np.maximum(needs, 0.0, out=needs)
    return needs


def test_the_event_driven_history_has_the_distribution_of_the_month_by_month_one(table):
    residents = table.config.residents.model_copy(update={"issue_rate": 0.004})  # many reliefs
    start = np.full(table.needs.shape, np.float32(0.3))
    growth = table.daily_change(slice(0, table.n)) * np.float32(30)
    months = 60
    reference = np.concatenate([
        month_by_month(start.copy(), growth, table.participation, table.trust, residents, months,
                       np.random.default_rng(seed)) for seed in range(8)], axis=1)
    lived = []
    for seed in range(8):
        needs = start.copy()
        kernels.live_history(needs, growth, table.participation, table.trust, residents.issue_rate,
                             residents.need_threshold, residents.relief, residents.history_resolution,
                             months, 30, np.random.default_rng(100 + seed))
        lived.append(needs)
    lived = np.concatenate(lived, axis=1)
    for d in range(len(table.domains)):
        ks = stats.ks_2samp(reference[d], lived[d])
        assert ks.statistic < 0.02, (d, ks)
    # with no relief at all the needs just grow for the months, clipped
    needs = start.copy()
    kernels.live_history(needs, growth, table.participation, table.trust, 0.0, residents.need_threshold,
                         residents.relief, residents.history_resolution, months, 30, np.random.default_rng(1))
    assert np.allclose(needs, np.clip(start + growth * months, 0, 1), atol=1e-5)


def test_the_volunteer_count_per_compound_is_the_rule_s(table):
    communities = int(table.community.max()) + 1
    share = np.linspace(0.2, 0.9, communities)  # one share per community, as the survey gives it
    compounds = int(table.compound.max()) + 1
    want = np.bincount(table.compound, volunteers(table.volunteer_draw, table.participation,
                                                  share[table.community]), minlength=compounds)
    got = table.volunteers_by_compound(share, compounds)
    assert got.dtype == np.int64
    assert np.array_equal(got, want)
    assert got.sum() > 0


def test_the_history_copes_with_a_daily_chance_of_one(table):
    """At issue_rate 1 a keen resident's daily chance reaches 1 (the kernels assume no infinities)."""
    residents = table.config.residents
    needs = np.full(table.needs.shape, np.float32(0.9))
    growth = table.daily_change(slice(0, table.n)) * np.float32(30)
    kernels.live_history(needs, growth, np.ones(table.n, np.float32), np.ones(table.n, np.float32), 1.0,
                         residents.need_threshold, residents.relief, 1.0, 24, 30, np.random.default_rng(2))
    assert np.isfinite(needs).all() and (needs >= 0).all() and (needs <= 1).all()
    assert needs.mean() < 0.9  # needs past the threshold were raised and relieved
