"""The prediction's figure: each predicted outcome's median and 90% band by calendar month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

LABELS = {
    "hotline_requests_per_1000": "12345 requests per 1,000 residents a year (month's pace) · 每千人年訴求量",
    "case_resolution_rate": "resolution rate · 解決率",
    "case_satisfaction_rate": "satisfaction rate · 滿意率",
    "response_rate": "response rate · 響應率",
}
"""Bilingual panel titles, one per predicted outcome."""


def prediction_figure(monthly_band: pd.DataFrame, fitted_until: dt.date, path: Path,
                      targets: pd.DataFrame | None = None) -> Path:
    """Draw the four outcomes' monthly median and 5–95% band; a dashed line ends the fitted period.

    Args:
        monthly_band: ``band(monthly, "month")`` (month, outcome, median, q05, q95, draws).
        fitted_until: the last day of the calibration's targets.
        path: the PNG to write.
        targets: the calibration's targets (``period``, ``kind``, ``outcome``, ``value``), drawn as
            black marks: a dot at a month's target, a bar across a year's.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.analysis.figures import setup

    setup()
    fig, axes = plt.subplots(2, 2, figsize=(11, 6.5), sharex=True)
    end = pd.Timestamp(fitted_until)
    for ax, (outcome, label) in zip(axes.flat, LABELS.items(), strict=True):
        part = monthly_band[monthly_band["outcome"] == outcome]
        months = pd.to_datetime(part["month"] + "-15")
        ax.fill_between(months, part["q05"], part["q95"], alpha=0.3, color="tab:blue", label="90% band · 90%區間")
        ax.plot(months, part["median"], color="tab:blue", label="median · 中位數")
        ax.axvline(end, color="grey", linestyle="--", linewidth=1)
        if targets is not None:
            _draw_targets(ax, targets[targets["outcome"] == outcome])
        ax.set_title(label, fontsize=10)
    if targets is not None:
        axes.flat[0].plot([], [], "ko", markersize=4, label="target · 校準目標")
    axes.flat[0].legend(fontsize=8, loc="upper left")
    axes.flat[-1].annotate("fitted · 擬合 | predicted · 預測", xy=(end, 0.02), xycoords=("data", "axes fraction"),
                           ha="center", va="bottom", fontsize=8, color="grey",
                           bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def _draw_targets(ax, rows: pd.DataFrame) -> None:
    for row in rows.itertuples():
        if row.kind == "year":
            ax.hlines(row.value, pd.Timestamp(f"{row.period}-01-01"), pd.Timestamp(f"{row.period}-12-31"),
                      colors="black", linewidth=2)
        else:
            ax.plot(pd.Timestamp(f"{row.period}-15"), row.value, "ko", markersize=4)
