"""Time one scenario in a process of its own and print the figures as JSON on stdout.

``python -m benchmarks.child SCENARIO --steps N [--warmup W] [--set key=value ...] [--stream]``

Running each large model in its own process lets its peak memory (the process's maximum
resident set size) be measured alone, and keeps one model's memory from weighing on the next.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time

from benchmarks.phases import instrument, phase_table, timed_step
from sim.core.model import GovernanceModel
from sim.scenario import load_scenario


def parse_overrides(pairs: list[str]) -> dict[str, object]:
    """``key=value`` strings to scenario overrides (numbers parsed, the rest kept as text)."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            out[key] = int(value)
        except ValueError:
            try:
                out[key] = float(value)
            except ValueError:
                out[key] = value
    return out


def measure(scenario: str, steps: int, warmup: int, overrides: dict, stream: bool) -> dict:
    """Build the model, step it ``warmup`` days untimed, then ``steps`` days timed, with phases."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        model = GovernanceModel(load_scenario(scenario, overrides), issue_log_dir=tmp if stream else None)
        build = time.perf_counter() - start
        for _ in range(warmup):
            model.step()
        walls, cpus = [], []
        with instrument(model) as totals:
            for _ in range(steps):
                wall, cpu = timed_step(model, totals)
                walls.append(wall)
                cpus.append(cpu)
        result = {
            "scenario": scenario,
            "overrides": overrides,
            "residents": model.city.n_residents,
            "build_s": build,
            "warmup": warmup,
            "step_wall": walls,
            "step_cpu": cpus,
            "phases": phase_table(totals),
            "open_issues": model.issues.open_count,
            "raised_per_day": model.issues.raised / max(model.day, 1),
        }
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child", description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--stream", action="store_true", help="stream closed issues to Parquet files")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.scenario, args.steps, args.warmup, parse_overrides(args.overrides), args.stream)))


if __name__ == "__main__":
    main()
