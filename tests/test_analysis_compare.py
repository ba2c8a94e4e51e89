"""compare and sensitivity on synthetic experiment folders whose answers are known."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis import compare, load_results, sensitivity
from sim.analysis.design_points import runs_start_date
from sim.cli import main
from sim.experiments import ResultStore, build_design, load_experiment, plan_tasks
from sim.experiments.runner import base_manifest


def synthetic(folder: Path, body: str, outcome) -> Path:
    """An experiment folder whose outcomes come from ``outcome(factor values, rng)``."""
    (folder / "town.toml").write_text('name = "town"\nsteps = 10\n', encoding="utf-8")
    path = folder / "exp.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    exp = load_experiment(path)
    design = build_design(exp)
    store = ResultStore(folder / "out")
    store.write_manifest(base_manifest(exp, design, exp.identity()))
    store.open(exp.identity())
    rows, frames = [], []
    for task, record in plan_tasks(exp, design):
        rng = np.random.default_rng(task.seed)
        values = outcome(record, rng)
        rows.append({**record, "status": "ok", "error": "", "wall_time": 0.0, **values})
        steps = np.arange(0, 11, 5)
        frames.append(
            pd.DataFrame(
                {"run_id": task.run_id, "step": steps, "resolution_rate": values["resolution_rate"] * steps / 10}
            )
        )
    store.append(rows, pd.concat(frames, ignore_index=True))
    store.consolidate()
    return folder / "out"


GRID = """
    scenario = "town.toml"
    replicates = 30
    seed = 1
    [factors]
    power.delegation = [0.1, 0.5, 0.9]
"""


def shifted(record, rng):
    """Only delegation 0.9 raises the resolution rate (by 0.1); satisfaction never moves."""
    lift = 0.1 if record["power.delegation"] == 0.9 else 0.0
    return {"resolution_rate": 0.6 + lift + rng.normal(0, 0.03), "satisfaction_mean": 0.7 + rng.normal(0, 0.02)}


def test_compare_finds_the_known_effect_and_writes_everything(tmp_path):
    out = synthetic(tmp_path, GRID, shifted)
    result = compare(load_results(out), out_dir=out / "compare")
    assert result.groups == ["0.1", "0.5", "0.9"] and result.reference == "0.1"
    assert result.outcomes == ["resolution_rate", "satisfaction_mean"]
    tests = result.tests.set_index(["outcome", "group"])
    assert tests.loc[("resolution_rate", "0.9"), "significant"]
    assert tests.loc[("resolution_rate", "0.9"), "cliffs_delta_size"] == "large"
    assert not tests.loc[("resolution_rate", "0.5"), "significant"]
    assert not tests.loc[("satisfaction_mean", "0.9"), "significant"]
    summary = result.summary.set_index(["outcome", "group"])
    row = summary.loc[("resolution_rate", "0.9")]
    assert row["ci_low"] < 0.7 < row["ci_high"] and row["n"] == 30
    for name in ("summary.csv", "tests.csv", "sufficiency.csv", "report.md"):
        assert (out / "compare" / name).is_file()
    figures = out / "compare" / "figures"
    for stem in ("distribution_resolution_rate", "timeseries_resolution_rate", "distribution_satisfaction_mean"):
        assert (figures / f"{stem}.png").stat().st_size > 0
        assert (figures / f"{stem}.svg").stat().st_size > 0
    report = (out / "compare" / "report.md").read_text(encoding="utf-8")
    assert "unlikely to be chance" in report and "Holm" in report
    assert "figures/timeseries_resolution_rate.png" in report


def x_axis(svg: str) -> tuple[list[str], str]:
    """The x axis of a matplotlib SVG (its text kept as text): its tick labels and its title."""
    axis = svg[svg.index('<g id="matplotlib.axis_1">'):svg.index('<g id="matplotlib.axis_2">')]
    *ticks, title = re.findall(r"<text[^>]*>([^<]*)</text>", axis)
    return ticks, title


def test_the_figure_over_time_is_dated_from_the_scenarios_start_date(tmp_path):
    out = synthetic(tmp_path, GRID, shifted)
    (tmp_path / "town.toml").write_text('name = "town"\nsteps = 10\nstart_date = 2019-03-01\n', encoding="utf-8")
    results = load_results(out)
    assert runs_start_date(results.manifest, results.runs) == dt.date(2019, 3, 1)
    compare(results, out_dir=out / "compare")
    svg = (out / "compare" / "figures" / "timeseries_resolution_rate.svg").read_text(encoding="utf-8")
    ticks, title = x_axis(svg)
    dates = [dt.datetime.strptime(t, "%d %b %Y").date() for t in ticks]
    assert title == "date" and len(dates) >= 3
    assert all(dt.date(2019, 2, 27) <= d <= dt.date(2019, 3, 11) for d in dates)  # rows 0–10: 28 Feb – 10 Mar


def test_the_figure_over_time_counts_days_when_the_start_date_is_unknown(tmp_path):
    out = synthetic(tmp_path, GRID, shifted)
    (tmp_path / "town.toml").unlink()  # the scenario cannot be rebuilt
    results = load_results(out)
    assert runs_start_date(results.manifest, results.runs) is None
    compare(results, out_dir=out / "compare")
    ticks, title = x_axis((out / "compare" / "figures" / "timeseries_resolution_rate.svg").read_text(encoding="utf-8"))
    assert title == "day" and ticks and all(re.fullmatch(r"\d+", t) for t in ticks)


def test_replicate_check_reports_what_a_tighter_precision_needs(tmp_path):
    out = synthetic(tmp_path, GRID, shifted)
    loose = compare(load_results(out), outcomes=["resolution_rate"], precision=0.2)
    assert loose.sufficiency["sufficient"].all()
    tight = compare(load_results(out), outcomes=["resolution_rate"], precision=0.001)
    assert not tight.sufficiency["sufficient"].any()
    # sd 0.03 around 0.6: (1.96 · 0.03 / (0.001 · 0.6))² ≈ 9,600 replicates
    needed = tight.sufficiency.set_index("group").loc["0.1", "replicates_needed"]
    assert 7_000 < needed < 13_000


def test_compare_options_and_errors(tmp_path):
    out = synthetic(tmp_path, GRID, shifted)
    result = compare(load_results(out), reference="0.9", test="welch", correction="bonferroni")
    assert set(result.tests["group"]) == {"0.1", "0.5"}
    assert main(["compare", str(out), "--reference", "0.3", "--no-figures"]) == 2
    assert main(["compare", str(out), "--outcome", "happiness", "--no-figures"]) == 2
    assert main(["compare", str(tmp_path / "nothing")]) == 2
    assert main(["compare", str(out), "--by", "power.delegation", "--no-figures"]) == 0


def linear(record, rng):
    """resolution_rate = 4·x1 + 2·x2 + 0·x3 (+ tiny noise)."""
    y = 4 * record["power.delegation"] + 2 * record["power.list_clarity"]
    return {"resolution_rate": y + rng.normal(0, 1e-3), "satisfaction_mean": 0.5}


SAMPLED = """
    scenario = "town.toml"
    replicates = 1
    seed = 3
    design = "{design}"
    samples = {samples}
    [factors]
    power.delegation = {{ low = 0.0, high = 1.0 }}
    power.list_clarity = {{ low = 0.0, high = 1.0 }}
    joint.whistle = {{ low = 0.0, high = 1.0 }}
"""


def test_morris_ranks_the_factors_of_a_known_function(tmp_path):
    out = synthetic(tmp_path, SAMPLED.format(design="morris", samples=10), linear)
    result = sensitivity(load_results(out), out_dir=out / "sensitivity")
    table = result.table.set_index("factor")
    assert result.method == "morris"
    assert table.loc["power.delegation", "mu_star"] == pytest.approx(4, rel=0.05)
    assert table.loc["power.list_clarity", "mu_star"] == pytest.approx(2, rel=0.05)
    assert table.loc["joint.whistle", "mu_star"] < 0.05
    assert any("satisfaction_mean does not vary" in n for n in result.notes)
    assert (out / "sensitivity" / "figures" / "sensitivity_resolution_rate.svg").is_file()
    assert (out / "sensitivity" / "sensitivity.md").is_file()


def test_sobol_indices_of_a_known_function(tmp_path):
    out = synthetic(tmp_path, SAMPLED.format(design="sobol", samples=256), linear)
    table = sensitivity(load_results(out)).table.set_index("factor")
    # variance shares of 4·x1 + 2·x2 with uniform inputs: 16/20 and 4/20
    assert table.loc["power.delegation", "S1"] == pytest.approx(0.8, abs=0.08)
    assert table.loc["power.list_clarity", "ST"] == pytest.approx(0.2, abs=0.05)
    assert abs(table.loc["joint.whistle", "ST"]) < 0.02


def test_lhs_results_get_rank_correlations_and_no_group_comparison(tmp_path):
    out = synthetic(tmp_path, SAMPLED.format(design="lhs", samples=200), linear)
    result = sensitivity(load_results(out), outcomes=["resolution_rate"])
    rho = result.table.set_index("factor")["rho"]
    assert result.method == "spearman"
    assert rho["power.delegation"] > rho["power.list_clarity"] > 0.2
    assert abs(rho["joint.whistle"]) < 0.4
    assert main(["compare", str(out), "--no-figures"]) == 2
