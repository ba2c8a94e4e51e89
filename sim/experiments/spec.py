"""Experiment files (``experiments/*.toml``): the schema, loading, and clear error messages.

An experiment is a base scenario plus factors, a design over them, replicates per design point,
a run length and an experiment seed.  ``load_experiment`` reads and checks a file (and any
``--set`` overrides) and returns an :class:`Experiment` with every reference resolved, so that a
bad file or flag fails before a single run starts, with one message naming the file, the key,
the value given and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.core import outcomes
from sim.scenario import PRESET_DIR, ScenarioError, load_scenario, preset_names
from sim.scenario.loading import describe_validation_error, parse_value, read_toml

REPO_DIR = PRESET_DIR.parent
"""The repository root: scenario paths in experiment files may be relative to it."""

SAMPLED_DESIGNS = ("lhs", "morris", "sobol")
"""The designs that draw their points from factor ranges (the others take lists of values)."""
SCENARIO_FACTOR = "scenario"
"""The factor name that switches the base scenario itself (values: preset names or paths)."""

EXPERIMENT_KEYS = ("steps", "replicates", "seed", "samples", "levels", "output.every")
"""Keys ``--set`` applies to the experiment itself; any other key is a scenario override."""

class ExperimentError(ValueError):
    """An experiment file, flag or result folder that cannot be used; the message says why."""


class Range(BaseModel):
    """A sampled factor's range: ``{ low = …, high = … }``; ``integer = true`` rounds the draws."""

    model_config = ConfigDict(extra="forbid")

    low: float
    high: float
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class OutputSpec(BaseModel):
    """Which outcomes to keep as time series, and every how many steps.

    Without ``keep`` the outcomes declared ``keep=True`` in :mod:`sim.core.outcomes` are kept.
    """

    model_config = ConfigDict(extra="forbid")

    keep: list[str] | Literal["all"] = Field(default_factory=outcomes.default_keep)
    every: int = Field(1, ge=1, le=36_500, description="keep every n-th step (and the last)")


class AnalysisSpec(BaseModel):
    """Defaults for ``compare``: grouping factors, outcomes, and the reference group."""

    model_config = ConfigDict(extra="forbid")

    by: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list)
    reference: str | None = None


class ExperimentSpec(BaseModel):
    """The content of an experiment file (see docs/experiments.md for every key)."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    scenario: str = Field(min_length=1)
    steps: int | None = Field(None, ge=1, le=36_500)
    replicates: int = Field(10, ge=1, le=1_000_000)
    seed: int = Field(12345, ge=0, le=2**63 - 1)
    design: Literal["grid", "list", "lhs", "morris", "sobol"] = "grid"
    samples: int | None = Field(None, ge=1, le=10_000_000)
    levels: int = Field(4, ge=2, le=100, description="Morris grid levels")
    second_order: bool = Field(False, description="Sobol: also estimate second-order indices")
    seeding: Literal["independent", "common"] = "independent"
    vary_city: bool = Field(
        False, description="give each run its own city (city.seed = the run's seed) instead of the "
        "scenario's one city shared by all replicates (common random numbers over the city)")
    factors: dict[str, list[Any] | Range] = Field(default_factory=dict)
    overrides: dict[str, Any] = Field(default_factory=dict)
    output: OutputSpec = Field(default_factory=OutputSpec)
    analysis: AnalysisSpec = Field(default_factory=AnalysisSpec)

    @model_validator(mode="after")
    def _design(self) -> ExperimentSpec:
        sampled = self.design in SAMPLED_DESIGNS
        for key, values in self.factors.items():
            if sampled and not isinstance(values, Range):
                raise ValueError(
                    f"factor {key!r}: a {self.design} design needs {{ low = …, high = … }}, not a list of values"
                )
            if not sampled and isinstance(values, Range):
                raise ValueError(
                    f"factor {key!r}: a {self.design} design needs a list of values; "
                    f"ranges are for the sampled designs ({', '.join(SAMPLED_DESIGNS)})"
                )
            if isinstance(values, list) and not values:
                raise ValueError(f"factor {key!r} has an empty list of values")
            if isinstance(values, list) and len({_kind(v) for v in values}) > 1:
                raise ValueError(
                    f"factor {key!r} mixes kinds of value {values!r}: use all numbers, all booleans or all strings"
                )
        scenarios = self.factors.get(SCENARIO_FACTOR, [])
        if isinstance(scenarios, list) and not all(isinstance(v, str) for v in scenarios):
            raise ValueError("factor 'scenario' takes scenario names or paths (strings)")
        if sampled:
            if not self.factors:
                raise ValueError(f"a {self.design} design needs at least one factor")
            if SCENARIO_FACTOR in self.factors:
                raise ValueError("the scenario factor can only be a list (grid or list design)")
            if self.samples is None:
                raise ValueError(f"a {self.design} design needs samples = N")
        elif self.samples is not None:
            raise ValueError(f"samples applies to sampled designs only, not to {self.design}")
        if self.design == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol samples must be a power of 2 (given {self.samples})")
        if self.design == "morris" and len(self.factors) < 2:
            raise ValueError("a morris design needs at least two factors")
        if self.design == "list":
            sizes = {len(v) for v in self.factors.values()}
            if len(sizes) > 1:
                raise ValueError(
                    f"a list design pairs the i-th values of every factor: all lists need the "
                    f"same length (given lengths {sorted(sizes)})"
                )
        clash = set(self.factors) & set(self.overrides)
        if clash:
            raise ValueError(f"keys both a factor and an override: {sorted(clash)}")
        return self


@dataclass
class Experiment:
    """A checked experiment with every path resolved; what designs and runs are built from."""

    spec: ExperimentSpec
    name: str
    source: Path | None
    base: Path
    steps: int
    factors: dict[str, list[Any] | Range]
    overrides: dict[str, Any]
    keep: list[str] | None
    every: int
    scenario_paths: dict[str, Path] = field(default_factory=dict)

    def scenario_for(self, value: str | None) -> Path:
        """The scenario file of a design point (its ``scenario`` factor value, or the base)."""
        return self.base if value is None else self.scenario_paths[value]

    def identity(self) -> str:
        """A hash of everything that decides the runs' results (file content included)."""
        files = {str(p): _sha256(p) for p in {self.base, *self.scenario_paths.values()}}
        data = {
            "spec": self.spec.model_dump(mode="json", exclude={"name", "description", "analysis"}),
            "factors": {k: _jsonable(v) for k, v in self.factors.items()},
            "overrides": self.overrides,
            "steps": self.steps,
            "files": dict(sorted(files.items())),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, int | float) else type(value).__name__


def _jsonable(value: Any) -> Any:
    return value.model_dump() if isinstance(value, Range) else value


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def flatten(table: Mapping[str, Any], prefix: str = "", *, stop=lambda v: False) -> dict:
    """Flatten nested TOML tables into dotted keys (``power.delegation``), stopping at ``stop``."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not stop(value):
            flat.update(flatten(value, f"{name}.", stop=stop))
        else:
            flat[name] = value
    return flat


def _is_range(value: Mapping) -> bool:
    return "low" in value or "high" in value


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """Turn ``["key=value", …]`` into a dict, with a clear error for anything malformed."""
    result: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ExperimentError(f"--set {item!r}: expected key=value, e.g. city.residents=600")
        result[key.strip().replace("__", ".")] = parse_value(value.strip())
    return result


def resolve_scenario(ref: str, experiment_dir: Path | None) -> Path:
    """Find a scenario: a path (relative to the experiment file or the repository) or a preset."""
    candidates = (
        [Path(ref)]
        if Path(ref).is_absolute()
        else [
            *([experiment_dir / ref] if experiment_dir else []),
            Path.cwd() / ref,
            REPO_DIR / ref,
        ]
    )
    for path in candidates:
        if path.is_file():
            return path.resolve()
    preset = PRESET_DIR / f"{ref}.toml"
    if Path(ref).suffix != ".toml" and preset.is_file():
        return preset.resolve()
    raise ExperimentError(
        f"scenario {ref!r}: no such file (looked next to the experiment file and in the "
        f"repository) and no such preset; presets: {', '.join(preset_names()) or 'none'}"
    )


def _apply_set(data: dict[str, Any], assignments: Mapping[str, Any]) -> dict[str, Any]:
    """Apply ``--set`` values: experiment keys go to the experiment, the rest to the scenario."""
    data = dict(data)
    overrides = flatten(data.get("overrides", {}))
    for key, value in assignments.items():
        if key in EXPERIMENT_KEYS:
            if key == "output.every":
                data["output"] = {**data.get("output", {}), "every": value}
            else:
                data[key] = value
        else:
            overrides[key] = value
    data["overrides"] = overrides
    return data


def load_experiment(source: str | Path | Mapping[str, Any], assignments: Mapping[str, Any] | None = None) -> Experiment:
    """Read and check an experiment file (or dict), apply ``--set`` assignments, resolve paths.

    Raises:
        ExperimentError: one message naming the file, the key, the value and what is allowed.
    """
    if isinstance(source, Mapping):
        path, origin, data = None, "experiment", dict(source)
    else:
        path = Path(source)
        origin = str(path)
        if not path.is_file():
            raise ExperimentError(f"{path}: no such experiment file")
        try:
            data = read_toml(path)
        except ScenarioError as err:
            raise ExperimentError(str(err)) from None
    data = _apply_set(data, assignments or {})
    data["factors"] = flatten(data.get("factors", {}), stop=_is_range)
    data["overrides"] = flatten(data.get("overrides", {}))
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as err:
        raise ExperimentError(describe_validation_error(err, origin)) from None
    try:
        return _resolve(spec, path, origin)
    except (ExperimentError, ScenarioError) as err:
        raise ExperimentError(f"{origin}: {err}") from None


def _resolve(spec: ExperimentSpec, path: Path | None, origin: str) -> Experiment:
    here = path.resolve().parent if path else None
    base = resolve_scenario(spec.scenario, here)
    scenario_paths = {str(v): resolve_scenario(str(v), here) for v in spec.factors.get(SCENARIO_FACTOR, [])}
    base_scenario = load_scenario(base, spec.overrides or None)
    steps = spec.steps or base_scenario.steps
    _check_factor_values(spec, base, steps)
    keep = None if spec.output.keep == "all" else list(spec.output.keep)
    daily = outcomes.daily_names()
    unknown = [k for k in keep or [] if k not in daily]
    if unknown:
        raise ExperimentError(
            f"output.keep: unknown outcome(s) {', '.join(unknown)}; allowed: "
            f'{", ".join(daily)} (or keep = "all")'
        )
    return Experiment(
        spec=spec,
        name=spec.name or (path.stem if path else "experiment"),
        source=path.resolve() if path else None,
        base=base,
        steps=steps,
        factors=dict(spec.factors),
        overrides=dict(spec.overrides),
        keep=keep,
        every=spec.output.every,
        scenario_paths=scenario_paths,
    )


def _check_factor_values(spec: ExperimentSpec, base: Path, steps: int) -> None:
    """Load the base scenario with each factor value alone, so bad keys or values fail early."""
    fixed = {**spec.overrides, "steps": steps}
    for key, values in spec.factors.items():
        if key == SCENARIO_FACTOR:
            continue
        if isinstance(values, Range):  # the ends and an inner, non-integral value
            probes = [values.low, values.high, values.low + 0.37 * (values.high - values.low)]
            probes = [round(v) for v in probes] if values.integer else probes
        else:
            probes = values
        for value in probes:
            load_scenario(base, {**fixed, key: value})
