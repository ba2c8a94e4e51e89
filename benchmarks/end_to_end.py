"""Runs as a user makes them: ``python -m sim run SCENARIO`` in a process of its own, timed from outside.

The time covers everything the user waits for (start-up, building the city, the days, writing the
outputs); the peak memory is that process's own maximum resident set size (``os.wait4``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class EndToEnd:
    """One command's wall time, CPU time (user + system) and peak memory."""

    wall: float
    cpu: float
    peak_gib: float


def _command(scenario: str, out: str, steps: int | None) -> list[str]:
    cmd = [sys.executable, "-m", "sim", "run", scenario, "--quiet", "--out", out]
    return cmd + (["--steps", str(steps)] if steps else [])


def run_cli(scenario: str, steps: int | None = None) -> EndToEnd:
    """Time ``python -m sim run SCENARIO [--steps N]`` end to end (outputs to a temporary folder)."""
    return run_parallel(scenario, 1, steps)[0]


def run_parallel(scenario: str, copies: int, steps: int | None = None) -> list[EndToEnd]:
    """Start ``copies`` runs of a scenario at once (as a calibration's workers do) and time each.

    Each copy's wall time runs from the common start until it was collected (copies are collected
    in order, so the last copy's is the time until all had ended).

    Raises:
        RuntimeError: a run failed (its error output is quoted).
    """
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        start = time.perf_counter()
        for k in range(copies):
            err = open(Path(tmp) / f"stderr{k}", "w+", encoding="utf-8")  # noqa: SIM115 - closed below
            out = str(Path(tmp) / f"out{k}")
            procs.append(
                (subprocess.Popen(_command(scenario, out, steps), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err), err)
            )
        results, failures = [], []
        for proc, err in procs:  # every copy is waited for, even after one has failed
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - start
            err.seek(0)
            message = err.read()
            err.close()
            if proc.returncode != 0:
                failures.append(message[-2000:])
            results.append(EndToEnd(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024**2))
    if failures:
        raise RuntimeError(f"python -m sim run {scenario} failed:\n{failures[0]}")
    return results
