"""The city's departments (市級部門) and the lists between the city and the districts.

Cases that cross districts (a road, a river, a transit line, pollution carried from one district to
the next) need a city department's authority: their required level is ``city`` (the fifth entry of
a kind's ``level_shares``).  They reach a district department first (the hotline's, or a street's
escalation), which passes them up to the city department of its kind
(``issues.city_escalation_days``).  The city-district part of the lists of duties (權責清單, the
city's and the districts' lists, read from ``power.list_clarity``) decides how often that goes
wrong both ways:

* a district department that does not see that a case is the city's keeps trying it: it works the
  case for its full effort and only then, lacking the authority, passes it up
  (:func:`pass_up_finished`), so the hours are spent twice;
* a district department unsure of its own list sends one of its own cases up
  (``power.misroute_rate`` of the unclear share), and the city department routes it back down to the
  district department of its kind.

A city department keeps the city's cases of its kind and the grievances supervised to it (督辦,
:mod:`sim.core.supervision`), passes the city's cases of other kinds sideways to the city department
it takes for their owner, and sends the districts' cases down.
"""

from __future__ import annotations

import numpy as np

from sim.core.handlers import HandlerIndex
from sim.core.issues import BOUNCE, ESCALATE, ROUTE, IssueBook
from sim.core.levels import CITY, DEPARTMENT
from sim.core.ownership import Ownership
from sim.scenario import Scenario


class CityLevel:
    """The rules between the districts' departments and the city's (the lists at three levels).

    Args:
        config: the scenario (``power.list_clarity``, ``power.misroute_rate``, ``issues``' delays).
        handlers: the handler index of the city.
        ownership: the departments' ownership (who a city department takes for an owner).
        rng: the model's generator.
    """

    def __init__(self, config: Scenario, handlers: HandlerIndex, ownership: Ownership,
                 rng: np.random.Generator):
        """Keep the parts the rules read."""
        self.config, self.handlers, self.ownership, self.rng = config, handlers, ownership, rng

    def from_district(self, idx, required, district_own, involved, kind_of) -> tuple[tuple, np.ndarray]:
        """Which cases a district department passes up to the city department of its kind.

        With the lists' clarity it passes up every city case it is involved in; without, it keeps
        trying the case (:func:`pass_up_finished` sends it up once worked).  Of its own cases
        (``district_own``), the unclear share times ``power.misroute_rate`` go up by mistake.

        Args:
            idx: rows of the cases looked at.
            required: the level each needs.
            district_own: which of them the department would keep as its own (beyond the street).
            involved: which of them the department looking at it is involved in.
            kind_of: the kind of the department looking at each.

        Returns:
            The move up (rows, city departments, delay, ``ESCALATE``) and which cases go up.
        """
        power = self.config.power
        draw = self.rng.random(len(idx))
        knows_city = involved & (required == CITY) & (draw < power.list_clarity)
        sent_up = district_own & (draw < (1 - power.list_clarity) * power.misroute_rate)
        up = knows_city | sent_up
        delay = self.handlers.delay(self.config.issues.city_escalation_days, int(up.sum()))
        return (idx[up], self.handlers.city_department(kind_of[up]), delay, ESCALATE), up

    def at_city(self, book: IssueBook, looks) -> tuple[list, np.ndarray]:
        """City department: keeps its city cases and the supervised ones, passes on the rest.

        Args:
            book: the open issues.
            looks: today's looks (:class:`~sim.core.looks.Looks`); ``keep`` is set here.

        Returns:
            The moves (down to the district, sideways among city departments) and which cases the
            city departments keep.
        """
        c, idx, req, handlers = book.cols, looks.idx, looks.required, self.handlers
        at = looks.level == CITY
        supervised = c["supervised"][idx]
        kind_of = handlers.department_kind(looks.handler)
        involved = (c["depts"][idx] >> kind_of.astype(np.uint32)) & 1 == 1
        open_to_rules = at & ~supervised
        kept = (at & supervised) | (open_to_rules & involved & (req == CITY))
        looks.keep |= kept
        down = open_to_rules & (req <= DEPARTMENT)
        issues = self.config.issues
        moves = [(idx[down], handlers.department_of(looks.compound[down], kind_of[down]),
                  handlers.delay(issues.city_escalation_days, int(down.sum())), ROUTE)]
        sideways = open_to_rules & ~involved & (req == CITY)
        if sideways.any():
            rows = idx[sideways]
            kind = self.ownership.choose_department(c["domain"][rows], c["kind"][rows],
                                                    c["primary"][rows], exclude=kind_of[sideways])
            moves.append((rows, handlers.city_department(kind), handlers.delay(issues.bounce_days, len(rows)),
                          BOUNCE))
        return moves, kept


def pass_up_finished(config: Scenario, handlers: HandlerIndex, book: IssueBook, done, handler,
                     level, day: int) -> np.ndarray:
    """Cases a district department worked to the end without the city's authority go up to the city.

    The department kept trying a city case under unclear lists (:meth:`CityLevel.from_district`);
    done with it, it finds it cannot close it and passes it to the city department of its kind.

    Args:
        config: the scenario (``issues.city_escalation_days``).
        handlers: the handler index of the city.
        book: the open issues.
        done: rows of the cases whose work is finished today.
        handler: the handler that finished each.
        level: that handler's level.
        day: today.

    Returns:
        Which of the finished cases went up instead of closing.
    """
    up = (level == DEPARTMENT) & (book.cols["required"][done] == CITY)
    if up.any():
        target = handlers.city_department(handlers.department_kind(handler[up]))
        handlers.move(book, done[up], target, day,
                      handlers.delay(config.issues.city_escalation_days, int(up.sum())), ESCALATE)
    return up
