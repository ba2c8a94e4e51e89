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
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port
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
    page.locator(".city-picture .js-plotly-plot").wait_for()  # plotly.js came from the local package
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


def check_empty_state_then_one_legend_per_chart(explore):
    """Before the first day a message, not empty axes; then four charts, each with a legend of
    its own, and no line colour used twice."""
    from playwright.sync_api import expect

    page = explore
    expect(page.locator(".day-counter")).to_contain_text("第 0 天")
    expect(page.locator(".charts-empty")).to_be_visible()
    page.locator(".btn-step").click()
    expect(page.locator(".charts-empty")).to_have_count(0)
    chart = page.locator(".outcome-charts .js-plotly-plot")
    # the whole year in dates (row 0, the state before day 0 on 2019-01-01, to day 365), never −1 to 1
    # (waited for: the server redraws the chart after a step)
    page.wait_for_function(
        "() => /^\\[\"2018-12-31( 00:00)?\",\"2019-12-31( 00:00)?\"\\]$/.test(JSON.stringify("
        "document.querySelector('.outcome-charts .js-plotly-plot')?._fullLayout?.xaxis?.range))")
    assert page.evaluate("() => document.querySelector('.outcome-charts .js-plotly-plot')._fullLayout.xaxis.type")\
        == "date"
    expect(chart).to_have_count(1)
    names = ("legend", "legend2", "legend3", "legend4")
    legend_boxes = chart.locator(", ".join(f".infolayer > g.{name}" for name in names))
    expect(legend_boxes).to_have_count(4)  # one legend per panel
    lines = page.evaluate(
        """() => document.querySelector('.outcome-charts .js-plotly-plot').data.map(
               t => [t.legend || 'legend', t.xaxis || 'x', t.line.color])"""
    )
    panels = {}
    for legend, axis, _colour in lines:
        panels.setdefault(legend, set()).add(axis)
    assert len(panels) == 4 and all(len(axes) == 1 for axes in panels.values())
    # nine outcome lines before the city level; the city departments' backlog makes ten, each its own colour
    assert len({colour for _, _, colour in lines}) == len(lines) == 10
    legends = legend_boxes.all_text_contents()
    assert any("積壓：社區" in text and "積壓訴求（件）" in text for text in legends)
    page.locator(".btn-reset").click()
    expect(page.locator(".charts-empty")).to_be_visible()
    expect(page.locator(".day-counter")).to_contain_text("第 0 天")


def check_follow_a_case_and_its_resident(explore, shots):
    """Click a compound on the city picture, open one of its cases as a timeline, open its
    resident; then play with the panel open and read the days shown per second."""
    from playwright.sync_api import expect

    page = explore
    page.locator(".btn-reset").click()
    expect(page.locator(".day-counter")).to_contain_text("第 0 天")
    page.locator(".btn-play").click()
    page.wait_for_function(
        "() => /第 (\\d+) 天/.exec(document.querySelector('.day-counter').innerText)[1] >= 30", timeout=120_000
    )
    page.locator(".btn-pause").click()
    expect(page.locator(".btn-play")).to_be_visible()
    # the box of a compound (id k…) in the city picture: plotly keeps each box's data on its element
    find_compound = """() => [...document.querySelectorAll('.city-picture g.slice')].findIndex(
               g => g.__data__ && String(g.__data__.data.data.id).startsWith('k'))"""
    page.wait_for_function(f"() => ({find_compound})() >= 0")  # the picture is redrawn after the pause
    index = page.evaluate(find_compound)
    page.locator(".city-picture g.slice").nth(index).click()
    expect(page.locator(".case-item").first).to_be_visible()
    expect(page.locator(".follow-panel h4").first).to_contain_text("最近的訴求")
    page.locator(".case-item").first.click()
    timeline = page.locator(".case-timeline")
    expect(timeline.locator(".hop-raise")).to_have_count(1)
    expect(timeline.locator(".hop-raise .hop-action")).to_have_text("提出")
    assert timeline.locator(".hop").count() >= 2
    page.locator(".btn-open-resident").click()
    resident = page.locator(".resident-view")
    expect(resident.locator(".resident-now")).to_contain_text("滿意度")
    expect(resident.locator(".need-bars > *")).to_have_count(6)  # the classroom city's six domains
    expect(resident.locator(".history-wait")).to_be_visible()
    page.locator(".v-select", has_text="速度").click()  # ask for more than 10 days a second
    page.locator(".menuable__content__active .v-list-item", has_text="30").click()
    page.locator(".btn-play").click()
    expect(page.locator(".btn-pause")).to_be_visible()
    time.sleep(2.0)
    start_day, start = day_of(page), time.monotonic()
    time.sleep(5.0)  # at 30 days a second the year's end is still ahead
    shown_rate = (day_of(page) - start_day) / (time.monotonic() - start)
    page.locator(".btn-pause").click()
    expect(page.locator(".btn-play")).to_be_visible()
    print(
        f"\nExplore with a case and a resident open, classroom preset at speed 30: {shown_rate:.1f} days "
        f"per second shown in the browser; the page's own figure: {page.locator('.shown-rate').inner_text()}"
    )
    assert shown_rate > 1.0
    expect(resident.locator(".resident-history .js-plotly-plot")).to_be_visible()
    expect(resident.locator(".history-wait")).to_have_count(0)
    page.locator(".follow-panel").scroll_into_view_if_needed()
    screenshot(page, shots / "explore_case.png")
    page.locator(".lang-toggle").click()
    expect(timeline.locator(".hop-raise .hop-action")).to_have_text("raised")
    expect(resident.locator(".resident-now")).to_contain_text("satisfaction")
    page.locator(".lang-toggle").click()
    expect(page.locator(".app-bar")).to_contain_text("比較")


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
    page.locator(".js-plotly-plot .errorbar").first.wait_for()  # the bars' 95% CIs
    page.locator(".js-plotly-plot").nth(1).wait_for()
    page.wait_for_function(  # the bands over time sit at their dates: row 0 the day before 2019-01-01
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p._fullLayout.xaxis.type === 'date' && p.data[1].x[0] === '2018-12-31'; }")
    screenshot(page, shots / "compare.png")
    with page.expect_download() as info:  # the brief of this comparison, in the page's language
        page.locator(".compare-brief").get_by_text("下載簡報（HTML）").click()
    brief = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "brief-compare-zh.html"
    assert "A · classroom" in brief and "B · full_programme" in brief and "95% 置信區間" in brief and "解決率" in brief
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


def check_teach_story_tells_two_cases(open_page, shots):
    from playwright.sync_api import expect

    page = open_page("teach", ".story-question")
    page.get_by_role("button", name="一件訴求，從這張桌子到那張桌子").click()
    expect(page.locator(".story-question")).to_contain_text("權責清單")
    page.locator(".predict-down").click()
    page.locator(".btn-run-story").click()
    page.locator(".story-why").wait_for(timeout=120_000)
    cases = page.locator(".story-cases .case-timeline")
    expect(cases).to_have_count(2)
    expect(cases.nth(1).locator(".hop-whistle .hop-action")).to_have_text("吹哨報到")
    assert cases.nth(0).locator(".hop-bounce, .hop-pushdown").count() >= 1


def test_explore_end_to_end(open_page, outside_requests, shots):
    """Explore: loads offline, one legend per chart, step and play work, a case and its resident
    can be followed, the language toggle switches labels, a lever restarts the run, and a second
    visitor has a model of their own."""
    explore = open_page("", ".day-counter")
    check_empty_state_then_one_legend_per_chart(explore)
    check_explore_loads_offline_steps_and_plays(explore, outside_requests, shots)
    check_follow_a_case_and_its_resident(explore, shots)
    check_language_toggle_and_a_lever_restarts_the_run(explore, shots)
    check_two_visitors_have_their_own_models(explore, open_page)


def test_compare_results_teach_end_to_end(open_page, outside_requests, shots):
    """Compare finishes with CIs and verdicts, Results opens an experiment, Teach stories run (one
    of them telling a case from each scenario)."""
    check_compare_finishes_with_cis_and_verdicts(open_page, outside_requests, shots)
    check_results_opens_a_small_experiment(open_page, shots)
    check_teach_story_from_prediction_to_mechanism(open_page, shots)
    check_teach_story_tells_two_cases(open_page, shots)
