"""Reforms take time to bite: staff moved to a new level learn the post before they work its cases.

When a reform moves staff (執法力量下沉 to the streets, 重心下移 to communities and compounds),
the hours that arrive at a handler within the last ``costs.training_days`` are partly training:
a share ``costs.training_share`` of them goes to courses and shadowing, not to cases.  The one
network's build period is a lag of the reform schedule (:data:`sim.core.reforms.BUILD_DAYS`).
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario


class StaffTraining:
    """The moved hours still in training at each handler.

    Args:
        config: the scenario (``costs.training_days``, ``costs.training_share``,
            ``calendar.rest_day_staff``).
        moved_in: hours each handler receives from moved staff under the starting arrangement
            (already trained: they are not in training).
    """

    def __init__(self, config: Scenario, moved_in: np.ndarray):
        """Start with the starting arrangement's moved staff, trained."""
        self.config = config
        self._history: list[tuple[float, np.ndarray]] = [(-np.inf, moved_in.copy())]

    def staffed(self, day: int, moved_in: np.ndarray) -> None:
        """Staff hours were rebuilt on ``day`` (a reform): note the moved hours in force from then.

        Args:
            day: the day of the change.
            moved_in: hours each handler now receives from moved staff (a working day).
        """
        self._history.append((day, moved_in.copy()))
        horizon = day - self.config.costs.training_days
        # Keep the last arrangement in force by the horizon and every one after it.
        while len(self._history) > 1 and self._history[1][0] <= horizon:
            self._history.pop(0)

    def take(self, capacity: np.ndarray, day: int, workday: bool) -> np.ndarray | None:
        """Take today's training hours out of the handlers' ``capacity`` (in place, floored at 0).

        Args:
            capacity: hours per handler for issues today.
            day: today.
            workday: whether today is a working day.

        Returns:
            The hours in training at each handler (None when nobody is).
        """
        training = self.hours(day, workday)
        if training is not None:
            np.maximum(capacity - training, 0.0, out=capacity)
        return training

    def hours(self, day: int, workday: bool) -> np.ndarray | None:
        """Hours in training at each handler today (None when nobody is).

        Args:
            day: today.
            workday: whether today is a working day (on rest days only the duty roster trains).

        Returns:
            ``training_share`` × the moved hours that arrived within the last ``training_days``
            (the positive part of the change since then), or None.
        """
        costs = self.config.costs
        horizon = day - costs.training_days
        if len(self._history) == 1 or costs.training_share == 0 or self._history[-1][0] <= horizon:
            return None
        before = self._history[0][1]
        for changed, moved in self._history:
            if changed <= horizon:
                before = moved
        duty = 1.0 if workday else self.config.calendar.rest_day_staff
        return costs.training_share * duty * np.maximum(self._history[-1][1] - before, 0.0)
