"""考核排名: every street and department ranked each month on its measured rates, and what the ranking does.

Beijing's 12345 ranks every street and every department each month on the response, resolution
and satisfaction rates of the cases it handled.  The model does the same: :class:`HandlerTally`
counts, per responsible handler, the hotline cases it took up (in time or not) and the cases it
closed and how their residents answered the call-back (:mod:`sim.core.cases` feeds it).  On the
first day of each calendar month :meth:`Evaluation.rank_month` scores the month just past and ranks
the units within their level:

* a street's score is the mean of its three hotline rates;
* a department's score weighs the same hotline rates by 聯合考核 (``joint.evaluation``) against its
  own line's measure, the share of its state tasks done on time (:mod:`sim.core.state_tasks`): at 0
  departments answer only to their own line, at 1 the hotline rates count fully.

Pressure is the unit's place from the top (the share of the other units ranked that scored
strictly better: 0 for the best, 1 for the worst); a unit with nothing counted is not ranked (no
pressure).  How much the hotline's rates count at all is ``ranking.strength`` (0 before a city ranks
its units on the hotline — Beijing from 2019 — so a reform can start it on a date): the hotline
pressure is the place times that strength.  The pressure acts through what the unit
is ranked on.  Hotline pressure moves up to ``ranking.max_shift`` of its paid hours from state
tasks to cases, cuts its chances of passing cases on by up to ``ranking.max_restraint`` (推諉 and
pushing down, read by :class:`~sim.core.ownership.Ownership` and the routing), and makes it close
cases carefully: each case takes up to ``ranking.care_cost`` more effort and the answer meets the
need more often (up to ``ranking.care_gain`` of the answers that otherwise would not).  Pressure
from the department's own line moves hours the other way.  No hours are added: they are only moved
between cases and state tasks, and care costs case hours.
"""

from __future__ import annotations

import numpy as np

from sim.core.calendar import Calendar
from sim.core.city import City
from sim.core.ratings import BASIC, SATISFIED
from sim.scenario import Scenario

DUE, IN_TIME, CLOSED, SOLVED, CONTENT = range(5)
"""Columns of the tally: hotline cases due a response, responded to in time, closed and rated, said
solved, and satisfied (satisfied + ``ratings.basic_weight`` × basically satisfied)."""


class HandlerTally:
    """The hotline's counts per responsible handler since the last ranking.

    Args:
        n_handlers: handlers in the city.
        basic_weight: weight of a basically-satisfied answer in the satisfaction rate.
    """

    def __init__(self, n_handlers: int, basic_weight: float):
        """Start with nothing counted."""
        self.n, self.basic_weight = n_handlers, basic_weight
        self.counts = np.zeros((5, n_handlers))

    def responded(self, handler: np.ndarray, in_time: np.ndarray) -> None:
        """Hotline cases ``handler`` responded to today (a response due each), ``in_time`` or not."""
        self.counts[DUE] += np.bincount(handler, minlength=self.n)
        self.counts[IN_TIME] += np.bincount(handler, in_time, minlength=self.n)

    def unanswered(self, handler: np.ndarray) -> None:
        """Hotline cases closed at ``handler`` never responded to (a response due, missed)."""
        self.counts[DUE] += np.bincount(handler, minlength=self.n)

    def rated(self, handler: np.ndarray, solved: np.ndarray, rating: np.ndarray) -> None:
        """Hotline cases closed by ``handler`` today and their residents' answers."""
        content = (rating == SATISFIED) + self.basic_weight * (rating == BASIC)
        self.counts[CLOSED] += np.bincount(handler, minlength=self.n)
        self.counts[SOLVED] += np.bincount(handler, solved, minlength=self.n)
        self.counts[CONTENT] += np.bincount(handler, content, minlength=self.n)

    def scores(self) -> np.ndarray:
        """Each handler's mean of its response, resolution and satisfaction rates (NaN: nothing counted)."""
        c = self.counts
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = np.stack([c[IN_TIME] / c[DUE], c[SOLVED] / c[CLOSED], c[CONTENT] / c[CLOSED]])
        present = ~np.isnan(rates)
        return np.where(present.any(axis=0), np.nansum(rates, axis=0) / np.maximum(present.sum(axis=0), 1),
                        np.nan)

    def clear(self) -> None:
        """Start a new month."""
        self.counts[:] = 0.0


def rank_pressure(score: np.ndarray) -> np.ndarray:
    """Each unit's place from the top among the units with a score: 0 the best, 1 the worst.

    The place is the share of the other ranked units that scored strictly better (competition
    ranking: tied units share the better place, so units all tied feel no pressure); a unit
    without a score (NaN) is not ranked and gets 0.

    Args:
        score: the units' scores (higher is better).

    Returns:
        The pressure on each unit.
    """
    ranked = ~np.isnan(score)
    out = np.zeros(len(score))
    n = int(ranked.sum())
    if n < 2:
        return out
    ordered = np.sort(score[ranked])
    better = n - np.searchsorted(ordered, score[ranked], side="right")
    out[ranked] = better / (n - 1)
    return out


class Evaluation:
    """The monthly ranking of streets and departments and the pressure it puts on each.

    Args:
        config: the scenario (``joint.evaluation``, ``ranking``, ``ratings.basic_weight``).
        city: the built city.
        calendar: the run's calendar (months).

    Attributes:
        tally: the hotline's counts per handler this month.
        hotline_pressure: per handler, pressure from the hotline's rates (0–1).
        state_pressure: per handler, pressure from its own line's state tasks on time (0–1).
        case_shift: per handler, share of its paid hours moved from state tasks to cases.
        pass_factor: per handler, the factor on its chances of passing cases on.
        care: per handler, how carefully it closes cases (0–1).
        months_ranked: rankings made so far.
    """

    def __init__(self, config: Scenario, city: City, calendar: Calendar):
        """No ranking yet: no pressure."""
        self.config, self.city, self.calendar = config, city, calendar
        n = city.n_handlers
        self.tally = HandlerTally(n, config.ratings.basic_weight)
        self.hotline_pressure = np.zeros(n)
        self.state_pressure = np.zeros(n)
        self.case_shift = np.zeros(n)
        self.pass_factor = np.ones(n)
        self.care = np.zeros(n)
        self.months_ranked = 0
        self._month: int | None = None

    def rank_month(self, day: int, state_tasks) -> None:
        """On the first day of a month, rank the month just past and set each unit's response.

        Args:
            day: today.
            state_tasks: the state tasks (:class:`~sim.core.state_tasks.StateTasks`, per-unit
                hours due and done on time this month); its month tallies restart.
        """
        month = int(self.calendar.month(day))
        if self._month is None or month == self._month:
            self._month = month
            return
        self._month = month
        # Streets and district departments are ranked; the city's departments are not (the
        # city ranks the districts' units, not its own line, in the model).
        sb, db, cdb = self.city.street_base, self.city.dept_base, self.city.city_dept_base
        hotline = self.tally.scores()
        with np.errstate(invalid="ignore", divide="ignore"):
            on_time = state_tasks.month_on_time / state_tasks.month_due
        strength = self.config.ranking.strength
        self.hotline_pressure[sb:db] = strength * rank_pressure(hotline[sb:db])
        weight = self.config.joint.evaluation
        h, s = hotline[db:cdb], on_time[db - sb:]
        w_h = np.where(np.isnan(h), 0.0, weight)
        w_s = np.where(np.isnan(s), 0.0, 1.0 - weight)
        total = w_h + w_s
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(total > 0, (w_h * np.nan_to_num(h) + w_s * np.nan_to_num(s)) / total, np.nan)
            pressure = rank_pressure(score)
            self.hotline_pressure[db:cdb] = np.where(total > 0, strength * pressure * w_h / total, 0.0)
            self.state_pressure[db:cdb] = np.where(total > 0, pressure * w_s / total, 0.0)
        self._respond()
        self.tally.clear()
        state_tasks.new_month()
        self.months_ranked += 1

    def _respond(self) -> None:
        """What the pressure makes each unit do, within the scenario's bounds (``ranking``)."""
        ranking = self.config.ranking
        self.case_shift = ranking.max_shift * (self.hotline_pressure - self.state_pressure)
        self.pass_factor[:] = 1.0 - ranking.max_restraint * self.hotline_pressure
        self.care = self.hotline_pressure.copy()

    def careful(self, hours: np.ndarray) -> np.ndarray:
        """Hours for cases once careful closing takes its extra effort per case (``ranking.care_cost``)."""
        return hours / (1.0 + self.config.ranking.care_cost * self.care)

    def answer_quality(self, handler: np.ndarray) -> np.ndarray:
        """Chance each case closed by ``handler`` gets an answer that meets the need (careful closing raises it)."""
        quality = self.config.ratings.answer_quality
        return quality + (1.0 - quality) * self.config.ranking.care_gain * self.care[handler]
