"""Running an experiment: plan the runs, skip finished ones, dispatch batches, store results.

``run_experiment`` is what ``python -m sim experiment`` calls.  The manifest is written before the
first run (so a folder always says what it holds) and completed at the end with timings.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from sim.experiments.designs import Design, build_design
from sim.experiments.seeds import run_seed
from sim.experiments.spec import REPO_DIR, SCENARIO_FACTOR, Experiment
from sim.experiments.store import ID_COLUMNS, ResultStore
from sim.experiments.worker import BatchResult, RunTask, run_batch
from sim.provenance import git_commit, package_versions


class Executor(Protocol):
    """What the runner needs from an executor (see :mod:`sim.experiments.executors`)."""

    workers: int
    description: str

    def __enter__(self) -> Executor:
        """Start the workers (or connect to them)."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Stop the workers (or disconnect)."""
        ...

    def imap_unordered(self, fn, items, runs_per_item: int) -> Iterator[Any]:
        """Apply ``fn`` to every item, yielding results as they finish (in any order)."""
        ...


@dataclass
class ExperimentTally:
    """How an experiment call ended: runs in the design, done before, run now, failed overall."""

    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    out_dir: Path


def plan_tasks(experiment: Experiment, design: Design) -> Iterator[tuple[RunTask, dict]]:
    """Every run of the experiment in run-id order, with its design-point record."""
    replicates = experiment.spec.replicates
    keep = tuple(experiment.keep) if experiment.keep is not None else None
    for point in range(design.size):
        values = design.overrides(point)
        source = experiment.scenario_for(values.get(SCENARIO_FACTOR))
        overrides = {
            **experiment.overrides,
            **{k: v for k, v in values.items() if k != SCENARIO_FACTOR},
        }
        for rep in range(replicates):
            run_id = point * replicates + rep
            seed = run_seed(experiment.spec.seed, point, rep, experiment.spec.seeding)
            run_overrides = {**overrides, "city.seed": seed} if experiment.spec.vary_city else overrides
            task = RunTask(run_id, str(source), run_overrides, seed, experiment.steps, keep, experiment.every)
            yield task, {"run_id": run_id, "point": point, "replicate": rep, "seed": seed, **values}


def batches(tasks: Iterator[RunTask], size: int) -> Iterator[list[RunTask]]:
    """Group tasks into lists of ``size``."""
    batch: list[RunTask] = []
    for task in tasks:
        batch.append(task)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def auto_batch_size(remaining: int, workers: int) -> int:
    """A batch size: about sixteen batches per worker, between 1 and 20 runs each.

    Sixteen per worker leaves little idle time while the last batches finish.
    """
    return max(1, min(20, math.ceil(remaining / (16 * workers))))


def run_experiment(
    experiment: Experiment,
    store: ResultStore,
    executor: Executor,
    *,
    batch_size: int | None = None,
    retry_failed: bool = False,
    progress: bool = True,
) -> ExperimentTally:
    """Run (or resume) an experiment into ``store`` with ``executor``; returns what happened.

    Args:
        experiment: the loaded experiment.
        store: the result folder (opened here; a folder of another experiment is refused).
        executor: where the batches run.
        batch_size: runs per batch (default: :func:`auto_batch_size`).
        retry_failed: run again the runs that failed before (otherwise they count as done).
        progress: show a progress bar on stderr.

    Returns:
        The runs in the design, those done before, those run now, failed ones, seconds, folder.
    """
    design = build_design(experiment)
    identity = experiment.identity()
    store.open(identity)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = store.read_manifest() or base_manifest(experiment, design, identity)
    manifest.setdefault("sessions", []).append({"started": started, "executor": None})
    store.write_manifest(manifest)

    total = design.size * experiment.spec.replicates
    ok, failed_ids = store.finished()
    done = ok if retry_failed else ok | failed_ids
    remaining = total - sum(1 for i in done if 0 <= i < total)
    todo = (task for task, _ in plan_tasks(experiment, design) if task.run_id not in done)
    t0 = time.perf_counter()
    size = 0
    if remaining:
        with executor:
            manifest["sessions"][-1]["executor"] = executor.description
            size = batch_size or auto_batch_size(remaining, executor.workers)
            bar = tqdm(total=total, initial=total - remaining, unit="run", desc=experiment.name,
                       disable=not progress, dynamic_ncols=True, file=sys.stderr)
            with bar:
                _dispatch(executor, batches(todo, size), size, store, design, experiment.spec.replicates, bar,
                          failed_before=0 if retry_failed else len(failed_ids))
    seconds = time.perf_counter() - t0
    store.consolidate()
    failed = _complete_manifest(manifest, store, runs=remaining, seconds=seconds, batch_size=size)
    return ExperimentTally(total, total - remaining, remaining, failed, seconds, store.root)


def _dispatch(executor: Executor, work: Iterator[list[RunTask]], size: int, store: ResultStore, design: Design,
              replicates: int, bar: tqdm, failed_before: int) -> None:
    """Send the batches to the executor and store each as it comes back, counting failures on the bar."""
    bar.set_postfix(failed=failed_before)
    failed_now = 0
    for result in executor.imap_unordered(run_batch, work, size):
        store.append(_rows(result, design, replicates), result.timeseries)
        failed_now += sum(r["status"] != "ok" for r in result.rows)
        bar.update(len(result.rows))
        bar.set_postfix(failed=failed_before + failed_now)


def _complete_manifest(manifest: dict[str, Any], store: ResultStore, *, runs: int, seconds: float,
                       batch_size: int) -> int:
    """Close this session in the manifest, record every run's seed and wall time, and write it.

    Returns:
        The number of failed runs in the folder.
    """
    table = store.load_runs()
    failed = int((table["status"] != "ok").sum())
    manifest["sessions"][-1].update(
        ended=datetime.now(UTC).isoformat(timespec="seconds"),
        runs=runs,
        seconds=round(seconds, 3),
        batch_size=batch_size,
    )
    manifest.update(
        finished_runs=len(table),
        failed_runs=failed,
        wall_time={str(int(i)): round(float(w), 4) for i, w in zip(table["run_id"], table["wall_time"], strict=True)},
        run_seeds={str(int(i)): int(s) for i, s in zip(table["run_id"], table["seed"], strict=True)},
    )
    store.write_manifest(manifest)
    return failed


def _rows(result: BatchResult, design: Design, replicates: int) -> list[dict[str, Any]]:
    """Put each run's ids and factor values first; outcomes clashing with them are dropped."""
    rows = []
    for row in result.rows:
        point, replicate = divmod(row["run_id"], replicates)
        record = {
            "run_id": row["run_id"],
            "point": point,
            "replicate": replicate,
            "seed": row["seed"],
            **design.overrides(point),
            "status": row["status"],
            "error": row["error"],
            "wall_time": row["wall_time"],
        }
        record.update({k: v for k, v in row.items() if k not in record})
        rows.append(record)
    return rows


def base_manifest(experiment: Experiment, design: Design, identity: str) -> dict[str, Any]:
    """What the manifest records before any run: file, design, seeds, versions, commit."""
    spec = experiment.spec
    return {
        "kind": "experiment",
        "name": experiment.name,
        "description": spec.description,
        "identity": identity,
        "experiment_file": str(experiment.source) if experiment.source else None,
        "experiment_text": experiment.source.read_text(encoding="utf-8") if experiment.source else None,
        "spec": spec.model_dump(mode="json"),
        "base_scenario": _shown(experiment.base),
        "scenarios": {k: _shown(v) for k, v in experiment.scenario_paths.items()},
        "overrides": experiment.overrides,
        "steps": experiment.steps,
        "replicates": spec.replicates,
        "experiment_seed": spec.seed,
        "seeding": spec.seeding,
        "vary_city": spec.vary_city,
        "design": {
            "kind": design.kind,
            "factors": list(experiment.factors),
            "problem": design.problem,
            "points": design.to_records(),
        },
        "runs": design.size * spec.replicates,
        "id_columns": list(ID_COLUMNS),
        "keep": experiment.keep,
        "every": experiment.every,
        "versions": package_versions(),
        "git": git_commit(),
    }


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_DIR))
    except ValueError:
        return str(path)
