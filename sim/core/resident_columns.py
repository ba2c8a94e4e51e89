"""How the resident table's columns are laid out: residents in compound runs, drift made when read.

Residents are listed compound by compound, so each chunk of residents is a run of whole compounds
(split only at its ends), over which the kernels of :mod:`sim.core.kernels` apply a compound's
values without a gather; and each resident's need drift is made from a few factors when read
rather than held as a second (domains × residents) table.
"""

from __future__ import annotations

import numpy as np


class CompoundRuns:
    """The runs of each chunk's residents by compound, over which per-compound values apply.

    Args:
        compound: compound index of each resident, in non-decreasing order.
        community: community index of each resident.
        slices: the chunks of residents the table updates together (consecutive, of equal size
            but the last).
    """

    def __init__(self, compound: np.ndarray, community: np.ndarray, slices: list[slice]):
        """Count each chunk's residents per compound and note each compound's community."""
        self.compound = compound
        self._runs: dict[tuple[int, int], tuple[int, int, np.ndarray]] = {}
        for sl in slices:
            self.of(sl)
        self.compound_community = np.zeros(int(compound[-1]) + 1 if len(compound) else 0,
                                           dtype=community.dtype)
        self.compound_community[compound] = community

    def of(self, sl: slice) -> tuple[int, int, np.ndarray]:
        """The chunk ``sl``'s first compound, the compound after its last, and its residents in each.

        Counted once per chunk (any slice ``start:stop`` of residents, held for the next call).
        """
        key = (sl.start, sl.stop)
        if key not in self._runs:
            here = self.compound[sl]
            first, end = int(here[0]), int(here[-1]) + 1
            self._runs[key] = (first, end, np.bincount(here - first, minlength=end - first))
        return self._runs[key]


class NeedDrift:
    """Each resident's daily need growth, made when read from its few factors (not held as a table).

    The drift of domain ``d`` for a resident is the domain's rate × its compound type's
    multiplier (``by_type[d, type]``) × the resident's personal factor, × the domain's elderly
    multiplier for an elderly resident.  Index it like a (domains, residents) array:
    ``drift[d, rows]``, ``drift[:, rows]`` or ``drift[:, i]`` give float32 values.

    Args:
        by_type: (domains, compound types) rate × multiplier, float32.
        elderly_factor: (domains,) the elderly multipliers, float32.
        compound_type: type of each compound.
        rtype: compound type of each resident.
        person: personal factor of each resident, float32.
        elderly: whether each resident is elderly.
    """

    def __init__(self, by_type: np.ndarray, elderly_factor: np.ndarray, compound_type: np.ndarray,
                 rtype: np.ndarray, person: np.ndarray, elderly: np.ndarray):
        """Keep the factors."""
        self.by_type, self.elderly_factor = by_type, elderly_factor
        self.by_compound = by_type.take(compound_type, axis=1)
        self.rtype, self.person, self.elderly = rtype, person, elderly
        self.shape = (len(by_type), len(person))

    def __getitem__(self, key) -> np.ndarray:
        """The drift of the domains and residents ``key`` picks (a (domain, residents) index)."""
        domain, rows = key
        factor = self.elderly_factor[domain]
        out = self.by_type[domain].take(self.rtype[rows], axis=-1)
        out *= self.person[rows]
        np.multiply(out, factor[:, None] if out.ndim == 2 else factor, out=out,
                    where=self.elderly[rows])
        return out
