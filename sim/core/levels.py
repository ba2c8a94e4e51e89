"""The five handler levels, from the bottom up: compound, community, street, department and city.

In Chinese: 小區, 社區, 街道, 部門 (the districts' departments, 區級部門) and the city's departments
(市級部門).  The level named ``department`` is the districts' departments throughout the routing;
``city`` is the departments of the city above the districts.

:data:`Level` is made from the scenario's :data:`~sim.scenario.LEVELS` (the levels' names in
files and tables), so the names and the codes cannot drift apart.
"""

from __future__ import annotations

from enum import IntEnum

from sim.scenario import LEVELS

Level = IntEnum("Level", [(name.upper(), code) for code, name in enumerate(LEVELS)])
Level.__doc__ = """A handler level: ``COMPOUND`` (0), ``COMMUNITY`` (1), ``STREET`` (2), ``DEPARTMENT``
(3, a district's department) and ``CITY`` (4, a city department), named after
:data:`~sim.scenario.LEVELS` (``Level.STREET.name.lower()`` is ``"street"``)."""

COMPOUND, COMMUNITY, STREET, DEPARTMENT, CITY = (level.value for level in Level)
"""The levels' codes as plain ints, for array code: numpy takes an :class:`enum.IntEnum` member
for an int64 (so ``np.where(mask, Level.STREET, int8_levels)`` comes out int64) and compares
arrays with it several times slower than with an int."""

RESOLVED_PLACES = ("compound", "community", "street", "department", "district_department",
                   "city_department")
"""Where resolved cases are counted (``resolved_at``): the three lower levels, ``department`` for
departments of any level (district and city, so the first four sum to every resolved case), and
that share split into the districts' departments and the city's."""


def resolved_places(by_level) -> list:
    """Counts (or shares) by :data:`RESOLVED_PLACES` from counts (or shares) by level.

    Args:
        by_level: one number per :class:`Level`, in level order.

    Returns:
        One number per place of :data:`RESOLVED_PLACES`.
    """
    compound, community, street, district, city = by_level
    return [compound, community, street, district + city, district, city]
