"""The distance between a simulated draw and the targets: weighted differences, period by period.

Each target contributes its difference from the simulated rate of the same period in units of its
tolerance, ``z = (simulated − observed) / tolerance``; the distance is the weighted root mean
square, ``sqrt(Σ w z² / Σ w)``.  A distance of 1 means the draw misses the targets by about one
tolerance each.  A period the run gives no value for (no case rated that month) counts as a miss
of :data:`MISSING_Z` tolerances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.calibration.targets import Targets

MISSING_Z = 10.0
"""The miss, in tolerances, of a target whose period has no simulated value."""


def standardised(simulated: dict[str, float], targets: Targets) -> np.ndarray:
    """Each target's miss in tolerances, ``(simulated − observed) / tolerance`` (in target order)."""
    table = targets.table
    sim = np.array([simulated.get(label, np.nan) for label in targets.labels], dtype=float)
    z = (sim - table["value"].to_numpy()) / table["tolerance"].to_numpy()
    return np.where(np.isfinite(z), z, MISSING_Z)


def distance(simulated: dict[str, float], targets: Targets) -> float:
    """The weighted root-mean-square miss of a draw, in tolerances."""
    weights = targets.table["weight"].to_numpy()
    z = standardised(simulated, targets)
    return float(np.sqrt(np.sum(weights * z**2) / np.sum(weights)))


class TargetDistance:
    """The distance as pyabc calls it, ``d(x, x_0)``, with ``x`` the simulated statistics.

    ``x_0`` is not used: the targets are held here with their weights and tolerances.
    """

    def __init__(self, targets: Targets):
        """Hold the targets.

        Args:
            targets: the checked targets.
        """
        self.targets = targets

    def __call__(self, x: dict, x_0: dict | None = None) -> float:
        """The distance of simulated statistics ``x`` from the targets."""
        return distance(x, self.targets)


def fit_table(targets: Targets, columns: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Targets beside simulated values: one row per target, one column per named set of statistics.

    Args:
        targets: the checked targets.
        columns: e.g. ``{"best_fit": stats, "posterior_median": stats}``.

    Returns:
        ``period``, ``outcome``, ``target``, ``tolerance``, ``unit``, ``source`` and, per set, its
        value and its miss in tolerances (``<name>_z``).
    """
    table = targets.table
    out = pd.DataFrame({"period": table["period"], "outcome": table["outcome"], "target": table["value"],
                        "tolerance": table["tolerance"]})
    for name, stats in columns.items():
        out[name] = [stats.get(label, np.nan) for label in targets.labels]
        out[f"{name}_z"] = (out[name] - out["target"]) / out["tolerance"]
    out["unit"] = table["unit"].to_numpy()
    out["source"] = table["source"].to_numpy()
    return out
