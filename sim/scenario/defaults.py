"""The default tables of a scenario: compound types, need domains, issue kinds, departments.

Plain data, turned into the schema's models by the ``default_factory`` of each table in
:mod:`sim.scenario.schema`; a scenario file may redefine any entry (``docs/ODD.md`` lists them all).
The keys of every inner table follow the order of the schema's ``ISSUE_KINDS`` and ``LEVELS``.
"""

from __future__ import annotations

COMPOUND_TYPE_SHARES = {
    "commodity": 0.35,
    "old_estate": 0.25,
    "resettlement": 0.15,
    "work_unit": 0.15,
    "mixed": 0.10,
}
"""Share of compounds of each type."""

COMPOUND_TYPES = {
    "commodity": {
        "property_firm": 0.95, "firm_quality": 0.6, "organised": 0.5, "ageing": 0.15,
        "need_multiplier": {"housing": 1.2, "environment": 1.1, "social": 0.8},
    },
    "old_estate": {
        "property_firm": 0.1, "firm_quality": 0.4, "organised": 0.25, "ageing": 0.4,
        "need_multiplier": {"housing": 1.5, "environment": 1.4, "culture_health": 1.4},
    },
    "resettlement": {
        "property_firm": 0.4, "firm_quality": 0.4, "organised": 0.35, "ageing": 0.25,
        "need_multiplier": {"employment": 1.6, "social": 1.3, "safety": 1.2},
    },
    "work_unit": {
        "property_firm": 0.3, "firm_quality": 0.5, "organised": 0.6, "ageing": 0.35,
        "need_multiplier": {"housing": 1.2, "culture_health": 1.2},
    },
    "mixed": {
        "property_firm": 0.15, "firm_quality": 0.4, "organised": 0.15, "ageing": 0.2,
        "need_multiplier": {"safety": 1.5, "environment": 1.4, "employment": 1.3},
    },
}
"""Traits of the five compound types (小區分類)."""


def _kinds(service: float, dispute: float, enforcement: float, infrastructure: float,
           cross_departmental: float) -> dict[str, float]:
    """How a domain's issues split over the five kinds, in the schema's order."""
    return {"service": service, "dispute": dispute, "enforcement": enforcement,
            "infrastructure": infrastructure, "cross_departmental": cross_departmental}


DOMAINS = {
    "employment": {"label_zh": "就業", "drift": 0.003,
                   "kinds": _kinds(0.6, 0.25, 0.05, 0.0, 0.1)},
    "housing": {"label_zh": "居住", "drift": 0.0035, "property_related": True,
                "kinds": _kinds(0.25, 0.25, 0.1, 0.3, 0.1)},
    "safety": {"label_zh": "安全", "drift": 0.0025, "epidemic": True,
               "kinds": _kinds(0.15, 0.25, 0.35, 0.1, 0.15)},
    "environment": {"label_zh": "環境", "drift": 0.0035, "property_related": True,
                    "kinds": _kinds(0.2, 0.15, 0.3, 0.2, 0.15)},
    "social": {"label_zh": "交往", "drift": 0.0025, "epidemic": True, "elderly_multiplier": 1.2,
               "kinds": _kinds(0.6, 0.3, 0.0, 0.05, 0.05)},
    "culture_health": {"label_zh": "文化健康", "drift": 0.003, "epidemic": True,
                       "elderly_multiplier": 1.5, "kinds": _kinds(0.6, 0.1, 0.1, 0.1, 0.1)},
}
"""The six resident need domains (六大需求)."""

KINDS = {
    "service": {"label_zh": "服務需求", "effort_hours": 2.0,
                "level_shares": [0.3, 0.5, 0.12, 0.08, 0.0], "delegable": True, "time_limit_days": 5,
                "daily_hours": 2.0, "lead_days": 0},
    "dispute": {"label_zh": "矛盾糾紛", "effort_hours": 6.0,
                "level_shares": [0.4, 0.35, 0.15, 0.1, 0.0], "delegable": True, "time_limit_days": 15,
                "daily_hours": 1.5, "lead_days": 1},
    "enforcement": {"label_zh": "執法事項", "effort_hours": 6.0,
                    "level_shares": [0.0, 0.05, 0.15, 0.72, 0.08], "delegable": True, "time_limit_days": 10,
                    "daily_hours": 2.0, "lead_days": 2},
    "infrastructure": {"label_zh": "設施問題", "effort_hours": 8.0,
                       "level_shares": [0.1, 0.1, 0.2, 0.48, 0.12], "delegable": True, "time_limit_days": 15,
                       "daily_hours": 2.0, "lead_days": 3},
    "cross_departmental": {"label_zh": "跨部門事項", "effort_hours": 10.0,
                           "level_shares": [0.0, 0.05, 0.15, 0.68, 0.12], "delegable": False, "time_limit_days": 15,
                           "daily_hours": 2.0, "lead_days": 5},
}
"""The five issue kinds; ``level_shares`` run compound, community, street, district department, city
department.  The city's share is the cases that cross districts and need a city department (市級部門):
a tenth of enforcement's department cases (pollution, transit lines), a fifth of infrastructure's
(roads, rivers, pipes across district lines), 15% of cross-departmental ones; services and
neighbours' disputes stay local.  These shares are the model's assumption (no public count of the
cases needing a city department was at hand); they take the city's share out of the department's.

``daily_hours`` (staff-hours a day on one case) is about a quarter of an officer's 8-hour working
day, as an officer carries several cases at once; 1.5 for disputes, as a mediation session with
both parties runs about that long and the parties are not kept longer.  ``lead_days`` (days from
being taken up before the case can close): 0 for a service request answered at the desk or by
phone; 1 for a dispute (the parties are called to a mediation on another day); 2 for enforcement
(an inspection, then a notice to rectify checked on a second visit); 3 for infrastructure (a site
survey, then a repair crew or the maintenance unit booked); 5 for a cross-departmental case (the
other departments' written opinions, 會商).  All assumed, each below the kind's time limit.

``effort_hours`` is the staff-hours of a whole case as the hotline's rules make it: contact, a visit
or a check on site, the work, the reply and the record (``data/magnitudes.csv`` gives the reason
for each kind).
"""

DEPARTMENTS = {
    "politics_law": {
        "label_zh": "政法委", "domains": {"safety": 1.0, "social": 0.2},
        "kinds": {"dispute": 1.0, "enforcement": 0.5, "cross_departmental": 0.6},
    },
    "organisation": {
        "label_zh": "組織部", "domains": {"social": 0.3, "culture_health": 0.1},
        "kinds": {"service": 0.3, "cross_departmental": 0.4},
    },
    "publicity": {
        "label_zh": "宣傳部", "domains": {"culture_health": 0.6, "social": 0.3},
        "kinds": {"service": 0.6, "cross_departmental": 0.2},
    },
    "civil_affairs": {
        "label_zh": "民政", "domains": {"social": 0.8, "culture_health": 0.5, "employment": 0.2},
        "kinds": {"service": 1.0, "dispute": 0.3, "infrastructure": 0.3,
                  "cross_departmental": 0.5},
    },
    "housing": {
        "label_zh": "住建", "domains": {"housing": 1.0, "environment": 0.3},
        "kinds": {"infrastructure": 1.0, "service": 0.4, "dispute": 0.5, "enforcement": 0.3,
                  "cross_departmental": 0.5},
    },
    "health_campaign": {
        "label_zh": "愛衛辦", "domains": {"environment": 0.8, "culture_health": 0.5},
        "kinds": {"service": 0.5, "enforcement": 0.3, "cross_departmental": 0.3},
    },
    "urban_management": {
        "label_zh": "城管", "domains": {"environment": 1.0, "safety": 0.3, "housing": 0.3},
        "kinds": {"enforcement": 1.0, "infrastructure": 0.4, "dispute": 0.3,
                  "cross_departmental": 0.5},
    },
    "food_safety": {
        "label_zh": "食安辦", "domains": {"safety": 0.5, "culture_health": 0.3},
        "kinds": {"enforcement": 0.8, "service": 0.2, "cross_departmental": 0.2},
    },
    "human_resources": {
        "label_zh": "人社", "domains": {"employment": 1.0, "social": 0.2},
        "kinds": {"service": 1.0, "dispute": 0.5, "enforcement": 0.5,
                  "cross_departmental": 0.3},
    },
}
"""The nine department kinds (部門) and their ownership weights (the overlap matrix)."""

AGENCY_PRIORITIES = {
    "employment": 0.05, "housing": 0.1, "safety": 0.25,
    "environment": 0.35, "social": 0.05, "culture_health": 0.2,
}
"""Departments' own priorities over the domains (creation campaigns and the like)."""
