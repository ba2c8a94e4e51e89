"""Confidence intervals and plain-language comparisons of replicate results (numpy/scipy).

Bootstrap resamples use a fixed seed so the same results always give the same intervals.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.dashboard.i18n import HIGHER_IS_BETTER, outcome_name, tr

N_BOOT = 2000
LEVEL = 0.95


def _rng() -> np.random.Generator:
    return np.random.default_rng(20191)


def mean_ci(values, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and percentile-bootstrap confidence interval of ``values`` (NaNs dropped)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return (np.nan, np.nan, np.nan)
    if len(x) == 1 or np.ptp(x) == 0:
        return (float(x.mean()),) * 3
    means = x[_rng().integers(0, len(x), (N_BOOT, len(x)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(x.mean()), float(lo), float(hi)


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


def difference(a, b, level: float = LEVEL) -> Difference:
    """Bootstrap CI of mean(b) − mean(a) and of mean(b)/mean(a) − 1.

    When ``a`` and ``b`` have the same length they are treated as paired (replicate i of both ran
    with the same seed), which is how the Compare page runs them.
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
    rng = _rng()
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


def verdict(outcome: str, name_a: str, name_b: str, d: Difference, language: str | None = None) -> str:
    """One sentence saying how B differs from A on ``outcome``, with its confidence interval."""
    label = outcome_name(outcome, language)
    if not np.isfinite(d.diff):
        return f"{label}: —"
    fields = {"a": name_a, "b": name_b, "outcome": label}
    if not d.significant:
        if d.rel is not None:
            return tr("verdict_same", language, pct=100 * d.rel, lo=100 * d.rel_lo, hi=100 * d.rel_hi, **fields)
        return tr("verdict_same_abs", language, diff=d.diff, lo=d.diff_lo, hi=d.diff_hi, **fields)
    up = d.diff > 0
    if d.rel is not None:
        key = "verdict_more" if up else "verdict_less"
        lo, hi = sorted((abs(d.rel_lo), abs(d.rel_hi)))
        text = tr(key, language, pct=abs(100 * d.rel), lo=100 * lo, hi=100 * hi, **fields)
    else:
        key = "verdict_abs_more" if up else "verdict_abs_less"
        lo, hi = sorted((abs(d.diff_lo), abs(d.diff_hi)))
        text = tr(key, language, diff=abs(d.diff), lo=lo, hi=hi, **fields)
    if outcome in HIGHER_IS_BETTER:
        judged = tr("better" if up == HIGHER_IS_BETTER[outcome] else "worse", language)
        text = text[:-1] + judged + text[-1]
    return text
