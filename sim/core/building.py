"""Building a model: the city and its residents, the handlers and their rules, and the Mesa agents.

:class:`ModelBuilding` is mixed into :class:`~sim.core.model.GovernanceModel`; it holds the
steps that make the parts from the scenario, so the model's own module reads as the day's story.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.core.agents import CityDepartment, Community, Compound, Department, Resident, Street
from sim.core.city import build_city
from sim.core.handlers import HandlerIndex
from sim.core.issue_log import IssueLog
from sim.core.issues import STATE_NAMES, IssueBook
from sim.core.levels import Level
from sim.core.ownership import Ownership
from sim.core.ratings import RATING_NAMES
from sim.core.residents import CHANNEL_NAMES, ResidentTable
from sim.core.routing import IssueRouting
from sim.core.service import QueueService
from sim.core.staffing import Staffing
from sim.core.supervision import Supervision
from sim.scenario import ISSUE_KINDS, LEVELS, Scenario


class ModelBuilding:
    """The building steps of a :class:`~sim.core.model.GovernanceModel` (mixed into it).

    Every method sets the model's own attributes (``city``, ``residents``, ``staffing``,
    ``handlers``, ``routing``, ``issues`` …) from the scenario; ``resident`` and
    ``city_handler_base`` look agents and handler ids up afterwards.
    """

    def _build_city(self, config: Scenario) -> None:
        """The city and its residents, from the city's own seed.

        The city's structure and its residents' starting state come from the city's own seed,
        the process from the run's: replicates differ in what happens, not in the city.
        """
        self.city_seed = config.city.seed if config.city.seed is not None else config.seed
        structure = np.random.default_rng(self.city_seed)
        self.city = build_city(config, structure)
        self.residents = ResidentTable(config, self.city.resident_compound,
                                       self.city.compound_community[self.city.resident_compound],
                                       self.city.compound_type,
                                       self.city.compound_ageing, structure)

    def _build_handlers(self, config: Scenario, issue_log_dir: str | Path | None) -> None:
        """Staff hours, the handlers' rules, and the issue book with its log."""
        self.staffing = Staffing(config, self.city)
        self.handlers = HandlerIndex(config, self.city, self.rng)
        self.ownership = Ownership(config, self.handlers, self.rng)
        self.routing = IssueRouting(config, self.city, self.handlers, self.ownership, self.rng)
        self.queue_service = QueueService(config, self.handlers, self.calendar)
        self.supervision = Supervision(config, self.handlers)
        levels = [*LEVELS, "none"]
        self.code_labels = {"domain": list(config.domains), "kind": list(ISSUE_KINDS),
                            "required": levels, "entry_level": levels, "resolved_level": levels,
                            "state": [STATE_NAMES[k] for k in sorted(STATE_NAMES)],
                            "channel": list(CHANNEL_NAMES), "rating": [*RATING_NAMES, "none"]}
        """Names of the codes in the issue table's coded columns (code -1 is the last name)."""
        self.issues = IssueBook(config.issues.abandon_days,
                                IssueLog(config.output.keep_paths, issue_log_dir, config.output.chunk_rows,
                                         self.code_labels))


    def _make_agents(self) -> None:
        c = self.city
        for cls, n in ((Compound, c.n_compounds), (Community, c.n_communities),
                       (Street, c.n_streets), (Department, c.n_districts * c.n_dept_kinds),
                       (CityDepartment, c.n_dept_kinds)):
            for i in range(n):
                cls(self, i)
        self._resident_agents: dict[int, Resident] = {}
        if c.n_residents <= self.config.output.resident_agents_limit:
            for row in range(c.n_residents):
                self._resident_agents[row] = Resident(self, row)

    def resident(self, row: int) -> Resident:
        """The Resident agent for a row of the resident table (made on demand at city scale)."""
        if not 0 <= row < self.city.n_residents:
            raise IndexError(f"resident {row} does not exist (0–{self.city.n_residents - 1})")
        if row not in self._resident_agents:
            self._resident_agents[row] = Resident(self, row)
        return self._resident_agents[row]

    def city_handler_base(self, level: Level) -> int:
        """First handler id of a level in the city's global handler index.

        Args:
            level: the level.

        Returns:
            The handler id of the level's first unit.
        """
        c = self.city
        return (0, c.community_base, c.street_base, c.dept_base, c.city_dept_base)[level]
