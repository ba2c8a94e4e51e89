"""Issues held in columns: the open ones, the record of closed ones, and every hop of their paths.

An issue is raised, queued at a handler, and then resolved, escalated, bounced sideways,
pushed back down, or handed on to the next department of a cross-departmental case; at its
deadline a hotline case is closed unresolved by the hotline and any other is abandoned (the
resident gives up).  Open issues live in compact columns (closed ones are removed each day);
closed issues and hops are appended to an ``IssueLog``, which keeps them in memory in
chunks or streams them to Parquet (:mod:`sim.core.issue_log`), so that no issue is ever a
Python object of its own.
"""

from __future__ import annotations

import numpy as np

from sim.core.levels import Level
from sim.scenario import LEVELS

OPEN, RESOLVED, ABANDONED, CLOSED_UNRESOLVED = 0, 1, 2, 3
STATE_NAMES = {OPEN: "open", RESOLVED: "resolved", ABANDONED: "abandoned", CLOSED_UNRESOLVED: "unresolved"}
"""Issue states: open; resolved; abandoned (the resident gave up); closed unresolved (the hotline
closed an overdue case it could not get solved)."""

# Hop actions recorded in an issue's path.
(RAISE, ESCALATE, BOUNCE, PUSHDOWN, HANDOFF, WHISTLE, GRIEVANCE, RESOLVE, ABANDON, ROUTE, CARRY,
 UNRESOLVE, SUPERVISE) = range(13)
ACTION_NAMES = ("raise", "escalate", "bounce", "pushdown", "handoff", "whistle", "grievance",
                "resolve", "abandon", "route", "carry", "close_unresolved", "supervise")
"""Hop actions.  ``pushdown`` is buck-passing under territorial duty (an issue beyond the
street's powers sent down to it); ``route`` sends an issue down to the level whose listed duty
it is (correct routing, e.g. a hotline call about a community matter); ``carry`` opens the record
of a case still open at the end of the warm-up, at the handler it was at on day 0;
``close_unresolved`` is the hotline closing an overdue case unresolved; ``supervise`` moves a
grievance still open up to the district or the city department that supervises it (督辦)."""
CLOSING_ACTION = np.array([RAISE, RESOLVE, ABANDON, UNRESOLVE], dtype=np.int8)
"""The hop action recorded when an issue closes, by state (open has none: never used)."""

NOT_YET = int(np.iinfo(np.int32).min)
"""The ``taken`` and ``responded`` of a case not yet taken up or answered: below every day of a run,
the warm-up's negative days included (a case taken up on day −1 of the warm-up is taken up)."""
OPEN_COLUMNS: dict[str, type] = {
    "id": np.int64,
    "resident": np.int32,
    "compound": np.int32,
    "domain": np.int8,
    "kind": np.int8,
    "required": np.int8,       # level whose authority the issue needs
    "severity": np.float32,
    "effort_left": np.float32,  # staff-hours still needed at the current handler
    "part_effort": np.float32,  # effort of one department's part (cross-departmental issues)
    "depts": np.uint32,        # bit mask of the department kinds the issue involves
    "primary": np.int8,        # the department kind that truly owns it
    "handler": np.int32,
    "arrive": np.int32,        # day the issue is at its handler
    "triaged": np.bool_,       # the handler has looked at it and kept it
    "joint": np.bool_,         # summoned departments work it together at the street (吹哨報到)
    "over_heads": np.bool_,    # became a grievance that went over heads
    "supervised": np.bool_,    # an upper level supervises it (督辦): worked at the head of the queue
    "raised": np.int32,
    "hops": np.int16,
    "escalations": np.int16,
    "bounces": np.int16,
    "pushdowns": np.int16,     # push-downs under territorial duty (not correct routing)
    "entry_level": np.int8,
    "channel": np.int8,        # how the resident reported it (residents.CHANNEL_*)
    "taken": np.int32,         # day a handler with the power first kept it (signed for it); NOT_YET if not yet
    "responded": np.int32,     # day the resident was first answered: called back (先行聯繫) or taken up; NOT_YET
    "earliest_close": np.int32,  # first day it may close: taken + its kind's lead_days
    "overdue": np.bool_,       # a hotline case past its time limit: the hotline presses for it (催辦)
}

CLOSED_COLUMNS = ("id", "resident", "compound", "domain", "kind", "required", "entry_level",
                  "raised", "hops", "escalations", "bounces", "pushdowns", "joint", "handler",
                  "channel", "taken", "responded")
"""Columns of the open issues that closing reads (for the log and the residents' feelings)."""
LOG_COLUMNS = ("id", "resident", "compound", "domain", "kind", "required", "entry_level",
               "raised", "closed", "state", "resolved_level", "hops", "escalations", "bounces",
               "pushdowns", "joint", "channel", "taken", "solved", "rating")
LOG_DTYPES = {name: OPEN_COLUMNS.get(name, np.int8) for name in LOG_COLUMNS} | {
    "closed": np.int32, "solved": np.bool_}
N_LEVELS = len(Level)
"""Handler levels, the length of the per-level counts."""
FLOW_SOURCES = ("raised", *LEVELS)
FLOW_TARGETS = (*LEVELS, "resolved", "abandoned", "unresolved")
"""Nodes of the flow (Sankey) diagram: where issues come from and where they go."""
HOP_DTYPES = {"issue": np.int64, "day": np.int32, "source": np.int32, "target": np.int32,
              "action": np.int8}


def name_positions(codes: np.ndarray, names) -> np.ndarray:
    """Where the name of each code of a coded column is in ``names``.

    A code is its name's position, except code -1 (no level yet, e.g. an open issue's
    ``resolved_level``), which is the last name (``"none"``).

    Args:
        codes: the column's codes.
        names: the column's names by code.

    Returns:
        Positions in ``names``, as int32.
    """
    return np.where(codes < 0, len(names) - 1, codes).astype(np.int32)


class IssueBook:
    """The open issues in columns, plus the running totals every outcome is computed from.

    Args:
        max_days: longest life of an issue (its abandonment deadline), for the days histogram.
        log: where closed issues and hops go (an :class:`~sim.core.issue_log.IssueLog`).
    """

    def __init__(self, max_days: int, log):
        """Start with no issues and every total at zero."""
        self.cols = {name: np.empty(0, dtype=t) for name, t in OPEN_COLUMNS.items()}
        self._none_closed = {name: self.cols[name] for name in CLOSED_COLUMNS}
        self.log = log
        self.next_id = 0
        self.raised = 0
        self.resolved = 0
        self.abandoned = 0
        self.unresolved = 0
        self.overdue = 0
        """Hotline cases that went past their time limit (worked first from then on)."""
        self.resolved_by_level = np.zeros(N_LEVELS, dtype=np.int64)
        self.days_histogram = np.zeros(max_days + 2, dtype=np.int64)
        self.escalations = 0
        self.bounces = 0
        self.pushdowns = 0
        self.hops = 0
        self.whistles = 0
        self.grievances = 0
        self.supervisions = 0
        """Climbs of supervised grievances (督辦), to the district and to the city."""
        self.supervised_cases = 0
        """Cases supervised at least once."""
        self.hours_worked = 0.0
        self.rater = None
        """Called as ``rater(closing, state, day)`` when issues close; the columns it returns
        (the resident's answers, ``solved`` and ``rating``) go into the log with them."""
        # Counts of the flow diagram's edges: entries by level, moves by (from, to) level pair,
        # and closings by level.
        self._entries = np.zeros(N_LEVELS, dtype=np.int64)
        self._moves = np.zeros(N_LEVELS * N_LEVELS, dtype=np.int64)
        self.abandoned_by_level = np.zeros(N_LEVELS, dtype=np.int64)
        self.unresolved_by_level = np.zeros(N_LEVELS, dtype=np.int64)

    def restart_counts(self, handler_level: np.ndarray) -> None:
        """Start the running totals afresh (the end of a warm-up), keeping the open issues.

        The open issues are counted as raised (and as entering the flow at their current level),
        so raised = resolved + open + abandoned + unresolved holds from the restart on.

        Args:
            handler_level: the level of every handler, to place the carried-over issues.
        """
        self.raised = len(self)
        self.resolved = self.abandoned = self.unresolved = self.overdue = 0
        self.escalations = self.bounces = self.pushdowns = self.hops = 0
        self.whistles = self.grievances = self.supervisions = self.supervised_cases = 0
        self.hours_worked = 0.0
        self.resolved_by_level[:] = 0
        self.days_histogram[:] = 0
        self._entries = np.bincount(handler_level[self.cols["handler"]], minlength=N_LEVELS).astype(np.int64)
        self._moves[:] = 0
        self.abandoned_by_level[:] = 0
        self.unresolved_by_level[:] = 0
        self.log.add_hops(self.cols["id"], 0, -1, self.cols["handler"], CARRY)

    def allow_days(self, max_days: int) -> None:
        """Make room in the days histogram for issues living up to ``max_days`` (a longer deadline)."""
        extra = max_days + 2 - len(self.days_histogram)
        if extra > 0:
            # the last bin holds the issues at or past the old deadline; none were older than it
            self.days_histogram = np.r_[self.days_histogram, np.zeros(extra, dtype=np.int64)]

    def __len__(self) -> int:
        """Open issues (raised and not yet closed)."""
        return len(self.cols["id"])

    @property
    def open_count(self) -> int:
        """Issues raised and not yet closed."""
        return len(self)

    @property
    def flow_matrix(self) -> np.ndarray:
        """Issues moved along each edge so far (rows ``FLOW_SOURCES``, columns ``FLOW_TARGETS``)."""
        out = np.zeros((len(FLOW_SOURCES), len(FLOW_TARGETS)), dtype=np.int64)
        out[0, :N_LEVELS] = self._entries
        out[1:, :N_LEVELS] = self._moves.reshape(N_LEVELS, N_LEVELS)
        out[1:, FLOW_TARGETS.index("resolved")] = self.resolved_by_level
        out[1:, FLOW_TARGETS.index("abandoned")] = self.abandoned_by_level
        out[1:, FLOW_TARGETS.index("unresolved")] = self.unresolved_by_level
        return out

    @property
    def flows(self) -> dict[tuple[str, str], int]:
        """Issues moved along each edge so far, by (source, target) node name (edges used only)."""
        matrix = self.flow_matrix
        return {(FLOW_SOURCES[i], FLOW_TARGETS[j]): int(matrix[i, j])
                for i, j in np.argwhere(matrix)}

    def count_entries(self, levels: np.ndarray) -> None:
        """Count new issues entering at ``levels`` (one per issue)."""
        self._entries += np.bincount(levels, minlength=N_LEVELS)

    def count_moves(self, source: np.ndarray, target: np.ndarray) -> None:
        """Count issues moving from the levels ``source`` to the levels ``target``."""
        self._moves += np.bincount(source * N_LEVELS + target, minlength=N_LEVELS * N_LEVELS)

    def add(self, new: dict) -> np.ndarray:
        """Open new issues; returns their ids.

        ``new`` holds the columns given for the new rows (arrays, or a number shared by all of
        them); the other columns start at zero.
        """
        n = len(new["resident"])
        ids = np.arange(self.next_id, self.next_id + n, dtype=np.int64)
        self.next_id += n
        self.raised += n
        cols = self.cols
        for name, t in OPEN_COLUMNS.items():
            old = cols[name]
            grown = np.empty(len(old) + n, dtype=t)
            grown[:len(old)] = old
            grown[len(old):] = ids if name == "id" else new.get(name, 0)
            cols[name] = grown
        return ids

    def open_rows(self) -> dict[str, np.ndarray]:
        """The open issues as rows of the issue log (one array per column of ``LOG_COLUMNS``).

        The rows are not closed (``closed`` -1), in state ``OPEN``, with no resolving level
        (``resolved_level`` -1).

        Returns:
            The columns, in the order of ``LOG_COLUMNS``.
        """
        n = len(self)
        not_closed = {"closed": np.full(n, -1, LOG_DTYPES["closed"]),
                      "state": np.full(n, OPEN, LOG_DTYPES["state"]),
                      "resolved_level": np.full(n, -1, LOG_DTYPES["resolved_level"]),
                      "solved": np.zeros(n, LOG_DTYPES["solved"]),
                      "rating": np.full(n, -1, LOG_DTYPES["rating"])}
        return {name: not_closed[name] if name in not_closed else self.cols[name]
                for name in LOG_COLUMNS}

    def close(self, rows: np.ndarray, state, day: int, levels: np.ndarray) -> dict:
        """Close the open issues at ``rows`` as resolved, abandoned or closed unresolved.

        Args:
            rows: positions of the closing issues among the open ones, in increasing order.
            state: ``RESOLVED``, ``ABANDONED`` or ``CLOSED_UNRESOLVED`` (one for all, or one per row).
            day: today.
            levels: level of each closing issue's handler (where it was resolved or dropped).

        Returns:
            The closed issues' columns (those of ``CLOSED_COLUMNS``).
        """
        if len(rows) == 0:
            return dict(self._none_closed)
        cols = self.cols
        closing = {name: cols[name][rows] for name in CLOSED_COLUMNS}
        keep = np.ones(len(self), dtype=bool)
        keep[rows] = False
        keep = keep.nonzero()[0]  # one index for all columns: cheaper than a mask each
        for name in OPEN_COLUMNS:
            cols[name] = cols[name][keep]
        return self._record(closing, state, day, levels)

    def close_oldest(self, count: int, state, day: int, levels: np.ndarray) -> dict:
        """Close the ``count`` oldest open issues, like :meth:`close`, without copying the issues that stay open.

        The oldest are the first rows: issues are stored in the order they were raised.
        """
        if count == 0:
            return dict(self._none_closed)
        cols = self.cols
        # copies: a view would keep the whole of today's columns alive in the log's buffer
        closing = {name: cols[name][:count].copy() for name in CLOSED_COLUMNS}
        for name in OPEN_COLUMNS:
            cols[name] = cols[name][count:]
        return self._record(closing, state, day, levels)

    def _record(self, closing: dict, state, day: int, levels: np.ndarray) -> dict:
        """Count closed issues in the running totals and append them to the log.

        ``state`` is one closed state for all of them or one per issue.
        """
        n = len(closing["id"])
        if n == 0:
            return closing
        state = np.broadcast_to(np.asarray(state, dtype=np.int8), n)
        resolved = state == RESOLVED
        by_state = np.bincount(state * N_LEVELS + levels, minlength=len(STATE_NAMES) * N_LEVELS
                               ).reshape(len(STATE_NAMES), N_LEVELS)
        self.resolved_by_level += by_state[RESOLVED]
        self.abandoned_by_level += by_state[ABANDONED]
        self.unresolved_by_level += by_state[CLOSED_UNRESOLVED]
        self.resolved += int(by_state[RESOLVED].sum())
        self.abandoned += int(by_state[ABANDONED].sum())
        self.unresolved += int(by_state[CLOSED_UNRESOLVED].sum())
        if resolved.any():
            days = (day - closing["raised"])[resolved]
            self.days_histogram += np.bincount(np.minimum(days, len(self.days_histogram) - 1),
                                               minlength=len(self.days_histogram))
        if self.rater is not None:
            closing.update(self.rater(closing, state, day))
        self.log.add_closed({
            "id": closing["id"], "resident": closing["resident"],
            "compound": closing["compound"], "domain": closing["domain"],
            "kind": closing["kind"], "required": closing["required"],
            "entry_level": closing["entry_level"], "raised": closing["raised"],
            "closed": day, "state": state,
            "resolved_level": np.where(resolved, levels, -1),
            "hops": closing["hops"], "escalations": closing["escalations"],
            "bounces": closing["bounces"], "pushdowns": closing["pushdowns"],
            "joint": closing["joint"], "channel": closing["channel"], "taken": closing["taken"],
            "solved": closing.get("solved", False), "rating": closing.get("rating", -1),
        })
        self.log.add_hops(closing["id"], day, closing["handler"], closing["handler"],
                          CLOSING_ACTION[state])
        return closing

    def percentile_days(self, *qs: float) -> list[float]:
        """Days to resolve at each quantile ``q`` (0–1) over all issues resolved so far (NaN if none are)."""
        cumulative = self.days_histogram.cumsum()
        total = cumulative[-1]
        if total == 0:
            return [float("nan")] * len(qs)
        return [float(d) for d in cumulative.searchsorted(np.array(qs) * total)]

