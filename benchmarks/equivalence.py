"""Do the per-agent reference and the vectorised table give the same outcomes?  Replicates and a
paired comparison of their means.

Run with the same seed, both sides start from identical residents (both take them from a
GovernanceModel built with that seed) and then draw their own random numbers, so the difference between the two
runs of one seed is due to the rule and the dynamics' noise only.  Each outcome's mean paired
difference gets a Student-t confidence interval; the implementations agree on an outcome when
the interval contains 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from benchmarks.harness import OUTCOMES, Harness, VectorisedResidents
from benchmarks.reference import ReferenceModel


def replicate(
    side: type[ReferenceModel] | type[VectorisedResidents], harness: Harness, seeds: Iterable[int]
) -> np.ndarray:
    """Outcomes of one side over seeds: shape (seeds, len(OUTCOMES))."""
    rows = []
    for seed in seeds:
        out = side(harness, seed).run().outcomes()
        rows.append([out[k] for k in OUTCOMES])
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class Comparison:
    """One outcome compared: reference mean, mean paired difference (vectorised − reference), CI."""

    outcome: str
    reference_mean: float
    difference: float
    low: float
    high: float

    @property
    def agrees(self) -> bool:
        """Whether the confidence interval of the difference contains 0."""
        return self.low <= 0.0 <= self.high


def compare(reference: np.ndarray, vectorised: np.ndarray, confidence: float = 0.999) -> list[Comparison]:
    """Paired comparison of each outcome over the same seeds (rows of both arrays match)."""
    out = []
    for j, name in enumerate(OUTCOMES):
        diff = vectorised[:, j] - reference[:, j]
        n = len(diff)
        mean = float(diff.mean())
        half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * diff.std(ddof=1) / np.sqrt(n))
        out.append(Comparison(name, float(reference[:, j].mean()), mean, mean - half, mean + half))
    return out


def report(comparisons: list[Comparison]) -> str:
    """The comparisons as a small text table."""
    lines = [f"{'outcome':22s} {'reference':>10s} {'vec - ref':>10s} {'CI low':>10s} {'CI high':>10s}  agree"]
    for c in comparisons:
        lines.append(
            f"{c.outcome:22s} {c.reference_mean:10.4f} {c.difference:+10.5f} {c.low:+10.5f} "
            f"{c.high:+10.5f}  {'yes' if c.agrees else 'NO'}"
        )
    return "\n".join(lines)
