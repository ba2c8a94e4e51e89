"""Sharing in headless Debian chromium (Playwright): the scenario downloads, the links that reopen
Explore and Compare, the changed-from-the-preset tables, Results' downloads, and several visitors
playing at once — against a real server started as an office starts it (``python -m sim dashboard``,
production mode), by the same code as ``python -m benchmarks.dashboard_sessions``.
"""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
from test_dashboard_browser import screenshot, shots  # noqa: F401  (shots: the screenshot folder fixture)
from test_dashboard_sharing import experiment_with_series

from benchmarks.dashboard_sessions import (
    CHROMIUM_ARGS,
    LOAD_TIMEOUT_MS,
    day_of,
    open_explore,
    pause_if_playing,
    press_play_all,
)
from benchmarks.dashboard_sessions import serve as serve_dashboard
from sim.dashboard import over_time, scenarios, sharing
from sim.dashboard.pages import compare
from sim.dashboard.results_io import load_experiment
from sim.runs import scenario_hash
from sim.scenario import load_scenario

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed"),
]

CAP, WHISTLE = "社區准入制", "吹哨報到"  # admin.access_cap and joint.whistle as the Chinese page names them


@pytest.fixture(scope="module", autouse=True)
def patient_expectations():
    """Assertions wait up to 30 s: the machine is small and the page is redrawn by the server."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def results_root(tmp_path_factory):
    """The server's results folder: one experiment with daily series, from day 0 on 1 January 2019."""
    root = tmp_path_factory.mktemp("results")
    experiment_with_series(root / "sweep", start_date="2019-01-01")
    return root


@pytest.fixture(scope="module")
def server(results_root, tmp_path_factory):
    with serve_dashboard(tmp_path_factory.mktemp("log") / "server.log", {"SIM_RESULTS_DIR": str(results_root)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, server):
    """Open a page of the dashboard as a new visitor (a fresh browser context)."""
    contexts = []

    def opener(path: str, wait_for: str):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(server.rstrip("/") + path)
        page.locator(wait_for).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        return page

    yield opener
    for context in contexts:
        context.close()


def slider(scope, label: str):
    """The slider of the lever ``label`` within ``scope`` (a page or part of one)."""
    return scope.locator(".v-input", has_text=label).locator("[role=slider]")


def set_lever(scope, label: str, key: str) -> None:
    """Move a lever to its lowest ("Home") or highest ("End") value from the keyboard."""
    lever = slider(scope, label)
    lever.focus()
    lever.press(key)


def download(page, button, folder):
    """Click a download button; the file saved under ``folder`` by its offered name."""
    with page.expect_download() as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_explore_downloads_the_edited_scenario_lists_the_changes_and_links_to_them(visit, tmp_path):
    from playwright.sync_api import expect

    page = visit("/", ".day-counter")
    expect(page.locator(".share-box .no-changes")).to_be_visible()
    set_lever(page, CAP, "Home")
    expect(slider(page, CAP)).to_have_attribute("aria-valuenow", "0")
    set_lever(page, WHISTLE, "End")
    expect(slider(page, WHISTLE)).to_have_attribute("aria-valuenow", "1")
    table = page.locator(".share-box .changed-table")
    expect(table).to_contain_text(CAP)
    expect(table).to_contain_text(WHISTLE)
    expect(table.locator("tr")).to_have_count(3)  # the header and the two levers moved

    path = download(page, page.locator(".share-box").get_by_text("下載情景檔（.toml）"), tmp_path)
    start = scenarios.start_source()
    assert path.name == f"{start}-edited.toml"
    edited = sharing.edited_scenario(scenarios.load(start), {"admin.access_cap": 0.0, "joint.whistle": 1.0}, [])
    assert scenario_hash(load_scenario(path)) == scenario_hash(edited)  # what `python -m sim run FILE` reads

    href = page.locator(".share-link").get_attribute("href")
    assert href.startswith(f"/?{sharing.LINK_PARAM}=")
    reopened = visit(href, ".day-counter")  # a colleague opens the link
    expect(slider(reopened, CAP)).to_have_attribute("aria-valuenow", "0")
    expect(slider(reopened, WHISTLE)).to_have_attribute("aria-valuenow", "1")
    expect(reopened.locator(".share-box .changed-table tr")).to_have_count(3)
    expect(reopened.locator(".link-message")).to_have_count(0)


def test_compare_lists_each_arms_changes_downloads_it_and_links_to_the_comparison(visit, tmp_path):
    from playwright.sync_api import expect

    page = visit("/compare", ".btn-run-compare")
    expect(page.locator(".compare-share .no-changes")).to_have_count(2)
    first = page.locator(".v-card").first
    first.get_by_text("調整槓桿").click()
    set_lever(first, CAP, "Home")
    expect(page.locator(".arm-share-A .changed-table")).to_contain_text(CAP)
    expect(page.locator(".arm-share-B .no-changes")).to_be_visible()

    path = download(page, page.locator(".arm-share-A").get_by_text("下載情景 A（.toml）"), tmp_path)
    arms = scenarios.default_arms()
    arms[0]["levers"] = {"admin.access_cap": 0.0}
    assert scenario_hash(load_scenario(path)) == scenario_hash(compare.build_arms(arms)[0].scenario)

    href = page.locator(".compare-link").get_attribute("href")
    assert href.startswith(f"/compare?{sharing.LINK_PARAM}=")
    reopened = visit(href, ".btn-run-compare")
    expect(reopened.locator(".arm-share-A .changed-table")).to_contain_text(CAP)
    expect(reopened.locator(".arm-share-B .no-changes")).to_be_visible()
    expect(reopened.locator(".v-card").first).to_contain_text("✎")
    expect(reopened.locator(".link-message")).to_have_count(0)


def test_results_downloads_the_table_and_the_chart_shown_over_time(visit, results_root, tmp_path, shots):  # noqa: F811
    page = visit("/results", ".v-select")
    page.locator(".v-select").first.click()
    page.locator(".menuable__content__active .v-list-item", has_text="sweep").click()
    buttons = page.locator(".over-time-downloads")
    buttons.wait_for(timeout=LOAD_TIMEOUT_MS)  # drawn after the experiment's tables are read
    csv = download(page, buttons.get_by_text("下載所示數據（CSV）"), tmp_path)
    outcome = csv.stem.removeprefix("sweep-")
    exp = load_experiment(results_root, "sweep")
    shown = over_time.series_table(exp, "power.delegation", outcome)
    assert csv.read_text() == over_time.table_csv(shown, "power.delegation", outcome)
    table = pd.read_csv(io.StringIO(csv.read_text()))
    assert list(table.columns)[:2] == ["power.delegation", "step"] and len(table) == 2 * 21  # two groups, 21 days
    svg = download(page, buttons.get_by_text("下載 SVG"), tmp_path)
    assert svg.name == f"sweep-{outcome}.svg" and "<svg" in svg.read_text()[:500]
    page.wait_for_function(  # the chart over time (under the one by factor) drawn with its 21 days' dates
        "() => { const x = document.querySelectorAll('.js-plotly-plot')[1]?._fullLayout?.xaxis;"
        " return x?.type === 'date' && String(x.range?.[1]) >= '2019-01-20'; }")
    buttons.scroll_into_view_if_needed()
    screenshot(page, shots / "results_over_time.png")


def test_three_visitors_play_at_once_each_with_their_own_edits(browser, server):
    """Three sessions play Explore together: every one advances, and each keeps its own edits."""
    from playwright.sync_api import expect

    pages = [open_explore(browser, server) for _ in range(3)]
    try:
        plain, capped, whistled = pages
        set_lever(capped, CAP, "Home")
        set_lever(whistled, WHISTLE, "End")
        expect(capped.locator(".share-box .changed-table")).to_contain_text(CAP)
        expect(whistled.locator(".share-box .changed-table")).to_contain_text(WHISTLE)
        press_play_all(pages)
        for page in pages:
            page.wait_for_function(
                "() => Number(/(\\d+)/.exec(document.querySelector('.day-counter').innerText)[1]) >= 10",
                timeout=120_000)
        for page in pages:  # all three were still playing together
            expect(page.locator(".btn-pause")).to_be_visible()
            pause_if_playing(page)
        assert all(day_of(page) >= 10 for page in pages)
        expect(plain.locator(".share-box .no-changes")).to_be_visible()
        expect(capped.locator(".share-box .changed-table")).not_to_contain_text(WHISTLE)
        expect(whistled.locator(".share-box .changed-table")).not_to_contain_text(CAP)
        expect(slider(capped, CAP)).to_have_attribute("aria-valuenow", "0")
        expect(slider(whistled, CAP)).not_to_have_attribute("aria-valuenow", "0")
    finally:
        for page in pages:
            page.context.close()
