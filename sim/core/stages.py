"""The three steps (三步走) as each community's state: what moves it, and what each step changes.

The essay's route under the party's leadership: first keep basic order (維持基層秩序), then guide,
cultivate and lever society (引導社會、培育社會、撬動社會), and on that basis take the third step,
co-building, co-governing and co-sharing (共建共治共享).  Here each community has a stage
``s`` between 1 and 3 that moves slowly toward what its record shows:

* **Indicators** (each scaled to 0–1 between the ``stages.*_low`` and ``*_high`` levels): order,
  the resolved share of the community's closed cases; social organisations per 1,000 residents;
  participation, the share of residents on the volunteer roster; and the share of its resolved
  cases resolved in the compound, by residents' own bodies (the last two over an exponentially
  weighted record of ``stages.memory_days``).
* **Target** ``s* = 1 + 2 · r_order · mean(r_orgs, r_volunteers, r_self)``: society counts only as
  far as order is kept (在此基礎上); the stage moves ``(s* − s) / stages.adjust_days`` a day, so it
  never jumps.
* **Stage 2** (培育社會), to the degree ``clip(s − 1, 0, 1)``: organisations recruit, and a
  participating resident's chance of joining the volunteer roster rises by ``stages.recruit``.
* **Stage 3** (共建共治共享), to the degree ``clip(s − 2, 0, 1)``: residents take on
  ``stages.self_share`` of the eligible new cases of their organised compound (service requests
  and disputes that need no more than the compound, reported there or at the community office,
  not by the hotline) and resolve them the same day with their volunteers' hours, before any
  handler works them (a case reported to the community is referred back to the compound: a
  ``route`` hop): a case resolved at the compound, counted as ``self_resolved``.
"""

from __future__ import annotations

import numpy as np

from sim.core.cases import hotline_case
from sim.core.city import City
from sim.core.handlers import HandlerIndex
from sim.core.issues import RESOLVED, ROUTE, IssueBook
from sim.core.levels import COMMUNITY, COMPOUND
from sim.core.numeric import clip
from sim.scenario import ISSUE_KINDS, Scenario

SELF_RESOLVABLE = ("service", "dispute")
"""Kinds residents can settle among themselves: a neighbour's help, a mediated quarrel (not enforcement,
works on facilities or cases across departments)."""


def _scaled(value: np.ndarray, low: float, high: float) -> np.ndarray:
    """How far ``value`` is from ``low`` (0) to ``high`` (1), clipped to 0–1."""
    return clip((value - low) / (high - low), 0.0, 1.0)


class ThreeSteps:
    """The stage of every community on the three steps, its record, and the cases residents resolve.

    Args:
        config: the scenario (its ``stages`` table).
        city: the built city.
        handlers: the city's handler index (levels, and the move that records a hop).
    """

    def __init__(self, config: Scenario, city: City, handlers: HandlerIndex):
        """Start every community in step 1 with an empty record."""
        self.config = config
        self.handlers = handlers
        self.handler_level = handlers.handler_level
        self.compound_community = city.compound_community
        self.n_compounds, n = city.n_compounds, city.n_communities
        self.community_residents = np.maximum(city.community_residents, 1)
        self.stage = np.ones(n)
        """Each community's stage, 1 (order) to 3 (共建共治共享)."""
        self.closed, self.resolved, self.at_compound = np.zeros(n), np.zeros(n), np.zeros(n)
        self.kind_ok = np.isin(np.array(ISSUE_KINDS), SELF_RESOLVABLE)
        self.spent_today = np.zeros(city.n_compounds)
        """Volunteer hours each compound spent today on the cases its residents resolved."""
        self.restart()

    def restart(self) -> None:
        """Start the counts of self-resolved cases afresh (the end of a warm-up); the stage stays."""
        self.self_resolved = 0
        self.eligible = 0
        """Eligible new cases (kinds, level, compound, channel) seen since the restart."""
        self.expected = 0.0
        """The sum of their chances of being taken on by residents."""
        self.hours = 0.0

    def degree(self, step: int) -> np.ndarray:
        """How far each community is into ``step`` (2 or 3), 0–1."""
        return clip(self.stage - (step - 1), 0.0, 1.0)

    def recruiting(self) -> np.ndarray:
        """Stage 2: the factor on each community's volunteer share as organisations recruit."""
        return 1.0 + self.config.stages.recruit * self.degree(2)

    def city_stage(self) -> float:
        """The city's stage: the residents' mean of their communities' stages."""
        return float(np.average(self.stage, weights=self.community_residents))

    def target(self, orgs_per_1000: np.ndarray, roster: np.ndarray) -> np.ndarray:
        """The stage each community's record shows (``s*``).

        Args:
            orgs_per_1000: social organisations per 1,000 residents of each community.
            roster: volunteers on the roster of each compound.

        Returns:
            ``1 + 2 · r_order · mean(r_orgs, r_volunteers, r_self)`` per community.
        """
        st = self.config.stages
        order = np.where(self.closed > 1e-9, self.resolved / np.maximum(self.closed, 1e-9), 1.0)
        own = np.where(self.resolved > 1e-9, self.at_compound / np.maximum(self.resolved, 1e-9), 0.0)
        volunteers = np.bincount(self.compound_community, roster,
                                 minlength=len(self.stage)) / self.community_residents
        society = (_scaled(orgs_per_1000, st.orgs_low, st.orgs_high)
                   + _scaled(volunteers, st.volunteers_low, st.volunteers_high)
                   + _scaled(own, 0.0, st.self_solved_high)) / 3.0
        return 1.0 + 2.0 * _scaled(order, st.order_low, st.order_high) * society

    def record_day(self, resolved: dict, closed_otherwise: dict, orgs_per_1000: np.ndarray,
                   roster: np.ndarray) -> None:
        """Today's closed cases enter each community's record, and its stage moves a day toward ``s*``.

        Args:
            resolved: the columns of today's resolved cases (self-resolved ones included).
            closed_otherwise: those of the cases abandoned or closed unresolved today.
            orgs_per_1000: social organisations per 1,000 residents of each community.
            roster: volunteers on the roster of each compound.
        """
        st, n = self.config.stages, len(self.stage)
        keep = 1.0 - 1.0 / st.memory_days
        community = self.compound_community
        ok = community[resolved["compound"]]
        at_compound = self.handler_level[resolved["handler"]] == COMPOUND
        self.resolved = keep * self.resolved + np.bincount(ok, minlength=n)
        self.at_compound = keep * self.at_compound + np.bincount(ok, at_compound, minlength=n)
        self.closed = keep * self.closed + np.bincount(ok, minlength=n) + np.bincount(
            community[closed_otherwise["compound"]], minlength=n)
        self.stage += (self.target(orgs_per_1000, roster) - self.stage) / st.adjust_days

    def self_resolve(self, book: IssueBook, capacity: np.ndarray, on_site: np.ndarray, day: int,
                     rng: np.random.Generator) -> dict:
        """Stage 3: residents resolve a share of their compound's new eligible cases themselves.

        Eligible: raised today, of a kind in :data:`SELF_RESOLVABLE`, needing no more than the
        compound, of a compound with volunteers on site (an organised one), first at the compound
        or the community (a case at the community is referred back: a ``route`` hop), not a
        hotline case.  Each is taken
        on with chance ``stages.self_share · degree(3)`` of its community; those taken on are
        resolved in the order raised while the compound's volunteer hours on site last, and their
        effort is taken from those hours (``capacity`` changes in place).

        Args:
            book: the open issues (today's new ones are the last rows).
            capacity: hours per handler today; compounds' include their volunteers' hours on site.
            on_site: volunteer hours on site at each compound today (0 where not organised).
            day: today.
            rng: the model's generator (one draw per eligible case, none when no community is in step 3).

        Returns:
            The columns of the cases resolved this way.
        """
        self.spent_today = np.zeros(self.n_compounds)
        c = book.cols
        chance_by_community = self.config.stages.self_share * self.degree(3)
        start = int(c["raised"].searchsorted(day))
        rows = np.arange(start, len(book))
        level = self.handler_level[c["handler"][rows]]
        eligible = ((c["required"][rows] == COMPOUND) & self.kind_ok[c["kind"][rows]]
                    & ((level == COMPOUND) | (level == COMMUNITY)) & ~hotline_case(c["channel"][rows])
                    & (on_site[c["compound"][rows]] > 0))
        rows = rows[eligible]
        chance = chance_by_community[self.compound_community[c["compound"][rows]]]
        self.eligible += len(rows)
        self.expected += float(chance.sum())
        rows = rows[rng.random(len(rows)) < chance] if chance.any() else rows[:0]
        if not len(rows):
            return book.close(rows, RESOLVED, day, np.empty(0, np.int8))
        compound = c["compound"][rows]
        order = np.argsort(compound, kind="stable")  # by compound, in the order raised within it
        rows, compound = rows[order], compound[order]
        effort = c["effort_left"][rows].astype(np.float64)
        before = effort.cumsum() - effort
        starts = np.r_[True, compound[1:] != compound[:-1]]
        before -= np.maximum.accumulate(np.where(starts, before, 0.0))  # effort ahead in its own compound
        budget = np.minimum(on_site, capacity[:self.n_compounds])
        fits = before + effort <= budget[compound] + 1e-9
        rows, compound, effort = rows[fits], compound[fits], effort[fits]
        self.spent_today = np.bincount(compound, effort, minlength=self.n_compounds)
        capacity[:self.n_compounds] -= self.spent_today
        book.hours_worked += float(effort.sum())
        self.hours += float(effort.sum())
        self.self_resolved += len(rows)
        rows = np.sort(rows)
        referred = rows[self.handler_level[c["handler"][rows]] == COMMUNITY]
        self.handlers.move(book, referred, c["compound"][referred], day, 0, ROUTE)  # compound handler id = compound
        return book.close(rows, RESOLVED, day, np.full(len(rows), COMPOUND, np.int8))


def join_closed(first: dict, second: dict) -> dict:
    """The columns of two groups of closed cases as one (a group with no case adds nothing)."""
    if not len(first["id"]):
        return second
    if not len(second["id"]):
        return first
    return {name: np.concatenate([first[name], second[name]]) for name in first}
