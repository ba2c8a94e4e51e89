"""The policy brief: built from a small real comparison, it holds the arms and the levers they
change, the outcomes with their intervals and provenance, in both languages; the PDF is a real
PDF whose text holds Chinese; bad input exits 2 with one message."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
import textwrap
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sim.analysis.brief import BriefError, build_brief
from sim.analysis.brief_input import reproduce_command
from sim.analysis.brief_render import band_chart, render_html
from sim.analysis.brief_text import LANGUAGES, STRINGS
from sim.analysis.results import load_results
from sim.cli import main
from sim.experiments import LocalExecutor, ResultStore, load_experiment, run_experiment

REPO = Path(__file__).resolve().parents[1]
HAS_WEASYPRINT = importlib.util.find_spec("weasyprint") is not None


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    """A tiny real comparison: the classroom city with and without 吹哨報到, 2 paired replicates."""
    folder = tmp_path_factory.mktemp("brief")
    path = folder / "whistle.toml"
    path.write_text(textwrap.dedent("""
        name = "whistle_brief"
        description = "Does summoning departments jointly speed up resolution?"
        scenario = "classroom"
        steps = 12
        replicates = 2
        seed = 7
        seeding = "common"
        design = "grid"
        [factors]
        joint.whistle = [0.0, 0.8]
        [output]
        keep = ["resolution_rate", "issues_open"]
        """), encoding="utf-8")
    out = folder / "results"
    with LocalExecutor(1) as executor:
        run_experiment(load_experiment(path), ResultStore(out), executor, progress=False)
    return out


class _Text(HTMLParser):
    """The visible text of a page (scripts and styles aside)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_every_text_has_both_languages_and_the_same_fields():
    for key, (zh, en) in STRINGS.items():
        assert zh and en, key
        assert set(re.findall(r"{(\w+)", zh)) == set(re.findall(r"{(\w+)", en)), key


def test_the_brief_holds_the_arms_their_lever_and_the_paired_differences(comparison):
    brief = build_brief(comparison)
    assert [a.letter for a in brief.arms] == ["A", "B"]
    assert brief.paired and brief.hashes_verified
    reference, whistle = brief.arms
    assert reference.changes == [] and [c.key for c in whistle.changes] == ["joint.whistle"]
    change = whistle.changes[0]
    assert (change.old, change.new, change.since) == (0.0, 0.8, None) and "吹哨報到" in change.term
    assert len(reference.seeds) == 2 and reference.seeds == whistle.seeds  # common random numbers
    assert reference.scenario_hash != whistle.scenario_hash
    rate = next(r for r in brief.outcomes if r.outcome == "resolution_rate")
    runs = load_results(comparison).runs.sort_values(["point", "replicate"])
    a, b = (runs.loc[runs["joint.whistle"] == v, "resolution_rate"].to_numpy() for v in (0.0, 0.8))
    assert rate.per_arm[reference.label]["mean"] == pytest.approx(a.mean())
    d = rate.differences[whistle.label]
    assert d.diff == pytest.approx(b.mean() - a.mean())
    assert d.diff_lo <= d.diff <= d.diff_hi
    assert brief.bands["outcome"] == "resolution_rate"
    assert brief.bands["arms"][reference.label].shape == (2, 13)  # 2 replicates × days 0–12


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_shows_arms_intervals_caveats_and_provenance(comparison, language):
    brief = build_brief(comparison)
    html = render_html(brief, language)
    shown = visible(html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html) and "<script" not in html  # offline
    assert html.count("<svg") == 2  # the difference chart and the band chart, inline
    for arm in brief.arms:
        assert arm.name in shown and arm.scenario_hash in shown
        assert all(str(seed) in shown for seed in arm.seeds)
    assert "吹哨報到" in shown and "0 → 0.8" in shown
    rate = next(r for r in brief.outcomes if r.outcome == "resolution_rate")
    ref = rate.per_arm[brief.reference.label]
    assert f"{ref['mean']:.3g} [{ref['ci_low']:.3g}, {ref['ci_high']:.3g}]" in shown
    d = rate.differences[brief.arms[1].label]
    assert f"{d.diff:.3g} [{d.diff_lo:.3g}, {d.diff_hi:.3g}]" in shown
    m = load_results(comparison).manifest
    assert m["git"]["commit"] in shown and m["identity"] in shown and str(m["experiment_seed"]) in shown
    words = {"zh": ("解決率", "95% 置信區間", "模型不能說明的事", "參照方案"),
             "en": ("resolution rate", "95% CI", "What the model does not say", "reference")}
    assert all(w in shown for w in words[language])
    other = words["en" if language == "zh" else "zh"]
    assert not any(w in shown for w in other[2:3])


def x_axis(svg: str) -> tuple[list[str], str]:
    """The x axis of a matplotlib SVG (its text kept as text): its tick labels and its title."""
    axis = svg[svg.index('<g id="matplotlib.axis_1">'):svg.index('<g id="matplotlib.axis_2">')]
    *ticks, title = re.findall(r"<text[^>]*>([^<]*)</text>", axis)
    return ticks, title


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_band_chart_dates_its_days_from_the_start_date(comparison, language):
    brief = build_brief(comparison)
    start = brief.reference.scenario.start_date
    svg = band_chart(brief, language)
    ticks, title = x_axis(svg)
    fmt = {"zh": "%Y年%m月%d日", "en": "%d %b %Y"}[language]
    dates = [dt.datetime.strptime(t, fmt).date() for t in ticks]
    assert len(dates) >= 3 and dates == sorted(dates)
    first, last = start - dt.timedelta(days=1), start + dt.timedelta(days=brief.source.steps - 1)  # rows 0 and 12
    assert all(first - dt.timedelta(days=1) <= d <= last + dt.timedelta(days=1) for d in dates)
    assert start in dates or start + dt.timedelta(days=1) in dates
    assert title == {"zh": "日期", "en": "date"}[language]


def test_the_band_chart_counts_days_when_the_arms_start_on_different_dates(comparison):
    brief = build_brief(comparison)
    other = brief.arms[1]
    other.scenario = other.scenario.model_copy(update={"start_date": dt.date(2020, 6, 1)})
    svg = band_chart(brief, "en")
    ticks, title = x_axis(svg)
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks) and title == "day"


def test_the_reproduce_command_carries_what_set_changed():
    manifest = {"experiment_file": "experiments/x.toml", "steps": 12, "replicates": 2, "experiment_seed": 7,
                "overrides": {"city.residents": 600, "shocks.epidemic.enabled": True}}
    assert reproduce_command(manifest) == (
        "python -m sim experiment experiments/x.toml --set steps=12 --set replicates=2 --set seed=7 "
        "--set city.residents=600 --set shocks.epidemic.enabled=true")


def test_the_command_writes_the_html_beside_the_results(comparison, tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert main(["brief", str(comparison), "--lang", "en", "-o", str(out)]) == 0
    assert "Policy brief: whistle_brief" in out.read_text(encoding="utf-8")
    (comparison / "compare").mkdir(exist_ok=True)  # where `python -m sim compare` writes
    assert main(["brief", str(comparison / "compare")]) == 0
    assert "政策簡報" in (comparison / "brief-zh.html").read_text(encoding="utf-8")


def _pdf_streams(data: bytes) -> bytes:
    """Every compressed stream of a PDF, inflated and joined (fonts, their Unicode maps, pages)."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(found)


@pytest.mark.skipif(not HAS_WEASYPRINT, reason="weasyprint is not installed (pip install 'shiyu-sim[pdf]')")
def test_the_pdf_is_a_pdf_whose_text_holds_chinese(comparison, tmp_path):
    out = tmp_path / "brief.html"
    assert main(["brief", str(comparison), "--lang", "zh", "--pdf", "-o", str(out)]) == 0
    data = out.with_suffix(".pdf").read_bytes()
    assert data.startswith(b"%PDF")
    inflated = _pdf_streams(data)
    # the title's characters are mapped back to their code points (政 U+653F, 簡 U+7C21), so the text holds Chinese
    assert b"<653f>" in inflated.lower() and b"<7c21>" in inflated.lower()
    if sys.platform.startswith("linux"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if fonts.strip():  # a CJK font is installed: the PDF embeds it
            assert re.search(rb"FontName\s*/\w+\+\w*(WenQuanYi|Noto|CJK|Hei|Ming|Song)", inflated)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["brief", "no/such/folder"], "no such folder"),
        (["brief", "{results}", "--lang", "fr"], "invalid choice: 'fr'"),
        (["brief", "{results}", "-o", "{empty}/missing/brief.html"], "no such folder"),
    ],
)
def test_bad_input_exits_2_with_one_message(comparison, tmp_path, capsys, args, says):
    args = [a.format(empty=tmp_path, results=comparison) for a in args]
    assert main(args) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines


def test_a_folder_without_results_exits_2_without_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sim", "brief", str(tmp_path)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "not an experiment folder" in lines[0], lines


def test_a_single_run_is_refused_with_what_would_do(tmp_path):
    run = tmp_path / "run"
    assert main(["run", "classroom", "--steps", "3", "--out", str(run)]) == 0
    with pytest.raises(BriefError, match="single run"):
        build_brief(run)
