"""Compiled kernels for the resident table's daily passes over every resident (``numba``).

Each kernel does in one pass over a chunk of residents what the resident rule of
:mod:`sim.core.resident_rule` does with several whole-column numpy operations, with the same float32
operations in the same order, so that its results are bit for bit those of the rule's functions
(``tests/test_kernels.py`` checks this on random columns).  One pass instead of several keeps each
resident's values in registers instead of writing and re-reading column-sized temporaries, and a
need's daily drift is made from its few factors as it is used instead of being read from a second
(domains × residents) table.  The kernels release the GIL, so the table's threads share the chunks.

The compiled code is cached next to this module (``cache=True``): only the first run on a machine
compiles it.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_F0, _F1, _HALF, _QUARTER, _PERCENT = (np.float32(v) for v in (0.0, 1.0, 0.5, 0.25, 0.01))
_LANES = 8
"""Interleaved partial sums in the kernels' float64 reductions."""
_COMPILE = {"nogil": True, "cache": True, "fastmath": {"nnan", "ninf"}}
"""How the kernels are compiled: without the GIL, cached, and free to assume no NaN or infinity
among the values (which lets ``min``/``max`` run on several values at once).  No other fast-math
freedom is taken: sums keep their order and products are not fused, so results stay exact."""


@njit(**_COMPILE)
def _clip01(x):
    """``np.clip(x, 0, 1)`` of one float32."""
    return min(max(x, _F0), _F1)


@njit(**_COMPILE)
def live_a_day(needs, lo, first, counts, by_compound, person, elderly, elderly_factor, unmet, relief, support,
               extra, shocked):
    """Needs grow by their unmet drift, less the services aimed at them, for one chunk, in place.

    A need's daily drift is its domain's rate × its compound type's multiplier × the resident's
    personal factor (× the elderly multiplier; :class:`~sim.core.resident_columns.NeedDrift`).  The
    day's change is ``drift × unmet − relief − support × drift`` (the services the last survey
    aimed at the compound, then the compound-type packages of
    :meth:`~sim.core.compound_support.CompoundSupport.relieve`), plus ``extra × drift`` on a shock's
    days; the need moves by it and is clipped to [0, 1] (:func:`~sim.core.resident_rule.grow_needs`).

    Every kernel takes whole (C-contiguous) columns and the chunk's first resident ``lo``: slices
    of them made here are known to be contiguous, which lets the loops run on several values at once.

    Args:
        needs: (domains, residents) of all residents, float32, the chunk's changed in place.
        lo: the chunk's first resident.
        first: the chunk's first compound.
        counts: residents of the chunk in each of its compounds, from ``first`` on (they are
            listed compound by compound).
        by_compound: (domains, compounds) domain rate × compound-type multiplier, float32.
        person: personal drift factor of each resident, float32.
        elderly: whether each resident is elderly.
        elderly_factor: (domains,) the elderly multipliers, float32.
        unmet: share of the drift left to government at the last survey, float32.
        relief: (domains, compounds) need removed a day by the services aimed there, float32.
        support: (domains, compounds) share of the drift removed by compound-type packages, float32.
        extra: (domains,) the shock's extra drift factor, float32.
        shocked: whether ``extra`` applies today.
    """
    for d in range(needs.shape[0]):
        row, aged, more = needs[d], elderly_factor[d], extra[d] if shocked else _F0
        start = lo
        for k in range(len(counts)):
            c = first + k
            rate, cut, share = by_compound[d, c], relief[d, c], support[d, c]
            end = start + counts[k]
            need, own, old = row[start:end], person[start:end], elderly[start:end]
            for i in range(end - start):
                x = rate * own[i]
                x = x * (aged if old[i] else _F1)
                change = x * unmet - cut
                change = change - share * x
                if shocked:
                    change = change + more * x
                need[i] = _clip01(need[i] + change)
            start = end


@njit(**_COMPILE)
def net_drift(out, lo, first, counts, by_compound, person, elderly, elderly_factor, unmet, relief, support):
    """The daily need change :func:`live_a_day` applies on a day without a shock, to ``out``.

    ``out`` is (domains, chunk): the chunk's residents only; the other arguments as for :func:`live_a_day`.
    """
    for d in range(out.shape[0]):
        row, aged = out[d], elderly_factor[d]
        start = 0
        for k in range(len(counts)):
            c = first + k
            rate, cut, share = by_compound[d, c], relief[d, c], support[d, c]
            end = start + counts[k]
            change, own, old = row[start:end], person[lo + start:lo + end], elderly[lo + start:lo + end]
            for i in range(end - start):
                x = rate * own[i]
                x = x * (aged if old[i] else _F1)
                change[i] = x * unmet - cut - share * x
            start = end


@njit(**_COMPILE)
def settle(needs, satisfaction, trust, participation, view, base_participation, lo, first, counts, heard,
           heard_score, reach, orgs_by_compound, adaptation, trust_rate, handling):
    """End of day for one chunk, in place: word of mouth, satisfaction, trust, participation.

    The rule of :meth:`~sim.core.residents.ResidentTable.settle`: the view moves ``reach`` of the way
    to the score of the compound's cases heard of (:func:`~sim.core.resident_rule.hear_cases`, when
    ``heard``); satisfaction adapts toward met needs and that view
    (:func:`~sim.core.resident_rule.adapt_satisfaction`); trust follows satisfaction; participation
    follows its target (:func:`~sim.core.resident_rule.participation_target`).

    Args:
        needs: (domains, residents) of all residents, float32.
        satisfaction: every resident's satisfaction, float32, the chunk's changed in place (like
            the next three).
        trust: every resident's trust.
        participation: every resident's participation.
        view: every resident's view of the handling.
        base_participation: every resident's disposition, float32.
        lo: the chunk's first resident (see :func:`live_a_day`).
        first: the chunk's first compound.
        counts: residents of the chunk in each of its compounds, from ``first`` on.
        heard: whether word of mouth spreads today (``heard_score`` and ``reach`` are read only then).
        heard_score: per compound, the mean score of today's closed cases, float32.
        reach: per compound, how far they move each resident's view, float32.
        orgs_by_compound: social organisations per 1,000 residents of each compound's community, float32.
        adaptation: ``residents.adaptation``, float32.
        trust_rate: ``residents.trust_rate``, float32.
        handling: ``ratings.handling_weight``, float32.
    """
    domains, n = needs.shape[0], counts.sum()
    keep = _F1 - handling
    unmet = needs[0, lo:lo + n].copy()  # the mean need, summed domain by domain as np.add.reduce does
    for d in range(1, domains):
        row = needs[d, lo:lo + n]
        for i in range(n):
            unmet[i] = unmet[i] + row[i]
    size = np.float32(domains)
    start = 0
    for k in range(len(counts)):
        c = first + k
        score, far = (heard_score[c], reach[c]) if heard else (_F0, _F0)
        orgs = _F1 + _QUARTER * orgs_by_compound[c]
        end = start + counts[k]
        a, b = lo + start, lo + end
        need, v, sat, t, part, base = (unmet[start:end], view[a:b], satisfaction[a:b], trust[a:b],
                                       participation[a:b], base_participation[a:b])
        for i in range(end - start):
            if heard:
                v[i] = v[i] + (score - v[i]) * far
            gap = _F1 - need[i] / size
            if handling != _F0:
                gap = gap * keep
                gap = gap + handling * v[i]
            sat[i] = sat[i] + (gap - sat[i]) * adaptation
            t[i] = t[i] + (sat[i] - t[i]) * trust_rate
            target = _clip01(base[i] * (_HALF + t[i]) * orgs)
            part[i] = part[i] + (target - part[i]) * _PERCENT
        start = end


@njit(**_COMPILE)
def excess_over(values, level, lo, hi):
    """Sum of ``values − level`` over the values above ``level`` among ``values[lo:hi]`` (float64 sum).

    Summed in ``_LANES`` interleaved lanes, which the processor adds at once (one running sum
    would wait for each addition to finish before the next); the order is fixed, so the sum is too.
    """
    lanes = np.zeros(_LANES)
    mid = lo + (hi - lo) // _LANES * _LANES
    for i in range(lo, mid, _LANES):
        for j in range(_LANES):
            lanes[j] += max(np.float64(values[i + j]) - level, 0.0)
    for i in range(mid, hi):
        lanes[0] += max(np.float64(values[i]) - level, 0.0)
    return lanes.sum()


@njit(**_COMPILE)
def _in_days(chance, days):
    """The chance of at least one event in ``days`` days at a daily ``chance``: 1 − (1 − chance)^days.

    A chance of 1 or more gives 1 without taking a logarithm of 0 (the kernels assume no infinities).
    """
    if chance >= 1.0:
        return 1.0
    return 1.0 - math.exp(days * math.log1p(-chance))


@njit(**_COMPILE)
def live_history(needs, growth, participation, trust, rate, threshold, relief, resolved, months, days, rng):
    """The needs' history of one chunk, a month at a time, in place (:mod:`sim.core.need_history`).

    Each month a need grows by ``growth`` (clipped to [0, 1]); it is raised as an issue with the
    chance of at least one issue in the month's ``days`` under the daily rule
    (:func:`~sim.core.resident_rule.issue_chance`), and the issue relieves it by ``relief`` with chance
    ``resolved``.  Rather than one draw per need and month, the months in which a need might be
    relieved are drawn first with the highest chance its resident's rule can give (at need 1):
    the gaps between them are geometric.  Between them the need just grows, so its value at each
    is found at once; there it is relieved with its own month's chance divided by that bound.  So
    each month relieves each need with exactly its own chance, and the draws number a few per need
    instead of one per need and month.

    Args:
        needs: (domains, residents) of the chunk, float32, changed in place.
        growth: (domains, residents) a month's change of each need, float32.
        participation: the chunk's participation.
        trust: the chunk's trust.
        rate: ``residents.issue_rate``.
        threshold: ``residents.need_threshold``.
        relief: ``residents.relief``.
        resolved: ``residents.history_resolution``.
        months: months of history.
        days: days in a month.
        rng: the chunk's generator.
    """
    domains, n = needs.shape
    span = 1.0 - threshold
    for i in range(n):
        voice = rate / span * (0.5 + participation[i]) * (0.5 + trust[i])
        bound = resolved * _in_days(voice * span, days)  # the highest monthly chance of relief, at need 1
        if bound <= 0.0:
            for d in range(domains):
                needs[d, i] = min(max(needs[d, i] + growth[d, i] * months, 0.0), 1.0)
            continue
        scale = -1.0 / math.log1p(-bound) if bound < 1.0 else 0.0
        for d in range(domains):
            need, g, last = np.float64(needs[d, i]), np.float64(growth[d, i]), 0
            month = int(rng.standard_exponential() * scale) + 1
            while month <= months:
                level = min(max(need + g * (month - last), 0.0), 1.0)
                relieved = resolved * _in_days(min(max(level - threshold, 0.0), span) * voice, days)
                if rng.random() * bound < relieved:
                    need, last = max(level - relief, 0.0), month
                month += int(rng.standard_exponential() * scale) + 1
            needs[d, i] = min(max(need + g * (months - last), 0.0), 1.0)


@njit(**_COMPILE)
def sums_by_compound(values, lo, counts, out):
    """Each compound's sum of ``values`` over the chunk's residents (float64), added to ``out``.

    Summed in interleaved lanes (see :func:`excess_over`).

    Args:
        values: a column over all residents (float32).
        lo: the chunk's first resident.
        counts: residents of the chunk in each of its compounds, from its first compound on.
        out: float64, one slot per compound of the chunk, added to in place.
    """
    lanes = np.zeros(_LANES)
    start = lo
    for k in range(len(counts)):
        end = start + counts[k]
        mid = start + (end - start) // _LANES * _LANES
        lanes[:] = 0.0
        for i in range(start, mid, _LANES):
            for j in range(_LANES):
                lanes[j] += np.float64(values[i + j])
        for i in range(mid, end):
            lanes[0] += np.float64(values[i])
        out[k] += lanes.sum()
        start = end


@njit(**_COMPILE)
def volunteers_by_compound(draw, participation, lo, first, counts, share, out):
    """Volunteers of each compound of the chunk (:func:`~sim.core.resident_rule.volunteers`), added to ``out``.

    A resident volunteers when their fixed draw is below participation × the compound's share
    (the product in the share's precision, as numpy takes it).

    Args:
        draw: every resident's fixed volunteer draw, float32.
        participation: every resident's participation, float32.
        lo: the chunk's first resident.
        first: the chunk's first compound.
        counts: residents of the chunk in each of its compounds, from ``first`` on.
        share: the volunteer share in force in each compound.
        out: int64, one slot per compound of the chunk, added to in place.
    """
    start = lo
    for k in range(len(counts)):
        end = start + counts[k]
        level = share[first + k]
        n = 0
        for i in range(start, end):
            if draw[i] < participation[i] * level:
                n += 1
        out[k] += n
        start = end
