"""What a policy brief is made from: groups of replicate runs, their scenarios, seeds and provenance.

A brief compares arms, each a group of replicate runs of one scenario.  :class:`BriefInput` holds
them as the brief needs them — per arm the resolved scenario, its seeds, one row of outcomes per
replicate and the daily series kept — with the facts its provenance section states.  Two places
give one: an experiment's result folder (:func:`read_folder`, what ``python -m sim brief`` reads)
and the dashboard's Compare page, which holds its replicate runs in memory
(:mod:`sim.dashboard.compare_brief`).  :mod:`sim.analysis.brief` computes the brief from either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.compare import choose_by, choose_groups, choose_reference
from sim.analysis.design_points import PointError, point_scenario
from sim.analysis.results import Results, load_results
from sim.experiments.spec import ExperimentError, load_experiment
from sim.scenario import Scenario, ScenarioError

BRIEF_OUTCOMES = (
    "resolution_rate",
    "median_days_to_resolve",
    "satisfaction_mean",
    "trust_mean",
    "bounces_per_issue",
    "community_admin_share",
    "staff_hours_per_resolved",
)
"""The outcomes a brief shows when neither its caller nor the experiment file names any (an official's few)."""

MAX_ARMS = 6


class BriefError(ValueError):
    """Runs a brief cannot be made from; the message says why and what would do."""


@dataclass
class ArmRuns:
    """One arm's replicate runs: its scenario, seeds, outcomes per replicate and kept daily series.

    ``finals`` has one row per replicate number (NaN for a failed run, so arms pair replicate by
    replicate) and a column per numeric outcome; each ``series`` frame has a row per replicate
    and a column per day.  ``label`` tells the arms apart; ``title`` is what the brief shows after
    the arm's letter (the label when empty).
    """

    label: str
    scenario: Scenario
    seeds: list[int]
    finals: pd.DataFrame
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    failed: int = 0
    title: str = ""


@dataclass
class Provenance:
    """Where the runs came from: software, code, seeds, dates, and how to run them again.

    ``kind`` is ``"experiment"`` (a result folder) or ``"compare"`` (the dashboard's Compare page);
    ``hashes_verified`` is None when the scenarios are those that ran, held in memory.
    """

    kind: str
    versions: dict[str, Any]
    git: dict[str, Any]
    base: str
    seed: int | None
    seeding: str
    started: str
    ended: str
    identity: str | None = None
    hashes_verified: bool | None = None
    reproduce: str | None = None


@dataclass
class BriefInput:
    """Everything a brief is computed from; the reference arm comes first."""

    name: str
    description: str
    arms: list[ArmRuns]
    replicates: int
    steps: int
    paired: bool
    provenance: Provenance
    vary_city: bool = False
    preferred: list[str] = field(default_factory=list)

    @property
    def outcomes(self) -> list[str]:
        """The numeric outcomes every arm has."""
        columns = [list(arm.finals.columns) for arm in self.arms]
        return [c for c in columns[0] if all(c in other for other in columns[1:])]

    def shown_outcomes(self, outcomes: list[str] | None = None) -> list[str]:
        """The outcomes a brief shows: those given, else the preferred, else :data:`BRIEF_OUTCOMES`.

        Args:
            outcomes: outcomes asked for (an unknown name is an error).

        Returns:
            The outcome names, those without any value left out unless asked for.

        Raises:
            BriefError: an outcome asked for is not among the runs' outcomes.
        """
        have = self.outcomes
        if outcomes:
            unknown = [o for o in outcomes if o not in have]
            if unknown:
                raise BriefError(f"unknown outcome(s) {', '.join(unknown)}; outcomes of these runs: {', '.join(have)}")
            return list(outcomes)
        wanted = [o for o in self.preferred if o in have] or list(BRIEF_OUTCOMES)
        return [o for o in wanted if o in have and any(arm.finals[o].notna().any() for arm in self.arms)]


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


def read_folder(folder: str | Path, outcomes: list[str] | None = None) -> BriefInput:
    """An experiment folder's groups of runs as a brief's input (one arm per group).

    Args:
        folder: an experiment's result folder, or its ``compare/`` folder.
        outcomes: the outcomes the brief will show (their first kept daily series is read).

    Returns:
        The brief's input, the reference group first.

    Raises:
        BriefError: the folder holds no comparison a brief can show.
    """
    results = find_results(folder)
    try:
        labels, order = choose_groups(results, choose_by(results, None))
        reference = choose_reference(results, None, order)
    except ExperimentError as err:
        raise BriefError(str(err)) from None
    if len(order) < 2:
        raise BriefError(f"{results.root}: all runs form one group; a brief needs at least two arms to compare")
    if len(order) > MAX_ARMS:
        raise BriefError(f"{results.root}: {len(order)} groups; a brief shows at most {MAX_ARMS} arms")
    order = [reference, *[g for g in order if g != reference]]
    m = results.manifest
    source = BriefInput(
        results.name, m.get("description") or "", [_arm_runs(results, labels, g) for g in order],
        int(m.get("replicates") or 0), int(m.get("steps") or 0), m.get("seeding") == "common",
        _provenance(results), bool(m.get("vary_city")),
        preferred=list(m.get("spec", {}).get("analysis", {}).get("outcomes") or []))
    for outcome in source.shown_outcomes(outcomes):
        if _read_series(results, labels, source, outcome):
            break
    return source


def _arm_runs(results: Results, labels: pd.Series, group: str) -> ArmRuns:
    """A group's runs: the resolved scenario of its design point, its seeds, outcomes by replicate."""
    runs = results.runs[labels == group]
    scenario = arm_scenario(results.manifest, int(runs["point"].iloc[0]))
    ok = runs[runs["status"] == "ok"].set_index("replicate")[results.outcomes]
    every = range(int(results.manifest.get("replicates") or (runs["replicate"].max() + 1)))
    finals = ok[~ok.index.duplicated()].reindex(every)
    seeds = [int(s) for s in runs.sort_values("replicate")["seed"]]
    return ArmRuns(group, scenario, seeds, finals, failed=int((runs["status"] != "ok").sum()))


def _read_series(results: Results, labels: pd.Series, source: BriefInput, outcome: str) -> bool:
    """Put the kept daily series of ``outcome`` into each arm (False when the experiment kept none)."""
    frame = results.timeseries(outcome)
    if frame is None or not len(frame):
        return False
    group = pd.Series(labels.to_numpy(), index=results.runs["run_id"])
    frame = frame.assign(group=frame["run_id"].map(group))
    for label, part in frame.groupby("group"):
        arm = next((a for a in source.arms if a.label == label), None)
        if arm is not None:
            wide = part.pivot_table(index="run_id", columns="step", values=outcome).sort_index(axis=1)
            arm.series[outcome] = wide
    return True


def arm_scenario(manifest: dict[str, Any], point: int) -> Scenario:
    """The scenario a design point's runs ran (:func:`sim.analysis.design_points.point_scenario`).

    Raises:
        BriefError: a scenario file is gone or no longer accepts the values.
    """
    try:
        return point_scenario(manifest, point)
    except PointError as err:
        raise BriefError(str(err)) from None


def _provenance(results: Results) -> Provenance:
    """The manifest's facts: versions, commit, seed, dates, identity, and the command to rerun it."""
    m = results.manifest
    sessions = m.get("sessions") or [{}]
    return Provenance(
        "experiment", m.get("versions") or {}, m.get("git") or {}, str(m.get("base_scenario")),
        m.get("experiment_seed"), str(m.get("seeding")), sessions[0].get("started", "?"),
        sessions[-1].get("ended", "?"), identity=m.get("identity"), hashes_verified=_hashes_verified(m),
        reproduce=reproduce_command(m) if m.get("experiment_file") else None)


def _hashes_verified(manifest: dict[str, Any]) -> bool:
    """Whether the scenario files are as they were when the runs ran (the identity hash matches)."""
    try:
        experiment = load_experiment(manifest["spec"])
    except (ExperimentError, ScenarioError, KeyError):
        return False
    return experiment.identity() == manifest.get("identity")


def reproduce_command(manifest: dict[str, Any]) -> str:
    """The command that runs the experiment again as it ran (its file plus what ``--set`` changed).

    Args:
        manifest: the experiment's manifest.

    Returns:
        ``python -m sim experiment FILE --set steps=… --set replicates=… --set seed=… …``.
    """
    sets = {"steps": manifest.get("steps"), "replicates": manifest.get("replicates"),
            "seed": manifest.get("experiment_seed"), **(manifest.get("overrides") or {})}
    flags = " ".join(f"--set {key}={_flag(value)}" for key, value in sets.items())
    return f"python -m sim experiment {manifest['experiment_file']} {flags}"


def _flag(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
