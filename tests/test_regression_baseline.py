"""The pinned regression baseline: fixed presets at fixed seeds give exactly the results pinned.

A change that moves results rewrites ``tests/regression_baseline.json`` with ``make baseline``
in the same commit, and its message says why.
"""

from __future__ import annotations

import json

import pytest
from regression_baseline import BASELINE_FILE, PRESETS, differences, frame_hash, measure

PINNED = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))


def test_every_pinned_preset_is_measured():
    assert set(PINNED) == set(PRESETS)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_results_equal_the_pinned_baseline(preset):
    seed, days = PRESETS[preset]
    lines = differences(PINNED[preset], measure(preset, seed, days))
    assert not lines, (f"{preset} differs from the pinned baseline (rewrite it with `make baseline` "
                       "if the change is meant, and say why in the commit):\n" + "\n".join(lines))


def test_the_hash_sees_a_change_in_the_twelfth_digit_but_not_the_sixteenth():
    import pandas as pd

    base = pd.DataFrame({"x": [0.123456789012, 2.0], "n": [1, 2]})
    assert frame_hash(base) == frame_hash(base.assign(x=[0.123456789012 * (1 + 1e-15), 2.0]))
    assert frame_hash(base) != frame_hash(base.assign(x=[0.123456789013, 2.0]))
    assert frame_hash(base) != frame_hash(base.assign(n=[1, 3]))
