"""Residents held in columns, moved each day by the resident rule of :mod:`sim.core.resident_rule`.

The rule is written with numpy operations that work the same on one resident's values and on
whole columns.  :class:`ResidentTable` applies it to every resident at once each day (its daily
passes over everyone through the compiled kernels of :mod:`sim.core.kernels`); a per-agent
implementation (the benchmark's reference) calls the very same functions one resident at a time.
The essay's six needs (就業、居住、安全、環境、交往 and a sixth, here culture and health) are the
default domains; scenarios may define others.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from sim.core import kernels
from sim.core.numeric import clip
from sim.core.resident_columns import CompoundRuns, NeedDrift
from sim.core.resident_rule import issue_chance, own_case, volunteers
from sim.scenario import COMPOUND_TYPES, Scenario

CHUNK = 1 << 18
"""Residents updated together in one slice (small enough for the temporaries to stay in cache)."""

THREADS = max(1, min(int(os.environ.get("SIM_THREADS", "2")), os.cpu_count() or 1))
"""Threads sharing the chunks of a large city (``SIM_THREADS``; results do not depend on it)."""

CHANNEL_COMPOUND, CHANNEL_COMMUNITY, CHANNEL_HOTLINE, CHANNEL_ONLINE = range(4)
"""How a resident reports: to the compound (property firm, committee), at the community office, or
to the city's hotline (12345) by phone or online."""
CHANNEL_NAMES = ("compound", "community", "hotline", "online")
"""Names of the channel codes."""


def _clipped(draws: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Float64 draws clipped to [0, 1], as float32 (into ``out`` when given).

    The clip is taken in float64 and rounded to float32 as it is written, as ``astype`` after it
    would round, without a second pass.
    """
    if out is None:
        out = np.empty(len(draws), dtype=np.float32)
    return np.clip(draws, 0, 1, out=out, casting="same_kind")


class ResidentTable:
    """Every resident's state as columns (numpy arrays), updated by the resident rule each day.

    Args:
        config: the scenario (needs domains, ``residents`` parameters).
        compound: compound index of each resident; residents are listed compound by compound
            (as :func:`sim.core.city.build_city` lays them out), so that a compound's values
            reach its residents by repeating them rather than by a gather (:class:`CompoundRuns`).
        community: community index of each resident.
        compound_type: type index of each compound.
        compound_ageing: share of residents over 60 in each compound.
        rng: the model's generator (used only at construction and through :meth:`draw_issues`).

    Attributes:
        needs: unmet need, shape (domains, residents), each in [0, 1].
        drift: daily growth of each need, indexed like the needs (domain rate × compound type ×
            person; a :class:`NeedDrift`, made when read).
        participation, trust, satisfaction: per resident, in [0, 1].
        base_participation: personal disposition to take part.
        channel: the channel the resident reports by now (``CHANNEL_*``; it changes after an
            unsatisfying case, see :meth:`switch_channels`).
        view: the resident's view of how cases are handled, 0–1 (own cases, neighbours' ratings).
        volunteer_draw: fixed personal draw deciding who volunteers.
        slices: the chunks of residents the rule runs over (:meth:`each_chunk`).
    """

    def __init__(self, config: Scenario, compound: np.ndarray, community: np.ndarray,
                 compound_type: np.ndarray, compound_ageing: np.ndarray,
                 rng: np.random.Generator):
        """Draw every resident's initial state, need drift and reporting channel."""
        residents = config.residents
        n = len(compound)
        if n and (np.diff(compound) < 0).any():
            raise ValueError("residents must be listed compound by compound")
        domains = list(config.domains)
        self.n = n
        self.compound = compound
        self.community = community
        self.domains = domains
        # Column by column, in place: the same draws, in the same order, as whole-table
        # expressions would make, without their float64 temporaries.
        rtype = compound_type[compound]
        person = rng.lognormal(-0.045, 0.3, n).astype(np.float32)  # mean 1
        self.elderly = rng.random(n) < compound_ageing[compound]
        by_type = np.array([[config.domains[name].drift * np.float32(
            config.compound_types[t].need_multiplier.get(name, 1.0)) for t in COMPOUND_TYPES]
            for name in domains], dtype=np.float32)
        elderly_factor = np.array([config.domains[name].elderly_multiplier for name in domains],
                                  dtype=np.float32)
        self.drift = NeedDrift(by_type, elderly_factor, compound_type, rtype, person, self.elderly)
        self.needs = np.empty((len(domains), n), dtype=np.float32)
        for d in range(len(domains)):
            _clipped(rng.normal(residents.initial_need, 0.1, n), out=self.needs[d])
        self.base_participation = _clipped(rng.beta(2, 6, n) * residents.participation_mean / 0.25)
        self.participation = self.base_participation.copy()
        self.trust = _clipped(rng.normal(residents.initial_trust, 0.1, n))
        self.satisfaction = _clipped(rng.normal(residents.initial_satisfaction, 0.1, n))
        hot = rng.random(n) < residents.hotline_share
        comp = rng.random(n) < residents.compound_channel_share
        comp &= ~hot
        online = rng.random(n) < residents.online_share
        online &= hot
        local = np.where(comp, np.int8(CHANNEL_COMPOUND), np.int8(CHANNEL_COMMUNITY))
        self.channel = np.where(hot, np.where(online, np.int8(CHANNEL_ONLINE), np.int8(CHANNEL_HOTLINE)),
                                local)
        self.local_channel = local
        self.view = self.satisfaction.copy()
        self.volunteer_draw = rng.random(n).astype(np.float32)
        self.config = config
        # The daily need change is the drift unmet in everyday life less the services aimed at the
        # compound (see aim_services): the survey's relief and unmet share, the packages' support.
        self._unmet = self.unmet_share
        self._relief = np.zeros(self.drift.by_compound.shape, dtype=np.float32)
        self._support = np.zeros_like(self._relief)
        self.open_mask = np.zeros(n, dtype=np.uint16)  # bit d: an issue open in domain d
        self.slices = [slice(i, min(i + CHUNK, n)) for i in range(0, n, CHUNK)]
        self._runs = CompoundRuns(compound, community, self.slices)
        self._pool = ThreadPoolExecutor(THREADS) if THREADS > 1 and len(self.slices) >= 4 else None

    def each_chunk(self, work) -> None:
        """Apply ``work(slice)`` to slices of at most CHUNK residents.

        The rule runs chunk by chunk so that its temporary arrays stay small and in cache; in a
        large city the chunks are shared among threads (numpy releases the GIL while it
        computes, and the chunks are disjoint, so the result does not depend on the threads).
        """
        if self._pool is None:
            for sl in self.slices:
                work(sl)
        else:
            for _ in self._pool.map(work, self.slices):
                pass

    @property
    def unmet_share(self) -> np.float32:
        """Share of the need drift left to government: 1 − ``residents.everyday_share`` (ODD 7.3)."""
        return np.float32(1.0) - np.float32(self.config.residents.everyday_share)

    # --- daily updates (the essay's order: needs, issues, feelings) ---------------------
    def aim_services(self, relief: np.ndarray) -> None:
        """Services re-aimed at a survey: the daily need change becomes unmet drift minus relief.

        The compound-type packages (:meth:`relieve_drift`) are planned afresh after it.

        Args:
            relief: need removed a day per resident, per domain and compound
                (domains, compounds): the community's services and its projects'.
        """
        self._relief = relief.astype(np.float32)
        self._support[:] = 0.0
        self._unmet = self.unmet_share

    def relieve_drift(self, compounds: np.ndarray, domains: list[int], share: np.float32) -> None:
        """A compound-type package removes ``share`` of its compounds' drift in ``domains`` (until the next survey).

        Args:
            compounds: boolean per compound, the compounds the package reaches.
            domains: the domains it relieves.
            share: the share of the drift it removes a day, float32.
        """
        for d in domains:
            self._support[d, compounds] += share

    def _kernel_args(self, sl: slice) -> tuple:
        """The factors of the chunk ``sl``'s daily need change, as the kernels take them."""
        drift, (first, _, counts) = self.drift, self._runs.of(sl)
        return (sl.start, first, counts, drift.by_compound, drift.person, drift.elderly,
                drift.elderly_factor, self._unmet, self._relief, self._support)

    def daily_change(self, sl: slice) -> np.ndarray:
        """Each need's change on a day without a shock, for the residents ``sl`` (domains, residents).

        ``sl`` is a slice ``start:stop`` of residents.
        """
        out = np.empty((len(self.domains), sl.stop - sl.start), dtype=np.float32)
        kernels.net_drift(out, *self._kernel_args(sl))
        return out

    def live_a_day(self, drift_factor: np.ndarray) -> None:
        """Needs drift and are met by the services aimed at them at the last survey.

        The drift is scaled per domain by shocks.  One compiled pass per chunk
        (:func:`sim.core.kernels.live_a_day`) applies :func:`grow_needs` to the day's change.
        """
        extra = np.asarray(drift_factor, dtype=np.float32) - np.float32(1.0)
        shocked = bool(extra.any())

        def work(sl):
            kernels.live_a_day(self.needs, *self._kernel_args(sl), extra, shocked)

        self.each_chunk(work)

    def draw_issues(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Residents who raise an issue today and in which domain.

        Each resident–domain pair raises with its own small daily chance (``issue_chance``).
        Rather than one random number per pair, the pairs are first thinned at the highest chance
        the rule can give: the gaps between candidate pairs are geometric, so each pair is a
        candidate with exactly that chance, and the candidates come out in order (which keeps
        reading the needs close to sequential).  Each candidate then raises with its own chance
        divided by that bound — so every pair raises with exactly its own chance.  A pair with
        an issue still open does not raise another.
        """
        residents = self.config.residents
        bound = min(residents.issue_rate * 2.25, 1.0)  # chance at need 1, participation 1, trust 1
        pairs = self.needs.size
        if bound <= 0 or pairs == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        candidate = self._candidates(rng, bound, pairs)
        keep = rng.random(len(candidate), dtype=np.float32) * np.float32(bound)
        rate, threshold = np.float32(residents.issue_rate), np.float32(residents.need_threshold)

        def second_stage(sl):
            need = self.needs.ravel()[candidate[sl]]
            felt = (need > threshold).nonzero()[0]  # below it the chance is 0: skip the rest
            pair = candidate[sl][felt]
            who = pair % self.n
            chance = issue_chance(need[felt], self.participation[who], self.trust[who],
                                  rate, threshold)
            return pair[keep[sl][felt] < chance]

        if self._pool is None:
            pair = second_stage(slice(None))
        else:  # the candidates of a large city shared among the threads, in order
            step = -(-len(candidate) // (2 * THREADS))
            pieces = [slice(i, i + step) for i in range(0, len(candidate), step)]
            pair = np.concatenate(list(self._pool.map(second_stage, pieces)) or [candidate[:0]])
        domain, who = np.divmod(pair, self.n)
        free = ((self.open_mask[who] >> domain.astype(np.uint16)) & 1) == 0
        who, domain = who[free], domain[free]
        self.mark_open(who, domain)
        return who, domain

    def mark_open(self, who: np.ndarray, domain: np.ndarray) -> None:
        """Note that each resident now has a case open in its domain (so they raise no other there)."""
        np.bitwise_or.at(self.open_mask, who, (1 << domain).astype(np.uint16))

    @staticmethod
    def _candidates(rng: np.random.Generator, chance: float, pairs: int) -> np.ndarray:
        """Flat indices (domain × residents + resident) of the pairs picked with ``chance`` each, in increasing order.

        They are cumulative sums of geometric gaps, each the floor of an exponential draw (which is
        quicker to draw than a geometric one).
        """
        if chance >= 1.0:
            return np.arange(pairs)
        expected = chance * pairs
        draws = int(expected + 6 * math.sqrt(expected) + 16)
        scale = np.float32(-1.0 / math.log1p(-chance))

        def gaps():
            return (rng.standard_exponential(draws, dtype=np.float32) * scale).astype(np.int64) + 1

        picked = gaps().cumsum() - 1
        while picked[-1] < pairs - 1:  # rare: the draws stopped short of the last pair
            picked = np.r_[picked, picked[-1] + gaps().cumsum()]
        return picked[: picked.searchsorted(pairs)]

    def feel_outcomes(self, resident: np.ndarray, domain: np.ndarray, resolved,
                      score: np.ndarray, passes: np.ndarray) -> None:
        """Closed cases change their raisers: relief of the need, the view of the handling, trust.

        Args:
            resident: each closed case's raiser.
            domain: each case's domain.
            resolved: whether each case was resolved (one bool may stand for all).
            score: what the resident's rating of each case says of the handling (0–1,
                :data:`sim.core.ratings.SCORE`).
            passes: bounces and push-downs each case suffered (each costs ``residents.bounce_loss``
                of trust).
        """
        if len(resident) == 0:
            return
        residents = self.config.residents
        np.bitwise_and.at(self.open_mask, resident, ~(1 << domain).astype(np.uint16))
        if np.ndim(resolved):
            d, r = domain[resolved], resident[resolved]
        else:
            d, r = (domain, resident) if resolved else (domain[:0], resident[:0])
        if len(r):
            self.needs[d, r] = np.maximum(self.needs[d, r] - np.float32(residents.relief), 0.0)
        self.view[resident] = own_case(self.view[resident], np.asarray(score, np.float32),
                                       np.float32(self.config.ratings.own_weight))
        np.subtract.at(self.trust, resident, (residents.bounce_loss * passes).astype(np.float32))
        self.trust[resident] = clip(self.trust[resident], 0.0, 1.0)

    def switch_channels(self, resident: np.ndarray, unsatisfied: np.ndarray, draw: np.ndarray) -> None:
        """Win-stay, lose-shift: after an unsatisfying case a resident may try the other channel.

        With chance ``ratings.channel_switch`` a resident who went to the hotline (phone or online)
        goes back to their local channel (compound or community office), and one who went locally
        calls the hotline next time.

        Args:
            resident: each closed case's raiser.
            unsatisfied: whether the resident was unsatisfied with it.
            draw: a uniform draw per case.
        """
        switch = resident[unsatisfied & (draw < self.config.ratings.channel_switch)]
        if len(switch):
            hotline = (self.channel[switch] == CHANNEL_HOTLINE) | (self.channel[switch] == CHANNEL_ONLINE)
            self.channel[switch] = np.where(hotline, self.local_channel[switch], CHANNEL_HOTLINE)

    def settle(self, orgs_per_1000: np.ndarray, heard: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """End of day: word of mouth, then satisfaction, trust and participation settle.

        The view of the handling follows the neighbours' cases heard of (``heard``: per compound,
        the reach of today's word of mouth and the mean score of the cases closed there);
        satisfaction follows met needs and that view, trust follows satisfaction, participation
        follows trust and the social organisations around (per community, ``orgs_per_1000``).
        """
        residents, ratings = self.config.residents, self.config.ratings
        adaptation, trust_rate = np.float32(residents.adaptation), np.float32(residents.trust_rate)
        handling = np.float32(ratings.handling_weight)
        orgs_per_1000 = np.asarray(orgs_per_1000, dtype=np.float32)
        if heard is None:
            reach = score = np.zeros(0, dtype=np.float32)
        else:
            reach, score = (np.asarray(a, dtype=np.float32) for a in heard)
        orgs = orgs_per_1000.take(self._runs.compound_community)

        def work(sl):
            first, _, counts = self._runs.of(sl)
            kernels.settle(self.needs, self.satisfaction, self.trust, self.participation, self.view,
                           self.base_participation, sl.start, first, counts, heard is not None,
                           score, reach, orgs, adaptation, trust_rate, handling)

        self.each_chunk(work)

    def sums_by_compound(self, columns: list[np.ndarray], compounds: int) -> np.ndarray:
        """Each of the ``compounds``' sum of each of ``columns`` (float32 columns over the residents), in float64.

        Chunk by chunk in one compiled pass a column (:meth:`_by_compound`).

        Returns:
            An array (columns, compounds).
        """
        def fill(sl, counts, part):
            for row, column in zip(part, columns, strict=True):
                kernels.sums_by_compound(column, sl.start, counts, row)

        return self._by_compound(fill, (len(columns), compounds), np.float64)

    def _by_compound(self, fill, shape: tuple[int, ...], dtype) -> np.ndarray:
        """Per-compound figures (compounds on the last axis) added up chunk by chunk.

        ``fill(sl, counts, part)`` writes the chunk ``sl``'s figures into ``part``, which covers its
        compounds from its first on (``counts`` of its residents in each); a compound split between
        two chunks adds the two parts in chunk order, so the result does not depend on the threads.
        """
        out = np.zeros(shape, dtype=dtype)
        parts = {}

        def work(sl):
            first, end, counts = self._runs.of(sl)
            part = np.zeros((*shape[:-1], end - first), dtype=dtype)
            fill(sl, counts, part)
            parts[sl.start] = first, end, part

        self.each_chunk(work)
        for first, end, part in (parts[sl.start] for sl in self.slices):
            out[..., first:end] += part
        return out

    def excess_over(self, row: int, level: float) -> float:
        """Sum over the residents of their need in domain ``row`` above ``level`` (float64, in chunk order)."""
        parts = {}
        level = np.float32(level)

        def work(sl):
            parts[sl.start] = kernels.excess_over(self.needs[row], level, sl.start, sl.stop)

        self.each_chunk(work)
        return float(sum(parts[sl.start] for sl in self.slices))

    def volunteers(self, share: float) -> np.ndarray:
        """Boolean column: who volunteers today given the volunteer share in force."""
        return volunteers(self.volunteer_draw, self.participation, share)

    def volunteers_by_compound(self, share: float | np.ndarray, compounds: int) -> np.ndarray:
        """Volunteers per compound given the volunteer share in force (one, or one per community).

        Counted chunk by chunk in one compiled pass (:func:`sim.core.kernels.volunteers_by_compound`),
        with participation × share taken in the precision numpy would take it in
        (:func:`~sim.core.resident_rule.volunteers`): float32 for a Python number, else the share's own.

        Args:
            share: the volunteer share in force, for all or one per community.
            compounds: the number of compounds.
        """
        size = self._runs.compound_community.size
        if np.ndim(share) == 0:  # a Python number is cast to the column's float32, a numpy one is not
            by_compound = np.full(size, share, dtype=share.dtype if isinstance(share, np.generic) else np.float32)
        else:
            by_compound = np.asarray(share).take(self._runs.compound_community)

        def fill(sl, counts, part):
            first = self._runs.of(sl)[0]
            kernels.volunteers_by_compound(self.volunteer_draw, self.participation, sl.start, first, counts,
                                           by_compound, part)

        return self._by_compound(fill, (compounds,), np.int64)
