"""Shocks: an epidemic wave that raises needs and floods communities with control tasks.

The wave raises health, safety and social needs, while volunteers are mobilised and (under 戰區制)
staff are redeployed.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario


class Epidemic:
    """The epidemic wave of a scenario (inactive when ``shocks.epidemic.enabled`` is false).

    Args:
        config: the scenario; its ``shocks.epidemic`` table sets start, length and intensity.
    """

    def __init__(self, config: Scenario):
        """Read the wave's hit on each domain."""
        self.config = config
        self.domain_hit = np.array([d.epidemic for d in config.domains.values()])

    def active(self, day: int) -> bool:
        """Whether the wave is on today."""
        epidemic = self.config.shocks.epidemic
        return epidemic.enabled and epidemic.start <= day < epidemic.start + epidemic.length

    def intensity(self, day: int) -> float:
        """Today's intensity (0 outside the wave)."""
        return self.config.shocks.epidemic.intensity if self.active(day) else 0.0

    def need_factor(self, day: int) -> np.ndarray:
        """Multiplier on each domain's need drift today: 1 + 2 × intensity in the hit domains."""
        return 1.0 + 2.0 * self.intensity(day) * self.domain_hit

    def admin_factor(self, day: int) -> float:
        """Multiplier on the admin tasks departments issue today (control and reporting tasks)."""
        return 1.0 + self.config.shocks.epidemic.admin_surge * self.intensity(day)

    def mobilisation(self, day: int) -> float:
        """Multiplier on volunteer hours today: 1 + 4 × mobilisation during the wave."""
        if not self.active(day):
            return 1.0
        return 1.0 + 4.0 * self.config.shocks.epidemic.volunteer_mobilisation
