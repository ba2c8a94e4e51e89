"""How issues reach the handler that keeps them: intake, grievances over heads, triage per level.

All rules act on whole columns of the :class:`~sim.core.issues.IssueBook` at once.  The levers
enter here as chances, each on its documented causal path, and each in a function of its own:

* 一網覆蓋 (``command.unified_intake``): share of issues the one network routes straight to the
  level holding the power they need; the rest go by the resident's own channel
  (:meth:`IssueRouting.first_level`).
* 權責清單 (``power.list_clarity``): who owns an issue, and the misroutes, guesses and bounces of
  unclear lists (:mod:`sim.core.ownership`).
* 權下放 (``power.delegation``): share of department powers over delegable kinds that streets hold
  (:meth:`IssueRouting.new_issues`).
* 屬地/有限責任 (``power.territorial``): chance a department pushes an issue beyond the street's
  powers down to the street anyway, from where it comes back up
  (:meth:`IssueRouting.pushdown_chance`).
* 吹哨報到 (``joint.whistle``): chance a street summons the involved departments, who then work the
  issue together after a coordination delay instead of passing it along one by one
  (:meth:`IssueRouting.whistle_blown`, :meth:`IssueRouting.summon`, :meth:`IssueRouting.join`).
* 接訴即辦 · 先行聯繫 (``command.first_contact``): the unit a hotline case reaches calls the
  resident back at its first look (:mod:`sim.core.contact`).
* 考核排名: a department the monthly ranking presses on the hotline's rates bounces and pushes down
  less (:attr:`~sim.core.ownership.Ownership.pass_factor`, :mod:`sim.core.evaluation`); 聯合考核
  (``joint.evaluation``) sets how much those rates count in ranking departments.

Cases that cross districts go up from the districts' departments to the city's (:mod:`sim.core.city_level`).

Delays pass through :meth:`~sim.core.handlers.HandlerIndex.delay` (主官上).
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.city_level import CityLevel
from sim.core.contact import NO_RESPONSES, respond
from sim.core.handlers import HandlerIndex
from sim.core.issues import ESCALATE, GRIEVANCE, NOT_YET, PUSHDOWN, RAISE, ROUTE, WHISTLE, IssueBook
from sim.core.levels import COMMUNITY, COMPOUND, DEPARTMENT, STREET
from sim.core.looks import Looks
from sim.core.ownership import Ownership, owner_of
from sim.core.residents import CHANNEL_COMMUNITY, CHANNEL_COMPOUND, CHANNEL_HOTLINE, CHANNEL_ONLINE
from sim.core.sampling import GroupedChoice, weighted_pick
from sim.scenario import ISSUE_KINDS, Scenario

CROSS = ISSUE_KINDS.index("cross_departmental")
DISPUTE = ISSUE_KINDS.index("dispute")
CHANNEL_LEVEL = np.zeros(4, dtype=np.int64)
CHANNEL_LEVEL[[CHANNEL_COMPOUND, CHANNEL_COMMUNITY, CHANNEL_HOTLINE, CHANNEL_ONLINE]] = [
    COMPOUND, COMMUNITY, DEPARTMENT, DEPARTMENT]
"""The level each reporting channel reaches first (by channel code)."""


class IssueRouting:
    """The routing rules of every level: where a new issue goes first, and who keeps or passes on what reached them.

    Args:
        config: the scenario (kinds, delays, levers).
        city: the built city (compound traits).
        handlers: the handler index of the city.
        ownership: the departments' ownership and the lists' rules (權責清單).
        rng: the model's generator.
    """

    def __init__(self, config: Scenario, city: City, handlers: HandlerIndex, ownership: Ownership,
                 rng: np.random.Generator):
        """Derive the issue mixes, efforts and property firms' failure chances from the scenario."""
        self.config = config
        self.taken_today = np.empty(0, dtype=np.int64)  # rows first taken up in the last triage
        self.responses = NO_RESPONSES  # the residents answered in the last triage (sim/core/contact.py)
        self.handlers = handlers
        self.ownership = ownership
        self.rng = rng
        self.city_level = CityLevel(config, handlers, ownership, rng)
        domains = list(config.domains)
        kinds = [config.kinds[k] for k in ISSUE_KINDS]
        kind_mix = np.array([[config.domains[d].kinds.get(k, 0.0) for k in ISSUE_KINDS]
                             for d in domains])
        self.kind_mix = kind_mix / kind_mix.sum(axis=1, keepdims=True)
        levels = np.array([k.level_shares for k in kinds])
        self.level_mix = levels / levels.sum(axis=1, keepdims=True)
        self.effort = np.array([k.effort_hours for k in kinds])
        self.delegable = np.array([k.delegable for k in kinds])
        # Chance that a compound's property firm fails an issue (0 without a firm).
        self.firm_failure = np.where(city.compound_has_firm,
                                     0.5 * (1 - city.compound_firm_quality), 0.0)
        self.dept_kinds = np.arange(len(config.departments), dtype=np.uint32)
        self.firm_domains = np.array([config.domains[d].property_related for d in domains])
        self.kind_choice = GroupedChoice(self.kind_mix)  # by domain
        self.level_choice = GroupedChoice(self.level_mix)  # by kind

    # --- 屬地責任: pushing down -------------------------------------------------------------
    def pushdown_chance(self, handler) -> np.ndarray:
        """屬地責任: chance that a department pushes an issue beyond the street's powers down to the street anyway.

        屬地責任 (territorial duty) is ``power.territorial`` (有限責任 at 0); a department the
        hotline's ranking presses pushes down less (:attr:`Ownership.pass_factor`).

        Args:
            handler: the department looking at each issue.

        Returns:
            The chance for each issue.
        """
        power = self.config.power
        return power.pushdown_rate * power.territorial * self.ownership.pass_factor[handler]

    # --- 吹哨報到: the street summons the departments ----------------------------------------
    def whistle_blown(self, n: int) -> np.ndarray:
        """吹哨報到: whether the street blows the whistle (``joint.whistle``) on each of ``n`` issues.

        Args:
            n: the issues the street looks at (one draw each).

        Returns:
            A boolean per issue.
        """
        return self.rng.random(n) < self.config.joint.whistle

    def summon(self, book: IssueBook, idx) -> tuple:
        """吹哨報到: the street summons the departments.

        The issue goes to the owner department's queue after the coordination delay
        (``joint.coordination_days``, see :meth:`join`).

        Args:
            book: the open issues.
            idx: rows of the issues whistled.

        Returns:
            The move: (rows, target handlers, delay, ``WHISTLE``).
        """
        c = book.cols
        target = self.handlers.department_of(c["compound"][idx], c["primary"][idx])
        book.whistles += len(idx)
        return idx, target, self.handlers.delay(self.config.joint.coordination_days, len(idx)), WHISTLE

    def join(self, book: IssueBook, idx) -> None:
        """吹哨報到: summoned departments work the issue together, at once and at the street's behest.

        They put in the extra effort of coordination (``joint.overhead``).

        Args:
            book: the open issues.
            idx: rows of the issues whistled (already moved by :meth:`summon`).
        """
        c = book.cols
        c["joint"][idx] = True
        c["triaged"][idx] = True
        c["effort_left"][idx] = (c["part_effort"][idx] * np.bitwise_count(c["depts"][idx])
                                 * (1 + self.config.joint.overhead))

    # --- intake -----------------------------------------------------------------------
    def new_issues(self, domain, compound) -> tuple:
        """What today's new issues are: kind, the level whose authority each needs, owners, effort.

        Property firms' failures become disputes (market logic); 權下放 (``power.delegation``)
        gives streets the department powers over delegable kinds; one or two more departments
        join a cross-departmental issue.

        Args:
            domain: each new issue's domain.
            compound: each one's compound.

        Returns:
            kind, required level, ownership row, primary (owning) department kind, involved
            departments (bit mask) and effort of each issue.
        """
        rng, n = self.rng, len(domain)
        kind = self.kind_choice.draw(domain, rng)
        failed = (rng.random(n) < self.firm_failure[compound]) & self.firm_domains[domain]
        kind[failed] = DISPUTE
        required = self.level_choice.draw(kind, rng)
        delegated = (required == DEPARTMENT) & self.delegable[kind] & (
            rng.random(n) < self.config.power.delegation)
        required[delegated] = STREET
        group = self.ownership.owner_group(domain, kind)
        primary = self.ownership.owner_choice.draw(group, rng)
        depts = (1 << primary).astype(np.uint32)
        cross = (kind == CROSS).nonzero()[0]
        if len(cross):  # one or two more departments join
            weights, joined = self.ownership.weights[domain[cross], CROSS], depts[cross]
            for _ in range(2):
                others = weights * ((joined[:, None] >> self.dept_kinds) & 1 == 0)
                extra, has = weighted_pick(others, rng)
                joins = has & (rng.random(len(cross)) < 0.7)
                joined |= np.where(joins, 1 << extra, 0).astype(np.uint32)
            depts[cross] = joined
        sigma = self.config.issues.effort_spread
        effort = self.effort[kind] * rng.lognormal(-sigma**2 / 2, sigma, n)
        return kind, required, group, primary, depts, effort

    def first_level(self, required, channel, compound, compound_active) -> np.ndarray:
        """一網覆蓋: the level each new issue reaches first.

        The one network (``command.unified_intake``) routes an issue to the level it needs (or,
        misrouted, one off: :meth:`~sim.core.ownership.Ownership.misroute`); the rest go by the
        resident's own channel.  A compound that is neither organised nor served passes its
        issues to the community.

        Args:
            required: the level each issue needs.
            channel: the raising resident's channel.
            compound: each issue's compound.
            compound_active: which compounds are organised or served.

        Returns:
            The first level of each issue.
        """
        network = self.rng.random(len(required)) < self.config.command.unified_intake
        level = required.copy()
        self.ownership.misroute(level, network)
        level = np.where(network, level, CHANNEL_LEVEL[channel])
        level[(level == COMPOUND) & ~compound_active[compound]] = COMMUNITY
        return level

    def intake(self, book: IssueBook, who, domain, compound, channel, compound_active, day: int):
        """Open issues for the residents ``who`` raised today and send each to its first handler.

        Args:
            book: the open issues.
            who: the raising residents (rows of the resident table).
            domain: each issue's domain.
            compound: each raiser's compound.
            channel: each raiser's reporting channel.
            compound_active: which compounds are organised or served.
            day: today.
        """
        n = len(who)
        if n == 0:
            return
        kind, required, group, primary, depts, effort = self.new_issues(domain, compound)
        level = self.first_level(required, channel, compound, compound_active)
        dept_kind = self.ownership.choose_department(domain, kind, primary, group=group)
        handler = self.handlers.level_handler(level, compound, dept_kind)
        ids = book.add({
            "resident": who, "compound": compound, "domain": domain, "kind": kind,
            "required": required, "severity": self.rng.random(n), "effort_left": effort,
            "part_effort": effort / np.bitwise_count(depts), "depts": depts, "primary": primary,
            "handler": handler, "arrive": day, "raised": day,
            "entry_level": level, "channel": channel, "taken": NOT_YET, "responded": NOT_YET,
        })
        book.log.add_hops(ids, day, -1, handler, RAISE)
        book.count_entries(level)

    # --- daily handling ----------------------------------------------------------------
    def over_heads(self, book: IssueBook, day: int, supervised=None) -> None:
        """Issues left too long below the street become grievances that go straight to the street.

        Too long is set by ``issues.grievance_days``; supervised (督辦) hotline cases below the
        street go over heads the same way, at once.

        Args:
            book: the open issues.
            day: today.
            supervised: rows of the supervised cases below the street that go over heads today
                (:meth:`~sim.core.service.QueueService.supervise`), if any.
        """
        c = book.cols
        stale = (~c["over_heads"] & (day - c["raised"] >= self.config.issues.grievance_days)
                 & (self.handlers.handler_level[c["handler"]] < STREET)).nonzero()[0]
        if supervised is not None and len(supervised):
            stale = np.union1d(stale, supervised)
        if len(stale):
            c["over_heads"][stale] = True
            book.grievances += len(stale)
            self.handlers.move(book, stale, self.handlers.compound_street[c["compound"][stale]],
                               day, 0, GRIEVANCE)

    def triage(self, book: IssueBook, day: int, compound_active) -> np.ndarray:
        """Each handler looks at the issues that reached it today and keeps or passes them on.

        The levels' rules run bottom up (the draws in that order); every move is then made at
        once, and the whistled issues are joined.

        Args:
            book: the open issues.
            day: today.
            compound_active: which compounds are organised or served.

        Returns:
            The handler of every issue looked at (each look costs triage hours).
        """
        c = book.cols
        idx = (~c["triaged"] & (c["arrive"] <= day)).nonzero()[0]
        handler = c["handler"][idx]
        looks = Looks(idx, handler, self.handlers.handler_level[handler], c["required"][idx],
                      c["compound"][idx], np.zeros(len(idx), dtype=bool))
        moves = [self._at_compound(looks, compound_active), self._at_community(looks)]
        street_moves, summoned = self._at_street(book, looks)
        department_moves, kept_at_department = self._at_department(book, looks)
        city_moves, kept_at_city = self.city_level.at_city(book, looks)
        self.handlers.move_all(book, [*moves, *street_moves, *department_moves, *city_moves], day)
        if len(summoned):
            self.join(book, summoned)
        c["triaged"][idx[looks.keep]] = True
        # Taken up today: signed for by a handler with the power, or summoned (吹哨).
        taken = np.concatenate([idx[looks.keep], summoned]) if len(summoned) else idx[looks.keep]
        taken = taken[c["taken"][taken] == NOT_YET]
        c["taken"][taken] = day
        self.taken_today = taken
        self.responses = respond(book, looks, taken, day, self.config.command.first_contact, self.rng)  # 先行聯繫
        rows = idx[kept_at_department | kept_at_city]
        c["effort_left"][rows] = c["part_effort"][rows]
        return handler

    def _at_compound(self, looks: Looks, compound_active) -> tuple:
        """Compound: self-governance issues stay if the compound is organised or served.

        The rest escalate to the community.
        """
        at = looks.level == COMPOUND
        keep = at & (looks.required == COMPOUND) & compound_active[looks.compound]
        looks.keep |= keep
        up = at & ~keep
        rows = looks.idx[up]
        return (rows, self.handlers.compound_community[looks.compound[up]],
                self.handlers.delay(self.config.issues.escalation_days[0], len(rows)), ESCALATE)

    def _at_community(self, looks: Looks) -> tuple:
        """Community: within its authority it stays, else it escalates to the street."""
        at = looks.level == COMMUNITY
        looks.keep |= at & (looks.required <= COMMUNITY)
        up = at & (looks.required > COMMUNITY)
        rows = looks.idx[up]
        return (rows, self.handlers.compound_street[looks.compound[up]],
                self.handlers.delay(self.config.issues.escalation_days[1], len(rows)), ESCALATE)

    def _at_street(self, book: IssueBook, looks: Looks) -> tuple[list, np.ndarray]:
        """Street: each issue that reached a street is kept, routed down, whistled or escalated.

        A street keeps what its (delegated) powers cover and the grievances that went over heads,
        routes other community matters down, and for the rest either blows the whistle (吹哨報到)
        or escalates to a department it chooses by the lists (權責清單).

        Returns:
            The moves and the rows of the issues whistled.
        """
        c, idx, req, compound = book.cols, looks.idx, looks.required, looks.compound
        handlers, issues = self.handlers, self.config.issues
        at = looks.level == STREET
        grievance = c["over_heads"][idx]
        looks.keep |= at & ((req == STREET) | (grievance & (req <= STREET)))
        down = at & (req <= COMMUNITY) & ~grievance
        moves = [(idx[down], handlers.compound_community[compound[down]],
                  handlers.delay(issues.pushdown_days, int(down.sum())), ROUTE)]
        beyond = at & (req >= DEPARTMENT)  # the city's cases go up through the district department
        whistle = beyond & (req == DEPARTMENT) & self.whistle_blown(len(idx))
        summoned = idx[whistle]
        if len(summoned):
            moves.append(self.summon(book, summoned))
        up = beyond & ~whistle
        if up.any():
            rows = idx[up]
            target = handlers.department_of(compound[up], self.ownership.choose_department(
                c["domain"][rows], c["kind"][rows], c["primary"][rows]))
            moves.append((rows, target, handlers.delay(issues.escalation_days[2], len(rows)), ESCALATE))
        return moves, summoned

    def _at_department(self, book: IssueBook, looks: Looks) -> tuple[list, np.ndarray]:
        """Department: each issue that reached a department is kept or moved on.

        Not its own → forwarded sideways; its own but beyond the street → may be pushed down
        (屬地責任) or passed sideways (overlap, unclear lists: 權責清單); the street's → routed down;
        the city's → passed up, or kept and tried under unclear lists (:mod:`sim.core.city_level`).
        A case assigned after ``issues.dispatch_limit`` passes must be kept: by any involved
        department once the limit is reached, and by its answerable department already when one
        more pass would reach it (that pass would send it back there).  A supervised case (督辦)
        is kept whatever its level.

        Returns:
            The moves and which issues the departments keep.
        """
        c, idx, req, compound = book.cols, looks.idx, looks.required, looks.compound
        handlers, issues = self.handlers, self.config.issues
        at = looks.level == DEPARTMENT
        supervised = at & c["supervised"][idx]
        kind_of = handlers.department_kind(looks.handler)
        involved = at & ~supervised & ((c["depts"][idx] >> kind_of.astype(np.uint32)) & 1 == 1)
        p_push = self.pushdown_chance(looks.handler)
        p_bounce = self.ownership.bounce_chance(c["domain"][idx], c["kind"][idx], looks.handler)
        u = self.rng.random(len(idx))
        listed_down = involved & (req <= STREET)
        passes = c["bounces"][idx]
        limit = issues.dispatch_limit
        bound = (passes >= limit) | ((passes + 1 >= limit)
                                     & (kind_of == owner_of(c["depts"][idx], c["primary"][idx])))
        beyond = involved & (req == DEPARTMENT) & ~bound
        push = beyond & (u < p_push)
        bounce = beyond & ~push & (u < p_push + p_bounce)
        up_move, up = self.city_level.from_district(idx, req, beyond & ~push & ~bounce, involved, kind_of)
        kept = (involved & ~listed_down & ~push & ~bounce & ~up) | supervised
        looks.keep |= kept
        moves = [(idx[listed_down], handlers.compound_street[compound[listed_down]],
                  handlers.delay(issues.pushdown_days, int(listed_down.sum())), ROUTE),
                 (idx[push], handlers.compound_street[compound[push]],
                  handlers.delay(issues.pushdown_days, int(push.sum())), PUSHDOWN), up_move]
        sideways = (at & ~supervised & ~involved) | bounce  # not its own, or passed on (推諉)
        if sideways.any():
            moves.append(self.ownership.forward(book, idx[sideways], exclude=kind_of[sideways]))
        return moves, kept
