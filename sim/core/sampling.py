"""Sampling helpers of the issue flow: weighted draws of one category per row, and bit masks."""

from __future__ import annotations

import numpy as np


def weighted_pick(weights: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One column index per row of ``weights``, drawn in proportion to the row's weights.

    Args:
        weights: (rows, columns) non-negative weights; rows need not sum to one.
        rng: the generator (one uniform draw per row).

    Returns:
        The index drawn for each row, and whether the row has any weight at all.  An all-zero
        row gives the last index; callers replace it using the second array.
    """
    cum = weights.cumsum(axis=1)
    total = cum[:, -1]
    draw = rng.random(len(weights)) * total
    return np.minimum((cum <= draw[:, None]).sum(axis=1), weights.shape[1] - 1), total > 0


class GroupedChoice:
    """Draws one category per row from the weights of the row's group (a row of ``weights``).

    Like :func:`weighted_pick` on ``weights[group]``, without building a row of weights per
    draw: the groups' cumulative weights are laid end to end (group ``g`` on ``[g, g + 1)``) and
    one sorted search finds every draw's category.

    Args:
        weights: (groups, categories) non-negative weights; an all-zero group gives the last
            category.
    """

    def __init__(self, weights: np.ndarray):
        """Lay the groups' cumulative weights end to end."""
        groups, self.categories = weights.shape
        total = weights.sum(axis=1, keepdims=True)
        self.empty = total[:, 0] == 0
        """Groups with no weight at all."""
        cdf = np.cumsum(weights, axis=1) / np.where(self.empty[:, None], 1.0, total)
        self.edges = (np.arange(groups)[:, None] + cdf).ravel()

    def draw(self, group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A category for each entry of ``group`` (one uniform draw each).

        Args:
            group: the group (row of the weights) of each draw.
            rng: the generator.

        Returns:
            The category drawn for each entry.
        """
        found = self.edges.searchsorted(group + rng.random(len(group)), side="right")
        return np.minimum(found - group * self.categories, self.categories - 1)


def lowest_bit(mask: np.ndarray) -> np.ndarray:
    """Index of the lowest set bit of each mask (masks must be non-zero).

    Args:
        mask: bit masks (e.g. the department kinds an issue involves).

    Returns:
        The bit index of each mask's lowest set bit, as int64.
    """
    mask = mask.astype(np.int64)
    return np.log2(mask & -mask).astype(np.int64)
