"""Staff-hours: who has how many hours for resident issues each day, after every lever.

* 執法力量下沉 (``power.staff_follow``): department hours that follow delegated powers to streets.
* 重心下移 (``moving_down.staff_share``) moves a share of street and department hours down to the
  communities and compounds of the same district.
* 小區治理 / 小區分類治理: organised compounds (owners' committee, party branch) resolve
  self-governance issues with their volunteers; classified governance gives compounds without a
  property firm public property services.
* Admin tasks (屬地 vs 有限責任, 社區准入制): departments issue admin tasks; under territorial duty
  they flow down to the communities, under limited duty only the listed share does; the access
  cap bounds what a community accepts, and what it refuses stays with the department, costing
  that department part of the hours (``admin.retained_cost``), taken from the hours it spends on
  its own priorities first and from its hours for residents' issues only beyond those.
* 三社聯動: social workers and social organisations add community hours; volunteers serve on
  site where their compound is organised (with the committee's own hours), else through the
  community; on-site volunteers with no work in their compound that day help the community.
* 聯合考核 raises the share of department hours spent on residents' issues; 戰區制 redeploys
  department hours to communities during a shock.

The city's departments (市級部門, ``staff.city_department_hours``) serve the whole city: no lever
above moves their hours (they belong to no district), except 聯合考核's share for residents' issues.
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.numeric import clip
from sim.scenario import Scenario

PUBLIC_SERVICE_QUALITY = 0.6
"""Quality of the public property services classified governance gives compounds without a firm."""


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
        self._follow_powers(base)
        self._move_down(base)
        self.paid = base.copy()
        """The paid staff's part of each handler's base hours (reduced to a duty roster on rest days)."""
        self._compound_hours(base, per_1000)
        self.base = base
        self.compound_active = self.compound_organised | (base[:city.n_compounds] > 0)
        self.admin_share = 0.0
        self.admin_hours_accepted = 0.0
        # Fixed by the city, read every day.
        self._bounds = city.community_base, city.street_base, city.dept_base, city.city_dept_base
        self._community_district = city.street_district[city.community_street]
        self._community_residents = city.community_residents
        self._department_district = np.repeat(np.arange(city.n_districts), city.n_dept_kinds)
        self._last: tuple | None = None  # (inputs, hours) of the last capacity computed

    def _staff_hours(self, per_1000: np.ndarray) -> np.ndarray:
        """The staff's own hours for residents' issues per handler.

        Compounds get theirs in :meth:`_compound_hours`.  Also sets the departments' hours for
        their own priorities.
        """
        staff, city = self.config.staff, self.city
        cb, sb, db, cdb = city.community_base, city.street_base, city.dept_base, city.city_dept_base
        # Departments spend a share of their hours on residents' issues; evaluation raises it.
        issue_share = staff.department_issue_share
        issue_share += (1 - issue_share) * 0.5 * self.config.joint.evaluation
        base = np.zeros(city.n_handlers)
        base[cb:sb] = (staff.community_hours + self.config.social.social_workers) * per_1000[cb:sb]
        base[sb:db] = staff.street_hours * per_1000[sb:db]
        base[db:cdb] = staff.department_hours * issue_share * per_1000[db:cdb] / city.n_dept_kinds
        base[cdb:] = staff.city_department_hours * issue_share * per_1000[cdb:] / city.n_dept_kinds
        # The rest of a district department's hours go to its own priorities; admin tasks that
        # the department has to do itself come out of those hours first.
        self.dept_own_hours = (staff.department_hours * (1 - issue_share) * per_1000[db:cdb]
                               / city.n_dept_kinds)
        return base

    def _follow_powers(self, base: np.ndarray) -> None:
        """執法力量下沉: department hours follow the powers delegated to the streets (in place)."""
        city, power = self.city, self.config.power
        sb, db, cdb = city.street_base, city.dept_base, city.city_dept_base
        follow = power.staff_follow * power.delegation * base[db:cdb]
        base[db:cdb] -= follow
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
        share_down = moved / np.maximum(city.district_residents, 1)
        comp_share = moving_down.compound_share
        base[:nc] += comp_share * share_down[city.compound_district] * city.compound_residents
        comm_district = city.street_district[city.community_street]
        base[cb:sb] += (1 - comp_share) * share_down[comm_district] * city.community_residents

    def _compound_hours(self, base: np.ndarray, per_1000: np.ndarray) -> None:
        """Compound services and self-governance (in place); sets which compounds are organised.

        Property firms give hours by their quality; 小區分類治理 gives compounds without a firm
        public property services; 小區治理: organised compounds (committee, party branch) give
        their own hours on site.
        """
        city, staff, moving_down = self.city, self.config.staff, self.config.moving_down
        nc = city.n_compounds
        firm_h = staff.firm_hours * per_1000[:nc]
        service = np.where(city.compound_has_firm, city.compound_firm_quality * firm_h,
                           moving_down.classified * PUBLIC_SERVICE_QUALITY * firm_h)
        base[:nc] += service
        self.compound_organised = city.compound_organised_base | (
            city.compound_governance_draw < moving_down.compound_governance)
        base[:nc] += np.where(self.compound_organised, staff.committee_hours * per_1000[:nc], 0.0)

    def capacity(self, day_admin_factor: float, redeploy_active: bool, orgs: np.ndarray,
                 roster: np.ndarray, mobilisation: float, workday: bool = True) -> np.ndarray:
        """Hours each handler has for issues today.

        On a rest day (weekend or public holiday) paid staff keep a duty roster: their hours, the
        departments' own-priority hours and the admin tasks departments issue are all
        ``calendar.rest_day_staff`` of a working day's; property firms, committees, volunteers and
        social organisations work every day.

        Args:
            day_admin_factor: multiplier on admin tasks today (shocks).
            redeploy_active: whether department hours are redeployed to communities today.
            orgs: social organisations per community.
            roster: volunteers per compound.
            mobilisation: multiplier on volunteer turnout today.
            workday: whether today is a working day.

        The hours change only when these inputs do (at a survey, or under a shock), so the last
        day's are given again when the inputs are the same.
        """
        duty = 1.0 if workday else self.config.calendar.rest_day_staff
        inputs = (day_admin_factor, redeploy_active, mobilisation, duty, orgs.tobytes(), roster.tobytes())
        if self._last is not None and self._last[0] == inputs:
            return self._last[1].copy()
        hours = self._capacity(day_admin_factor, redeploy_active, orgs, roster, mobilisation, duty)
        self._last = inputs, hours
        return hours.copy()

    def _capacity(self, day_admin_factor, redeploy_active, orgs, roster, mobilisation, duty):
        config, city = self.config, self.city
        cb, sb, db, cdb = self._bounds
        comm_district = self._community_district
        cap = self.base - (1.0 - duty) * self.paid
        volunteer_hours = roster * config.staff.volunteer_hours * mobilisation
        self.volunteers_on_site = np.where(self.compound_organised, volunteer_hours, 0.0)
        cap[:cb] += self.volunteers_on_site
        via_community = np.bincount(city.compound_community,
                                    volunteer_hours - self.volunteers_on_site,
                                    minlength=city.n_communities)
        gross = cap[cb:sb] + via_community + orgs * config.social.org_hours

        if redeploy_active and config.command.redeploy > 0:
            sent = config.command.redeploy * cap[db:cdb]
            cap[db:cdb] -= sent
            by_district = sent.reshape(city.n_districts, self.n_dept_kinds).sum(axis=1)
            share = self._community_residents / np.maximum(
                city.district_residents[comm_district], 1)
            gross += by_district[comm_district] * share

        # Admin tasks: what flows down, what the access cap lets in, what stays up.
        admin = config.admin
        issued = admin.hours * day_admin_factor * duty * (self._community_residents / 1000.0)
        pushed = issued * (admin.listed_share + (1 - admin.listed_share) * config.power.territorial)
        accepted = np.minimum(np.minimum(pushed, admin.access_cap * gross), gross)
        retained = (issued - accepted) * admin.retained_cost
        retained_by_district = np.bincount(comm_district, retained, minlength=city.n_districts)
        retained_each = (retained_by_district / self.n_dept_kinds)[self._department_district]
        cap[db:cdb] -= np.maximum(retained_each - duty * self.dept_own_hours, 0.0)
        cap[cb:sb] = gross - accepted
        self.admin_hours_accepted = float(accepted.sum())
        self.admin_share = self.admin_hours_accepted / max(float(gross.sum()), 1e-9)
        return np.maximum(cap, 0.0)

    def send_idle_volunteers(self, capacity: np.ndarray, queued: np.ndarray) -> np.ndarray:
        """Volunteers of organised compounds with no work on site today help their community.

        Args:
            capacity: hours per handler today (after triage).
            queued: effort waiting at each handler today.
        """
        city = self.city
        cb, sb = city.community_base, city.street_base
        idle = clip(capacity[:cb] - queued[:cb], 0.0, self.volunteers_on_site)
        out = capacity.copy()
        out[:cb] -= idle
        out[cb:sb] += np.bincount(city.compound_community, idle, minlength=city.n_communities)
        return out
