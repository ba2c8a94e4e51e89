"""Work on the queues: today's queues in priority order, the hours spent on them, deadlines.

Each handler spends the hours it has left after triage on the issues it kept, joint (whistled,
吹哨報到) and supervised (督辦) issues first, then by the scenario's priority rule
(``issues.priority``); finished work resolves an issue or hands a cross-departmental one to its next
department.  Issues open past ``issues.abandon_days`` are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.city_level import pass_up_finished
from sim.core.handlers import HandlerIndex
from sim.core.issues import ABANDONED, HANDOFF, RESOLVED, IssueBook
from sim.core.levels import DEPARTMENT, STREET
from sim.core.numeric import clip
from sim.core.sampling import lowest_bit
from sim.scenario import ISSUE_KINDS, Scenario

RANKS = 32
"""Coarse priority ranks per queue used to skip the issues today's hours cannot reach."""


@dataclass
class Queues:
    """Today's queues, taken once before the hours are shared out and the work is done.

    Attributes:
        idx: the queued issues (kept by their handler and arrived), as rows of the book.
        handler: each one's handler.
        block: each one's place in its queue, coarsely: joint issues' ranks first, then the
            others' (rank by the priority rule, see :meth:`QueueService.priority_rank`).
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


class QueueService:
    """The handlers' work on their queues and the deadline.

    Args:
        config: the scenario (``issues``: priority rule, deadline, hand-off delay; kinds' effort).
        handlers: the handler index of the city.
    """

    reach_from = 2048
    """Fewer queued issues than this are put in order whole: finding how far today's hours
    reach (:meth:`within_reach`) would cost more than it saves.  Either way the result is the
    same."""

    def __init__(self, config: Scenario, handlers: HandlerIndex):
        """Set the effort ranks of the smallest-first rule from the kinds' efforts."""
        self.config = config
        self.handlers = handlers
        effort = np.array([config.kinds[k].effort_hours for k in ISSUE_KINDS])
        # Effort ranks for the smallest-first rule: log-spaced around the kinds' mean efforts.
        self.effort_edges = np.geomspace(effort.min() / 20, effort.max() * 20, RANKS - 1)

    def queues(self, book: IssueBook, day: int) -> Queues:
        """Today's queues: the issues kept and arrived, and the effort waiting at each handler.

        The effort is counted by joint-first block and coarse priority rank (see :class:`Queues`).

        Args:
            book: the open issues.
            day: today.

        Returns:
            Today's queues.
        """
        c = book.cols
        idx = (c["triaged"] & (c["arrive"] <= day)).nonzero()[0]
        handler = c["handler"][idx]
        first = c["joint"][idx] | c["supervised"][idx]  # whistled and supervised (督辦) cases first
        block = (~first * RANKS + self.priority_rank(book, idx, day)).astype(np.int32)
        effort = c["effort_left"][idx]
        n_handlers = self.handlers.n_handlers
        slot = handler.astype(np.int64) * (2 * RANKS) + block
        by_block = np.bincount(slot, effort, minlength=n_handlers * 2 * RANKS)
        return Queues(idx, handler, block, effort, by_block.reshape(n_handlers, 2 * RANKS))

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
        work today.  The effort queued by block finds, per handler, the block in which the hours
        run out, so that only the issues up to that block need to be put in exact order.  Issues
        with no effort left are always reached.

        Args:
            queues: today's queues.
            capacity: hours each handler has for its queue today.

        Returns:
            A boolean per queued issue.
        """
        ahead = queues.by_block.cumsum(axis=1)
        # The block in which the hours run out (a hair of slack keeps summation order from mattering).
        last = (ahead < capacity[:, None] * (1 + 1e-9) + 1e-9).sum(axis=1).astype(np.int32)
        return (queues.block <= last[queues.handler]) | (queues.effort <= 1e-9)

    def work(self, book: IssueBook, queues: Queues, capacity: np.ndarray, day: int) -> dict:
        """Handlers spend today's hours on their queues in priority order; finished work resolves.

        A finished part of a cross-departmental issue is handed to the next involved department.
        Joint (whistled) issues come first in a department's queue: the summons must be answered.

        Args:
            book: the open issues.
            queues: today's queues, from :meth:`queues` (nothing moved since).
            capacity: hours each handler has for its queue today.
            day: today.

        Returns:
            The columns of the issues resolved today.
        """
        c = book.cols
        idx, handler, effort = queues.idx, queues.handler, queues.effort
        if len(idx) >= self.reach_from:
            reach = self.within_reach(queues, capacity)
            idx, handler, effort = idx[reach], handler[reach], effort[reach]
        if len(idx) == 0:
            return book.close(idx, RESOLVED, day, np.empty(0, np.int8))
        joint = c["joint"][idx]
        order = self._in_order(book, idx, handler, joint | c["supervised"][idx], effort)
        idx, handler, joint = idx[order], handler[order], joint[order]
        effort = effort[order].astype(np.float64)
        progress = self._progress(handler, effort, capacity)
        book.hours_worked += float(progress.sum())
        c["effort_left"][idx] = (effort - progress).astype(np.float32)
        finished = progress >= effort - 1e-9
        done, handler, joint = idx[finished], handler[finished], joint[finished]
        level = self.handlers.handler_level[handler]
        stay = ~pass_up_finished(self.config, self.handlers, book, done, handler, level, day)
        done, handler, joint, level = done[stay], handler[stay], joint[stay], level[stay]
        closing = self._hand_off(book, done, handler, joint, level, day)
        done, joint, level = done[closing], joint[closing], level[closing]
        order = done.argsort()  # closed in the order they are stored
        levels = np.where(joint, STREET, level)[order]
        return book.close(done[order], RESOLVED, day, levels)

    def _in_order(self, book: IssueBook, idx, handler, joint, effort) -> np.ndarray:
        """The order in which the queued issues ``idx`` are worked.

        By handler, joint issues first, then by the priority rule (ties by id).
        """
        c, rule = book.cols, self.config.issues.priority
        queue = handler.astype(np.int64) * 2 + ~joint  # by handler, joint issues first
        if rule == "oldest":
            # Open issues are stored in the order they were raised, so a stable sort by queue
            # keeps the oldest first within each queue.
            return queue.argsort(kind="stable")
        key = -c["severity"][idx] if rule == "severity" else effort
        return np.lexsort((c["id"][idx], key, queue))

    @staticmethod
    def _progress(handler, effort, capacity) -> np.ndarray:
        """Hours each issue gets today, in worked order.

        Each gets what its handler's hours leave after the issues ahead of it in the same queue, at
        most its effort.
        """
        before = effort.cumsum() - effort
        # Work ahead within the handler's own queue: ``before`` rises along the sorted issues,
        # so the running maximum of its values at queue starts is the current queue's start.
        starts = np.empty(len(handler), dtype=bool)
        starts[0] = True
        np.not_equal(handler[1:], handler[:-1], out=starts[1:])
        before -= np.maximum.accumulate(np.where(starts, before, 0.0))
        return clip(capacity[handler] - before, 0.0, effort)

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
                               self.handlers.delay(self.config.issues.bounce_days), HANDOFF)
        return ~handoff

    def abandon(self, book: IssueBook, day: int) -> dict:
        """Issues past their deadline (``issues.abandon_days``) are dropped: the resident gives up.

        Open issues are stored in the order they were raised, so the overdue ones are the first.

        Args:
            book: the open issues.
            day: today.

        Returns:
            The columns of the issues abandoned today.
        """
        c = book.cols
        overdue = int(c["raised"].searchsorted(day - self.config.issues.abandon_days, side="right"))
        levels = self.handlers.handler_level[c["handler"][:overdue]]
        return book.close_oldest(overdue, ABANDONED, day, levels)
