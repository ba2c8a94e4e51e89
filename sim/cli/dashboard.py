"""``python -m sim dashboard``: check what the page needs, then serve the Solara dashboard.

Before anything is served the command checks that the page can load offline (the local page
assets of ``solara-assets``; without them the page would stay blank) and stops with the one
command that installs what is missing; it warns when no CJK font exists for figures the server
draws.  With ``--password-file`` every request goes through :class:`sim.cli.gate.PasswordGate`.
The server is Solara's Starlette app in production mode, run by uvicorn in this process.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import socket
import sys
from importlib import metadata
from pathlib import Path

from sim.cli.arguments import UsageError
from sim.cli.gate import PasswordFileError, read_password

APP_MODULE = "sim.dashboard.app"
SOLARA_ASSETS = "solara-assets==1.58.2"
"""The offline page assets: its newest release carries the vue2 page app that ipyvuetify<3 uses."""
LOOPBACK = ("127.0.0.1", "::1", "localhost")


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
    p.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="admit only visitors who give the password on this file's first line (HTTP Basic, any user name)",
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


def install_command(*requirements: str, no_deps: bool = False) -> str:
    """The pip command that installs ``requirements`` into the Python running this command."""
    flags = " --no-deps" if no_deps else ""
    return f"{sys.executable} -m pip install{flags} " + " ".join(f'"{r}"' for r in requirements)


def missing_page_assets() -> str | None:
    """What keeps the page from loading offline, with the command that installs it, or None.

    The page's scripts come from ``solara-assets`` (else from a public CDN, which offline means a
    blank page).  Its release carries only the vue2 page app, which Solara uses with
    ``ipyvuetify<3``; the page app Solara's page template asks for must be among its files.
    """
    try:
        metadata.version("solara-assets")
    except metadata.PackageNotFoundError:
        return (
            "the dashboard's offline page assets (the package solara-assets) are not installed, so the "
            "page would stay blank without the internet; install them with:\n  "
            + install_command(SOLARA_ASSETS, no_deps=True)
        )
    if int(metadata.version("ipyvuetify").split(".")[0]) >= 3:
        return (
            f"ipyvuetify {metadata.version('ipyvuetify')} is installed, whose page app the offline assets "
            "do not carry (the page would stay blank); install the 2.x line with:\n  "
            + install_command("ipyvuetify<3", "ipyvue<3")
        )
    import solara.server
    from solara.server import settings

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    wanted = sorted(set(re.findall(r"@widgetti/solara-vuetify-app@[0-9][\w.\-]*", template.read_text("utf-8"))))
    missing = [name for name in wanted if not (settings.assets.proxy_cache_dir / name).is_dir()]
    if missing:
        return (
            f"the page app {missing[0]} that this solara ({metadata.version('solara')}) asks for is not "
            f"among the offline assets in {settings.assets.proxy_cache_dir} (the page would stay blank); "
            "reinstall them with:\n  " + install_command(SOLARA_ASSETS, no_deps=True) + " --force-reinstall"
        )
    return None


def font_warning() -> str | None:
    """A warning when no CJK font exists for the figures the server draws, else None."""
    from sim.analysis.figures import FONT_HINT, cjk_font

    if cjk_font() is not None:
        return None
    return f"{FONT_HINT} (only figures the server draws; the page's charts use each visitor's own fonts)"


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be listened on now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def build_app(password: str | None):
    """Solara's server app for the dashboard in production mode, behind the gate if a password is set.

    The environment (``SOLARA_APP`` and the start scenario) must be set before this is called:
    Solara reads it when its server modules are first imported.
    """
    from solara.server import settings

    settings.main.mode = "production"
    from solara.server.starlette import app

    if password is None:
        return app
    from sim.cli.gate import PasswordGate

    return PasswordGate(app, password)


def run_dashboard(args: argparse.Namespace) -> int:
    """Check, then serve the dashboard until Ctrl-C (or SIGTERM) stops it."""
    source = check_arguments(args)
    try:
        password = read_password(args.password_file) if args.password_file else None
    except PasswordFileError as err:
        raise UsageError(f"--password-file {err}") from None
    os.environ.update(
        SOLARA_APP=APP_MODULE,
        SOLARA_MODE="production",
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        SIM_DASHBOARD_SCENARIO=source,
    )
    problem = missing_page_assets()
    if problem:
        raise UsageError(problem)
    warning = font_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if password is None and args.host not in LOOPBACK:
        print(
            f"warning: --host {args.host} without --password-file: anyone who can reach this machine "
            "can use the dashboard (see README, 'Serving an office')",
            file=sys.stderr,
        )
    if not port_free(args.host, args.port):
        raise UsageError(f"--port {args.port}: the port is in use on {args.host}; choose another")

    import uvicorn

    app = build_app(password)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    shown = f"[{shown}]" if ":" in shown else shown
    gate = " (password required)" if password else ""
    print(f"Dashboard 儀表板: open http://{shown}:{args.port}/ in a browser{gate} (Ctrl-C stops it)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
