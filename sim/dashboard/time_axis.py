"""Calendar dates on the dashboard's time axes.

A run's daily rows are dated as :func:`sim.runs.timeseries_frame` dates them: row 0 is the state
before the first day (the day before ``start_date``), row *k* the state at the end of day *k* − 1,
so row *k* is what the day counter calls day *k*.  The charts put each row at its date, keep the day
number beside it for hovering, and draw a reform that starts on day *d* at the date of day *d*
(``start_date`` + *d*), the first row it can move.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go

from sim.dashboard.i18n import pick

EPOCH = dt.date(1970, 1, 1)
TICKS = (("%Y年%-m月%-d日", "%Y年%-m月"), ("%-d %b %Y", "%b %Y"))
"""How the axis labels a tick (d3 time format): with the day when ticks are under a month apart."""


def row_dates(start: dt.date, rows: int | np.ndarray) -> np.ndarray:
    """The dates of a run's daily rows.

    Args:
        start: the scenario's ``start_date`` (day 0).
        rows: how many rows from row 0 (the initial state), or the row numbers (``step``).

    Returns:
        numpy ``datetime64[D]`` dates, row 0's the day before ``start``.
    """
    steps = np.arange(rows) if isinstance(rows, int | np.integer) else np.asarray(rows, dtype=np.int64)
    return np.datetime64(start, "D") + (steps - 1).astype("timedelta64[D]")


def date_text(start: dt.date, rows: int | np.ndarray) -> list[str]:
    """The dates of :func:`row_dates` as ``YYYY-MM-DD`` text, as the charts are sent them.

    Plotly's widget sends numeric arrays to the browser as typed arrays, which have no kind for
    dates (a ``datetime64`` array arrives as numbers near 1970), so date axes get text.

    Args:
        start: the scenario's ``start_date`` (day 0).
        rows: how many rows from row 0, or the row numbers.

    Returns:
        One date per row.
    """
    return np.datetime_as_string(row_dates(start, rows), unit="D").tolist()


def day_x(start: dt.date, day: int) -> float:
    """Where a day's date lies on a date axis, in milliseconds since 1970 (what Plotly's shapes take).

    Args:
        start: the scenario's ``start_date``.
        day: the day number (0 = ``start``).

    Returns:
        The date's position on the axis.
    """
    return float(((start - EPOCH).days + day) * 86_400_000)


def hover(language: str | None = None) -> str:
    """A line's hover text: its date, the day number (the trace's ``customdata``) and the value.

    Args:
        language: ``"zh"`` or ``"en"`` (the session's when None).

    Returns:
        A Plotly hover template.
    """
    day = pick(("第 %{customdata} 天", "day %{customdata}"), language)
    return f"%{{x|%Y-%m-%d}} ({day}): %{{y:.3g}}<extra>%{{fullData.name}}</extra>"


def date_axis(fig: go.Figure, start: dt.date, language: str | None = None, steps: int | None = None,
              **where) -> None:
    """Make x axes of ``fig`` date axes titled "date", spanning the run's ``steps`` days if given.

    Args:
        fig: the figure.
        start: the scenario's ``start_date``.
        language: the labels' language.
        steps: days in the run (the axis then spans rows 0 to ``steps``).
        **where: ``row``/``col`` of a subplot (all x axes when none), and other axis settings.
    """
    span = {}
    if steps is not None:
        first, last = row_dates(start, steps + 1)[[0, -1]]
        span = {"range": [str(first), str(last)]}
    days, months = pick(TICKS, language)
    stops = [{"dtickrange": [None, "M1"], "value": days}, {"dtickrange": ["M1", None], "value": months}]
    fig.update_xaxes(type="date", title_text=pick(("日期", "date"), language), tickformatstops=stops,
                     hoverformat="%Y-%m-%d", **span, **where)


def dated_line(start: dt.date, values: np.ndarray) -> dict:
    """The x, y and day numbers of a daily series, for a Plotly trace.

    Args:
        start: the scenario's ``start_date``.
        values: one value per daily row.

    Returns:
        ``x`` (dates), ``y`` and ``customdata`` (the day numbers).
    """
    days = np.arange(len(values))
    return {"x": date_text(start, len(values)), "y": values, "customdata": days}
