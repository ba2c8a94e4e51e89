"""The disaster shock's table (``shocks.disaster``): a flood or typhoon hitting one part of the city.

The defaults are a severe urban flood of the kind Beijing met in July 2012 and July–August 2023
(Typhoon Doksuri's rains) and Zhengzhou in July 2021; ``docs/ODD.md`` §7.11a gives the mechanism
and the reason for each number.  Which domains it hits is checked against the scenario's own
domains by :class:`~sim.scenario.Scenario` (when the shock is enabled).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share

DISASTER_LENGTH = {"flood": 7, "typhoon": 3}
"""Days of the emergency itself by kind, when ``length`` is unset: a flood's water stands for
about a week (Beijing 2023: rain from 29 July to 2 August, the damaged key roads of Mentougou
restored by 6 August); a typhoon's wind and rain pass in two or three days."""


class DisasterConfig(Section):
    """A flood or typhoon: infrastructure and safety needs surge where it hits, staff there are lost."""

    enabled: bool = Field(False, description="whether the disaster happens")
    kind: Literal["flood", "typhoon"] = Field(
        "flood", description="flood (water stands about a week) or typhoon (wind and rain pass in days)"
    )
    start: Annotated[int, Field(ge=0)] = Field(200, description="day the disaster strikes")
    length: Annotated[int, Field(ge=1, le=60)] | None = Field(
        None, description="days of the emergency itself (unset: 7 for a flood, 3 for a typhoon)"
    )
    affected_share: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        0.2, description="share of the city's residents living in the hit area (neighbouring compounds)"
    )
    domains: list[str] = Field(
        default_factory=lambda: ["housing", "safety", "environment"],
        description="need domains the disaster damages (homes, lifts, power and water; danger; "
        "drains, silt and refuse)",
    )
    need_surge: NonNeg = Field(
        4.0, description="extra need drift in the hit area and domains at the height, × the usual drift"
    )
    recovery_days: Annotated[int, Field(ge=1, le=365)] = Field(
        30, description="days after the emergency over which the extra needs fall linearly to none"
    )
    capacity_loss: Share = Field(
        0.5, description="share of the hit area's compound and community staff hours lost at the "
        "height (staff on rescue and evacuation, offices and property rooms flooded)"
    )
    capacity_recovery_days: Annotated[int, Field(ge=1, le=365)] = Field(
        14, description="days after the emergency over which the lost hours come back linearly"
    )
    volunteer_mobilisation: Share = Field(
        0.0, description="volunteer mobilisation while staff are lost: volunteer hours × (1 + 4 × this)"
    )

    def days(self) -> int:
        """Days of the emergency itself: ``length``, or the kind's usual length when unset."""
        return self.length if self.length is not None else DISASTER_LENGTH[self.kind]
