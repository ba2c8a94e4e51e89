"""Issues held in columns: the open ones, the record of closed ones, and every hop of their paths.

An issue is raised, queued at a handler, and then resolved, escalated, bounced sideways,
pushed back down, handed on to the next department of a cross-departmental case, or abandoned
after its deadline.  Open issues live in compact columns (closed ones are removed each day);
closed issues and hops are appended to a :class:`IssueLog`, which keeps them in memory in
chunks or streams them to Parquet, so that no issue is ever a Python object of its own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OPEN, RESOLVED, ABANDONED = 0, 1, 2
STATE_NAMES = {OPEN: "open", RESOLVED: "resolved", ABANDONED: "abandoned"}

# Hop actions recorded in an issue's path.
RAISE, ESCALATE, BOUNCE, PUSHDOWN, HANDOFF, WHISTLE, GRIEVANCE, RESOLVE, ABANDON, ROUTE = range(10)
ACTION_NAMES = ("raise", "escalate", "bounce", "pushdown", "handoff", "whistle", "grievance",
                "resolve", "abandon", "route")
"""Hop actions.  ``pushdown`` is buck-passing under territorial duty (an issue beyond the
street's powers sent down to it); ``route`` sends an issue down to the level whose listed duty
it is (correct routing, e.g. a hotline call about a community matter)."""

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
}

LOG_COLUMNS = ("id", "resident", "compound", "domain", "kind", "required", "entry_level",
               "raised", "closed", "state", "resolved_level", "hops", "escalations", "bounces",
               "pushdowns", "joint")
HOP_COLUMNS = ("issue", "day", "source", "target", "action")


class IssueLog:
    """Where closed issues and hops go: memory chunks, or Parquet files written in chunks.

    Args:
        keep_paths: record every hop (True) or only the closed issues (False).
        out_dir: if given, stream ``issues.parquet`` and ``paths.parquet`` there instead of
            holding the rows in memory.
        flush_rows: rows buffered before a chunk is written.
    """

    def __init__(self, keep_paths: bool = True, out_dir: Path | None = None,
                 flush_rows: int = 1_000_000):
        self.keep_paths = keep_paths
        self.out_dir = Path(out_dir) if out_dir else None
        self.flush_rows = flush_rows
        self._chunks: dict[str, list[dict[str, np.ndarray]]] = {"issues": [], "paths": []}
        self._buffered = {"issues": 0, "paths": 0}
        self._writers: dict = {}
        self.namer = None  # optional: turns codes into names in the issues table written out

    def add_closed(self, rows: dict[str, np.ndarray]) -> None:
        """Append closed issues (one array per column of ``LOG_COLUMNS``)."""
        self._add("issues", rows)

    def add_hops(self, issue, day, source, target, action) -> None:
        """Append hops (arrays of equal length, or scalars broadcast to them)."""
        if not self.keep_paths:
            return
        n = len(issue)
        if n == 0:
            return

        def column(value, dtype):
            return np.full(n, value, dtype) if np.ndim(value) == 0 else np.asarray(value, dtype)

        self._add("paths", {
            "issue": np.asarray(issue, dtype=np.int64), "day": column(day, np.int32),
            "source": column(source, np.int32), "target": column(target, np.int32),
            "action": column(action, np.int8),
        })

    def _add(self, table: str, rows: dict[str, np.ndarray]) -> None:
        first = next(iter(rows.values()))
        if len(first) == 0:
            return
        self._chunks[table].append(rows)
        self._buffered[table] += len(first)
        if self.out_dir is not None and self._buffered[table] >= self.flush_rows:
            self._flush(table)

    def _frame(self, table: str) -> pd.DataFrame:
        chunks = self._chunks[table]
        columns = LOG_COLUMNS if table == "issues" else HOP_COLUMNS
        if not chunks:
            return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        return pd.DataFrame({c: np.concatenate([ch[c] for ch in chunks]) for c in columns})

    def _flush(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = self._frame(table)
        self._chunks[table].clear()
        self._buffered[table] = 0
        if frame.empty and table in self._writers:
            return
        if table == "issues" and self.namer is not None:
            frame = self.namer(frame)
        if table == "paths":
            frame["action"] = np.array(ACTION_NAMES)[frame["action"].astype(int)]
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        if table not in self._writers:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._writers[table] = pq.ParquetWriter(self.out_dir / f"{table}.parquet.part",
                                                    arrow.schema)
        self._writers[table].write_table(arrow)

    def frame(self, table: str) -> pd.DataFrame:
        """Rows held in memory (all of them unless streaming to Parquet)."""
        return self._frame(table)

    def close(self) -> list[Path]:
        """Finish the Parquet files (when streaming); returns the files written."""
        if self.out_dir is None:
            return []
        written = []
        for table in ("issues", "paths"):
            if table == "paths" and not self.keep_paths:
                continue
            self._flush(table)
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
        self.cols = {name: np.empty(0, dtype=t) for name, t in OPEN_COLUMNS.items()}
        self.log = log
        self.next_id = 0
        self.raised = 0
        self.resolved = 0
        self.abandoned = 0
        self.resolved_by_level = np.zeros(4, dtype=np.int64)
        self.days_histogram = np.zeros(max_days + 2, dtype=np.int64)
        self.escalations = 0
        self.bounces = 0
        self.pushdowns = 0
        self.hops = 0
        self.whistles = 0
        self.grievances = 0
        self.hours_worked = 0.0
        self.flows: dict[tuple[str, str], int] = {}

    def __len__(self) -> int:
        return len(self.cols["id"])

    @property
    def open_count(self) -> int:
        """Issues raised and not yet closed."""
        return len(self)

    def flow(self, source: str, target: str, count: int) -> None:
        """Count issues moving along one edge of the flow diagram."""
        if count:
            self.flows[(source, target)] = self.flows.get((source, target), 0) + int(count)

    def add(self, new: dict[str, np.ndarray]) -> np.ndarray:
        """Open new issues (columns given for the new rows; the rest start at zero); returns ids."""
        n = len(new["resident"])
        ids = np.arange(self.next_id, self.next_id + n, dtype=np.int64)
        self.next_id += n
        self.raised += n
        rows = {}
        for name, t in OPEN_COLUMNS.items():
            rows[name] = (ids if name == "id" else
                          np.asarray(new[name], dtype=t) if name in new else np.zeros(n, dtype=t))
        for name in self.cols:
            self.cols[name] = np.concatenate([self.cols[name], rows[name]])
        return ids

    def close(self, mask: np.ndarray, state: int, day: int, levels: np.ndarray) -> dict:
        """Close the issues under ``mask`` as resolved or abandoned; returns their columns.

        Args:
            mask: which open issues close.
            state: ``RESOLVED`` or ``ABANDONED``.
            day: today.
            levels: level of each closing issue's handler (where it was resolved or dropped).
        """
        closing = {name: col[mask] for name, col in self.cols.items()}
        n = len(closing["id"])
        if n == 0:
            return closing
        days = day - closing["raised"]
        if state == RESOLVED:
            self.resolved += n
            self.resolved_by_level += np.bincount(levels, minlength=4)
            self.days_histogram += np.bincount(np.minimum(days, len(self.days_histogram) - 1),
                                               minlength=len(self.days_histogram))
        else:
            self.abandoned += n
        self.log.add_closed({
            "id": closing["id"], "resident": closing["resident"],
            "compound": closing["compound"], "domain": closing["domain"],
            "kind": closing["kind"], "required": closing["required"],
            "entry_level": closing["entry_level"], "raised": closing["raised"],
            "closed": np.full(n, day, np.int32), "state": np.full(n, state, np.int8),
            "resolved_level": (levels.astype(np.int8) if state == RESOLVED
                               else np.full(n, -1, np.int8)),
            "hops": closing["hops"], "escalations": closing["escalations"],
            "bounces": closing["bounces"], "pushdowns": closing["pushdowns"],
            "joint": closing["joint"],
        })
        self.log.add_hops(closing["id"], day, closing["handler"], closing["handler"],
                          RESOLVE if state == RESOLVED else ABANDON)
        keep = ~mask
        for name in self.cols:
            self.cols[name] = self.cols[name][keep]
        return closing

    def percentile_days(self, q: float) -> float:
        """Days to resolve at quantile ``q`` (0–1) over all issues resolved so far (NaN if none)."""
        total = self.days_histogram.sum()
        if total == 0:
            return float("nan")
        return float(np.searchsorted(np.cumsum(self.days_histogram), q * total))

