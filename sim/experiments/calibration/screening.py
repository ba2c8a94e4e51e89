"""Morris screening (SALib) of the free parameters: which move the targets, which the data cannot pin.

Morris trajectories are drawn over the free parameters' ranges (on the unit scale of each prior, so
a log-uniform parameter steps evenly in its logarithm), each point is simulated like a particle,
and SALib's elementary effects are computed for every target's simulated value and for the
distance.  Effects are reported in tolerances (``mu_star / tolerance``): a parameter whose largest
effect over the targets stays below ``screen.threshold`` tolerances across its whole range moves
no target the data can see, and so is not identifiable from these targets (fix it, or find data
that it moves).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.calibration.distance import distance
from sim.experiments.calibration.evaluate import evaluate
from sim.experiments.calibration.spec import Calibration
from sim.experiments.seeds import seed_int

SCREEN_SEEDS = 4
"""The spawn key of the Morris design's own draws."""


def morris_draws(calibration: Calibration) -> tuple[dict, np.ndarray, list[dict[str, float]]]:
    """The SALib problem on the unit scale, the unit-scale design, and the parameter values of each point."""
    from SALib.sample import morris as morris_sample

    priors = calibration.priors
    names = list(priors)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    seed = seed_int(np.random.SeedSequence(calibration.spec.seed, spawn_key=(SCREEN_SEEDS,)))
    spec = calibration.spec.screen
    unit = morris_sample.sample(problem, spec.trajectories, num_levels=spec.levels, seed=seed % 2**32)
    draws = [{k: priors[k].from_unit(u) for k, u in zip(names, row, strict=True)} for row in unit]
    return problem, unit, draws


def screen(calibration: Calibration, workers: int = 1, on_done=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Screen the free parameters.

    Args:
        calibration: the checked calibration.
        workers: worker processes.
        on_done: progress callback (called with 1 per simulated point).

    Returns:
        The elementary effects (one row per parameter and target, plus the ``distance``: ``mu_star``,
        ``sigma``, ``mu_star_tol`` in tolerances) and the verdict per parameter (``max_effect_tol``,
        ``moves`` — the targets it moves by more than the threshold — and ``identifiable``).
    """
    from SALib.analyze import morris as morris_analyze

    problem, unit, draws = morris_draws(calibration)
    stats = evaluate(calibration, draws, workers, on_done)
    targets = calibration.targets
    table = targets.table
    outputs = {label: np.array([s.get(label, np.nan) for s in stats]) for label in targets.labels}
    outputs["distance"] = np.array([distance(s, targets) for s in stats])
    tolerances = dict(zip(targets.labels, table["tolerance"], strict=True)) | {"distance": 1.0}
    rows = []
    for label, y in outputs.items():
        y = np.where(np.isfinite(y), y, np.nanmean(y) if np.isfinite(y).any() else 0.0)
        result = morris_analyze.analyze(problem, unit, y, num_levels=calibration.spec.screen.levels,
                                        print_to_console=False, seed=calibration.spec.seed % 2**32)
        for j, name in enumerate(problem["names"]):
            rows.append({"parameter": name, "target": label, "mu_star": float(result["mu_star"][j]),
                         "sigma": float(result["sigma"][j]),
                         "mu_star_tol": float(result["mu_star"][j]) / tolerances[label]})
    effects = pd.DataFrame(rows)
    return effects, verdicts(effects, calibration.spec.screen.threshold)


def verdicts(effects: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per parameter: its largest effect on a target (in tolerances), the targets it moves, identifiable."""
    on_targets = effects[effects["target"] != "distance"]
    rows = []
    for name, group in on_targets.groupby("parameter", sort=False):
        moved = group.loc[group["mu_star_tol"] > threshold, "target"].tolist()
        rows.append({"parameter": name, "max_effect_tol": float(group["mu_star_tol"].max()),
                     "targets_moved": len(moved), "moves": "; ".join(moved), "identifiable": bool(moved)})
    return pd.DataFrame(rows).sort_values("max_effect_tol", ascending=False).reset_index(drop=True)
