"""The synthetic city: districts → streets → communities → compounds → residents, held as arrays.

The builder draws unit sizes from a log-normal spread (so no two communities are alike), assigns
each compound a type with its traits (property firm and its quality, owners' committee / party
branch, ageing share), and numbers every handler — compound, community, street, district department
and city department — in one global index so that the issue flow can address them all with integer arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.levels import CITY, COMMUNITY, COMPOUND, DEPARTMENT, STREET
from sim.scenario import COMPOUND_TYPES, Scenario


def split_count(total: int, parts: int, spread: float, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` units over ``parts`` parents, each getting at least one, sizes log-normal.

    Args:
        total: number of children to share out (at least ``parts``).
        parts: number of parents.
        spread: log-normal sigma of the parents' relative sizes (0 gives equal shares).
        rng: the model's generator.
    """
    weights = rng.lognormal(0.0, spread, parts) if spread > 0 else np.ones(parts)
    extra = rng.multinomial(total - parts, weights / weights.sum())
    return (extra + 1).astype(np.int64)


@dataclass
class City:
    """The built city: structure, compound traits and the global handler index.

    Handlers are numbered compounds first, then communities, streets, the districts' departments
    (one department of each kind in each district) and the city's departments (one of each
    kind).  The hierarchy is held child to parent:
    ``compound_community``, ``community_street`` and ``street_district`` (and, derived from
    them, ``compound_street`` and ``compound_district``).
    """

    n_districts: int
    n_streets: int
    n_communities: int
    n_compounds: int
    n_residents: int
    n_dept_kinds: int
    street_district: np.ndarray
    community_street: np.ndarray
    compound_community: np.ndarray
    compound_type: np.ndarray
    compound_residents: np.ndarray
    compound_has_firm: np.ndarray
    compound_firm_quality: np.ndarray
    compound_organised_base: np.ndarray
    compound_governance_draw: np.ndarray
    compound_ageing: np.ndarray
    resident_compound: np.ndarray

    @property
    def community_residents(self) -> np.ndarray:
        """Residents per community."""
        return np.bincount(self.compound_community, self.compound_residents,
                           minlength=self.n_communities).astype(np.int64)

    @property
    def street_residents(self) -> np.ndarray:
        """Residents per street."""
        return np.bincount(self.community_street, self.community_residents,
                           minlength=self.n_streets).astype(np.int64)

    @property
    def district_residents(self) -> np.ndarray:
        """Residents per district."""
        return np.bincount(self.street_district, self.street_residents,
                           minlength=self.n_districts).astype(np.int64)

    @property
    def compound_street(self) -> np.ndarray:
        """Street of each compound."""
        return self.community_street[self.compound_community]

    @property
    def compound_district(self) -> np.ndarray:
        """District of each compound."""
        return self.street_district[self.compound_street]

    # --- the global handler index -------------------------------------------------------
    @property
    def n_handlers(self) -> int:
        """Compounds + communities + streets + district departments + city departments."""
        return self.city_dept_base + self.n_dept_kinds

    @property
    def community_base(self) -> int:
        """Handler id of the first community."""
        return self.n_compounds

    @property
    def street_base(self) -> int:
        """Handler id of the first street."""
        return self.n_compounds + self.n_communities

    @property
    def dept_base(self) -> int:
        """Handler id of the first department (district 0, kind 0)."""
        return self.street_base + self.n_streets

    @property
    def city_dept_base(self) -> int:
        """Handler id of the first city department (市級部門, kind 0)."""
        return self.dept_base + self.n_districts * self.n_dept_kinds

    def handler_levels(self) -> np.ndarray:
        """Level of every handler (a :class:`~sim.core.levels.Level` code, as int8)."""
        return np.repeat(
            np.array([COMPOUND, COMMUNITY, STREET, DEPARTMENT, CITY], dtype=np.int8),
            [self.n_compounds, self.n_communities, self.n_streets,
             self.n_districts * self.n_dept_kinds, self.n_dept_kinds],
        )

    def handler_residents(self) -> np.ndarray:
        """Residents each handler serves (a department: its district; a city department: the city)."""
        return np.concatenate([
            self.compound_residents, self.community_residents, self.street_residents,
            np.repeat(self.district_residents, self.n_dept_kinds),
            np.full(self.n_dept_kinds, self.n_residents),
        ]).astype(np.float64)

    def department_handler(self, district: np.ndarray, kind: np.ndarray) -> np.ndarray:
        """Handler id of the department of ``kind`` in ``district``."""
        return self.dept_base + district * self.n_dept_kinds + kind

    def city_department_handler(self, kind: np.ndarray) -> np.ndarray:
        """Handler id of the city department of ``kind``."""
        return self.city_dept_base + kind


def build_city(config: Scenario, rng: np.random.Generator) -> City:
    """Build the city structure and compound traits of a scenario with the model's generator.

    Args:
        config: the scenario (its ``city`` table, compound types and departments).
        rng: the model's generator.

    Returns:
        The built city.
    """
    city = config.city
    spread = city.size_spread
    streets_per_district = split_count(city.streets, city.districts, spread, rng)
    communities_per_street = split_count(city.communities, city.streets, spread, rng)
    compounds_per_community = split_count(city.compounds, city.communities, spread, rng)
    residents_per_compound = split_count(city.residents, city.compounds, spread, rng)

    shares = np.array([city.compound_type_shares[t] for t in COMPOUND_TYPES], dtype=float)
    ctype = rng.choice(len(COMPOUND_TYPES), size=city.compounds, p=shares / shares.sum())
    traits = [config.compound_types[t] for t in COMPOUND_TYPES]
    p_firm = np.array([t.property_firm for t in traits])[ctype]
    q_mean = np.array([t.firm_quality for t in traits])[ctype]
    p_org = np.array([t.organised for t in traits])[ctype]
    ageing = np.array([t.ageing for t in traits])[ctype]
    concentration = 8.0
    quality = rng.beta(np.maximum(q_mean * concentration, 1e-3),
                       np.maximum((1 - q_mean) * concentration, 1e-3))

    return City(
        n_districts=city.districts,
        n_streets=city.streets,
        n_communities=city.communities,
        n_compounds=city.compounds,
        n_residents=city.residents,
        n_dept_kinds=len(config.departments),
        street_district=np.repeat(np.arange(city.districts), streets_per_district),
        community_street=np.repeat(np.arange(city.streets), communities_per_street),
        compound_community=np.repeat(np.arange(city.communities), compounds_per_community),
        compound_type=ctype.astype(np.int8),
        compound_residents=residents_per_compound,
        compound_has_firm=rng.random(city.compounds) < p_firm,
        compound_firm_quality=quality,
        compound_organised_base=rng.random(city.compounds) < p_org,
        compound_governance_draw=rng.random(city.compounds),
        compound_ageing=ageing,
        resident_compound=np.repeat(np.arange(city.compounds, dtype=np.int32),
                                    residents_per_compound),
    )
