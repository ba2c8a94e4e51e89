"""The policy brief's content, read from an experiment folder: arms, outcomes with CIs, provenance.

:func:`build_brief` turns an experiment's result folder (or the ``compare/`` folder inside one)
into a :class:`Brief`: the arms (one per group of replicates) with the levers each changes from
the reference, named by the essay's terms; each headline outcome's mean per arm with its 95%
bootstrap interval and each arm's difference from the reference with the interval of that
difference (:mod:`sim.analysis.stats`); and where the results came from.  Rendering it as HTML
or PDF is :mod:`sim.analysis.brief_render`'s part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.compare import choose_by, choose_groups, choose_reference
from sim.analysis.results import Results, load_results
from sim.analysis.stats import Difference, describe, difference
from sim.experiments.spec import SCENARIO_FACTOR, ExperimentError, load_experiment, resolve_scenario
from sim.runs import scenario_hash
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario import levers as registry
from sim.scenario.timeline import reform_start

BRIEF_OUTCOMES = (
    "resolution_rate",
    "median_days_to_resolve",
    "satisfaction_mean",
    "trust_mean",
    "bounces_per_issue",
    "community_admin_share",
    "staff_hours_per_resolved",
)
"""The outcomes a brief shows when the experiment file names none (an official's few)."""

TRADE_OFFS = ("community_admin_share", "staff_hours_per_resolved")
"""Outcomes of cost and burden, shown apart from the results residents feel."""

MAX_ARMS = 6


class BriefError(ValueError):
    """A folder a brief cannot be made from; the message says why and what would do."""


@dataclass
class LeverChange:
    """One lever an arm sets differently from the reference (``since`` None: from day 0)."""

    key: str
    term: str
    name: tuple[str, str]
    old: Any
    new: Any
    since: dt.date | None = None
    ramp_days: int = 0


@dataclass
class Arm:
    """One group of replicate runs: its letter, label, scenario and what it changes."""

    letter: str
    label: str
    scenario: Scenario
    changes: list[LeverChange] = field(default_factory=list)
    others: list[tuple[str, Any, Any]] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)
    scenario_hash: str = ""
    failed: int = 0

    @property
    def name(self) -> str:
        """``A · label``, as tables and charts show the arm."""
        return f"{self.letter} · {self.label}"


@dataclass
class OutcomeResult:
    """One outcome: per arm its summary (n, mean, CI) and, for the others, the difference."""

    outcome: str
    per_arm: dict[str, dict[str, float]]
    differences: dict[str, Difference]


@dataclass
class Brief:
    """Everything a brief says, in no particular language."""

    results: Results
    arms: list[Arm]
    reference: Arm
    outcomes: list[OutcomeResult]
    paired: bool
    hashes_verified: bool
    bands: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    made: dt.date = field(default_factory=dt.date.today)

    @property
    def replicates(self) -> int:
        """Replicates per arm, as the experiment asked for them."""
        return int(self.results.manifest.get("replicates") or 0)


def find_results(folder: str | Path) -> Results:
    """The experiment results in ``folder`` (an experiment folder, or the ``compare/`` inside one).

    Args:
        folder: the folder named on the command line.

    Returns:
        The loaded results.

    Raises:
        BriefError: the folder does not exist, holds a single run, or holds no finished runs.
    """
    path = Path(folder)
    if not path.is_dir():
        raise BriefError(f"{path}: no such folder; give an experiment's result folder (results/NAME)")
    if not (path / "manifest.json").is_file() and (path.parent / "manifest.json").is_file():
        path = path.parent  # the compare/ folder of an experiment
    if (path / "summary.json").is_file() and not (path / "runs.parquet").is_file():
        raise BriefError(
            f"{path}: the folder of a single run; a brief compares groups of replicate runs: run an "
            f"experiment (`python -m sim experiment …`) and give its folder"
        )
    try:
        return load_results(path)
    except ExperimentError as err:
        raise BriefError(f"{err}; a brief needs an experiment's result folder with finished runs") from None


def build_brief(folder: str | Path, outcomes: list[str] | None = None) -> Brief:
    """Read an experiment folder and compute what its brief says.

    Args:
        folder: an experiment's result folder, or its ``compare/`` folder.
        outcomes: the outcomes to show (default: the experiment file's, else :data:`BRIEF_OUTCOMES`).

    Returns:
        The brief's content.

    Raises:
        BriefError: the folder holds no comparison a brief can show.
    """
    results = find_results(folder)
    try:
        by = choose_by(results, None)
        labels, order = choose_groups(results, by)
        reference = choose_reference(results, None, order)
    except ExperimentError as err:
        raise BriefError(str(err)) from None
    if len(order) < 2:
        raise BriefError(f"{results.root}: all runs form one group; a brief needs at least two arms to compare")
    if len(order) > MAX_ARMS:
        raise BriefError(f"{results.root}: {len(order)} groups; a brief shows at most {MAX_ARMS} arms")
    order = [reference, *[g for g in order if g != reference]]
    arms = [_arm(results, labels, g, i) for i, g in enumerate(order)]
    _describe_changes(arms)
    verified = _hashes_verified(results)
    shown = _outcomes(results, outcomes)
    table = {g: _replicate_table(results, labels, g, shown) for g in order}
    rows = []
    for name in shown:
        per_arm = {arm.label: describe(table[arm.label][name].to_numpy(float)) for arm in arms}
        diffs = {arm.label: difference(table[reference][name].to_numpy(float), table[arm.label][name].to_numpy(float))
                 for arm in arms[1:]}
        rows.append(OutcomeResult(name, per_arm, diffs))
    return Brief(results, arms, arms[0], rows, results.manifest.get("seeding") == "common", verified,
                 _bands(results, labels, order, shown))


def _outcomes(results: Results, outcomes: list[str] | None) -> list[str]:
    """The outcomes shown: those given, the experiment file's, or the brief's own few present."""
    if outcomes:
        try:
            return results.check_outcomes(outcomes)
        except ExperimentError as err:
            raise BriefError(str(err)) from None
    spec = results.manifest.get("spec", {}).get("analysis", {}).get("outcomes") or []
    wanted = [o for o in spec if o in results.outcomes] or list(BRIEF_OUTCOMES)
    return [o for o in wanted if o in results.outcomes and results.ok[o].notna().any()]


def _replicate_table(results: Results, labels: pd.Series, group: str, outcomes: list[str]) -> pd.DataFrame:
    """A group's outcomes by replicate number, NaN for failed runs (so arms pair replicate by replicate)."""
    runs = results.runs[labels == group]
    ok = runs[runs["status"] == "ok"].set_index("replicate")[outcomes]
    every = range(int(results.manifest.get("replicates") or (runs["replicate"].max() + 1)))
    return ok[~ok.index.duplicated()].reindex(every)


def _arm(results: Results, labels: pd.Series, group: str, index: int) -> Arm:
    """An arm: the resolved scenario of its design point, its seeds and its failed runs."""
    runs = results.runs[labels == group]
    point = int(runs["point"].iloc[0])
    scenario = arm_scenario(results.manifest, point)
    letter = chr(ord("A") + index)
    return Arm(letter, group, scenario, seeds=[int(s) for s in runs.sort_values("replicate")["seed"]],
               scenario_hash=scenario_hash(scenario), failed=int((runs["status"] != "ok").sum()))


def arm_scenario(manifest: dict[str, Any], point: int) -> Scenario:
    """The scenario a design point's runs ran: the base (or its ``scenario`` factor), overrides, steps.

    Args:
        manifest: the experiment's manifest.
        point: the design point's index.

    Returns:
        The resolved scenario, as ``python -m sim run`` would record it.

    Raises:
        BriefError: a scenario file is gone or no longer accepts the values.
    """
    values = next(p for p in manifest["design"]["points"] if int(p["point"]) == point)
    values = {k: v for k, v in values.items() if k != "point"}
    here = Path(manifest["experiment_file"]).parent if manifest.get("experiment_file") else None
    source = manifest["scenarios"].get(str(values[SCENARIO_FACTOR])) if SCENARIO_FACTOR in values else None
    overrides = {**manifest.get("overrides", {}), **{k: v for k, v in values.items() if k != SCENARIO_FACTOR}}
    try:
        path = resolve_scenario(source or manifest["base_scenario"], here)
        return load_scenario(path, {**overrides, "steps": manifest["steps"]})
    except (ExperimentError, ScenarioError) as err:
        raise BriefError(f"cannot rebuild the scenario of design point {point}: {err}") from None


def lever_timeline(scenario: Scenario) -> dict[str, tuple[Any, dt.date | None, int]]:
    """Each lever's value at the end of the run, with the date and ramp of the reform that set it.

    Args:
        scenario: a resolved scenario.

    Returns:
        lever key → (value, the reform's first day as a date or None for day 0, ramp days).
    """
    data = scenario.model_dump()
    found: dict[str, tuple[Any, dt.date | None, int]] = {}
    for spec in registry.LEVERS:
        node: Any = data
        for part in spec.key.split("."):
            node = node[part]
        found[spec.key] = (node, None, 0)
    for reform in sorted(scenario.reforms, key=lambda r: reform_start(scenario, r)):
        day = scenario.start_date + dt.timedelta(days=reform_start(scenario, reform))
        for key, value in reform.set.items():
            if key in found:
                found[key] = (value, day, reform.ramp_days)
    return found


def _describe_changes(arms: list[Arm]) -> None:
    """Fill in each arm's lever changes (and other differing factor values) against the first arm."""
    specs = {spec.key: spec for spec in registry.LEVERS}
    reference = lever_timeline(arms[0].scenario)
    own = [(key, value, since, ramp) for key, (value, since, ramp) in reference.items() if since is not None]
    arms[0].changes = [LeverChange(k, specs[k].term, specs[k].name, None, v, s, r) for k, v, s, r in own]
    for arm in arms[1:]:
        for key, (value, since, ramp) in lever_timeline(arm.scenario).items():
            old = reference[key]
            if (value, since, ramp) != old:
                arm.changes.append(LeverChange(key, specs[key].term, specs[key].name, old[0], value, since, ramp))
        base, mine = arms[0].scenario.model_dump(), arm.scenario.model_dump()
        for key in ("city.residents", "steps", "shocks.epidemic.enabled"):
            a, b = _get(base, key), _get(mine, key)
            if a != b:
                arm.others.append((key, a, b))


def _get(data: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        data = data.get(part, {}) if isinstance(data, dict) else None
    return data


def _hashes_verified(results: Results) -> bool:
    """Whether the scenario files are as they were when the runs ran (the identity hash matches)."""
    manifest = results.manifest
    try:
        experiment = load_experiment(manifest["spec"])
    except (ExperimentError, ScenarioError, KeyError):
        return False
    return experiment.identity() == manifest.get("identity")


def _bands(results: Results, labels: pd.Series, order: list[str], outcomes: list[str]) -> dict[str, dict]:
    """The daily series of the first shown outcome the experiment kept: per arm the (replicates × steps) array."""
    for outcome in outcomes:
        frame = results.timeseries(outcome)
        if frame is None or not len(frame):
            continue
        group = pd.Series(labels.to_numpy(), index=results.runs["run_id"])
        frame = frame.assign(group=frame["run_id"].map(group))
        wide = {g: part.pivot_table(index="run_id", columns="step", values=outcome).sort_index(axis=1)
                for g, part in frame.groupby("group")}
        return {"outcome": outcome, "arms": {g: wide[g] for g in order if g in wide}}
    return {}
