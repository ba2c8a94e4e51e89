"""The needs' history: the years a city has lived before its run starts.

A city on its start date has long been running: each resident's needs are at their own point of the
cycle of growing, being raised as an issue and being relieved, not all at the same level.  Started
together at ``residents.initial_need``, the needs would climb in step, and the requests with them,
for years — a need's cycle is that long: an unmet need grows about 0.2 a year net of everyday life,
and a resolved case removes 0.6 (``residents.relief``).  :func:`live_history` takes the needs through
``residents.history_years`` a month at a time by the resident rule of :mod:`sim.core.residents`.
"""

from __future__ import annotations

import numpy as np

from sim.core import kernels
from sim.core.residents import ResidentTable
from sim.scenario.schema import ResidentsConfig

STEP_DAYS = 30
"""Days per step of the history: a month, short against a need's cycle of years."""

HISTORY_STREAM = 0x4157
"""Second word of the history's generator seed (the first is the city's seed): the history is part
of the city, the same in every replicate and every arm of a comparison (common random numbers)."""


def live_history(table: ResidentTable, city_seed: int) -> None:
    """Take every resident's needs through ``residents.history_years``, in place.

    The draws come from a generator seeded with the city's seed and :data:`HISTORY_STREAM`, so that
    replicates and arms share the history as they share the city, and drawing it takes nothing from
    the model's own stream; where their services differ (levers in force from the start, the
    survey's sensing noise) their histories differ by that alone.

    Args:
        table: the residents, with their daily need change set by the first survey.
        city_seed: the city's seed; each chunk of residents gets its own child generator, so the
            result does not depend on the threads that share the chunks.
    """
    if table.n == 0:
        return
    rng = np.random.default_rng([city_seed, HISTORY_STREAM])
    streams = dict(zip((sl.start for sl in table.slices), rng.spawn(len(table.slices)), strict=True))

    def work(sl):
        live_chunk(table.needs[:, sl], table.daily_change(sl), table.participation[sl], table.trust[sl],
                   table.config.residents, streams[sl.start])

    table.each_chunk(work)


def live_chunk(needs: np.ndarray, daily_change: np.ndarray, participation: np.ndarray,
               trust: np.ndarray, residents: ResidentsConfig, rng: np.random.Generator) -> None:
    """Take one chunk of residents' needs through their history, in place.

    Each month a need changes by 30 days of its daily change (the unmet drift less the services
    aimed at the first survey); it is raised as an issue with the chance of at least one issue in
    those days under the day's rule (:func:`~sim.core.resident_rule.issue_chance`), and a raised issue
    is settled at once, relieving the need with chance ``residents.history_resolution``.  Nothing of
    it is counted; trust, participation and satisfaction stay as drawn (the warm-up settles them).
    The months are lived by :func:`sim.core.kernels.live_history`, which draws only the months in
    which a need might be relieved rather than one number per need and month.

    Args:
        needs: the chunk's needs (domains, residents), changed in place.
        daily_change: their daily change (domains, residents).
        participation: the chunk's participation (residents).
        trust: the chunk's trust (residents).
        residents: the scenario's resident settings.
        rng: the chunk's own generator.
    """
    months = round(residents.history_years * 365 / STEP_DAYS)
    kernels.live_history(needs, daily_change * np.float32(STEP_DAYS), participation, trust,
                         residents.issue_rate, residents.need_threshold, residents.relief,
                         residents.history_resolution, months, STEP_DAYS, rng)
