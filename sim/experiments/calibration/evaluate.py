"""Evaluate many parameter draws at once, in parallel on the experiment executors, in a fixed order.

Used by the screening, the quick search, the fit tables and (through :func:`in_order`) the prediction: each draw is a
:class:`~sim.experiments.calibration.simulate.DrawTask` sent to a
:class:`~sim.experiments.executors.LocalExecutor`; results come back in any order and are put back
in draw order, so the outcome does not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import TypeVar

from sim.experiments.calibration.simulate import draw_task, simulate_draw
from sim.experiments.calibration.spec import Calibration
from sim.experiments.executors import LocalExecutor

T = TypeVar("T")
R = TypeVar("R")


def evaluate(calibration: Calibration, draws: list[dict[str, float]], workers: int = 1,
             on_done: Callable[[int], None] | None = None) -> list[dict[str, float]]:
    """Simulate every draw; the simulated statistics of each, in draw order.

    Args:
        calibration: the checked calibration.
        draws: parameter values, one dict per draw.
        workers: worker processes (1: in this process).
        on_done: called with 1 after each finished draw (a progress bar's ``update``).

    Returns:
        ``{"period|outcome": value}`` per draw.
    """
    tasks = [draw_task(calibration, draw, i) for i, draw in enumerate(draws)]
    return in_order(simulate_draw, tasks, workers, on_done, runs_per_item=calibration.spec.seeds)


def in_order(run: Callable[[T], tuple[int, R]], tasks: list[T], workers: int = 1,
             on_done: Callable[[int], None] | None = None, runs_per_item: int = 1) -> list[R]:
    """Run ``tasks`` numbered 0..n-1 (``run`` returns each one's number and result), results in that order.

    Args:
        run: a picklable function of one task returning ``(number, result)``.
        tasks: the tasks, numbered by their position.
        workers: worker processes (1: in this process).
        on_done: called with 1 after each finished task.
        runs_per_item: model runs per task (the executor's batching hint).
    """
    results: dict[int, R] = {}
    with ExitStack() as stack:
        if workers <= 1 or len(tasks) <= 1:
            finished = map(run, tasks)
        else:
            finished = stack.enter_context(LocalExecutor(workers)).imap_unordered(run, tasks,
                                                                                 runs_per_item=runs_per_item)
        for index, result in finished:
            results[index] = result
            if on_done:
                on_done(1)
    return [results[i] for i in range(len(tasks))]
