"""The ``optimise`` command: search for the best reform packages under a budget (NSGA-II)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.arguments import EXIT_OK, UsageError, whole_number


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``optimise``.

    Args:
        subparsers: the command line's sub-command group.
    """
    p = subparsers.add_parser(
        "optimise",
        help="search lever values for the best reform packages under a budget (NSGA-II, pymoo)",
        description="Search an optimisation file's levers for the packages no other beats on every objective "
        "(NSGA-II, pymoo), within its budget; re-run the front with fresh seeds and report it "
        "(pareto.parquet, report.md, report.html). See docs/optimise.md.",
    )
    p.add_argument("file", help="optimisation file, or the name of one in experiments/")
    p.add_argument("--workers", type=whole_number(1), help="local worker processes (default 1: this process)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (tcp://HOST:PORT)")
    p.add_argument("--resume", action="store_true", help="continue the runs stored in the output folder")
    p.add_argument("--out", metavar="DIR", help="output folder (default: results/optimisations/NAME)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_optimise)


def cmd_optimise(args: argparse.Namespace) -> int:
    """Run (or resume) the search and say where the front is."""
    from sim.cli.experiment import experiment_path
    from sim.experiments.executors import DaskExecutor, LocalExecutor
    from sim.experiments.optimise import OptimiseError, load_optimisation
    from sim.experiments.optimise.runner import run_optimisation
    from sim.experiments.spec import ExperimentError
    from sim.runs import results_root

    if args.scheduler and args.workers:
        raise UsageError("--workers is for local processes; with --scheduler the cluster's workers are used: "
                         "give one or the other")
    try:
        optimisation = load_optimisation(experiment_path(args.file))
        out = Path(args.out) if args.out else results_root() / "optimisations" / optimisation.name
        executor = (DaskExecutor(args.scheduler) if args.scheduler
                    else LocalExecutor(args.workers) if args.workers and args.workers > 1 else None)
        tally = run_optimisation(optimisation, out, executor, resume=args.resume, progress=not args.no_progress)
    except (OptimiseError, ExperimentError) as err:
        raise UsageError(str(err)) from None
    print(f"{optimisation.name}: {tally.generations} generations, {tally.simulated} runs now "
          f"({tally.stored} stored), {len(tally.front.table)} packages on the front in {tally.seconds:.1f} s; "
          f"results in {tally.out_dir} (pareto.parquet, report.html)")
    return EXIT_OK
