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
        scenario: the scenario (``staff``, ``moving_down``, ``admin``, ``joint``, ``command``).
        city: the built city.
    """

    def __init__(self, scenario: Scenario, city: City):
        s = scenario
        self.s, self.city = s, city
        per_1000 = city.handler_residents() / 1000.0
        nc = city.n_compounds
        cb, sb, db = city.community_base, city.street_base, city.dept_base
        self.n_dept_kinds = city.n_dept_kinds

        # Departments spend a share of their hours on residents' issues; evaluation raises it.
        issue_share = s.staff.department_issue_share
        issue_share += (1 - issue_share) * 0.5 * s.joint.evaluation
        base = np.zeros(city.n_handlers)
        base[cb:sb] = (s.staff.community_hours + s.social.social_workers) * per_1000[cb:sb]
        base[sb:db] = s.staff.street_hours * per_1000[sb:db]
        base[db:] = s.staff.department_hours * issue_share * per_1000[db:] / city.n_dept_kinds
        # The rest of a department's hours go to its own priorities; admin tasks that the
        # department has to do itself come out of those hours first.
        self.dept_own_hours = (s.staff.department_hours * (1 - issue_share) * per_1000[db:]
                               / city.n_dept_kinds)

        # 執法力量下沉: department hours follow the powers delegated to the streets.
        follow = s.power.staff_follow * s.power.delegation * base[db:]
        base[db:] -= follow
        by_district = follow.reshape(city.n_districts, city.n_dept_kinds).sum(axis=1)
        street_res = city.street_residents
        base[sb:db] += by_district[city.street_district] * street_res / np.maximum(
            city.district_residents[city.street_district], 1)

        # 重心下移: a share of street and department hours goes down within each district.
        m = s.moving_down.staff_share
        m_street = m * s.moving_down.street_part
        moved = np.zeros(city.n_districts)
        np.add.at(moved, city.street_district, m_street * base[sb:db])
        np.add.at(moved, np.repeat(np.arange(city.n_districts), city.n_dept_kinds), m * base[db:])
        base[sb:db] *= 1 - m_street
        base[db:] *= 1 - m
        district_res = city.district_residents
        share_down = moved / np.maximum(district_res, 1)
        comp_share = s.moving_down.compound_share
        base[:nc] += comp_share * share_down[city.compound_district] * city.compound_residents
        comm_district = city.street_district[city.community_street]
        base[cb:sb] += (1 - comp_share) * share_down[comm_district] * city.community_residents

        # Compound services: property firms, and public services where there is no firm.
        firm_h = s.staff.firm_hours * per_1000[:nc]
        service = np.where(city.compound_has_firm, city.compound_firm_quality * firm_h,
                           s.moving_down.classified * PUBLIC_SERVICE_QUALITY * firm_h)
        base[:nc] += service
        # 小區治理: organised compounds (committee, party branch) give their own hours on site.
        self.compound_organised = city.compound_organised_base | (
            city.compound_governance_draw < s.moving_down.compound_governance)
        base[:nc] += np.where(self.compound_organised, s.staff.committee_hours * per_1000[:nc], 0.0)
        self.base = base
        self.compound_active = self.compound_organised | (base[:nc] > 0)
        self.admin_share = 0.0
        self.admin_hours_accepted = 0.0
        # Fixed by the city, read every day.
        self._bounds = cb, sb, db
        self._community_district = comm_district
        self._community_residents = city.community_residents
        self._department_district = np.repeat(np.arange(city.n_districts), city.n_dept_kinds)
        self._last: tuple | None = None  # (inputs, hours) of the last capacity computed

    def capacity(self, day_admin_factor: float, redeploy_active: bool, orgs: np.ndarray,
                 roster: np.ndarray, mobilisation: float) -> np.ndarray:
        """Hours each handler has for issues today.

        Args:
            day_admin_factor: multiplier on admin tasks today (shocks).
            redeploy_active: whether department hours are redeployed to communities today.
            orgs: social organisations per community.
            roster: volunteers per compound.
            mobilisation: multiplier on volunteer turnout today.

        The hours change only when these inputs do (at a survey, or under a shock), so the last
        day's are given again when the inputs are the same.
        """
        inputs = (day_admin_factor, redeploy_active, mobilisation, orgs.tobytes(), roster.tobytes())
        if self._last is not None and self._last[0] == inputs:
            return self._last[1].copy()
        hours = self._capacity(day_admin_factor, redeploy_active, orgs, roster, mobilisation)
        self._last = inputs, hours
        return hours.copy()

    def _capacity(self, day_admin_factor, redeploy_active, orgs, roster, mobilisation):
        s, city = self.s, self.city
        cb, sb, db = self._bounds
        comm_district = self._community_district
        cap = self.base.copy()
        volunteer_hours = roster * s.staff.volunteer_hours * mobilisation
        self.volunteers_on_site = np.where(self.compound_organised, volunteer_hours, 0.0)
        cap[:cb] += self.volunteers_on_site
        via_community = np.bincount(city.compound_community,
                                    volunteer_hours - self.volunteers_on_site,
                                    minlength=city.n_communities)
        gross = cap[cb:sb] + via_community + orgs * s.social.org_hours

        if redeploy_active and s.command.redeploy > 0:
            sent = s.command.redeploy * cap[db:]
            cap[db:] -= sent
            by_district = sent.reshape(city.n_districts, self.n_dept_kinds).sum(axis=1)
            share = self._community_residents / np.maximum(
                city.district_residents[comm_district], 1)
            gross += by_district[comm_district] * share

        # Admin tasks: what flows down, what the access cap lets in, what stays up.
        a = s.admin
        issued = a.hours * day_admin_factor * (self._community_residents / 1000.0)
        pushed = issued * (a.listed_share + (1 - a.listed_share) * s.power.territorial)
        accepted = np.minimum(np.minimum(pushed, a.access_cap * gross), gross)
        retained = (issued - accepted) * a.retained_cost
        retained_by_district = np.bincount(comm_district, retained, minlength=city.n_districts)
        retained_each = (retained_by_district / self.n_dept_kinds)[self._department_district]
        cap[db:] -= np.maximum(retained_each - self.dept_own_hours, 0.0)
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
