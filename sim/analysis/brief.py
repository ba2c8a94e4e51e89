"""The policy brief's content: arms, the levers they change, outcomes with CIs, provenance.

:func:`brief_of` turns a brief's input (:class:`sim.analysis.brief_input.BriefInput`: groups of
replicate runs, from an experiment's result folder or from the dashboard's Compare page) into a
:class:`Brief`: the arms with the levers each changes from the reference, named by the essay's
terms; each headline outcome's mean per arm with its 95% bootstrap interval and each arm's
difference from the reference with the interval of that difference (:mod:`sim.analysis.stats`);
and where the results came from.  :func:`build_brief` does so for a result folder.  Rendering it
as HTML or PDF is :mod:`sim.analysis.brief_render`'s part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.analysis.brief_input import BriefError, BriefInput, read_folder
from sim.analysis.stats import Difference, describe, difference
from sim.runs import scenario_hash
from sim.scenario import Scenario
from sim.scenario import levers as registry
from sim.scenario.timeline import reform_start

__all__ = ["Brief", "BriefError", "brief_of", "build_brief", "lever_timeline"]

TRADE_OFFS = ("community_admin_share", "staff_hours_per_resolved")
"""Outcomes of cost and burden, shown apart from the results residents feel."""

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
    title: str = ""

    @property
    def name(self) -> str:
        """``A · title`` (the label when it has no title), as tables and charts show the arm."""
        return f"{self.letter} · {self.title or self.label}"


@dataclass
class OutcomeResult:
    """One outcome: per arm its summary (n, mean, CI) and, for the others, the difference."""

    outcome: str
    per_arm: dict[str, dict[str, float]]
    differences: dict[str, Difference]


@dataclass
class Brief:
    """Everything a brief says, in no particular language."""

    source: BriefInput
    arms: list[Arm]
    reference: Arm
    outcomes: list[OutcomeResult]
    bands: dict[str, Any] = field(default_factory=dict)
    made: dt.date = field(default_factory=dt.date.today)

    @property
    def replicates(self) -> int:
        """Replicates per arm, as the runs were asked for."""
        return self.source.replicates

    @property
    def paired(self) -> bool:
        """Whether replicate i of every arm used the same random stream (common random numbers)."""
        return self.source.paired

    @property
    def hashes_verified(self) -> bool | None:
        """Whether the scenario files are unchanged since the runs (None: the scenarios that ran)."""
        return self.source.provenance.hashes_verified


def build_brief(folder: str | Path, outcomes: list[str] | None = None) -> Brief:
    """Read an experiment folder and compute what its brief says.

    Args:
        folder: an experiment's result folder, or its ``compare/`` folder.
        outcomes: the outcomes to show (default: the experiment file's, else the brief's own few).

    Returns:
        The brief's content.

    Raises:
        BriefError: the folder holds no comparison a brief can show.
    """
    return brief_of(read_folder(folder, outcomes), outcomes)


def brief_of(source: BriefInput, outcomes: list[str] | None = None) -> Brief:
    """Compute what a brief says from groups of replicate runs.

    Args:
        source: the arms' runs, the reference first.
        outcomes: the outcomes to show (default: :meth:`BriefInput.shown_outcomes`).

    Returns:
        The brief's content.

    Raises:
        BriefError: fewer than two arms, or an outcome asked for that the runs lack.
    """
    if len(source.arms) < 2:
        raise BriefError("a brief needs at least two arms to compare")
    arms = [Arm(chr(ord("A") + i), a.label, a.scenario, seeds=list(a.seeds), scenario_hash=scenario_hash(a.scenario),
                failed=a.failed, title=a.title) for i, a in enumerate(source.arms)]
    _describe_changes(arms)
    shown = source.shown_outcomes(outcomes)
    reference = source.arms[0]
    rows = []
    for name in shown:
        per_arm = {a.label: describe(a.finals[name].to_numpy(float)) for a in source.arms}
        diffs = {a.label: difference(reference.finals[name].to_numpy(float), a.finals[name].to_numpy(float))
                 for a in source.arms[1:]}
        rows.append(OutcomeResult(name, per_arm, diffs))
    return Brief(source, arms, arms[0], rows, _bands(source, shown))


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


def _bands(source: BriefInput, outcomes: list[str]) -> dict[str, Any]:
    """The daily series of the first shown outcome the runs kept: per arm the (replicates × days) frame."""
    for outcome in outcomes:
        kept = {arm.label: arm.series[outcome] for arm in source.arms if outcome in arm.series}
        if kept:
            return {"outcome": outcome, "arms": kept}
    return {}
