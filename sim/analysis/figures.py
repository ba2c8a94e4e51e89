"""Figures (matplotlib, no display needed): CI bands over time, distributions, sensitivity bars.

Every figure is saved as PNG and SVG.  Labels may hold Chinese, so the font list starts with
common CJK fonts; :func:`setup` says which font to install when none of them is present.

Figures over time put a run's daily row *k* at its date, as :func:`sim.runs.timeseries_frame`
dates it (``start_date`` + *k* − 1, row 0 being the state before the first day), when the runs'
``start_date`` is known, and at the day number *k* otherwise (:func:`time_x`, :func:`time_axis`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

_MPL = tuple(int(p) for p in matplotlib.__version__.split(".")[:2])
CJK_FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC"]
FONT_FAMILY = [*CJK_FONTS, "DejaVu Sans"]
FONT_HINT = (
    "no Chinese-capable font found: Chinese labels in figures will show as boxes; install one, "
    "e.g. `apt-get install fonts-wqy-microhei` (Debian/Ubuntu) or `fonts-noto-cjk`"
)


def cjk_font() -> str | None:
    """The first installed CJK font of the family list, or ``None``.

    Matplotlib lists the system's fonts once and keeps the list in its cache, so a font installed
    after that (the page's own hint: install one, then restart) would stay unseen; on a miss the
    fonts added to the system since are read in before the answer is no.
    """
    found = _first_cjk_font()
    if found is None and _add_new_system_fonts():
        found = _first_cjk_font()
    return found


def _first_cjk_font() -> str | None:
    for name in CJK_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
        except ValueError:
            continue
        return name
    return None


def _add_new_system_fonts() -> int:
    """Read in the system fonts matplotlib's font list does not hold yet; returns how many."""
    known = {f.fname for f in font_manager.fontManager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read is no font
            continue
        added += 1
    return added


def setup() -> str | None:
    """Set the font list and the house style; returns a hint to show if no CJK font exists."""
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": FONT_FAMILY,
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "none",
        }
    )
    return None if cjk_font() else FONT_HINT


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_LABELS = {
    "zh": ("{y}年", "{y}年{m}月", "{y}年{m}月{d}日"),
    "en": ("{y}", "{b} {y}", "{d} {b} {y}"),
}
"""How a date tick reads, per language: a year, a month, a day (spelled out, not by the locale)."""
AXIS_TITLES = {"zh": ("日期", "天"), "en": ("date", "day")}
"""The time axis's title per language: with dates, with day numbers."""


def time_x(steps: np.ndarray | Sequence[int], start: dt.date | None) -> np.ndarray:
    """Where daily rows lie on a time axis: their dates when ``start`` is known, else their numbers.

    Args:
        steps: the rows' numbers (``step``: 0 is the state before the first day).
        start: the runs' ``start_date`` (day 0), or None.

    Returns:
        ``datetime64[D]`` dates (row *k* on ``start`` + *k* − 1), or the row numbers as floats.
    """
    rows = np.asarray(steps, dtype=np.int64)
    if start is None:
        return rows.astype(float)
    return np.datetime64(start, "D") + (rows - 1).astype("timedelta64[D]")


def date_label(when: dt.date, unit: str, language: str) -> str:
    """A date tick's text in ``language``: the year, the month or the day (``unit``: y, m or d)."""
    year, month, day = DATE_LABELS[language]
    pattern = {"y": year, "m": month, "d": day}[unit]
    return pattern.format(y=when.year, m=when.month, d=when.day, b=MONTHS[when.month - 1])


def time_axis(ax: plt.Axes, start: dt.date | None, language: str = "en") -> None:
    """Title the x axis of ``ax`` and, with a ``start`` date, tick it with dates in ``language``.

    The ticks are matplotlib's automatic date ticks; each reads as a year, a month or a day,
    whichever the spacing of the ticks calls for (:func:`date_label`).

    Args:
        ax: axes whose x values came from :func:`time_x` with the same ``start``.
        start: the runs' ``start_date``, or None (day numbers).
        language: ``"zh"`` or ``"en"``.
    """
    dated, days = AXIS_TITLES[language]
    ax.set_xlabel(dated if start is not None else days)
    if start is None:
        return
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    formatter = mdates.AutoDateFormatter(locator)
    formatter.scaled = {
        scale: (lambda x, _pos=None, unit=unit: date_label(mdates.num2date(x).date(), unit, language))
        for scale, unit in ((365.0, "y"), (30.0, "m"), (1.0, "d"))
    }
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def save(fig: plt.Figure, folder: Path, stem: str) -> list[Path]:
    """Save a figure as ``stem.png`` and ``stem.svg`` in ``folder`` and close it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    fig.tight_layout()
    for path in paths:
        fig.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None)
    plt.close(fig)
    return paths


def _colours(n: int) -> list:
    cmap = plt.get_cmap("tab10" if n <= 10 else "viridis")
    return [cmap(i if n <= 10 else i / max(1, n - 1)) for i in range(n)]


def timeseries_bands(bands: pd.DataFrame, outcome: str, reference: str | None, folder: Path, stem: str,
                     start: dt.date | None = None) -> list[Path]:
    """Mean over replicates per group and step, with its 95% confidence band.

    ``bands`` has columns group, step, mean, low, high; with the runs' ``start`` date the time
    axis shows dates, else day numbers.
    """
    fig, ax = plt.subplots(figsize=(8, 4.5))
    groups = list(dict.fromkeys(bands["group"]))
    for colour, group in zip(_colours(len(groups)), groups, strict=True):
        part = bands[bands["group"] == group]
        width = 2.4 if group == reference else 1.4
        label = f"{group} (reference)" if group == reference else group
        x = time_x(part["step"], start)
        ax.plot(x, part["mean"], color=colour, lw=width, label=label)
        ax.fill_between(x, part["low"], part["high"], color=colour, alpha=0.2, lw=0)
    time_axis(ax, start)
    ax.set_ylabel(outcome)
    ax.set_title(f"{outcome}: mean and 95% CI over replicates")
    ax.legend(fontsize="small", frameon=False, loc="best", ncol=1 if len(groups) < 8 else 2)
    return save(fig, folder, stem)


def distributions(
    values: dict[str, np.ndarray], outcome: str, reference: str | None, folder: Path, stem: str
) -> list[Path]:
    """Each group's replicate values: a box plot with the individual runs on top."""
    names = list(values)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(names) + 1.2)))
    data = [values[n] for n in names]
    positions = np.arange(len(names))[::-1]
    horizontal = {"orientation": "horizontal"} if _MPL >= (3, 10) else {"vert": False}
    ax.boxplot(data, positions=positions, widths=0.6, showfliers=False, medianprops={"color": "black"}, **horizontal)
    rng = np.random.default_rng(0)  # jitter only; fixed so figures are reproducible
    for pos, name, x in zip(positions, names, data, strict=True):
        colour = "tab:red" if name == reference else "tab:blue"
        ax.scatter(x, pos + rng.uniform(-0.15, 0.15, len(x)), s=10, alpha=0.6, color=colour)
    ax.set_yticks(positions, [f"{n} (ref.)" if n == reference else n for n in names])
    ax.set_xlabel(outcome)
    ax.set_title(f"{outcome}: distribution over replicates")
    return save(fig, folder, stem)


def sensitivity_bars(
    table: pd.DataFrame, outcome: str, columns: Sequence[tuple[str, str]], folder: Path, stem: str, title: str
) -> list[Path]:
    """Horizontal bars of sensitivity indices per factor with their confidence intervals.

    ``columns`` pairs each index column with its confidence column (e.g. ("ST", "ST_conf")).
    """
    factors = list(table["factor"])
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(factors) * len(columns) + 1.2)))
    height = 0.8 / len(columns)
    base = np.arange(len(factors))[::-1]
    for i, (col, conf) in enumerate(columns):
        ax.barh(base - i * height, table[col], height=height, xerr=table[conf], capsize=2, label=col)
    ax.set_yticks(base - height * (len(columns) - 1) / 2, factors)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("index (bars: 95% confidence interval)")
    ax.set_title(f"{title}: {outcome}")
    ax.legend(frameon=False, fontsize="small")
    return save(fig, folder, stem)
