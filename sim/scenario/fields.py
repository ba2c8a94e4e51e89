"""Building blocks of the scenario schema: the base of every table, value types, and :func:`lever`.

A policy lever is declared once, on its schema field, with :func:`lever`: its default, meaning and
range (the field's type and bounds) as for any field, plus the essay's term, the bilingual label
and help text of its dashboard control, its unit and the direction it is expected to move its
outcomes.  :mod:`sim.scenario.levers` reads these declarations back as the lever registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNeg = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]

LEVER_KEY = "lever"
"""Key of a field's ``json_schema_extra`` that holds its lever declaration."""

DIRECTIONS = ("up", "down")
"""The directions a lever may be declared to move an outcome."""


class Section(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def lever(
    default: Any,
    description: str,
    *,
    term: str,
    name: tuple[str, str],
    help: tuple[str, str],
    moves: Mapping[str, str],
    unit: str = "",
    step: float = 0.05,
    control_high: float | None = None,
    context: Mapping[str, Any] | None = None,
    basis: str = "lever",
    labels: Mapping[str, tuple[str, str]] | None = None,
) -> Any:
    """A schema field that is a policy lever, with everything the rest of the project needs to know.

    The range is the field's own bounds (``ge``/``le`` of its type); only a field without an upper
    bound names ``control_high``, the highest value its control offers and its test uses.  A
    categorical lever is a ``Literal`` field: its choices are the literal's values in order (the
    first and last are its two ends for ``moves``), each named in ``labels``.

    Args:
        default: the default (the assumed pre-reform city).
        description: the field's meaning in English (the parameter table's *meaning*).
        term: the essay's term it stands for (Chinese, with an English gloss).
        name: the control's label, ``(Chinese, English)``.
        help: the control's one-line explanation, ``(Chinese, English)``.
        moves: the expected direction of its effect: outcome (a key of the run summary) →
            ``"up"`` or ``"down"`` as the lever goes from its lowest to its highest value.
        unit: what one unit of the value is (empty for an on/off switch).
        step: the step of its dashboard slider.
        control_high: highest value offered, for a field with no upper bound only.
        context: scenario keys (dotted) that the direction needs, e.g. an epidemic for a lever
            that acts only during one, or a partner lever.
        basis: what the number rests on in the parameter table (``lever``, or ``design`` for a
            run setting offered as a control).
        labels: for a categorical lever only, each choice's label, ``(Chinese, English)``.

    Returns:
        A pydantic ``Field`` carrying the declaration in its ``json_schema_extra``.
    """
    declaration = {
        "term": term, "name": list(name), "help": list(help), "unit": unit, "step": step,
        "moves": dict(moves), "context": dict(context or {}), "basis": basis,
    }
    if control_high is not None:
        declaration["control_high"] = control_high
    if labels is not None:
        declaration["labels"] = {choice: list(label) for choice, label in labels.items()}
    return Field(default, description=description, json_schema_extra={LEVER_KEY: declaration})
