"""The four handler levels, from the bottom up: compound, community, street and department.

In Chinese: 小區, 社區, 街道 and 部門.

:data:`Level` is made from the scenario's :data:`~sim.scenario.LEVELS` (the levels' names in
files and tables), so the names and the codes cannot drift apart.
"""

from __future__ import annotations

from enum import IntEnum

from sim.scenario import LEVELS

Level = IntEnum("Level", [(name.upper(), code) for code, name in enumerate(LEVELS)])
Level.__doc__ = """A handler level: ``COMPOUND`` (0), ``COMMUNITY`` (1), ``STREET`` (2) and
``DEPARTMENT`` (3), named after :data:`~sim.scenario.LEVELS` (``Level.STREET.name.lower()`` is
``"street"``)."""

COMPOUND, COMMUNITY, STREET, DEPARTMENT = (level.value for level in Level)
"""The levels' codes as plain ints, for array code: numpy takes an :class:`enum.IntEnum` member
for an int64 (so ``np.where(mask, Level.STREET, int8_levels)`` comes out int64) and compares
arrays with it several times slower than with an int."""
