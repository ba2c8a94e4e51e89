"""小區分類治理 by type: each compound type gets the support matched to its deficit.

``moving_down.classified`` (0–1) is the degree of the programme; at degree ``g`` each type's
package acts on the model's existing state with the strength ``moving_down.by_type`` gives it at
full degree, times ``g``:

* old estates without a firm (老舊小區, 兜底物業): basic property services — the need drift of the
  property-related domains (housing, environment) of their residents falls by
  ``property_relief``, and the service answers cases at the compound with hours like a firm's
  (``staff.firm_hours`` × :data:`PUBLIC_SERVICE_QUALITY`), at ``costs.public_property_yuan_per_resident``;
* resettlement estates (安置小區, 人民調解): a mediation committee — ``mediation_share`` of their
  dispute cases that need the street or a department are settled locally (their required level
  becomes the compound), with ``mediator_hours`` at the compound, at ``costs.mediator_yuan_per_hour``;
* commodity housing with a firm (商品房, 業委會): the owners' committee against the firm — the
  firm's chance of failing a property-related case (which turns it into a dispute) falls by
  ``committee_press``, at ``costs.committee_yuan_per_compound``;
* work-unit compounds without a firm (單位大院, 移交): the former unit's legacy duties — it does
  the upkeep it left (hours like the old estates' public service, paid by the unit at
  ``costs.legacy_yuan_per_resident``), and ``legacy_share`` of their property-related cases that
  need the street or a department (the unit's own pipes, roofs, roads: cases with no owner) are
  taken by the unit at the compound;
* mixed estates and urban villages (混合小區, 城中村): patrols and clean-ups — the drift of safety
  and environment needs falls by ``patrol_relief``, with ``patrol_hours`` (acting on needs, not
  on cases), at ``costs.patrol_yuan_per_hour``.

The need relief is re-aimed with the other services at each survey; hours follow the staffing
(rebuilt at a reform); the firms' failure chances and the local settlement act at once.
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.levels import COMMUNITY, COMPOUND
from sim.scenario import COMPOUND_TYPES, ISSUE_KINDS, Scenario

PUBLIC_SERVICE_QUALITY = 0.6
"""Quality of the basic property services a public service (old estates) or the former unit
(work-unit compounds) gives a compound without a firm: the quality of a good commodity firm
(``compound_types.commodity.firm_quality``), a basic service with no more behind it."""

COMMODITY, OLD_ESTATE, RESETTLEMENT, WORK_UNIT, MIXED = (COMPOUND_TYPES.index(t) for t in (
    "commodity", "old_estate", "resettlement", "work_unit", "mixed"))
DISPUTE = ISSUE_KINDS.index("dispute")
PATROL_DOMAINS = ("safety", "environment")
"""The need domains patrols and clean-ups relieve (those of them the scenario defines)."""


def upkeep_compounds(city: City) -> np.ndarray:
    """Compounds whose basic upkeep the programme provides: old estates and work-unit compounds without a firm."""
    kind = city.compound_type
    return ~city.compound_has_firm & ((kind == OLD_ESTATE) | (kind == WORK_UNIT))


def support_hours(config: Scenario, city: City) -> np.ndarray:
    """Hours a day the packages add at each compound for its cases.

    Old estates' public property services and the former unit's upkeep in work-unit compounds
    (without a firm) give hours like a firm's; resettlement estates get their mediators' hours.

    Args:
        config: the scenario (``moving_down.classified``, ``moving_down.by_type``, ``staff.firm_hours``).
        city: the built city.

    Returns:
        Hours per compound.
    """
    degree, by_type = config.moving_down.classified, config.moving_down.by_type
    per_1000 = city.compound_residents / 1000.0
    upkeep = np.where(upkeep_compounds(city), PUBLIC_SERVICE_QUALITY * config.staff.firm_hours, 0.0)
    mediators = np.where(city.compound_type == RESETTLEMENT, by_type.mediator_hours, 0.0)
    return degree * (upkeep + mediators) * per_1000


class CompoundSupport:
    """The packages' effects on needs, on firms and on where cases are settled.

    Args:
        config: the scenario.
        city: the built city.
        routing: the routing rules, whose firms' failure chances (``firm_failure``) the owners'
            committees lower.

    Attributes:
        settled: cases settled locally by the packages so far (resettlement mediation, work-unit
            legacy duties).
    """

    def __init__(self, config: Scenario, city: City, routing):
        """Find the residents and compounds each package reaches."""
        self.city, self.routing = city, routing
        self._firm_failure = routing.firm_failure.copy()
        """The firms' failure chances without owners' committees."""
        kind = city.compound_type
        no_firm = ~city.compound_has_firm
        self._property_compounds = (kind == OLD_ESTATE) & no_firm
        self._patrol_compounds = kind == MIXED
        domains = list(config.domains)
        self._property_domains = [d for d, name in enumerate(domains) if config.domains[name].property_related]
        self._patrol_domains = [domains.index(name) for name in PATROL_DOMAINS if name in domains]
        self._property_domain = np.array([config.domains[name].property_related for name in domains])
        self._legacy = (kind == WORK_UNIT) & no_firm
        self.counts = {
            "old_estate": float(city.compound_residents[(kind == OLD_ESTATE) & no_firm].sum()),
            "resettlement": float(city.compound_residents[kind == RESETTLEMENT].sum()),
            "commodity": float(((kind == COMMODITY) & city.compound_has_firm).sum()),
            "work_unit": float(city.compound_residents[self._legacy].sum()),
            "mixed": float(city.compound_residents[kind == MIXED].sum()),
        }
        """What each package is charged by: residents served (old estates, resettlement, work
        units, mixed) or compounds with a firm (commodity)."""
        self.settled = {"resettlement": 0, "work_unit": 0}
        self.config = config

    @property
    def config(self) -> Scenario:
        """The scenario in force; setting it (a reform) re-sets the firms' failure chances at once."""
        return self._config

    @config.setter
    def config(self, config: Scenario) -> None:
        self._config = config
        press = config.moving_down.classified * config.moving_down.by_type.committee_press
        commodity = self.city.compound_type == COMMODITY
        self.routing.firm_failure = np.where(commodity, self._firm_failure * (1.0 - press), self._firm_failure)

    def relieve(self, residents) -> None:
        """Old estates' property services and mixed estates' patrols relieve their needs' drift.

        Called after the survey has aimed the other services (:meth:`ResidentTable.aim_services`),
        as the packages are planned with them.

        Args:
            residents: the resident table (:meth:`~sim.core.residents.ResidentTable.relieve_drift`).
        """
        degree, by_type = self.config.moving_down.classified, self.config.moving_down.by_type
        for compounds, share, domains in (
                (self._property_compounds, by_type.property_relief, self._property_domains),
                (self._patrol_compounds, by_type.patrol_relief, self._patrol_domains)):
            relief = np.float32(degree * share) * residents.unmet_share
            if relief > 0 and compounds.any():
                residents.relieve_drift(compounds, domains, relief)

    def settle_locally(self, book, n: int, rng: np.random.Generator) -> None:
        """Mediation and the former unit's duties take some of today's new cases at the compound.

        Resettlement disputes needing the street or a department are settled by the compound's
        mediators with chance ``degree × mediation_share``; in work-unit compounds without a firm
        the property-related cases needing the street or a department are taken by the former
        unit with chance ``degree × legacy_share``.  Their required level becomes the compound:
        the routing then brings them down to the compound or keeps them at the community.

        Args:
            book: the open issues (today's ``n`` new ones are its last rows).
            n: issues raised today.
            rng: the model's generator.
        """
        degree, by_type = self.config.moving_down.classified, self.config.moving_down.by_type
        if n == 0 or degree == 0:
            return
        c = book.cols
        rows = np.arange(len(c["id"]) - n, len(c["id"]))
        compound, required = c["compound"][rows], c["required"][rows]
        above = required > COMMUNITY
        mediated = above & (self.city.compound_type[compound] == RESETTLEMENT) & (c["kind"][rows] == DISPUTE)
        legacy = above & self._legacy[compound] & self._property_domain[c["domain"][rows]]
        chance = degree * np.where(mediated, by_type.mediation_share, np.where(legacy, by_type.legacy_share, 0.0))
        candidate = np.flatnonzero(chance > 0)
        taken = candidate[rng.random(len(candidate)) < chance[candidate]]
        c["required"][rows[taken]] = COMPOUND
        self.settled["resettlement"] += int(mediated[taken].sum())
        self.settled["work_unit"] += int(legacy[taken].sum())

    def daily_cost(self, change: float, config: Scenario, unit) -> dict[str, tuple[float, float]]:
        """Hours and yuan a day of each package, for ``change`` in the programme's degree.

        Args:
            change: the degree in force less the pre-reform degree.
            config: the scenario in force (hours per 1,000 residents).
            unit: the unit costs (the pre-reform scenario's ``costs`` table).

        Returns:
            Compound type → (staff-hours, yuan) a day.
        """
        by_type, counts, per_day = config.moving_down.by_type, self.counts, 1.0 / 365.0
        upkeep = PUBLIC_SERVICE_QUALITY * config.staff.firm_hours / 1000.0
        mediator_hours = by_type.mediator_hours * counts["resettlement"] / 1000.0
        patrol_hours = by_type.patrol_hours * counts["mixed"] / 1000.0
        costs = {
            "old_estate": (upkeep * counts["old_estate"],
                           unit.public_property_yuan_per_resident * counts["old_estate"] * per_day),
            "resettlement": (mediator_hours, mediator_hours * unit.mediator_yuan_per_hour),
            "commodity": (0.0, unit.committee_yuan_per_compound * counts["commodity"] * per_day),
            "work_unit": (upkeep * counts["work_unit"],
                          unit.legacy_yuan_per_resident * counts["work_unit"] * per_day),
            "mixed": (patrol_hours, patrol_hours * unit.patrol_yuan_per_hour),
        }
        return {t: (change * hours, change * yuan) for t, (hours, yuan) in costs.items()}
