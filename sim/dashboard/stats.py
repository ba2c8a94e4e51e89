"""Plain-language verdicts on comparisons of replicate results.

The numbers (bootstrap intervals, bands, paired differences) come from :mod:`sim.analysis.stats`;
this module only turns them into sentences in the session's language, judging a difference better
or worse by the outcome's declared direction (:mod:`sim.core.outcomes`).
"""

from __future__ import annotations

import numpy as np

from sim.analysis.stats import Difference
from sim.core.outcomes import OUTCOMES
from sim.dashboard.i18n import outcome_name, tr


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
    better = OUTCOMES[outcome].higher_is_better if outcome in OUTCOMES else None
    if better is not None:
        judged = tr("better" if up == better else "worse", language)
        text = text[:-1] + judged + text[-1]
    return text
