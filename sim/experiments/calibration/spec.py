"""Calibration files: which scenario, which free parameters with which priors, which targets, how.

A calibration file (``experiments/calibrate_*.toml``, see docs/calibration.md) names a scenario,
its free parameters (scenario keys, each with a uniform or log-uniform prior over a range), a
targets CSV (:mod:`sim.experiments.calibration.targets`), the simulations per parameter draw
(``seeds``) and the settings of each method.  :func:`load_calibration` checks all of it before a
single run: an unknown key, an empty or inverted range, a missing or malformed targets file or a
target the run does not reach fails with one message naming the file, the key and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.experiments.calibration.targets import CalibrationError, Targets, read_targets
from sim.experiments.seeds import seed_int
from sim.experiments.spec import flatten, resolve_scenario
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.loading import describe_validation_error, read_toml

CALIBRATION_SEEDS = 3
"""The spawn key under which a calibration's simulation seeds are drawn from its seed."""


class Prior(BaseModel):
    """A free parameter's prior: ``{ low = …, high = …, prior = "uniform" | "loguniform" }``."""

    model_config = ConfigDict(extra="forbid")

    low: float
    high: float
    prior: Literal["uniform", "loguniform"] = "uniform"

    @model_validator(mode="after")
    def _range(self) -> Prior:
        if not self.low < self.high:
            raise ValueError(f"an empty or inverted range: low ({self.low}) must be below high ({self.high})")
        if self.prior == "loguniform" and self.low <= 0:
            raise ValueError(f"a loguniform prior needs low > 0 (given {self.low})")
        return self

    def to_unit(self, value: float) -> float:
        """Where ``value`` lies in the range, 0–1 (on the log scale for a log-uniform prior)."""
        if self.prior == "loguniform":
            return float(np.log(value / self.low) / np.log(self.high / self.low))
        return (value - self.low) / (self.high - self.low)

    def from_unit(self, u: float) -> float:
        """The value at position ``u`` (0–1) of the range (log scale for a log-uniform prior)."""
        if self.prior == "loguniform":
            return float(self.low * (self.high / self.low) ** u)
        return float(self.low + u * (self.high - self.low))


class AbcSpec(BaseModel):
    """ABC-SMC (pyabc): particles per generation, generations, and the smallest epsilon."""

    model_config = ConfigDict(extra="forbid")

    population: int = Field(100, ge=4, le=100_000, description="accepted particles per generation")
    generations: int = Field(8, ge=1, le=100, description="generations (populations) to run")
    min_epsilon: float = Field(0.0, ge=0.0, description="stop early once epsilon falls below this")


class SearchSpec(BaseModel):
    """The optional quick search (optuna, TPE) run before ABC-SMC: a best point, no uncertainty."""

    model_config = ConfigDict(extra="forbid")

    trials: int = Field(0, ge=0, le=100_000, description="trials (0: no search)")


class ScreenSpec(BaseModel):
    """Morris screening (SALib) of the free parameters' effects on the targets."""

    model_config = ConfigDict(extra="forbid")

    trajectories: int = Field(10, ge=2, le=10_000, description="Morris trajectories")
    levels: int = Field(4, ge=2, le=100, description="Morris grid levels")
    threshold: float = Field(
        0.5, gt=0.0, description="a parameter moves a target when its mu* exceeds this many tolerances")


class PredictSpec(BaseModel):
    """The prediction after the fit (``calibrate --predict``): posterior draws over the whole timeline."""

    model_config = ConfigDict(extra="forbid")

    draws: int = Field(20, ge=1, le=10_000, description="posterior draws run (each with its own seed)")
    steps: int | None = Field(None, ge=1, le=36_500, description="days to run (default: the scenario's steps)")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="scenario keys for the prediction runs (not the fit's overrides)")


class CalibrationSpec(BaseModel):
    """The content of a calibration file (docs/calibration.md lists every key)."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    scenario: str = Field(min_length=1)
    targets: str = Field(min_length=1, description="the targets CSV (relative to this file or the repository)")
    steps: int | None = Field(None, ge=1, le=36_500, description="days to run (default: to the last target)")
    seed: int = Field(20190101, ge=0, le=2**63 - 1)
    seeds: int = Field(2, ge=1, le=1000, description="simulations (seeds) averaged per parameter draw")
    overrides: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Prior] = Field(min_length=1)
    abc: AbcSpec = Field(default_factory=AbcSpec)
    search: SearchSpec = Field(default_factory=SearchSpec)
    screen: ScreenSpec = Field(default_factory=ScreenSpec)
    predict: PredictSpec = Field(default_factory=PredictSpec)

    @model_validator(mode="after")
    def _disjoint(self) -> CalibrationSpec:
        clash = set(self.parameters) & set(self.overrides)
        if clash:
            raise ValueError(f"keys both a free parameter and an override: {sorted(clash)}")
        return self


@dataclass
class Calibration:
    """A checked calibration with every path resolved: what the methods run."""

    spec: CalibrationSpec
    name: str
    source: Path | None
    base: Path
    steps: int
    targets: Targets

    @property
    def priors(self) -> dict[str, Prior]:
        """The free parameters and their priors, in file order."""
        return dict(self.spec.parameters)

    def simulation_seeds(self) -> tuple[int, ...]:
        """The seeds every parameter draw is run with (the same for every draw: common random numbers)."""
        return tuple(seed_int(np.random.SeedSequence(self.spec.seed, spawn_key=(CALIBRATION_SEEDS, r)))
                     for r in range(self.spec.seeds))

    def identity(self) -> str:
        """A hash of everything that decides the calibration's result (file contents included)."""
        data = {
            # how far ABC-SMC goes (generations, min_epsilon) may change on --resume: not part of it
            "spec": self.spec.model_dump(mode="json", exclude={"name": True, "description": True, "search": True,
                                                               "screen": True, "predict": True,
                                                               "abc": {"generations", "min_epsilon"}}),
            "steps": self.steps,
            "scenario": hashlib.sha256(self.base.read_bytes()).hexdigest(),
            "targets": hashlib.sha256(self.targets.path.read_bytes()).hexdigest(),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def prediction_scenario(spec: CalibrationSpec, base: Path) -> Scenario:
    """The scenario the prediction runs: the base file with ``[predict]``'s overrides and steps."""
    keys = dict(spec.predict.overrides)
    if spec.predict.steps:
        keys["steps"] = spec.predict.steps
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the base's own warnings are the fit's to give
        return load_scenario(base, keys or None)


def _is_prior(value: Any) -> bool:
    return isinstance(value, dict) and ("low" in value or "high" in value)


def load_calibration(path: str | Path) -> Calibration:
    """Read and check a calibration file.

    Raises:
        CalibrationError: one message naming the file, the key, the value and what is allowed.
    """
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f"{path}: no such calibration file")
    try:
        data = read_toml(path)
    except ScenarioError as err:
        raise CalibrationError(str(err)) from None
    data["parameters"] = flatten(data.get("parameters", {}), stop=_is_prior)
    data["overrides"] = flatten(data.get("overrides", {}))
    if isinstance(data.get("predict"), dict) and isinstance(data["predict"].get("overrides"), dict):
        data["predict"]["overrides"] = flatten(data["predict"]["overrides"])
    try:
        spec = CalibrationSpec.model_validate(data)
    except ValidationError as err:
        raise CalibrationError(describe_validation_error(err, str(path))) from None
    try:
        return _resolve(spec, path)
    except (CalibrationError, ScenarioError) as err:
        raise CalibrationError(f"{path}: {err}") from None


def _resolve(spec: CalibrationSpec, path: Path) -> Calibration:
    here = path.resolve().parent
    base = resolve_scenario(spec.scenario, here)
    targets = read_targets(_resolve_file(spec.targets, here))
    scenario = load_scenario(base, spec.overrides or None)
    last = scenario.day_date(scenario.steps - 1) if spec.steps is None else None
    steps = spec.steps or (targets.last_day() - scenario.start_date).days + 1
    if last is not None and targets.last_day() > last:
        raise CalibrationError(f"targets reach {targets.last_day()}, after the scenario's last day {last}")
    if targets.first_day() < scenario.start_date:
        raise CalibrationError(f"targets start in {targets.first_day():%Y-%m}, before the scenario's "
                               f"start_date {scenario.start_date}")
    if scenario.start_date + dt.timedelta(days=steps - 1) < targets.last_day():
        raise CalibrationError(f"steps = {steps} ends the run before the last target ({targets.last_day()})")
    fixed = {**spec.overrides, "steps": steps}
    prediction_scenario(spec, base)  # the prediction's runs must load too
    load_scenario(base, fixed)  # warns once of any reform after the targets' end, which the fit leaves out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for key, prior in spec.parameters.items():
            for value in (prior.low, prior.high, prior.from_unit(0.37)):
                load_scenario(base, {**fixed, key: value})
    return Calibration(spec=spec, name=spec.name or path.stem, source=path.resolve(), base=base,
                       steps=steps, targets=targets)


def _resolve_file(ref: str, here: Path) -> Path:
    """A targets file given relative to the calibration file, the current folder or the repository."""
    from sim.experiments.spec import REPO_DIR

    candidates = [Path(ref)] if Path(ref).is_absolute() else [here / ref, Path.cwd() / ref, REPO_DIR / ref]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise CalibrationError(f"targets {ref!r}: no such file (looked next to the calibration file, in the "
                           f"current folder and in the repository)")
