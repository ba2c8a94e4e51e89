"""The city held fixed across replicates (common random numbers), and the warm-up kept out of outcomes."""

from __future__ import annotations

import numpy as np
import pytest

from sim import GovernanceModel

LEVERS = {"power__delegation": 0.8, "power__staff_follow": 0.8}


OUTCOMES = ("trust_mean", "satisfaction_mean")


def final(seed: int, city_seed: int | None = None, days: int = 120, **levers) -> np.ndarray:
    model = GovernanceModel("classroom", rng=seed, warmup_days=0, city__seed=city_seed, **levers)
    for _ in range(days):
        model.step()
    return np.array([model.metrics[name] for name in OUTCOMES])


def test_replicates_share_the_city_and_differ_in_what_happens():
    a = GovernanceModel("classroom", rng=1, warmup_days=0)
    b = GovernanceModel("classroom", rng=2, warmup_days=0)
    assert (a.city.compound_type == b.city.compound_type).all()
    assert (a.city.compound_residents == b.city.compound_residents).all()
    assert (a.residents.drift[:, :] == b.residents.drift[:, :]).all() and (a.residents.trust == b.residents.trust).all()
    # The needs' history is the city's too (drawn from its seed): replicates differ in it only through
    # the first survey's sensing noise, which aims their services a little differently ...
    assert a.residents.needs.mean() == pytest.approx(b.residents.needs.mean(), abs=0.005)
    assert not (a.residents.needs == b.residents.needs).all()
    # ... and with sensing 0 (no noise weighed in) their needs start the same.
    quiet = {"warmup_days": 0, "supply__sensing": 0.0}
    assert (GovernanceModel("classroom", rng=1, **quiet).residents.needs
            == GovernanceModel("classroom", rng=2, **quiet).residents.needs).all()
    for _ in range(20):
        a.step()
        b.step()
    assert a.issues.raised != b.issues.raised
    c = GovernanceModel("classroom", rng=1, warmup_days=0, city__seed=99)
    assert not (a.city.compound_residents == c.city.compound_residents).all()
    assert c.city_seed == 99 and a.city_seed == a.config.seed


@pytest.mark.slow
def test_common_random_numbers_lower_the_variance_of_a_paired_difference():
    seeds = range(1, 9)
    # common random numbers: each pair shares its seed and the scenario's one city
    paired = np.array([final(s, **LEVERS) - final(s) for s in seeds])
    # independent replicates: each arm with its own seed and its own city
    independent = np.array([final(s, city_seed=s, **LEVERS) - final(s + 100, city_seed=s + 100) for s in seeds])
    # Measured: the variance of the paired difference is 0.20 (trust) and 0.24 (satisfaction) of
    # the independent one.  (For the resolution rate and, at the record's volumes, the issues
    # raised it is not lower: the process, not the city, dominates their noise — 0.82 for issues
    # raised here, 1.55 in a 9,000-resident classroom city; see ODD section 5.)
    ratio = paired.var(axis=0, ddof=1) / independent.var(axis=0, ddof=1)
    assert (ratio < [0.6, 0.8]).all(), dict(zip(OUTCOMES, ratio, strict=True))


def test_the_warm_up_is_simulated_but_kept_out_of_every_outcome():
    cold = GovernanceModel("classroom", rng=5, warmup_days=0)
    warm = GovernanceModel("classroom", rng=5, warmup_days=60)
    assert warm.day == 0 and len(warm.datacollector.model_vars["issues_raised"]) == 1
    assert warm.metrics["issues_resolved"] == 0 and warm.metrics["issues_abandoned"] == 0
    assert warm.metrics["issues_closed_unresolved"] == 0
    assert warm.issues.raised == warm.issues.open_count > 0  # carried over, counted as raised
    assert abs(warm.metrics["trust_mean"] - cold.metrics["trust_mean"]) > 1e-3  # trust moved
    assert len(warm.issues.log.frame("issues")) == 0  # nothing of the warm-up is logged ...
    paths = warm.issues.log.frame("paths")  # ... but each carried-over case's "carry" hop on day 0
    assert len(paths) == warm.issues.open_count and (paths["day"] == 0).all() and (paths["action"] == 10).all()
    for _ in range(30):
        warm.step()
    table = warm.issue_table()
    assert len(table) == warm.issues.raised  # carried-over cases plus the new ones
    assert (table["raised"] < 0).sum() > 0  # some were raised in the warm-up
    summary = warm.summary()
    assert summary["days"] == 30
    assert summary["issues_raised"] == (summary["issues_resolved"] + summary["issues_open"]
                                        + summary["issues_abandoned"] + summary["issues_closed_unresolved"])
