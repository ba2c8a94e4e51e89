"""An experiment's design points read back from its manifest: the scenario each ran, their day 0.

The manifest (``manifest.json`` of a results folder, :mod:`sim.experiments.runner`) records the
base scenario, the scenario factor's files, the overrides, the steps and every design point's
values; from them a point's resolved scenario is rebuilt as ``python -m sim run`` would record it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiments.spec import SCENARIO_FACTOR, ExperimentError, resolve_scenario
from sim.scenario import Scenario, ScenarioError, load_scenario


class PointError(ValueError):
    """A design point's scenario cannot be rebuilt (its file is gone or refuses the values)."""


def design_points(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's design points (empty when it records none, as an older manifest may)."""
    design = manifest.get("design")
    return list(design.get("points", [])) if isinstance(design, dict) else []


def point_scenario(manifest: dict[str, Any], point: int) -> Scenario:
    """The scenario a design point's runs ran: the base (or its ``scenario`` factor), overrides, steps.

    Args:
        manifest: the experiment's manifest.
        point: the design point's index.

    Returns:
        The resolved scenario.

    Raises:
        PointError: the point is not in the manifest, or a scenario file is gone or no longer
            accepts the values.
    """
    values = next((p for p in design_points(manifest) if int(p["point"]) == point), None)
    if values is None:
        raise PointError(f"design point {point} is not in the experiment's manifest")
    values = {k: v for k, v in values.items() if k != "point"}
    here = Path(manifest["experiment_file"]).parent if manifest.get("experiment_file") else None
    source = manifest["scenarios"].get(str(values[SCENARIO_FACTOR])) if SCENARIO_FACTOR in values else None
    overrides = {**manifest.get("overrides", {}), **{k: v for k, v in values.items() if k != SCENARIO_FACTOR}}
    try:
        path = resolve_scenario(source or manifest["base_scenario"], here)
        return load_scenario(path, {**overrides, "steps": manifest["steps"]})
    except (ExperimentError, ScenarioError) as err:
        raise PointError(f"cannot rebuild the scenario of design point {point}: {err}") from None


def runs_start_date(manifest: dict[str, Any], runs: pd.DataFrame) -> dt.date | None:
    """The runs' day 0: the ``start_date`` of the scenarios their design points ran.

    Each scenario is rebuilt from the experiment's ``manifest`` once per scenario factor value and
    ``start_date`` value among the points of ``runs`` (rows with a ``point`` column).

    Returns:
        The date, or None when the manifest records no points, the points start on different
        dates, or a scenario cannot be rebuilt.
    """
    design = {int(p["point"]): p for p in design_points(manifest)}
    if not design or "point" not in runs:
        return None
    starts: dict[tuple, dt.date] = {}
    for point in runs["point"].dropna().unique():
        values = design.get(int(point), {})
        key = tuple(str(values.get(k)) for k in (SCENARIO_FACTOR, "start_date"))
        if key not in starts:
            try:
                starts[key] = point_scenario(manifest, int(point)).start_date
            except (PointError, KeyError):
                return None
    dates = set(starts.values())
    return dates.pop() if len(dates) == 1 else None
