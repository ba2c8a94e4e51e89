"""Each lever moves its outcomes in the direction its mechanism implies.

Every comparison runs the same seeds under both settings (common random numbers) and asserts
that the mean paired difference lies beyond three standard errors — a bar a real effect clears
easily and noise does not.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import replicate, run_model

SEEDS = range(5)


def clearly_greater(high: np.ndarray, low: np.ndarray) -> bool:
    """Paired comparison: mean(high - low) > 3 standard errors (and > 0)."""
    diff = high - low
    se = diff.std(ddof=1) / np.sqrt(len(diff))
    return diff.mean() > 0 and diff.mean() > 3 * se


def street_share(model):
    return model.summary()["resolved_at"]["street"]


def days_for_department_powers(model):
    """Mean days to resolve the kinds whose powers delegation moves (enforcement, infrastructure)."""
    t = model.issue_table()
    done = t[t["kind"].isin(["enforcement", "infrastructure"]) & (t["state"] == "resolved")]
    return float((done["closed"] - done["raised"]).mean())


def test_delegation_with_staff_resolves_more_at_street_and_faster():
    before = {"power__delegation": 0.1}
    after = {"power__delegation": 0.8, "power__staff_follow": 1.0}
    assert clearly_greater(replicate(street_share, after, SEEDS), replicate(street_share, before, SEEDS))
    assert clearly_greater(replicate(days_for_department_powers, before, SEEDS),
                           replicate(days_for_department_powers, after, SEEDS))


def test_delegation_without_staff_loads_the_street():
    """Powers moved down without staff: more work lands on the street and its queue grows."""
    before = {"power__delegation": 0.1}
    after = {"power__delegation": 0.9, "power__staff_follow": 0.0}
    backlog = lambda m: m.metrics["backlog_street"]  # noqa: E731
    assert clearly_greater(replicate(backlog, after, SEEDS), replicate(backlog, before, SEEDS))


def test_clear_lists_cut_bounces():
    bounces = lambda m: m.summary()["bounces_per_issue"]  # noqa: E731
    assert clearly_greater(replicate(bounces, {"power__list_clarity": 0.1}, SEEDS),
                           replicate(bounces, {"power__list_clarity": 0.95}, SEEDS))


def test_limited_responsibility_cuts_push_downs_and_community_admin():
    push = lambda m: m.summary()["pushdowns_per_issue"]  # noqa: E731
    admin = lambda m: m.summary()["community_admin_share"]  # noqa: E731
    territorial, limited = {"power__territorial": 1.0}, {"power__territorial": 0.0}
    assert clearly_greater(replicate(push, territorial, SEEDS), replicate(push, limited, SEEDS))
    assert clearly_greater(replicate(admin, territorial, SEEDS), replicate(admin, limited, SEEDS))


def test_access_cap_lowers_community_admin_share():
    admin = lambda m: m.summary()["community_admin_share"]  # noqa: E731
    capped = replicate(admin, {"admin__access_cap": 0.25}, SEEDS)
    assert clearly_greater(replicate(admin, {"admin__access_cap": 1.0}, SEEDS), capped)
    assert capped.max() <= 0.25 + 1e-9


def test_moving_down_resolves_more_at_compound_and_community():
    low = lambda m: m.summary()["resolved_at"]["compound"] + m.summary()["resolved_at"]["community"]  # noqa: E731
    down = {"moving_down__staff_share": 0.4, "moving_down__compound_governance": 0.8,
            "moving_down__classified": 0.8}
    assert clearly_greater(replicate(low, down, SEEDS), replicate(low, {}, SEEDS))


def test_whistle_cuts_bounces_and_resolves_department_matters_at_street():
    bounces = lambda m: m.summary()["bounces_per_issue"]  # noqa: E731
    whistle = {"joint__whistle": 0.9}
    assert clearly_greater(replicate(bounces, {}, SEEDS), replicate(bounces, whistle, SEEDS))
    assert clearly_greater(replicate(street_share, whistle, SEEDS), replicate(street_share, {}, SEEDS))


def mean_days(model):
    """Mean days from raising to resolution over the issues resolved."""
    t = model.issue_table()
    done = t[t["state"] == "resolved"]
    return float((done["closed"] - done["raised"]).mean())


def test_unified_intake_resolves_faster_with_fewer_hops():
    hops = lambda m: m.summary()["hops_per_issue"]  # noqa: E731
    one_net = {"command__unified_intake": 0.9}
    assert clearly_greater(replicate(mean_days, {}, SEEDS), replicate(mean_days, one_net, SEEDS))
    assert clearly_greater(replicate(hops, {}, SEEDS), replicate(hops, one_net, SEEDS))


def test_social_empowerment_grows_organisations_and_participation():
    orgs = lambda m: m.metrics["social_orgs"]  # noqa: E731
    part = lambda m: m.metrics["participation_rate"]  # noqa: E731
    funded = {"social__funding": 1.0}
    assert clearly_greater(replicate(orgs, funded, SEEDS), replicate(orgs, {}, SEEDS))
    assert clearly_greater(replicate(part, funded, SEEDS), replicate(part, {}, SEEDS))


def test_needs_sensing_cuts_the_mismatch_and_the_issues_it_causes():
    mismatch = lambda m: m.metrics["needs_supply_mismatch"]  # noqa: E731
    raised = lambda m: m.metrics["issues_raised"]  # noqa: E731
    sensing = {"supply__sensing": 0.95}
    assert clearly_greater(replicate(mismatch, {}, SEEDS), replicate(mismatch, sensing, SEEDS))
    assert clearly_greater(replicate(raised, {}, SEEDS), replicate(raised, sensing, SEEDS))


@pytest.mark.parametrize(("preset", "left_at_end"), [("epidemic_baseline", 0.9),
                                                    ("epidemic_full_programme", 0.6)])
def test_epidemic_gives_a_backlog_peak_and_a_recovery(preset, left_at_end):
    """Against the same city without the wave (same seed), the backlog jumps during and after
    the wave and the excess shrinks again by the end of the year (faster after the reforms)."""
    shocked = np.array(run_model(preset, steps=365, seed=3).backlog_history, dtype=float)
    calm = np.array(run_model(preset, steps=365, seed=3, shocks__epidemic__enabled=False
                              ).backlog_history, dtype=float)
    start = 120
    excess = shocked - calm
    assert np.abs(excess[:start]).max() == 0  # identical until the wave starts
    peak = excess[start:].max()
    assert peak > 0.3 * calm[start]
    assert excess[-1] < left_at_end * peak


def test_full_programme_recovers_from_the_epidemic_faster_than_the_baseline():
    peak = lambda m: m.summary()["peak_backlog"] / m.city.n_residents  # noqa: E731
    base = replicate(peak, {}, range(3), steps=240, scenario="epidemic_baseline")
    full = replicate(peak, {}, range(3), steps=240, scenario="epidemic_full_programme")
    assert clearly_greater(base, full)
