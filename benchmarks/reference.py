"""The per-agent reference: one plain Mesa agent per resident, one Python ``step`` per resident a day.

Each agent applies the resident rule of :mod:`sim.core.residents` (the very same functions the
columnar table calls) to its own values: its needs as a small array over the domains, its
satisfaction, trust and participation as scalars.  Each resident–domain pair raises an issue by
its own Bernoulli draw from the model's seeded generator.  The world around the residents is
the residents-only harness of :mod:`benchmarks.harness`.
"""

from __future__ import annotations

import mesa
import numpy as np

from benchmarks.harness import Harness, HarnessRun
from sim.core.resident_rule import (
    adapt_satisfaction,
    follow_participation,
    follow_trust,
    grow_needs,
    issue_chance,
    own_case,
    participation_target,
    volunteers,
)


class ReferenceResident(mesa.Agent):
    """One resident with its own needs, feelings and open issues (one open issue per domain at most).

    Args:
        model: the :class:`ReferenceModel`.
        values: the resident's initial values (needs, drift, satisfaction, trust, participation,
            base_participation, volunteer_draw).
    """

    def __init__(self, model: ReferenceModel, values: dict):
        super().__init__(model)
        self.needs = np.array(values["needs"], dtype=np.float64)
        # the part of the drift left unmet in everyday life, which services and cases act on
        self.drift = np.array(values["drift"], dtype=np.float64) * (1.0 - model.params.everyday_share)
        self.satisfaction = float(values["satisfaction"])
        self.view = float(values["view"])
        self.trust = float(values["trust"])
        self.participation = float(values["participation"])
        self.base_participation = float(values["base_participation"])
        self.volunteer_draw = float(values["volunteer_draw"])
        self.open_since = np.full(len(self.needs), -1)  # day each domain's issue was raised, -1 none
        self.n_open = 0

    def step(self) -> None:
        """One day: needs, issues, outcomes of closing issues, then feelings settle."""
        m = self.model
        p = m.params
        day = m.day
        self.needs = grow_needs(self.needs, self.drift, m.relief)

        chance = issue_chance(self.needs, self.participation, self.trust, p.issue_rate, p.need_threshold)
        if self.n_open:
            chance[self.open_since >= 0] = 0.0
        raised = m.rng.random(len(chance)) < chance
        if raised.any():
            self.open_since[raised] = day
            self.n_open += int(raised.sum())
            m.raised += int(raised.sum())

        if self.n_open:
            self._close_due(day)

        unmet = float(self.needs.sum()) / len(self.needs)
        self.satisfaction = adapt_satisfaction(self.satisfaction, unmet, p.adaptation, self.view,
                                               m.ratings.handling_weight)
        self.trust = follow_trust(self.trust, self.satisfaction, p.trust_rate)
        target = participation_target(self.base_participation, self.trust, m.harness.orgs_per_1000)
        self.participation = follow_participation(self.participation, target)

    def _close_due(self, day: int) -> None:
        """Issues reaching their closing day are resolved or abandoned; the resident feels it."""
        m = self.model
        p = m.params
        due = np.flatnonzero((self.open_since >= 0) & (day - self.open_since >= m.harness.resolve_days))
        if len(due) == 0:
            return
        resolved = m.rng.random(len(due)) < m.harness.resolve_chance
        self.needs[due[resolved]] = np.maximum(self.needs[due[resolved]] - p.relief, 0.0)
        score = np.where(resolved, 1.0, 0.0)  # the harness's cases are rated satisfied or not
        for value in score:
            self.view = own_case(self.view, value, m.ratings.own_weight)
        passes = np.where(resolved, 0, m.harness.abandoned_passes)
        self.trust = min(max(self.trust - p.bounce_loss * float(passes.sum()), 0.0), 1.0)
        self.open_since[due] = -1
        self.n_open -= len(due)
        m.resolved += int(resolved.sum())
        m.closed += len(due)

    def volunteers(self, share: float) -> bool:
        """Whether this resident volunteers given the volunteer share in force."""
        return bool(volunteers(self.volunteer_draw, self.participation, share))


class ReferenceModel(mesa.Model, HarnessRun):
    """The harness with one Mesa agent per resident, stepped in random order each day.

    The residents start exactly as the vectorised side's do for the same seed (both take them
    from a GovernanceModel built with that seed); from then on each side draws its own random
    numbers (here from the Mesa model's generator, seeded with the same seed).

    Args:
        harness: the residents-only world.
        seed: seed of the model's generator.
    """

    def __init__(self, harness: Harness, seed: int):
        super().__init__(rng=seed)
        self.harness = harness
        self.config = harness.load()
        self.params = self.config.residents
        self.ratings = self.config.ratings
        table = harness.initial_table(self.config, seed)
        self.relief = harness.relief_per_domain(self.config)
        self.day = 0
        self.raised = self.resolved = self.closed = 0
        for i in range(table.n):
            ReferenceResident(
                self,
                {
                    "needs": table.needs[:, i],
                    "drift": table.drift[:, i],
                    "satisfaction": table.satisfaction[i],
                    "view": table.view[i],
                    "trust": table.trust[i],
                    "participation": table.participation[i],
                    "base_participation": table.base_participation[i],
                    "volunteer_draw": table.volunteer_draw[i],
                },
            )

    def step(self) -> None:
        """One day: every resident steps once, in random order."""
        self.agents.shuffle_do("step")
        self.day += 1

    def run(self) -> ReferenceModel:
        """Simulate the harness's days; returns self."""
        for _ in range(self.harness.days):
            self.step()
        return self

    def columns(self) -> dict[str, np.ndarray]:
        agents = list(self.agents)
        share = self.harness.volunteer_share(self.config)
        return {
            "needs": np.array([a.needs for a in agents]),
            "satisfaction": np.array([a.satisfaction for a in agents]),
            "trust": np.array([a.trust for a in agents]),
            "participation": np.array([a.participation for a in agents]),
            "volunteer": np.array([a.volunteers(share) for a in agents]),
        }
