"""Robustness: the front's packages across samples of what we do not know (MORDM's worst case and regret).

The behavioural parameters the model is least sure of are sampled — a Latin hypercube over the
file's ranges, or draws from a calibration's posterior (resampled by weight) — and every package of
the front runs with every sample (``replicates`` seeds, the same for all: common random numbers).
For each package and objective the table gives the mean over all samples, the worst sample's mean
and the largest regret: in each sample, how far the package falls behind the best package of the
front in that sample, the largest over the samples (Savage's minimax regret, as in many-objective
robust decision making).  A package whose regret stays small holds up if the assumptions are off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.experiments.optimise.evaluate import Evaluator
from sim.experiments.optimise.spec import ROBUST, ROBUST_RUNS, Optimisation, posterior_draws


def samples(optimisation: Optimisation) -> list[dict[str, float]]:
    """The parameter samples (seeded): a Latin hypercube over the ranges, or posterior draws."""
    robust = optimisation.spec.robustness
    seed = optimisation.seeds(ROBUST, 1)[0]
    if optimisation.posterior is not None:
        return posterior_draws(optimisation.posterior, robust.samples, seed % 2**32)
    names = list(robust.parameters)
    unit = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(seed)).random(robust.samples)
    lows = [robust.parameters[n].low for n in names]
    highs = [robust.parameters[n].high for n in names]
    matrix = qmc.scale(unit, lows, highs)
    return [{n: round(float(v), 6) for n, v in zip(names, row, strict=True)} for row in matrix]


def robustness(optimisation: Optimisation, evaluator: Evaluator, packages: list[dict[str, float]],
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every package across the samples: per package and objective, the mean, worst case and regret.

    Returns:
        The summary (package, objective, direction, mean, worst, worst_sample, max_regret) and
        the sample means (package, sample, the sample's parameters, objective means).
    """
    spec = optimisation.spec
    objectives = list(spec.objectives)
    draws = samples(optimisation)
    seeds = optimisation.seeds(ROBUST_RUNS, spec.robustness.replicates)
    # package × sample × objective: means over the seeds
    values = np.stack([np.nanmean(evaluator.matrix(packages, seeds, objectives, params=draw), axis=1)
                       for draw in draws], axis=1)
    sign = np.array([1.0 if spec.objectives[o] == "max" else -1.0 for o in objectives])
    oriented = values * sign
    regret = oriented.max(axis=0, keepdims=True) - oriented
    rows = []
    for i in range(len(packages)):
        for j, name in enumerate(objectives):
            worst = int(np.argmin(oriented[i, :, j]))
            rows.append({"package": i + 1, "objective": name, "direction": spec.objectives[name],
                         "mean": float(values[i, :, j].mean()), "worst": float(values[i, worst, j]),
                         "worst_sample": worst + 1, "max_regret": float(regret[i, :, j].max())})
    detail = [{"package": i + 1, "sample": s + 1, **draws[s],
               **{o: float(values[i, s, j]) for j, o in enumerate(objectives)}}
              for i in range(len(packages)) for s in range(len(draws))]
    return pd.DataFrame(rows), pd.DataFrame(detail)
