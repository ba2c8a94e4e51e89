"""The 平安城市 tables of a scenario: the safety index (``safety``) and grid workers (``grid``, 網格化).

``safety`` says which needs count as safety, when an unmet safety need becomes an incident and
how the safety index combines incidents and response times; ``grid`` sets the grid workers
(網格員) who patrol compounds and find safety and environment problems before residents report
them (主動發現).  ``docs/ODD.md`` §7.11b gives the mechanism and the reason for each number; which
domains they name is checked against the scenario's own domains by
:class:`~sim.scenario.Scenario` (:func:`check_domains`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.fields import NonNeg, Positive, Section, Share, lever

_Below1 = Annotated[float, Field(ge=0.0, lt=1.0)]


class SafetyConfig(Section):
    """平安城市: what counts as a safety incident and how the safety index is made."""

    domains: list[str] = Field(
        default_factory=lambda: ["safety"],
        description="need domains whose unmet needs turn into incidents and whose cases' response "
        "times the safety index reads (安全)",
    )
    hazard_need: _Below1 = Field(
        0.6, description="unmet need above which a safety problem can turn into an incident (a theft, "
        "a fire, a fall, a fight); the hazard grows linearly from 0 there to incident_rate at need 1",
    )
    incident_rate: Share = Field(
        0.001, description="daily chance of an incident for a resident whose safety need is fully "
        "unmet (assumed: about one in three years)",
    )
    reference_incidents: Positive = Field(
        30.0, description="incidents per 10,000 residents a year at which the incident half of the "
        "safety index scores one half (assumed order of magnitude of the criminal cases police in "
        "China register, some 30–35 per 10,000 residents a year around 2019)",
    )
    reference_days: Positive = Field(
        7.0, description="mean days from raising to resolving a safety case at which the response "
        "half of the safety index scores one half (assumed: a week, the order of hotlines' time "
        "limits for ordinary cases)",
    )


class GridConfig(Section):
    """網格化管理: grid workers who patrol compounds and report what they find (主動發現)."""

    workers: NonNeg = lever(
        0.0, "網格員: full-time grid workers per 10,000 residents (new paid staff, costs.grid_worker_yuan_per_hour)",
        term="網格化管理 / 平安城市 grid workers (網格員) find problems before residents report them",
        name=("網格員", "Grid workers (網格員)"),
        help=("每萬居民的專職網格員；巡查小區，在居民投訴前發現安全和環境問題並立案。",
              "Full-time grid workers per 10,000 residents; they patrol compounds and open cases "
              "for safety and environment problems before residents report them."),
        unit="workers per 10,000 residents",
        step=1.0,
        control_high=20.0,
        # Patrols find needs before they reach the hazard level (fewer incidents); in the pre-reform
        # city their cases wait in the fragmented system, so the index's response half can fall
        # (docs/ODD.md §7.11b): the index's direction is not declared.
        moves={"proactive_share": "up", "safety_incidents_per_10k": "down"},
    )
    hours: Annotated[float, Field(ge=0.0, le=24.0)] = Field(
        8.0, description="paid hours of a grid worker on a working day (rest days: calendar.rest_day_staff of it)"
    )
    patrol_share: Share = Field(
        0.5, description="share of a grid worker's hours spent patrolling (the rest: entering reports "
        "in the grid app, follow-up visits, tasks pushed onto grid workers; assumed)",
    )
    households_per_hour: NonNeg = Field(
        20.0, description="households a patrol looks at in an hour (stairwells, yards, doors; a home "
        "visit, 入戶走訪, takes longer; assumed)",
    )
    household_size: Positive = Field(
        2.62, description="residents per household (China's 2020 census: 2.62 persons per family household)"
    )
    spot_chance: Share = Field(
        0.3, description="chance a patrol notices a visible problem of a household it looks at (many "
        "are behind doors; assumed)",
    )
    visible_need: _Below1 = Field(
        0.15, description="unmet need from which a problem shows to a patrol (below residents' "
        "residents.need_threshold, so it can be found before they complain; assumed)",
    )
    fix_share: Share = Field(
        0.5, description="share of the problems found that are small enough for the grid worker to put "
        "right on the spot (小事不出網格: a blocked stairwell cleared, a loose cover reported to the "
        "property room there and then) instead of opening a case (assumed)",
    )
    fix_hours: Positive = Field(
        0.5, description="grid-worker hours an on-the-spot fix takes, out of their hours not spent "
        "patrolling (assumed: half an hour)",
    )
    domains: list[str] = Field(
        default_factory=lambda: ["safety", "environment"],
        description="need domains patrols look for (安全, 環境: hazards, blocked fire lanes, refuse, drains)",
    )


def check_domains(safety: SafetyConfig, grid: GridConfig, domain_names: set[str]) -> None:
    """Check that the safety and grid tables name only the scenario's domains (at least one each).

    Args:
        safety: the ``safety`` table.
        grid: the ``grid`` table.
        domain_names: the scenario's need domains.

    Raises:
        ValueError: naming the key, the unknown domains and the allowed ones.
    """
    for where, names in (("safety.domains", safety.domains), ("grid.domains", grid.domains)):
        unknown = [name for name in names if name not in domain_names]
        if unknown or not names:
            raise ValueError(f"{where} names unknown domains {unknown}; allowed: "
                             f"{sorted(domain_names)} (at least one)")
