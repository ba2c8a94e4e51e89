"""How many dashboard sessions one machine serves while each still shows 5 days a second.

    python -m benchmarks.dashboard_sessions                  # N = 1, 2, 4, 6, 8, … until one falls short
    python -m benchmarks.dashboard_sessions --sessions 1,3   # only these counts
    python -m benchmarks.dashboard_sessions --window 20      # a longer measuring window

Starts the dashboard as an office serves it (``python -m sim dashboard``: Solara's production mode
run by uvicorn in one process) on a free port of 127.0.0.1, then for each N opens N visitors in
headless Debian chromium (one browser context each, so N sessions with a model of their own),
presses Play on Explore in every one at the page's default speed of 10 days a second, lets them run
``--warmup`` seconds, and reads each page's day counter at the start and the end of a fixed window
of ``--window`` seconds.  Days shown per second is the counter's rise over the window's wall time,
as the visitor sees it in the browser (the server runs more days per frame when frames fall
behind, so the counter falls short of the speed only when the machine cannot keep up).  The
browser draws the N pages on the same machine, so the figure is for a server whose visitors'
browsers also run on it: a server whose visitors draw on their own machines holds at least as many.

Prints days per second of every session for each N and the largest N whose slowest session still
shows at least ``--need`` days a second.  Figures are printed, never asserted; the machine may be
shared, so the load average before each N is printed beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[1]
LOAD_TIMEOUT_MS = 120_000  # a cold page imports the widget bundles; slow on a busy 2-core machine
DEFAULT_COUNTS = (1, 2, 4, 6, 8)  # then 10, 12, … while the slowest session keeps up


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(log: Path, env: dict[str, str] | None = None, timeout: float = 120.0) -> Iterator[str]:
    """The dashboard served by ``python -m sim dashboard`` on a free port; yields its address.

    Args:
        log: file that receives the server's output.
        env: extra environment for the server (e.g. ``SIM_RESULTS_DIR``).
        timeout: seconds to wait for the first page.

    Returns:
        A context manager; the server stops when it exits.
    """
    port = free_port()
    environment = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False", **(env or {}))
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sim", "dashboard", "--port", str(port)], cwd=REPO,
                                env=environment, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the dashboard did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def open_explore(browser, url: str):
    """A new visitor (a browser context of its own) on Explore, once its day counter shows."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.goto(url)
    page.locator(".day-counter").wait_for(timeout=LOAD_TIMEOUT_MS)
    return page


def day_of(page) -> int:
    """The day a page's day counter shows."""
    return int(re.search(r"(\d+)", page.locator(".day-counter").inner_text()).group(1))


def press_play_all(pages) -> None:
    """Press Play on every page first, then wait until each shows it is playing.

    Clicking all before waiting on any starts the sessions within one round trip of each other,
    so none has run far ahead (or finished its year) when the window opens.
    """
    for page in pages:
        page.locator(".btn-play").click()
    for page in pages:
        page.locator(".btn-pause").wait_for()


def pause_if_playing(page) -> None:
    """Press Pause where the page still plays (a page whose run has ended shows no Pause)."""
    button = page.locator(".btn-pause")
    if button.count():
        button.click()
        page.locator(".btn-play").wait_for()


def last_day(page) -> int:
    """The last day of the page's run (Explore's day counter shows "day D / LAST")."""
    numbers = re.findall(r"(\d+)", page.locator(".day-counter").inner_text())
    return int(numbers[-1])


def rates(browser, url: str, sessions: int, warmup: float, window: float) -> list[float]:
    """Days per second each of ``sessions`` visitors playing Explore at once sees over ``window``.

    Raises:
        RuntimeError: a session's run ended inside the window, so its rate would be too low;
            the message says to shorten ``--warmup`` or ``--window``.
    """
    pages = [open_explore(browser, url) for _ in range(sessions)]
    try:
        press_play_all(pages)
        time.sleep(warmup)
        start = [(day_of(page), time.monotonic()) for page in pages]
        time.sleep(window)
        end = [(day_of(page), time.monotonic()) for page in pages]
        ended = [i for i, page in enumerate(pages) if end[i][0] >= last_day(page)]
        for page in pages:
            pause_if_playing(page)
    finally:
        for page in pages:
            page.context.close()
    if ended:
        raise RuntimeError(f"{len(ended)} of {sessions} sessions reached the end of their run inside the "
                           "window; measure with a shorter --warmup or --window")
    return [(d1 - d0) / (t1 - t0) for (d0, t0), (d1, t1) in zip(start, end, strict=True)]


def counts(chosen: str | None, most: int) -> Iterator[int]:
    """The session counts to try: the chosen ones, or 1, 2, 4, 6, 8, 10, … up to ``most``."""
    if chosen:
        yield from (int(n) for n in chosen.split(","))
        return
    n = 0
    for n in DEFAULT_COUNTS:
        if n > most:
            return
        yield n
    while n + 2 <= most:
        n += 2
        yield n


def main(argv: list[str] | None = None) -> int:
    """Measure and print days per second per session for each number of sessions."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard_sessions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", help="comma-separated session counts (default: 1, 2, 4, 6, 8, … until short)")
    parser.add_argument("--most", type=int, default=24, help="never more sessions than this (default 24)")
    parser.add_argument("--warmup", type=float, default=4.0, help="seconds of play before the window (default 4)")
    parser.add_argument("--window", type=float, default=12.0, help="seconds measured (default 12)")
    parser.add_argument("--need", type=float, default=5.0, help="days per second each must show (default 5)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Debian chromium is needed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    print(f"Explore at speed 10 (classroom preset), {os.cpu_count()} CPUs, window {args.window:g} s "
          f"after {args.warmup:g} s of play; days per second shown in each browser session")
    held = 0
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "server.log") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for n in counts(args.sessions, args.most):
            load = os.getloadavg()[0]
            try:
                shown = rates(browser, url, n, args.warmup, args.window)
            except RuntimeError as error:
                print(f"N={n:<3d} load {load:4.1f}  not measured: {error}", flush=True)
                break
            slowest = min(shown)
            print(f"N={n:<3d} load {load:4.1f}  slowest {slowest:5.1f}  mean {sum(shown) / n:5.1f}  "
                  f"each: {' '.join(f'{r:.1f}' for r in shown)}", flush=True)
            if slowest < args.need:
                if not args.sessions:
                    break
                continue
            held = max(held, n)
        browser.close()
    print(f"largest N whose every session showed >= {args.need:g} days/s: {held or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
