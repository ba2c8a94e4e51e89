"""The resident rule: how one resident's needs, feelings and voice move, as numpy functions.

Every function takes one resident's values (scalars, or arrays over domains) or whole columns
alike; ``out`` lets the columnar table (:class:`~sim.core.residents.ResidentTable`) update its
arrays in place.  The table applies the rule to every resident at once, partly through the
compiled passes of :mod:`sim.core.kernels`, which reproduce these functions bit for bit; the
benchmark's per-agent reference calls them one resident at a time.
"""

from __future__ import annotations

import numpy as np

from sim.core.numeric import clip


def grow_needs(needs, drift, relief=None, out=None):
    """Needs grow by their daily drift and shrink by the services that reach the resident (``relief``).

    Leave ``relief`` out when ``drift`` is already net of the services.
    """
    out = np.add(needs, drift, out=out)
    if relief is not None:
        out -= relief
    return clip(out, 0.0, 1.0, out=out)


def issue_chance(needs, participation, trust, rate, threshold, out=None):
    """Daily chance of raising an issue per domain: rises with unmet need, participation and trust.

    Below ``threshold`` a need is tolerated.  Above it the chance grows linearly up to ``rate`` ×
    the participation and trust factors; a resident who trusts government and takes part in
    community life is more likely to speak up than to put up with it.
    """
    voice = (rate / (1.0 - threshold)) * (0.5 + participation) * (0.5 + trust)
    out = np.subtract(needs, threshold, out=out)
    clip(out, 0.0, 1.0 - threshold, out=out)
    out *= voice
    return out


def adapt_satisfaction(satisfaction, unmet, adaptation, view=None, handling_weight=0.0, out=None):
    """Satisfaction drifts toward how well needs are met and how cases are handled.

    The target is ``(1 − handling_weight) × (1 − mean unmet need) + handling_weight × view``,
    where ``view`` is the resident's view of how the government handles cases (own cases and
    neighbours', from their call-back ratings); with ``handling_weight`` 0 it is 1 − mean unmet need.
    """
    gap = np.subtract(1.0, unmet)
    if handling_weight:
        gap *= 1.0 - handling_weight
        gap += handling_weight * view
    gap -= satisfaction
    gap *= adaptation
    return np.add(satisfaction, gap, out=out)


def follow_trust(trust, satisfaction, rate, out=None):
    """Trust in government follows satisfaction slowly."""
    gap = np.subtract(satisfaction, trust)
    gap *= rate
    return np.add(trust, gap, out=out)


def participation_target(base, trust, orgs_per_1000):
    """The participation a resident settles toward: disposition × trust × social organisations."""
    return clip(base * (0.5 + trust) * (1.0 + 0.25 * orgs_per_1000), 0.0, 1.0)


def follow_participation(participation, target, out=None):
    """Participation moves 1% of the way to its target each day."""
    gap = np.subtract(target, participation)
    gap *= 0.01
    return np.add(participation, gap, out=out)


def own_case(view, score, weight):
    """A resident's view of the handling after rating their own case: ``weight`` of the way to the case's score."""
    return view + weight * (score - view)


def hear_cases(view, heard_score, reach, out=None):
    """Word of mouth: the view moves ``reach`` of the way to the mean score of the neighbours' cases heard of."""
    gap = np.subtract(heard_score, view)
    gap *= reach
    return np.add(view, gap, out=out)


def word_of_mouth_reach(cases, size, hear_neighbours, weight):
    """How far a compound's closed cases move each resident's view today.

    Each closed case is heard of by ``hear_neighbours`` residents of its compound, so a resident
    hears ``h = cases × hear_neighbours / size`` of them (at most all); each heard case moves the
    view ``weight`` of the way, so together they move it ``1 − (1 − weight)^h``.
    """
    heard = np.minimum(cases * hear_neighbours / np.maximum(size, 1), cases)
    return 1.0 - np.power(1.0 - weight, heard)


def volunteers(draw, participation, share):
    """Whether each resident volunteers: a fixed personal draw against participation × share."""
    return draw < participation * share
