"""Today's looks: the issues handlers look at in triage, with what the level rules read of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Looks:
    """The issues handlers look at today (triage), with what the level rules read of them.

    Attributes:
        idx: the issues looked at, as rows of the book.
        handler: the handler looking at each.
        level: that handler's level.
        required: the level whose authority each issue needs.
        compound: each issue's compound.
        keep: whether its handler keeps it (set by the level rules).
    """

    idx: np.ndarray
    handler: np.ndarray
    level: np.ndarray
    required: np.ndarray
    compound: np.ndarray
    keep: np.ndarray
