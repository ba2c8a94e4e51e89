"""``python -m sim dashboard``: serve the Solara dashboard and print the address to open."""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from sim.cli.arguments import UsageError

APP_MODULE = "sim.dashboard.app"


def register(subparsers) -> None:
    """Add the ``dashboard`` command."""
    p = subparsers.add_parser(
        "dashboard",
        help="start the dashboard in a browser (Explore, Compare, Results, Teach)",
        description="Serve the bilingual dashboard; open the printed address in a browser.",
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 serves the whole office)"
    )
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    p.add_argument(
        "--scenario", default="classroom", help="preset name or scenario file opened first (default classroom)"
    )
    p.set_defaults(func=run_dashboard)


def check_arguments(args: argparse.Namespace) -> str:
    """Validate host, port and scenario; returns the scenario source to pass on."""
    from sim.scenario import load_scenario

    try:
        ipaddress.ip_address(args.host)
    except ValueError:
        if args.host != "localhost":
            raise UsageError(
                f"--host {args.host!r} is not an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost"
            ) from None
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is out of range: use 1 to 65535")
    load_scenario(args.scenario)  # raises ScenarioError with the usual message
    source = Path(args.scenario)
    return str(source.resolve()) if source.suffix == ".toml" else args.scenario


def server_command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line for the dashboard, in production mode (no calls home)."""
    solara = shutil.which("solara", path=str(Path(sys.executable).parent)) or shutil.which("solara")
    if solara is None:
        raise UsageError("solara is not installed: run `make install` (or pip install solara)")
    return [solara, "run", APP_MODULE, "--host", host, "--port", str(port), "--no-open", "--production"]


def run_dashboard(args: argparse.Namespace) -> int:
    """Start the Solara server and wait for it (Ctrl-C stops it)."""
    source = check_arguments(args)
    if importlib.util.find_spec("solara_assets") is None:
        print(
            "warning: solara-assets is not installed, so the page needs the internet to load "
            "its scripts; install it with: pip install --no-deps solara-assets==1.58.2",
            file=sys.stderr,
        )
    repo = str(Path(__file__).resolve().parents[2])
    env = dict(
        os.environ,
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        SIM_DASHBOARD_SCENARIO=source,
        PYTHONPATH=os.pathsep.join(p for p in (repo, os.environ.get("PYTHONPATH")) if p),
    )
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"Dashboard 儀表板: open http://{shown}:{args.port}/ in a browser (Ctrl-C stops it)", flush=True)
    proc = subprocess.Popen(server_command(args.host, args.port), env=env)
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
