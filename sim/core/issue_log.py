"""The record of closed issues and of every hop of their paths, in memory or streamed to Parquet.

Closed issues and hops are appended here in chunks of columns (never one Python object per
issue); a large run streams them to ``issues.parquet`` and ``paths.parquet`` from a writer thread
of its own, with the coded columns named.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from sim.core.issues import ACTION_NAMES, HOP_DTYPES, LOG_DTYPES, name_positions


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
