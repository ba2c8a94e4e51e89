"""Cases as a hotline's record counts them: channels, response in time, the call-back, the rates.

Every case keeps the channel it came by.  A case is *taken up* when a handler that holds the
power it needs first keeps it (signs for it); it is *responded to* when it is taken up or, under
接訴即辦's first contact (``command.first_contact``, :mod:`sim.core.contact`), when the unit it
reached calls the resident back, whichever comes first; *in time* when that happens within
``issues.response_days`` working days of being raised.  When a case closes, the resident answers
the call-back (:mod:`sim.core.ratings`).  The hotline's three rates are counted over the cases
of the city's hotline channels (12345 by phone and online), as a hotline counts them:

* response rate (響應率) = cases responded to in time ÷ cases responded to or closed unanswered;
* resolution rate (解決率) = cases the resident says were solved ÷ cases rated;
* satisfaction rate (滿意率) = (satisfied + ``ratings.basic_weight`` × basically satisfied) ÷ cases rated.

:class:`CaseRecord` keeps these counts day by day, and gives them back over a trailing window
(the daily outcomes), by calendar month (``monthly.parquet``) and by calendar year (the summary).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.core.calendar import Calendar
from sim.core.issues import NOT_YET, RESOLVED
from sim.core.ratings import BASIC, SATISFIED, UNSATISFIED, lateness, rate_cases, satisfaction_rate
from sim.core.residents import CHANNEL_HOTLINE, CHANNEL_NAMES, CHANNEL_ONLINE
from sim.scenario import ISSUE_KINDS, Scenario

COUNTS = (*(f"raised_{name}" for name in CHANNEL_NAMES), "closed", "solved", "satisfied", "basic",
          "unsatisfied", "response_due", "responded_in_time")
"""What is counted each day: cases raised by channel, and of the hotline's cases those closed and
rated (solved; satisfied, basically satisfied, unsatisfied), due a response (responded to, or
closed never answered) and responded to in time."""
_AT = {name: i for i, name in enumerate(COUNTS)}
WINDOW_DAYS = 30
"""Days over which the daily outcomes' case rates are taken (a trailing month)."""


def hotline_case(channel: np.ndarray) -> np.ndarray:
    """Whether each case came by one of the hotline's channels (12345 by phone or online)."""
    return (channel == CHANNEL_HOTLINE) | (channel == CHANNEL_ONLINE)


class CaseRecord:
    """The hotline's counts, day by day, and the rates made from them.

    Args:
        config: the scenario (``ratings``, ``issues.response_days``, the kinds' time limits).
        calendar: the run's calendar (time limits are counted in working days).
        residents: residents in the city (for requests per 1,000 residents).

    Attributes:
        days: the recorded days' numbers (0 = ``start_date``).
    """

    def __init__(self, config: Scenario, calendar: Calendar, residents: int):
        """Start with no day recorded."""
        self.config = config
        self.calendar = calendar
        self.residents = residents
        self.days: list[int] = []
        self._today = np.zeros(len(COUNTS), dtype=np.int64)
        self._cumulative = [np.zeros(len(COUNTS), dtype=np.int64)]
        self.tally = None
        """Where the counts per responsible handler go, if anywhere (:class:`~sim.core.evaluation.HandlerTally`)."""

    @property
    def _limits(self) -> np.ndarray:
        """Time limit of each kind, in working days."""
        return np.array([self.config.kinds[k].time_limit_days for k in ISSUE_KINDS], dtype=np.int64)

    # --- what happens to cases today ------------------------------------------------------
    def raised(self, channel: np.ndarray) -> None:
        """Count today's new cases by channel."""
        self._today[: len(CHANNEL_NAMES)] += np.bincount(channel, minlength=len(CHANNEL_NAMES))

    def responded(self, raised: np.ndarray, channel: np.ndarray, day: int, handler: np.ndarray | None = None) -> None:
        """Count the hotline's cases first responded to today, and those within the time limit.

        A case is responded to when it is taken up or, under ``command.first_contact``, when its
        resident is called back (:mod:`sim.core.contact`), whichever comes first.  With
        ``handler`` (who answered each) and a :attr:`tally`, they are counted per handler too.
        """
        hot = hotline_case(channel)
        if not hot.any():
            return
        in_time = self.calendar.working_days_between(raised[hot], day) <= self.config.issues.response_days
        self._today[_AT["response_due"]] += int(hot.sum())
        self._today[_AT["responded_in_time"]] += int(in_time.sum())
        if self.tally is not None and handler is not None:
            self.tally.responded(handler[hot], in_time)

    def rate(self, closing: dict, state: int | np.ndarray, day: int, rng: np.random.Generator,
             answer_quality: np.ndarray | None = None) -> dict:
        """The residents' answers for today's closing cases, counted for the hotline's.

        Args:
            closing: the closing cases' columns (``raised``, ``kind``, ``bounces``,
                ``pushdowns``, ``channel``, ``taken``).
            state: each case's closed state (``RESOLVED``, ``ABANDONED`` or ``CLOSED_UNRESOLVED``;
                one for all or one per case).
            day: today.
            rng: the model's generator (a quality draw and a logistic draw per case).
            answer_quality: per case, the chance its answer meets the need (default
                ``ratings.answer_quality``; careful closing raises it, :mod:`sim.core.evaluation`).

        Returns:
            ``solved`` and ``rating`` per closing case.
        """
        n = len(closing["id"])
        waited = self.calendar.working_days_between(closing["raised"], day)
        late = lateness(waited, self._limits[closing["kind"]])
        passes = closing["bounces"] + closing["pushdowns"]
        quality = rng.random(n)
        noise = rng.logistic(0.0, 1.0, n)
        solved, rating = rate_cases(np.broadcast_to(np.asarray(state) == RESOLVED, n), late, passes, quality,
                                    noise, self.config.ratings, answer_quality)
        hot = hotline_case(closing["channel"])
        if not hot.any():
            return {"solved": solved, "rating": rating}
        unanswered = hot & (closing["responded"] == NOT_YET)
        if self.tally is not None:
            self.tally.rated(closing["handler"][hot], solved[hot], rating[hot])
            self.tally.unanswered(closing["handler"][unanswered])
        today = self._today
        today[_AT["closed"]] += int(hot.sum())
        today[_AT["solved"]] += int(solved[hot].sum())
        counts = np.bincount(rating[hot], minlength=3)
        today[_AT["satisfied"]] += int(counts[SATISFIED])
        today[_AT["basic"]] += int(counts[BASIC])
        today[_AT["unsatisfied"]] += int(counts[UNSATISFIED])
        today[_AT["response_due"]] += int(unanswered.sum())  # never answered
        return {"solved": solved, "rating": rating}

    def end_day(self, day: int) -> None:
        """Close today's counts."""
        self.days.append(day)
        self._cumulative.append(self._cumulative[-1] + self._today)
        self._today = np.zeros(len(COUNTS), dtype=np.int64)

    def reset(self) -> None:
        """Forget every recorded day (the end of a warm-up)."""
        self.days = []
        self._today[:] = 0
        self._cumulative = [np.zeros(len(COUNTS), dtype=np.int64)]

    # --- rates ---------------------------------------------------------------------------
    def rates(self, totals: np.ndarray, days: int) -> dict[str, float]:
        """The hotline's rates and the request volume from counts over ``days`` days."""
        count = dict(zip(COUNTS, totals.tolist(), strict=True))
        rated = count["closed"]
        raised = sum(count[f"raised_{name}"] for name in CHANNEL_NAMES)
        hotline = count["raised_hotline"] + count["raised_online"]
        per_year = 365.0 / days if days else float("nan")
        return {
            "case_resolution_rate": count["solved"] / rated if rated else float("nan"),
            "case_satisfaction_rate": satisfaction_rate(count["satisfied"], count["basic"], rated,
                                                        self.config.ratings.basic_weight),
            "response_rate": (count["responded_in_time"] / count["response_due"] if count["response_due"]
                              else float("nan")),
            "requests_per_1000": raised * per_year * 1000.0 / self.residents,
            "hotline_requests_per_1000": hotline * per_year * 1000.0 / self.residents,
        }

    def window_rates(self, days: int = WINDOW_DAYS) -> dict[str, float]:
        """The rates over the last ``days`` recorded days (fewer at the start of a run)."""
        recorded = len(self._cumulative) - 1
        span = min(days, recorded)
        return self.rates(self._cumulative[-1] - self._cumulative[-1 - span], span)

    def run_rates(self) -> dict[str, float]:
        """The rates over every recorded day."""
        return self.rates(self._cumulative[-1], len(self.days))

    def daily(self) -> pd.DataFrame:
        """One row per recorded day: its number, date, month, year and counts."""
        counts = np.diff(np.array(self._cumulative), axis=0)
        frame = pd.DataFrame(counts, columns=list(COUNTS))
        days = np.array(self.days, dtype=np.int64)
        frame.insert(0, "day", days)
        frame.insert(1, "date", np.datetime64(self.config.start_date, "D") + days.astype("timedelta64[D]"))
        return frame

    def by_period(self, period: str) -> pd.DataFrame:
        """Counts and rates per calendar ``"month"`` or ``"year"`` of the recorded days."""
        frame = self.daily()
        key = frame["date"].dt.strftime("%Y-%m" if period == "month" else "%Y")
        grouped = frame.groupby(key, sort=True)
        totals = grouped[list(COUNTS)].sum()
        days = grouped["day"].count()
        rows = []
        for label, row in totals.iterrows():
            rates = self.rates(row.to_numpy(), int(days[label]))
            raised = sum(int(row[f"raised_{name}"]) for name in CHANNEL_NAMES)
            rows.append({period: label, "days": int(days[label]), "raised": raised,
                         **{c: int(row[c]) for c in COUNTS}, **rates})
        return pd.DataFrame(rows)
