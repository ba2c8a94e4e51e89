"""Experiments end to end with the real model: determinism across executors, failures, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments import (
    DaskExecutor,
    LocalExecutor,
    ResultStore,
    load_experiment,
    run_experiment,
)

REPO = Path(__file__).resolve().parents[1]

SMALL = """
    scenario = "classroom"
    steps = 12
    replicates = 3
    seed = 99
    [factors]
    joint.whistle = [0.0, 0.8]
    command.unified_intake = [0.0, 0.9]
    [overrides]
    city.residents = 600
    [output]
    keep = ["resolution_rate", "issues_open"]
    every = 4
"""


def write(folder: Path, text: str, name: str = "exp.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def tables(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run table without wall times, and the time series, both in a canonical order."""
    runs = pd.read_parquet(root / "runs.parquet").drop(columns=["wall_time"])
    series = pd.read_parquet(root / "timeseries.parquet")
    series = series.sort_values(["run_id", "step"]).reset_index(drop=True)
    return runs.sort_values("run_id").reset_index(drop=True), series


def run(path: Path, out: Path, executor, **kwargs):
    return run_experiment(load_experiment(path), ResultStore(out), executor, progress=False, **kwargs)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    """The small experiment run once with one local worker."""
    folder = tmp_path_factory.mktemp("reference")
    path = write(folder, SMALL)
    outcome = run(path, folder / "one", LocalExecutor(1))
    assert (outcome.total, outcome.ran, outcome.failed) == (12, 12, 0)
    return path, folder / "one"


def test_results_do_not_depend_on_workers_batches_or_dask(reference, tmp_path):
    from distributed import LocalCluster

    path, one = reference
    run(path, tmp_path / "two", LocalExecutor(2), batch_size=1)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as cluster:
        run(path, tmp_path / "dask", DaskExecutor(cluster.scheduler_address), batch_size=2)
    expected_runs, expected_series = tables(one)
    assert len(expected_runs) == 12 and len(expected_series) == 12 * 4  # steps 0, 4, 8, 12
    for other in ("two", "dask"):
        runs, series = tables(tmp_path / other)
        pd.testing.assert_frame_equal(runs, expected_runs)
        pd.testing.assert_frame_equal(series, expected_series)


def test_each_run_has_its_own_recorded_seed(reference):
    runs, _ = tables(reference[1])
    assert runs["seed"].is_unique
    replicates = runs[runs["point"] == 0]
    # the streams differ in effect too: each replicate ends in a different state
    assert len(replicates[["satisfaction_mean", "trust_mean"]].drop_duplicates()) == 3


def test_manifest_records_how_to_reproduce(reference):
    manifest = ResultStore(reference[1]).read_manifest()
    assert manifest["experiment_seed"] == 99 and manifest["runs"] == 12
    assert manifest["base_scenario"] == "scenarios/classroom.toml"
    assert len(manifest["design"]["points"]) == 4
    assert set(manifest["run_seeds"]) == {str(i) for i in range(12)}
    assert {"python", "mesa", "numpy", "SALib"} <= set(manifest["versions"])
    assert "commit" in manifest["git"] and manifest["sessions"][0]["ended"]


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path, capsys):
    # each value is valid alone; 1,000 compounds for 600 residents is not
    path = write(
        tmp_path,
        """
        scenario = "classroom"
        steps = 5
        replicates = 1
        [factors]
        city.residents = [600, 3000]
        city.compounds = [24, 1000]
    """,
    )
    code = main(["experiment", str(path), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"])
    assert code == 1
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    failed = runs[runs["status"] == "failed"]
    assert len(runs) == 4 and list(failed["city.compounds"]) == [1000]
    assert list(failed["city.residents"]) == [600]
    assert "compounds" in failed["error"].item()
    assert "1 failed" in capsys.readouterr().out


def test_finished_experiment_is_not_run_again(reference):
    path, one = reference
    before = sorted(p.name for p in (one / "parts").iterdir())
    outcome = run(path, one, LocalExecutor(1))
    assert (outcome.skipped, outcome.ran) == (12, 0)
    assert sorted(p.name for p in (one / "parts").iterdir()) == before


def test_kill_and_resume_gives_the_uninterrupted_result(tmp_path):
    path = write(
        tmp_path,
        """
        scenario = "classroom"
        steps = 20
        replicates = 6
        seed = 5
        [factors]
        power.delegation = [0.1, 0.5, 0.9]
        [overrides]
        city.residents = 600
        [output]
        keep = ["resolution_rate"]
        every = 10
    """,
    )
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "sim",
        "experiment",
        str(path),
        "--out",
        str(out),
        "--workers",
        "2",
        "--batch-size",
        "1",
        "--no-progress",
    ]
    proc = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180  # generous: CI machines may be busy
        while len(list((out / "parts").glob("runs-*.parquet"))) < 3:
            assert proc.poll() is None, "the experiment ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    done_before = len(list((out / "parts").glob("runs-*.parquet")))
    assert done_before < 18 and not (out / "runs.parquet").exists()

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    skipped = int(resumed.stdout.split(" already done")[0].rsplit(" ", 1)[-1])
    assert done_before <= skipped < 18  # batches that finished after the count are kept too
    parts = pd.concat(pd.read_parquet(p) for p in (out / "parts").glob("runs-*.parquet"))
    assert parts["run_id"].is_unique  # no finished run was done twice
    assert sorted(parts["run_id"]) == list(range(18))

    run(path, tmp_path / "whole", LocalExecutor(2))
    killed_runs, killed_series = tables(out)
    whole_runs, whole_series = tables(tmp_path / "whole")
    pd.testing.assert_frame_equal(killed_runs, whole_runs)
    pd.testing.assert_frame_equal(killed_series, whole_series)


def test_any_run_can_be_repeated_alone_from_its_recorded_seed(reference):
    from sim.runs import run_scenario

    runs, _ = tables(reference[1])
    row = runs.iloc[7]
    overrides = {
        "city.residents": 600,
        "joint.whistle": row["joint.whistle"],
        "command.unified_intake": row["command.unified_intake"],
    }
    again = run_scenario("classroom", steps=12, seed=int(row["seed"]), overrides=overrides)
    assert again.summary["resolution_rate"] == row["resolution_rate"]
    assert again.summary["satisfaction_mean"] == row["satisfaction_mean"]
