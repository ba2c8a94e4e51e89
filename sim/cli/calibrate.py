"""The ``calibrate`` command: fit a scenario's free parameters to a city's observed rates."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.arguments import EXIT_OK, UsageError, whole_number


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``calibrate``.

    Args:
        subparsers: the command line's sub-command group.
    """
    p = subparsers.add_parser(
        "calibrate",
        help="fit free parameters to observed rates (ABC-SMC; Morris screening with --screen)",
        description="Fit a calibration file's free parameters to its targets CSV with ABC-SMC (pyabc), "
        "after an optional quick search (optuna); --screen runs the Morris screening instead. "
        "See docs/calibration.md.",
    )
    p.add_argument("file", help="calibration file, or the name of one in experiments/")
    p.add_argument("--workers", type=whole_number(1), default=1, help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true", help="continue the history in the output folder")
    p.add_argument("--screen", action="store_true", help="run the Morris screening only")
    p.add_argument("--out", metavar="DIR", help="output folder (default: results/calibrations/NAME)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run the screening or the calibration and say where the results are."""
    from sim.cli.experiment import experiment_path
    from sim.experiments.calibration import CalibrationError, load_calibration
    from sim.experiments.calibration.runner import run_calibration
    from sim.runs import results_root

    try:
        calibration = load_calibration(experiment_path(args.file))
        out = Path(args.out) if args.out else results_root() / "calibrations" / calibration.name
        tally = run_calibration(calibration, out, workers=args.workers, resume=args.resume,
                                screen_only=args.screen, progress=not args.no_progress)
    except CalibrationError as err:
        raise UsageError(str(err)) from None
    print(f"{calibration.name}: {' + '.join(tally.steps_run)} — {tally.simulations} simulations in "
          f"{tally.seconds:.1f} s; results in {tally.out_dir}")
    return EXIT_OK
