"""A tiny city built by hand for the submodels' unit tests: every number in it is known.

One district, one street, two communities, three compounds, 40 residents and two department
kinds::

    district 0 ── street 0 ─┬─ community 0 (30 residents, R = 0.03)
                            │    ├─ compound 0  commodity    12 residents, firm of quality 0.5,
                            │    │                            organised (owners' committee)
                            │    └─ compound 1  old_estate   18 residents, no firm, not organised
                            └─ community 1 (10 residents, R = 0.01)
                                 └─ compound 2  resettlement 10 residents, firm of quality 0.4,
                                                              not organised

Residents are numbered compound by compound: rows 0–11 live in compound 0, rows 12–29 in
compound 1, rows 30–39 in compound 2.  ``R`` is residents / 1,000, as in the ODD; the street
and each department serve the whole district, R = 0.04.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.core.city import City
from sim.scenario import COMPOUND_TYPES, ISSUE_KINDS, Scenario, load_scenario

COMPOUND_RESIDENTS = np.array([12, 18, 10])
"""Residents of compounds 0, 1 and 2."""

COMMUNITY_RESIDENTS = np.array([30, 10])
"""Residents of communities 0 and 1."""

GOVERNANCE_DRAW = np.array([0.9, 0.3, 0.6])
"""Each compound's fixed draw against ``moving_down.compound_governance``."""

DOMAINS = ("employment", "housing", "safety", "environment", "social", "culture_health")
"""The default need domains, in the scenario's order (the order of every domain axis)."""


def tiny_scenario(**overrides: Any) -> Scenario:
    """The scenario of the tiny city: schema defaults except the structure and two departments.

    The city table matches :func:`tiny_city`; two department kinds ("civil" owns every domain and
    kind, "enforcement" safety enforcement) so that department hours split in halves; social
    workers are set to 0 so a community's base hours are ``staff.community_hours · R`` alone.  The
    staff and admin hours are pinned (community 10, street 5 per 1,000 residents; admin tasks 6) so
    that the hand computations of the submodel tests do not follow the defaults' magnitudes.

    Args:
        **overrides: scenario keys to replace, nested parts joined by ``__``
            (``admin__access_cap=0.25``).

    Returns:
        The validated scenario.
    """
    data = {
        "name": "tiny",
        "city": {"residents": 40, "districts": 1, "streets": 1, "communities": 2, "compounds": 3,
                 "size_spread": 0.0},
        "departments": {
            "civil": {"label_zh": "民政", "domains": dict.fromkeys(DOMAINS, 1.0),
                      "kinds": dict.fromkeys(ISSUE_KINDS, 1.0)},
            "enforcement": {"label_zh": "執法", "domains": {"safety": 1.0},
                            "kinds": {"enforcement": 1.0}},
        },
        "social": {"social_workers": 0.0},
        "staff": {"community_hours": 10.0, "street_hours": 5.0},
        "admin": {"hours": 6.0},
    }
    return load_scenario(data, overrides)


def tiny_city(scenario: Scenario | None = None) -> City:
    """The tiny city's structure and compound traits (drawn from no generator).

    Args:
        scenario: where the compounds' ageing shares and the number of department kinds are
            read from; the default :func:`tiny_scenario`.

    Returns:
        The city.
    """
    scenario = scenario or tiny_scenario()
    types = np.array([COMPOUND_TYPES.index(t) for t in ("commodity", "old_estate", "resettlement")],
                     dtype=np.int8)
    ageing = np.array([scenario.compound_types[COMPOUND_TYPES[t]].ageing for t in types])
    return City(
        n_districts=1,
        n_streets=1,
        n_communities=2,
        n_compounds=3,
        n_residents=int(COMPOUND_RESIDENTS.sum()),
        n_dept_kinds=len(scenario.departments),
        street_district=np.array([0]),
        community_street=np.array([0, 0]),
        compound_community=np.array([0, 0, 1]),
        compound_type=types,
        compound_residents=COMPOUND_RESIDENTS.copy(),
        compound_has_firm=np.array([True, False, True]),
        compound_firm_quality=np.array([0.5, 0.0, 0.4]),
        compound_organised_base=np.array([True, False, False]),
        compound_governance_draw=GOVERNANCE_DRAW.copy(),
        compound_ageing=ageing,
        resident_compound=np.repeat(np.arange(3, dtype=np.int32), COMPOUND_RESIDENTS),
    )
