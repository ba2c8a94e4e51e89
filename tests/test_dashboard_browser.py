"""End-to-end dashboard tests in headless Debian chromium (Playwright), against a real server
started with ``python -m sim dashboard`` on a free port of 127.0.0.1.

Screenshots go to a temporary folder, or to ``$SIM_SCREENSHOTS_DIR`` (``docs/img`` to refresh
the README's pictures).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_dashboard_components import make_experiment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed"),
]

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
LOAD_TIMEOUT = 90_000  # ms: a cold page imports the widget bundles on a busy 2-core machine


@pytest.fixture(scope="module", autouse=True)
def patient_expectations():
    """Assertions wait up to 30 s: CI machines are small and the page is redrawn by the server."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard served by the command line, with a small experiment under its results/."""
    results = tmp_path_factory.mktemp("results")
    make_experiment(results / "sweep")
    port = free_port()
    env = dict(os.environ, SIM_RESULTS_DIR=str(results), SOLARA_TELEMETRY_MIXPANEL_ENABLE="False")
    log = tmp_path_factory.mktemp("log") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim", "dashboard", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
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
    assert f"open http://127.0.0.1:{port}/" in log.read_text()
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def outside_requests():
    """Every request the pages make to anything but the dashboard server."""
    return []


@pytest.fixture(scope="module")
def open_page(browser, server, outside_requests):
    """Open a page of the dashboard in a fresh browser context (a new visitor)."""
    contexts = []

    def opener(path: str = "", wait_for: str = ".app-bar"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((server.rstrip("/"), "data:", "blob:", "ws://127.0.0.1"))
                else outside_requests.append(r.url)
            ),
        )
        page.goto(server + path)
        page.locator(wait_for).first.wait_for(timeout=LOAD_TIMEOUT)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("SIM_SCREENSHOTS_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def screenshot(page, path: Path) -> None:
    """A full-page picture once the charts have settled."""
    time.sleep(2.0)
    page.screenshot(path=str(path), full_page=True)


def day_of(page) -> int:
    text = page.locator(".day-counter").inner_text()
    return int(re.search(r"(\d+)", text).group(1))


def check_explore_loads_offline_steps_and_plays(explore, outside_requests, shots):
    from playwright.sync_api import expect

    page = explore
    expect(page.locator(".day-counter")).to_contain_text("第 0 天")
    page.locator(".js-plotly-plot").first.wait_for()  # plotly.js came from the local package
    page.locator(".btn-step").click()
    expect(page.locator(".day-counter")).to_contain_text("第 1 天")
    page.locator(".btn-play").click()
    expect(page.locator(".btn-pause")).to_be_visible()
    time.sleep(1.0)
    start_day, start = day_of(page), time.monotonic()
    time.sleep(4.0)
    shown_rate = (day_of(page) - start_day) / (time.monotonic() - start)
    page.locator(".btn-pause").click()
    expect(page.locator(".btn-play")).to_be_visible()
    print(
        f"\nExplore, classroom preset at speed 10: {shown_rate:.1f} days per second shown in "
        f"the browser; the page's own figure: {page.locator('.shown-rate').inner_text()}"
    )
    assert shown_rate > 1.0
    page.locator(".js-plotly-plot").nth(2).wait_for()  # the city picture and the Sankey
    screenshot(page, shots / "explore.png")
    assert outside_requests == []


def check_language_toggle_and_a_lever_restarts_the_run(explore, shots):
    from playwright.sync_api import expect

    page = explore
    page.locator(".btn-reset").click()
    expect(page.locator(".day-counter")).to_contain_text("第 0 天")
    for _ in range(3):
        page.locator(".btn-step").click()
    expect(page.locator(".day-counter")).to_contain_text("第 3 天")
    page.locator(".lang-toggle").click()
    expect(page.locator(".day-counter")).to_contain_text("Day 3 of 365")
    expect(page.locator(".app-bar")).to_contain_text("Compare")
    expect(page.get_by_text("Community access cap (社區准入制)")).to_be_visible()
    slider = page.locator(".v-input", has_text="Community access cap").locator("[role=slider]")
    slider.focus()
    slider.press("Home")  # cap admin tasks at 0% of community hours
    expect(page.locator(".day-counter")).to_contain_text("Day 0 of 365")
    expect(slider).to_have_attribute("aria-valuenow", "0")
    for _ in range(5):
        page.locator(".btn-step").click()
    expect(page.locator(".day-counter")).to_contain_text("Day 5 of 365")
    screenshot(page, shots / "explore_en.png")
    page.locator(".lang-toggle").click()
    expect(page.locator(".app-bar")).to_contain_text("比較")


def check_two_visitors_have_their_own_models(explore, open_page):
    from playwright.sync_api import expect

    first = explore
    first.locator(".btn-reset").click()
    expect(first.locator(".day-counter")).to_contain_text("第 0 天")
    for _ in range(4):
        first.locator(".btn-step").click()
    expect(first.locator(".day-counter")).to_contain_text("第 4 天")
    second = open_page("", ".day-counter")
    expect(second.locator(".day-counter")).to_contain_text("第 0 天")
    second.locator(".btn-step").click()
    expect(second.locator(".day-counter")).to_contain_text("第 1 天")
    expect(first.locator(".day-counter")).to_contain_text("第 4 天")


def check_compare_finishes_with_cis_and_verdicts(open_page, outside_requests, shots):
    from playwright.sync_api import expect

    page = open_page("compare", ".btn-run-compare")
    days = page.locator(".v-input", has_text="天數").locator("[role=slider]")
    days.focus()
    days.press("Home")
    for _ in range(5):
        days.press("ArrowRight")  # 60 days
    expect(days).to_have_attribute("aria-valuenow", "60")
    page.locator(".btn-run-compare").click()
    expect(page.locator(".compare-progress")).to_be_visible()
    page.locator(".verdicts").wait_for(timeout=120_000)
    expect(page.locator(".verdicts")).to_contain_text("95% 置信區間")
    assert page.locator(".js-plotly-plot .errorbar").count() > 0  # the bars' 95% CIs
    page.locator(".js-plotly-plot").nth(1).wait_for()
    screenshot(page, shots / "compare.png")
    assert outside_requests == []


def check_results_opens_a_small_experiment(open_page, shots):
    from playwright.sync_api import expect

    page = open_page("results", ".v-select")
    page.locator(".v-select").first.click()
    page.locator(".menuable__content__active .v-list-item", has_text="sweep").click()
    expect(page.locator(".design-summary")).to_contain_text("共 12 次運行")
    expect(page.get_by_text("power.delegation").first).to_be_visible()
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, shots / "results.png")


def check_teach_story_from_prediction_to_mechanism(open_page, shots):
    from playwright.sync_api import expect

    page = open_page("teach", ".story-question")
    expect(page.locator(".btn-run-story")).to_be_disabled()
    page.locator(".predict-down").click()
    page.locator(".btn-run-story").click()
    page.locator(".story-why").wait_for(timeout=120_000)
    expect(page.locator(".story-result")).to_contain_text("社區行政事務工時佔比")
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, shots / "teach.png")


def test_explore_end_to_end(open_page, outside_requests, shots):
    """Explore: loads offline, step and play work, the language toggle switches labels, a lever
    restarts the run, and a second visitor has a model of their own."""
    explore = open_page("", ".day-counter")
    check_explore_loads_offline_steps_and_plays(explore, outside_requests, shots)
    check_language_toggle_and_a_lever_restarts_the_run(explore, shots)
    check_two_visitors_have_their_own_models(explore, open_page)


def test_compare_results_teach_end_to_end(open_page, outside_requests, shots):
    """Compare finishes with CIs and verdicts, Results opens an experiment, a Teach story runs."""
    check_compare_finishes_with_cis_and_verdicts(open_page, outside_requests, shots)
    check_results_opens_a_small_experiment(open_page, shots)
    check_teach_story_from_prediction_to_mechanism(open_page, shots)
