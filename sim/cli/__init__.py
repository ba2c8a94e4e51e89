"""The command line, ``python -m sim COMMAND …``: one module per group of commands.

Every command module offers ``register(subparsers)``, which adds its sub-commands and sets
``func`` on them; what they share (exit codes, :class:`UsageError`, argument types) is in
:mod:`sim.cli.arguments`.  Bad input raises :class:`UsageError` or :class:`ScenarioError`; ``main``
turns those into one message on stderr and exit code 2, and any other failure into a short
message and exit code 1 (with the traceback only under ``--debug``).
"""

from __future__ import annotations

import argparse
import sys
import traceback

from sim.cli.arguments import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError
from sim.scenario import ScenarioError


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports bad flags as :class:`UsageError` instead of exiting."""

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every command group registered."""
    from sim import __version__
    from sim.cli import brief, calibrate, dashboard, experiment, optimise, run

    parser = _Parser(
        prog="python -m sim",
        description="Simulator of municipal (市域) multi-level governance.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    parser.add_argument("--version", action="version", version=f"shiyu-sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module in (run, experiment, calibrate, optimise, brief, dashboard):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 failure, 2 bad input)."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args) or EXIT_OK)
    except (UsageError, ScenarioError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # the one place that turns any failure into an exit code
        if debug:
            traceback.print_exc()
        print(f"unexpected failure: {type(err).__name__}: {err} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_FAILURE
