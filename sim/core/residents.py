"""Residents held in columns, and the resident rule that moves them.

The rule (the functions at the top of this module) is written with numpy operations that work
the same on one resident's values and on whole columns.  :class:`ResidentTable` applies it to
every resident at once each day; a per-agent implementation (the benchmark's reference) calls
the very same functions one resident at a time.  The essay's six needs (就業、居住、安全、環境、
交往 and a sixth, here culture and health) are the default domains; scenarios may define others.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import COMPOUND_TYPES, Scenario

CHANNEL_COMPOUND, CHANNEL_COMMUNITY, CHANNEL_HOTLINE = range(3)
"""How a resident first reports: to the compound, at the community office, or the city hotline."""


# --- the resident rule --------------------------------------------------------------------
# Every function takes one resident's values (scalars, or arrays over domains) or whole columns
# alike; ``out`` lets the columnar table update its arrays in place.

def grow_needs(needs, drift, relief, out=None):
    """Needs grow by their daily drift and shrink by the services that reach the resident."""
    out = np.add(needs, drift, out=out)
    out -= relief
    return np.clip(out, 0.0, 1.0, out=out)


def issue_chance(needs, participation, trust, rate, threshold, out=None):
    """Daily chance of raising an issue per domain: rises with unmet need, participation and trust.

    Below ``threshold`` a need is tolerated.  Above it the chance grows linearly up to ``rate`` ×
    the participation and trust factors; a resident who trusts government and takes part in
    community life is more likely to speak up than to put up with it.
    """
    voice = (rate / (1.0 - threshold)) * (0.5 + participation) * (0.5 + trust)
    out = np.subtract(needs, threshold, out=out)
    np.clip(out, 0.0, 1.0 - threshold, out=out)
    out *= voice
    return out


def adapt_satisfaction(satisfaction, unmet, adaptation):
    """Satisfaction drifts toward how well the resident's needs are met (1 − mean unmet need)."""
    return satisfaction + adaptation * ((1.0 - unmet) - satisfaction)


def follow_trust(trust, satisfaction, rate):
    """Trust in government follows satisfaction slowly."""
    return trust + rate * (satisfaction - trust)


def participation_target(base, trust, orgs_per_1000):
    """The participation a resident settles toward: disposition × trust × social organisations."""
    return np.clip(base * (0.5 + trust) * (1.0 + 0.25 * orgs_per_1000), 0.0, 1.0)


def follow_participation(participation, target):
    """Participation moves 1% of the way to its target each day."""
    return participation + 0.01 * (target - participation)


def outcome_effect(resolved, days, gain, speed_days, loss):
    """Change in satisfaction when an issue closes: a gain halving every ``speed_days``, or a loss."""
    return np.where(resolved, gain * np.power(0.5, days / speed_days), -loss)


def volunteers(draw, participation, share):
    """Whether each resident volunteers: a fixed personal draw against participation × share."""
    return draw < participation * share


# --- the columnar table -------------------------------------------------------------------
class ResidentTable:
    """Every resident's state as columns (numpy arrays), updated by the resident rule each day.

    Args:
        scenario: the scenario (needs domains, resident parameters).
        compound: compound index of each resident.
        compound_type: type index of each compound.
        compound_ageing: share of residents over 60 in each compound.
        rng: the model's generator (used only at construction and through :meth:`draw_issues`).

    Attributes:
        needs: unmet need, shape (domains, residents), each in [0, 1].
        drift: daily growth of each need, same shape (domain rate × compound type × person).
        participation, trust, satisfaction: per resident, in [0, 1].
        base_participation: personal disposition to take part.
        channel: first reporting channel (``CHANNEL_*``).
        volunteer_draw: fixed personal draw deciding who volunteers.
    """

    def __init__(self, scenario: Scenario, compound: np.ndarray, compound_type: np.ndarray,
                 compound_ageing: np.ndarray, rng: np.random.Generator):
        r = scenario.residents
        n = len(compound)
        domains = list(scenario.domains)
        self.n = n
        self.compound = compound
        self.domains = domains
        rtype = compound_type[compound]
        drift = np.empty((len(domains), n), dtype=np.float32)
        person = rng.lognormal(-0.045, 0.3, n).astype(np.float32)  # mean 1
        self.elderly = rng.random(n) < compound_ageing[compound]
        for d, name in enumerate(domains):
            mult = np.array([scenario.compound_types[t].need_multiplier.get(name, 1.0)
                             for t in COMPOUND_TYPES], dtype=np.float32)
            age = np.where(self.elderly, np.float32(scenario.domains[name].elderly_multiplier),
                           np.float32(1.0))
            drift[d] = scenario.domains[name].drift * mult[rtype] * person * age
        self.drift = drift
        self.needs = np.clip(rng.normal(r.initial_need, 0.1, (len(domains), n)), 0, 1).astype(
            np.float32)
        self.base_participation = np.clip(rng.beta(2, 6, n) * r.participation_mean / 0.25, 0, 1
                                          ).astype(np.float32)
        self.participation = self.base_participation.copy()
        self.trust = np.clip(rng.normal(r.initial_trust, 0.1, n), 0, 1).astype(np.float32)
        self.satisfaction = np.clip(rng.normal(r.initial_satisfaction, 0.1, n), 0, 1
                                    ).astype(np.float32)
        u = rng.random(n)
        hot = u < r.hotline_share
        comp = (~hot) & (rng.random(n) < r.compound_channel_share)
        self.channel = np.where(hot, CHANNEL_HOTLINE,
                                np.where(comp, CHANNEL_COMPOUND, CHANNEL_COMMUNITY)).astype(np.int8)
        self.volunteer_draw = rng.random(n).astype(np.float32)
        self.params = r
        self._chances = np.empty_like(self.needs)

    # --- daily updates (the essay's order: needs, issues, feelings) ---------------------
    def live_a_day(self, drift_factor: np.ndarray, relief: np.ndarray,
                   community_sizes: np.ndarray) -> None:
        """Needs drift (scaled per domain by shocks) and are met by the services that reach them.

        Args:
            drift_factor: multiplier per domain (1 outside shocks).
            relief: need removed per resident, per domain and community (domains, communities).
            community_sizes: residents per community (residents are stored community by
                community, so a community's value repeats over its residents).
        """
        for d in range(len(self.domains)):
            drift = self.drift[d] if drift_factor[d] == 1 else self.drift[d] * np.float32(
                drift_factor[d])
            here = np.repeat(relief[d].astype(np.float32), community_sizes)
            grow_needs(self.needs[d], drift, here, out=self.needs[d])

    def issue_chances(self, open_resident: np.ndarray, open_domain: np.ndarray) -> np.ndarray:
        """Chance of raising an issue today per domain and resident.

        A resident with an issue still open in a domain does not raise another there: the pairs
        ``(open_domain, open_resident)`` get chance 0.
        """
        p = self.params
        chances = issue_chance(self.needs, self.participation, self.trust,
                               np.float32(p.issue_rate), np.float32(p.need_threshold),
                               out=self._chances)
        chances[open_domain, open_resident] = 0.0
        return chances

    def draw_issues(self, rng: np.random.Generator, open_resident: np.ndarray,
                    open_domain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Residents who raise an issue today and in which domain.

        Each resident–domain pair raises with its own small daily chance.  Rather than one random
        number per pair, the day's count is drawn from the Poisson distribution with the summed
        chance and the raisers are picked in proportion to their chance (the standard thinning of
        a Bernoulli field whose chances are small); a resident picked twice raises once.
        """
        chances = self.issue_chances(open_resident, open_domain)
        cum = np.cumsum(chances.sum(axis=0), dtype=np.float64)
        total = float(cum[-1]) if len(cum) else 0.0
        k = rng.poisson(total) if total > 0 else 0
        if k == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        who = np.unique(np.searchsorted(cum, rng.random(k) * total, side="right"))
        who = who[who < self.n]
        per_domain = np.cumsum(chances[:, who], axis=0)
        pick = rng.random(len(who)) * per_domain[-1]
        domain = np.minimum((per_domain < pick[None, :]).sum(axis=0), len(self.domains) - 1)
        return who, domain

    def feel_outcomes(self, resident: np.ndarray, domain: np.ndarray, resolved: np.ndarray,
                      days: np.ndarray, passes: np.ndarray) -> None:
        """Closed issues change their raisers: relief of the need, satisfaction, trust."""
        if len(resident) == 0:
            return
        p = self.params
        d, r = domain[resolved], resident[resolved]
        self.needs[d, r] = np.maximum(self.needs[d, r] - np.float32(p.relief), 0.0)
        effect = outcome_effect(resolved, days, p.resolved_gain, p.speed_days, p.abandoned_loss)
        np.add.at(self.satisfaction, resident, effect.astype(np.float32))
        np.subtract.at(self.trust, resident, (p.bounce_loss * passes).astype(np.float32))
        self.satisfaction[resident] = np.clip(self.satisfaction[resident], 0.0, 1.0)
        self.trust[resident] = np.clip(self.trust[resident], 0.0, 1.0)

    def settle(self, orgs_per_1000: np.ndarray) -> None:
        """End of day: satisfaction follows met needs, trust follows satisfaction, participation
        follows trust and the social organisations around (per resident, ``orgs_per_1000``)."""
        p = self.params
        unmet = self.needs.mean(axis=0, dtype=np.float32)
        self.satisfaction = adapt_satisfaction(self.satisfaction, unmet, np.float32(p.adaptation))
        self.trust = follow_trust(self.trust, self.satisfaction, np.float32(p.trust_rate))
        target = participation_target(self.base_participation, self.trust,
                                      orgs_per_1000.astype(np.float32))
        self.participation = follow_participation(self.participation, target).astype(np.float32)

    def volunteers(self, share: float) -> np.ndarray:
        """Boolean column: who volunteers today given the volunteer share in force."""
        return volunteers(self.volunteer_draw, self.participation, share)
