"""The work the reforms create: training, lists, reviews, rankings, guidance and organising.

Some reforms move no staff and pay no money of their own, yet they are not free: someone must
learn the delegated powers, draft and revise the lists, review each task request, rank the
departments, guide the new committees, coordinate the reporting party members and organise the
mobilised volunteers.  Each day :class:`ReformWork` works out that work for the arrangement in
force over the pre-reform one (``model.initial_config``), at the unit costs of the ``costs``
table, and takes the hours from the handlers who do it:

* streets and district departments, as state tasks of the day (:mod:`sim.core.state_tasks`), so
  that the work competes with the state's own tasks and, through the ranking, with cases:

  - 權下放 (``power.delegation``): training street staff in the delegated powers (one-off,
    ``delegation_training_hours``) and the legal review of their decisions (a year,
    ``delegation_review_hours``), per 1,000 street residents × the rise in delegation;
  - 權責清單 (``power.list_clarity``): drafting (one-off) and revising (a year) each street's and
    department's list, per 1,000 residents served × the rise in clarity;
  - 有限責任 (``power.territorial``) and 社區准入制 (``admin.access_cap``), both reforms that lower
    the lever: the street reviews the task requests issued to its communities (checked against
    the listed duties) or pushed down to them (checked against the cap), ``admin_review_hours`` a
    request of ``admin_task_hours``, on the share of requests given by how far the lever has come
    down from its pre-reform value toward 0;
  - 聯合檢查 (``joint.inspection``): the departments' coordination hours are already state tasks
    (``state_tasks.inspection_coordination_hours``); they are reported here, not added again;

* communities, from their hours for cases and admin tasks:

  - 小區治理 (``moving_down.compound_governance``): setting up each compound the reform organises
    (one-off) and guiding it (a year), per 1,000 of its residents;
  - 在職黨員到社區報到 (``social.party_members_report``): coordination hours a year per reporting
    member; the members' own hours, given mostly in their spare time, are not staff-hours: they
    are valued in yuan at their shadow price (``party_member_yuan_per_hour``);
  - volunteer mobilisation (``shocks.epidemic.volunteer_mobilisation``, during the wave):
    organising hours and insurance and subsidy per mobilised volunteer-hour;

* no modelled handler: 聯合考核 (``joint.evaluation``), the district assessment office's hours per
  department ranked a month, valued in yuan.

One-off work is spread evenly over ``costs.training_days`` from the day the lever rises above the
highest value it has held; work counted a year is spread evenly over its days.
"""

from __future__ import annotations

import numpy as np

from sim.core.society import party_volunteer_share
from sim.scenario import Scenario
from sim.scenario.costs import REFORM_WORK
from sim.scenario.timeline import get_key

WORK = {key: i for i, key in enumerate(REFORM_WORK)}
ONE_OFF = ("power.delegation", "power.list_clarity", "moving_down.compound_governance")
"""Levers whose rise also costs one-off work (training, drafting, setting up)."""
CIVIL_SERVANT_WORK = ("power.delegation", "power.list_clarity", "power.territorial", "admin.access_cap",
                      "joint.evaluation", "joint.inspection")
"""Levers whose work is civil servants' (the community's work is valued at a community worker's cost)."""
PER_DAY = 1.0 / 365.0


def lowered(now: float, before: float) -> float:
    """How far a lever whose reform lowers it has come down toward 0 from its pre-reform value (a share)."""
    return max(0.0, 1.0 - now / before) if before > 0 else 0.0


def attributed(now: float, before: float) -> float:
    """Share of what a lever does at ``now`` that is due to its rise from ``before``."""
    return max(0.0, 1.0 - before / now) if now > 0 else 0.0


class ReformWork:
    """Today's work of the reforms in force, by lever, and where its hours come from.

    Args:
        model: the model, built (its city, staffing and pre-reform scenario).

    Attributes:
        state_work: state-task hours today at each street and district department.
        community_work: hours taken today from each community.
        hours: today's staff-hours by lever (:data:`~sim.scenario.costs.REFORM_WORK` order).
        yuan: today's yuan by lever.
    """

    def __init__(self, model):
        """Read the city's sizes and the pre-reform levers."""
        city, self.initial = model.city, model.initial_config
        served = city.handler_residents()[city.street_base:city.city_dept_base] / 1000.0
        served[city.n_streets:] /= city.n_dept_kinds  # a department serves its district per kind
        self._served, self._ns, self._nc = served, city.n_streets, city.n_communities
        self._community_base, self._community_street = city.community_base, city.community_street
        self._compound_community = city.compound_community
        self._compound_1000 = city.compound_residents / 1000.0
        # A compound organised from the start is never the reform's work.
        self._draw = np.where(city.compound_organised_base, np.inf, city.compound_governance_draw)
        self._departments = city.n_districts * city.n_dept_kinds
        self._peak = {key: float(get_key(self.initial, key)) for key in ONE_OFF}
        self._one_off: list[tuple[int, int, np.ndarray, np.ndarray]] = []  # (end, lever, state, community)
        self._clear()

    def _clear(self) -> None:
        self.state_work = np.zeros(len(self._served))
        self.community_work = np.zeros(self._nc)
        self.hours = np.zeros(len(REFORM_WORK))
        self.yuan = np.zeros(len(REFORM_WORK))

    def take(self, model, day: int, capacity: np.ndarray) -> np.ndarray:
        """Work out today's reform work and take the communities' part from ``capacity`` (in place).

        Args:
            model: the model, after today's staff hours (``staffing.capacity``) are set.
            day: today.
            capacity: hours per handler for cases today.

        Returns:
            The state-task hours the reforms add today at each street and district department.
        """
        self._clear()
        config = model.config
        if config is not self.initial:
            self._one_offs(config, day)
            self._yearly(config)
            self._reviews(config, model.staffing)
            self._society(config, model, day)
            self._outside(config, model.calendar.is_workday(day))
        cb = self._community_base
        np.maximum(capacity[cb:cb + self._nc] - self.community_work, 0.0, out=capacity[cb:cb + self._nc])
        unit = self.initial.costs
        for key in CIVIL_SERVANT_WORK:
            self.yuan[WORK[key]] += self.hours[WORK[key]] * unit.civil_servant_yuan_per_hour
        governance = WORK["moving_down.compound_governance"]
        self.yuan[governance] += self.hours[governance] * unit.community_worker_yuan_per_hour
        return self.state_work

    def _add(self, key: str, state: np.ndarray | None = None, community: np.ndarray | None = None) -> None:
        """Charge ``key`` with work at the streets and departments and/or at the communities."""
        if state is not None:
            self.state_work += state
            self.hours[WORK[key]] += float(state.sum())
        if community is not None:
            self.community_work += community
            self.hours[WORK[key]] += float(community.sum())

    def _organised(self, low: float, high: float) -> np.ndarray:
        """Residents (thousands) per community of the compounds organised between draws ``low`` and ``high``."""
        new = (self._draw >= low) & (self._draw < high)
        return np.bincount(self._compound_community, new * self._compound_1000, minlength=self._nc)

    def _one_offs(self, config: Scenario, day: int) -> None:
        """Training, drafting and setting up: each rise above a lever's highest value so far."""
        unit, spread = self.initial.costs, max(1, self.initial.costs.training_days)
        for key in ONE_OFF:
            now, peak = float(get_key(config, key)), self._peak[key]
            if now <= peak:
                continue
            state, community = np.zeros(len(self._served)), np.zeros(self._nc)
            if key == "power.delegation":
                state[:self._ns] = (now - peak) * unit.delegation_training_hours * self._served[:self._ns]
            elif key == "power.list_clarity":
                state = (now - peak) * unit.list_drafting_hours * self._served
            else:
                community = unit.compound_setup_hours * self._organised(peak, now)
            self._one_off.append((day + spread, WORK[key], state / spread, community / spread))
            self._peak[key] = now
        self._one_off = [work for work in self._one_off if work[0] > day]
        for _, lever, state, community in self._one_off:
            self._add(REFORM_WORK[lever], state, community)

    def _yearly(self, config: Scenario) -> None:
        """Legal review, list revision and guidance: a year's work, spread over its days."""
        unit, initial = self.initial.costs, self.initial
        delegated = max(0.0, config.power.delegation - initial.power.delegation)
        review = np.zeros(len(self._served))
        review[:self._ns] = delegated * unit.delegation_review_hours * PER_DAY * self._served[:self._ns]
        self._add("power.delegation", review)
        clearer = max(0.0, config.power.list_clarity - initial.power.list_clarity)
        self._add("power.list_clarity", clearer * unit.list_revision_hours * PER_DAY * self._served)
        organised = self._organised(initial.moving_down.compound_governance,
                                    config.moving_down.compound_governance)
        self._add("moving_down.compound_governance", None, unit.compound_guidance_hours * PER_DAY * organised)

    def _reviews(self, config: Scenario, staffing) -> None:
        """有限責任 and 社區准入制: the street reviews the task requests issued or pushed to its communities."""
        unit, initial = self.initial.costs, self.initial
        per_request = unit.admin_review_hours / unit.admin_task_hours
        for key, hours in (("power.territorial", staffing.admin_issued),
                           ("admin.access_cap", staffing.admin_pushed)):
            share = lowered(float(get_key(config, key)), float(get_key(initial, key)))
            if share > 0:
                state = np.zeros(len(self._served))
                state[:self._ns] = np.bincount(self._community_street, share * per_request * hours,
                                               minlength=self._ns)
                self._add(key, state)

    def _society(self, config: Scenario, model, day: int) -> None:
        """Reporting party members and mobilised volunteers: the community's hours and their yuan."""
        unit, roster = self.initial.costs, model.society.roster
        volunteers = np.bincount(self._compound_community, roster, minlength=self._nc).astype(float)
        if config.social.party_members_report > self.initial.social.party_members_report:
            # The volunteers the roster holds beyond the pre-reform share are reporting members.
            reporting = volunteers * attributed(party_volunteer_share(config),
                                                party_volunteer_share(self.initial))
            key = "social.party_members_report"
            coordination = reporting * unit.party_member_coordination_hours * PER_DAY
            own = float(reporting.sum()) * config.staff.volunteer_hours
            self._add(key, None, coordination)  # members' own hours are not staff-hours: valued only
            self.yuan[WORK[key]] += (float(coordination.sum()) * unit.community_worker_yuan_per_hour
                                     + own * unit.party_member_yuan_per_hour)
        # The mobilisation the epidemic lever adds over the pre-reform one (a disaster's counts too).
        epidemic, disaster = model.epidemic, model.disaster.mobilisation(day)
        before = (1.0 + 4.0 * self.initial.shocks.epidemic.volunteer_mobilisation
                  if epidemic.active(day) else 1.0)
        extra = max(epidemic.mobilisation(day), disaster) - max(before, disaster)
        if extra > 0:
            key = "shocks.epidemic.volunteer_mobilisation"
            mobilised = volunteers * config.staff.volunteer_hours * extra
            organising = mobilised * unit.volunteer_organising_hours
            self._add(key, None, organising)
            self.yuan[WORK[key]] += (float(organising.sum()) * unit.community_worker_yuan_per_hour
                                     + float(mobilised.sum()) * unit.volunteer_yuan_per_hour)

    def _outside(self, config: Scenario, workday: bool) -> None:
        """聯合考核's evaluators (outside the modelled hours) and 聯合檢查's coordination (already state tasks)."""
        unit, initial = self.initial.costs, self.initial
        weight = max(0.0, config.joint.evaluation - initial.joint.evaluation)
        self.hours[WORK["joint.evaluation"]] += (weight * unit.evaluation_hours_per_unit * 12 * PER_DAY
                                                 * self._departments)
        merged = max(0.0, config.joint.inspection - initial.joint.inspection)
        if workday:
            self.hours[WORK["joint.inspection"]] += (merged * config.state_tasks.inspection_coordination_hours
                                                     * float(self._served[self._ns:].sum()))
