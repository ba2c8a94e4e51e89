"""The handlers as the issue flow addresses them, and moving issues from one handler to another.

Every handler — compound, community, street, district department, city department — has an id in
the city's global index
(:class:`~sim.core.city.City`).  :class:`HandlerIndex` finds the handler an issue from a compound
reaches at each level and moves issues between handlers, recording each hop and counting it.
主官上 (``command.chief_officials``): chief officials in charge cut every transit delay (escalation,
push-down, bounce, coordination) by up to half, continuously in expectation (:meth:`HandlerIndex.delay`).
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.issues import ACTION_NAMES, BOUNCE, ESCALATE, GRIEVANCE, PUSHDOWN, IssueBook
from sim.core.levels import CITY, DEPARTMENT
from sim.scenario import Scenario

COUNTED = {"escalations": (ESCALATE, GRIEVANCE), "bounces": (BOUNCE,), "pushdowns": (PUSHDOWN,)}
"""Which hop actions each per-issue counter counts."""
COUNTED_BY = {counter: np.isin(np.arange(len(ACTION_NAMES)), codes)
              for counter, codes in COUNTED.items()}
"""The same, as a lookup by action code."""


class HandlerIndex:
    """Which handler an issue from a compound reaches at each level, and the moves between them.

    Args:
        config: the scenario (``command.chief_officials`` shortens the delays).
        city: the built city.
        rng: the model's random generator (rounds shortened delays to whole days).

    Attributes:
        handler_level: the level of every handler.
        compound_community: each compound's community, as a handler id.
        compound_street: each compound's street, as a handler id.
        n_handlers: handlers in the index.
    """

    def __init__(self, config: Scenario, city: City, rng: np.random.Generator):
        """Index the city's handlers: the one each compound's issues reach at every level and department kind."""
        self.config, self.rng = config, rng
        self.handler_level = city.handler_levels()
        self.compound_community = city.community_base + city.compound_community
        self.compound_street = city.street_base + city.compound_street
        self.dept_base, self.n_dept_kinds, self.n_handlers = (city.dept_base, city.n_dept_kinds,
                                                              city.n_handlers)
        self.city_base = city.city_dept_base
        """Handler id of the first city department (市級部門); kind k is ``city_base + k``."""
        # handler_table[compound * width + slot]: the handler an issue from the compound reaches
        # at a slot — its compound, community or street (slot = level), or the department of
        # kind k in its district (slot = DEPARTMENT + k).
        self.slots = DEPARTMENT + city.n_dept_kinds
        self.handler_table = np.concatenate([
            np.arange(city.n_compounds)[:, None], self.compound_community[:, None],
            self.compound_street[:, None],
            city.department_handler(city.compound_district[:, None], np.arange(city.n_dept_kinds)),
        ], axis=1).astype(np.int32).ravel()

    def delay(self, days: float, n: int) -> int | np.ndarray:
        """Transit days of ``n`` issues, shortened by chief officials (主官上).

        The shortened delay ``days · (1 − 0.5 · chief_officials)`` is rounded to whole days at
        random, up with the chance of its fraction (stochastic rounding), so its mean is exact
        and a one-day delay shortens too: at ``chief_officials`` = 0.9 it is 0 days for 45% of
        issues and 1 day for the rest.  A delay that is already whole needs no draw.

        Args:
            days: the delay without chief officials.
            n: the issues that move.

        Returns:
            The whole days each issue takes to arrive (one number when all take the same).
        """
        shortened = days * (1.0 - 0.5 * self.config.command.chief_officials)
        whole = int(np.floor(shortened))
        fraction = shortened - whole
        if fraction < 1e-12 or n == 0:
            return whole
        return whole + (self.rng.random(n) < fraction).astype(np.int32)

    def department_of(self, compound, dept_kind) -> np.ndarray:
        """Handler id of the department of ``dept_kind`` in the district of each ``compound``.

        Args:
            compound: the issues' compounds.
            dept_kind: the department kind for each (or one for all).

        Returns:
            The departments' handler ids.
        """
        return self.handler_table[compound * self.slots + (DEPARTMENT + dept_kind)]

    def level_handler(self, level, compound, dept_kind) -> np.ndarray:
        """Handler id at ``level`` for issues from ``compound`` (departments: of ``dept_kind``).

        Args:
            level: the level each issue goes to.
            compound: the issues' compounds.
            dept_kind: the department kind each goes to if its level is the department's.

        Returns:
            The handler ids.
        """
        district_level = np.minimum(level, DEPARTMENT)
        slot = district_level + (district_level == DEPARTMENT) * dept_kind
        return np.where(level == CITY, self.city_base + dept_kind,
                        self.handler_table[compound * self.slots + slot])

    def city_department(self, dept_kind) -> np.ndarray:
        """Handler id of the city department (市級部門) of each ``dept_kind``.

        Args:
            dept_kind: department kinds.

        Returns:
            The city departments' handler ids.
        """
        return (self.city_base + np.asarray(dept_kind)).astype(np.int32)

    def department_at_level_of(self, handler, compound, dept_kind) -> np.ndarray:
        """The department of ``dept_kind`` at the level of each department ``handler``.

        A city department's is the city department of that kind; a district department's is the
        department of that kind in the district of the issue's ``compound``.

        Args:
            handler: department handler ids (district or city).
            compound: the issues' compounds.
            dept_kind: the department kind for each.

        Returns:
            The departments' handler ids.
        """
        return np.where(handler >= self.city_base, self.city_department(dept_kind),
                        self.department_of(compound, dept_kind))

    def department_kind(self, handler: np.ndarray) -> np.ndarray:
        """The department kind of each department ``handler``, district or city (meaningless for other handlers).

        Args:
            handler: handler ids.

        Returns:
            Each one's department kind.
        """
        return (handler - self.dept_base) % self.n_dept_kinds

    def move(self, book: IssueBook, idx, target, day, delay, action) -> None:
        """Send the open issues at ``idx`` to ``target`` handlers, arriving after ``delay`` days.

        The action is recorded in each path and counted: escalations and grievances as
        escalations, bounces, and territorial push-downs (see :data:`COUNTED`).

        Args:
            book: the open issues.
            idx: rows of the issues that move.
            target: the handler each moves to.
            day: today.
            delay: transit days (one number, or one per issue).
            action: the hop's action code (one code, or one per issue).
        """
        if len(idx) == 0:
            return
        c = book.cols
        source = c["handler"][idx]
        book.log.add_hops(c["id"][idx], day, source, target, action)
        c["handler"][idx] = target
        c["arrive"][idx] = day + delay
        c["triaged"][idx] = False
        c["hops"][idx] += 1
        book.hops += len(idx)
        for counter, counts in COUNTED_BY.items():
            if np.ndim(action):
                hit = idx[counts[action]]
            elif counts[action]:
                hit = idx
            else:
                continue
            if len(hit):
                c[counter][hit] += 1
                setattr(book, counter, getattr(book, counter) + len(hit))
        book.count_moves(self.handler_level[source], self.handler_level[target])

    def move_all(self, book: IssueBook, moves: list[tuple], day: int) -> None:
        """Make several groups of moves in one :meth:`move`, in the order given.

        Args:
            book: the open issues.
            moves: (rows, target handlers, delay, action) per group (the delay one number or
                one per row); the rows of all groups are distinct.
            day: today.
        """
        moving = [m for m in moves if len(m[0])]
        if moving:
            counts = [len(m[0]) for m in moving]
            self.move(book, np.concatenate([m[0] for m in moving]),
                      np.concatenate([m[1] for m in moving]), day,
                      np.concatenate([np.broadcast_to(m[2], len(m[0])) for m in moving]),
                      np.array([m[3] for m in moving], np.int8).repeat(counts))
