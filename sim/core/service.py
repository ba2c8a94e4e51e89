"""Work on the queues: today's queues in priority order, the hours spent on them, time limits.

Each handler spends the hours it has left after triage on the issues it kept: joint (whistled,
吹哨報到) issues first, then supervised (督辦) cases — grievances that climbed, and hotline cases
past their time limit — then the rest by the scenario's priority rule (``issues.priority``, by
default the earliest due first).  A case gets at most its kind's ``daily_hours`` a day, so its
effort is spread over days; finished work hands a cross-departmental case to its next department
or resolves the case, but not before its kind's ``lead_days`` have passed since it was taken up.
At ``issues.abandon_days`` a hotline case is closed unresolved by the hotline, and any other case
is given up by its resident.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.calendar import Calendar
from sim.core.cases import hotline_case
from sim.core.city_level import pass_up_finished
from sim.core.handlers import HandlerIndex
from sim.core.issues import ABANDONED, CLOSED_UNRESOLVED, HANDOFF, RESOLVED, IssueBook
from sim.core.levels import DEPARTMENT, STREET
from sim.core.numeric import clip
from sim.core.sampling import lowest_bit
from sim.core.scenario_cache import ScenarioCache
from sim.scenario import ISSUE_KINDS, Scenario

RANKS = 32
"""Coarse priority ranks per queue used to skip the issues today's hours cannot reach."""
JOINT, SUPERVISED, OTHER = range(3)
"""The groups of a queue, worked in this order: joint issues, supervised cases, the rest."""


@dataclass
class Queues:
    """Today's queues, taken once before the hours are shared out and the work is done.

    Attributes:
        idx: the queued issues (kept by their handler and arrived), as rows of the book.
        handler: each one's handler.
        block: each one's place in its queue, coarsely: joint issues' ranks first, then the
            supervised cases', then the others' (rank by the priority rule, see
            :meth:`QueueService.priority_rank`).
        effort: each one's effort left.
        workable: the most of it that can be worked today (at most its kind's ``daily_hours``).
        by_block: workable effort queued per handler and block, shape (handlers, 3 × ``RANKS``).
    """

    idx: np.ndarray
    handler: np.ndarray
    block: np.ndarray
    effort: np.ndarray
    workable: np.ndarray
    by_block: np.ndarray

    @property
    def effort_by_handler(self) -> np.ndarray:
        """Effort queued at each handler."""
        return self.by_block.sum(axis=1)


class QueueService:
    """The handlers' work on their queues and the deadline.

    Args:
        config: the scenario (``issues``: priority rule, deadline, hand-off delay; kinds' effort,
            daily hours, lead days and time limits).
        handlers: the handler index of the city.
        calendar: the run's calendar (time limits are counted in working days).
    """

    reach_from = 2048
    """Fewer queued issues than this are put in order whole: finding how far today's hours
    reach (:meth:`within_reach`) would cost more than it saves.  Either way the result is the
    same."""

    def __init__(self, config: Scenario, handlers: HandlerIndex, calendar: Calendar):
        """Set the effort ranks of the smallest-first rule from the kinds' efforts."""
        self.config = config
        self.handlers = handlers
        self.calendar = calendar
        self._due_table: tuple[tuple, np.ndarray] | None = None
        self._kinds = ScenarioCache()
        effort = np.array([config.kinds[k].effort_hours for k in ISSUE_KINDS])
        # Effort ranks for the smallest-first rule: log-spaced around the kinds' mean efforts.
        self.effort_edges = np.geomspace(effort.min() / 20, effort.max() * 20, RANKS - 1)

    def _per_kind(self, key: str) -> np.ndarray:
        """A number of every issue kind from the scenario (``kinds.<k>.<key>``), in kind order.

        Read once per scenario in force (a reform replaces the scenario), as a read-only array.
        """
        def read() -> np.ndarray:
            values = np.array([getattr(self.config.kinds[k], key) for k in ISSUE_KINDS])
            values.setflags(write=False)
            return values

        return self._kinds.get(self.config, key, read)

    def due(self, raised: np.ndarray, kind: np.ndarray) -> np.ndarray:
        """The day each case is due: its kind's time limit in working days after it was raised.

        The due days of every day of the calendar and kind are told once (again only if the
        time limits change) and looked up.

        Args:
            raised: the day each case was raised.
            kind: each one's kind.

        Returns:
            The due day of each.
        """
        limits = tuple(int(x) for x in self._per_kind("time_limit_days"))
        if self._due_table is None or self._due_table[0] != limits:
            cal = self.calendar
            days = np.arange(cal.first_day, cal.first_day + len(cal.dates))
            table = np.stack([cal.add_working_days(days, limit) for limit in limits], axis=1)
            self._due_table = (limits, table.astype(np.int32))
        return self._due_table[1][raised - self.calendar.first_day, kind]

    def take_up(self, book: IssueBook, rows: np.ndarray, day: int) -> None:
        """Cases taken up today may close once their kind's ``lead_days`` have passed.

        Args:
            book: the open issues.
            rows: rows of the cases first taken up today.
            day: today.
        """
        c = book.cols
        c["earliest_close"][rows] = day + self._per_kind("lead_days")[c["kind"][rows]]

    def supervise(self, book: IssueBook, day: int) -> np.ndarray:
        """督辦: hotline cases past their time limit are supervised.

        A supervised case goes to the head of its handler's queue (after joint issues); one that
        sits below the street is to go over heads to the street at once.

        Args:
            book: the open issues.
            day: today.

        Returns:
            Rows of the cases supervised today that sit below the street and have not gone over
            heads yet.
        """
        c = book.cols
        late = (~c["overdue"] & hotline_case(c["channel"])
                & (day > self.due(c["raised"], c["kind"]))).nonzero()[0]
        c["overdue"][late] = True
        book.overdue += len(late)
        below = (self.handlers.handler_level[c["handler"][late]] < STREET) & ~c["over_heads"][late]
        return late[below]

    def queues(self, book: IssueBook, day: int) -> Queues:
        """Today's queues: the issues kept and arrived, and the effort workable at each handler today.

        The effort is counted by group (joint, supervised, the rest) and coarse priority rank
        (see :class:`Queues`).  A case can take at most its kind's ``daily_hours`` today; a joint
        case, worked by every summoned department together, that many times as many.

        Args:
            book: the open issues.
            day: today.

        Returns:
            Today's queues.
        """
        c = book.cols
        idx = (c["triaged"] & (c["arrive"] <= day)).nonzero()[0]
        handler = c["handler"][idx]
        joint = c["joint"][idx]
        block = (self._group(book, idx) * RANKS + self.priority_rank(book, idx, day)).astype(np.int32)
        effort = c["effort_left"][idx]
        cap = self._per_kind("daily_hours")[c["kind"][idx]]
        cap = np.where(joint, cap * np.bitwise_count(c["depts"][idx]), cap)
        workable = np.minimum(effort, cap)
        n_handlers = self.handlers.n_handlers
        slot = handler.astype(np.int64) * (3 * RANKS) + block
        by_block = np.bincount(slot, workable, minlength=n_handlers * 3 * RANKS)
        return Queues(idx, handler, block, effort, workable, by_block.reshape(n_handlers, 3 * RANKS))

    def priority_rank(self, book: IssueBook, idx: np.ndarray, day: int) -> np.ndarray:
        """Coarse place of the queued issues ``idx`` in their queues by the priority rule.

        Ranks go from 0 (first) up to ``RANKS - 1``; the exact order within a rank is settled by
        :meth:`work`.

        Args:
            book: the open issues.
            idx: rows of the queued issues.
            day: today.

        Returns:
            Each issue's rank.
        """
        c, issues = book.cols, self.config.issues
        if issues.priority == "deadline":
            # Days left until due, from the most overdue (raised abandon_days ago) to twice the
            # longest time limit ahead; beyond that the ranks are clipped (the order stays exact).
            oldest, ahead = issues.abandon_days, 2 * int(self._per_kind("time_limit_days").max())
            left = np.clip(self.due(c["raised"][idx], c["kind"][idx]) - day, -oldest, ahead)
            return (left + oldest) * RANKS // (oldest + ahead + 1)
        if issues.priority == "oldest":
            oldest = issues.abandon_days  # no open issue is older at work time
            age = np.minimum(day - c["raised"][idx], oldest)
            return (oldest - age) * RANKS // (oldest + 1)
        if issues.priority == "severity":
            return np.minimum(((1.0 - c["severity"][idx]) * RANKS).astype(np.int64), RANKS - 1)
        return self.effort_edges.searchsorted(c["effort_left"][idx], side="right")

    @staticmethod
    def within_reach(queues: Queues, capacity: np.ndarray) -> np.ndarray:
        """Which of the queued issues today's hours can reach (a boolean per issue).

        A handler's hours run out somewhere in its queue; everything behind that point gets no
        work today.  The effort workable today, queued by block, finds, per handler, the block in
        which the hours run out, so that only the issues up to that block need to be put in
        exact order.  Issues with no effort left are always reached.

        Args:
            queues: today's queues.
            capacity: hours each handler has for its queue today.

        Returns:
            A boolean per queued issue.
        """
        # The block in which the hours run out (a hair of slack keeps summation order from mattering).
        # Handlers whose hours cover all of their queue's work, with room to spare against any
        # order of summation, reach every block; only the others need their blocks added up.
        limit = capacity * (1 + 1e-9) + 1e-9
        last = np.full(len(capacity), queues.by_block.shape[1], dtype=np.int32)
        short = np.flatnonzero(queues.by_block.sum(axis=1) >= limit * (1 - 1e-6))
        ahead = queues.by_block[short].cumsum(axis=1)
        last[short] = (ahead < limit[short, None]).sum(axis=1)
        return (queues.block <= last[queues.handler]) | (queues.workable <= 1e-9)

    def work(self, book: IssueBook, queues: Queues, capacity: np.ndarray, day: int) -> dict:
        """Handlers spend today's hours on their queues in priority order; finished work resolves.

        A finished part of a cross-departmental issue is handed to the next involved department.
        A finished case closes once it is due to (its kind's lead days after it was taken up);
        until then it waits with no effort left.

        Args:
            book: the open issues.
            queues: today's queues, from :meth:`queues` (nothing moved since).
            capacity: hours each handler has for its queue today.
            day: today.

        Returns:
            The columns of the issues resolved today.
        """
        c = book.cols
        idx, handler, effort, workable = queues.idx, queues.handler, queues.effort, queues.workable
        if len(idx) >= self.reach_from:
            reach = self.within_reach(queues, capacity)
            idx, handler, effort, workable = idx[reach], handler[reach], effort[reach], workable[reach]
        if len(idx) == 0:
            return book.close(idx, RESOLVED, day, np.empty(0, np.int8))
        order = self._in_order(book, idx, handler, effort)
        idx, handler = idx[order], handler[order]
        effort = effort[order].astype(np.float64)
        progress = self._progress(handler, workable[order].astype(np.float64), capacity)
        book.hours_worked += float(progress.sum())
        c["effort_left"][idx] = (effort - progress).astype(np.float32)
        finished = progress >= effort - 1e-9
        done, handler = idx[finished], handler[finished]
        joint = c["joint"][done]
        level = self.handlers.handler_level[handler]
        stay = ~pass_up_finished(self.config, self.handlers, book, done, handler, level, day)
        done, handler, joint, level = done[stay], handler[stay], joint[stay], level[stay]
        closing = self._hand_off(book, done, handler, joint, level, day)
        closing &= c["earliest_close"][done] <= day
        done, joint, level = done[closing], joint[closing], level[closing]
        order = done.argsort()  # closed in the order they are stored
        levels = np.where(joint, STREET, level)[order]
        return book.close(done[order], RESOLVED, day, levels)

    def _in_order(self, book: IssueBook, idx, handler, effort) -> np.ndarray:
        """The order in which the queued issues ``idx`` are worked.

        By handler, joint issues first, then supervised cases, then by the priority rule (ties
        by id).
        """
        c, rule = book.cols, self.config.issues.priority
        queue = handler.astype(np.int64) * 3 + self._group(book, idx)
        if rule == "oldest":
            # Open issues are stored in the order they were raised, so a stable sort by queue
            # keeps the oldest first within each queue.
            return queue.argsort(kind="stable")
        if rule == "deadline":
            key = self.due(c["raised"][idx], c["kind"][idx])
        else:
            key = -c["severity"][idx] if rule == "severity" else effort
        return np.lexsort((c["id"][idx], key, queue))

    @staticmethod
    def _group(book: IssueBook, idx) -> np.ndarray:
        """The group of each queued issue ``idx``: ``JOINT``, ``SUPERVISED`` or ``OTHER``."""
        c = book.cols
        pressed = c["supervised"][idx] | c["overdue"][idx]  # climbed (督辦) or past its limit (催辦)
        return np.where(c["joint"][idx], JOINT, np.where(pressed, SUPERVISED, OTHER))

    @staticmethod
    def _progress(handler, workable, capacity) -> np.ndarray:
        """Hours each issue gets today, in worked order.

        Each gets what its handler's hours leave after the issues ahead of it in the same queue, at
        most what can be worked on it today (its effort left, capped by its kind's daily hours).
        """
        before = workable.cumsum() - workable
        # Work ahead within the handler's own queue: ``before`` rises along the sorted issues,
        # so the running maximum of its values at queue starts is the current queue's start.
        starts = np.empty(len(handler), dtype=bool)
        starts[0] = True
        np.not_equal(handler[1:], handler[:-1], out=starts[1:])
        before -= np.maximum.accumulate(np.where(starts, before, 0.0))
        return clip(capacity[handler] - before, 0.0, workable)

    def _hand_off(self, book: IssueBook, done, handler, joint, level, day: int) -> np.ndarray:
        """Finished parts of cross-departmental issues go on to their next involved department (re-triaged there).

        Returns:
            Which of the finished issues close instead.
        """
        c = book.cols
        kind_of = self.handlers.department_kind(handler)
        remaining = np.where((level >= DEPARTMENT) & ~joint,
                             c["depts"][done] & ~(1 << kind_of.astype(np.uint32)).astype(np.uint32),
                             0)
        handoff = remaining > 0
        if handoff.any():
            rows, remaining = done[handoff], remaining[handoff]
            c["depts"][rows] = remaining
            target = self.handlers.department_at_level_of(handler[handoff], c["compound"][rows],
                                                          lowest_bit(remaining))
            self.handlers.move(book, rows, target, day,
                               self.handlers.delay(self.config.issues.bounce_days, len(rows)), HANDOFF)
        return ~handoff

    def abandon(self, book: IssueBook, day: int) -> dict:
        """Cases open ``issues.abandon_days`` after being raised end unresolved.

        A hotline or online case is closed unresolved by the hotline (``CLOSED_UNRESOLVED``, rated
        by the call-back as not solved); a case from the compound or community channel is given
        up by its resident (``ABANDONED``).  Open issues are stored in the order they were
        raised, so the overdue ones are the first.

        Args:
            book: the open issues.
            day: today.

        Returns:
            The columns of the cases closed unresolved or abandoned today.
        """
        c = book.cols
        overdue = int(c["raised"].searchsorted(day - self.config.issues.abandon_days, side="right"))
        levels = self.handlers.handler_level[c["handler"][:overdue]]
        state = np.where(hotline_case(c["channel"][:overdue]), CLOSED_UNRESOLVED, ABANDONED)
        return book.close_oldest(overdue, state, day, levels)
