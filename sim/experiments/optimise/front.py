"""The front, re-evaluated: every package run again with fresh seeds, means with 95% CIs, trade-offs.

The search picks packages by their means over a few replicates, so the luckiest look best.  Each
package of the final front is therefore run again with ``final_replicates`` seeds that the search
never used (the same seeds for every package, so differences between packages are paired) and
reported with those runs only: means with bootstrap 95% intervals, whether the mean cost is within
budget, and whether another package beats it on every objective once re-evaluated.  Packages are
numbered by their staff-hour cost (or by their first objective when that is not known), and each
one not beaten once re-evaluated is compared with the next such package: the paired difference of
every objective and of the cost, with its CI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.stats import difference, mean_ci
from sim.experiments.optimise.evaluate import Evaluator
from sim.experiments.optimise.search import bound_rows
from sim.experiments.optimise.spec import COST_OUTCOMES, FINAL, Optimisation


def reported_outcomes(optimisation: Optimisation) -> list[str]:
    """The objectives, the two reform costs and the bounded outcomes, without repeats."""
    return list(dict.fromkeys([*optimisation.spec.objectives, *COST_OUTCOMES.values(),
                               *(n for n, _, _ in bound_rows(optimisation))]))


@dataclass
class Front:
    """The re-evaluated front: the table (one row per package), the runs behind it, the trade-offs."""

    table: pd.DataFrame
    runs: np.ndarray  # package × seed × outcome (reported_outcomes order)
    outcomes: list[str]
    tradeoffs: pd.DataFrame


def dominated(values: np.ndarray, maximise: np.ndarray) -> np.ndarray:
    """Which rows another row beats: as good on every objective and better on one.

    Args:
        values: package × objective means.
        maximise: per objective, True when higher is better.
    """
    oriented = np.where(maximise, values, -values)
    out = np.zeros(len(values), dtype=bool)
    for i, row in enumerate(oriented):
        others = np.delete(oriented, i, axis=0)
        out[i] = bool(np.any(np.all(others >= row, axis=1) & np.any(others > row, axis=1)))
    return out


def reevaluate(optimisation: Optimisation, evaluator: Evaluator, packages: list[dict[str, float]]) -> Front:
    """Run every package with the final seeds and build the front's table and trade-offs."""
    spec = optimisation.spec
    names = reported_outcomes(optimisation)
    runs = evaluator.matrix(packages, optimisation.seeds(FINAL, spec.final_replicates), names)
    means = np.nanmean(runs, axis=1)
    order_by = COST_OUTCOMES["staff_hours_per_year"]
    order = np.argsort(means[:, names.index(order_by)] if order_by in names else means[:, 0], kind="stable")
    runs, means = runs[order], means[order]
    packages = [packages[i] for i in order]
    rows = []
    for i, package in enumerate(packages):
        row: dict = {"package": i + 1, **package}
        for j, name in enumerate(names):
            mean, low, high = mean_ci(runs[i, :, j])
            row.update({f"{name}_mean": mean, f"{name}_lo": low, f"{name}_hi": high})
        row["within_bounds"] = all(
            (means[i, names.index(n)] <= limit) if side == "max" else (means[i, names.index(n)] >= limit)
            for n, side, limit in bound_rows(optimisation))
        rows.append(row)
    table = pd.DataFrame(rows)
    objectives = list(spec.objectives)
    maximise = np.array([spec.objectives[o] == "max" for o in objectives])
    table["dominated"] = dominated(means[:, [names.index(o) for o in objectives]], maximise)
    kept = np.flatnonzero(~table["dominated"].to_numpy())
    return Front(table, runs, names, tradeoffs(runs[kept], names, [int(i) + 1 for i in kept]))


def tradeoffs(runs: np.ndarray, names: list[str], numbers: list[int]) -> pd.DataFrame:
    """Each package against the next: paired difference (next − this) of every outcome, with its CI.

    Args:
        runs: package × seed × outcome, packages in cost order.
        names: the outcomes.
        numbers: each package's number on the front.
    """
    rows = []
    for i in range(len(runs) - 1):
        for j, name in enumerate(names):
            d = difference(runs[i, :, j], runs[i + 1, :, j])
            rows.append({"from": numbers[i], "to": numbers[i + 1], "outcome": name, "diff": d.diff, "lo": d.diff_lo,
                         "hi": d.diff_hi})
    return pd.DataFrame(rows, columns=["from", "to", "outcome", "diff", "lo", "hi"])
