"""Issues held in columns: the open ones, the record of closed ones, and every hop of their paths.

An issue is raised, queued at a handler, and then resolved, escalated, bounced sideways,
pushed back down, handed on to the next department of a cross-departmental case, or abandoned
after its deadline.  Open issues live in compact columns (closed ones are removed each day);
closed issues and hops are appended to a :class:`IssueLog`, which keeps them in memory in
chunks or streams them to Parquet, so that no issue is ever a Python object of its own.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from sim.core.levels import Level
from sim.scenario import LEVELS

OPEN, RESOLVED, ABANDONED = 0, 1, 2
STATE_NAMES = {OPEN: "open", RESOLVED: "resolved", ABANDONED: "abandoned"}

# Hop actions recorded in an issue's path.
RAISE, ESCALATE, BOUNCE, PUSHDOWN, HANDOFF, WHISTLE, GRIEVANCE, RESOLVE, ABANDON, ROUTE, CARRY = range(11)
ACTION_NAMES = ("raise", "escalate", "bounce", "pushdown", "handoff", "whistle", "grievance",
                "resolve", "abandon", "route", "carry")
"""Hop actions.  ``pushdown`` is buck-passing under territorial duty (an issue beyond the
street's powers sent down to it); ``route`` sends an issue down to the level whose listed duty
it is (correct routing, e.g. a hotline call about a community matter); ``carry`` opens the record
of a case still open at the end of the warm-up, at the handler it was at on day 0."""

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
    "raised": np.int32,
    "hops": np.int16,
    "escalations": np.int16,
    "bounces": np.int16,
    "pushdowns": np.int16,     # push-downs under territorial duty (not correct routing)
    "entry_level": np.int8,
    "channel": np.int8,        # how the resident reported it (residents.CHANNEL_*)
    "taken": np.int32,         # day a handler with the power first kept it (signed for it); -1 not yet
}

CLOSED_COLUMNS = ("id", "resident", "compound", "domain", "kind", "required", "entry_level",
                  "raised", "hops", "escalations", "bounces", "pushdowns", "joint", "handler",
                  "channel", "taken")
"""Columns of the open issues that closing reads (for the log and the residents' feelings)."""
LOG_COLUMNS = ("id", "resident", "compound", "domain", "kind", "required", "entry_level",
               "raised", "closed", "state", "resolved_level", "hops", "escalations", "bounces",
               "pushdowns", "joint", "channel", "taken", "solved", "rating")
LOG_DTYPES = {name: OPEN_COLUMNS.get(name, np.int8) for name in LOG_COLUMNS} | {
    "closed": np.int32, "solved": np.bool_}
N_LEVELS = len(Level)
"""Handler levels, the length of the per-level counts."""
FLOW_SOURCES = ("raised", *LEVELS)
FLOW_TARGETS = (*LEVELS, "resolved", "abandoned")
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


class IssueLog:
    """Where closed issues and hops go: memory chunks, or Parquet files written in chunks.

    Args:
        keep_paths: record every hop (True) or only the closed issues (False).
        out_dir: if given, stream ``issues.parquet`` and ``paths.parquet`` there instead of
            holding the rows in memory.
        flush_rows: rows buffered before a chunk is written.
        labels: names of the codes in coded columns (column → names; code ``-1`` is the last
            name), written out in place of the codes.  ``action`` is always named.
    """

    def __init__(self, keep_paths: bool = True, out_dir: Path | None = None,
                 flush_rows: int = 1_000_000, labels: dict[str, list[str]] | None = None):
        """Start an empty log."""
        self.keep_paths = keep_paths
        self.out_dir = Path(out_dir) if out_dir else None
        self.flush_rows = flush_rows
        self.labels = {"action": list(ACTION_NAMES), **(labels or {})}
        self._chunks: dict[str, list[tuple[int, dict]]] = {"issues": [], "paths": []}
        self._buffered = {"issues": 0, "paths": 0}
        self._writers: dict = {}
        self.paused = False
        """While True (a warm-up) nothing is logged."""
        self._writer_thread: ThreadPoolExecutor | None = None
        self._pending: list[Future] = []

    def add_closed(self, rows: dict) -> None:
        """Append closed issues: one array per column of ``LOG_COLUMNS``, or a number shared by all of them."""
        if not self.paused:
            self._add("issues", len(rows["id"]), rows)

    def add_hops(self, issue, day, source, target, action) -> None:
        """Append hops (arrays of equal length, or numbers shared by all of them)."""
        if self.keep_paths and not self.paused:
            self._add("paths", len(issue), {"issue": issue, "day": day, "source": source,
                                            "target": target, "action": action})

    def _add(self, table: str, n: int, rows: dict) -> None:
        """Buffer rows as given; numbers are spread over the rows only when a chunk is read."""
        if n == 0:
            return
        self._chunks[table].append((n, rows))
        self._buffered[table] += n
        if self.out_dir is not None and self._buffered[table] >= self.flush_rows:
            self._flush(table)

    def _columns(self, table: str) -> dict[str, np.ndarray]:
        dtypes = LOG_DTYPES if table == "issues" else HOP_DTYPES
        chunks = self._chunks[table]
        return {c: np.concatenate([np.broadcast_to(np.asarray(rows[c], t), n) for n, rows in chunks])
                if chunks else np.empty(0, t) for c, t in dtypes.items()}

    def _arrow(self, columns: dict[str, np.ndarray]):
        """The rows as an Arrow table: codes named, ``closed`` null while open, and the pandas metadata.

        The metadata makes ``pandas.read_parquet`` give back the same dtypes.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        arrays, empty = [], {}
        for name, values in columns.items():
            if name in self.labels:
                names = self.labels[name]
                arrays.append(pc.take(pa.array(names, pa.large_string()),
                                      name_positions(values, names)))
                empty[name] = pd.Series([], dtype="str")
            elif name == "closed":
                arrays.append(pa.array(values, mask=values < 0))
                empty[name] = pd.Series([], dtype="Int32")
            else:
                arrays.append(pa.array(values))
                empty[name] = pd.Series([], dtype=values.dtype)
        meta = pa.Schema.from_pandas(pd.DataFrame(empty), preserve_index=False).metadata
        return pa.Table.from_arrays(arrays, names=list(columns)).replace_schema_metadata(meta)

    def _flush(self, table: str) -> None:
        """Hand the buffered rows of ``table`` to the writer thread.

        Encoding and compressing a chunk takes about as long as several simulated days of a
        large city; pyarrow releases the GIL while it does so, so a thread of its own writes the
        chunks (in order) while the simulation goes on.
        """
        columns = self._columns(table)
        self._chunks[table].clear()
        self._buffered[table] = 0
        if self._writer_thread is None:
            self._writer_thread = ThreadPoolExecutor(1, thread_name_prefix="issue-log")
        for done in [f for f in self._pending if f.done()]:
            done.result()  # a failed write is raised here, not lost
            self._pending.remove(done)
        self._pending.append(self._writer_thread.submit(self._write, table, columns))

    def _write(self, table: str, columns: dict[str, np.ndarray]) -> None:
        import pyarrow.parquet as pq

        if len(columns["issue" if table == "paths" else "id"]) == 0 and table in self._writers:
            return
        arrow = self._arrow(columns)
        if table not in self._writers:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._writers[table] = pq.ParquetWriter(self.out_dir / f"{table}.parquet.part",
                                                    arrow.schema)
        self._writers[table].write_table(arrow)

    def frame(self, table: str) -> pd.DataFrame:
        """Rows held in memory, with codes (all of them unless streaming to Parquet)."""
        return pd.DataFrame(self._columns(table))

    def close(self) -> list[Path]:
        """Finish the Parquet files (when streaming); returns the files written."""
        if self.out_dir is None:
            return []
        tables = ("issues", "paths") if self.keep_paths else ("issues",)
        for table in tables:
            self._flush(table)
        for pending in self._pending:
            pending.result()
        self._pending.clear()
        self._writer_thread.shutdown()
        self._writer_thread = None
        written = []
        for table in tables:
            self._writers.pop(table).close()
            (self.out_dir / f"{table}.parquet.part").replace(self.out_dir / f"{table}.parquet")
            written.append(self.out_dir / f"{table}.parquet")
        return written


class IssueBook:
    """The open issues in columns, plus the running totals every outcome is computed from.

    Args:
        max_days: longest life of an issue (its abandonment deadline), for the days histogram.
        log: where closed issues and hops go.
    """

    def __init__(self, max_days: int, log: IssueLog):
        """Start with no issues and every total at zero."""
        self.cols = {name: np.empty(0, dtype=t) for name, t in OPEN_COLUMNS.items()}
        self._none_closed = {name: self.cols[name] for name in CLOSED_COLUMNS}
        self.log = log
        self.next_id = 0
        self.raised = 0
        self.resolved = 0
        self.abandoned = 0
        self.resolved_by_level = np.zeros(N_LEVELS, dtype=np.int64)
        self.days_histogram = np.zeros(max_days + 2, dtype=np.int64)
        self.escalations = 0
        self.bounces = 0
        self.pushdowns = 0
        self.hops = 0
        self.whistles = 0
        self.grievances = 0
        self.hours_worked = 0.0
        self.rater = None
        """Called as ``rater(closing, state, day)`` when issues close; the columns it returns
        (the resident's answers, ``solved`` and ``rating``) go into the log with them."""
        # Counts of the flow diagram's edges: entries by level, moves by (from, to) level pair,
        # and closings by level.
        self._entries = np.zeros(N_LEVELS, dtype=np.int64)
        self._moves = np.zeros(N_LEVELS * N_LEVELS, dtype=np.int64)
        self._abandoned_by_level = np.zeros(N_LEVELS, dtype=np.int64)

    def restart_counts(self, handler_level: np.ndarray) -> None:
        """Start the running totals afresh (the end of a warm-up), keeping the open issues.

        The open issues are counted as raised (and as entering the flow at their current level),
        so raised = resolved + open + abandoned holds from the restart on.

        Args:
            handler_level: the level of every handler, to place the carried-over issues.
        """
        self.raised = len(self)
        self.resolved = self.abandoned = 0
        self.escalations = self.bounces = self.pushdowns = self.hops = 0
        self.whistles = self.grievances = 0
        self.hours_worked = 0.0
        self.resolved_by_level[:] = 0
        self.days_histogram[:] = 0
        self._entries = np.bincount(handler_level[self.cols["handler"]], minlength=N_LEVELS).astype(np.int64)
        self._moves[:] = 0
        self._abandoned_by_level[:] = 0
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
        out[1:, FLOW_TARGETS.index("abandoned")] = self._abandoned_by_level
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

    def close(self, rows: np.ndarray, state: int, day: int, levels: np.ndarray) -> dict:
        """Close the open issues at ``rows`` as resolved or abandoned.

        Args:
            rows: positions of the closing issues among the open ones, in increasing order.
            state: ``RESOLVED`` or ``ABANDONED``.
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

    def close_oldest(self, count: int, state: int, day: int, levels: np.ndarray) -> dict:
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

    def _record(self, closing: dict, state: int, day: int, levels: np.ndarray) -> dict:
        """Count closed issues in the running totals and append them to the log."""
        n = len(closing["id"])
        if n == 0:
            return closing
        days = day - closing["raised"]
        by_level = np.bincount(levels, minlength=N_LEVELS)
        if state == RESOLVED:
            self.resolved += n
            self.resolved_by_level += by_level
            self.days_histogram += np.bincount(np.minimum(days, len(self.days_histogram) - 1),
                                               minlength=len(self.days_histogram))
        else:
            self.abandoned += n
            self._abandoned_by_level += by_level
        if self.rater is not None:
            closing.update(self.rater(closing, state, day))
        self.log.add_closed({
            "id": closing["id"], "resident": closing["resident"],
            "compound": closing["compound"], "domain": closing["domain"],
            "kind": closing["kind"], "required": closing["required"],
            "entry_level": closing["entry_level"], "raised": closing["raised"],
            "closed": day, "state": state,
            "resolved_level": levels if state == RESOLVED else -1,
            "hops": closing["hops"], "escalations": closing["escalations"],
            "bounces": closing["bounces"], "pushdowns": closing["pushdowns"],
            "joint": closing["joint"], "channel": closing["channel"], "taken": closing["taken"],
            "solved": closing.get("solved", False), "rating": closing.get("rating", -1),
        })
        self.log.add_hops(closing["id"], day, closing["handler"], closing["handler"],
                          RESOLVE if state == RESOLVED else ABANDON)
        return closing

    def percentile_days(self, *qs: float) -> list[float]:
        """Days to resolve at each quantile ``q`` (0–1) over all issues resolved so far (NaN if none are)."""
        cumulative = self.days_histogram.cumsum()
        total = cumulative[-1]
        if total == 0:
            return [float("nan")] * len(qs)
        return [float(d) for d in cumulative.searchsorted(np.array(qs) * total)]

