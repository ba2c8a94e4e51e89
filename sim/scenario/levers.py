"""The lever registry: every policy lever, read from its declaration on the scenario schema.

A lever is a schema field made with :func:`~sim.scenario.fields.lever`; this module walks the
schema and returns one :class:`LeverSpec` per lever, in schema order, with its range taken from
the field's bounds.  The dashboard's controls, the parameter table's essay terms, the property
tests' strategies and the directional tests are all built from :data:`LEVERS`.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from sim.scenario.fields import DIRECTIONS, LEVER_KEY
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class LeverSpec:
    """One policy lever: its scenario key, what it stands for, its range and its expected effect.

    Attributes:
        key: the dotted scenario key (``power.delegation``).
        term: the essay's term (Chinese, with an English gloss).
        name: the control's label, ``(Chinese, English)``.
        help: the control's one-line explanation, ``(Chinese, English)``.
        unit: what one unit of the value is (empty for a switch).
        low: lowest allowed value (0 for a switch and a categorical lever).
        high: highest value offered (the field's upper bound, or its ``control_high``; the last
            choice's index for a categorical lever).
        step: the step of its slider.
        kind: ``"float"``, ``"int"``, ``"bool"`` or ``"choice"`` (a categorical lever).
        moves: outcome (a key of the run summary) → ``"up"`` / ``"down"`` from ``low`` to ``high``
            (from the first choice to the last for a categorical lever).
        context: scenario keys the direction needs (an epidemic, a partner lever).
        basis: what the number rests on in the parameter table.
        choices: a categorical lever's values, in order (empty for the others).
        labels: each choice's label, ``(Chinese, English)``.
    """

    key: str
    term: str
    name: tuple[str, str]
    help: tuple[str, str]
    unit: str
    low: float
    high: float
    step: float
    kind: str
    moves: Mapping[str, str]
    context: Mapping[str, Any]
    basis: str
    choices: tuple[str, ...] = ()
    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def ends(self) -> tuple[Any, Any]:
        """The lowest and highest value as the scenario takes them.

        ``False, True`` for a switch, the first and last choice for a categorical lever.
        """
        if self.kind == "bool":
            return False, True
        if self.kind == "choice":
            return self.choices[0], self.choices[-1]
        if self.kind == "int":
            return int(self.low), int(self.high)
        return self.low, self.high


def _bounds(key: str, info: Any, declared_high: float | None) -> tuple[float, float]:
    """Lowest and highest value of a numeric lever from its field's constraints."""
    low = high = None
    for constraint in info.metadata:
        if getattr(constraint, "ge", None) is not None:
            low = constraint.ge
        if getattr(constraint, "le", None) is not None:
            high = constraint.le
    if low is None:
        raise TypeError(f"lever {key} needs a lower bound (ge) on its field")
    if high is not None and declared_high is not None:
        raise TypeError(f"lever {key} has an upper bound (le); it must not also name control_high")
    high = declared_high if high is None else high
    if high is None or not math.isfinite(high) or high <= low:
        raise TypeError(f"lever {key} needs an upper bound (le) or control_high above {low}")
    return float(low), float(high)


def _kind(key: str, annotation: Any) -> str:
    if typing.get_origin(annotation) is typing.Literal:
        return "choice"
    kinds = {bool: "bool", int: "int", float: "float"}
    if annotation not in kinds:
        raise TypeError(f"lever {key} must be a bool, int, float or Literal field, not {annotation}")
    return kinds[annotation]


def _choices(key: str, annotation: Any, declared: Mapping[str, Any]) -> tuple[tuple[str, ...], dict]:
    """A categorical lever's choices (its ``Literal``'s values) and their declared labels."""
    choices = tuple(typing.get_args(annotation))
    labels = declared.get("labels") or {}
    if len(choices) < 2 or set(labels) != set(choices):
        raise TypeError(f"lever {key} must name a label for each of its choices {choices}")
    return choices, {choice: tuple(labels[choice]) for choice in choices}


def _walk(model: type[BaseModel], prefix: str = "") -> Iterator[LeverSpec]:
    for field_name, info in model.model_fields.items():
        key = f"{prefix}{field_name}"
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _walk(annotation, f"{key}.")
            continue
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or LEVER_KEY not in extra:
            continue
        declared = extra[LEVER_KEY]
        kind = _kind(key, annotation)
        choices, labels = _choices(key, annotation, declared) if kind == "choice" else ((), {})
        if kind == "choice":
            low, high = 0.0, float(len(choices) - 1)
        else:
            low, high = (0.0, 1.0) if kind == "bool" else _bounds(key, info, declared.get("control_high"))
        moves = declared["moves"]
        if not moves or any(direction not in DIRECTIONS for direction in moves.values()):
            raise TypeError(f"lever {key} must declare moves: outcome → one of {DIRECTIONS}")
        yield LeverSpec(
            key=key, term=declared["term"], name=tuple(declared["name"]),
            help=tuple(declared["help"]), unit=declared["unit"], low=low, high=high,
            step=declared["step"], kind=kind, moves=MappingProxyType(dict(moves)),
            context=MappingProxyType(dict(declared["context"])), basis=declared["basis"],
            choices=choices, labels=MappingProxyType(labels),
        )


def lever_specs(model: type[BaseModel] = Scenario) -> tuple[LeverSpec, ...]:
    """Every lever declared on ``model`` and its sub-tables, in schema order.

    Args:
        model: the schema to read (the whole :class:`~sim.scenario.Scenario` by default).

    Returns:
        One :class:`LeverSpec` per field declared with :func:`~sim.scenario.fields.lever`.

    Raises:
        TypeError: when a declaration is incomplete (no range, no direction, wrong type).
    """
    return tuple(_walk(model))


LEVERS: tuple[LeverSpec, ...] = lever_specs()
"""Every policy lever of the scenario schema."""

LEVER_BY_KEY: Mapping[str, LeverSpec] = MappingProxyType({spec.key: spec for spec in LEVERS})
"""The same, by dotted scenario key."""
