"""The ``run`` and ``validate`` commands end to end, in a subprocess as users call them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SUMMARY_KEYS = {
    "issues_raised", "issues_resolved", "issues_open", "issues_abandoned", "resolution_rate",
    "median_days_to_resolve", "p90_days_to_resolve", "resolved_at", "bounces_per_issue",
    "satisfaction_mean", "satisfaction_by_compound_type", "trust_mean", "community_admin_share",
    "staff_hours_per_resolved", "participation_rate", "needs_supply_mismatch",
}
ISSUE_COLUMNS = {"domain", "kind", "compound", "raised", "closed", "state", "resolved_level", "hops",
                 "escalations", "bounces"}


def sim(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m sim ARGS`` from the repository."""
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_run_writes_every_output(tmp_path):
    out = tmp_path / "run"
    done = sim("run", "scenarios/classroom.toml", "--steps", "40", "--seed", "5",
               "--set", "power.delegation=0.6", "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary) >= SUMMARY_KEYS
    assert set(summary["resolved_at"]) == {"compound", "community", "street", "department",
                                           "district_department", "city_department"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 5 and manifest["steps"] == 40
    assert manifest["scenario"]["power"]["delegation"] == 0.6
    assert {"residents", "compounds", "communities", "streets", "departments"} <= set(manifest)
    assert manifest["versions"]["mesa"] and "commit" in manifest["git"]
    # one list of packages for run and experiment manifests (sim.provenance)
    assert {"python", "sim", "mesa", "numpy", "SALib", "dask"} <= set(manifest["versions"])
    assert set(manifest["git"]) == {"commit", "dirty"}
    assert manifest["wall_seconds"] > 0
    assert manifest["started"] <= manifest["finished"]
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 41 and series["step"].tolist() == list(range(41))
    issues = pd.read_parquet(out / "issues.parquet")
    assert set(issues.columns) >= ISSUE_COLUMNS
    assert len(issues) == summary["issues_raised"]
    assert (issues["state"] == "resolved").sum() == summary["issues_resolved"]
    assert set(issues["state"]) <= {"resolved", "open", "abandoned", "unresolved"}
    paths = pd.read_parquet(out / "paths.parquet")
    assert set(paths["issue"]) == set(issues["id"])


def test_same_seed_gives_identical_files(tmp_path):
    for name in ("a", "b"):
        assert sim("run", "classroom", "--steps", "30", "--out", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "a" / "summary.json").read_text() == (tmp_path / "b" / "summary.json").read_text()
    for table in ("timeseries", "issues", "paths"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / f"{table}.parquet"),
                                      pd.read_parquet(tmp_path / "b" / f"{table}.parquet"))


def test_large_runs_stream_issues_in_chunks(tmp_path):
    """Issues written chunk by chunk read back as one table identical to an in-memory run."""
    from sim.runs import run_scenario

    run_scenario("classroom", steps=30, out_dir=tmp_path / "chunked", overrides={"output.chunk_rows": 50})
    run_scenario("classroom", steps=30, out_dir=tmp_path / "whole")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "chunked" / "issues.parquet"),
                                  pd.read_parquet(tmp_path / "whole" / "issues.parquet"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "no_such_scenario"], "no such scenario file or preset"),
        (["run", "classroom", "--steps", "0"], "--steps: must be at least 1"),
        (["run", "classroom", "--steps", "ten"], "expected a whole number"),
        (["run", "classroom", "--seed", "-1"], "--seed: must be at least 0, got -1"),
        (["run", "classroom", "--set", "power.delegation"], "expected KEY=VALUE"),
        (["run", "classroom", "--set", "power.delegation=1.5"], "power.delegation (given 1.5)"),
        (["run", "classroom", "--set", "power.nonsense=1"], "unknown key 'power.nonsense'"),
        (["run", "classroom", "--set", "city.streets=abc"], "city.streets (given 'abc')"),
        (["run"], "the following arguments are required: scenario"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(args, message):
    done = sim(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_bad_files_are_explained(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\n[power]\ndelegation = "lots"\n', encoding="utf-8")
    not_toml = tmp_path / "not.toml"
    not_toml.write_text("this is : not toml", encoding="utf-8")
    done = sim("validate", str(broken), str(not_toml), "scenarios/classroom.toml")
    assert done.returncode == 2
    assert f"{broken}: power.delegation (given 'lots')" in done.stderr
    assert f"{not_toml}: not valid TOML" in done.stderr
    assert "ok: scenarios/classroom.toml" in done.stdout
    assert "Traceback" not in done.stderr
    done = sim("run", str(broken))
    assert done.returncode == 2 and "power.delegation" in done.stderr


def test_existing_output_is_never_overwritten(tmp_path):
    out = tmp_path / "kept"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    done = sim("run", "classroom", "--steps", "5", "--out", str(out))
    assert done.returncode == 2 and "nothing was overwritten" in done.stderr
    assert (out / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["precious.txt"]


@pytest.mark.parametrize("name", ["baseline", "tianjin_2019", "full_programme"])
def test_presets_run_from_the_command_line(name, tmp_path):
    done = sim("run", name, "--steps", "20", "--out", str(tmp_path / name), "--quiet")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name / "summary.json").exists()


@pytest.mark.parametrize("text", ["", "\n  \n", "# only a comment\n"])
def test_an_empty_scenario_file_is_refused(tmp_path, text):
    empty = tmp_path / "empty.toml"
    empty.write_text(text, encoding="utf-8")
    for command in ("run", "validate"):
        done = sim(command, str(empty))
        assert done.returncode == 2
        assert f"{empty}: the file is empty" in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_shock_after_a_shortened_run_warns_and_runs(tmp_path):
    """epidemic_baseline's wave starts on day 120: --steps 120 ends the run before it."""
    out = tmp_path / "short"
    done = sim("run", "epidemic_baseline", "--steps", "120", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "warning: shocks.epidemic starts on day 120, but --steps 120 ends the run" in done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["steps"] == 120
    assert manifest["overrides"]["shocks.epidemic.enabled"] is False
    assert json.loads((out / "summary.json").read_text())["recovery_days"] is None
    # a wave that starts within the shortened run is kept, without a warning
    done = sim("run", "epidemic_baseline", "--steps", "125", "--out", str(tmp_path / "long"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    assert "shocks.epidemic.enabled" not in json.loads((tmp_path / "long" / "manifest.json").read_text())["overrides"]
