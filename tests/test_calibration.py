"""Calibration: the machinery recovers a parameter from data the model made, screening ranks
parameters, a history resumes, and every bad file exits 2 with one clear message."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.calibration import load_calibration
from sim.experiments.calibration.runner import run_calibration
from sim.experiments.calibration.simulate import period_rates

REPO = Path(__file__).resolve().parents[1]
SMALL = {"city.residents": 1500, "city.communities": 4, "city.compounds": 8, "warmup_days": 0}
TRUE_RATE = 0.001  # near the default (0.0008), where the volume answers the rate
OUTCOMES = ("hotline_requests_per_1000", "case_resolution_rate")


def write_targets(path: Path) -> Path:
    """Monthly targets made by the model itself at issue_rate = TRUE_RATE, with a seed the fit never uses."""
    months = period_rates("classroom", {**SMALL, "residents.issue_rate": TRUE_RATE}, 424242, 59)["month"]
    rows = [f"{p},{o},{months.at[p, o]:.5f},share or per 1000,simulated" for p in months.index for o in OUTCOMES]
    path.write_text("period,outcome,value,unit,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def write_calibration(folder: Path, generations: int = 2, extra: str = "", parameters: str | None = None,
                      targets: str = "targets.csv") -> Path:
    overrides = "\n".join(f'"{k}" = {v}' for k, v in SMALL.items())
    parameters = parameters or textwrap.dedent("""\
        residents.issue_rate = { low = 0.0003, high = 0.003, prior = "loguniform" }
        ratings.channel_switch = { low = 0.0, high = 1.0 }""")
    path = folder / "calibrate_tiny.toml"
    path.write_text(textwrap.dedent(f"""\
        name = "tiny"
        scenario = "classroom"
        targets = "{targets}"
        seeds = 1
        seed = 11
        {extra}
        [overrides]
        """) + overrides + "\n[parameters]\n" + parameters + textwrap.dedent(f"""
        [abc]
        population = 16
        generations = {generations}
        [screen]
        trajectories = 3
        """), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    """One generation, then resumed to a second: the history and the files of the finished fit."""
    folder = tmp_path_factory.mktemp("calibration")
    write_targets(folder / "targets.csv")
    out = folder / "out"
    run_calibration(load_calibration(write_calibration(folder, generations=1)), out, workers=2, progress=False)
    first = pd.read_csv(out / "diagnostics.csv")
    run_calibration(load_calibration(write_calibration(folder, generations=2)), out, workers=2, resume=True,
                    progress=False)
    return folder, out, first


@pytest.mark.slow
def test_the_fit_recovers_a_known_issue_rate(fitted):
    _, out, _ = fitted
    summary = pd.read_csv(out / "posterior_summary.csv").set_index("parameter")
    rate = summary.loc["residents.issue_rate"]
    assert rate["q05"] <= TRUE_RATE <= rate["q95"]
    # narrower than the prior's (log) range: measured 0.63 from the tiny city's two months of calls
    # (about 45 by the hotline), a factor of about 4 where the prior spans 10
    assert rate["interval_share_of_prior"] < 0.7
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert len(posterior) == 16 and abs(posterior["weight"].sum() - 1) < 1e-9
    fit = pd.read_csv(out / "fit.csv")
    assert len(fit) == 4 and {"best_fit", "posterior_median", "best_fit_z"} <= set(fit.columns)
    assert fit[["best_fit", "posterior_median"]].notna().all().all()


@pytest.mark.slow
def test_resume_continues_the_history(fitted):
    _, out, first = fitted
    diagnostics = pd.read_csv(out / "diagnostics.csv")
    assert list(diagnostics["generation"]) == [0, 1]
    pd.testing.assert_frame_equal(diagnostics.iloc[:1].drop(columns="wall_seconds"),
                                  first.drop(columns="wall_seconds"))
    assert diagnostics["epsilon"].iloc[1] < diagnostics["epsilon"].iloc[0]
    assert ((diagnostics["acceptance_rate"] > 0) & (diagnostics["acceptance_rate"] <= 1)).all()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["sessions"]) == 2 and manifest["versions"]["pyabc"]
    assert manifest["simulation_seeds"] and manifest["git"]


@pytest.mark.slow
def test_a_finished_folder_is_not_overwritten_without_resume(fitted, capsys):
    folder, out, _ = fitted
    assert main(["calibrate", str(write_calibration(folder)), "--out", str(out), "--no-progress"]) == 2
    assert "--resume" in capsys.readouterr().err


@pytest.mark.slow
def test_screening_ranks_the_influential_parameter_first(fitted, capsys):
    folder, _, _ = fitted
    out = folder / "screen_out"
    assert main(["calibrate", str(write_calibration(folder)), "--screen", "--out", str(out), "--no-progress"]) == 0
    verdicts = pd.read_csv(out / "screen" / "verdicts.csv")
    assert list(verdicts["parameter"]) == ["residents.issue_rate", "ratings.channel_switch"]
    top = verdicts.iloc[0]
    assert top["identifiable"] and "hotline_requests_per_1000" in top["moves"]
    assert top["max_effect_tol"] > 3 * verdicts.iloc[1]["max_effect_tol"]


BAD = [
    ("unknown parameter", {"parameters": 'residents.issue_rat = { low = 0.001, high = 0.01 }'},
     "unknown key 'residents.issue_rat'"),
    ("empty range", {"parameters": 'residents.issue_rate = { low = 0.01, high = 0.01 }'},
     "low (0.01) must be below high (0.01)"),
    ("inverted range", {"parameters": 'residents.issue_rate = { low = 0.02, high = 0.01 }'},
     "empty or inverted range"),
    ("missing targets", {"targets": "nowhere.csv"}, "targets 'nowhere.csv': no such file"),
    ("missing column", {"csv": "period,outcome\n2019-01,response_rate\n"}, "missing column(s) value"),
    ("non-numeric value", {"csv": "period,outcome,value\n2019-01,response_rate,high\n"},
     "value 'high' is not a number"),
    ("unknown outcome", {"csv": "period,outcome,value\n2019-01,happiness,0.5\n"},
     "outcome 'happiness' is not one the model reports"),
    ("bad period", {"csv": "period,outcome,value\n2019/01,response_rate,0.5\n"}, "neither YYYY nor YYYY-MM"),
    ("period outside the run", {"csv": "period,outcome,value\n2031,response_rate,0.5\n"}, "after the scenario's"),
]


@pytest.mark.parametrize(("case", "change", "expected"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_calibration_file_exits_2_with_one_message(tmp_path, capsys, case, change, expected):
    targets = "targets.csv"
    (tmp_path / targets).write_text(change.get("csv", "period,outcome,value\n2019-01,response_rate,0.5\n"),
                                    encoding="utf-8")
    path = write_calibration(tmp_path, parameters=change.get("parameters"), targets=change.get("targets", targets))
    assert main(["calibrate", str(path), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert expected in err and str(path) in err
    assert not (tmp_path / "out").exists()


def test_the_beijing_calibration_loads():
    calibration = load_calibration(REPO / "experiments" / "calibrate_beijing.toml")
    table = calibration.targets.table
    assert set(table["outcome"]) == {"hotline_requests_per_1000", "case_resolution_rate",
                                     "case_satisfaction_rate", "response_rate"}
    assert calibration.steps == 730  # 2018-01-01 to the last target, 2019-12-31
    assert not any(k.split(".")[0] in ("power", "joint", "command", "admin") for k in calibration.priors)


PREDICT = "[predict]\ndraws = 3\nsteps = 75"


@pytest.mark.slow
def test_the_prediction_runs_posterior_draws_alike_whatever_the_workers(fitted, capsys):
    """Three posterior draws over 75 days: the same files with one worker and with two, a band per year."""
    folder, out, _ = fitted
    path = write_calibration(folder, extra=PREDICT)
    runs = {}
    for workers in (1, 2):
        copy = folder / f"predict_{workers}"
        copy.mkdir()
        (copy / "posterior.parquet").write_bytes((out / "posterior.parquet").read_bytes())
        assert main(["calibrate", str(path), "--predict", "--workers", str(workers), "--out", str(copy),
                     "--no-progress"]) == 0
        assert "prediction — 3 runs" in capsys.readouterr().out
        runs[workers] = copy / "prediction"
    for name in ("draws.csv", "monthly.csv", "yearly.csv", "summary.csv", "monthly_band.csv"):
        assert (runs[1] / name).read_bytes() == (runs[2] / name).read_bytes(), name
    assert (runs[1] / "prediction.png").stat().st_size > 10_000
    draws = pd.read_csv(runs[1] / "draws.csv")
    assert len(draws) == 3 and draws["seed"].nunique() == 3
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert draws["residents.issue_rate"].isin(posterior["residents.issue_rate"]).all()  # resampled particles
    summary = pd.read_csv(runs[1] / "summary.csv")
    volume = summary[summary["outcome"] == "hotline_requests_per_1000"].iloc[0]
    assert volume["draws"] == 3 and volume["q05"] <= volume["median"] <= volume["q95"]
    assert volume["q05"] < volume["q95"]  # the draws differ in parameters and seeds


def test_a_prediction_without_a_posterior_exits_2(tmp_path, capsys):
    (tmp_path / "targets.csv").write_text("period,outcome,value\n2019-01,response_rate,0.5\n", encoding="utf-8")
    path = write_calibration(tmp_path, extra=PREDICT)
    assert main(["calibrate", str(path), "--predict", "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no posterior to predict from" in err and "Traceback" not in err
