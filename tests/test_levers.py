"""Each lever moves its outcomes in the direction its mechanism implies.

Every lever declares, on its schema field, the outcomes it moves and which way
(``sim/scenario/policy.py``); :func:`test_each_lever_moves_its_outcomes_as_declared` checks
every declaration.  The bespoke tests after it check more than one lever's direction (times,
caps, combinations, the epidemic's course).

Every comparison runs the same seeds under both settings (common random numbers) and asserts
that the mean paired difference lies beyond three standard errors — a bar a real effect clears
easily and noise does not.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from conftest import replicate, run_model

from sim.scenario import load_scenario
from sim.scenario.levers import LEVERS
from sim.scenario.policy import LARGER_CLASSROOM

SEEDS = range(5)
DIRECTION_STEPS = 120
"""Days of each run of the directional tests (the classroom city)."""


def clearly_greater(high: np.ndarray, low: np.ndarray) -> bool:
    """Paired comparison: mean(high - low) > 3 standard errors (and > 0)."""
    diff = high - low
    se = diff.std(ddof=1) / np.sqrt(len(diff))
    return diff.mean() > 0 and diff.mean() > 3 * se


def declared_outcomes(spec, value) -> list[dict]:
    """Run summaries of the classroom city over :data:`SEEDS` with ``spec`` at ``value`` (and
    the context its declaration names)."""
    overrides = {**spec.context, spec.key: value}
    resolved = load_scenario("classroom", {**overrides, "steps": DIRECTION_STEPS})
    return _summaries(resolved.model_dump_json(), tuple(overrides.items()))


@functools.cache
def _summaries(resolved: str, overrides: tuple) -> list[dict]:
    """The summaries of one resolved scenario, run once per test process.

    Keyed on the resolved scenario, so levers whose lowest value is the preset's own share
    the runs of the unchanged classroom city.
    """
    return [run_model("classroom", DIRECTION_STEPS, seed, **dict(overrides)).summary() for seed in SEEDS]


def test_every_lever_declares_a_valid_direction():
    assert LEVERS, "the lever registry is empty"
    outcomes = set(run_model("classroom", 2).summary())
    for spec in LEVERS:
        assert spec.moves, f"{spec.key} declares no direction"
        assert set(spec.moves) <= outcomes, f"{spec.key} names unknown outcomes"
        assert spec.key not in spec.context
        for value in spec.ends():
            load_scenario("classroom", {**spec.context, spec.key: value, "steps": DIRECTION_STEPS})


@pytest.mark.parametrize("spec", LEVERS, ids=lambda spec: spec.key)
def test_each_lever_moves_its_outcomes_as_declared(spec):
    """From its lowest to its highest value, the lever moves each declared outcome its way."""
    low_end, high_end = spec.ends()
    low, high = declared_outcomes(spec, low_end), declared_outcomes(spec, high_end)
    for outcome, direction in spec.moves.items():
        at_low = np.array([run[outcome] for run in low], dtype=float)
        at_high = np.array([run[outcome] for run in high], dtype=float)
        up, down = (at_high, at_low) if direction == "up" else (at_low, at_high)
        assert clearly_greater(up, down), (
            f"{spec.key} {low_end} → {high_end} should move {outcome} {direction}: "
            f"low {at_low.round(4).tolist()}, high {at_high.round(4).tolist()}")


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
    outcomes = (street_share, days_for_department_powers)
    (share_before, days_before), (share_after, days_after) = (replicate(outcomes, arm, SEEDS)
                                                              for arm in (before, after))
    assert clearly_greater(share_after, share_before)
    assert clearly_greater(days_before, days_after)


def test_access_cap_lowers_community_admin_share():
    admin = lambda m: m.summary()["community_admin_share"]  # noqa: E731
    capped = replicate(admin, {"admin__access_cap": 0.25}, SEEDS)
    assert clearly_greater(replicate(admin, {"admin__access_cap": 1.0}, SEEDS), capped)
    assert capped.max() <= 0.25 + 1e-9


def test_moving_down_resolves_more_at_compound_and_community():
    low = lambda m: m.summary()["resolved_at"]["compound"] + m.summary()["resolved_at"]["community"]  # noqa: E731
    # In the 9,000-resident classroom city: in the 3,000-resident one the rise (about 0.03 of
    # resolutions) is inside the noise of five seeds at the record's volumes.
    down = {"moving_down__staff_share": 0.4, "moving_down__compound_governance": 0.8,
            "moving_down__classified": 0.8, **LARGER_CLASSROOM}
    assert clearly_greater(replicate(low, down, SEEDS), replicate(low, LARGER_CLASSROOM, SEEDS))


def mean_days(model):
    """Mean days from raising to resolution over the issues resolved."""
    t = model.issue_table()
    done = t[t["state"] == "resolved"]
    return float((done["closed"] - done["raised"]).mean())


def test_unified_intake_resolves_faster_with_fewer_hops():
    hops = lambda m: m.summary()["hops_per_issue"]  # noqa: E731
    # In the 9,000-resident classroom city over ten seeds: in the 3,000-resident one the days saved
    # (about 0.4 of 8) are inside the noise of five seeds at the record's volumes, and in the larger
    # one five seeds leave the 1.4 days saved (of 10) within three standard errors.
    one_net = {"command__unified_intake": 0.9, **LARGER_CLASSROOM}
    before = LARGER_CLASSROOM
    (days_before, hops_before), (days_after, hops_after) = (replicate((mean_days, hops), arm, range(10))
                                                            for arm in (before, one_net))
    assert clearly_greater(days_before, days_after)
    assert clearly_greater(hops_before, hops_after)


def epidemic_excess(preset: str, seeds=(3, 4, 5)) -> tuple[np.ndarray, np.ndarray]:
    """The backlog with the wave minus the backlog of the same city without it (same seeds), and
    the calm backlog, each averaged over the seeds (one seed's excess is as large as its noise)."""
    shocked, calm = (np.mean([np.array(run_model(preset, steps=365, seed=seed, **extra).backlog_history, float)
                              for seed in seeds], axis=0)
                     for extra in ({}, {"shocks__epidemic__enabled": False}))
    return shocked - calm, calm


def test_epidemic_gives_a_backlog_peak_lower_in_the_reformed_city():
    """Against the same city without the wave (same seeds), the backlog jumps during and after the
    wave, in both cities; the reformed city's peak excess is lower, and neither is back to its calm
    backlog by the end of the year.  Measured, seeds 3-5 / 6-8 / 9-11: peak excess 65 / 83 / 101
    before the full programme (over calm backlogs of 253 / 253 / 284 when the wave starts), 57 / 56 /
    52 after it (over 146 / 136 / 149); the excess over the year's last 30 days is 0.50 / 0.50 / 0.71
    of the peak before and 0.52 / 0.53 / 0.44 after.  Whether the reformed city sheds more of its
    peak is within the spread of the seed sets (it did before the warm-up's take-up days were fixed:
    0.85 against 0.56 on seeds 3-5), so it is not asked."""
    start, peaks = 120, {}
    for preset in ("epidemic_baseline", "epidemic_full_programme"):
        excess, calm = epidemic_excess(preset)
        assert np.abs(excess[:start]).max() == 0  # identical until the wave starts
        peak = excess[start:].max()
        assert peak > 0.2 * calm[start]
        assert excess[-30:].mean() > 0.3 * peak  # not back to calm within the year
        peaks[preset] = peak
    assert peaks["epidemic_full_programme"] < peaks["epidemic_baseline"]


def test_full_programme_recovers_from_the_epidemic_faster_than_the_baseline():
    peak = lambda m: m.summary()["peak_backlog"] / m.city.n_residents  # noqa: E731
    base = replicate(peak, {}, range(3), steps=240, scenario="epidemic_baseline")
    full = replicate(peak, {}, range(3), steps=240, scenario="epidemic_full_programme")
    assert clearly_greater(base, full)
