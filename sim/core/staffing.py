"""Staff-hours: who has how many hours for resident issues each day, after every lever.

* 執法力量下沉 (``power.staff_follow``): department hours that follow delegated powers to streets.
* 重心下移 (``moving_down.staff_share``) moves a share of street and department hours down to the
  communities and compounds of the same district.
* 小區治理 / 小區分類治理: organised compounds (owners' committee, party branch) resolve
  self-governance issues with their volunteers; classified governance adds the hours of each
  compound type's package (:mod:`sim.core.compound_support`).
* Admin tasks (屬地 vs 有限責任, 社區准入制): departments issue admin tasks; under territorial duty
  they flow down to the communities, under limited duty only the listed share does; the access
  cap bounds what a community accepts, and what it refuses stays with the department as state
  tasks (``admin.retained_cost`` of its hours, :attr:`Staffing.retained_admin`), worked from its
  state-task hours (:mod:`sim.core.state_tasks`).  聯合檢查 merges part of the inspections.
* 三社聯動: social workers and social organisations add community hours; volunteers serve on
  site where their compound is organised (with the committee's own hours), else through the
  community; on-site volunteers with no work in their compound that day help the community.
* Streets and departments split their paid hours between residents' cases and the state's tasks
  (國家需求); the monthly ranking moves hours between the two (:mod:`sim.core.evaluation`).
  戰區制 redeploys department hours to the communities of streets that call for them
  (:mod:`sim.core.zones`).

The city's departments (市級部門, ``staff.city_department_hours``) serve the whole city: no lever
above moves their hours (they belong to no district).
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.compound_support import support_hours
from sim.core.levels import DEPARTMENT
from sim.core.numeric import clip
from sim.core.zones import CommandZones
from sim.scenario import Scenario


def inspection_merged(config: Scenario) -> float:
    """聯合檢查: share of the state tasks pushed below departments that merged inspections save.

    Args:
        config: the scenario (``joint.inspection``, ``state_tasks``).

    Returns:
        The share of streets' state tasks and communities' admin tasks no longer needed.
    """
    tasks = config.state_tasks
    return config.joint.inspection * tasks.inspection_share * tasks.inspection_overlap


def delegable_share(config: Scenario) -> float:
    """Share of district departments' case hours spent on kinds whose powers can be delegated.

    The case volume each kind brings a department is taken from the need drift of each domain,
    the domain's split over the kinds and the kind's share of cases needing a department; each
    case weighs its ``effort_hours``.  Cross-departmental cases stay with the departments
    whatever is delegated, and so do the hours that serve them.

    Args:
        config: the scenario (``domains``, ``kinds``).

    Returns:
        A share in [0, 1] (0 when no case needs a district department).
    """
    kinds = list(config.kinds)
    volume = np.zeros(len(kinds))
    for domain in config.domains.values():
        volume += domain.drift * np.array([domain.kinds.get(k, 0.0) for k in kinds])
    hours = volume * np.array([config.kinds[k].level_shares[DEPARTMENT] * config.kinds[k].effort_hours
                               for k in kinds])
    delegable = np.array([config.kinds[k].delegable for k in kinds])
    total = hours.sum()
    return float(hours[delegable].sum() / total) if total > 0 else 0.0


class Staffing:
    """Base hours per handler (fixed by the levers) and the daily capacity after admin and shocks.

    Args:
        config: the scenario (``staff``, ``social``, ``power``, ``moving_down``, ``admin``,
            ``joint``, ``command``).
        city: the built city.
    """

    def __init__(self, config: Scenario, city: City):
        """Set every handler's base hours from the levers."""
        self.config, self.city = config, city
        self.n_dept_kinds = city.n_dept_kinds
        per_1000 = city.handler_residents() / 1000.0
        base = self._staff_hours(per_1000)
        own = base.copy()
        self._follow_powers(base)
        self._move_down(base)
        self.moved_in = np.maximum(base - own, 0.0)
        """Hours each handler receives from staff moved to it (執法力量下沉, 重心下移), a working day."""
        self.paid = base.copy()
        """The paid staff's part of each handler's base hours (reduced to a duty roster on rest days)."""
        self._compound_hours(base, per_1000)
        self.base = base
        self.compound_active = self.compound_organised | (base[:city.n_compounds] > 0)
        self.admin_share = 0.0
        self.admin_hours_accepted = 0.0
        self.admin_issued = self.admin_pushed = np.zeros(city.n_communities)
        """Admin-task hours issued to, and pushed down to, each community today (the requests a
        street reviews under 有限責任 and 社區准入制, :mod:`sim.core.reform_work`)."""
        self.retained_admin = np.zeros(city.n_districts * city.n_dept_kinds)
        """Admin-task hours refused below that each department does itself today (its state tasks)."""
        # Fixed by the city, read every day.
        self._bounds = city.community_base, city.street_base, city.dept_base, city.city_dept_base
        self._community_district = city.street_district[city.community_street]
        self._community_residents = city.community_residents
        self._department_district = np.repeat(np.arange(city.n_districts), city.n_dept_kinds)
        self._last: tuple | None = None  # (inputs, hours) of the last capacity computed
        self.zones = CommandZones(config, city)
        """戰區制: which streets call in the departments, and the hours sent."""

    def _staff_hours(self, per_1000: np.ndarray) -> np.ndarray:
        """The staff's own hours for residents' cases per handler.

        Compounds get theirs in :meth:`_compound_hours`.  Also sets each street's and department's
        paid hours for the state's tasks (國家需求, :mod:`sim.core.state_tasks`): the rest of its
        paid hours, by ``state_tasks.street_case_share`` and ``staff.department_issue_share``.
        """
        staff, city = self.config.staff, self.city
        cb, sb, db, cdb = city.community_base, city.street_base, city.dept_base, city.city_dept_base
        street_share = self.config.state_tasks.street_case_share
        dept_share = staff.department_issue_share
        dept_paid = staff.department_hours * per_1000[db:cdb] / city.n_dept_kinds
        base = np.zeros(city.n_handlers)
        base[cb:sb] = (staff.community_hours + self.config.social.social_workers) * per_1000[cb:sb]
        base[sb:db] = staff.street_hours * street_share * per_1000[sb:db]
        base[db:cdb] = dept_paid * dept_share
        # The city's departments give residents' cases the same share; the state's tasks of the
        # city's own line are outside the model (its ranking and state tasks run in the districts).
        base[cdb:] = staff.city_department_hours * dept_share * per_1000[cdb:] / city.n_dept_kinds
        self.state_hours = np.zeros(city.n_handlers)
        """Each handler's paid hours for the state's tasks on a working day (streets, district departments)."""
        self.state_hours[sb:db] = staff.street_hours * (1 - street_share) * per_1000[sb:db]
        self.state_hours[db:cdb] = dept_paid * (1 - dept_share)
        return base

    def _follow_powers(self, base: np.ndarray) -> None:
        """執法力量下沉: department hours follow the powers delegated to the streets (in place).

        Only the hours that serve delegable kinds can follow (:func:`delegable_share`): a
        delegated power takes with it the staff who used it, not the department's other work.
        """
        city, power = self.city, self.config.power
        sb, db, cdb = city.street_base, city.dept_base, city.city_dept_base
        share = power.staff_follow * power.delegation * delegable_share(self.config)
        follow = share * base[db:cdb]
        base[db:cdb] -= follow
        self.followed_hours = float(follow.sum())
        """Department hours a working day that follow the delegated powers to the streets."""
        by_district = follow.reshape(city.n_districts, city.n_dept_kinds).sum(axis=1)
        street_res = city.street_residents
        base[sb:db] += by_district[city.street_district] * street_res / np.maximum(
            city.district_residents[city.street_district], 1)

    def _move_down(self, base: np.ndarray) -> None:
        """重心下移: a share of street and department hours goes down to the same district's communities and compounds.

        The hours change in place.
        """
        city, moving_down = self.city, self.config.moving_down
        nc, cb, sb, db = city.n_compounds, city.community_base, city.street_base, city.dept_base
        cdb = city.city_dept_base
        staff_share = moving_down.staff_share
        street_share = staff_share * moving_down.street_part
        moved = np.zeros(city.n_districts)
        np.add.at(moved, city.street_district, street_share * base[sb:db])
        np.add.at(moved, np.repeat(np.arange(city.n_districts), city.n_dept_kinds),
                  staff_share * base[db:cdb])
        base[sb:db] *= 1 - street_share
        base[db:cdb] *= 1 - staff_share
        self.moved_down_hours = float(moved.sum())
        """Street and department hours a working day moved down to communities and compounds."""
        share_down = moved / np.maximum(city.district_residents, 1)
        comp_share = moving_down.compound_share
        base[:nc] += comp_share * share_down[city.compound_district] * city.compound_residents
        comm_district = city.street_district[city.community_street]
        base[cb:sb] += (1 - comp_share) * share_down[comm_district] * city.community_residents

    def _compound_hours(self, base: np.ndarray, per_1000: np.ndarray) -> None:
        """Compound services and self-governance (in place); sets which compounds are organised.

        Property firms give hours by their quality; 小區分類治理 adds each type's package
        (:func:`~sim.core.compound_support.support_hours`); 小區治理: organised compounds (committee, party branch) give
        their own hours on site.
        """
        city, staff, moving_down = self.city, self.config.staff, self.config.moving_down
        nc = city.n_compounds
        firm_h = staff.firm_hours * per_1000[:nc]
        base[:nc] += np.where(city.compound_has_firm, city.compound_firm_quality * firm_h, 0.0)
        base[:nc] += support_hours(self.config, city)
        self.compound_organised = city.compound_organised_base | (
            city.compound_governance_draw < moving_down.compound_governance)
        base[:nc] += np.where(self.compound_organised, staff.committee_hours * per_1000[:nc], 0.0)

    def capacity(self, day_admin_factor: float, redeploy_calls: np.ndarray, orgs: np.ndarray,
                 roster: np.ndarray, mobilisation: float, workday: bool = True,
                 damage: np.ndarray | None = None) -> np.ndarray:
        """Hours each handler has for issues today.

        On a rest day (weekend or public holiday) paid staff keep a duty roster: their hours for
        cases and for state tasks and the admin tasks departments issue are all
        ``calendar.rest_day_staff`` of a working day's; property firms, committees, volunteers and
        social organisations work every day.

        Args:
            day_admin_factor: multiplier on admin tasks today (shocks).
            redeploy_calls: whether each street calls in department hours today (戰區制,
                :meth:`CommandZones.calls`).
            orgs: social organisations per community.
            roster: volunteers per compound.
            mobilisation: multiplier on volunteer turnout today.
            workday: whether today is a working day.
            damage: share of each handler's staff hours (paid staff, firms, committees) left
                today after a disaster (``None``: all of them).

        The hours change only when these inputs do (at a survey, or under a shock), so the last
        day's are given again when the inputs are the same.
        """
        duty = 1.0 if workday else self.config.calendar.rest_day_staff
        inputs = (day_admin_factor, redeploy_calls.tobytes(), mobilisation, duty, orgs.tobytes(),
                  roster.tobytes(), None if damage is None else damage.tobytes())
        if self._last is not None and self._last[0] == inputs:
            return self._last[1].copy()
        hours = self._capacity(day_admin_factor, redeploy_calls, orgs, roster, mobilisation, duty, damage)
        self._last = inputs, hours
        return hours.copy()

    def _capacity(self, day_admin_factor, redeploy_calls, orgs, roster, mobilisation, duty, damage):
        config, city = self.config, self.city
        cb, sb, _, _ = self._bounds
        comm_district = self._community_district
        cap = self.base - (1.0 - duty) * self.paid
        if damage is not None:  # a disaster: staff on rescue, offices flooded
            cap *= damage
        volunteer_hours = roster * config.staff.volunteer_hours * mobilisation
        self.volunteers_on_site = np.where(self.compound_organised, volunteer_hours, 0.0)
        cap[:cb] += self.volunteers_on_site
        via_community = np.bincount(city.compound_community,
                                    volunteer_hours - self.volunteers_on_site,
                                    minlength=city.n_communities)
        gross = cap[cb:sb] + via_community + orgs * config.social.org_hours

        gross += self.zones.send(cap, redeploy_calls)  # 戰區制 (sim/core/zones.py)

        # Admin tasks: what flows down (fewer inspection hours when departments inspect together,
        # 聯合檢查), what the access cap lets in, what stays up as the departments' state tasks.
        admin = config.admin
        issued = (admin.hours * (1 - inspection_merged(config)) * day_admin_factor * duty
                  * (self._community_residents / 1000.0))
        pushed = issued * (admin.listed_share + (1 - admin.listed_share) * config.power.territorial)
        accepted = np.minimum(np.minimum(pushed, admin.access_cap * gross), gross)
        self.admin_issued, self.admin_pushed = issued, pushed
        retained = (issued - accepted) * admin.retained_cost
        retained_by_district = np.bincount(comm_district, retained, minlength=city.n_districts)
        self.retained_admin = (retained_by_district / self.n_dept_kinds)[self._department_district]
        cap[cb:sb] = gross - accepted
        self.admin_hours_accepted = float(accepted.sum())
        self.admin_share = self.admin_hours_accepted / max(float(gross.sum()), 1e-9)
        return np.maximum(cap, 0.0)

    def send_idle_volunteers(self, capacity: np.ndarray, queued: np.ndarray,
                             spent: np.ndarray | float = 0.0) -> np.ndarray:
        """Volunteers of organised compounds with no work on site today help their community.

        Args:
            capacity: hours per handler today (after triage).
            queued: effort waiting at each handler today.
            spent: volunteer hours each compound already spent today on cases its residents
                resolved themselves (三步走, :mod:`sim.core.stages`).
        """
        city = self.city
        cb, sb = city.community_base, city.street_base
        idle = clip(capacity[:cb] - queued[:cb], 0.0, self.volunteers_on_site - spent)
        out = capacity.copy()
        out[:cb] -= idle
        out[cb:sb] += np.bincount(city.compound_community, idle, minlength=city.n_communities)
        return out
