"""Small numeric helpers shared by the core's modules."""

from __future__ import annotations

import numpy as np

SMALL = 4096
"""Arrays up to this size are clipped with two plain ufuncs instead of ``np.clip``."""


def clip(values, low, high, out=None):
    """``np.clip(values, low, high, out=out)``, with the same result, quicker on small arrays.

    ``np.clip`` spends several microseconds checking its arguments before it starts, which
    matters for the few issues of a day in a small city; ``maximum`` then ``minimum`` start at
    once but run their loops much slower than ``clip`` on large float arrays, so large arrays
    still go to ``np.clip``.  Scalars (the per-agent reference) work too.
    """
    if np.size(values) > SMALL:
        return np.clip(values, low, high, out=out)
    return np.minimum(np.maximum(values, low, out=out), high, out=out)
