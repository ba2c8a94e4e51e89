"""平安城市: safety incidents, the safety index, and grid workers who find problems first (網格化, 主動發現).

Three things, each on its own causal path (``docs/ODD.md`` §7.11b):

* **Incidents.** An unmet need in a safety domain (``safety.domains``) above ``safety.hazard_need``
  carries a daily hazard of an incident (a theft, a fire, a fall, a fight), rising linearly to
  ``safety.incident_rate`` at need 1.  Incidents are counted as their expected number (the sum of
  the day's hazards), so counting them draws no random number; they do not feed back on residents.
* **Grid workers' patrols (網格員, 主動發現).** ``grid.workers`` full-time grid workers per 10,000
  residents each patrol ``grid.hours × grid.patrol_share`` hours a working day and look at
  ``grid.households_per_hour`` households an hour; grid workers are assigned by residents (one
  grid per so many households), so every compound's households are looked at with the same daily
  chance, the patrol *coverage*.  A problem of a looked-at household in a patrolled domain
  (``grid.domains``) that shows (need ≥ ``grid.visible_need``) and has no case open is noticed with
  ``grid.spot_chance`` and becomes a case at once, reported by the grid worker through the
  community (channel ``community``) — before the need grows to where its resident complains.  An
  earlier case is resolved earlier, and its resolution relieves the need before it reaches the
  hazard level: patrol hours → needs found early → earlier cases → fewer incidents and shorter
  response.  The found cases are real work for the handlers they reach.
* **The safety index** (higher = safer), over a trailing month (the summary: the whole run):
  ``100 × (½ · I₀ / (I₀ + I) + ½ · D₀ / (D₀ + D))`` where ``I`` is incidents per 10,000 residents
  a year, ``D`` the mean days from raising to closing of the safety domains' cases closed in the
  window (resolved, or given up / closed unresolved at ``issues.abandon_days``), and ``I₀``, ``D₀``
  their references (``safety.reference_incidents``, ``safety.reference_days``): each half is 1 with
  no incidents or instant response and one half at its reference.

This differs from needs sensing (大調研大數據, :mod:`sim.core.supply`): sensing aims a community's
service hours at the domains its residents need, relieving everyone's needs a little; grid workers
find one household's problem and open a case for it, which a handler must then resolve.
"""

from __future__ import annotations

import numpy as np

from sim.core.residents import CHANNEL_COMMUNITY, ResidentTable
from sim.scenario import Scenario

COUNTS = ("incidents", "found", "fixed", "raised_patrolled", "closed_safety", "closed_safety_days")
"""What is counted each day: expected incidents, problems found by patrols and those of them fixed on
the spot, cases residents raised in the patrolled domains, and the safety domains' cases closed and
their days from raising."""
_AT = {name: i for i, name in enumerate(COUNTS)}
WINDOW_DAYS = 30
"""Days over which the daily outcomes are taken (a trailing month)."""
EMPTY = np.empty(0, dtype=np.int64)


def patrol_coverage(workers_per_10k: float, hours: float, patrol_share: float,
                    households_per_hour: float, household_size: float) -> float:
    """Share of the city's households the grid workers' patrols look at in a day (at most 1).

    Args:
        workers_per_10k: grid workers per 10,000 residents.
        hours: each one's paid hours today.
        patrol_share: share of them spent patrolling.
        households_per_hour: households a patrol looks at in an hour.
        household_size: residents per household.

    Returns:
        Households looked at today / households: ``workers × hours × patrol_share ×
        households_per_hour × household_size / 10,000``.
    """
    return min(1.0, workers_per_10k * hours * patrol_share * households_per_hour * household_size / 10_000.0)


def safety_index(incidents_per_10k: float, response_days: float, reference_incidents: float,
                 reference_days: float) -> float:
    """The safety index, 0–100, higher = safer: half for few incidents, half for quick response.

    Args:
        incidents_per_10k: incidents per 10,000 residents a year.
        response_days: mean days from raising to closing of safety cases (NaN: none closed).
        reference_incidents: incidents at which the incident half scores one half.
        reference_days: days at which the response half scores one half.

    Returns:
        ``100 × (½ · I₀ / (I₀ + I) + ½ · D₀ / (D₀ + D))`` (NaN when either part is NaN).
    """
    return 100.0 * (0.5 * reference_incidents / (reference_incidents + incidents_per_10k)
                    + 0.5 * reference_days / (reference_days + response_days))


class SafeCity:
    """The city's safety record and its grid workers' patrols, day by day.

    Args:
        config: the scenario (``safety``, ``grid``, ``calendar.rest_day_staff``, its domains).
        residents: residents in the city.

    Attributes:
        coverage: share of households today's patrols looked at.
    """

    def __init__(self, config: Scenario, residents: int):
        """Start with no day recorded."""
        self.config = config
        self.residents = residents
        self.coverage = 0.0
        self._today = np.zeros(len(COUNTS))
        self._cumulative = [np.zeros(len(COUNTS))]

    def _rows(self, names: list[str]) -> list[int]:
        domains = list(self.config.domains)
        return [domains.index(name) for name in names]

    def _among(self, domain: np.ndarray, names: list[str]) -> np.ndarray:
        """Whether each domain code is one of the domains ``names`` (a lookup, not ``np.isin``)."""
        listed = np.zeros(len(self.config.domains), dtype=bool)
        listed[self._rows(names)] = True
        return listed[domain]

    def morning(self, residents: ResidentTable, rng: np.random.Generator, workday: bool) -> tuple:
        """Today's incidents from unmet safety needs, then the grid workers' patrols.

        Args:
            residents: the resident table (needs after today's growth; found cases mark it).
            rng: the model's generator (one draw per visible problem with no case open, only
                when there are grid workers).
            workday: whether today is a working day (rest days: the duty share of the hours).

        Returns:
            The residents whose problems the patrols found and their domains (cases to open).
        """
        safety, grid = self.config.safety, self.config.grid
        for row in self._rows(safety.domains):
            excess = residents.excess_over(row, safety.hazard_need)
            self._today[_AT["incidents"]] += excess * (safety.incident_rate / (1.0 - safety.hazard_need))
        duty = 1.0 if workday else self.config.calendar.rest_day_staff
        self.coverage = patrol_coverage(grid.workers, grid.hours * duty, grid.patrol_share,
                                        grid.households_per_hour, grid.household_size)
        if self.coverage <= 0.0:
            return EMPTY, EMPTY
        who, domain = self.find(residents, self._rows(grid.domains), self.coverage * grid.spot_chance,
                                grid.visible_need, rng)
        self._today[_AT["found"]] += len(who)
        fix_hours = grid.workers * self.residents / 10_000.0 * grid.hours * duty * (1.0 - grid.patrol_share)
        fixed = self.fixable(len(who), grid.fix_share, int(fix_hours / grid.fix_hours), rng)
        residents.needs[domain[fixed], who[fixed]] = np.maximum(
            residents.needs[domain[fixed], who[fixed]] - np.float32(self.config.residents.relief), 0.0)
        self._today[_AT["fixed"]] += int(fixed.sum())
        who, domain = who[~fixed], domain[~fixed]
        residents.mark_open(who, domain)
        return who, domain

    @staticmethod
    def fixable(found: int, share: float, most: int, rng: np.random.Generator) -> np.ndarray:
        """Which of the problems found the grid workers put right on the spot today (小事不出網格).

        Each is small enough with chance ``share``; if more are than the grid workers' hours
        allow (``most``), a random ``most`` of them are fixed and the rest become cases.

        Returns:
            A boolean per problem found.
        """
        fixed = rng.random(found) < share
        small = fixed.nonzero()[0]
        if len(small) > most:
            fixed[:] = False
            fixed[rng.choice(small, size=most, replace=False)] = True
        return fixed

    @staticmethod
    def find(residents: ResidentTable, rows: list[int], chance: float, visible: float,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """The visible problems with no case open that a patrol notices, each with ``chance``.

        Args:
            residents: the resident table.
            rows: the patrolled domains' rows.
            chance: the daily chance of noticing each (coverage × spot chance).
            visible: the need from which a problem shows.
            rng: the model's generator.

        Returns:
            The residents and domains of the problems found.
        """
        who, domain = [], []
        for row in rows:
            shown = (residents.needs[row] >= np.float32(visible)) & ((residents.open_mask >> row) & 1 == 0)
            candidates = shown.nonzero()[0]
            picked = candidates[rng.random(len(candidates)) < chance]
            who.append(picked)
            domain.append(np.full(len(picked), row, dtype=np.int64))
        return np.concatenate(who), np.concatenate(domain)

    def with_found(self, found: tuple, who: np.ndarray, domain: np.ndarray,
                   channel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Today's new cases: those the patrols found (reported through the community) and the residents'.

        Args:
            found: the residents and domains the patrols found (:meth:`morning`).
            who: the residents who raised a case today.
            domain: each one's domain.
            channel: every resident's reporting channel.

        Returns:
            The raisers, domains and channels of all of today's new cases, found ones first.
        """
        self._today[_AT["raised_patrolled"]] += int(self._among(domain, self.config.grid.domains).sum())
        found_who, found_domain = found
        if not len(found_who):
            return who, domain, channel[who]
        return (np.concatenate([found_who, who]), np.concatenate([found_domain, domain]),
                np.concatenate([np.full(len(found_who), CHANNEL_COMMUNITY, dtype=channel.dtype), channel[who]]))

    def close_day(self, closed: list[dict], day: int) -> None:
        """Count the safety cases closed today and close the day's counts (nothing before day 0).

        Args:
            closed: the columns of today's cases resolved and of those closed otherwise.
            day: today.
        """
        for case in closed:
            safe = self._among(case["domain"], self.config.safety.domains)
            self._today[_AT["closed_safety"]] += int(safe.sum())
            self._today[_AT["closed_safety_days"]] += float((day - case["raised"][safe]).sum())
        if day >= 0:
            self._cumulative.append(self._cumulative[-1] + self._today)
        self._today = np.zeros(len(COUNTS))

    def outcomes(self, totals: np.ndarray, days: int) -> dict[str, float]:
        """The safety outcomes from counts over ``days`` days."""
        count = dict(zip(COUNTS, totals.tolist(), strict=True))
        safety = self.config.safety
        incidents = count["incidents"] * 10_000.0 / self.residents * 365.0 / days if days else float("nan")
        closed = count["closed_safety"]
        response = count["closed_safety_days"] / closed if closed else float("nan")
        patrolled = count["found"] + count["raised_patrolled"]  # fixed on the spot or opened as cases
        return {
            "safety_index": safety_index(incidents, response, safety.reference_incidents, safety.reference_days),
            "safety_incidents_per_10k": incidents,
            "safety_response_days": response,
            "proactive_share": count["found"] / patrolled if patrolled else float("nan"),
        }

    def window_outcomes(self, days: int = WINDOW_DAYS) -> dict[str, float]:
        """The safety outcomes over the last ``days`` recorded days (fewer at the start of a run)."""
        span = min(days, len(self._cumulative) - 1)
        return self.outcomes(self._cumulative[-1] - self._cumulative[-1 - span], span)

    def run_outcomes(self) -> dict[str, float]:
        """The safety outcomes over every recorded day."""
        return self.outcomes(self._cumulative[-1], len(self._cumulative) - 1)
