"""Installs that work: presets shipped inside the package, found from any folder; version; citation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sim

REPO = Path(__file__).resolve().parents[1]
BUILD_INPUTS = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "CITATION.cff",
    "sim",
    "scenarios",
    "experiments",
)
"""What a build reads: copied to a temporary folder so that building leaves the repository as it was."""


def sim_elsewhere(cwd: Path, path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m sim ARGS`` in ``cwd`` with only ``path`` (and the venv) to import sim from."""
    env = dict(os.environ, PYTHONPATH=str(path))
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def presets(folder: str) -> list[str]:
    """The repository's preset file names in ``folder``."""
    return sorted(p.name for p in (REPO / folder).glob("*.toml"))


def test_version_flag_and_citation_agree():
    done = sim_elsewhere(REPO, REPO, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"shiyu-sim {sim.__version__}"
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", citation, re.M)
    assert re.search(r"^version: (\S+)$", citation, re.M).group(1) == sim.__version__
    assert re.search(r"^title: ", citation, re.M) and re.search(r"^authors:", citation, re.M)


def test_presets_are_found_from_another_folder(tmp_path):
    out = tmp_path / "out"
    done = sim_elsewhere(tmp_path, REPO, "run", "classroom", "--steps", "2", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    assert (out / "summary.json").is_file()
    done = sim_elsewhere(tmp_path, REPO, "experiment", "classroom_quick", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "classroom_quick" in done.stdout


@pytest.mark.slow
def test_a_built_wheel_carries_the_presets_and_runs_them_from_anywhere(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, source / name)
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(dist)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("shiyu_sim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("scenarios", "experiments"):
        assert presets(folder), folder
        shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"sim/presets/{folder}/"))
        assert shipped == presets(folder)
    assert not any(n.startswith(("scenarios/", "experiments/", "tests/")) for n in names)

    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = sim_elsewhere(elsewhere, site, "run", "classroom", "--steps", "2", "--out", str(elsewhere / "out"))
    assert done.returncode == 0, done.stderr
    assert "classroom: 2 days" in done.stdout
    done = sim_elsewhere(elsewhere, site, "run", "classroom", "--steps", "2")  # no --out
    assert done.returncode == 0, done.stderr
    assert len(list((elsewhere / "results" / "runs").glob("*-classroom"))) == 1  # not in site-packages
    assert not (site / "results").exists()
    done = sim_elsewhere(elsewhere, site, "validate", *(Path(p).stem for p in presets("scenarios")))
    assert done.returncode == 0, done.stderr
    missing = sim_elsewhere(elsewhere, site, "run", "no_such_preset")
    assert missing.returncode == 2 and "presets: baseline, " in missing.stderr and " classroom," in missing.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import sim.scenario.loading as l; print(l.PRESET_DIR)"],
        cwd=elsewhere,
        env=dict(os.environ, PYTHONPATH=str(site)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert Path(where.stdout.strip()) == site / "sim" / "presets" / "scenarios"
    done = sim_elsewhere(elsewhere, site, "experiment", "classroom_quick", "--dry-run")
    assert done.returncode == 0, done.stderr
