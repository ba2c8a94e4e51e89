"""督辦 (supervision): grievances still open climb to the district's and then to the city's department.

A case left too long below the street goes over heads to the street (a grievance:
:meth:`~sim.core.routing.IssueRouting.over_heads`).  If it is still open
``issues.district_supervision_days`` after it was raised, the district supervises it (區級督辦):
it moves to the district department that owns it; if it is still open
``issues.city_supervision_days`` after it was raised, the city supervises it (市級督辦): it moves to
the city department of its kind.  A supervised case is marked ``supervised``: the department it
reaches keeps it whatever level its powers sit at (the upper level takes charge) and works it at the
head of its queue (:class:`~sim.core.service.QueueService`).
"""

from __future__ import annotations

import numpy as np

from sim.core.handlers import HandlerIndex
from sim.core.issues import SUPERVISE, IssueBook
from sim.core.levels import CITY, DEPARTMENT
from sim.core.sampling import lowest_bit
from sim.scenario import Scenario


class Supervision:
    """The climbs of supervised grievances (督辦): to the district department, then to the city.

    Args:
        config: the scenario (``issues.district_supervision_days``, ``issues.city_supervision_days``).
        handlers: the handler index of the city.
    """

    def __init__(self, config: Scenario, handlers: HandlerIndex):
        """Keep the scenario and the handler index."""
        self.config = config
        self.handlers = handlers

    @staticmethod
    def owner_kind(book: IssueBook, idx: np.ndarray) -> np.ndarray:
        """The department kind that owns each case at ``idx``: its true owner, or the next involved one.

        A cross-departmental case whose owner has done its part is owned by the next department
        still involved.

        Args:
            book: the open issues.
            idx: rows of the cases.

        Returns:
            Each case's owning department kind.
        """
        c = book.cols
        primary, depts = c["primary"][idx].astype(np.int64), c["depts"][idx]
        owner_involved = (depts >> primary.astype(np.uint32)) & 1 == 1
        return np.where(owner_involved | (depts == 0), primary, lowest_bit(np.maximum(depts, 1)))

    def climb(self, book: IssueBook, day: int) -> None:
        """Grievances still open past the supervision days climb to the district's or the city's department.

        A case climbs to the district once (from below the city level) and to the city once; the
        climb takes no transit time (the supervision order goes the same day) and the case is
        looked at again by its new handler.

        Args:
            book: the open issues.
            day: today.
        """
        c, issues, handlers = book.cols, self.config.issues, self.handlers
        age = day - c["raised"]
        level = handlers.handler_level[c["handler"]]
        grievance = c["over_heads"]
        to_city = grievance & (age >= issues.city_supervision_days) & (level < CITY)
        to_district = (grievance & ~c["supervised"] & ~to_city
                       & (age >= issues.district_supervision_days) & (level <= DEPARTMENT))
        city_rows, district_rows = to_city.nonzero()[0], to_district.nonzero()[0]
        if len(city_rows) + len(district_rows) == 0:
            return
        moving = np.concatenate([city_rows, district_rows])
        kind = self.owner_kind(book, moving)
        target = np.concatenate([
            handlers.city_department(kind[:len(city_rows)]),
            handlers.department_of(c["compound"][district_rows], kind[len(city_rows):])])
        book.supervised_cases += int((~c["supervised"][moving]).sum())
        book.supervisions += len(moving)
        c["supervised"][moving] = True
        c["joint"][moving] = False  # the supervising department takes charge of a whistled case
        handlers.move(book, moving, target, day, 0, SUPERVISE)
