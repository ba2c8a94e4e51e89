"""Shocks: an epidemic wave that raises health, safety and social needs and floods communities
with control tasks, while volunteers are mobilised and (under 戰區制) staff are redeployed."""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario


class Epidemic:
    """The epidemic wave of a scenario (inactive when ``shocks.epidemic.enabled`` is false).

    Args:
        scenario: the scenario; its ``shocks.epidemic`` table sets start, length and intensity.
    """

    def __init__(self, scenario: Scenario):
        self.cfg = scenario.shocks.epidemic
        self.domain_hit = np.array([d.epidemic for d in scenario.domains.values()])

    def active(self, day: int) -> bool:
        """Whether the wave is on today."""
        c = self.cfg
        return c.enabled and c.start <= day < c.start + c.length

    def intensity(self, day: int) -> float:
        """Today's intensity (0 outside the wave)."""
        return self.cfg.intensity if self.active(day) else 0.0

    def need_factor(self, day: int) -> np.ndarray:
        """Multiplier on each domain's need drift today: 1 + 2 × intensity in the hit domains."""
        return 1.0 + 2.0 * self.intensity(day) * self.domain_hit

    def admin_factor(self, day: int) -> float:
        """Multiplier on the admin tasks departments issue today (control and reporting tasks)."""
        return 1.0 + self.cfg.admin_surge * self.intensity(day)

    def mobilisation(self, day: int) -> float:
        """Multiplier on volunteer hours today: 1 + 4 × mobilisation during the wave."""
        return 1.0 + 4.0 * self.cfg.volunteer_mobilisation if self.active(day) else 1.0
