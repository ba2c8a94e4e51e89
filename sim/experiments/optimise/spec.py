"""Optimisation files: which levers may move over which ranges, toward which objectives, under which budget.

An optimisation file (``experiments/optimise_*.toml``, see docs/optimise.md) names a scenario, the
levers searched (each with a range; levers sharing a ``group`` move together as one decision),
the objectives (outcomes of the registry :data:`sim.core.outcomes.OUTCOMES`, each to ``"max"`` or
``"min"``), the budget (``reform_cost`` staff-hours and yuan a year) and any bounds on other
outcomes, the replicates per candidate, the population and generations of NSGA-II, the replicates
the final front is re-evaluated with, and optionally the uncertain parameters the front is tested
against (:mod:`sim.experiments.optimise.robust`).  :func:`load_optimisation` checks all of it before
a single run and fails with one message naming the file, the key and what is allowed.

A candidate package is applied as a reform on ``reform_day`` (day 0 by default, after the warm-up),
so the run's ``reform_cost`` charges it against the scenario's pre-reform arrangement.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.core.outcomes import OUTCOMES
from sim.experiments.seeds import seed_int
from sim.experiments.spec import ExperimentError, flatten, resolve_scenario
from sim.scenario import ScenarioError, load_scenario
from sim.scenario.levers import LEVER_BY_KEY, LEVERS
from sim.scenario.loading import describe_validation_error, read_toml

OPTIMISE_SEEDS = 7
"""The spawn key under which an optimisation's seeds are drawn: ``(7, phase, replicate)``."""
SEARCH, FINAL, ROBUST, ALGORITHM, ROBUST_RUNS = 0, 1, 2, 3, 4
"""Phases of the seeds: the search's replicates, the front's re-evaluation, the robustness test's
parameter samples, NSGA-II's own random draws, and the robustness test's runs."""
COST_OUTCOMES = {"staff_hours_per_year": "reform_cost_staff_hours_per_year",
                 "yuan_per_year": "reform_cost_yuan_per_year"}
"""The budget's keys and the summary outcome each bounds."""
DECIMALS = 4
"""Lever values are rounded to this many decimals, so a package has one key in the evaluations."""


class OptimiseError(ExperimentError):
    """An optimisation file or folder that cannot be used; the message says why."""


class LeverRange(BaseModel):
    """A searched lever's range: ``{ low = …, high = …, group = "name" }`` (group optional)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    low: float
    high: float
    group: str | None = Field(None, min_length=1, description="levers of one group move together")

    @model_validator(mode="after")
    def _ordered(self) -> LeverRange:
        if not self.low < self.high:
            raise ValueError(f"an empty or inverted range: low ({self.low}) must be below high ({self.high})")
        return self


class Bound(BaseModel):
    """A bound on an outcome's mean over a candidate's replicates: ``{ max = … }`` and/or ``{ min = … }``."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _some(self) -> Bound:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class Budget(BaseModel):
    """The most the package may cost a year (``reform_cost`` of the summary); each key optional."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    staff_hours_per_year: float | None = Field(None, description="staff-hours a year over the pre-reform city")
    yuan_per_year: float | None = Field(None, description="yuan a year over the pre-reform city")


class UncertainRange(BaseModel):
    """An uncertain behavioural parameter's range (sampled uniformly, Latin hypercube)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> UncertainRange:
        if not self.low < self.high:
            raise ValueError(f"an empty or inverted range: low ({self.low}) must be below high ({self.high})")
        return self


class RobustnessSpec(BaseModel):
    """The front's test against what we do not know: parameter ranges or a calibration posterior."""

    model_config = ConfigDict(extra="forbid")

    parameters: dict[str, UncertainRange] = Field(default_factory=dict)
    posterior: str | None = Field(None, description="a calibration's posterior.csv (its columns are scenario keys)")
    samples: int = Field(8, ge=2, le=10_000, description="parameter samples")
    replicates: int = Field(2, ge=1, le=1000, description="runs per package and sample (common seeds)")

    @model_validator(mode="after")
    def _source(self) -> RobustnessSpec:
        if bool(self.parameters) == bool(self.posterior):
            raise ValueError("give either parameters (ranges) or posterior (a posterior.csv), not both or neither")
        return self


class OptimiseSpec(BaseModel):
    """The content of an optimisation file (docs/optimise.md lists every key)."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    scenario: str = Field(min_length=1)
    steps: int | None = Field(None, ge=1, le=36_500)
    seed: int = Field(2024, ge=0, le=2**63 - 1)
    reform_day: int = Field(0, ge=0, description="the day the package is adopted (a reform on that day)")
    overrides: dict[str, Any] = Field(default_factory=dict)
    levers: dict[str, LeverRange] = Field(min_length=1)
    objectives: dict[str, Literal["max", "min"]] = Field(min_length=2)
    budget: Budget = Field(default_factory=Budget)
    constraints: dict[str, Bound] = Field(default_factory=dict)
    replicates: int = Field(3, ge=1, le=1000, description="runs per candidate (the same seeds for all)")
    population: int = Field(16, ge=4, le=10_000)
    generations: int = Field(10, ge=1, le=10_000)
    final_replicates: int = Field(10, ge=2, le=10_000, description="runs per front package when re-evaluated")
    robustness: RobustnessSpec | None = None


@dataclass(frozen=True)
class Variable:
    """One decision of the search: a lever, or a group of levers moving together, on a 0–1 scale."""

    name: str
    levers: dict[str, LeverRange]

    def values(self, u: float) -> dict[str, float]:
        """The levers' values at position ``u`` (0–1) of their ranges, rounded to :data:`DECIMALS`."""
        out = {}
        for key, r in self.levers.items():
            value = r.low + float(np.clip(u, 0.0, 1.0)) * (r.high - r.low)
            out[key] = float(round(value)) if LEVER_BY_KEY[key].kind == "int" else round(value, DECIMALS)
        return out


@dataclass
class Optimisation:
    """A checked optimisation with every path resolved: what the search runs."""

    spec: OptimiseSpec
    name: str
    source: Path | None
    base: Path
    steps: int
    variables: list[Variable]
    base_reforms: list[dict[str, Any]]
    posterior: Path | None = None

    @property
    def lever_keys(self) -> list[str]:
        """The searched levers, in file order."""
        return list(self.spec.levers)

    def package(self, x: np.ndarray) -> dict[str, float]:
        """The lever values of a decision vector (one 0–1 value per variable)."""
        out: dict[str, float] = {}
        for variable, u in zip(self.variables, x, strict=True):
            out.update(variable.values(float(u)))
        return {key: out[key] for key in self.lever_keys}

    def cheapest(self) -> dict[str, float]:
        """Every lever at the low end of its range: the package of least reform cost."""
        return self.package(np.zeros(len(self.variables)))

    def overrides(self, package: dict[str, float], params: dict[str, float] | None = None) -> dict[str, Any]:
        """Scenario overrides of one run: fixed keys, uncertain parameters, the package as a reform."""
        reform = {"name": "package", "day": self.spec.reform_day, "set": dict(package)}
        return {**self.spec.overrides, **(params or {}), "reforms": [*self.base_reforms, reform]}

    def seeds(self, phase: int, n: int) -> tuple[int, ...]:
        """The ``n`` seeds of a phase, the same for every candidate (common random numbers)."""
        return tuple(seed_int(np.random.SeedSequence(self.spec.seed, spawn_key=(OPTIMISE_SEEDS, phase, r)))
                     for r in range(n))

    def algorithm_seed(self) -> int:
        """NSGA-II's own seed (a 32-bit integer spawned from the file's seed)."""
        return int(self.seeds(ALGORITHM, 1)[0] % 2**32)

    def bounded(self) -> dict[str, Bound]:
        """Every bound on an outcome's mean: the budget's and the file's ``constraints``."""
        bounds = {COST_OUTCOMES[k]: Bound(max=v) for k, v in self.spec.budget.model_dump().items() if v is not None}
        return {**bounds, **self.spec.constraints}

    def identity(self) -> str:
        """A hash of what decides a run's result: scenario file, fixed keys, days, reform day.

        The evaluations of one identity are a cache valid whatever the objectives, budget,
        population or generations: changing those and resuming reuses every run already done.
        """
        data = {"scenario": hashlib.sha256(self.base.read_bytes()).hexdigest(), "steps": self.steps,
                "overrides": self.spec.overrides, "reform_day": self.spec.reform_day}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _is_range(value: Any) -> bool:
    return isinstance(value, dict) and ("low" in value or "high" in value)


def load_optimisation(path: str | Path) -> Optimisation:
    """Read and check an optimisation file.

    Raises:
        OptimiseError: one message naming the file, the key, the value and what is allowed.
    """
    path = Path(path)
    if not path.is_file():
        raise OptimiseError(f"{path}: no such optimisation file")
    try:
        data = read_toml(path)
    except ScenarioError as err:
        raise OptimiseError(str(err)) from None
    data["levers"] = flatten(data.get("levers", {}), stop=_is_range)
    data["overrides"] = flatten(data.get("overrides", {}))
    data["constraints"] = flatten(data.get("constraints", {}), stop=lambda v: "min" in v or "max" in v)
    if isinstance(data.get("robustness"), dict):
        data["robustness"] = {**data["robustness"],
                              "parameters": flatten(data["robustness"].get("parameters", {}), stop=_is_range)}
    try:
        spec = OptimiseSpec.model_validate(data)
    except ValidationError as err:
        raise OptimiseError(describe_validation_error(err, str(path))) from None
    try:
        return _resolve(spec, path)
    except (ExperimentError, ScenarioError) as err:
        raise OptimiseError(f"{path}: {err}") from None


def _check_levers(spec: OptimiseSpec) -> None:
    searchable = [lv.key for lv in LEVERS if lv.kind not in ("bool", "choice")]
    for key, r in spec.levers.items():
        lever = LEVER_BY_KEY.get(key)
        if lever is None or lever.kind in ("bool", "choice"):
            raise OptimiseError(f"levers: {key!r} is not a lever that can be searched; "
                                f"allowed: {', '.join(searchable)}")
        if r.low < lever.low or r.high > lever.high:
            raise OptimiseError(f"levers.{key}: range {r.low}–{r.high} leaves the lever's range "
                                f"{lever.low}–{lever.high} ({lever.term})")
        if key in spec.overrides:
            raise OptimiseError(f"levers.{key}: also set in overrides; a key is searched or fixed, not both")


def _check_outcomes(spec: OptimiseSpec) -> None:
    known = sorted(name for name, o in OUTCOMES.items())
    for name, direction in spec.objectives.items():
        outcome = OUTCOMES.get(name)
        if outcome is None:
            raise OptimiseError(f"objectives: unknown outcome {name!r}; allowed: {', '.join(known)}")
        better = outcome.higher_is_better
        if better is not None and (direction == "max") != better:
            raise OptimiseError(f"objectives.{name} = {direction!r}: the outcome registry says "
                                f"{'higher' if better else 'lower'} is better for residents; use "
                                f"{'max' if better else 'min'}")
    for name in spec.constraints:
        if name not in OUTCOMES:
            raise OptimiseError(f"constraints: unknown outcome {name!r}; allowed: {', '.join(known)}")


def _resolve(spec: OptimiseSpec, path: Path) -> Optimisation:
    _check_levers(spec)
    _check_outcomes(spec)
    here = path.resolve().parent
    base = resolve_scenario(spec.scenario, here)
    scenario = load_scenario(base, {**spec.overrides, **({"steps": spec.steps} if spec.steps else {})})
    steps = scenario.steps
    if spec.reform_day >= steps:
        raise OptimiseError(f"reform_day = {spec.reform_day} is not within the run's {steps} days")
    base_reforms = [r.model_dump(exclude_none=True) for r in scenario.reforms]
    for reform in base_reforms:
        clash = sorted(set(reform["set"]) & set(spec.levers))
        if clash:
            raise OptimiseError(f"levers {clash}: the scenario's own reform {reform.get('name') or ''!r} sets them "
                                f"too; search them on a scenario without that reform")
    groups: dict[str, dict[str, LeverRange]] = {}
    for key, r in spec.levers.items():
        groups.setdefault(r.group or key, {})[key] = r
    variables = [Variable(name, levers) for name, levers in groups.items()]
    optimisation = Optimisation(spec, spec.name or path.stem, path.resolve(), base, steps, variables, base_reforms)
    fixed = {"steps": steps}
    for u in (0.0, 1.0, 0.37):  # the ends and an inner value of every range, as the runs will set them
        load_scenario(base, {**fixed, **optimisation.overrides(optimisation.package(np.full(len(variables), u)))})
    if spec.robustness is not None:
        _check_uncertain(spec, base, optimisation)
    return optimisation


def _check_uncertain(spec: OptimiseSpec, base: Path, optimisation: Optimisation) -> None:
    """Probe every uncertain parameter (its ends, or the posterior's first draw) on the cheapest package."""
    robust = spec.robustness
    probes = [{key: value} for key, r in robust.parameters.items() for value in (r.low, r.high)]
    if robust.posterior:
        optimisation.posterior = _posterior_path(robust.posterior, optimisation.source.parent)
        probes = [posterior_draws(optimisation.posterior, 1, 0)[0]]
    keys = {k for probe in probes for k in probe}
    clash = sorted(keys & (set(spec.levers) | set(spec.overrides)))
    if clash:
        raise OptimiseError(f"robustness: {clash} are searched or fixed keys; they cannot also be uncertain")
    cheapest = optimisation.overrides(optimisation.cheapest())
    for probe in probes:
        load_scenario(base, {**cheapest, "steps": optimisation.steps, **probe})


def _posterior_path(ref: str, here: Path) -> Path:
    from sim.experiments.spec import REPO_DIR

    candidates = [Path(ref)] if Path(ref).is_absolute() else [here / ref, Path.cwd() / ref, REPO_DIR / ref]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise OptimiseError(f"robustness.posterior {ref!r}: no such file (looked next to the file, in the current "
                        f"folder and in the repository)")


def posterior_draws(path: Path, n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter draws from a calibration's posterior.csv, resampled by its ``weight`` column.

    Its parameter columns are those named like scenario keys (with a dot); the draw is seeded.
    """
    import pandas as pd

    table = pd.read_csv(path)
    columns = [c for c in table.columns if "." in c]
    if not columns or table.empty:
        raise OptimiseError(f"{path}: a posterior needs rows and parameter columns named by scenario key "
                            f"(e.g. issues.rate_scale); found columns {list(table.columns)}")
    weights = table["weight"].to_numpy(float) if "weight" in table else np.ones(len(table))
    rows = np.random.default_rng(seed).choice(len(table), size=n, p=weights / weights.sum())
    return [{c: float(table.at[i, c]) for c in columns} for i in rows]
