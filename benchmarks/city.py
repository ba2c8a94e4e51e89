"""Large runs, each in a subprocess (:mod:`benchmarks.child`): district and city years, linearity."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 365

LINEARITY_SIZES = {
    # residents: structure scaled with them, in the district preset's proportions
    100_000: {"city.residents": 100_000, "city.streets": 4, "city.communities": 37, "city.compounds": 150},
    1_000_000: {"city.residents": 1_000_000, "city.streets": 33, "city.communities": 367, "city.compounds": 1500},
}


@dataclass
class ChildRun:
    """The figures one subprocess reported (see :func:`benchmarks.child.measure`)."""

    data: dict

    @property
    def steps(self) -> int:
        return len(self.data["step_wall"])

    @property
    def residents(self) -> int:
        return self.data["residents"]

    def year_seconds(self, clock: str = "wall") -> tuple[float, bool]:
        """Time for 365 steps and whether it is extrapolated (from the later half of the days timed,
        since steps grow dearer as the backlog builds up)."""
        times = self.data[f"step_{clock}"]
        if len(times) >= YEAR:
            return sum(times[:YEAR]), False
        later = times[len(times) // 2 :]
        return statistics.fmean(later) * YEAR, True

    def extrapolation_factor(self, days: int, clock: str = "cpu") -> float | None:
        """Measured year time over the one extrapolated from the first ``days`` days (None if this
        run did not time a whole year): how far extrapolating a short run underestimates."""
        times = self.data[f"step_{clock}"]
        if len(times) < YEAR or days < 2:
            return None
        first = ChildRun({**self.data, f"step_{clock}": times[:days]})
        return sum(times[:YEAR]) / first.year_seconds(clock)[0]

    def median_step(self, clock: str = "wall") -> float:
        return statistics.median(self.data[f"step_{clock}"])

    def throughput(self, clock: str = "cpu") -> float:
        """Resident-days simulated per second over the timed steps."""
        return self.residents * self.steps / sum(self.data[f"step_{clock}"])


def run_child(
    scenario: str, steps: int, warmup: int = 0, overrides: dict | None = None, stream: bool = False
) -> ChildRun:
    """Run :mod:`benchmarks.child` in a fresh Python process and read its JSON."""
    cmd = [sys.executable, "-m", "benchmarks.child", scenario, "--steps", str(steps), "--warmup", str(warmup)]
    for key, value in (overrides or {}).items():
        cmd += ["--set", f"{key}={value}"]
    if stream:
        cmd.append("--stream")
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return ChildRun(json.loads(done.stdout.strip().splitlines()[-1]))


def linearity(steps: int, warmup: int, rounds: int = 3) -> dict[int, list[ChildRun]]:
    """Time per step at the two sizes of :data:`LINEARITY_SIZES` (district preset, scaled), in
    ``rounds`` rounds that alternate the sizes, so that a slow spell of a shared machine falls on
    both sizes rather than on one."""
    runs: dict[int, list[ChildRun]] = {n: [] for n in LINEARITY_SIZES}
    for _ in range(rounds):
        for n, overrides in LINEARITY_SIZES.items():
            runs[n].append(run_child("district", steps, warmup, overrides))
    return runs
