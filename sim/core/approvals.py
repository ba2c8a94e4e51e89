"""放管服: applications for approvals going from window to window until they are decided.

Residents apply for approvals (permits, certificates, registrations: the ``approvals`` table).  An
application has a number of approval steps; each step is at a window — its street's service
centre (街道政務服務中心) or the window of one of its district's departments — where window staff
receive the file (``intake_hours``, once per window it is submitted to), review it
(``step_hours``) and take ``step_days`` working days over it.  Between two steps at different
windows the applicant carries the file on (``handoff_days``); at one window (一窗受理) the file is
passed on inside the administration the same day and received once.  Each window works its
queue first come, first served with its staff's hours of the day; a step begun with too few hours
left is finished on hours borrowed from the window's next day.

The reform, ``power.streamlining`` (放管服, degree ``s``), acts on the three things the essay's 放管服
names: the steps per application fall to ``steps · (1 − s · step_cut)`` (減環節); a share
``max(power.delegation, s)`` of the delegable department steps moves to the street's centre (放:
one delegation of powers, counted once whichever lever carries it further); a share ``s`` of
applications is handled at one window.  Window staff follow the work between levels (the window
hours are split in proportion to the steps each level carries), and for ``costs.training_days``
after a rise of the reform a share ``costs.training_share`` of the rise's share of window hours goes
to training (全科受理: one window's staff learn every department's matters), not to files.

Approvals are a queue of their own, not an issue kind: an application is not an unmet need that
climbs the levels until someone holds the power, and its path — fixed steps at fixed windows — is
not the issue book's routing.  Its window staff are the service centres' own, apart from the case
hours of :mod:`sim.core.staffing`.  Its draws come from a generator spawned from the model's, so
adding approvals leaves every other outcome's draws as they were.
"""

from __future__ import annotations

import numpy as np

from sim.core.calendar import Calendar
from sim.core.city import City
from sim.scenario import Scenario

WORKING_DAYS_A_YEAR = 250
"""Working days in a year of China's calendar (365 less 104 weekend days and 11 public holidays)."""

WINDOW_DAYS = 30
"""Days over which the daily outcomes average the decisions (as the hotline's rates)."""

TRANSIT, QUEUED, REVIEW = 0, 1, 2
"""Where an application stands: carried to its next window, waiting at it, under review there."""

_COLUMNS = {"applied": np.int64, "street": np.int64, "steps": np.int64, "done": np.int64,
            "window": np.int64, "due": np.int64, "phase": np.int8, "merged": bool, "intake": bool,
            "order": np.int64}


class Approvals:
    """The applications in progress, the windows' hours and the decisions made.

    Args:
        config: the scenario (``approvals``, ``power.streamlining``, ``power.delegation``, ``costs``).
        city: the built city (streets, districts, department kinds, residents).
        calendar: the run's calendar (working days).
        rng: the generator for applications and their windows.

    Attributes:
        training_today: window staff-hours in training today (the reform's staff cost).
        hours_today: window staff-hours spent on files today.
        centres: service centres the one-window reform reorganises (streets' and districts').
    """

    def __init__(self, config: Scenario, city: City, calendar: Calendar, rng: np.random.Generator):
        """Start with no application in progress and the pre-reform arrangement trained."""
        self.config, self.calendar, self.rng = config, calendar, rng
        self.n_streets, self.n_kinds = city.n_streets, city.n_dept_kinds
        self.street_district = city.street_district
        self.street_residents = city.street_residents.astype(float)
        self.residents = float(city.n_residents)
        self.centres = city.n_streets + city.n_districts
        self.n_windows = city.n_streets + city.n_districts * city.n_dept_kinds
        self._district_share = city.district_residents / self.residents
        self.cols = {name: np.zeros(0, dtype) for name, dtype in _COLUMNS.items()}
        self.debt = np.zeros(self.n_windows)
        self._seq = 0
        self._reform_history: list[tuple[float, float]] = [(-np.inf, config.power.streamlining)]
        self.training_today = self.hours_today = 0.0
        self._record: list[tuple[int, int, int]] = []  # per recorded day: decided, days, steps

    # --- the arrangement in force -----------------------------------------------------------
    def mean_steps(self) -> float:
        """Steps per application under the arrangement in force (減環節)."""
        a = self.config.approvals
        return max(1.0, a.steps * (1.0 - self.config.power.streamlining * a.step_cut))

    def street_share(self) -> float:
        """Share of steps at the street's centre: the pre-reform share and the delegated department steps."""
        a, power = self.config.approvals, self.config.power
        return a.street_share + (1.0 - a.street_share) * a.delegable_share * max(power.delegation,
                                                                                  power.streamlining)

    def window_hours(self) -> np.ndarray:
        """Staff-hours of each window on a working day, split between levels as the steps are."""
        total = self.config.approvals.window_hours * self.residents / 1000.0
        street = self.street_share()
        streets = total * street * self.street_residents / self.residents
        departments = np.repeat(total * (1.0 - street) * self._district_share / self.n_kinds, self.n_kinds)
        return np.concatenate([streets, departments])

    def _training(self, day: int, hours: np.ndarray) -> np.ndarray:
        """Hours each window spends in training today: ``training_share`` × the reform's recent rise.

        Notes the reform's degree in force today, and forgets what lies beyond ``training_days``.
        """
        now = self.config.power.streamlining
        if now != self._reform_history[-1][1]:
            self._reform_history.append((day, now))
        costs = self.config.costs
        horizon = day - costs.training_days
        while len(self._reform_history) > 1 and self._reform_history[1][0] <= horizon:
            self._reform_history.pop(0)
        rise = max(0.0, now - self._reform_history[0][1])
        return costs.training_share * rise * hours

    # --- the day ----------------------------------------------------------------------------
    def work_day(self, day: int, workday: bool) -> None:
        """One day at the windows: steps finish, files move on, new applications come, queues are worked.

        Windows are closed on rest days (nothing moves: every delay is in working days).

        Args:
            day: today.
            workday: whether today is a working day.
        """
        self.training_today = self.hours_today = 0.0
        decided = (0, 0, 0)
        if workday:
            hours = self.window_hours()
            training = self._training(day, hours)
            self.training_today = float(training.sum())
            decided = self._finish_steps(day)
            cols = self.cols
            arrived = (cols["phase"] == TRANSIT) & (cols["due"] <= day)
            cols["phase"][arrived] = QUEUED
            self._apply(day)
            self._work_queues(day, hours - training)
        if day >= 0:
            self._record.append(decided)

    def _next_window(self, street: np.ndarray) -> np.ndarray:
        """Draw the window of each application's next step: its street's centre or a district department's."""
        at_street = self.rng.random(len(street)) < self.street_share()
        kind = self.rng.integers(self.n_kinds, size=len(street))
        department = self.n_streets + self.street_district[street] * self.n_kinds + kind
        return np.where(at_street, street, department)

    def _finish_steps(self, day: int) -> tuple[int, int, int]:
        """Reviews due today end; finished applications are decided, the others go to their next window.

        Returns:
            Applications decided today, their working days from application and their steps (sums).
        """
        cols = self.cols
        ending = (cols["phase"] == REVIEW) & (cols["due"] <= day)
        cols["done"][ending] += 1
        decided = ending & (cols["done"] >= cols["steps"])
        n = int(decided.sum())
        days = int(self.calendar.working_days_between(cols["applied"][decided], day).sum()) if n else 0
        out = (n, days, int(cols["steps"][decided].sum()))
        if n:
            self.cols = cols = {name: column[~decided] for name, column in cols.items()}
        moving = np.flatnonzero((cols["phase"] == REVIEW) & (cols["due"] <= day))
        window = self._next_window(cols["street"][moving])
        handoff = (window != cols["window"][moving]) & ~cols["merged"][moving]
        cols["window"][moving] = window
        cols["intake"][moving] = handoff
        cols["phase"][moving] = np.where(handoff, TRANSIT, QUEUED)
        cols["due"][moving] = np.where(handoff, self.calendar.add_working_days(
            day, self.config.approvals.handoff_days), day)
        return out

    def _apply(self, day: int) -> None:
        """Today's applications, each from a resident of a street, queued at its first window."""
        a = self.config.approvals
        n = int(self.rng.poisson(a.rate * self.residents / WORKING_DAYS_A_YEAR))
        if not n:
            return
        street = self.rng.choice(self.n_streets, size=n, p=self.street_residents / self.residents)
        mean = self.mean_steps()
        steps = np.floor(mean).astype(np.int64) + (self.rng.random(n) < mean - np.floor(mean))
        merged = self.rng.random(n) < self.config.power.streamlining
        new = {"applied": np.full(n, day), "street": street, "steps": steps, "done": np.zeros(n),
               "window": self._next_window(street), "due": np.full(n, day), "phase": np.full(n, QUEUED),
               "merged": merged, "intake": np.ones(n, bool), "order": self._seq + np.arange(n)}
        self._seq += n
        self.cols = {name: np.concatenate([self.cols[name], new[name].astype(dtype)])
                     for name, dtype in _COLUMNS.items()}

    def _work_queues(self, day: int, hours: np.ndarray) -> None:
        """Each window takes up its waiting files first come, first served while it has hours left."""
        a, cols = self.config.approvals, self.cols
        queued = np.flatnonzero(cols["phase"] == QUEUED)
        window = cols["window"][queued]
        order = np.lexsort((cols["order"][queued], window))
        queued, window = queued[order], window[order]
        cost = a.step_hours + a.intake_hours * cols["intake"][queued]
        cum = np.cumsum(cost)
        first = np.searchsorted(window, window, side="left")
        before = cum - cost - (cum[first] - cost[first])  # hours taken at the window before this file
        available = hours + self.debt
        taken = before < available[window]
        spent = np.bincount(window[taken], cost[taken], minlength=self.n_windows)
        self.debt = np.minimum(available - spent, 0.0)  # unspent hours are not kept, overdrawn ones are
        self.hours_today = float(spent.sum())
        start = queued[taken]
        cols["phase"][start] = REVIEW
        cols["intake"][start] = False
        cols["due"][start] = self.calendar.add_working_days(day, a.step_days)

    # --- outcomes ---------------------------------------------------------------------------
    @property
    def open_count(self) -> int:
        """Applications in progress."""
        return len(self.cols["applied"])

    @staticmethod
    def _means(record: list[tuple[int, int, int]]) -> dict[str, float]:
        n, days, steps = (sum(r[i] for r in record) for i in range(3))
        return {"approval_days": days / n if n else float("nan"),
                "approval_steps": steps / n if n else float("nan")}

    def window_outcomes(self) -> dict[str, float]:
        """``approval_days`` and ``approval_steps`` of the approvals decided in the last 30 days."""
        return self._means(self._record[-WINDOW_DAYS:])

    def run_outcomes(self) -> dict[str, float]:
        """``approval_days`` and ``approval_steps`` of every approval decided since day 0."""
        return self._means(self._record)
