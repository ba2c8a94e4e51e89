"""國家需求: the state's own tasks (inspections, campaigns, reports) as work with a due day.

The essay asks governance to grasp two needs at once: the state's (國家需求) and residents'
(居民需求).  Streets and departments get the state's tasks every working day —
``state_tasks.street_demand`` and ``state_tasks.department_demand`` hours per 1,000 residents
served, spread day to day by a gamma draw (``state_tasks.variation``) — due
``state_tasks.due_days`` working days later.  A department also gets, on the day, the admin
tasks communities refused (社區准入制) or that stayed up under limited duty (有限責任), at
``admin.retained_cost`` of their hours (:attr:`~sim.core.staffing.Staffing.retained_admin`), and
under 聯合檢查 the coordination hours of inspecting together.  聯合檢查 also takes the merged
inspections off the streets' demand.

Each unit works its backlog with its paid hours for state tasks — the part of its paid hours it
does not give residents' cases, after the monthly ranking has moved hours one way or the other
(:mod:`sim.core.evaluation`): hours moved to cases are hours the state's tasks lose, and the
reverse.  Tasks that can still be on time come first, earliest due first, then those already
late.  Unspent state-task hours are not given to cases (a unit's share is its own decision, set
by ranking pressure).  A task is *on time* when it is done by the end of its
due day; ``state_tasks_on_time`` is the share of state-task hours due in a period that were.
Tasks still unfinished ``state_tasks.expire_days`` working days past due are dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.core.calendar import Calendar
from sim.core.city import City
from sim.core.staffing import Staffing, inspection_merged
from sim.scenario import Scenario

WINDOW_DAYS = 30
"""Days over which the daily ``state_tasks_on_time`` is taken (a trailing month)."""


class StateTasks:
    """The state-task backlog of every street and department, worked on-time-first.

    Args:
        config: the scenario (``state_tasks``, ``joint.inspection``, ``calendar``).
        city: the built city.
        calendar: the run's calendar (due days are counted in working days).

    Attributes:
        units: first handler id of the units that carry state tasks (the streets; the district
            departments follow; the city's departments carry none in the model).
        end: the handler id after the last such unit (the first city department).
        department_hours_today: departments' hours for state tasks today (after the ranking's moves).
        department_worked_today: of them, the hours worked on the backlog today.
    """

    def __init__(self, config: Scenario, city: City, calendar: Calendar):
        """Start with an empty backlog."""
        self.config, self.city, self.calendar = config, city, calendar
        self.units, self.end = city.street_base, city.city_dept_base
        n = self.end - self.units
        self._per_1000 = city.handler_residents()[self.units:self.end] / 1000.0
        self._per_1000[city.dept_base - city.street_base:] /= city.n_dept_kinds
        self._left = np.zeros((n, 0))   # hours left per unit and tranche (in due order)
        self._size = np.zeros((n, 0))   # hours each tranche had on arrival
        self._due = np.zeros(0, dtype=np.int64)
        self._drop = np.zeros(0, dtype=np.int64)
        self.month_due = np.zeros(n)
        """Per unit, state-task hours due since the last ranking."""
        self.month_on_time = np.zeros(n)
        """Per unit, of them, hours done by their due day."""
        self.department_hours_today = self.department_worked_today = 0.0
        self.reset()

    def reset(self) -> None:
        """Forget the record (the end of a warm-up); the backlog carries on."""
        self.days: list[int] = []
        self._cumulative = [np.zeros(2)]  # (hours due, hours done on time), running totals

    def _demand(self, day: int, staffing: Staffing, rng: np.random.Generator, workday: bool) -> np.ndarray:
        """State-task hours arriving at each unit today."""
        tasks, city = self.config.state_tasks, self.city
        ns = city.n_streets
        demand = np.zeros(len(self._per_1000))
        if workday:
            demand[:ns] = tasks.street_demand * (1 - inspection_merged(self.config))
            demand[ns:] = (tasks.department_demand
                           + self.config.joint.inspection * tasks.inspection_coordination_hours)
            demand *= self._per_1000
            if tasks.variation > 0:
                shape = 1.0 / tasks.variation ** 2
                demand *= rng.gamma(shape, 1.0 / shape, len(demand))
        demand[ns:] += staffing.retained_admin
        return demand

    def work_day(self, day: int, case_hours: np.ndarray, staffing: Staffing, case_shift: np.ndarray,
                 rng: np.random.Generator, workday: bool,
                 reform_work: np.ndarray | None = None) -> np.ndarray:
        """Today's state tasks arrive and are worked; the hours left for residents' cases are returned.

        Args:
            day: today.
            case_hours: each handler's hours for cases today (from :meth:`Staffing.capacity`).
            staffing: the staff hours (paid hours for state tasks, admin work refused below).
            case_shift: per handler, the share of its paid hours the ranking moves from state
                tasks to cases (negative: from cases to state tasks).
            rng: the model's generator (one gamma draw per unit on a working day).
            workday: whether today is a working day (rest days: a duty roster).
            reform_work: state-task hours the reforms' own work adds today at each unit
                (:mod:`sim.core.reform_work`), or None.

        Returns:
            The hours each handler has for cases today.
        """
        s0, s1 = self.units, self.end
        duty = 1.0 if workday else self.config.calendar.rest_day_staff
        state = staffing.state_hours[s0:s1] * duty
        paid = staffing.paid[s0:s1] * duty + state
        hours = case_hours.copy()
        moved = np.clip(case_shift[s0:s1] * paid, -hours[s0:s1], state)
        hours[s0:s1] += moved
        state = state - moved
        demand = self._demand(day, staffing, rng, workday)
        self._arrive(day, demand if reform_work is None else demand + reform_work)
        worked = self._work(state, day)
        self._settle(day)
        d0 = self.city.dept_base - s0
        self.department_hours_today = float(state[d0:].sum())
        self.department_worked_today = float(worked[d0:].sum())
        return hours

    def _arrive(self, day: int, demand: np.ndarray) -> None:
        """Today's tasks join the backlog as one tranche due ``due_days`` working days on."""
        tasks = self.config.state_tasks
        due = int(self.calendar.add_working_days(day, tasks.due_days))
        column = demand[:, None]
        self._left = np.concatenate([self._left, column], axis=1)
        self._size = np.concatenate([self._size, column], axis=1)
        self._due = np.append(self._due, due)
        self._drop = np.append(self._drop, int(self.calendar.add_working_days(due, tasks.expire_days)))

    def _work(self, hours: np.ndarray, day: int) -> np.ndarray:
        """Each unit spends its state-task hours on its backlog (returns hours worked).

        Tasks that can still be on time come first, earliest due first; tasks already past due
        are worked with what is left, oldest first.  Strict earliest-due-first would spend an
        overloaded unit's hours on tasks already late and let every task due later fall late in
        turn (the domino effect of EDF under overload, Buttazzo, *Hard Real-Time Computing
        Systems*, ch. 4); an office under a deadline does the work it can still deliver on time.
        """
        late = int(np.searchsorted(self._due, day))  # tranches arrive in due order
        left = self._left
        if 0 < late < left.shape[1]:
            left = np.concatenate([left[:, late:], left[:, :late]], axis=1)
        ahead = left.cumsum(axis=1) - left
        done = np.clip(hours[:, None] - ahead, 0.0, left)
        left = left - done
        if 0 < late < left.shape[1]:
            left = np.concatenate([left[:, -late:], left[:, :-late]], axis=1)
        self._left = left
        return done.sum(axis=1)

    def _settle(self, day: int) -> None:
        """Tasks due today are counted (on time or not); tasks past their last day are dropped."""
        due_today = self._due == day
        size, left = self._size[:, due_today].sum(axis=1), self._left[:, due_today].sum(axis=1)
        self.month_due += size
        self.month_on_time += size - left
        self._cumulative.append(self._cumulative[-1] + [size.sum(), (size - left).sum()])
        self.days.append(day)
        keep = self._drop > day
        if not keep.all():
            self._left, self._size = self._left[:, keep], self._size[:, keep]
            self._due, self._drop = self._due[keep], self._drop[keep]

    def new_month(self) -> None:
        """Start the per-unit tallies of a new ranking month."""
        self.month_due[:] = 0.0
        self.month_on_time[:] = 0.0

    def backlog_hours(self) -> float:
        """State-task hours waiting in every unit's backlog."""
        return float(self._left.sum())

    @staticmethod
    def _share(due: float, on_time: float) -> float:
        return on_time / due if due > 0 else float("nan")

    def window_on_time(self, days: int = WINDOW_DAYS) -> float:
        """Share of state-task hours due in the last ``days`` recorded days done by their due day."""
        span = min(days, len(self._cumulative) - 1)
        due, on_time = self._cumulative[-1] - self._cumulative[-1 - span]
        return self._share(due, on_time)

    def run_on_time(self) -> float:
        """The same share over every recorded day."""
        due, on_time = self._cumulative[-1]
        return self._share(due, on_time)

    def by_year(self) -> dict[str, float | None]:
        """The share per calendar year of the recorded days (None for a year with nothing due)."""
        if not self.days:
            return {}
        counts = np.diff(np.array(self._cumulative), axis=0)
        dates = np.datetime64(self.config.start_date, "D") + np.array(self.days).astype("timedelta64[D]")
        frame = pd.DataFrame({"year": pd.DatetimeIndex(dates).strftime("%Y"),
                              "due": counts[:, 0], "on_time": counts[:, 1]})
        totals = frame.groupby("year", sort=True)[["due", "on_time"]].sum()
        return {year: (row.on_time / row.due if row.due > 0 else None)
                for year, row in totals.iterrows()}
