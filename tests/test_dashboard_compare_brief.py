"""Compare's brief box: after a small comparison its HTML and PDF downloads hold the arms, the
headline outcomes with their intervals and, in Chinese, Chinese text; the page says what to install
when the PDF cannot be made."""

from __future__ import annotations

import importlib.util
import time

import ipyvuetify as v
import pytest
import solara
from dashboard_session import fresh_session  # noqa: F401  (the autouse fixture)
from solara.components.file_download import FileDownloadWidget
from test_brief import _pdf_streams, visible

from sim.analysis.brief import brief_of
from sim.dashboard import compare_brief, i18n, state
from sim.dashboard.compare_brief import brief_input
from sim.dashboard.i18n import tr
from sim.dashboard.pages import compare
from sim.runs import scenario_hash

HAS_WEASYPRINT = importlib.util.find_spec("weasyprint") is not None


def wait_for(predicate, timeout=120.0):
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


@pytest.fixture()
def finished(fresh_session):  # noqa: F811
    """The Compare page after a small comparison: classroom with and without an access cap, 3 × 20 days."""
    state.arms.value = [{"source": "classroom", "levers": {}},
                        {"source": "classroom", "levers": {"admin.access_cap": 0.2}}]
    state.replicates.value = 3
    state.compare_days.value = 20
    _box, rc = solara.render(compare.Page(), handle_error=False)
    rc.find(v.Btn, class_="btn-run-compare").widget.click()
    wait_for(lambda: not state.compare_job.value.running)
    assert state.compare_job.value.status == "done", state.compare_job.value.error
    wait_for(lambda: rc.find(FileDownloadWidget, filename="brief-compare-zh.html").widgets)
    return rc


def download(rc, filename: str) -> bytes:
    """Click the download button offering ``filename`` and return what it hands the browser."""
    widget = rc.find(FileDownloadWidget, filename=filename).widget
    widget.request_download = True
    wait_for(lambda: rc.find(FileDownloadWidget, filename=filename).widget.bytes)
    return rc.find(FileDownloadWidget, filename=filename).widget.bytes


def test_the_brief_of_a_comparison_holds_its_arms_outcomes_and_intervals(finished):
    result = state.compare_job.value.result
    brief = brief_of(brief_input(result, "zh"))
    html = download(finished, "brief-compare-zh.html").decode("utf-8")
    shown = visible(html)
    assert [a.name for a in brief.arms] == ["A · classroom", "B · classroom"]
    for arm, label in zip(brief.arms, result.finals, strict=True):
        assert arm.name in shown and scenario_hash(result.scenarios[label]) in shown
        assert all(str(seed) in shown for seed in result.seeds)  # the shared seeds, as they ran
    assert "社區准入制" in shown and "→ 0.2" in shown  # B's lever, by the essay's term
    rate = next(r for r in brief.outcomes if r.outcome == "resolution_rate")
    a = result.finals["A · classroom"]["resolution_rate"]
    ref = rate.per_arm["A · classroom"]
    assert ref["mean"] == pytest.approx(a.mean()) and ref["n"] == 3
    assert f"{ref['mean']:.3g} [{ref['ci_low']:.3g}, {ref['ci_high']:.3g}]" in shown
    d = rate.differences["B · classroom✎"]
    assert f"{d.diff:.3g} [{d.diff_lo:.3g}, {d.diff_hi:.3g}]" in shown
    admin = next(r for r in brief.outcomes if r.outcome == "community_admin_share")
    assert admin.differences["B · classroom✎"].significant and admin.differences["B · classroom✎"].diff < 0
    assert all(w in shown for w in ("解決率", "95% 置信區間", "參照方案", "「比較」頁面", "共同隨機數"))
    assert html.count("<svg") == 2  # the difference chart and the band chart


def test_the_brief_follows_the_page_language(finished):
    i18n.lang.value = "en"
    wait_for(lambda: finished.find(FileDownloadWidget, filename="brief-compare-en.html").widgets)
    shown = visible(download(finished, "brief-compare-en.html").decode("utf-8"))
    assert "Headline outcomes" in shown and "95% CI" in shown and "the Compare page" in shown
    assert not any(w in shown for w in ("主要結果", "參照方案", "置信區間"))  # no Chinese sentence


@pytest.mark.skipif(not HAS_WEASYPRINT, reason="weasyprint not installed")
def test_the_pdf_download_is_a_pdf_with_its_fonts(finished):
    data = download(finished, "brief-compare-zh.pdf")
    assert data.startswith(b"%PDF")
    inflated = _pdf_streams(data).lower()
    assert b"<653f>" in inflated and b"<7c21>" in inflated  # 政, 簡 of the title: the text holds Chinese


def test_without_weasyprint_the_page_says_what_to_install(finished, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(compare_brief.importlib.util, "find_spec",
                        lambda name, *a: None if name == "weasyprint" else real(name, *a))
    i18n.lang.value = "en"  # a new render of the box
    wait_for(lambda: finished.find(v.Alert, class_="compare-brief-no-pdf").widgets)
    alert = finished.find(v.Alert, class_="compare-brief-no-pdf").widget
    assert "pip install weasyprint" in str(alert.children) and tr("compare_brief_no_pdf", "en") in str(alert.children)
    assert not finished.find(FileDownloadWidget, filename="brief-compare-en.pdf").widgets
    assert finished.find(FileDownloadWidget, filename="brief-compare-en.html").widgets


def test_arms_of_different_cities_list_the_other_setting(fresh_session):  # noqa: F811
    """Arms differing beyond the levers (here the number of residents) say so in the arms table."""
    from sim.dashboard.jobs import Arm, run_arms
    from sim.scenario import load_scenario

    base = load_scenario("classroom")
    arms = [Arm("A · classroom", base), Arm("B · classroom✎", load_scenario("classroom", {"city.residents": 2000}))]
    result = run_arms(arms, 2, 5, ["resolution_rate"])
    shown = visible(compare_brief.brief_html(result, "en"))
    assert f"other setting city.residents: {base.city.residents} → 2000" in shown
