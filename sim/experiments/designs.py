"""Designs: the table of design points (one row each, one column per factor) an experiment runs.

``grid`` is the full factorial of the factors' lists, ``list`` pairs their i-th values, ``lhs``
draws a Latin hypercube (scipy), ``morris`` and ``sobol`` are SALib's samplers over the factors'
ranges.  Sampled designs keep their SALib ``problem`` so that ``sensitivity`` can analyse them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.experiments.seeds import design_seed
from sim.experiments.spec import Experiment, Range


@dataclass
class Design:
    """The design points of an experiment, and the SALib problem for sampled designs."""

    kind: str
    points: pd.DataFrame
    problem: dict[str, Any] | None = None

    @property
    def size(self) -> int:
        """Number of design points."""
        return len(self.points)

    def overrides(self, point: int) -> dict[str, Any]:
        """The factor values of one design point, as plain Python values."""
        row = self.points.iloc[point]
        return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}

    def to_records(self) -> list[dict[str, Any]]:
        """Every design point as a dict (for the manifest)."""
        return [{"point": i, **self.overrides(i)} for i in range(self.size)]


def build_design(experiment: Experiment) -> Design:
    """Build the design points of a checked experiment."""
    spec, factors = experiment.spec, experiment.factors
    if not factors:
        return Design(spec.design, pd.DataFrame(index=pd.RangeIndex(1)))
    names = list(factors)
    if spec.design == "grid":
        rows = list(itertools.product(*factors.values()))
        return Design("grid", _frame(rows, names))
    if spec.design == "list":
        return Design("list", _frame(list(zip(*factors.values(), strict=True)), names))
    ranges: list[Range] = list(factors.values())
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[r.low, r.high] for r in ranges],
    }
    seed = design_seed(spec.seed)
    if spec.design == "lhs":
        unit = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(seed)).random(spec.samples)
        matrix = qmc.scale(unit, [r.low for r in ranges], [r.high for r in ranges])
    elif spec.design == "morris":
        from SALib.sample import morris as morris_sample  # SALib is slow to import: only here

        matrix = morris_sample.sample(problem, spec.samples, num_levels=spec.levels, seed=seed)
    else:
        from SALib.sample import sobol as sobol_sample

        matrix = sobol_sample.sample(problem, spec.samples, calc_second_order=spec.second_order, seed=seed)
    for j, r in enumerate(ranges):
        if r.integer:
            matrix[:, j] = np.round(matrix[:, j])
    points = pd.DataFrame(matrix, columns=names)
    for name, r in zip(names, ranges, strict=True):
        if r.integer:
            points[name] = points[name].astype(np.int64)
    return Design(spec.design, points, problem)


def _frame(rows: list[tuple], names: list[str]) -> pd.DataFrame:
    columns = {name: [row[j] for row in rows] for j, name in enumerate(names)}
    return pd.DataFrame({k: pd.Series(v, dtype=_dtype(v)) for k, v in columns.items()})


def _dtype(values: list[Any]) -> str:
    """A column type that keeps bools, ints and floats apart (parquet needs one type per column)."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "bool"
    if kinds <= {int}:
        return "int64"
    if kinds <= {int, float}:
        return "float64"
    return "object"
