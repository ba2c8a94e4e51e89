"""The experiment commands: bad input gives exit 2 and one message; presets load; a small
Morris study runs and is analysed from the command line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sim.cli import main
from sim.experiments import build_design, load_experiment

REPO = Path(__file__).resolve().parents[1]
PRESETS = sorted(p for p in (REPO / "experiments").glob("*.toml")
                 if not p.stem.startswith(("calibrate_", "optimise_")))
"""The experiment presets (the calibration files, calibrate_*.toml, are checked in tests/test_calibration.py,
the optimisation files, optimise_*.toml, in tests/test_optimise.py)."""


@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
def test_every_preset_loads_and_builds_its_design(path):
    experiment = load_experiment(path)
    design = build_design(experiment)
    assert design.size >= 2 and experiment.spec.replicates >= 1


def test_the_presets_cover_the_studies_researchers_need():
    names = {p.stem for p in PRESETS}
    assert {
        "power_allocation",
        "moving_down_dose",
        "access_cap",
        "packages",
        "epidemic_resilience",
        "morris_levers",
        "sobol_levers",
    } <= names


def test_bad_file_exits_2_with_one_message_and_no_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('scenario = "classroom"\n[factors]\npower.delegation = [0.5, 1.5]\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sim", "experiment", str(path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "power.delegation" in lines[0] and "1.5" in lines[0] and str(path) in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["experiment", "no_such_experiment"],
        ["experiment", "classroom_quick", "--workers", "0"],
        ["experiment", "classroom_quick", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
        ["experiment", "classroom_quick", "--set", "city.residentz=600"],
        ["experiment", "classroom_quick", "--set", "replicates"],
        ["experiment", "classroom_quick", "--set", "steps=0"],
        ["compare", "classroom_quick", "--test", "anova"],
        ["sensitivity", "/nonexistent/folder"],
    ],
)
def test_bad_flags_exit_2(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_dry_run_shows_the_design_of_a_preset_by_name(capsys):
    assert main(["experiment", "classroom_quick", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "grid design, 4 points × 8 replicates = 32 runs of 120 days" in out


def test_a_small_morris_study_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "screen.toml"
    path.write_text(
        textwrap.dedent("""
        scenario = "classroom"
        steps = 8
        replicates = 1
        design = "morris"
        samples = 2
        [factors]
        joint.whistle = { low = 0.0, high = 1.0 }
        command.unified_intake = { low = 0.0, high = 1.0 }
        [overrides]
        city.residents = 600
    """),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["experiment", str(path), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    assert "6 runs" in capsys.readouterr().out
    assert main(["sensitivity", str(out), "--outcome", "resolution_rate", "satisfaction_mean"]) == 0
    assert (out / "sensitivity" / "indices.csv").is_file()
    text = (out / "sensitivity" / "sensitivity.md").read_text(encoding="utf-8")
    assert "Morris" in text and "joint.whistle" in text
