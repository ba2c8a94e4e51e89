"""The calendar: the date of each simulated day, and which days are working days.

Staff work on working days and keep a duty roster (值班) on rest days; hotline time limits are
counted in working days.  China's official calendar — weekends, public holidays and the make-up
working days (調休) that the State Council announces each year — comes from the maintained
``chinese-calendar`` package, which knows the years it has data for (2004–2026 in version 1.11).
Outside those years, and under the ``weekends`` rule, Monday to Friday are working days; under
``none`` every day is one (the model before it had a calendar).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

RULES = ("china", "weekends", "none")
"""How working days are told: China's official calendar, Monday–Friday, or every day."""


@cache
def _china_years() -> tuple[int, int] | None:
    """First and last year the official-calendar package knows (None if it is not installed)."""
    try:
        from chinese_calendar.constants import holidays
    except ImportError:
        return None
    years = [day.year for day in holidays]
    return min(years), max(years)


def working_days(dates: list[dt.date], rule: str) -> tuple[np.ndarray, list[int]]:
    """Whether each date is a working day under ``rule``, and the years that fell back to weekends.

    Args:
        dates: the dates to tell.
        rule: one of :data:`RULES`.

    Returns:
        a boolean array (True: a working day) and the sorted years that the official calendar
        does not cover, told by the Monday–Friday rule instead (empty unless ``rule`` is ``china``).
    """
    if rule not in RULES:
        raise ValueError(f"calendar rule {rule!r}: allowed {', '.join(RULES)}")
    if rule == "none":
        return np.ones(len(dates), dtype=bool), []
    weekday = np.array([d.weekday() < 5 for d in dates], dtype=bool)
    if rule == "weekends":
        return weekday, []
    years = _china_years()
    if years is None:
        raise ValueError("calendar rule 'china' needs the package chinese-calendar "
                         "(pip install chinese-calendar), or use rule = 'weekends'")
    import chinese_calendar

    covered = np.array([years[0] <= d.year <= years[1] for d in dates], dtype=bool)
    out = weekday.copy()
    for i in covered.nonzero()[0]:
        out[i] = chinese_calendar.is_workday(dates[i])
    fallback = sorted({d.year for d, c in zip(dates, covered, strict=True) if not c})
    return out, fallback


class Calendar:
    """The dates of a run's days, from a first day (negative during a warm-up) to the last.

    Day 0 is the scenario's ``start_date``; the warm-up runs on the days before it.  Days past the
    last are told too (a time limit may fall after the run ends), up to a year beyond it.

    Args:
        start: the date of day 0.
        first_day: the first day simulated (``-warmup_days``).
        last_day: the last day simulated (``steps - 1``).
        rule: how working days are told (:data:`RULES`).

    Attributes:
        fallback_years: years the official calendar does not cover, told Monday–Friday.
    """

    def __init__(self, start: dt.date, first_day: int, last_day: int, rule: str = "china"):
        """Tell every day from ``first_day`` to a year past ``last_day``."""
        self.start = start
        self.first_day = first_day
        self.rule = rule
        span = last_day - first_day + 1 + 366
        self.dates = [start + dt.timedelta(days=first_day + i) for i in range(span)]
        self.workday, self.fallback_years = working_days(self.dates, rule)
        # worked_before[i]: working days strictly before day first_day + i.
        self._worked_before = np.concatenate([[0], np.cumsum(self.workday)]).astype(np.int64)
        self._month = np.array([d.year * 12 + d.month - 1 for d in self.dates], dtype=np.int64)

    def _index(self, day):
        """Positions of ``day`` (a number or an array of them) in the calendar's arrays."""
        if isinstance(day, int | np.integer):  # one day: plain integers, no array made
            index = int(day) - self.first_day
            outside = index < 0 or index >= len(self.dates)
        else:
            index = np.asarray(day) - self.first_day
            outside = index.size > 0 and (index.min() < 0 or index.max() >= len(self.dates))
        if outside:
            raise IndexError(f"day {day} lies outside the calendar "
                             f"({self.first_day} to {self.first_day + len(self.dates) - 1})")
        return index

    def date(self, day: int) -> dt.date:
        """The date of a day."""
        return self.dates[self._index(int(day))]

    def is_workday(self, day: int) -> bool:
        """Whether a day is a working day."""
        return bool(self.workday[self._index(int(day))])

    def working_days_between(self, start, end) -> np.ndarray:
        """Working days in the days after ``start`` up to and including ``end`` (vectorised)."""
        return self._worked_before[self._index(end) + 1] - self._worked_before[self._index(start) + 1]

    def add_working_days(self, day, count: int) -> np.ndarray:
        """The day on which ``count`` working days after ``day`` have passed (vectorised).

        ``count`` = 1 gives the next working day after ``day``; 0 gives ``day`` itself.
        """
        day = np.asarray(day)
        if count <= 0:
            return day.copy()
        target = self._worked_before[self._index(day) + 1] + count
        index = np.searchsorted(self._worked_before, target, side="left") - 1
        return np.minimum(index, len(self.dates) - 1) + self.first_day

    def month(self, day) -> np.ndarray:
        """Month number (year × 12 + month − 1) of each day (vectorised)."""
        return self._month[self._index(day)]

    def month_label(self, month: int) -> str:
        """``YYYY-MM`` of a month number."""
        return f"{month // 12:04d}-{month % 12 + 1:02d}"

    def day_of(self, date: dt.date) -> int:
        """The day number of a date (day 0 is the start date)."""
        return (date - self.start).days
