"""Statistics for comparing groups of replicate runs.

Bootstrap confidence intervals (scipy's BCa), two-sample tests (Mann–Whitney U or Welch's t),
corrections for multiple comparisons (Holm, Bonferroni, Benjamini–Hochberg), effect sizes
(Cliff's delta, Cohen's d) with conventional labels, and how many replicates a given precision
needs.  Every function takes plain arrays, so each can be checked on data with known answers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

TESTS = ("mannwhitney", "welch")
CORRECTIONS = ("holm", "bonferroni", "fdr_bh", "none")


def _clean(values: Sequence[float] | np.ndarray) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[np.isfinite(x)]


def bootstrap_ci(
    values: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
    statistic=np.mean,
) -> tuple[float, float]:
    """A bootstrap confidence interval (BCa) of a statistic, by default the mean.

    Constant samples give a zero-width interval at their value; fewer than two values give NaNs.
    The resampling is seeded, so the same data always give the same interval.
    """
    x = _clean(values)
    if len(x) < 2:
        return math.nan, math.nan
    if np.ptp(x) == 0:
        return float(x[0]), float(x[0])
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = stats.bootstrap(
                (x,),
                statistic,
                confidence_level=confidence,
                n_resamples=n_resamples,
                method=method,
                vectorized=True,
                rng=np.random.default_rng(seed),
            )
        low, high = res.confidence_interval
        if np.isfinite(low) and np.isfinite(high):
            return float(low), float(high)
    return math.nan, math.nan


def describe(values: Sequence[float] | np.ndarray, confidence: float = 0.95, seed: int = 0) -> dict[str, float]:
    """n, mean, standard deviation, median and the bootstrap CI of the mean."""
    x = _clean(values)
    low, high = bootstrap_ci(x, confidence, seed=seed)
    return {
        "n": len(x),
        "mean": float(x.mean()) if len(x) else math.nan,
        "sd": float(x.std(ddof=1)) if len(x) > 1 else math.nan,
        "median": float(np.median(x)) if len(x) else math.nan,
        "ci_low": low,
        "ci_high": high,
    }


def adjust_pvalues(pvalues: Sequence[float], method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple comparisons; NaNs stay NaN and do not count as tests.

    ``holm`` (step-down, controls the family-wise error rate), ``bonferroni``, ``fdr_bh``
    (Benjamini–Hochberg, controls the false discovery rate) or ``none``.
    """
    if method not in CORRECTIONS:
        raise ValueError(f"unknown correction {method!r}; allowed: {', '.join(CORRECTIONS)}")
    p = np.asarray(pvalues, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    q, m = p[ok], int(ok.sum())
    if m == 0 or method == "none":
        out[ok] = q
        return out
    if method == "bonferroni":
        out[ok] = np.minimum(q * m, 1.0)
    elif method == "fdr_bh":
        out[ok] = stats.false_discovery_control(q, method="bh")
    else:
        order = np.argsort(q)
        stepped = np.maximum.accumulate((m - np.arange(m)) * q[order])
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(stepped, 1.0)
        out[ok] = adjusted
    return out


def cliffs_delta(x: Sequence[float], y: Sequence[float]) -> float:
    """Cliff's delta: P(X > Y) − P(X < Y), from −1 (all of x below y) to 1 (all above)."""
    a, b = _clean(x), _clean(y)
    if not len(a) or not len(b):
        return math.nan
    u = stats.mannwhitneyu(a, b, alternative="two-sided").statistic
    return float(2.0 * u / (len(a) * len(b)) - 1.0)


def cohens_d(x: Sequence[float], y: Sequence[float]) -> float:
    """Cohen's d: difference of means over the pooled standard deviation (NaN if that is 0)."""
    a, b = _clean(x), _clean(y)
    if len(a) < 2 or len(b) < 2:
        return math.nan
    pooled = ((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2)
    if pooled <= 0:
        return math.nan
    return float((a.mean() - b.mean()) / math.sqrt(pooled))


def magnitude(value: float, kind: str) -> str:
    """Conventional label of an effect size: negligible, small, medium or large.

    Cliff's delta uses Romano et al.'s cut-offs (0.147, 0.33, 0.474), Cohen's d 0.2, 0.5, 0.8.
    """
    if not np.isfinite(value):
        return "n/a"
    cuts = (0.147, 0.33, 0.474) if kind == "cliffs_delta" else (0.2, 0.5, 0.8)
    labels = ("negligible", "small", "medium", "large")
    return labels[int(np.searchsorted(cuts, abs(value), side="right"))]


def two_sample_test(x: Sequence[float], y: Sequence[float], test: str = "mannwhitney") -> float:
    """The two-sided p-value of a Mann–Whitney U test or Welch's t-test of x against y."""
    a, b = _clean(x), _clean(y)
    if len(a) < 2 or len(b) < 2:
        return math.nan
    if np.ptp(np.concatenate([a, b])) == 0:
        return 1.0
    if test == "mannwhitney":
        return float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    if test == "welch":
        if a.var() == 0 and b.var() == 0:  # both constant, different values
            return 0.0
        return float(stats.ttest_ind(a, b, equal_var=False).pvalue)
    raise ValueError(f"unknown test {test!r}; allowed: {', '.join(TESTS)}")


def pairwise_against(
    groups: Mapping[str, Sequence[float]],
    reference: str,
    test: str = "mannwhitney",
    correction: str = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Test every group against the reference group; p-values corrected over the family.

    Returns one row per other group: its difference in means and medians from the reference,
    the raw and adjusted p-values, whether it is significant at ``alpha`` after correction, and
    Cliff's delta and Cohen's d with their labels.
    """
    ref = _clean(groups[reference])
    rows = []
    for name, values in groups.items():
        if name == reference:
            continue
        x = _clean(values)
        delta, d = cliffs_delta(x, ref), cohens_d(x, ref)
        rows.append(
            {
                "group": name,
                "reference": reference,
                "n": len(x),
                "n_reference": len(ref),
                "mean_difference": float(x.mean() - ref.mean()) if len(x) and len(ref) else math.nan,
                "median_difference": float(np.median(x) - np.median(ref)) if len(x) and len(ref) else math.nan,
                "test": test,
                "p_value": two_sample_test(x, ref, test),
                "cliffs_delta": delta,
                "cliffs_delta_size": magnitude(delta, "cliffs_delta"),
                "cohens_d": d,
                "cohens_d_size": magnitude(d, "cohens_d"),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "group",
            "reference",
            "n",
            "n_reference",
            "mean_difference",
            "median_difference",
            "test",
            "p_value",
            "cliffs_delta",
            "cliffs_delta_size",
            "cohens_d",
            "cohens_d_size",
        ],
    )
    table.insert(8, "p_adjusted", adjust_pvalues(table["p_value"].to_numpy(), correction))
    table.insert(9, "correction", correction)
    table.insert(10, "significant", table["p_adjusted"] < alpha)
    return table


def replicates_needed(values: Sequence[float], precision: float = 0.05, confidence: float = 0.95) -> dict[str, float]:
    """Whether the replicates pin the mean down to ``precision`` (CI half-width / |mean|).

    Returns the current relative half-width of the t-interval of the mean, whether it is within
    ``precision``, and the number of replicates the precision would take (half-widths shrink
    with 1/√n).  When the mean is 0 the relative precision is undefined (NaN).
    """
    x = _clean(values)
    n = len(x)
    if n < 2:
        return {"n": n, "relative_half_width": math.nan, "sufficient": False, "replicates_needed": math.nan}
    sd, mean = x.std(ddof=1), abs(x.mean())
    t = stats.t.ppf(0.5 + confidence / 2, n - 1)
    if sd == 0:
        return {"n": n, "relative_half_width": 0.0, "sufficient": True, "replicates_needed": n}
    if mean == 0:
        return {"n": n, "relative_half_width": math.nan, "sufficient": False, "replicates_needed": math.nan}
    relative = t * sd / math.sqrt(n) / mean
    z = stats.norm.ppf(0.5 + confidence / 2)
    needed = max(2, math.ceil((z * sd / (precision * mean)) ** 2))
    return {
        "n": n,
        "relative_half_width": float(relative),
        "sufficient": bool(relative <= precision),
        "replicates_needed": int(needed),
    }


# --- mean bands and paired differences (the dashboard's comparisons) -------------------

N_BOOT = 2000
LEVEL = 0.95


def mean_ci(values, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and bootstrap confidence interval of ``values`` (NaNs dropped; one value: no width)."""
    x = _clean(values)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    if len(x) == 1:
        return (float(x[0]),) * 3
    low, high = bootstrap_ci(x, level)
    return float(x.mean()), low, high


def band(matrix, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-column mean and t-interval of a (replicates × steps) array: the bands of a time chart."""
    m = np.asarray(matrix, dtype=float)
    n = np.sum(np.isfinite(m), axis=0)
    with warnings.catch_warnings():  # days on which no replicate has a value yet give NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(m, axis=0)
        sd = np.nanstd(m, axis=0, ddof=1) if m.shape[0] > 1 else np.zeros_like(mean)
    half = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(np.maximum(n, 1))
    return mean, mean - half, mean + half


@dataclass
class Difference:
    """B compared with A on one outcome: means, difference, relative difference, CIs, significance."""

    mean_a: float
    mean_b: float
    diff: float
    diff_lo: float
    diff_hi: float
    rel: float | None
    rel_lo: float | None
    rel_hi: float | None

    @property
    def significant(self) -> bool:
        """Whether the confidence interval of the difference excludes zero."""
        return bool(self.diff_lo > 0 or self.diff_hi < 0)


def difference(a, b, level: float = LEVEL, seed: int = 0) -> Difference:
    """Bootstrap CI of mean(b) − mean(a) and of mean(b)/mean(a) − 1.

    When ``a`` and ``b`` have the same length they are treated as paired (replicate i of both ran
    with the same seed), as the dashboard's Compare page runs them.  Seeded, so the same data
    always give the same interval.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    keep = np.isfinite(a) & np.isfinite(b) if len(a) == len(b) else None
    if keep is not None:
        a, b = a[keep], b[keep]
    else:
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if len(a) == 0 or len(b) == 0:
        nan = float("nan")
        return Difference(nan, nan, nan, nan, nan, None, None, None)
    rng = np.random.default_rng(seed)
    if len(a) == len(b):
        idx = rng.integers(0, len(a), (N_BOOT, len(a)))
        ma, mb = a[idx].mean(axis=1), b[idx].mean(axis=1)
    else:
        ma = a[rng.integers(0, len(a), (N_BOOT, len(a)))].mean(axis=1)
        mb = b[rng.integers(0, len(b), (N_BOOT, len(b)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    d_lo, d_hi = np.percentile(mb - ma, [tail, 100 - tail])
    rel = rel_lo = rel_hi = None
    if np.all(ma > 0) and a.mean() > 0:
        rel = b.mean() / a.mean() - 1
        rel_lo, rel_hi = (float(v) for v in np.percentile(mb / ma - 1, [tail, 100 - tail]))
    return Difference(
        float(a.mean()), float(b.mean()), float(b.mean() - a.mean()), float(d_lo), float(d_hi), rel, rel_lo, rel_hi
    )
