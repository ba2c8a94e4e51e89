"""The shock group in headless Debian chromium (Playwright): a visitor switches a flood on in Explore
and sees the run go, with the hit area's tiles and chart, against a real server
(``python -m sim dashboard``, started as :mod:`benchmarks.dashboard_sessions` starts it).
"""

from __future__ import annotations

import re
import shutil

import pytest

from benchmarks.dashboard_sessions import CHROMIUM_ARGS, day_of, open_explore, pause_if_playing, press_play_all
from benchmarks.dashboard_sessions import serve as serve_dashboard
from sim.dashboard.shocks import SHOCK_BY_KEY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed"),
]


def test_switching_a_flood_on_runs_with_the_hit_area_shown(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    with serve_dashboard(tmp_path / "server.log", {}) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            page = open_explore(browser, url)
            expect(page.locator(".hit-area .js-plotly-plot")).to_have_count(0)  # no disaster in the preset
            page.locator(".shock-controls .v-input--checkbox",
                         has_text=SHOCK_BY_KEY["shocks.disaster.enabled"].label("zh")).locator("label").click()
            expect(page.locator(".shock-controls .shock-disaster-start input")).to_have_value("200")
            expect(page.locator(".hit-area .js-plotly-plot")).to_have_count(1)
            expect(page.locator(".hit-area .metric-hit_area_backlog")).to_have_text(re.compile(r"^\d+$"))
            press_play_all([page])
            page.wait_for_function("() => /(\\d+)/.exec(document.querySelector('.day-counter').innerText)[1] > 5")
            pause_if_playing(page)
            assert day_of(page) > 5
            expect(page.locator(".error-box")).to_have_count(0)
        finally:
            browser.close()
