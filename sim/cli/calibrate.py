"""The ``calibrate`` command: fit a scenario's free parameters to a city's observed rates."""

from __future__ import annotations

import argparse
import warnings
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
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--screen", action="store_true", help="run the Morris screening only")
    mode.add_argument("--predict", action="store_true",
                      help="run posterior draws over the scenario's whole timeline (after the calibration)")
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
        with warnings.catch_warnings():
            if args.predict:  # the fit's shortened run leaves reforms out; the prediction runs them all
                warnings.simplefilter("ignore", UserWarning)
            calibration = load_calibration(experiment_path(args.file))
        out = Path(args.out) if args.out else results_root() / "calibrations" / calibration.name
        if args.predict:
            return _predict(calibration, out, args)
        tally = run_calibration(calibration, out, workers=args.workers, resume=args.resume,
                                screen_only=args.screen, progress=not args.no_progress)
    except CalibrationError as err:
        raise UsageError(str(err)) from None
    print(f"{calibration.name}: {' + '.join(tally.steps_run)} — {tally.simulations} simulations in "
          f"{tally.seconds:.1f} s; results in {tally.out_dir}")
    return EXIT_OK


def _predict(calibration, out: Path, args: argparse.Namespace) -> int:
    """Run the prediction and print its yearly median and 90% band per outcome."""
    import time

    from tqdm import tqdm

    from sim.experiments.calibration.predict import predict

    t0 = time.perf_counter()
    draws = calibration.spec.predict.draws
    with tqdm(total=draws, desc="prediction", unit="run", disable=args.no_progress, delay=0.5) as bar:
        summary = predict(calibration, out, workers=args.workers, on_done=bar.update)
    table = summary.assign(band=summary.apply(lambda r: f"{r['median']:.3g} [{r['q05']:.3g}, {r['q95']:.3g}]",
                                                 axis=1))
    print(table.pivot(index="year", columns="outcome", values="band").to_string())
    print(f"{calibration.name}: prediction — {draws} runs in {time.perf_counter() - t0:.1f} s; "
          f"results in {out / 'prediction'}")
    return EXIT_OK
