"""The Options page end to end in headless Debian chromium: a real server with a finished search under
its results/, the front and its figures seen, and a package followed into Explore by its link.

Screenshots go to a temporary folder, or to ``$SIM_SCREENSHOTS_DIR`` (``docs/img`` for the docs).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import free_port
from options_search import make_search
from test_dashboard_browser import CHROMIUM_ARGS, LOAD_TIMEOUT, REPO, screenshot, shots  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """A results/ folder holding the tiny search."""
    results = tmp_path_factory.mktemp("results")
    make_search(results)
    return results


@pytest.fixture(scope="module")
def server(results, tmp_path_factory):
    """The dashboard served by the command line, with the tiny search under its results/."""
    port = free_port()
    env = dict(os.environ, SIM_RESULTS_DIR=str(results), SOLARA_TELEMETRY_MIXPANEL_ENABLE="False")
    log = tmp_path_factory.mktemp("log") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sim", "dashboard", "--port", str(port)], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"dashboard did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_options_shows_the_front_and_its_link_opens_the_package_in_explore(results, server, shots):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    from sim.dashboard.options_io import load_search

    packages = len(load_search(results, "optimisations/tiny").front)  # the search decides how many
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        console = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.set_default_timeout(60_000)
        page.goto(server + "options")
        page.locator(".options-front table").wait_for(timeout=LOAD_TIMEOUT)
        expect(page.locator(".options-front tr")).to_have_count(1 + packages, timeout=30_000)  # header + packages
        expect(page.locator(".options-kept")).to_contain_text(f"顯示 {packages} / {packages} 個方案")
        for figure in (".options-scatter", ".options-parallel"):  # a figure's data can take a minute on a busy machine
            try:
                page.locator(f"{figure} .js-plotly-plot .scatterlayer .trace").first.wait_for(
                    state="attached", timeout=3 * LOAD_TIMEOUT)
            except Exception as err:  # the browser's console says why a figure did not draw
                raise AssertionError(f"{figure} not drawn; console:\n" + "\n".join(console[-30:])) from err
        expect(page.locator(".options-scatter .scatterlayer .point")).to_have_count(packages)  # a point each
        expect(page.locator(".options-parallel .scatterlayer .trace")).to_have_count(packages)  # a line each
        expect(page.locator(".options-robust table")).to_be_visible()
        screenshot(page, shots / "options.png")
        page.locator(".options-explore-link").click()
        page.locator(".day-counter").wait_for(timeout=LOAD_TIMEOUT)
        expect(page.locator(".link-message")).to_have_count(0)
        expect(page.locator(".changed-table")).to_contain_text("主官上")
        expect(page.locator(".changed-table")).to_contain_text("吹哨報到")
        chromium.close()
