"""Calibration targets: a city's observed monthly or yearly rates, read from a small CSV file.

The file has one row per observed figure and these columns (see docs/calibration.md):

``period``  (required) ``YYYY`` for a calendar year or ``YYYY-MM`` for a calendar month;
``outcome`` (required) one of :data:`PERIOD_OUTCOMES`, the model's names for a hotline's rates;
``value``   (required) the observed figure, in the outcome's unit (shares as 0–1, volumes per
            1,000 residents a year);
``unit``, ``source`` (optional) free text kept with the target (``source`` should say where the
            figure comes from);
``weight``  (optional, default 1) how much the row counts in the distance;
``tolerance`` (optional) the difference between model and figure that counts as one unit of
            distance (default: 0.02 for a share, 5% of the value for a volume).

The model computes the same rates from a run's cases by calendar month or year
(:meth:`sim.core.cases.CaseRecord.by_period`), so a target is compared with exactly what the
model's ``monthly.parquet`` or ``summary.json`` ``by_year`` would report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.core.outcomes import OUTCOMES
from sim.experiments.spec import ExperimentError

PERIOD_OUTCOMES = ("hotline_requests_per_1000", "requests_per_1000", "case_resolution_rate",
                   "case_satisfaction_rate", "response_rate")
"""The outcomes the model reports per calendar month and year, which targets may name."""
SHARE_TOLERANCE = 0.02
"""Default tolerance of a share (two percentage points)."""
VOLUME_TOLERANCE = 0.05
"""Default tolerance of a volume, relative to the observed value (5%)."""
REQUIRED = ("period", "outcome", "value")
OPTIONAL = ("unit", "source", "weight", "tolerance")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class CalibrationError(ExperimentError):
    """A calibration file, targets file or result folder that cannot be used; the message says why."""


@dataclass
class Targets:
    """Checked targets, one row per figure.

    Columns: ``period``, ``kind`` (month/year), ``outcome``, ``value``, ``weight``, ``tolerance``,
    ``unit`` and ``source``.
    """

    table: pd.DataFrame
    path: Path

    @property
    def labels(self) -> list[str]:
        """One label per target, ``period|outcome`` (the keys of simulated statistics)."""
        return [f"{p}|{o}" for p, o in zip(self.table["period"], self.table["outcome"], strict=True)]

    def last_day(self) -> dt.date:
        """The last calendar day any target's period covers."""
        ends = [_period_end(p) for p in self.table["period"]]
        return max(ends)

    def first_day(self) -> dt.date:
        """The first calendar day any target's period covers."""
        return min(_period_start(p) for p in self.table["period"])


def _period_start(period: str) -> dt.date:
    return dt.date(int(period[:4]), int(period[5:7]) if len(period) > 4 else 1, 1)


def _period_end(period: str) -> dt.date:
    if len(period) == 4:
        return dt.date(int(period), 12, 31)
    year, month = int(period[:4]), int(period[5:7])
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def read_targets(path: Path) -> Targets:
    """Read and check a targets CSV.

    Args:
        path: the CSV file.

    Returns:
        The checked targets.

    Raises:
        CalibrationError: a missing file, a missing or unknown column, a non-numeric value, weight or
            tolerance, a malformed period, an outcome the model does not produce, or a duplicate row.
    """
    if not path.is_file():
        raise CalibrationError(f"{path}: no such targets file")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#", skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise CalibrationError(f"{path}: not a readable CSV file: {err}") from None
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise CalibrationError(f"{path}: missing column(s) {', '.join(missing)}; a targets file needs "
                               f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})")
    unknown = [c for c in table.columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise CalibrationError(f"{path}: unknown column(s) {', '.join(unknown)}; allowed: "
                               f"{', '.join(REQUIRED + OPTIONAL)}")
    if table.empty:
        raise CalibrationError(f"{path}: no target rows")
    table = table.apply(lambda col: col.str.strip())
    for column in ("unit", "source", "weight", "tolerance"):
        if column not in table.columns:
            table[column] = ""
    _check_rows(table, path)
    return Targets(_typed(table), path)


def _check_rows(table: pd.DataFrame, path: Path) -> None:
    """Every row's period, outcome and numbers, each problem named with its CSV line."""
    for i, row in table.iterrows():
        line = f"{path}: line {i + 2}"
        if not (_YEAR.match(row["period"]) or _MONTH.match(row["period"])):
            raise CalibrationError(f"{line}: period {row['period']!r} is neither YYYY nor YYYY-MM")
        if row["outcome"] not in PERIOD_OUTCOMES:
            raise CalibrationError(f"{line}: outcome {row['outcome']!r} is not one the model reports by "
                                   f"period; allowed: {', '.join(PERIOD_OUTCOMES)}")
        for column, required in (("value", True), ("weight", False), ("tolerance", False)):
            text = row[column]
            if not text and not required:
                continue
            try:
                number = float(text)
            except ValueError:
                raise CalibrationError(f"{line}: {column} {text!r} is not a number") from None
            if not np.isfinite(number) or (column != "value" and number <= 0):
                raise CalibrationError(f"{line}: {column} {text!r} must be a finite number"
                                       + (" above 0" if column != "value" else ""))
        if OUTCOMES[row["outcome"]].unit == "share" and not 0 <= float(row["value"]) <= 1:
            raise CalibrationError(f"{line}: {row['outcome']} is a share (0–1), given {row['value']}")
    duplicated = table.duplicated(["period", "outcome"])
    if duplicated.any():
        i = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise CalibrationError(f"{path}: line {i + 2}: a second row for {table['period'].iloc[i]} "
                               f"{table['outcome'].iloc[i]}")


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """The checked rows with numbers as floats and the default weights and tolerances filled in."""
    value = table["value"].astype(float)
    share = table["outcome"].map(lambda o: OUTCOMES[o].unit == "share")
    default_tol = np.where(share, SHARE_TOLERANCE, VOLUME_TOLERANCE * value.abs().clip(lower=1e-9))
    tolerance = table["tolerance"].replace("", np.nan).astype(float).fillna(pd.Series(default_tol))
    return pd.DataFrame({
        "period": table["period"],
        "kind": np.where(table["period"].str.len() == 4, "year", "month"),
        "outcome": table["outcome"],
        "value": value,
        "weight": table["weight"].replace("", "1").astype(float),
        "tolerance": tolerance,
        "unit": table["unit"],
        "source": table["source"],
    })
