"""Evaluate many parameter draws at once, in parallel on the experiment executors, in a fixed order.

Used by the screening, the quick search and the fit tables: each draw is a
:class:`~sim.experiments.calibration.simulate.DrawTask` sent to a
:class:`~sim.experiments.executors.LocalExecutor`; results come back in any order and are put back
in draw order, so the outcome does not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.experiments.calibration.simulate import draw_task, simulate_draw
from sim.experiments.calibration.spec import Calibration
from sim.experiments.executors import LocalExecutor


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
    results: dict[int, dict[str, float]] = {}
    if workers <= 1 or len(tasks) <= 1:
        finished = map(simulate_draw, tasks)
        for index, stats in finished:
            results[index] = stats
            if on_done:
                on_done(1)
    else:
        with LocalExecutor(workers) as executor:
            for index, stats in executor.imap_unordered(simulate_draw, tasks, runs_per_item=calibration.spec.seeds):
                results[index] = stats
                if on_done:
                    on_done(1)
    return [results[i] for i in range(len(tasks))]
