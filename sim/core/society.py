"""Social empowerment (賦權增能, 三社聯動, 項目制): social organisations, volunteers, the three steps.

Social organisations in each community grow with project funding and with the participation
of the residents around them, fold at a steady rate, and each adds hours of community service.
Volunteers are the residents whose participation clears their personal draw; registered party
members (在職黨員到社區報到) add to the roster.  The city's stage on the essay's "three steps"
(三步走) is read off organisations, participation and trust.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario

STAGES = {1: "keeping order (維持秩序)", 2: "cultivating society (培育社會)",
          3: "co-building, co-governing, co-sharing (共建共治共享)"}


class Society:
    """Social organisations per community and the volunteer roster per compound.

    Args:
        scenario: the scenario (its ``social`` table).
        community_residents: residents per community.
    """

    def __init__(self, scenario: Scenario, community_residents: np.ndarray):
        self.cfg = scenario.social
        self.volunteer_share = min(
            1.0, scenario.residents.volunteer_share + 0.5 * self.cfg.party_members_report)
        self.per_1000 = community_residents / 1000.0
        self.orgs = self.cfg.initial_orgs * self.per_1000
        self.roster = None  # volunteers per compound, drawn up at each survey

    def grow(self, days: int, participation_by_community: np.ndarray) -> None:
        """Organisations grow with funding and participation and fold at their decay rate."""
        c = self.cfg
        births = c.org_growth * (0.1 + c.funding) * (0.5 + participation_by_community)
        for _ in range(days):
            self.orgs += births * self.per_1000 - c.org_decay * self.orgs

    def orgs_per_1000(self) -> np.ndarray:
        """Social organisations per 1,000 residents in each community."""
        return self.orgs / np.maximum(self.per_1000, 1e-9)

    def stage(self, participation: float, trust: float) -> int:
        """Stage on the three steps: 1 order, 2 cultivating society, 3 co-governance."""
        density = float(self.orgs.sum() / max(self.per_1000.sum(), 1e-9))
        if density >= 1.5 and participation >= 0.3 and trust >= 0.6:
            return 3
        if density >= 0.8 and participation >= 0.2:
            return 2
        return 1
