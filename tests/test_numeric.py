"""The core's clip gives exactly what np.clip gives, on either side of its size switch."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.core.numeric import SMALL, clip

finite32 = st.floats(-2, 3, width=32, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(values=hnp.arrays(np.float32, st.integers(0, 40), elements=finite32),
       low=st.floats(-1, 0.5), high=st.floats(0.5, 2))
def test_small_arrays_clip_like_numpy(values, low, high):
    expected = np.clip(values, low, high)
    got = clip(values.copy(), low, high)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("size", [SMALL, SMALL + 1, 5 * SMALL])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_in_place_and_array_bounds_match_numpy(size, dtype):
    rng = np.random.default_rng(size)
    values = (rng.random(size) * 3 - 1).astype(dtype)
    high = rng.random(size).astype(dtype)
    np.testing.assert_array_equal(clip(values, 0.0, high), np.clip(values, 0.0, high))
    out = values.copy()
    assert clip(out, 0.0, 1.0, out=out) is out
    np.testing.assert_array_equal(out, np.clip(values, 0.0, 1.0))


def test_scalars_as_the_per_agent_reference_passes_them():
    assert clip(1.7, 0.0, 1.0) == 1.0
    assert clip(-0.2, 0.0, 1.0) == 0.0
    assert clip(0.25, 0.0, 1.0) == 0.25
