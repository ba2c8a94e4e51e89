"""Commands for researchers: ``experiment`` (run a design), ``compare`` and ``sensitivity``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.arguments import EXIT_FAILURE, EXIT_OK, UsageError, open_share, whole_number
from sim.experiments.spec import ExperimentError
from sim.scenario.loading import EXPERIMENT_PRESET_DIR as EXPERIMENT_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``experiment``, ``compare`` and ``sensitivity`` commands.

    Args:
        subparsers: the command line's sub-command group.
    """
    add_experiment_command(subparsers)
    add_compare_command(subparsers)
    add_sensitivity_command(subparsers)


def add_experiment_command(subparsers: argparse._SubParsersAction) -> None:
    """Add ``experiment``: run or resume a batch experiment.

    Args:
        subparsers: the command line's sub-command group.
    """
    p = subparsers.add_parser(
        "experiment",
        help="run a batch experiment (experiments/*.toml); resumes if interrupted",
        description="Run every design point × replicate of an experiment file, in local worker "
        "processes or on a Dask cluster; running it again resumes.",
    )
    p.add_argument("file", help="experiment file, or the name of one in experiments/")
    p.add_argument("--workers", type=whole_number(1), help="local worker processes (default: cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786)")
    p.add_argument("--out", metavar="DIR", help="result folder (default: results/NAME)")
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario key for every run, or steps/replicates/seed/samples",
    )
    p.add_argument("--batch-size", type=whole_number(1), help="runs per dispatched batch")
    p.add_argument("--retry-failed", action="store_true", help="run failed runs again")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--dry-run", action="store_true", help="check the file, show the design, stop")
    p.set_defaults(func=cmd_experiment)


def add_compare_command(subparsers: argparse._SubParsersAction) -> None:
    """Add ``compare``: groups of an experiment's runs against a reference group.

    Args:
        subparsers: the command line's sub-command group.
    """
    c = subparsers.add_parser(
        "compare",
        help="compare groups of runs: CIs, tests, effect sizes, figures, report.md",
        description="Compare the groups of an experiment's runs against a reference group.",
    )
    c.add_argument("dir", help="an experiment's result folder")
    c.add_argument(
        "--by",
        nargs="+",
        action="extend",
        metavar="FACTOR",
        help="group by these factors (default: every factor that varies)",
    )
    c.add_argument(
        "--outcome",
        nargs="+",
        action="extend",
        metavar="NAME",
        help="outcomes to compare (default: the headline outcomes)",
    )
    c.add_argument("--reference", help="the reference group's label (default: the first group)")
    c.add_argument("--test", choices=["mannwhitney", "welch"], default="mannwhitney")
    c.add_argument("--correction", choices=["holm", "bonferroni", "fdr_bh", "none"], default="holm")
    c.add_argument("--alpha", type=open_share, default=0.05, help="significance level (0.05)")
    c.add_argument("--precision", type=open_share, default=0.05,
                   help="target CI half-width relative to the mean (0.05)")
    c.add_argument("--out", metavar="DIR", help="where to write (default: DIR/compare)")
    c.add_argument("--no-figures", action="store_true")
    c.set_defaults(func=cmd_compare)


def add_sensitivity_command(subparsers: argparse._SubParsersAction) -> None:
    """Add ``sensitivity``: Morris or Sobol indices of an experiment's outcomes.

    Args:
        subparsers: the command line's sub-command group.
    """
    s = subparsers.add_parser(
        "sensitivity",
        help="Morris / Sobol sensitivity indices (SALib) of an experiment",
        description="Sensitivity indices of each outcome to each factor, with 95% CIs.",
    )
    s.add_argument("dir", help="an experiment's result folder")
    s.add_argument("--outcome", nargs="+", action="extend", metavar="NAME")
    s.add_argument("--out", metavar="DIR", help="where to write (default: DIR/sensitivity)")
    s.add_argument("--no-figures", action="store_true")
    s.set_defaults(func=cmd_sensitivity)


def experiment_path(text: str) -> Path:
    """An experiment file given as a path or as a name in experiments/."""
    path = Path(text)
    if not path.exists() and path.suffix != ".toml" and (EXPERIMENT_DIR / f"{text}.toml").is_file():
        return EXPERIMENT_DIR / f"{text}.toml"
    if not path.is_file():
        names = sorted(p.stem for p in EXPERIMENT_DIR.glob("*.toml"))
        raise UsageError(f"{text}: no such experiment file; presets in experiments/: {', '.join(names) or 'none'}")
    return path


def cmd_experiment(args: argparse.Namespace) -> int:
    """Run or resume an experiment; exit 1 when some runs failed."""
    from sim.experiments import (
        DaskExecutor,
        LocalExecutor,
        ResultStore,
        build_design,
        load_experiment,
        run_experiment,
    )
    from sim.experiments.spec import parse_assignments

    if args.scheduler and args.workers:
        raise UsageError(
            "--workers is for local processes; with --scheduler the cluster's workers are used: give one or the other"
        )
    try:
        experiment = load_experiment(experiment_path(args.file), parse_assignments(args.assignments))
        design = build_design(experiment)
        total = design.size * experiment.spec.replicates
        if args.dry_run:
            print(
                f"{experiment.name}: {experiment.spec.design} design, {design.size} points × "
                f"{experiment.spec.replicates} replicates = {total} runs of "
                f"{experiment.steps} days"
            )
            print(design.points.to_string(max_rows=20))
            return EXIT_OK
        out = Path(args.out) if args.out else Path("results") / experiment.name
        executor = DaskExecutor(args.scheduler) if args.scheduler else LocalExecutor(args.workers)
        try:
            outcome = run_experiment(
                experiment,
                ResultStore(out),
                executor,
                batch_size=args.batch_size,
                retry_failed=args.retry_failed,
                progress=not args.no_progress,
            )
        except KeyboardInterrupt:
            print(f"finished runs are saved in {out}; run the same command again to resume", file=sys.stderr)
            raise
    except ExperimentError as err:
        raise UsageError(str(err)) from None
    print(
        f"{experiment.name}: {outcome.total} runs — {outcome.skipped} already done, "
        f"{outcome.ran} run now in {outcome.seconds:.1f} s, {outcome.failed} failed; "
        f"results in {outcome.out_dir}"
    )
    if outcome.failed:
        print(
            f"{outcome.failed} run(s) failed: see the error column of "
            f"{outcome.out_dir / 'runs.parquet'}; --retry-failed runs them again",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare groups of runs and write tables, figures and report.md."""
    from sim.analysis import compare, load_results

    try:
        results = load_results(args.dir)
        out = Path(args.out) if args.out else Path(args.dir) / "compare"
        result = compare(
            results,
            by=args.by,
            outcomes=args.outcome,
            reference=args.reference,
            test=args.test,
            correction=args.correction,
            alpha=args.alpha,
            precision=args.precision,
            out_dir=out,
            make_figures=not args.no_figures,
        )
    except ExperimentError as err:
        raise UsageError(str(err)) from None
    if result.font_hint:
        print(f"note: {result.font_hint}", file=sys.stderr)
    print(
        f"compared {len(result.groups)} groups on {len(result.outcomes)} outcomes "
        f"(reference: {result.reference}); report: {out / 'report.md'}"
    )
    return EXIT_OK


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Compute sensitivity indices and write indices.csv, figures and sensitivity.md."""
    from sim.analysis import load_results, sensitivity

    try:
        results = load_results(args.dir)
        out = Path(args.out) if args.out else Path(args.dir) / "sensitivity"
        result = sensitivity(results, outcomes=args.outcome, out_dir=out, make_figures=not args.no_figures)
    except ExperimentError as err:
        raise UsageError(str(err)) from None
    print(
        f"{result.method} indices for {result.table['outcome'].nunique() if len(result.table) else 0}"
        f" outcomes; report: {out / 'sensitivity.md'}"
    )
    return EXIT_OK
