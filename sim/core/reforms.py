"""The reform timeline: lever values that change on a date and reach full effect over a ramp.

A scenario's ``[[reforms]]`` entries each set some scenario keys from a day on.  A number moves
from the value in force the day before the reform to the new one in equal steps over
``ramp_days`` days, reaching it on the ramp's last day (a ramp of 0 or 1 day switches at once);
a switch (true/false) or a word takes the new value on the reform's first day.  A later reform
of the same key takes over from the value in force when it starts.

Some mechanisms need building before they act (:data:`BUILD_DAYS`): the one network
(``command.unified_intake``) routes only ``costs.platform_build_days`` after its reform's date,
while it is paid from that date on (:meth:`ReformSchedule.nominal`, read by :mod:`sim.core.costs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.scenario import Scenario
from sim.scenario.timeline import get_key, reform_start

BUILD_DAYS = {"command.unified_intake": lambda config: config.costs.platform_build_days}
"""Keys whose mechanism acts only some days after the reform's date: key → those days."""


@dataclass(frozen=True)
class Segment:
    """One reform's change of one key: from ``old`` to ``new``, starting on ``start``."""

    start: int
    ramp_days: int
    old: Any
    new: Any

    def value(self, day: int) -> Any:
        """The key's value on ``day`` (``day`` ≥ ``start``)."""
        numeric = isinstance(self.new, int | float) and not isinstance(self.new, bool)
        if not numeric or self.ramp_days <= 1:
            return self.new
        progress = min(1.0, (day - self.start + 1) / self.ramp_days)
        value = self.old + (self.new - self.old) * progress
        return round(value) if isinstance(self.new, int) and isinstance(self.old, int) else value


class ReformSchedule:
    """The values every reformed key takes on each day of a run.

    Args:
        config: the resolved scenario, whose ``reforms`` are read.

    Attributes:
        days: the first day of each reform, in the scenario's order.
    """

    def __init__(self, config: Scenario):
        """Lay out each reformed key's segments in the order the reforms start."""
        self.days = [reform_start(config, reform) for reform in config.reforms]
        self._segments: dict[str, list[Segment]] = {}
        self._nominal: dict[str, list[Segment]] = {}
        order = sorted(range(len(config.reforms)), key=lambda i: self.days[i])
        for i in order:
            reform, start = config.reforms[i], self.days[i]
            for key, new in reform.set.items():
                initial = get_key(config, key)
                nominal = self._nominal.setdefault(key, [])
                nominal.append(Segment(start, reform.ramp_days,
                                       self._value(key, start - 1, initial, self._nominal), new))
                build = BUILD_DAYS[key](config) if key in BUILD_DAYS else 0
                segments = self._segments.setdefault(key, [])
                old = self._value(key, start + build - 1, initial, self._segments)
                segments.append(Segment(start + build, reform.ramp_days, old, new))

    @staticmethod
    def _value(key: str, day: int, initial: Any, segments: dict[str, list[Segment]]) -> Any:
        """The value of ``key`` on ``day`` under ``segments``, ``initial`` before any reform of it."""
        value = initial
        for segment in segments.get(key, ()):
            if segment.start <= day:
                value = segment.value(day)
        return value

    def nominal(self, key: str, day: int, initial: Scenario) -> Any:
        """The value the reforms give ``key`` on ``day`` by their dates, before any build period.

        Args:
            key: a dotted scenario key.
            day: the day.
            initial: the scenario before any reform.

        Returns:
            The value as decreed (what is paid for), which the model follows after
            :data:`BUILD_DAYS`.
        """
        return self._value(key, day, get_key(initial, key), self._nominal)

    def values_on(self, day: int, initial: Scenario) -> dict[str, Any]:
        """Every reformed key's value on ``day`` (keys not yet reformed keep ``initial``'s)."""
        return {key: self._value(key, day, get_key(initial, key), self._segments)
                for key in self._segments}

    def changes_on(self, day: int, initial: Scenario) -> dict[str, Any]:
        """The keys whose value on ``day`` differs from the day before, with today's values."""
        today = self.values_on(day, initial)
        yesterday = self.values_on(day - 1, initial)
        return {key: value for key, value in today.items() if value != yesterday[key]}

    @property
    def keys(self) -> list[str]:
        """Every key some reform sets."""
        return list(self._segments)
