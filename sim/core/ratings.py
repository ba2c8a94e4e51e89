"""Cases rated the way a hotline rates them: the call-back after a case closes.

When a case closes, the city calls the resident back (回訪) and asks two questions: was the
problem solved (解決), and how satisfied are you (滿意 / 基本滿意 / 不滿意)?  The model answers
them from what happened to the case:

* **Solved, in the resident's words.**  A case that was resolved counts as solved when the
  handler's answer met the need; it does with the chance ``ratings.answer_quality``, more often
  when the handler closes cases carefully under ranking pressure (:mod:`sim.core.evaluation`).
  A case that was closed unresolved, or that the resident gave up on, is not solved.
* **Satisfaction.**  A latent score ``u = solved_weight × solved − late_weight × lateness −
  pass_weight × passes + e`` with ``e`` standard logistic; ``lateness`` is how far the case
  overran the time promised for its kind (working days taken ÷ the limit − 1, from 0 to 2) and
  ``passes`` are the bounces and push-downs it suffered.  The resident is satisfied when ``u``
  exceeds ``satisfied_cut``, basically satisfied above ``basic_cut``, else unsatisfied — an
  ordered-logit reading of a three-point answer.

The hotline's rates over a period are then: resolution rate = cases said to be solved ÷ cases
rated; satisfaction rate = (satisfied + ``basic_weight`` × basically satisfied) ÷ cases rated
(cities differ in how they weigh 基本滿意; 1 counts it in full); response rate = cases responded to
(signed for by a handler that keeps them, or called back first: :mod:`sim.core.contact`) within
``issues.response_days`` working days ÷ cases responded to or closed unanswered.
"""

from __future__ import annotations

import numpy as np

from sim.core.numeric import clip

UNSATISFIED, BASIC, SATISFIED = 0, 1, 2
"""Codes of the three answers, in order."""

RATING_NAMES = ("unsatisfied", "basically_satisfied", "satisfied")
"""Names of the rating codes (不滿意, 基本滿意, 滿意)."""

SCORE = np.array([0.0, 0.6, 1.0], dtype=np.float32)
"""What each answer says of the handling, from 0 (unsatisfied) to 1 (satisfied): how a rated case
moves the resident's and the neighbours' view of how the government handles cases."""


def lateness(working_days: np.ndarray, limit_days: np.ndarray) -> np.ndarray:
    """How far cases overran their time limit: 0 on time, 1 at twice the limit, at most 2."""
    over = np.asarray(working_days, dtype=np.float32) / np.maximum(limit_days, 1) - 1.0
    return clip(over, 0.0, 2.0)


def rate_cases(resolved, late, passes, quality_draw, noise, ratings,
               answer_quality=None) -> tuple[np.ndarray, np.ndarray]:
    """The resident's two answers for each closing case.

    Args:
        resolved: whether each case was resolved (else closed unresolved or given up).
        late: lateness of each case (:func:`lateness`).
        passes: bounces and push-downs each case suffered.
        quality_draw: a uniform draw per case deciding whether the answer met the need.
        noise: a standard logistic draw per case (the resident's own disposition that day).
        ratings: the scenario's ``ratings`` section.
        answer_quality: per case, the chance its answer meets the need (default
            ``ratings.answer_quality`` for every case).

    Returns:
        ``solved`` (bool per case) and ``rating`` (``UNSATISFIED``, ``BASIC`` or ``SATISFIED``).
    """
    quality = ratings.answer_quality if answer_quality is None else answer_quality
    solved = np.asarray(resolved, dtype=bool) & (quality_draw < quality)
    score = (ratings.solved_weight * solved - ratings.late_weight * late
             - ratings.pass_weight * np.asarray(passes, dtype=np.float32) + noise)
    rating = np.where(score > ratings.satisfied_cut, SATISFIED,
                      np.where(score > ratings.basic_cut, BASIC, UNSATISFIED)).astype(np.int8)
    return solved, rating


def satisfaction_rate(satisfied: float, basic: float, rated: float, basic_weight: float) -> float:
    """The hotline satisfaction rate: (satisfied + weight × basically satisfied) ÷ rated (NaN if none)."""
    return (satisfied + basic_weight * basic) / rated if rated else float("nan")
