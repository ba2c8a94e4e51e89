"""A residents-only world in which the vectorised resident rule and the per-agent reference meet.

Both sides live the same days: needs drift and are relieved by a fixed service per domain,
residents raise issues, every issue closes after a fixed number of days (resolved with a fixed
chance, else abandoned after one pass between handlers), the raisers feel the outcome, and
satisfaction, trust and participation settle.  Only the resident rule is exercised, so that the
two implementations can be compared like with like.  This module holds the shared set-up and
the vectorised side, which drives :class:`sim.core.residents.ResidentTable`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.core.model import GovernanceModel
from sim.core.residents import ResidentTable
from sim.scenario import Scenario, load_scenario

OUTCOMES = (
    "issues_per_resident",
    "resolved_share",
    "satisfaction_mean",
    "trust_mean",
    "need_mean",
    "participation_mean",
    "volunteer_share",
)
"""What one run of the harness reports (see :meth:`HarnessRun.outcomes`)."""


@dataclass(frozen=True)
class Harness:
    """The residents-only world: its size, length and the fixed parts standing in for the city.

    Args:
        residents: residents simulated.
        days: days simulated.
        relief: need removed from every resident per domain and day by services (0.00026: about
            0.8 of the defaults' unmet drift, 0.11 × 0.003).
        resolve_days: days from raising to closing, for every issue.
        resolve_chance: chance a closing issue is resolved (else abandoned).
        abandoned_passes: bounces suffered by an abandoned issue (resolved ones suffer none).
        orgs_per_1000: social organisations around every resident.
        scenario: scenario preset whose resident parameters and domains are used.
        overrides: scenario overrides (``{"residents.issue_rate": 0.01}``).
    """

    residents: int = 500
    days: int = 120
    relief: float = 0.00026
    resolve_days: int = 6
    resolve_chance: float = 0.6
    abandoned_passes: int = 1
    orgs_per_1000: float = 0.3
    scenario: str = "classroom"
    overrides: dict[str, Any] = field(default_factory=dict)

    def load(self) -> Scenario:
        """The scenario, sized to the harness (one district, one street, one community)."""
        compounds = max(1, min(24, self.residents // 20))
        return load_scenario(
            self.scenario,
            {
                "city.residents": self.residents,
                "city.districts": 1,
                "city.streets": 1,
                "city.communities": 1,
                "city.compounds": compounds,
                **self.overrides,
            },
        )

    def initial_table(self, scenario: Scenario, seed: int) -> ResidentTable:
        """The residents exactly as :class:`GovernanceModel` makes them for this seed."""
        return GovernanceModel(scenario, rng=seed).residents

    def relief_per_domain(self, scenario: Scenario) -> np.ndarray:
        """The fixed service relief, one value per domain."""
        return np.full(len(scenario.domains), self.relief)

    def volunteer_share(self, scenario: Scenario) -> float:
        """The volunteer share in force (no party members reporting)."""
        return scenario.residents.volunteer_share


class HarnessRun(ABC):
    """Common counters and outcome read-out of one run of the harness (either side)."""

    harness: Harness
    raised: int
    resolved: int
    closed: int

    @abstractmethod
    def columns(self) -> dict[str, np.ndarray]:
        """Final needs (domains, residents), satisfaction, trust, participation, volunteer flags."""

    def outcomes(self) -> dict[str, float]:
        """The run's outcomes (:data:`OUTCOMES`)."""
        cols = self.columns()
        n = self.harness.residents
        return {
            "issues_per_resident": self.raised / n,
            "resolved_share": self.resolved / max(self.closed, 1),
            "satisfaction_mean": float(np.mean(cols["satisfaction"])),
            "trust_mean": float(np.mean(cols["trust"])),
            "need_mean": float(np.mean(cols["needs"])),
            "participation_mean": float(np.mean(cols["participation"])),
            "volunteer_share": float(np.mean(cols["volunteer"])),
        }


class VectorisedResidents(HarnessRun):
    """The harness driven by :class:`ResidentTable`: every resident updated at once each day.

    Args:
        harness: the residents-only world.
        seed: seed of the residents' construction and of the run's generator (the same seed gives
            the reference the same residents).
    """

    def __init__(self, harness: Harness, seed: int):
        self.harness = harness
        self.scenario = harness.load()
        self.rng = np.random.default_rng(seed)
        self.table = harness.initial_table(self.scenario, seed)
        self.day = 0
        self.raised = self.resolved = self.closed = 0
        self._ones = np.ones(len(self.table.domains))
        compounds = int(self.table.compound.max()) + 1  # the same relief in every compound
        self.table.aim_services(np.repeat(harness.relief_per_domain(self.scenario)[:, None], compounds, axis=1))
        self._orgs = np.array([harness.orgs_per_1000], dtype=np.float32)
        self.open_resident = np.empty(0, np.int64)
        self.open_domain = np.empty(0, np.int64)
        self.open_raised = np.empty(0, np.int64)

    def step(self) -> None:
        """One day for every resident."""
        h, t, day = self.harness, self.table, self.day
        t.live_a_day(self._ones)
        who, domain = t.draw_issues(self.rng)
        self.raised += len(who)
        self.open_resident = np.concatenate([self.open_resident, who])
        self.open_domain = np.concatenate([self.open_domain, domain])
        self.open_raised = np.concatenate([self.open_raised, np.full(len(who), day)])
        due = day - self.open_raised >= h.resolve_days
        if due.any():
            resolved = self.rng.random(int(due.sum())) < h.resolve_chance
            passes = np.where(resolved, 0, h.abandoned_passes)
            t.feel_outcomes(
                self.open_resident[due], self.open_domain[due], resolved, np.where(resolved, 1.0, 0.0), passes
            )
            self.resolved += int(resolved.sum())
            self.closed += len(resolved)
            keep = ~due
            self.open_resident = self.open_resident[keep]
            self.open_domain = self.open_domain[keep]
            self.open_raised = self.open_raised[keep]
        t.settle(self._orgs)
        self.day += 1

    def run(self) -> VectorisedResidents:
        """Simulate the harness's days; returns self."""
        for _ in range(self.harness.days):
            self.step()
        return self

    def columns(self) -> dict[str, np.ndarray]:
        t = self.table
        return {
            "needs": t.needs,
            "satisfaction": t.satisfaction,
            "trust": t.trust,
            "participation": t.participation,
            "volunteer": t.volunteers(self.harness.volunteer_share(self.scenario)),
        }
