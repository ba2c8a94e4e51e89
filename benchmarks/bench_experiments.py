"""Benchmark of batch experiments: runs per second with 1 and 2 workers, and peak memory.

    python -m benchmarks.bench_experiments                # a few minutes on two cores
    python -m benchmarks.bench_experiments --only speed   # or --only memory

1. Speed: a 200-run classroom experiment (4 design points × 50 replicates, 30 days each) with
   one and with two local workers; runs/s over the whole command and the speed-up.
2. Memory: the same kind of experiment with 200 and with 2,000 short runs (every outcome kept
   every day); the peak resident memory of the experiment process should not grow with runs.

Each measurement runs in a fresh process, so imports, the worker pool start-up and the final
consolidation all count.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEED = """
name = "bench_speed"
scenario = "classroom"
steps = 30
replicates = {replicates}
seed = 1
[factors]
joint.whistle = [0.0, 0.8]
command.unified_intake = [0.0, 0.9]
[output]
keep = ["resolution_rate", "satisfaction_mean", "issues_open"]
"""

MEMORY = """
name = "bench_memory"
scenario = "classroom"
steps = 10
replicates = {replicates}
seed = 2
[factors]
joint.whistle = [0.0, 0.8]
command.unified_intake = [0.0, 0.9]
[overrides]
city.residents = 600
[output]
keep = "all"
"""


def child(path: str, out: str, workers: int) -> None:
    """Run one experiment in this process and print timings and peak memory as JSON."""
    start = time.perf_counter()
    from sim.experiments import LocalExecutor, ResultStore, load_experiment, run_experiment

    outcome = run_experiment(load_experiment(path), ResultStore(out), LocalExecutor(workers), progress=False)
    total = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_run = float(ResultStore(out).load_runs()["wall_time"].mean())
    print(
        json.dumps(
            {
                "runs": outcome.ran,
                "failed": outcome.failed,
                "run_seconds": outcome.seconds,
                "total_seconds": total,
                "per_run_seconds": per_run,
                "peak_mb": own,
            }
        )
    )


def measure(template: str, replicates: int, workers: int, folder: Path) -> dict:
    """Write the experiment, run it in a fresh process, return what the child reported."""
    tag = f"{replicates}-{workers}-{abs(hash(template)) % 1000}"
    path = folder / f"exp-{tag}.toml"
    path.write_text(template.format(replicates=replicates), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_experiments",
            "--child",
            str(path),
            str(folder / f"out-{tag}"),
            str(workers),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run both benchmarks and print a short table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["speed", "memory"], help="run one of the two parts")
    parser.add_argument("--child", nargs=3, metavar=("FILE", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="bench-exp-") as tmp:
        folder = Path(tmp)
        if args.only != "memory":
            speed(folder)
        if args.only != "speed":
            memory(folder)


def speed(folder: Path) -> None:
    """Runs per second of the 200-run experiment with one and two workers."""
    print("speed: 200 classroom runs of 30 days (4 points × 50 replicates)")
    rates = {}
    for workers in (1, 2):
        r = measure(SPEED, 50, workers, folder)
        rates[workers] = r["runs"] / r["run_seconds"]
        print(
            f"  {workers} worker(s): {r['runs'] / r['total_seconds']:.2f} runs/s over the "
            f"whole command ({r['total_seconds']:.1f} s), {rates[workers]:.2f} runs/s "
            f"while running ({r['run_seconds']:.1f} s); one run takes {r['per_run_seconds']:.3f} s "
            f"in a worker; failed {r['failed']}"
        )
    print(f"  speed-up with 2 workers: {rates[2] / rates[1]:.2f}×")
    print(
        "  (a run slower in a worker with 2 workers than with 1 means the cores are shared "
        "with other work: the speed-up is then not the executor's)"
    )


def memory(folder: Path) -> None:
    """Peak memory of the experiment process for 200 and 2,000 short runs."""
    print("memory: peak resident memory of the experiment process")
    print("  (2 workers, 10-day runs of 600 residents, every outcome kept every day)")
    for replicates in (50, 500):
        r = measure(MEMORY, replicates, 2, folder)
        print(f"  {r['runs']:>5} runs: {r['peak_mb']:.0f} MB peak, {r['total_seconds']:.1f} s")


if __name__ == "__main__":
    main()
