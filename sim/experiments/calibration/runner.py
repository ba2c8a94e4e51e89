"""A calibration from start to finish: the output folder, the methods in order, the files written.

Layout of a calibration folder (default ``results/calibrations/NAME``)::

    manifest.json            what was fitted, how, with which seeds, versions, git commit, sessions
    targets.csv              the targets as read (with default weights and tolerances filled in)
    screen/effects.csv       Morris elementary effects per parameter and target (``--screen``)
    screen/verdicts.csv      per parameter: largest effect in tolerances, targets moved, identifiable
    search.csv               the quick search's trials, best first (when ``search.trials`` > 0)
    abc.db                   pyabc's history (SQLite): every generation; ``--resume`` continues it
    diagnostics.csv          per generation: epsilon, simulations, acceptance rate, effective sample size
    posterior.csv, .parquet  the last generation's particles with their weights and distances
    posterior_summary.csv    per parameter: median, mean, 90% interval, its width as a share of the prior
    fit.csv                  every target beside the best-fit and the posterior-median simulation
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sim.experiments.calibration import abc
from sim.experiments.calibration.distance import fit_table
from sim.experiments.calibration.evaluate import evaluate
from sim.experiments.calibration.spec import Calibration
from sim.experiments.calibration.targets import CalibrationError
from sim.provenance import git_commit, package_versions
from sim.runs import write_json

DETERMINISM = ("every parameter draw runs with the same seeds (simulation_seeds); ABC-SMC candidates are "
               "numbered and seeded from the calibration seed and kept in number order, so the same file "
               "gives the same posterior whatever --workers and across --resume; the quick search is the "
               "same for the same seed and number of workers")


@dataclass
class CalibrationTally:
    """How a calibration call ended: what ran, how many simulations, seconds, the folder."""

    steps_run: list[str]
    simulations: int
    seconds: float
    out_dir: Path


def _bar(total: int | None, desc: str, progress: bool) -> tqdm:
    return tqdm(total=total, unit="sim", desc=desc, disable=not progress, dynamic_ncols=True, file=sys.stderr)


def run_calibration(calibration: Calibration, out: Path, *, workers: int = 1, resume: bool = False,
                    screen_only: bool = False, progress: bool = True) -> CalibrationTally:
    """Run the screening, or the quick search (if asked) and ABC-SMC with its fit tables, into ``out``.

    Args:
        calibration: the checked calibration.
        out: the output folder.
        workers: worker processes.
        resume: continue the ABC-SMC history in ``out``.
        screen_only: run the Morris screening only (into ``out/screen``).
        progress: progress bars on stderr.

    Raises:
        CalibrationError: ``out`` holds another calibration, or a history without ``--resume``.
    """
    manifest = _open(calibration, out, resume or screen_only)
    session: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "workers": workers}
    manifest["sessions"].append(session)
    write_json(out / "manifest.json", manifest)
    t0, ran, simulations = time.perf_counter(), [], 0
    per_draw = calibration.spec.seeds
    if screen_only:
        simulations += _screen(calibration, out, workers, progress)
        ran.append("screen")
    else:
        if calibration.spec.search.trials and not (out / "search.csv").exists():
            from sim.experiments.calibration.search import search

            with _bar(calibration.spec.search.trials, "quick search", progress) as bar:
                search(calibration, workers, bar.update).to_csv(out / "search.csv", index=False)
            simulations += calibration.spec.search.trials * per_draw
            ran.append("search")
        done = abc.run_abc(calibration, out, workers=workers, resume=(out / abc.DB_NAME).exists() and resume,
                           progress=progress)
        simulations += done["simulations"] * per_draw
        simulations += _write_fit(calibration, out, workers) * per_draw
        ran.append("abc")
    seconds = time.perf_counter() - t0
    session.update(ended=datetime.now(UTC).isoformat(timespec="seconds"), seconds=round(seconds, 3),
                   ran=ran, simulations=simulations)
    write_json(out / "manifest.json", manifest)
    return CalibrationTally(ran, simulations, seconds, out)


def _open(calibration: Calibration, out: Path, continuing: bool) -> dict[str, Any]:
    """The folder's manifest (a new one for an empty folder); a folder of another calibration is refused."""
    path = out / "manifest.json"
    if path.is_file():
        import json

        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("identity") != calibration.identity():
            raise CalibrationError(f"{out} holds a different calibration (or its file, scenario or targets "
                                   f"changed since); choose another --out")
        if (out / abc.DB_NAME).exists() and not continuing:
            raise CalibrationError(f"{out} already holds this calibration's history; give --resume to continue "
                                   f"it or choose another --out")
        return manifest
    if out.exists() and any(out.iterdir()):
        raise CalibrationError(f"{out}: not empty and holds no calibration; choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    calibration.targets.table.to_csv(out / "targets.csv", index=False)
    return _manifest(calibration)


def _manifest(calibration: Calibration) -> dict[str, Any]:
    spec = calibration.spec
    return {
        "name": calibration.name,
        "description": spec.description,
        "identity": calibration.identity(),
        "calibration_file": str(calibration.source),
        "scenario": str(calibration.base),
        "targets": str(calibration.targets.path),
        "steps": calibration.steps,
        "overrides": spec.overrides,
        "parameters": {k: p.model_dump() for k, p in spec.parameters.items()},
        "methods": {"abc": spec.abc.model_dump(), "search": spec.search.model_dump(),
                    "screen": spec.screen.model_dump()},
        "seed": spec.seed,
        "simulation_seeds": list(calibration.simulation_seeds()),
        "determinism": DETERMINISM,
        "versions": {**package_versions(), **_method_versions()},
        "git": git_commit(),
        "sessions": [],
    }


def _method_versions() -> dict[str, str | None]:
    from importlib import metadata

    found = {}
    for name in ("pyabc", "optuna"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _screen(calibration: Calibration, out: Path, workers: int, progress: bool) -> int:
    from sim.experiments.calibration.screening import screen

    n_points = calibration.spec.screen.trajectories * (len(calibration.priors) + 1)
    with _bar(n_points, "Morris screening", progress) as bar:
        effects, verdicts = screen(calibration, workers, bar.update)
    (out / "screen").mkdir(exist_ok=True)
    effects.to_csv(out / "screen" / "effects.csv", index=False)
    verdicts.to_csv(out / "screen" / "verdicts.csv", index=False)
    return n_points * calibration.spec.seeds


def _write_fit(calibration: Calibration, out: Path, workers: int) -> int:
    """Write diagnostics, the posterior and its summary, and the fit of the best and median draws.

    Returns:
        The draws simulated for the fit table (2).
    """
    history = abc.open_history(out / abc.DB_NAME)
    abc.diagnostics(history).to_csv(out / "diagnostics.csv", index=False)
    particles = abc.posterior(history)
    particles.to_csv(out / "posterior.csv", index=False)
    particles.to_parquet(out / "posterior.parquet", index=False)
    summary = abc.summarise(particles, calibration.priors)
    summary.to_csv(out / "posterior_summary.csv", index=False)
    names = list(calibration.priors)
    best = particles.loc[particles["distance"].idxmin(), names].astype(float).to_dict()
    median = dict(zip(summary["parameter"], summary["median"].astype(float), strict=True))
    best_stats, median_stats = evaluate(calibration, [best, median], workers)
    fit_table(calibration.targets, {"best_fit": best_stats, "posterior_median": median_stats}).to_csv(
        out / "fit.csv", index=False)
    return 2
