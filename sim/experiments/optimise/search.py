"""The search: NSGA-II (pymoo) over the decision variables, each candidate run with the same seeds.

Each decision variable is a lever (or a group of levers moving together) on a 0–1 scale of its
range.  The first population holds the cheapest package (every range at its low end), the dearest
(every range at its high end) and a Latin hypercube of the rest, so the front found reaches both
ends of the trade-off.  A candidate's objectives and bounds are the means over the search's
replicates (common random numbers: every candidate runs with the same seeds); pymoo minimises, so
an objective to maximise enters negated, and a bound ``mean ≤ max`` enters as ``(mean − max) / scale``.

The search is replayed from its seed on every call: NSGA-II's own draws come from its seeded
generator and every run it asks for is taken from the evaluation store when already done, so a
killed search continues from where it stopped and gives the same front, whatever the workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.experiments.optimise.evaluate import Evaluator
from sim.experiments.optimise.spec import SEARCH, Optimisation


def bound_rows(optimisation: Optimisation) -> list[tuple[str, str, float]]:
    """Every bound as (outcome, ``"max"`` or ``"min"``, limit)."""
    rows = []
    for name, bound in optimisation.bounded().items():
        rows += [(name, side, limit) for side, limit in (("max", bound.max), ("min", bound.min)) if limit is not None]
    return rows


def scores(optimisation: Optimisation, means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The F (objectives to minimise) and G (bounds, ≤ 0 when met) from outcome means.

    Args:
        optimisation: the checked optimisation.
        means: candidate × outcome, in the order of :func:`needed_outcomes`.
    """
    names = needed_outcomes(optimisation)
    column = {n: i for i, n in enumerate(names)}
    signs = np.array([-1.0 if d == "max" else 1.0 for d in optimisation.spec.objectives.values()])
    F = means[:, [column[n] for n in optimisation.spec.objectives]] * signs
    G = np.zeros((len(means), 0))
    rows = bound_rows(optimisation)
    if rows:
        G = np.column_stack([(means[:, column[n]] - limit) * (1.0 if side == "max" else -1.0) / max(abs(limit), 1.0)
                             for n, side, limit in rows])
    # a run without the outcome (NaN) can never be chosen
    return np.nan_to_num(F, nan=np.inf), np.nan_to_num(G, nan=np.inf)


def needed_outcomes(optimisation: Optimisation) -> list[str]:
    """The objectives, then the bounded outcomes, without repeats."""
    return list(dict.fromkeys([*optimisation.spec.objectives, *(n for n, _, _ in bound_rows(optimisation))]))


@dataclass
class SearchResult:
    """The search's final non-dominated packages and the history of its populations."""

    front: list[dict[str, float]]
    history: pd.DataFrame
    generations: int


def first_population(optimisation: Optimisation) -> np.ndarray:
    """The cheapest and the dearest corner, then a seeded Latin hypercube, one row per candidate."""
    n, d = optimisation.spec.population, len(optimisation.variables)
    rng = np.random.default_rng(optimisation.algorithm_seed())
    rest = qmc.LatinHypercube(d=d, rng=rng).random(max(0, n - 2))
    return np.vstack([np.zeros(d), np.ones(d), rest])[:n]


def run_search(optimisation: Optimisation, evaluator: Evaluator,
               on_generation: Callable[[int], None] | None = None) -> SearchResult:
    """Run (or replay and continue) NSGA-II; the final population's non-dominated packages.

    Args:
        optimisation: the checked optimisation.
        evaluator: runs candidates through the store.
        on_generation: called with 1 after each generation (a progress bar's ``update``).
    """
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.problem import Problem

    spec = optimisation.spec
    seeds = optimisation.seeds(SEARCH, spec.replicates)
    names = needed_outcomes(optimisation)
    history: list[dict] = []

    class PackageProblem(Problem):
        """The packages as pymoo sees them: 0–1 decisions, objectives F, bounds G."""

        def _evaluate(self, X, out, *args, **kwargs):
            packages = [optimisation.package(x) for x in X]
            means = evaluator.matrix(packages, seeds, names).mean(axis=1)
            out["F"], G = scores(optimisation, means)
            if G.shape[1]:
                out["G"] = G
            generation = len({h["generation"] for h in history}) + 1
            history.extend({"generation": generation, **p, **dict(zip(names, m, strict=True))}
                           for p, m in zip(packages, means, strict=True))

    problem = PackageProblem(n_var=len(optimisation.variables), n_obj=len(spec.objectives),
                             n_ieq_constr=len(bound_rows(optimisation)), xl=0.0, xu=1.0)
    algorithm = NSGA2(pop_size=spec.population, sampling=first_population(optimisation), eliminate_duplicates=True)
    algorithm.setup(problem, termination=("n_gen", spec.generations), seed=optimisation.algorithm_seed(),
                    verbose=False)
    generations = 0
    while algorithm.has_next():
        algorithm.next()
        generations += 1
        if on_generation:
            on_generation(1)
    front = _unique([optimisation.package(x) for x in algorithm.opt.get("X")])
    return SearchResult(front, pd.DataFrame(history), generations)


def _unique(packages: list[dict[str, float]]) -> list[dict[str, float]]:
    seen, out = set(), []
    for p in packages:
        key = tuple(sorted(p.items()))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
