"""Social empowerment (賦權增能, 三社聯動, 項目制): social organisations and volunteers.

Social organisations in each community grow with project funding and with the participation
of the residents around them, fold at a steady rate, and each adds hours of community service.
Volunteers are the residents whose participation clears their personal draw; registered party
members (在職黨員到社區報到) add to the roster.  Each community's stage on the essay's "three steps"
(三步走), which these feed, is in :mod:`sim.core.stages`.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario


def party_volunteer_share(config: Scenario) -> float:
    """Chance a fully participating resident volunteers under ``config``, party members reporting included."""
    return min(1.0, config.residents.volunteer_share + 0.5 * config.social.party_members_report)


class Society:
    """Social organisations per community and the volunteer roster per compound.

    Args:
        config: the scenario (its ``social`` table and ``residents.volunteer_share``).
        community_residents: residents per community.
    """

    def __init__(self, config: Scenario, community_residents: np.ndarray):
        """Start each community's organisations at ``social.initial_orgs`` per 1000 residents, with no roster yet."""
        self.config = config
        self.per_1000 = community_residents / 1000.0
        self.orgs = config.social.initial_orgs * self.per_1000
        self.roster = None  # volunteers per compound, drawn up at each survey

    @property
    def volunteer_share(self) -> float:
        """Chance a fully participating resident volunteers, party members reporting included."""
        return party_volunteer_share(self.config)

    def grow(self, days: int, participation_by_community: np.ndarray) -> None:
        """Organisations grow with funding and participation and fold at their decay rate."""
        social = self.config.social
        births = social.org_growth * (0.1 + social.funding) * (0.5 + participation_by_community)
        for _ in range(days):
            self.orgs += births * self.per_1000 - social.org_decay * self.orgs

    def orgs_per_1000(self) -> np.ndarray:
        """Social organisations per 1,000 residents in each community."""
        return self.orgs / np.maximum(self.per_1000, 1e-9)
