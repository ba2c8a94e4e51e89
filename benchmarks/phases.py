"""Where the time of the daily step goes, measured from outside the model core.

:func:`instrument` wraps the methods the step calls, on one model instance, with timers; the core
itself holds no timing code.  :func:`profile_core` runs steps under cProfile and lists the
functions of ``sim/core`` (inclusive time) and the hottest entries overall (self time).
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from sim.core import metrics

PHASES: tuple[tuple[str, str, str], ...] = (
    ("staff hours (staffing.capacity)", "staffing", "capacity"),
    ("needs drift (live_a_day)", "residents", "live_a_day"),
    ("issues raised (draw_issues)", "residents", "draw_issues"),
    ("intake (routing.intake)", "routing", "intake"),
    ("grievances (routing.over_heads)", "routing", "over_heads"),
    ("triage (routing.triage)", "routing", "triage"),
    ("queues taken (queue_service.queues)", "queue_service", "queues"),
    ("work queues (queue_service.work)", "queue_service", "work"),
    ("deadlines (queue_service.abandon)", "queue_service", "abandon"),
    ("outcomes felt (feel_outcomes)", "residents", "feel_outcomes"),
    ("feelings settle (settle)", "residents", "settle"),
    ("weekly survey (_survey)", "", "_survey"),
    ("invariants", "", "_check_invariants"),
    ("datacollector.collect", "datacollector", "collect"),
)
"""(label, attribute of the model holding the method ("" = the model), method name)."""

METRICS_LABEL = "daily metrics (metrics.daily_outcomes)"
OTHER_LABEL = "rest of step"
ROOT = f"{Path(__file__).resolve().parents[1]}/"


def _timed(fn: Callable, totals: dict[str, float], label: str) -> Callable:
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    return wrapper


@contextmanager
def instrument(model):
    """Time the step's phases on ``model`` while inside the block; yields the totals (seconds).

    The dict also gets ``"step"`` (whole steps, when stepped through :func:`timed_step`) so that
    the rest of the step can be derived with :func:`phase_table`.
    """
    totals: dict[str, float] = defaultdict(float)
    patched = []
    for label, owner, name in PHASES:
        obj = getattr(model, owner) if owner else model
        patched.append((obj, name))
        setattr(obj, name, _timed(getattr(obj, name), totals, label))
    original_metrics = metrics.daily_outcomes
    metrics.daily_outcomes = _timed(original_metrics, totals, METRICS_LABEL)
    try:
        yield totals
    finally:
        metrics.daily_outcomes = original_metrics
        for obj, name in patched:
            delattr(obj, name)


def timed_step(model, totals: dict[str, float]) -> tuple[float, float]:
    """One step; adds its wall time to ``totals["step"]``; returns (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    model.step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    totals["step"] += wall
    return wall, cpu


def phase_table(totals: dict[str, float]) -> list[tuple[str, float]]:
    """(label, share of step time) for every phase and the rest, largest first."""
    step = totals.get("step", 0.0)
    if step <= 0:
        return []
    rows = [(label, totals.get(label, 0.0) / step) for label, _, _ in PHASES]
    rows.append((METRICS_LABEL, totals.get(METRICS_LABEL, 0.0) / step))
    rows.append((OTHER_LABEL, max(0.0, 1.0 - sum(share for _, share in rows))))
    return sorted(rows, key=lambda r: -r[1])


def profile_core(model, steps: int, top: int = 10) -> dict[str, list[tuple[str, float, float]]]:
    """Profile ``steps`` steps; returns the top ``sim/core`` functions by inclusive time and the
    top entries overall by self time, each as (function, calls per step, share of step time)."""
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(steps):
        model.step()
    prof.disable()
    st = pstats.Stats(prof).stats
    total = sum(v[2] for v in st.values())  # self times add up to the profiled time
    core, overall = [], []
    for (file, line, func), (_, calls, tottime, cumtime, _) in st.items():
        short = file.split("/site-packages/")[-1] if "/site-packages/" in file else file
        name = f"{short.removeprefix(ROOT)}:{line}({func})" if line else func
        if "/sim/core/" in file and func != "step":
            core.append((name, calls / steps, cumtime / total))
        overall.append((name, calls / steps, tottime / total))
    core.sort(key=lambda r: -r[2])
    overall.sort(key=lambda r: -r[2])
    return {"core_inclusive": core[:top], "self_time": overall[:top]}
