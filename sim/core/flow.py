"""How issues move between handlers: intake, triage at each level, work on the queues, deadlines.

All rules act on whole columns of the :class:`~sim.core.issues.IssueBook` at once.  The levers
enter here as chances and delays, each on its documented causal path:

* 一網覆蓋 (``command.unified_intake``): share of issues the one network routes straight to the
  level holding the power they need; the rest go by the resident's own channel.
* 權責清單 (``power.list_clarity``): chance an intake or a department knows the right owner;
  unclear lists misroute issues and let departments pass overlapping issues sideways.
* 權下放 (``power.delegation``): share of department powers over delegable kinds that streets hold.
* 屬地/有限責任 (``power.territorial``): chance a department pushes an issue beyond the street's
  powers down to the street anyway (from where it comes back up).
* 吹哨報到 (``joint.whistle``): chance a street summons the involved departments, who then work the
  issue together after a coordination delay instead of passing it along one by one.
* 聯合考核 (``joint.evaluation``): streets' evaluation halves, at full weight, departments' bouncing
  and pushing down.
* 主官上 (``command.chief_officials``): chief officials in charge cut escalation, transit and
  coordination delays by up to half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.core.city import COMMUNITY, COMPOUND, DEPARTMENT, STREET, City
from sim.core.issues import (
    ABANDONED,
    ACTION_NAMES,
    BOUNCE,
    ESCALATE,
    GRIEVANCE,
    HANDOFF,
    PUSHDOWN,
    RAISE,
    RESOLVED,
    ROUTE,
    WHISTLE,
    IssueBook,
)
from sim.core.numeric import clip
from sim.core.residents import CHANNEL_COMMUNITY, CHANNEL_COMPOUND, CHANNEL_HOTLINE
from sim.scenario import ISSUE_KINDS, Scenario

CROSS = ISSUE_KINDS.index("cross_departmental")
DISPUTE = ISSUE_KINDS.index("dispute")
CHANNEL_LEVEL = np.zeros(3, dtype=np.int64)
CHANNEL_LEVEL[[CHANNEL_COMPOUND, CHANNEL_COMMUNITY, CHANNEL_HOTLINE]] = [COMPOUND, COMMUNITY, DEPARTMENT]
"""The level each reporting channel reaches first (by channel code)."""
STEP_OFF = np.array([-1, 1])
"""A misrouted issue lands one level below or above the right one."""
RANKS = 32
"""Coarse priority ranks per queue used to skip the issues today's hours cannot reach."""
COUNTED = {"escalations": (ESCALATE, GRIEVANCE), "bounces": (BOUNCE,), "pushdowns": (PUSHDOWN,)}
"""Which hop actions each per-issue counter counts."""
COUNTED_BY = {counter: np.isin(np.arange(len(ACTION_NAMES)), codes)
              for counter, codes in COUNTED.items()}
"""The same, as a lookup by action code."""


def weighted_pick(weights: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One column index per row of ``weights`` (rows need not sum to one), and whether the row
    has any weight at all (an all-zero row gives index 0)."""
    cum = weights.cumsum(axis=1)
    total = cum[:, -1]
    draw = rng.random(len(weights)) * total
    return np.minimum((cum <= draw[:, None]).sum(axis=1), weights.shape[1] - 1), total > 0


class GroupedChoice:
    """Draws one category per row from the weights of the row's group (a row of ``weights``).

    Like :func:`weighted_pick` on ``weights[group]``, without building a row of weights per
    draw: the groups' cumulative weights are laid end to end (group ``g`` on ``[g, g + 1)``) and
    one sorted search finds every draw's category.

    Args:
        weights: (groups, categories) non-negative weights; an all-zero group gives the last
            category.
    """

    def __init__(self, weights: np.ndarray):
        groups, self.categories = weights.shape
        total = weights.sum(axis=1, keepdims=True)
        self.empty = total[:, 0] == 0
        """Groups with no weight at all."""
        cdf = np.cumsum(weights, axis=1) / np.where(self.empty[:, None], 1.0, total)
        self.edges = (np.arange(groups)[:, None] + cdf).ravel()

    def draw(self, group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A category for each entry of ``group``."""
        found = self.edges.searchsorted(group + rng.random(len(group)), side="right")
        return np.minimum(found - group * self.categories, self.categories - 1)


@dataclass
class Queues:
    """Today's queues, taken once before the hours are shared out and the work is done.

    Attributes:
        idx: the queued issues (kept by their handler and arrived), as rows of the book.
        handler: each one's handler.
        block: each one's place in its queue, coarsely: joint issues' ranks first, then the
            others' (rank by the priority rule, see :meth:`IssueFlow.priority_rank`).
        effort: each one's effort left.
        by_block: effort queued per handler and block, shape (handlers, 2 × ``RANKS``).
    """

    idx: np.ndarray
    handler: np.ndarray
    block: np.ndarray
    effort: np.ndarray
    by_block: np.ndarray

    @property
    def effort_by_handler(self) -> np.ndarray:
        """Effort queued at each handler."""
        return self.by_block.sum(axis=1)


def lowest_bit(mask: np.ndarray) -> np.ndarray:
    """Index of the lowest set bit of each mask (masks must be non-zero)."""
    mask = mask.astype(np.int64)
    return np.log2(mask & -mask).astype(np.int64)


class IssueFlow:
    """The routing and handling rules of every level, over the city's handler index.

    Args:
        scenario: the scenario (kinds, ownership matrix, delays, levers).
        city: the built city.
        rng: the model's generator.
    """

    reach_from = 2048
    """Fewer queued issues than this are put in order whole: finding how far today's hours
    reach (:meth:`within_reach`) would cost more than it saves.  Either way the result is the
    same."""

    def __init__(self, scenario: Scenario, city: City, rng: np.random.Generator):
        self.s = scenario
        self.city = city
        self.rng = rng
        domains = list(scenario.domains)
        depts = list(scenario.departments.values())
        kinds = [scenario.kinds[k] for k in ISSUE_KINDS]
        # ownership[d, k, t]: how much department kind t owns issues of domain d and kind k
        dom_w = np.array([[dp.domains.get(d, 0.0) for dp in depts] for d in domains])
        kind_w = np.array([[dp.kinds.get(k, 0.0) for dp in depts] for k in ISSUE_KINDS])
        self.ownership = dom_w[:, None, :] * kind_w[None, :, :]
        total = self.ownership.sum(axis=2)
        self.overlap = np.where(total > 0, 1 - self.ownership.max(axis=2) / np.maximum(total, 1e-12),
                                0.0)
        kind_mix = np.array([[scenario.domains[d].kinds.get(k, 0.0) for k in ISSUE_KINDS]
                             for d in domains])
        self.kind_mix = kind_mix / kind_mix.sum(axis=1, keepdims=True)
        levels = np.array([k.level_shares for k in kinds])
        self.level_mix = levels / levels.sum(axis=1, keepdims=True)
        self.effort = np.array([k.effort_hours for k in kinds])
        self.delegable = np.array([k.delegable for k in kinds])
        self.handler_level = city.handler_levels()
        self.compound_community = city.community_base + city.compound_community
        self.compound_street = city.street_base + city.compound_street
        self.dept_base, self.n_dept_kinds, self.n_handlers = (city.dept_base, city.n_dept_kinds,
                                                              city.n_handlers)
        # handler_table[compound * width + slot]: the handler an issue from the compound reaches
        # at a slot — its compound, community or street (slot = level), or the department of
        # kind k in its district (slot = DEPARTMENT + k).
        self.slots = DEPARTMENT + city.n_dept_kinds
        self.handler_table = np.concatenate([
            np.arange(city.n_compounds)[:, None], self.compound_community[:, None],
            self.compound_street[:, None],
            city.department_handler(city.compound_district[:, None], np.arange(city.n_dept_kinds)),
        ], axis=1).astype(np.int32).ravel()
        # Chance that a compound's property firm fails an issue (0 without a firm).
        self.firm_failure = np.where(city.compound_has_firm,
                                     0.5 * (1 - city.compound_firm_quality), 0.0)
        self.dept_kinds = np.arange(len(depts), dtype=np.uint32)
        self.firm_domains = np.array([scenario.domains[d].property_related for d in domains])
        self.kind_choice = GroupedChoice(self.kind_mix)  # by domain
        self.level_choice = GroupedChoice(self.level_mix)  # by kind
        self.owner_choice = GroupedChoice(self.ownership.reshape(-1, len(depts)))  # domain × kind
        # Effort ranks for the smallest-first rule: log-spaced around the kinds' mean efforts.
        self.effort_edges = np.geomspace(self.effort.min() / 20, self.effort.max() * 20, RANKS - 1)

    # --- helpers ----------------------------------------------------------------------
    def delay(self, days: float) -> int:
        """Transit days, shortened by chief officials (主官上)."""
        return math.floor(days * (1.0 - 0.5 * self.s.command.chief_officials) + 0.5)

    def department_of(self, compound, dept_kind) -> np.ndarray:
        """Handler id of the department of ``dept_kind`` in the district of each ``compound``."""
        return self.handler_table[compound * self.slots + (DEPARTMENT + dept_kind)]

    @staticmethod
    def owner_group(domain, kind) -> np.ndarray:
        """Row of the (domain × kind) ownership table for each issue."""
        return domain.astype(np.int64) * len(ISSUE_KINDS) + kind

    def choose_department(self, domain, kind, primary, exclude=None, group=None) -> np.ndarray:
        """Department kind an issue is sent to: the true owner with the lists' clarity, else a guess.

        A guess follows the ownership weights of the issue's domain and kind, so it lands on a
        department that plausibly owns it, often not the one that truly does.  ``exclude``: the
        department kind passing the issue on (never chosen again); ``group``: the issues'
        ownership rows, if already at hand (see :meth:`owner_group`).
        """
        n = len(domain)
        if exclude is None:
            group = self.owner_group(domain, kind) if group is None else group
            empty = self.owner_choice.empty[group]
            guess = np.where(empty, primary, self.owner_choice.draw(group, self.rng))
        else:
            weights = self.ownership[domain, kind]
            weights[np.arange(n), exclude] = 0.0
            pick, has = weighted_pick(weights, self.rng)
            guess = np.where(has, pick, primary)
        knows = self.rng.random(n) < self.s.power.list_clarity
        target = np.where(knows, primary, guess)
        if exclude is not None:
            target = np.where(target == exclude, guess, target)
        return target

    def level_handler(self, level, compound, dept_kind) -> np.ndarray:
        """Handler id at ``level`` for issues from ``compound`` (departments: of ``dept_kind``)."""
        slot = level + (level == DEPARTMENT) * dept_kind
        return self.handler_table[compound * self.slots + slot]

    def move(self, book: IssueBook, idx, target, day, delay, action):
        """Send the open issues at ``idx`` to ``target`` handlers, arriving after ``delay`` days
        (one number, or one per issue).

        ``action`` (one code, or one per issue) is recorded in each path and counted: escalations
        and grievances as escalations, bounces, and territorial push-downs.
        """
        if len(idx) == 0:
            return
        c = book.cols
        source = c["handler"][idx]
        book.log.add_hops(c["id"][idx], day, source, target, action)
        c["handler"][idx] = target
        c["arrive"][idx] = day + delay
        c["triaged"][idx] = False
        c["hops"][idx] += 1
        book.hops += len(idx)
        for counter, counts in COUNTED_BY.items():
            if np.ndim(action):
                hit = idx[counts[action]]
            elif counts[action]:
                hit = idx
            else:
                continue
            if len(hit):
                c[counter][hit] += 1
                setattr(book, counter, getattr(book, counter) + len(hit))
        book.count_moves(self.handler_level[source], self.handler_level[target])

    # --- intake -----------------------------------------------------------------------
    def intake(self, book: IssueBook, who, domain, compound, channel, compound_active, day: int):
        """Open issues for the residents ``who`` raised today and send each to its first handler."""
        n = len(who)
        if n == 0:
            return
        rng, s = self.rng, self.s
        kind = self.kind_choice.draw(domain, rng)
        # Property firms' failures become disputes (market logic).
        failed = (rng.random(n) < self.firm_failure[compound]) & self.firm_domains[domain]
        kind[failed] = DISPUTE
        required = self.level_choice.draw(kind, rng)
        delegated = (required == DEPARTMENT) & self.delegable[kind] & (
            rng.random(n) < s.power.delegation)
        required[delegated] = STREET
        group = self.owner_group(domain, kind)
        primary = self.owner_choice.draw(group, rng)
        depts = (1 << primary).astype(np.uint32)
        cross = (kind == CROSS).nonzero()[0]
        if len(cross):  # one or two more departments join
            weights, joined = self.ownership[domain[cross], CROSS], depts[cross]
            for _ in range(2):
                others = weights * ((joined[:, None] >> self.dept_kinds) & 1 == 0)
                extra, has = weighted_pick(others, rng)
                joins = has & (rng.random(len(cross)) < 0.7)
                joined |= np.where(joins, 1 << extra, 0).astype(np.uint32)
            depts[cross] = joined
        parts = np.bitwise_count(depts)
        sigma = s.issues.effort_spread
        effort = self.effort[kind] * rng.lognormal(-sigma**2 / 2, sigma, n)

        network = rng.random(n) < s.command.unified_intake
        level = required.copy()
        wrong = (network & (rng.random(n) < (1 - s.power.list_clarity) * s.power.misroute_rate)
                 ).nonzero()[0]
        if len(wrong):
            level[wrong] = np.clip(level[wrong] + STEP_OFF[rng.integers(0, 2, len(wrong))], 0, 3)
        level = np.where(network, level, CHANNEL_LEVEL[channel])
        level[(level == COMPOUND) & ~compound_active[compound]] = COMMUNITY
        dept_kind = self.choose_department(domain, kind, primary, group=group)
        handler = self.level_handler(level, compound, dept_kind)

        ids = book.add({
            "resident": who, "compound": compound, "domain": domain, "kind": kind,
            "required": required, "severity": rng.random(n), "effort_left": effort,
            "part_effort": effort / parts, "depts": depts, "primary": primary,
            "handler": handler, "arrive": day, "raised": day,
            "entry_level": level,
        })
        book.log.add_hops(ids, day, -1, handler, RAISE)
        book.count_entries(level)

    # --- daily handling ----------------------------------------------------------------
    def over_heads(self, book: IssueBook, day: int) -> None:
        """Issues left too long below the street become grievances that go straight to the street."""
        c = book.cols
        stale = (~c["over_heads"] & (day - c["raised"] >= self.s.issues.grievance_days)
                 & (self.handler_level[c["handler"]] < STREET)).nonzero()[0]
        if len(stale):
            c["over_heads"][stale] = True
            book.grievances += len(stale)
            self.move(book, stale, self.compound_street[c["compound"][stale]], day, 0, GRIEVANCE)

    def triage(self, book: IssueBook, day: int, compound_active) -> np.ndarray:
        """Each handler looks at the issues that reached it today and keeps or passes them on.

        Returns the handler of every issue looked at (each look costs triage hours).
        """
        c, s, rng = book.cols, self.s, self.rng
        idx = (~c["triaged"] & (c["arrive"] <= day)).nonzero()[0]
        looked = c["handler"][idx]
        level = self.handler_level[looked]
        req, compound = c["required"][idx], c["compound"][idx]
        esc = s.issues.escalation_days
        moves = []  # (issues, target handlers, delay, action): all made at once below

        # Compound: self-governance issues stay if the compound is organised or served.
        at = level == COMPOUND
        keep = at & (req == COMPOUND) & compound_active[compound]
        up = at & ~keep
        moves.append((idx[up], self.compound_community[compound[up]], self.delay(esc[0]),
                      ESCALATE))

        # Community: within its authority it stays, else it goes up to the street.
        at = level == COMMUNITY
        keep |= at & (req <= COMMUNITY)
        up = at & (req > COMMUNITY)
        moves.append((idx[up], self.compound_street[compound[up]], self.delay(esc[1]), ESCALATE))

        # Street: keeps what its (delegated) powers cover and the grievances that went over heads,
        # routes other community matters down, and for the rest either blows the whistle (吹哨)
        # or escalates to a department.
        at = level == STREET
        grievance = c["over_heads"][idx]
        keep |= at & ((req == STREET) | (grievance & (req <= STREET)))
        down = at & (req <= COMMUNITY) & ~grievance
        moves.append((idx[down], self.compound_community[compound[down]],
                      self.delay(s.issues.pushdown_days), ROUTE))
        beyond = at & (req == DEPARTMENT)
        whistle = beyond & (rng.random(len(idx)) < s.joint.whistle)
        summoned = idx[whistle]
        if len(summoned):
            moves.append(self._summon(book, summoned))
        up = beyond & ~whistle
        if up.any():
            rows = idx[up]
            target = self.department_of(compound[up], self.choose_department(
                c["domain"][rows], c["kind"][rows], c["primary"][rows]))
            moves.append((rows, target, self.delay(esc[2]), ESCALATE))

        # Department: not its own → forwarded sideways; its own but beyond the street → may be
        # pushed down (屬地) or passed sideways (overlap, unclear lists); the street's → down.
        at = level == DEPARTMENT
        kind_of = (looked - self.dept_base) % self.n_dept_kinds
        involved = at & ((c["depts"][idx] >> kind_of.astype(np.uint32)) & 1 == 1)
        restraint = 1 - 0.5 * s.joint.evaluation
        p_push = s.power.pushdown_rate * s.power.territorial * restraint
        overlap = self.overlap[c["domain"][idx], c["kind"][idx]]
        p_bounce = (1 - s.power.list_clarity) * s.power.bounce_rate * overlap * restraint
        u = rng.random(len(idx))
        listed_down = involved & (req <= STREET)
        beyond = involved & (req == DEPARTMENT)
        push = beyond & (u < p_push)
        bounce = beyond & ~push & (u < p_push + p_bounce)
        kept_here = involved & ~listed_down & ~push & ~bounce
        keep |= kept_here
        moves.append((idx[listed_down], self.compound_street[compound[listed_down]],
                      self.delay(s.issues.pushdown_days), ROUTE))
        moves.append((idx[push], self.compound_street[compound[push]],
                      self.delay(s.issues.pushdown_days), PUSHDOWN))
        sideways = (at & ~involved) | bounce  # not its own, or passed on (推諉)
        if sideways.any():
            moves.append(self._forward(book, idx[sideways], exclude=kind_of[sideways]))

        moving = [m for m in moves if len(m[0])]
        if moving:
            counts = [len(m[0]) for m in moving]
            self.move(book, np.concatenate([m[0] for m in moving]),
                      np.concatenate([m[1] for m in moving]), day,
                      np.array([m[2] for m in moving]).repeat(counts),
                      np.array([m[3] for m in moving], np.int8).repeat(counts))
        if len(summoned):
            self._join(book, summoned)

        c["triaged"][idx[keep]] = True
        at_dept = idx[kept_here]
        c["effort_left"][at_dept] = c["part_effort"][at_dept]
        return looked

    def _forward(self, book: IssueBook, idx, exclude) -> tuple:
        """Where issues passed sideways from the department kinds ``exclude`` go (a bounce)."""
        c = book.cols
        target_kind = self.choose_department(c["domain"][idx], c["kind"][idx], c["primary"][idx],
                                             exclude=exclude)
        others = c["depts"][idx] & ~(1 << exclude.astype(np.uint32)).astype(np.uint32)
        # A department that knows the lists forwards to another one actually involved.
        knows = self.rng.random(len(idx)) < self.s.power.list_clarity
        fix = (knows & ((others >> target_kind.astype(np.uint32)) & 1 == 0) & (others > 0)
               ).nonzero()[0]
        if len(fix):
            target_kind[fix] = lowest_bit(others[fix])
        target = self.department_of(c["compound"][idx], target_kind)
        return idx, target, self.delay(self.s.issues.bounce_days), BOUNCE

    def _summon(self, book: IssueBook, idx) -> tuple:
        """吹哨報到: the street summons the departments; the issue goes to the owner department's
        queue after the coordination delay (see :meth:`_join`)."""
        c = book.cols
        target = self.department_of(c["compound"][idx], c["primary"][idx])
        book.whistles += len(idx)
        return idx, target, self.delay(self.s.joint.coordination_days), WHISTLE

    def _join(self, book: IssueBook, idx) -> None:
        """Summoned departments work the issue together, at once and at the street's behest."""
        c, s = book.cols, self.s
        c["joint"][idx] = True
        c["triaged"][idx] = True
        c["effort_left"][idx] = (c["part_effort"][idx] * np.bitwise_count(c["depts"][idx])
                                 * (1 + s.joint.overhead))

    def queues(self, book: IssueBook, day: int) -> Queues:
        """Today's queues: the issues kept and arrived, and the effort waiting at each handler by
        joint-first block and coarse priority rank (see :class:`Queues`)."""
        c = book.cols
        idx = (c["triaged"] & (c["arrive"] <= day)).nonzero()[0]
        handler = c["handler"][idx]
        block = (~c["joint"][idx] * RANKS + self.priority_rank(book, idx, day)).astype(np.int32)
        effort = c["effort_left"][idx]
        n_handlers = self.city.n_handlers
        slot = handler.astype(np.int64) * (2 * RANKS) + block
        by_block = np.bincount(slot, effort, minlength=n_handlers * 2 * RANKS)
        return Queues(idx, handler, block, effort, by_block.reshape(n_handlers, 2 * RANKS))

    def priority_rank(self, book: IssueBook, idx: np.ndarray, day: int) -> np.ndarray:
        """Coarse place of the queued issues ``idx`` in their queues by the priority rule
        (0 first, up to ``RANKS - 1``); the exact order within a rank is settled by :meth:`work`."""
        c, rule = book.cols, self.s.issues.priority
        if rule == "oldest":
            oldest = self.s.issues.abandon_days  # no open issue is older at work time
            age = np.minimum(day - c["raised"][idx], oldest)
            return (oldest - age) * RANKS // (oldest + 1)
        if rule == "severity":
            return np.minimum(((1.0 - c["severity"][idx]) * RANKS).astype(np.int64), RANKS - 1)
        return self.effort_edges.searchsorted(c["effort_left"][idx], side="right")

    @staticmethod
    def within_reach(queues: Queues, capacity: np.ndarray) -> np.ndarray:
        """Which of the queued issues today's hours can reach (a boolean per issue).

        A handler's hours run out somewhere in its queue; everything behind that point gets no
        work today.  The effort queued by block finds, per handler, the block in which the hours
        run out, so that only the issues up to that block need to be put in exact order.  Issues
        with no effort left are always reached.
        """
        ahead = queues.by_block.cumsum(axis=1)
        # The block in which the hours run out (a hair of slack keeps summation order from mattering).
        last = (ahead < capacity[:, None] * (1 + 1e-9) + 1e-9).sum(axis=1).astype(np.int32)
        return (queues.block <= last[queues.handler]) | (queues.effort <= 1e-9)

    def work(self, book: IssueBook, queues: Queues, capacity: np.ndarray, day: int) -> dict:
        """Handlers spend today's hours on their queues in priority order; finished work resolves.

        A finished part of a cross-departmental issue is handed to the next involved department.
        Joint (whistled) issues come first in a department's queue: the summons must be answered.
        Returns the columns of the issues resolved today.

        Args:
            book: the open issues.
            queues: today's queues, from :meth:`queues` (nothing moved since).
            capacity: hours each handler has for its queue today.
            day: today.
        """
        c = book.cols
        idx, handler, effort = queues.idx, queues.handler, queues.effort
        if len(idx) >= self.reach_from:
            reach = self.within_reach(queues, capacity)
            idx, handler, effort = idx[reach], handler[reach], effort[reach]
        if len(idx) == 0:
            return book.close(idx, RESOLVED, day, np.empty(0, np.int8))
        rule = self.s.issues.priority
        joint = c["joint"][idx]
        queue = handler.astype(np.int64) * 2 + ~joint  # by handler, joint issues first
        if rule == "oldest":
            # Open issues are stored in the order they were raised, so a stable sort by queue
            # keeps the oldest first within each queue.
            order = queue.argsort(kind="stable")
        else:
            key = -c["severity"][idx] if rule == "severity" else effort
            order = np.lexsort((c["id"][idx], key, queue))
        idx, handler, joint = idx[order], handler[order], joint[order]
        effort = effort[order].astype(np.float64)
        before = effort.cumsum() - effort
        # Work ahead within the handler's own queue: ``before`` rises along the sorted issues,
        # so the running maximum of its values at queue starts is the current queue's start.
        starts = np.empty(len(idx), dtype=bool)
        starts[0] = True
        np.not_equal(handler[1:], handler[:-1], out=starts[1:])
        before -= np.maximum.accumulate(np.where(starts, before, 0.0))
        progress = clip(capacity[handler] - before, 0.0, effort)
        book.hours_worked += float(progress.sum())
        c["effort_left"][idx] = (effort - progress).astype(np.float32)
        finished = progress >= effort - 1e-9
        done, handler, joint = idx[finished], handler[finished], joint[finished]

        level = self.handler_level[handler]
        kind_of = (handler - self.dept_base) % self.n_dept_kinds
        remaining = np.where((level == DEPARTMENT) & ~joint,
                             c["depts"][done] & ~(1 << kind_of.astype(np.uint32)).astype(np.uint32),
                             0)
        handoff = remaining > 0
        if handoff.any():
            rows, remaining = done[handoff], remaining[handoff]
            c["depts"][rows] = remaining
            target = self.department_of(c["compound"][rows], lowest_bit(remaining))
            self.move(book, rows, target, day, self.delay(self.s.issues.bounce_days), HANDOFF)
            closing = ~handoff
            done, joint, level = done[closing], joint[closing], level[closing]
        order = done.argsort()  # closed in the order they are stored
        levels = np.where(joint, STREET, level)[order]
        return book.close(done[order], RESOLVED, day, levels)

    def abandon(self, book: IssueBook, day: int) -> dict:
        """Issues past their deadline are dropped: the resident gives up.

        Open issues are stored in the order they were raised, so the overdue ones are the first.
        """
        c = book.cols
        overdue = int(c["raised"].searchsorted(day - self.s.issues.abandon_days, side="right"))
        levels = self.handler_level[c["handler"][:overdue]]
        return book.close_oldest(overdue, ABANDONED, day, levels)
