"""The policy levers a visitor may move: the essay's term, a one-line explanation, allowed values.

Every control is built from the lever registry (:mod:`sim.scenario.levers`): its label, help text,
range and step are declared once, on the lever's field in the scenario schema, and ranges are the
field's own bounds (every lever is checked again by ``load_scenario`` before a run), so a control
can only offer values the model accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.dashboard.i18n import pick
from sim.scenario import Scenario
from sim.scenario import levers as registry
from sim.scenario.timeline import get_key


@dataclass(frozen=True)
class Lever:
    """One scenario key shown as a control, with its bilingual name and explanation."""

    key: str
    name: tuple[str, str]
    help: tuple[str, str]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    kind: str = "float"  # "float", "int", "bool" or "choice"
    choices: tuple[str, ...] = ()
    choice_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def label(self, language: str | None = None) -> str:
        """The control's label in the session's language."""
        return pick(self.name, language)

    def explain(self, language: str | None = None) -> str:
        """The one-line explanation in the session's language."""
        return pick(self.help, language)

    def choice_label(self, choice: str, language: str | None = None) -> str:
        """A categorical lever's choice as the session's language names it."""
        return pick(self.choice_names[choice], language)

    def clip(self, value: Any) -> Any:
        """``value`` forced into the allowed range and type (controls never pass anything else).

        A categorical lever keeps a value among its choices and takes its first choice otherwise.
        """
        if self.kind == "bool":
            return bool(value)
        if self.kind == "choice":
            return value if value in self.choices else self.choices[0]
        value = min(max(float(value), self.low), self.high)
        return round(value) if self.kind == "int" else value


LEVERS: tuple[Lever, ...] = tuple(
    Lever(spec.key, spec.name, spec.help, spec.low, spec.high, spec.step, spec.kind, spec.choices,
          dict(spec.labels))
    for spec in registry.LEVERS
)
"""One control per lever of the scenario schema, in schema order."""

LEVER_BY_KEY = {lever.key: lever for lever in LEVERS}


def lever_values(scenario: Scenario) -> dict[str, Any]:
    """The current value of every lever in ``scenario``."""
    return {lever.key: get_key(scenario, lever.key) for lever in LEVERS}


def changed_levers(scenario: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The levers in ``values`` that differ from ``scenario``, clipped to their allowed range."""
    current = lever_values(scenario)
    return {
        key: LEVER_BY_KEY[key].clip(value)
        for key, value in values.items()
        if key in LEVER_BY_KEY and LEVER_BY_KEY[key].clip(value) != current[key]
    }
