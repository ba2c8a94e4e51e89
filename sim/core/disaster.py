"""A disaster shock: a flood or typhoon that hits one contiguous part of the city.

Unlike the epidemic, which raises needs everywhere, a flood strikes where the ground is low: a
run of neighbouring compounds (compounds are numbered community by community, street by street)
holding ``affected_share`` of the residents.  The run is drawn from a generator seeded with the
city's seed alone, so every run of one city — every replicate and every arm of a comparison —
floods the same compounds.  Where it hits, for the emergency (``length`` days) and then
declining linearly over the recovery:

* needs in the damaged domains (homes, lifts, power and water; danger; drains, silt, refuse)
  grow by ``need_surge`` × their usual drift more (falling to nothing over ``recovery_days``);
* compound and community staff hours are lost, ``capacity_loss`` of them at the height (staff
  on rescue and evacuation, offices and property rooms flooded; back over
  ``capacity_recovery_days``) — a community loses in proportion to its residents in the hit area;
* volunteers are mobilised city-wide while the hours are lost, and it counts as a shock for
  戰區制's redeployment of department hours to the communities.
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.resident_rule import grow_needs
from sim.core.residents import ResidentTable
from sim.scenario import Scenario

HIT_AREA_STREAM = 0xF100D
"""Second word of the hit area's generator seed (the first is the city's seed), so that drawing
the hit area takes nothing from the city's own stream."""


def hit_compounds(city: City, share: float, city_seed: int) -> slice:
    """The compounds a disaster hits: a run of neighbouring compounds holding ``share`` of the residents.

    Args:
        city: the built city.
        share: share of the residents the run must hold (it holds at least this many).
        city_seed: the city's seed; the run depends on nothing else.

    Returns:
        The slice of compound indices hit.
    """
    rng = np.random.default_rng([city_seed, HIT_AREA_STREAM])
    sizes = city.compound_residents
    target = share * float(sizes.sum())
    room = np.cumsum(sizes[::-1])[::-1]  # residents from each compound to the city's last
    first = int(rng.choice(np.flatnonzero(room >= target)))
    last = first + int(np.searchsorted(np.cumsum(sizes[first:]), target))
    return slice(first, min(last + 1, city.n_compounds))


HIT_AREA_OUTCOMES = ("hit_area_raised_today", "hit_area_resolved_today", "hit_area_backlog",
                     "hit_area_satisfaction")
"""The daily outcomes of the hit area (declared in :mod:`sim.core.outcomes`)."""


class Disaster:
    """The disaster shock of a scenario (inactive when ``shocks.disaster.enabled`` is false).

    Args:
        config: the scenario; its ``shocks.disaster`` table sets kind, start, length and damage.
        city: the built city.
        city_seed: the city's seed, which alone places the hit area.

    Attributes:
        compounds: the compounds hit (a slice of compound indices).
        residents: the residents hit (a slice of rows: residents are stored compound by compound).
        raised_today, resolved_today: issues of the hit area raised and resolved today.
    """

    def __init__(self, config: Scenario, city: City, city_seed: int):
        """Place the hit area and read which domains the disaster damages."""
        self.config = config
        disaster = config.shocks.disaster
        self.compounds = hit_compounds(city, disaster.affected_share, city_seed)
        first_resident = np.r_[0, np.cumsum(city.compound_residents)]
        self.residents = slice(int(first_resident[self.compounds.start]),
                               int(first_resident[self.compounds.stop]))
        hit = np.bincount(city.compound_community[self.compounds],
                          city.compound_residents[self.compounds], minlength=city.n_communities)
        self._community_hit = hit / np.maximum(city.community_residents, 1)
        self._handlers, self._community_base = city.n_handlers, city.community_base
        self.domain_hit = np.array([name in disaster.domains for name in config.domains],
                                   dtype=np.float32)
        self.raised_today = self.resolved_today = 0

    def _profile(self, day: int, recovery_days: int) -> float:
        """1 during the emergency, then falling linearly to 0 over ``recovery_days`` (0 outside)."""
        disaster = self.config.shocks.disaster
        since = day - disaster.start
        if not disaster.enabled or since < 0:
            return 0.0
        after = since - disaster.days()
        return 1.0 if after < 0 else max(0.0, 1.0 - (after + 1) / recovery_days)

    def need_level(self, day: int) -> float:
        """Today's share of the height's extra needs (0 outside the disaster and its recovery)."""
        return self._profile(day, self.config.shocks.disaster.recovery_days)

    def loss_level(self, day: int) -> float:
        """Today's share of the height's lost staff hours (0 once they are back)."""
        return self._profile(day, self.config.shocks.disaster.capacity_recovery_days)

    def active(self, day: int) -> bool:
        """Whether the disaster counts as a shock today (the emergency and the return of the staff)."""
        return self.loss_level(day) > 0

    def raise_needs(self, residents: ResidentTable, day: int) -> None:
        """Needs in the damaged domains grow faster in the hit area: ``need_surge`` × drift more at the height.

        Args:
            residents: the resident table (its needs change in place).
            day: today.
        """
        level = self.need_level(day)
        if level == 0:
            return
        rows = self.residents
        extra = np.float32(self.config.shocks.disaster.need_surge * level) * self.domain_hit
        needs = residents.needs[:, rows]
        grow_needs(needs, extra[:, None] * residents.drift[:, rows], out=needs)

    def damage(self, day: int) -> np.ndarray | None:
        """Share of each handler's staff hours left today (``None`` when nothing is lost).

        Compounds of the hit area keep ``1 − capacity_loss × level``; a community loses in
        proportion to its residents living in the hit area; streets and departments lose nothing.
        """
        lost = self.config.shocks.disaster.capacity_loss * self.loss_level(day)
        if lost == 0:
            return None
        left = np.ones(self._handlers)
        left[self.compounds] -= lost
        cb = self._community_base
        left[cb:cb + len(self._community_hit)] -= lost * self._community_hit
        return left

    def mobilisation(self, day: int) -> float:
        """Multiplier on volunteer hours today: 1 + 4 × mobilisation × today's loss level (see :meth:`damage`)."""
        return 1.0 + 4.0 * self.config.shocks.disaster.volunteer_mobilisation * self.loss_level(day)

    def count(self, raised_compound: np.ndarray, resolved_compound: np.ndarray) -> None:
        """Count today's issues raised and resolved in the hit area.

        Args:
            raised_compound: compound of each issue raised today.
            resolved_compound: compound of each issue resolved today.
        """
        if not self.config.shocks.disaster.enabled:
            return
        self.raised_today = self._in_area(raised_compound)
        self.resolved_today = self._in_area(resolved_compound)

    def _in_area(self, compound: np.ndarray) -> int:
        return int(((compound >= self.compounds.start) & (compound < self.compounds.stop)).sum())

    def outcomes(self, open_compound: np.ndarray, satisfaction: np.ndarray) -> dict[str, float]:
        """Today's outcomes of the hit area (NaN when no disaster is set).

        Args:
            open_compound: compound of every open issue.
            satisfaction: every resident's satisfaction.
        """
        if not self.config.shocks.disaster.enabled:
            return dict.fromkeys(HIT_AREA_OUTCOMES, float("nan"))
        return {"hit_area_raised_today": self.raised_today,
                "hit_area_resolved_today": self.resolved_today,
                "hit_area_backlog": self._in_area(open_compound),
                "hit_area_satisfaction": float(satisfaction[self.residents].mean())}
