"""Evaluations: one run of a package with a seed (and uncertain parameters), cached on disk as it finishes.

Every run's outcomes are written under the optimisation's folder as soon as a few have finished
(``evaluations/part-NNNNNN.parquet``, each written to a temporary name and renamed), keyed by the
package's lever values, the uncertain parameters and the seed.  A run whose key is already stored is
never run again: a killed search, replayed from its seed, takes every finished run from the store and
continues where it stopped.  Runs go to a :class:`~sim.experiments.executors.LocalExecutor` or
:class:`~sim.experiments.executors.DaskExecutor` (or run in this process), come back in any order
and are put back in request order, so the result does not depend on the number of workers.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.core.outcomes import OUTCOMES

_PART = re.compile(r"^part-(\d{6,})\.parquet$")
FLUSH_EVERY = 8
"""Finished runs held in memory before they are written (a kill loses at most these and those in flight)."""


def key_of(values: dict[str, float]) -> str:
    """The canonical text of lever values or parameters (sorted keys, floats as given)."""
    return json.dumps({k: float(v) for k, v in sorted(values.items())}, sort_keys=True)


@dataclass(frozen=True)
class RunRequest:
    """One run wanted: a package, uncertain parameters (may be empty) and a seed."""

    package: dict[str, float]
    params: dict[str, float]
    seed: int

    @property
    def key(self) -> tuple[str, str, int]:
        """Its key in the store."""
        return key_of(self.package), key_of(self.params), int(self.seed)


@dataclass(frozen=True)
class RunTask:
    """What a worker needs for one run: the scenario, its overrides, seed, days, and the request's key."""

    key: tuple[str, str, int]
    source: str
    overrides: dict[str, Any]
    seed: int
    steps: int


def run_task(task: RunTask) -> tuple[tuple[str, str, int], dict[str, float]]:
    """Run one package and return its key and every registry outcome of its summary (as floats)."""
    from sim.experiments.worker import flatten_summary
    from sim.runs import run_scenario

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        result = run_scenario(task.source, steps=task.steps, seed=task.seed, overrides=task.overrides, out_dir=None)
    flat = flatten_summary(result.summary)
    return task.key, {k: float(v) for k, v in flat.items() if k in OUTCOMES and isinstance(v, float)}


class EvaluationStore:
    """The folder of stored runs: read them all, append finished ones, consolidate into one file."""

    def __init__(self, root: Path):
        """Name the folder (``root/evaluations`` holds the parts, ``root/evaluations.parquet`` the whole)."""
        self.root = Path(root)
        self.parts = self.root / "evaluations"
        self.whole = self.root / "evaluations.parquet"

    def load(self) -> dict[tuple[str, str, int], dict[str, float]]:
        """Every stored run by key (leftovers of an interrupted write are removed first)."""
        self.parts.mkdir(parents=True, exist_ok=True)
        for tmp in self.parts.glob("*.tmp"):
            tmp.unlink()
        frames = [pd.read_parquet(p) for p in [self.whole, *self._paths()] if p.is_file()]
        found: dict[tuple[str, str, int], dict[str, float]] = {}
        for frame in frames:
            outcomes = [c for c in frame.columns if c not in ("package", "params", "seed")]
            for record in frame.to_dict("records"):
                found[(record["package"], record["params"], int(record["seed"]))] = {
                    k: record[k] for k in outcomes if not pd.isna(record[k])}
        return found

    def append(self, rows: list[tuple[tuple[str, str, int], dict[str, float]]]) -> None:
        """Write finished runs as one new part."""
        if not rows:
            return
        table = pd.DataFrame([{"package": k[0], "params": k[1], "seed": k[2], **v} for k, v in rows])
        n = max((int(m[1]) for m in map(_PART.match, os.listdir(self.parts)) if m), default=0) + 1
        _atomic_parquet(table, self.parts / f"part-{n:06d}.parquet")

    def consolidate(self) -> Path:
        """Write every run into ``evaluations.parquet`` and remove the parts it now holds."""
        found = self.load()
        parts = list(self._paths())
        table = pd.DataFrame([{"package": k[0], "params": k[1], "seed": k[2], **v} for k, v in found.items()])
        _atomic_parquet(table, self.whole)
        for part in parts:
            part.unlink()
        return self.whole

    def _paths(self) -> list[Path]:
        if not self.parts.is_dir():
            return []
        return sorted(self.parts / name for name in os.listdir(self.parts) if _PART.match(name))


def _atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    os.replace(tmp, path)


class Evaluator:
    """Runs packages through the store: cached runs are read, the others run on the executor.

    Args:
        source: the scenario file.
        steps: days per run.
        overrides: a function of (package, params) giving a run's scenario overrides.
        store: the evaluation store (already loaded into ``cache``).
        executor: an entered executor, or None to run in this process.
        on_run: called with 1 after each run that was simulated (a progress bar's ``update``).
    """

    def __init__(self, source: Path, steps: int, overrides: Callable[[dict, dict], dict], store: EvaluationStore,
                 executor: Any | None = None, on_run: Callable[[int], None] | None = None):
        """Load the store's runs into the cache."""
        self.source, self.steps, self.overrides = str(source), steps, overrides
        self.store, self.executor, self.on_run = store, executor, on_run
        self.cache = store.load()
        self.simulated = 0

    def run(self, requests: list[RunRequest]) -> list[dict[str, float]]:
        """The outcomes of every request, in request order (running only what the store lacks)."""
        todo: dict[tuple[str, str, int], RunTask] = {}
        for r in requests:
            if r.key not in self.cache and r.key not in todo:
                todo[r.key] = RunTask(r.key, self.source, self.overrides(r.package, r.params), r.seed, self.steps)
        if todo:
            tasks = list(todo.values())
            finished = (map(run_task, tasks) if self.executor is None
                        else self.executor.imap_unordered(run_task, tasks, 1))
            buffer = []
            for key, outcomes in finished:
                self.cache[key] = outcomes
                buffer.append((key, outcomes))
                self.simulated += 1
                if self.on_run:
                    self.on_run(1)
                if len(buffer) >= FLUSH_EVERY:
                    self.store.append(buffer)
                    buffer = []
            self.store.append(buffer)
        return [self.cache[r.key] for r in requests]

    def matrix(self, packages: list[dict[str, float]], seeds: tuple[int, ...], names: list[str],
               params: dict[str, float] | None = None) -> np.ndarray:
        """Outcomes as an array (package × seed × outcome); NaN where a run lacks an outcome."""
        requests = [RunRequest(p, params or {}, s) for p in packages for s in seeds]
        rows = self.run(requests)
        values = np.array([[row.get(n, np.nan) for n in names] for row in rows], dtype=float)
        return values.reshape(len(packages), len(seeds), len(names))
