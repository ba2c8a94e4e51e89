"""``run`` and ``validate``: one scenario from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.cli.arguments import UsageError, whole_number
from sim.runs import OutputExistsError, new_run_dir, run_scenario
from sim.scenario import Scenario, ScenarioError, load_scenario, preset_names
from sim.scenario.loading import parse_value, resolve_source
from sim.scenario.timeline import reform_start

HEADLINE = ("issues_raised", "issues_resolved", "issues_open", "issues_abandoned",
            "resolution_rate", "median_days_to_resolve", "p90_days_to_resolve",
            "bounces_per_issue", "satisfaction_mean", "trust_mean", "community_admin_share",
            "staff_hours_per_resolved", "participation_rate", "needs_supply_mismatch")


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """Turn ``["power.delegation=0.8", …]`` into overrides."""
    overrides: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: expected KEY=VALUE, e.g. --set power.delegation=0.8")
        overrides[key.strip()] = parse_value(value.strip())
    return overrides


def shocks_outside(scenario: Scenario, steps: int) -> list[tuple[str, str]]:
    """Shocks of ``scenario`` that would start on or after day ``steps``, the end of a shortened run.

    Args:
        scenario: the scenario as written (at its own length).
        steps: the days the run is shortened to (``--steps``).

    Returns:
        For each such shock, the override that switches it off and a warning saying so.
    """
    found = []
    for name, shock in scenario.shocks:
        start = getattr(shock, "start", None)
        if getattr(shock, "enabled", False) and start is not None and start >= steps:
            found.append((f"shocks.{name}.enabled",
                          f"shocks.{name} starts on day {start}, but --steps {steps} ends the run "
                          f"before it: this run goes without it"))
    return found


def reforms_outside(scenario: Scenario, steps: int) -> tuple[list[dict], list[str]]:
    """Reforms of ``scenario`` that a run shortened to ``steps`` days still reaches.

    Args:
        scenario: the scenario as written (at its own length).
        steps: the days the run is shortened to (``--steps``).

    Returns:
        The reforms kept (as scenario entries) and a warning for each one left out because it
        starts after the shortened run ends, or cut short because its ramp runs past the end.
    """
    kept, warnings = [], []
    for n, reform in enumerate(scenario.reforms, start=1):
        start = reform_start(scenario, reform)
        label = f"reforms[{n}]" + (f" ({reform.name})" if reform.name else "")
        if start >= steps:
            warnings.append(f"{label} starts on day {start}, but --steps {steps} ends the run before it: "
                            f"this run goes without it")
            continue
        if start + reform.ramp_days > steps:
            warnings.append(f"{label} ramps up over {reform.ramp_days} days from day {start}; the run ends "
                            f"on day {steps - 1}, before its full effect")
        kept.append(reform.model_dump(mode="json", exclude_none=True))
    return kept, warnings


def register(sub) -> None:
    """Add the ``run`` and ``validate`` commands."""
    presets = ", ".join(preset_names())
    p = sub.add_parser("run", help="run one scenario and write its outputs",
                       description=f"Run one scenario (a .toml file or a preset: {presets}).")
    p.add_argument("scenario", help="scenario file or preset name")
    p.add_argument("--steps", type=whole_number(1), help="days to simulate (default: the file's)")
    p.add_argument("--seed", type=whole_number(0), help="random seed (default: the file's)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", dest="sets",
                   help="override a scenario key, e.g. --set power.delegation=0.8 (repeatable)")
    p.add_argument("--out", type=Path, help="output folder (default: a new one under results/runs/)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=cmd_run)

    v = sub.add_parser("validate", help="check scenario files and explain every problem")
    v.add_argument("scenarios", nargs="+", help="scenario files or preset names")
    v.set_defaults(func=cmd_validate)


def cmd_run(args: argparse.Namespace) -> int:
    """Run a scenario, write its outputs, print the headline outcomes."""
    overrides = parse_sets(args.sets)
    source = resolve_source(args.scenario)
    if args.steps:
        for key, warning in shocks_outside(load_scenario(source, overrides), args.steps):
            print(f"warning: {warning}", file=sys.stderr)
            overrides[key] = False
        as_written = load_scenario(source, overrides)
        kept, warnings = reforms_outside(as_written, args.steps)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if len(kept) < len(as_written.reforms):
            overrides["reforms"] = kept
    scenario = load_scenario(source, {**overrides, **({"steps": args.steps} if args.steps else {})})
    out = args.out or new_run_dir(scenario.name)
    try:
        result = run_scenario(source, steps=args.steps, seed=args.seed, overrides=overrides,
                              out_dir=out, progress=not args.quiet and sys.stderr.isatty())
    except OutputExistsError as err:
        raise UsageError(str(err)) from None
    if not args.quiet:
        m = result.manifest
        print(f"{scenario.name}: {m['steps']} days, {m['residents']:,} residents, seed {m['seed']}, "
              f"{m['wall_seconds']:.2f} s")
        for key in HEADLINE:
            value = result.summary.get(key)
            shown = "n/a" if value is None else (f"{value:,}" if isinstance(value, int)
                                                 else f"{value:.3f}")
            print(f"  {key:28s} {shown}")
        resolved_at = ", ".join(f"{k} {v:.0%}" for k, v in result.summary["resolved_at"].items()
                                if v is not None)
        print(f"  {'resolved_at':28s} {resolved_at}")
        print(f"outputs: {result.out_dir}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate each file; print 'ok' lines, raise on the first invalid one with all its problems."""
    problems = []
    for item in args.scenarios:
        try:
            s = load_scenario(item)
        except ScenarioError as err:  # collected, so that every file is reported
            problems.append(str(err))
            continue
        c = s.city
        print(f"ok: {item} — {s.name}: {c.residents:,} residents, {c.compounds:,} compounds, "
              f"{c.communities:,} communities, {c.streets:,} streets, {c.districts} districts, "
              f"{s.steps} days")
    if problems:
        raise UsageError("\n".join(problems))
    return 0
