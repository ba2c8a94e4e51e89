"""An optimisation from start to finish: the folder, the budget check, the search, the front, the report.

Layout of an optimisation folder (default ``results/optimisations/NAME``)::

    manifest.json         what was searched, how, with which seeds, versions, git commit, sessions
    evaluations/          runs as they finish (parts); evaluations.parquet once consolidated
    history.parquet       every candidate of every generation: lever values, search-replicate means
    pareto.parquet        the re-evaluated front: lever values, means with 95% CIs, cost, flags
    tradeoffs.csv         each package against the next: paired differences with 95% CIs
    robustness.csv        per package and objective: mean, worst case, largest regret (if asked)
    robustness_samples.parquet   the same per parameter sample
    report.md, report.html       the front in figures and plain words (sim.analysis.optimise_report)
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from sim.experiments.optimise.evaluate import EvaluationStore, Evaluator
from sim.experiments.optimise.front import Front, reevaluate
from sim.experiments.optimise.search import bound_rows, run_search
from sim.experiments.optimise.spec import COST_OUTCOMES, SEARCH, Optimisation, OptimiseError
from sim.provenance import git_commit, package_versions
from sim.runs import write_json

DETERMINISM = ("every candidate runs with the same seeds (common random numbers); NSGA-II draws from its own "
               "seeded generator and every run is taken from evaluations/ when already done, so the same file "
               "gives the same front whatever --workers and across --resume; the front is re-evaluated with "
               "seeds the search never used")


@dataclass
class OptimiseTally:
    """How an optimisation call ended: generations, runs simulated now and in all, seconds, the folder."""

    generations: int
    simulated: int
    stored: int
    front: Front
    seconds: float
    out_dir: Path


def check_budget(optimisation: Optimisation, evaluator: Evaluator) -> None:
    """Refuse a bound that even the cheapest package (every range at its low end) breaks on average.

    Raises:
        OptimiseError: naming the bound, the cheapest package's mean and what it would take.
    """
    spec = optimisation.spec
    rows = bound_rows(optimisation)
    names = [n for n, _, _ in rows]
    means = np.nanmean(evaluator.matrix([optimisation.cheapest()], optimisation.seeds(SEARCH, spec.replicates),
                                        names)[0], axis=0)
    budget_keys = {v: k for k, v in COST_OUTCOMES.items()}
    for (name, _, limit), mean in zip(rows, means, strict=True):
        if not np.isfinite(mean):
            raise OptimiseError(f"{name}: a run's summary does not report it; bound outcomes of the summary")
        if name in budget_keys and mean > limit:
            raise OptimiseError(f"budget.{budget_keys[name]} = {limit:,.0f}: below the cost of the cheapest package "
                                f"(every lever at the low end of its range), {mean:,.0f} a year on average; no "
                                f"package can meet it — raise the budget or lower the ranges' low ends")


def _open(optimisation: Optimisation, out: Path, resume: bool) -> dict[str, Any]:
    path = out / "manifest.json"
    if path.is_file():
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("identity") != optimisation.identity():
            raise OptimiseError(f"{out} holds runs of another scenario, run length or fixed keys; choose another --out")
        if not resume:
            raise OptimiseError(f"{out} already holds this optimisation's runs; give --resume to continue it "
                                f"(finished runs are reused) or choose another --out")
        manifest["spec"] = optimisation.spec.model_dump(mode="json")
        return manifest
    if out.exists() and any(out.iterdir()):
        raise OptimiseError(f"{out}: not empty and holds no optimisation; choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    return {
        "kind": "optimisation", "name": optimisation.name, "description": optimisation.spec.description,
        "identity": optimisation.identity(), "file": str(optimisation.source),
        "file_text": optimisation.source.read_text(encoding="utf-8") if optimisation.source else None,
        "scenario": str(optimisation.base), "steps": optimisation.steps,
        "spec": optimisation.spec.model_dump(mode="json"),
        "seeds": {"search": list(optimisation.seeds(SEARCH, optimisation.spec.replicates)),
                  "algorithm": optimisation.algorithm_seed()},
        "determinism": DETERMINISM, "versions": {**package_versions(), "pymoo": _pymoo_version()},
        "git": git_commit(), "sessions": [],
    }


def _pymoo_version() -> str | None:
    from importlib import metadata

    try:
        return metadata.version("pymoo")
    except metadata.PackageNotFoundError:
        return None


def run_optimisation(optimisation: Optimisation, out: Path, executor: Any | None = None, *, resume: bool = False,
                     progress: bool = True) -> OptimiseTally:
    """Check the budget, search, re-evaluate the front, test its robustness, and write the folder.

    Args:
        optimisation: the checked optimisation.
        out: the output folder.
        executor: a LocalExecutor or DaskExecutor (None: runs in this process).
        resume: continue the runs stored in ``out``.
        progress: progress bars on stderr.

    Raises:
        OptimiseError: ``out`` holds something else, or no package can meet the budget.
    """
    from sim.analysis.optimise_report import write_report

    manifest = _open(optimisation, out, resume)
    session: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
                               "executor": getattr(executor, "description", "this process")}
    manifest["sessions"].append(session)
    write_json(out / "manifest.json", manifest)
    t0 = time.perf_counter()
    store = EvaluationStore(out)
    runs_bar = tqdm(unit="run", desc="runs", disable=not progress, dynamic_ncols=True, file=sys.stderr)
    with runs_bar, (executor if executor is not None else nullcontext()) as running:
        evaluator = Evaluator(optimisation.base, optimisation.steps, optimisation.overrides, store, running,
                              runs_bar.update)
        check_budget(optimisation, evaluator)
        with tqdm(total=optimisation.spec.generations, unit="gen", desc=optimisation.name, disable=not progress,
                  dynamic_ncols=True, file=sys.stderr) as bar:
            result = run_search(optimisation, evaluator, bar.update)
        front = reevaluate(optimisation, evaluator, result.front)
        robust = None
        if optimisation.spec.robustness is not None:
            from sim.experiments.optimise.robust import robustness

            robust = robustness(optimisation, evaluator, [_package(front, optimisation, i)
                                                          for i in range(len(front.table))])
    result.history.to_parquet(out / "history.parquet", index=False)
    front.table.to_parquet(out / "pareto.parquet", index=False)
    front.tradeoffs.to_csv(out / "tradeoffs.csv", index=False)
    if robust is not None:
        robust[0].to_csv(out / "robustness.csv", index=False)
        robust[1].to_parquet(out / "robustness_samples.parquet", index=False)
    stored = len(store.load())
    store.consolidate()
    write_report(out, optimisation, front, robust[0] if robust is not None else None)
    seconds = time.perf_counter() - t0
    session.update(ended=datetime.now(UTC).isoformat(timespec="seconds"), seconds=round(seconds, 3),
                   generations=result.generations, simulated=evaluator.simulated, front=len(front.table))
    write_json(out / "manifest.json", manifest)
    return OptimiseTally(result.generations, evaluator.simulated, stored, front, seconds, out)


def _package(front: Front, optimisation: Optimisation, i: int) -> dict[str, float]:
    return {k: float(front.table.at[i, k]) for k in optimisation.lever_keys}
