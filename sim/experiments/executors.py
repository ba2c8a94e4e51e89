"""Executors: where batches of runs go — local worker processes or a Dask distributed cluster.

Both yield finished batches as they complete and keep only a few batches in flight, so neither
the task list nor the results pile up in memory however many runs an experiment has.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sim.experiments.spec import ExperimentError

PRELOAD = ["sim.experiments.worker", "sim.runs", "pandas", "numpy"]
"""Modules the fork server imports once, so each worker process starts in milliseconds."""

RECYCLE_RUNS = 100
"""A local worker process is replaced after about this many runs: models that are not freed
(Mesa 3.3 keeps every model alive) would otherwise make workers grow run after run."""


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit when the experiment process is gone (killed, even by SIGKILL)."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class LocalExecutor:
    """A pool of local worker processes (started from a fork server with the model preloaded)."""

    def __init__(self, workers: int | None = None):
        """Size the pool; the processes start with the first batch.

        Args:
            workers: worker processes (default: the cores this process may use).
        """
        self.workers = workers or default_workers()
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def description(self) -> str:
        """A short description for the manifest and the console."""
        return f"local processes ({self.workers})"

    def __enter__(self) -> LocalExecutor:
        """Nothing to start yet: the pool starts with the first batch."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Shut the pool down; after an error, pending batches are cancelled."""
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None

    def _start(self, runs_per_item: int) -> cf.ProcessPoolExecutor:
        context = mp.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_watch_parent,
            initargs=(os.getpid(),),
            max_tasks_per_child=max(1, RECYCLE_RUNS // runs_per_item),
        )
        return self._pool

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any], runs_per_item: int = 1) -> Iterator[Any]:
        """Apply ``fn`` to each item in the pool, yielding results as they finish.

        ``runs_per_item`` (the batch size) sets how many items a worker takes before it is
        replaced by a fresh one (see :data:`RECYCLE_RUNS`).
        """
        pool = self._pool or self._start(runs_per_item)
        pending: set[cf.Future] = set()
        items = iter(items)
        limit = 2 * self.workers
        while True:
            for item in items:
                pending.add(pool.submit(fn, item))
                if len(pending) >= limit:
                    break
            if not pending:
                return
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except cf.process.BrokenProcessPool:
                    raise RuntimeError(
                        "a worker process died (out of memory?); finished runs are saved, "
                        "run the same command again to resume"
                    ) from None


class DaskExecutor:
    """Batches sent to an existing Dask distributed cluster through its scheduler's address."""

    def __init__(self, address: str, timeout: float = 10.0):
        """Remember the scheduler; it is reached on entering the ``with`` block.

        Args:
            address: the scheduler's address (``tcp://HOST:PORT``).
            timeout: seconds to wait for it.
        """
        self.address = address
        self.timeout = timeout
        self._client = None

    @property
    def description(self) -> str:
        """A short description for the manifest and the console."""
        return f"dask scheduler {self.address}"

    def __enter__(self) -> DaskExecutor:
        """Connect to the scheduler.

        Raises:
            ExperimentError: no scheduler answers at the address.
        """
        from distributed import Client

        try:
            self._client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise ExperimentError(
                f"--scheduler {self.address}: cannot reach a Dask scheduler there ({err}); "
                f"give its address as tcp://HOST:PORT"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the connection to the scheduler."""
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers (at least one)."""
        info = self._client.scheduler_info() if self._client else {}
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any], runs_per_item: int = 1) -> Iterator[Any]:
        """Submit ``fn`` over the items to the cluster, yielding results as they finish.

        (``runs_per_item`` is not used: Dask manages its workers' lifetimes itself.)
        """
        from distributed import as_completed

        assert self._client is not None, "use the executor in a with block"
        items = iter(items)
        limit = 2 * self.workers
        first = [self._client.submit(fn, item, pure=False) for item in _take(items, limit)]
        if not first:
            return
        queue = as_completed(first, loop=self._client.loop)
        for future in queue:
            result = future.result()
            future.release()
            for item in _take(items, 1):
                queue.add(self._client.submit(fn, item, pure=False))
            yield result


def _take(items: Iterator[Any], n: int) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if len(out) >= n:
            break
    return out
