"""Statistics on synthetic data with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.analysis.stats import (
    adjust_pvalues,
    bootstrap_ci,
    cliffs_delta,
    cohens_d,
    describe,
    magnitude,
    pairwise_against,
    replicates_needed,
    two_sample_test,
)


def test_holm_and_bonferroni_by_hand():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 → 0.02, 0.03, 0.06, 0.04 → monotone
    assert adjust_pvalues(p, "holm") == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert adjust_pvalues(p, "bonferroni") == pytest.approx([0.04, 0.16, 0.12, 0.02])
    assert adjust_pvalues(p, "none") == pytest.approx(p)
    with_nan = adjust_pvalues([0.01, math.nan, 0.02], "holm")
    assert with_nan[0] == pytest.approx(0.02) and math.isnan(with_nan[1])


def test_benjamini_hochberg_by_hand():
    p = [0.01, 0.02, 0.03, 0.04]  # p_(i) * m / i = 0.04 for each
    assert adjust_pvalues(p, "fdr_bh") == pytest.approx([0.04] * 4)


def test_cliffs_delta_known_values():
    assert cliffs_delta([1, 2, 3], [2, 3, 4]) == pytest.approx(-5 / 9)
    assert cliffs_delta([5, 6], [1, 2, 3]) == 1.0
    assert cliffs_delta([1, 2, 3], [1, 2, 3]) == 0.0


def test_cohens_d_recovers_a_known_shift():
    rng = np.random.default_rng(1)
    x, y = rng.normal(0.5, 1, 20_000), rng.normal(0.0, 1, 20_000)
    assert cohens_d(x, y) == pytest.approx(0.5, abs=0.03)
    assert cohens_d([1, 1, 1], [1, 1, 1]) != cohens_d([1, 1, 1], [1, 1, 1])  # NaN
    assert magnitude(0.5, "cohens_d") == "medium"
    assert magnitude(-0.5, "cliffs_delta") == "large"
    assert magnitude(0.1, "cliffs_delta") == "negligible"


def test_bootstrap_ci_covers_the_true_mean_about_95_percent():
    rng = np.random.default_rng(7)
    hits = 0
    trials = 150
    for i in range(trials):
        low, high = bootstrap_ci(rng.exponential(2.0, 40), n_resamples=1000, seed=i)
        hits += low <= 2.0 <= high
    assert 0.88 <= hits / trials <= 0.99


def test_bootstrap_edge_cases_and_reproducibility():
    assert bootstrap_ci([3.0, 3.0, 3.0]) == (3.0, 3.0)
    assert all(math.isnan(v) for v in bootstrap_ci([1.0]))
    data = np.random.default_rng(0).normal(size=30)
    assert bootstrap_ci(data) == bootstrap_ci(data)
    d = describe([1.0, 2.0, 3.0, math.nan])
    assert (d["n"], d["mean"], d["median"]) == (3, 2.0, 2.0)


@pytest.mark.parametrize("test", ["mannwhitney", "welch"])
def test_tests_agree_with_scipy(test):
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 1, 25), rng.normal(0.3, 1, 25)
    expected = (
        stats.mannwhitneyu(x, y).pvalue if test == "mannwhitney" else stats.ttest_ind(x, y, equal_var=False).pvalue
    )
    assert two_sample_test(x, y, test) == pytest.approx(expected)


def test_holm_keeps_the_familywise_error_rate_under_the_null():
    rng = np.random.default_rng(11)
    false_alarms = 0
    trials = 200
    for _ in range(trials):
        groups = {f"g{i}": rng.normal(0, 1, 20) for i in range(5)}
        table = pairwise_against(groups, "g0", "welch", "holm")
        false_alarms += bool(table["significant"].any())
    assert false_alarms / trials <= 0.08  # nominal 0.05, with sampling slack


def test_pairwise_finds_the_shifted_group_only():
    rng = np.random.default_rng(5)
    groups = {"ref": rng.normal(0, 1, 40), "same": rng.normal(0, 1, 40), "shifted": rng.normal(1.5, 1, 40)}
    table = pairwise_against(groups, "ref").set_index("group")
    assert bool(table.loc["shifted", "significant"]) and not bool(table.loc["same", "significant"])
    assert table.loc["shifted", "cliffs_delta_size"] == "large"
    assert table.loc["shifted", "mean_difference"] == pytest.approx(1.5, abs=0.5)
    assert (table["p_adjusted"] >= table["p_value"]).all()


def test_replicates_needed_follows_the_square_root_law():
    rng = np.random.default_rng(2)
    big = rng.normal(10, 1, 50_000)
    # (1.96 * sd / (0.05 * mean))^2 = (1.96 / 0.5)^2 = 15.4 → 16
    assert replicates_needed(big, precision=0.05)["replicates_needed"] == 16
    few = replicates_needed(rng.normal(10, 1, 5), precision=0.01)
    assert not few["sufficient"] and few["replicates_needed"] > 100
    assert replicates_needed([2.0, 2.0, 2.0])["sufficient"]
    assert math.isnan(replicates_needed([-1.0, 1.0])["relative_half_width"])
