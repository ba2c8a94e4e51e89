"""The calendar: dates, China's official working days, working-day arithmetic."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.core.calendar import Calendar, working_days


def test_official_holidays_and_make_up_working_days():
    days, fallback = working_days([dt.date(2019, 10, 1), dt.date(2019, 9, 29), dt.date(2019, 10, 8),
                                   dt.date(2019, 10, 12)], "china")
    # National Day is a holiday; Sunday 29 September 2019 and Saturday 12 October were make-up
    # working days (調休); 8 October was the first ordinary working day after the holiday.
    assert days.tolist() == [False, True, True, True]
    assert fallback == []


def test_weekend_rule_and_every_day_rule():
    week = [dt.date(2024, 9, 30) + dt.timedelta(days=i) for i in range(7)]  # Monday to Sunday
    assert working_days(week, "weekends")[0].tolist() == [True] * 5 + [False] * 2
    assert working_days(week, "none")[0].all()


def test_years_the_official_calendar_lacks_fall_back_to_weekends():
    days, fallback = working_days([dt.date(2003, 1, 6), dt.date(2003, 1, 5)], "china")
    assert days.tolist() == [True, False]
    assert fallback == [2003]


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="allowed china, weekends, none"):
        working_days([dt.date(2020, 1, 1)], "lunar")


def test_days_dates_months_and_working_day_counts():
    cal = Calendar(dt.date(2019, 1, 1), first_day=-10, last_day=60, rule="china")
    assert cal.date(0) == dt.date(2019, 1, 1) and cal.date(-10) == dt.date(2018, 12, 22)
    assert not cal.is_workday(0)  # New Year's Day
    assert cal.is_workday(1)
    # 2019-01-01 (Tue, holiday) .. 2019-01-07 (Mon): working days after day 0 up to day 6 are
    # Wed 2, Thu 3, Fri 4, Mon 7 -> 4.
    assert int(cal.working_days_between(0, 6)) == 4
    assert np.array_equal(cal.working_days_between(np.array([0, 1]), np.array([0, 2])), [0, 1])
    # one working day after Friday 4 January is Monday 7 January (day 6)
    assert int(cal.add_working_days(3, 1)) == 6
    assert int(cal.add_working_days(3, 0)) == 3
    assert cal.month_label(int(cal.month(31))) == "2019-02"
    assert cal.day_of(dt.date(2019, 2, 1)) == 31
    with pytest.raises(IndexError):
        cal.date(-11)


def test_a_holiday_has_fewer_staff_hours_than_a_working_day():
    from sim import GovernanceModel

    model = GovernanceModel("classroom", rng=1, start_date="2019-09-30")  # Monday; 1 October: holiday
    model.step()
    working = model.capacity_today.copy()
    model.step()
    holiday = model.capacity_today.copy()
    city = model.city
    paid = slice(city.community_base, None)  # communities, streets, departments
    assert model.calendar.is_workday(0) and not model.calendar.is_workday(1)
    assert holiday[paid].sum() < 0.5 * working[paid].sum()
    # departments keep exactly the duty roster's share of their hours
    depts = slice(city.dept_base, None)
    assert holiday[depts].sum() == pytest.approx(0.2 * working[depts].sum(), rel=1e-6)
    every_day = GovernanceModel("classroom", rng=1, start_date="2019-09-30", calendar__rule="none")
    every_day.step()
    every_day.step()
    assert every_day.capacity_today[depts].sum() == pytest.approx(working[depts].sum(), rel=1e-9)
