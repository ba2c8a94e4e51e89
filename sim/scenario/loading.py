"""Reading scenarios: TOML files, preset names, keyword overrides, and clear error messages."""

from __future__ import annotations

import copy
import tomllib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.scenario.schema import Scenario
from sim.scenario.timeline import reform_problems, reform_start

_PACKAGE = Path(__file__).resolve().parents[1]
PRESETS_ROOT = _PACKAGE / "presets" if (_PACKAGE / "presets").is_dir() else _PACKAGE.parent
"""The folder holding ``scenarios/`` and ``experiments/``: ``sim/presets`` in an installed package
(the build copies the repository's two folders there, see ``setup.py``), else the repository."""

PRESET_DIR = PRESETS_ROOT / "scenarios"
"""Where the preset scenarios live (the repository's ``scenarios/`` folder, or its installed copy)."""

EXPERIMENT_PRESET_DIR = PRESETS_ROOT / "experiments"
"""Where the preset experiments live (the repository's ``experiments/`` folder, or its installed copy)."""


class ScenarioError(ValueError):
    """A scenario (file, preset name or override) that cannot be used; the message says why."""


def preset_names() -> list[str]:
    """Names of the preset scenarios, e.g. ``classroom`` for ``scenarios/classroom.toml``."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def resolve_source(source: str | Path) -> Path:
    """Turn a path or a preset name into the path of an existing scenario file."""
    path = Path(source)
    if path.suffix != ".toml" and not path.exists():
        candidate = PRESET_DIR / f"{source}.toml"
        if candidate.exists():
            return candidate
        raise ScenarioError(
            f"{source}: no such scenario file or preset; presets: {', '.join(preset_names())}"
        )
    if not path.is_file():
        raise ScenarioError(f"{source}: no such scenario file")
    return path


def split_key(key: str) -> list[str]:
    """Split an override key written with dots (``power.delegation``) or ``__`` (``power__delegation``)."""
    parts = key.replace("__", ".").split(".")
    if any(not p for p in parts):
        raise ScenarioError(f"override key {key!r} is malformed: use e.g. power.delegation")
    return parts


def is_open_table(parts: list[str]) -> bool:
    """Whether the scenario key ``parts`` is a table of free keys to numbers, where an override may add a key.

    An example is the ownership weights ``departments.housing.domains``.
    """
    cls: Any = Scenario
    expect_key = False
    for part in parts:
        if expect_key:
            expect_key = False
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
            return False
        annotation = cls.model_fields[part].annotation
        if get_origin(annotation) is dict:
            value_type = get_args(annotation)[1]
            if isinstance(value_type, type) and issubclass(value_type, BaseModel):
                cls, expect_key = value_type, True
            else:
                cls = None
        else:
            cls = annotation
    return cls is None and not expect_key


def parse_value(text: str) -> Any:
    """Read an override value given as text (``--set key=value``) as TOML, or failing that as a bare string.

    As TOML it may be a number, a boolean, a list or a quoted string.
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(data: dict[str, Any], overrides: Mapping[str, Any], origin: str) -> dict:
    """Return a copy of a full scenario dict with overrides applied; unknown keys are errors."""
    data = copy.deepcopy(data)
    _set_keys(data, overrides, origin)
    return data


def _set_keys(data: dict[str, Any], overrides: Mapping[str, Any], origin: str) -> None:
    """Set dotted keys in a full scenario dict, in place; unknown keys are errors."""
    for key, value in overrides.items():
        parts = split_key(key)
        node: Any = data
        for i, part in enumerate(parts):
            new_entry = i == len(parts) - 1 and isinstance(node, dict) and is_open_table(parts[:-1])
            if not new_entry and (not isinstance(node, dict) or part not in node):
                where = ".".join(parts[:i]) or "the top level"
                allowed = sorted(node) if isinstance(node, dict) else []
                raise ScenarioError(
                    f"{origin}: unknown key {'.'.join(parts)!r} (given {value!r}); "
                    f"keys allowed under {where}: {', '.join(allowed) or 'none'}"
                )
            if i == len(parts) - 1:
                node[part] = value
            else:
                node = node[part]


def describe_validation_error(err: ValidationError, origin: str) -> str:
    """One readable message for all problems pydantic found: file, key, value given, what is allowed."""
    lines = []
    for problem in err.errors():
        key = ".".join(str(p) for p in problem["loc"]) or "(whole scenario)"
        msg = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against docs/ODD.md)"
        given = problem.get("input")
        shown = "" if isinstance(given, dict) or problem["type"] == "missing" else f" (given {given!r})"
        lines.append(f"{origin}: {key}{shown}: {msg}")
    return "\n".join(lines)


def validate(data: Mapping[str, Any], origin: str) -> Scenario:
    """Validate a scenario dict, raising :class:`ScenarioError` with every problem explained."""
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as err:
        raise ScenarioError(describe_validation_error(err, origin)) from None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning syntax and encoding errors into a :class:`ScenarioError`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a UTF-8 text file") from None
    except OSError as err:
        raise ScenarioError(f"{path}: cannot be read: {err.strerror}") from None


def load_scenario(
    source: str | Path | Mapping[str, Any] | Scenario = "classroom",
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Load a scenario from a file path, a preset name, a dict or a Scenario, then apply overrides.

    Args:
        source: a ``.toml`` path, a preset name (``"classroom"``), a dict of scenario keys, or a
            :class:`Scenario`.
        overrides: scenario keys to replace, nested parts joined by ``.`` or ``__``
            (``{"power__delegation": 0.8}``).

    Raises:
        ScenarioError: with one line per problem, naming the file, the key, the value given and
            what is allowed.
    """
    if isinstance(source, Scenario):
        scenario, origin = source, f"scenario {source.name!r}"
    elif isinstance(source, Mapping):
        origin = "scenario"
        scenario = validate(source, origin)
    else:
        path = resolve_source(source)
        origin = str(path)
        data = read_toml(path)
        if not data:
            raise ScenarioError(
                f"{origin}: the file is empty; a scenario file needs at least one key "
                f"(e.g. name = \"mine\"); the presets in scenarios/ are complete examples"
            )
        scenario = validate(data, origin)
    if overrides:
        data = apply_overrides(scenario.model_dump(), overrides, origin + " (override)")
        if "steps" in overrides and "reforms" not in overrides:
            data["reforms"] = reforms_within(validate({**data, "reforms": []}, origin + " (override)"),
                                             scenario.reforms, origin)
        scenario = validate(data, origin + " (override)")
    check_reforms(scenario, origin)
    return scenario


def reconfigured(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """The scenario with dotted keys set mid-run (a reform's values of the day), validated.

    Unlike :func:`load_scenario`, the reform timeline is not checked again (it was when the
    scenario was loaded, and it does not change), and the dumped scenario is changed in place
    rather than copied: a model that follows ramping reforms calls this every day.

    Raises:
        ScenarioError: an unknown key, or a value the schema does not allow.
    """
    origin = f"scenario {scenario.name!r} (reconfigured)"
    data = scenario.model_dump()
    _set_keys(data, changes, origin)
    return validate(data, origin)


def reforms_within(shortened: Scenario, reforms: list, origin: str) -> list[dict]:
    """The reforms a shortened run still reaches; a warning names each one left out.

    Args:
        shortened: the scenario with its new length (and start date), without reforms.
        reforms: the scenario's reforms.
        origin: where the scenario came from (for the warning).

    Returns:
        The reforms kept, as scenario entries.
    """
    kept, steps = [], shortened.steps
    for n, reform in enumerate(reforms, start=1):
        start = reform_start(shortened, reform)
        if start >= steps:
            warnings.warn(f"{origin}: reforms[{n}] starts on day {start}, after a run of {steps} days "
                          f"ends; this run goes without it", UserWarning, stacklevel=3)
        else:
            kept.append(reform.model_dump(exclude_none=True))
    return kept


def check_reforms(scenario: Scenario, origin: str) -> None:
    """Refuse a reform timeline that cannot run.

    That is: unknown or fixed keys, dates outside the run, ramps past its end, or values the schema
    does not allow.  Each reform's values are checked by validating the scenario with every reform up to it applied.

    Raises:
        ScenarioError: one line per problem, naming the reform and what is allowed.
    """
    problems = [f"{origin}: {line}" for line in reform_problems(scenario)]
    if not problems and scenario.reforms:
        data = scenario.model_dump()
        data["reforms"] = []
        order = sorted(range(len(scenario.reforms)), key=lambda i: reform_start(scenario, scenario.reforms[i]))
        for i in order:
            where = f"{origin} (reforms[{i + 1}])"
            try:
                data = apply_overrides(data, scenario.reforms[i].set, where)
                validate(data, where)
            except ScenarioError as err:
                problems.append(str(err))
                break
    if problems:
        raise ScenarioError("\n".join(problems))
