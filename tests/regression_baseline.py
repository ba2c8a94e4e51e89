"""The pinned regression baseline: what fixed presets at fixed seeds produce, kept under ``tests/``.

Each entry holds a preset's summary, a hash of its daily series (every outcome, every day) and a
hash of its issue table (one row per issue).  ``tests/test_regression_baseline.py`` re-runs the
presets and fails on any difference; ``make baseline`` rewrites the file on purpose, and a commit
that changes results commits the rewritten file with the reason in its message.

Floats are compared at 12 significant digits, so a change in the last bits of a sum (a different
order of addition) is not a change of results, while any change a reader could see is.

Run ``python tests/regression_baseline.py --write`` to rewrite the file (what ``make baseline``
does), or without ``--write`` to print what differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

BASELINE_FILE = Path(__file__).with_name("regression_baseline.json")
PRESETS = {
    # preset: (seed, days)
    "classroom": (20191, 365),
    "baseline": (20191, 365),
    "tianjin_2019": (20191, 1095),
    "full_programme": (20191, 1095),
    "epidemic_baseline": (20191, 365),
}
"""The presets pinned, each with its seed and the days it runs."""

DIGITS = 12
"""Significant digits at which floats are compared."""


def _round(value):
    """A JSON value with floats rounded to ``DIGITS`` significant digits (NaN becomes None)."""
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    if isinstance(value, float | np.floating):
        value = float(value)
        return None if math.isnan(value) else float(f"{value:.{DIGITS}g}")
    if isinstance(value, np.integer):
        return int(value)
    return value


def frame_hash(frame: pd.DataFrame) -> str:
    """A hash of a table's column names, types and values, floats at ``DIGITS`` significant digits."""
    digest = hashlib.sha256()
    for name in frame.columns:
        column = frame[name]
        values = column.to_numpy()
        digest.update(f"{name}:{column.dtype}\n".encode())
        if np.issubdtype(values.dtype, np.floating):
            text = "\n".join(f"{v:.{DIGITS}g}" for v in values.tolist())
        else:
            text = "\n".join(map(str, values.tolist()))
        digest.update(text.encode())
    return digest.hexdigest()


def measure(preset: str, seed: int, days: int) -> dict:
    """Run one preset and return its pinned record: summary and the hashes of its tables."""
    from sim import GovernanceModel
    from sim.runs import timeseries_frame

    model = GovernanceModel(preset, rng=seed, steps=days)
    for _ in range(days):
        model.step()
    return {
        "seed": seed,
        "days": days,
        "summary": _round(model.summary()),
        "timeseries_sha256": frame_hash(timeseries_frame(model)),
        "issues_sha256": frame_hash(model.issue_table()),
        "issues": int(model.issues.raised),
    }


def measure_all(presets: dict[str, tuple[int, int]] = PRESETS) -> dict:
    """The pinned records of every preset."""
    return {name: measure(name, seed, days) for name, (seed, days) in presets.items()}


def differences(pinned: dict, now: dict) -> list[str]:
    """Plain-language lines naming what differs between two records of one preset."""
    lines = []
    for key in ("seed", "days", "issues", "timeseries_sha256", "issues_sha256"):
        if pinned.get(key) != now.get(key):
            lines.append(f"{key}: pinned {pinned.get(key)!r}, now {now.get(key)!r}")
    old, new = pinned.get("summary", {}), now.get("summary", {})
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            lines.append(f"summary[{key!r}]: pinned {old.get(key)!r}, now {new.get(key)!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Rewrite the pinned file (``--write``) or report how today's results differ from it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the pinned baseline file")
    args = parser.parse_args(argv)
    now = measure_all()
    if args.write:
        BASELINE_FILE.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE_FILE} ({len(now)} presets)")
        return 0
    pinned = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
    changed = 0
    for name in sorted(set(pinned) | set(now)):
        lines = differences(pinned.get(name, {}), now.get(name, {}))
        changed += bool(lines)
        print(f"{name}: " + ("identical" if not lines else f"{len(lines)} differences"))
        for line in lines[:40]:
            print(f"  {line}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
