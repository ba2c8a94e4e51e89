"""``python -m benchmarks``: how fast and how big the model runs, and the ratio to per-agent Mesa models.

Prints one table: classroom steps/s (full GovernanceModel, headless); the calibration scenario's
runs per second on two workers; the Tianjin city-year end to end as a user runs it (``python -m sim
run``, its own process and peak memory) against the city-year a trivial per-agent Mesa model (the
Boltzmann wealth rule) would take, measured in the same invocation; the Shanghai- and
Chongqing-size years; the district's year and the city's first days with the time per phase of
the daily step; resident throughput against a per-agent reference running the same rule; and a
linearity check (time per step at 100k and 1M residents).  The machine may be shared: repeated
measurements are summarised by their best and median, and CPU time is shown beside wall time.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.boltzmann import in_fresh_process
from benchmarks.city import LINEARITY_SIZES, YEAR, ChildRun, linearity, run_child
from benchmarks.end_to_end import run_cli, run_parallel
from benchmarks.harness import Harness, VectorisedResidents
from benchmarks.phases import profile_core
from benchmarks.reference import ReferenceModel
from sim.core.model import GovernanceModel


def classroom_rate(steps: int, repeats: int) -> dict[str, float]:
    """Classroom steps per second, headless (best and median of ``repeats`` runs of ``steps``)."""
    rates, cpu_rates = [], []
    for seed in range(repeats):
        model = GovernanceModel("classroom", rng=seed)
        for _ in range(5):
            model.step()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(steps):
            model.step()
        rates.append(steps / (time.perf_counter() - wall))
        cpu_rates.append(steps / (time.process_time() - cpu))
    return {"best": max(rates), "median": statistics.median(rates), "cpu_best": max(cpu_rates)}


def reference_rate(residents: int, days: int, repeats: int) -> dict[str, float]:
    """Resident-days per second of the per-agent reference and of the vectorised harness side."""
    harness = Harness(residents=residents, days=days)
    out: dict[str, float] = {}
    for label, side in (("reference", ReferenceModel), ("harness_vectorised", VectorisedResidents)):
        walls, cpus = [], []
        for seed in range(repeats):
            run = side(harness, seed)
            wall, cpu = time.perf_counter(), time.process_time()
            run.run()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        out[label] = residents * days / min(walls)
        out[f"{label}_cpu"] = residents * days / min(cpus)
    return out


def fmt_seconds(s: float) -> str:
    """Seconds as seconds, or as minutes from two minutes up."""
    return f"{s / 60:.1f} min" if s >= 120 else f"{s:.2f} s"


def year_line(label: str, run: ChildRun) -> list[str]:
    """The lines on one simulated year: time, build, step, memory, throughput, issues."""
    wall, extrapolated = run.year_seconds("wall")
    cpu, _ = run.year_seconds("cpu")
    note = f"  (EXTRAPOLATED from {run.steps} days timed)" if extrapolated else ""
    return [
        f"{label} year, {run.residents:,} residents: {fmt_seconds(wall)} wall, {fmt_seconds(cpu)} CPU"
        f" for {YEAR} steps{note}",
        f"    build {fmt_seconds(run.data['build_s'])}; median step {run.median_step('wall') * 1000:.0f} ms wall,"
        f" {run.median_step('cpu') * 1000:.0f} ms CPU; peak RSS {run.data['peak_rss_mib'] / 1024:.2f} GiB;"
        f" {run.throughput('cpu') / 1e6:.1f} M resident-days/s (CPU);"
        f" {run.data['raised_per_day']:,.0f} issues raised/day, {run.data['open_issues']:,} open at end",
    ]


def phase_lines(runs: dict[str, ChildRun]) -> list[str]:
    """A table of each phase's share of the daily step, one column per run."""
    labels = list(runs)
    shares = {lab: dict(map(tuple, run.data["phases"])) for lab, run in runs.items()}
    order = [name for name, _ in runs[labels[-1]].data["phases"]]
    head = f"  {'phase of the daily step':42s}" + "".join(f"{lab:>12s}" for lab in labels)
    lines = [head]
    for name in order:
        lines.append(f"  {name:42s}" + "".join(f"{shares[lab].get(name, 0.0) * 100:11.1f}%" for lab in labels))
    return lines


def profile_lines(label: str, scenario: str, steps: int) -> list[str]:
    """cProfile listings of a scenario's daily step: core functions inclusive, hottest by self time."""
    model = GovernanceModel(scenario)
    for _ in range(5):
        model.step()
    prof = profile_core(model, steps)
    lines = [
        f"  cProfile, {label} ({steps} steps; shares of profiled step time):",
        "    sim/core functions, inclusive time:",
    ]
    lines += [f"      {share * 100:5.1f}%  {calls:7.1f}/step  {name}" for name, calls, share in prof["core_inclusive"]]
    lines.append("    hottest entries, self time:")
    lines += [f"      {share * 100:5.1f}%  {calls:7.1f}/step  {name}" for name, calls, share in prof["self_time"]]
    return lines


def say(line: str = "") -> None:
    """Print one line of the table at once (the sections take minutes)."""
    print(line, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="short runs: district and city timed for a few days and extrapolated"
    )
    parser.add_argument(
        "--skip-city", action="store_true", help="leave out the city-size runs (13.9M residents and up)"
    )
    parser.add_argument("--skip-largest", action="store_true", help="leave out the Shanghai- and Chongqing-size years")
    parser.add_argument(
        "--city-steps",
        type=int,
        default=None,
        help="days of the city to time by phase (default 60; a year's time is extrapolated from them)",
    )
    parser.add_argument(
        "--district-steps", type=int, default=None, help=f"days of the district to time (default {YEAR})"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile listings")
    return parser.parse_args(argv)


def report_classroom(quick: bool) -> None:
    """The classroom's steps per second."""
    cls = classroom_rate(steps=100 if quick else 300, repeats=3)
    say(
        f"classroom (3,000 residents, full GovernanceModel, headless): {cls['best']:.0f} steps/s best, "
        f"{cls['median']:.0f} median, {cls['cpu_best']:.0f} per CPU-second   [target >= 1,000]"
    )


def report_calibration(quick: bool) -> None:
    """Runs per second of the calibration scenario (scaled Beijing) on two workers: two runs at once.

    The full measure runs the scenario's whole timeline (its warm-up and 2018–2024), as each
    simulation of the calibration does; ``--quick`` shortens it to 400 days after the warm-up (its
    first reform ramps up over a year, so no shorter run is allowed).
    """
    days = 400 if quick else None
    runs = run_parallel("beijing_12345", 2, days)
    wall = max(run.wall for run in runs)
    span = f"shortened to {days} days" if days else "its whole timeline, 2018-2024"
    say(
        f"beijing_12345 calibration runs ({span}), two at once: {wall:.1f} s wall for both = "
        f"{2 / wall:.3f} runs/s on two workers ({3600 * 2 / wall:,.0f} an hour); "
        f"{statistics.fmean(r.cpu for r in runs):.1f} CPU-s and {max(r.peak_gib for r in runs):.2f} GiB each"
    )


def report_city_years(quick: bool, skip_city: bool, skip_largest: bool) -> None:
    """The big cities' years end to end, and the ratio to a per-agent Mesa city-year.

    The trivial per-agent model's rate (:mod:`benchmarks.boltzmann`) is measured first in the same
    invocation, in a process of its own, so that the ratio compares two measurements of one
    machine at one time.
    """
    rate = in_fresh_process(steps=30)
    say(
        f"Per-agent Mesa reference (Boltzmann wealth rule, shuffle_do, 20,000 agents): "
        f"{rate['wall'] / 1e6:.2f} M agent-steps/s wall, {rate['cpu'] / 1e6:.2f} M per CPU-second"
    )
    if skip_city:
        return
    steps = 30 if quick else YEAR
    cities = [("tianjin_city", 13_900_000, "[targets: >= 60x the per-agent city-year; peak <= 3 GiB]")]
    if not skip_largest:
        cities += [
            ("shanghai_city", 24_870_000, "[target: peak <= 6 GiB]"),
            ("chongqing_city", 32_050_000, "[target: peak <= 6 GiB]"),
        ]
    for scenario, residents, target in cities:
        run = run_cli(scenario, steps)
        per_agent = residents * steps / rate["wall"]
        say(
            f"{scenario}, {residents / 1e6:.2f} M residents, {steps} days end to end (python -m sim run: start-up, "
            f"build, days, outputs): {fmt_seconds(run.wall)} wall, {fmt_seconds(run.cpu)} CPU, "
            f"peak {run.peak_gib:.2f} GiB"
        )
        say(
            f"    a per-agent Mesa model of the trivial rule would take {fmt_seconds(per_agent)} for it: "
            f"{per_agent / run.wall:.0f}x   {target}"
        )


def report_scale(district_steps: int, city_steps: int, skip_city: bool) -> dict[str, ChildRun]:
    """The district's simulated year and the city's first days, timed by phase; returns the runs by label."""
    district = run_child("district", district_steps)
    for line in year_line("district", district):
        say(line)
    factor = district.extrapolation_factor(city_steps)
    if factor is not None and city_steps < YEAR:
        say(
            f"    extrapolation check: the district's measured year is {factor:.2f}x what its first {city_steps} days"
            f" extrapolate to (steps grow dearer as the backlog builds up); the city figure below is not corrected"
        )
    runs = {"district": district}
    if not skip_city:
        city = run_child("tianjin_city", city_steps, stream=True)
        runs["city"] = city
        for line in year_line("city", city):
            say(line)
        say("    (timed by phase in the benchmark's own process; the year end to end is measured above)")
    return runs


def report_reference(quick: bool, label: str, ours: ChildRun) -> None:
    """The per-agent reference's throughput and the full model's ratio to it."""
    ref = reference_rate(residents=3000, days=5 if quick else 15, repeats=3)
    say("Per-agent reference (one Mesa agent per resident, same rule functions, residents-only harness):")
    say(
        f"  reference: {ref['reference']:,.0f} resident-days/s wall, {ref['reference_cpu']:,.0f} per CPU-second"
        f" (3,000 residents)"
    )
    say(
        f"  vectorised, same harness and size: {ref['harness_vectorised_cpu']:,.0f} per CPU-second "
        f"= {ref['harness_vectorised_cpu'] / ref['reference_cpu']:,.0f}x the reference"
    )
    ratio = ours.throughput("cpu") / ref["reference_cpu"]
    say(
        f"  full model, {label}: {ours.throughput('cpu'):,.0f} resident-days per CPU-second "
        f"= {ratio:,.0f}x the same-rule reference"
    )


def report_linearity(quick: bool) -> None:
    """Time per step at the two linearity sizes and their ratio."""
    lin = linearity(steps=10 if quick else 20, warmup=5, rounds=2 if quick else 3)
    small, large = (lin[n] for n in sorted(LINEARITY_SIZES))
    t_small = min(run.median_step("cpu") for run in small)
    t_large = min(run.median_step("cpu") for run in large)
    each = [b.median_step("cpu") / a.median_step("cpu") for a, b in zip(small, large, strict=True)]
    n_small, n_large = small[0].residents, large[0].residents
    say("Linearity (district structure scaled with residents; median CPU time per step after 5 days,")
    say(f"  quickest of {len(small)} alternating rounds):")
    say(
        f"  {n_small:,} residents: {t_small * 1000:.1f} ms; {n_large:,}: {t_large * 1000:.1f} ms;"
        f" ratio {t_large / t_small:.2f} for {n_large / n_small:.0f}x residents"
        f" (rounds: {min(each):.2f}-{max(each):.2f})   [target <= 11]"
    )


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print the table; returns the exit code."""
    args = parse_args(argv)
    quick = args.quick
    city_steps = args.city_steps or (20 if quick else 60)
    district_steps = args.district_steps or (40 if quick else YEAR)

    say("Benchmarks (wall times on a possibly shared machine: best/median of repeats, CPU time beside)")
    say("=" * 100)
    report_classroom(quick)
    report_calibration(quick)
    report_city_years(quick, args.skip_city, args.skip_largest)
    runs = report_scale(district_steps, city_steps, args.skip_city)
    say()
    say("Time per phase of the daily step (share of step wall time; methods timed from outside):")
    for line in phase_lines(runs):
        say(line)
    say()
    label = "city" if "city" in runs else "district"
    report_reference(quick, label, runs[label])
    say()
    report_linearity(quick)
    if not args.no_profile:
        say()
        say("Hot spots:")
        for line in profile_lines("classroom", "classroom", 100):
            say(line)
        for line in profile_lines("district", "district", 15 if quick else 30):
            say(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
