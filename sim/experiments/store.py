"""The result store: Parquet parts appended as batches finish, resume by run id, consolidation.

Layout of an experiment folder::

    manifest.json          what was run and how (written at the start, completed at the end)
    parts/ts-000001.parquet, parts/runs-000001.parquet, …   one pair per finished batch
    runs.parquet           one row per run (consolidated from the parts)
    timeseries.parquet     run id, step, kept outcomes (consolidated, streamed part by part)

A batch's time-series part is written first and its runs part last, each to a temporary name
and then renamed, so a runs part on disk means the whole batch is safe; a kill at any moment
loses at most the batches in flight.  On resume, leftovers of an interrupted write are removed
and the run ids found in runs parts are skipped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.experiments.spec import ExperimentError

ID_COLUMNS = ("run_id", "point", "replicate", "seed", "status", "error", "wall_time")
"""Columns every row of runs.parquet has before its factor values and outcomes."""

_PART = re.compile(r"^(runs|ts)-(\d{6,})\.parquet$")


class ResultStore:
    """An experiment folder: append finished batches, list finished runs, consolidate tables."""

    def __init__(self, root: str | Path):
        """Name the folder (nothing is read or created until :meth:`open`).

        Args:
            root: the experiment's result folder.
        """
        self.root = Path(root)
        self.parts = self.root / "parts"

    @property
    def manifest_path(self) -> Path:
        """Where the manifest lives."""
        return self.root / "manifest.json"

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest, or ``None`` for a folder that holds no experiment yet."""
        if not self.manifest_path.is_file():
            return None
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise ExperimentError(f"{self.manifest_path}: unreadable manifest: {err}") from None

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Write the manifest atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        _atomic_write_text(self.manifest_path, json.dumps(manifest, indent=2, default=str))

    def open(self, identity: str) -> None:
        """Prepare the folder for (re)running the experiment with this identity hash.

        Raises:
            ExperimentError: the folder holds results of a different experiment.
        """
        manifest = self.read_manifest()
        if manifest is not None and manifest.get("identity") != identity:
            raise ExperimentError(
                f"{self.root} holds results of a different experiment (or the experiment file, "
                f"its scenario or --set values changed since); choose another --out folder"
            )
        self.parts.mkdir(parents=True, exist_ok=True)
        for tmp in self.parts.glob("*.tmp"):
            tmp.unlink()
        runs = {n for kind, n in self._numbers() if kind == "runs"}
        for kind, n in self._numbers():
            if kind == "ts" and n not in runs:  # the batch died before its runs part was written
                self._part("ts", n).unlink()

    def finished(self) -> tuple[set[int], set[int]]:
        """Run ids already in the store: those that succeeded and those that only failed."""
        ok: set[int] = set()
        failed: set[int] = set()
        for path in self._paths("runs"):
            table = pq.read_table(path, columns=["run_id", "status"]).to_pandas()
            good = table["status"] == "ok"
            ok.update(table.loc[good, "run_id"].tolist())
            failed.update(table.loc[~good, "run_id"].tolist())
        return ok, failed - ok

    def append(self, rows: list[dict[str, Any]], timeseries: pd.DataFrame | None) -> None:
        """Write one finished batch: its time series first, then its runs (the commit mark)."""
        n = max((n for _, n in self._numbers()), default=0) + 1
        if timeseries is not None and len(timeseries):
            _atomic_parquet(pa.Table.from_pandas(timeseries, preserve_index=False), self._part("ts", n))
        _atomic_parquet(pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False), self._part("runs", n))

    def consolidate(self) -> tuple[Path, Path]:
        """Write runs.parquet and timeseries.parquet from the parts.

        runs.parquet is sorted by run id and keeps the last record of a retried run;
        timeseries.parquet is streamed part by part, so memory does not grow with the runs.

        Returns:
            The paths of the two files.
        """
        runs = self.load_runs(from_parts=True)
        runs_path = self.root / "runs.parquet"
        _atomic_parquet(pa.Table.from_pandas(runs, preserve_index=False), runs_path)
        ts_path = self.root / "timeseries.parquet"
        _stream_concat(list(self._paths("ts")), ts_path)
        return runs_path, ts_path

    def load_runs(self, *, from_parts: bool = False) -> pd.DataFrame:
        """All run rows, from runs.parquet or from the parts.

        The parts are read when asked, or when runs were added after the last consolidation (an
        interrupted session).
        """
        consolidated = self.root / "runs.parquet"
        newest_part = max((p.stat().st_mtime for p in self._paths("runs")), default=0.0)
        if consolidated.is_file() and not from_parts and consolidated.stat().st_mtime >= newest_part:
            return pd.read_parquet(consolidated)
        frames = [pd.read_parquet(p) for p in self._paths("runs")]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=list(ID_COLUMNS))
        runs = pd.concat(frames, ignore_index=True)
        runs = runs.drop_duplicates("run_id", keep="last").sort_values("run_id")
        return runs.reset_index(drop=True)

    def _numbers(self) -> Iterable[tuple[str, int]]:
        if not self.parts.is_dir():
            return []
        found = (_PART.match(p.name) for p in self.parts.iterdir())
        return sorted((m[1], int(m[2])) for m in found if m)

    def _paths(self, kind: str) -> Iterable[Path]:
        return (self._part(k, n) for k, n in self._numbers() if k == kind)

    def _part(self, kind: str, n: int) -> Path:
        return self.parts / f"{kind}-{n:06d}.parquet"


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _stream_concat(paths: list[Path], out: Path) -> None:
    """Concatenate Parquet files with one unified schema, holding one part in memory at a time."""
    tmp = out.with_name(out.name + ".tmp")
    schemas = [pq.read_schema(p) for p in paths]
    if not schemas:
        schema = pa.schema([("run_id", pa.int64()), ("step", pa.int64())])
        pq.write_table(schema.empty_table(), tmp)
        os.replace(tmp, out)
        return
    schema = pa.unify_schemas([s.remove_metadata() for s in schemas])
    with pq.ParquetWriter(tmp, schema) as writer:
        for path in paths:
            table = pq.read_table(path).replace_schema_metadata(None)
            for name in schema.names:
                if name not in table.column_names:
                    table = table.append_column(name, pa.nulls(len(table), schema.field(name).type))
            writer.write_table(table.select(schema.names).cast(schema))
    os.replace(tmp, out)
