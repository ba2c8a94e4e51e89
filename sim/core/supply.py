"""Proactive service supply and how it is aimed: needs sensing (大調研、大數據) vs 代理主義.

Each community receives a budget of service hours a day.  At every survey the budget is split
over the need domains by a mix of what residents are sensed to need (with noise that falls as
sensing improves) and the departments' own priorities ("agency-ism").  Services relieve the
needs of every resident of the community in proportion to the hours per 1,000 residents.
The mismatch between supply and needs (供需平衡) is the share of hours aimed away from need.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario

SENSING_NOISE = 0.5
"""Relative noise in sensed needs with no sensing at all (it falls linearly to 0 at full sensing)."""


class Supply:
    """Service hours per community and domain, re-aimed at every survey.

    Args:
        config: the scenario (its ``supply`` table and domains).
        community_residents: residents per community.
    """

    def __init__(self, config: Scenario, community_residents: np.ndarray):
        """Aim the service hours by the agency's priorities until the first survey."""
        self.config = config
        self.per_1000 = np.maximum(community_residents / 1000.0, 1e-9)
        self.weights = np.tile(self.agency, (len(community_residents), 1))
        self.mismatch = float("nan")
        self.sensed = self.weights.copy()
        """Residents' needs as the last survey sensed them, as shares per community and domain."""

    @property
    def agency(self) -> np.ndarray:
        """Departments' own priorities over the domains, as shares (equal when all are 0)."""
        config = self.config
        agency = np.array([config.supply.agency_priorities.get(d, 0.0) for d in config.domains])
        return agency / agency.sum() if agency.sum() > 0 else np.full(len(agency), 1 / len(agency))

    def survey(self, need_means: np.ndarray, rng: np.random.Generator) -> None:
        """Re-aim supply from the community means of each need, shape (communities, domains)."""
        sensing = self.config.supply.sensing
        noise = rng.normal(0.0, SENSING_NOISE * (1 - sensing), need_means.shape)
        sensed = np.clip(need_means * (1 + noise), 0.0, None)
        sensed_share = sensed / np.maximum(sensed.sum(axis=1, keepdims=True), 1e-12)
        self.sensed = sensed_share
        self.weights = sensing * sensed_share + (1 - sensing) * self.agency
        true_share = need_means / np.maximum(need_means.sum(axis=1, keepdims=True), 1e-12)
        gap = 0.5 * np.abs(true_share - self.weights).sum(axis=1)
        self.mismatch = float(np.average(gap, weights=self.per_1000))

    def relief(self) -> np.ndarray:
        """Need relieved per resident a day, shape (domains, communities)."""
        supply = self.config.supply
        return (supply.efficiency * supply.budget * self.weights).T
