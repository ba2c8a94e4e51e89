"""The Mesa agent types of the city: Resident, Compound, Community, Street, Department, CityDepartment.

Compound is 小區, Community 社區, Street 街道, Department a district's 部門 (區級部門) and
CityDepartment a department of the city (市級部門).

State lives in the model's columns (see :mod:`sim.core.residents` and :mod:`sim.core.issues`);
each agent is a light view onto its row, so that one can list, select and inspect agents with
Mesa's tools (``model.agents_by_type[Compound]``, ``AgentSet.select``, DataCollector
``agenttype_reporters``) while the daily step updates every row at once.  Residents get an agent
each up to ``output.resident_agents_limit``; above it, :meth:`GovernanceModel.resident` makes one
on demand.
"""

from __future__ import annotations

import numpy as np
from mesa import Agent

from sim.core.levels import Level
from sim.core.residents import CHANNEL_NAMES
from sim.scenario import COMPOUND_TYPES


class Resident(Agent):
    """A resident of a compound, with needs in each domain, satisfaction, trust and participation.

    Args:
        model: the GovernanceModel.
        row: the resident's row in the resident table.
    """

    def __init__(self, model, row: int):
        """Register the view of the resident at ``row`` with ``model``."""
        super().__init__(model)
        self.row = int(row)

    @property
    def compound(self) -> int:
        """Index of the resident's compound."""
        return int(self.model.residents.compound[self.row])

    @property
    def needs(self) -> dict[str, float]:
        """Unmet need per domain (0 met … 1 wholly unmet)."""
        t = self.model.residents
        return {d: float(t.needs[i, self.row]) for i, d in enumerate(t.domains)}

    @property
    def satisfaction(self) -> float:
        """Satisfaction with local governance, 0–1."""
        return float(self.model.residents.satisfaction[self.row])

    @property
    def trust(self) -> float:
        """Trust in government, 0–1."""
        return float(self.model.residents.trust[self.row])

    @property
    def participation(self) -> float:
        """Propensity to take part in community affairs, 0–1."""
        return float(self.model.residents.participation[self.row])

    @property
    def channel(self) -> str:
        """The channel the resident reports by now: compound, community, hotline or online."""
        return CHANNEL_NAMES[self.model.residents.channel[self.row]]


class Handler(Agent):
    """A unit that receives and handles issues; its hours and queue live in the model's columns.

    Args:
        model: the GovernanceModel.
        index: the unit's index within its level (e.g. the 3rd community).
    """

    level: Level
    """The unit's level (set by each handler type)."""

    def __init__(self, model, index: int):
        """Register the view of the unit at ``index`` of its level with ``model``."""
        super().__init__(model)
        self.index = int(index)

    @property
    def handler_id(self) -> int:
        """The unit's id in the global handler index of the issue flow."""
        return self.model.city_handler_base(self.level) + self.index

    @property
    def capacity(self) -> float:
        """Staff-hours it had for issues on the last day."""
        return float(self.model.capacity_today[self.handler_id])

    @property
    def backlog(self) -> int:
        """Open issues currently queued at (or on their way to) this unit."""
        return int(self.model.backlog_by_handler()[self.handler_id])


class Compound(Handler):
    """A residential compound (小區): the smallest governance unit.

    Organised compounds (owners' committee, party branch) resolve self-governance issues on site
    with their volunteers; property firms or public property services add hours.
    """

    level = Level.COMPOUND

    @property
    def compound_type(self) -> str:
        """One of the five compound types."""
        return COMPOUND_TYPES[self.model.city.compound_type[self.index]]

    @property
    def organised(self) -> bool:
        """Has an owners' committee or party branch."""
        return bool(self.model.staffing.compound_organised[self.index])

    @property
    def has_property_firm(self) -> bool:
        """Served by a property-management firm."""
        return bool(self.model.city.compound_has_firm[self.index])

    @property
    def residents(self) -> int:
        """Number of residents."""
        return int(self.model.city.compound_residents[self.index])

    @property
    def satisfaction(self) -> float:
        """Mean satisfaction of its residents."""
        t = self.model.residents
        return float(np.mean(t.satisfaction[t.compound == self.index]))


class Community(Handler):
    """A community (社區): staff, social workers and organisations; admin tasks eat its hours."""

    level = Level.COMMUNITY

    @property
    def social_orgs(self) -> float:
        """Social organisations active in the community."""
        return float(self.model.society.orgs[self.index])


class Street(Handler):
    """A street (街道): resolves what its delegated powers cover, may blow the whistle (吹哨)."""

    level = Level.STREET


class Department(Handler):
    """A functional department (部門) of one kind in one district (民政, 住建, 城管, …)."""

    level = Level.DEPARTMENT

    @property
    def kind(self) -> str:
        """The department kind (a key of the scenario's ``departments`` table)."""
        return self.model.department_kinds[self.index % len(self.model.department_kinds)]

    @property
    def district(self) -> int:
        """District index."""
        return self.index // len(self.model.department_kinds)


class CityDepartment(Department):
    """A department of the city (市級部門) of one kind: cases crossing districts, and supervised grievances."""

    level = Level.CITY

    @property
    def district(self) -> None:
        """None: a city department belongs to no district."""
        return None
