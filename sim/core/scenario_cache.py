"""Values read from the scenario in force, kept until a reform replaces it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class ScenarioCache:
    """Values worked out from a scenario, forgotten when the scenario in force changes.

    A reform replaces the model's scenario object (``GovernanceModel.reconfigure``), so the
    object's identity tells whether what was read from it still holds; parts that read the same
    numbers every day read them here once per scenario in force.
    """

    def __init__(self) -> None:
        """Start with nothing read."""
        self._scenario: object | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, scenario: object, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value of ``key`` for ``scenario``: ``make()`` the first time it is asked for it."""
        if scenario is not self._scenario:
            self._scenario, self._values = scenario, {}
        if key not in self._values:
            self._values[key] = make()
        return self._values[key]
