"""What the reforms cost: staff-hours and yuan a year, by lever, relative to the pre-reform arrangement.

Each day of the record the arrangement in force is charged for what its levers do that day,
less what the pre-reform arrangement's levers would do (``model.initial_config``), at the unit
costs of the scenario's ``costs`` table:

* 執法力量下沉 (``power.staff_follow``), 重心下移 (``moving_down.staff_share``): the street and
  department hours moved, valued at the civil servant's hourly cost (the hours leave their old
  posts); the moved hours still in training (:mod:`sim.core.lags`) are reported beside them.
* 戰區制 (``command.redeploy``): the department hours actually redeployed that day.
* 社工 (``social.social_workers``): the social-worker hours added, at the community worker's cost.
* 吹哨報到 (``joint.whistle``): coordination hours per whistle blown that day.
* 主官上 (``command.chief_officials``): the chief officials' command hours in every street and
  department.
* 先行聯繫 (``command.first_contact``): the hours of the calls back made that day
  (``command.contact_hours`` each, :mod:`sim.core.contact`), at the civil servant's cost for streets
  and departments and the community worker's for communities; the calls take them from case work.
* 一網覆蓋 (``command.unified_intake``): the network's running cost per resident, from the
  reform's date (it is paid while it is built).
* 大調研大數據 (``supply.sensing``): sensing cost per resident.
* 項目制 (``social.funding``): project money per organisation the programme funds (the share of
  the organisations born of funding, ``funding / (0.1 + funding)``, as they grow in
  :class:`~sim.core.society.Society`).
* 小區分類治理 (``moving_down.classified``): each compound type's package, its hours and yuan
  (:meth:`~sim.core.compound_support.CompoundSupport.daily_cost`).
* 權下放, 權責清單, 有限責任, 社區准入制, 聯合考核, 聯合檢查, 小區治理, 黨員報到 and volunteer
  mobilisation: the work they create (training, lists, reviews, ranking, guidance, organising),
  worked out and taken from the handlers who do it by :mod:`sim.core.reform_work`.
* 網格員 (``grid.workers``): the grid workers' paid hours (new staff, not taken from any
  handler), at their hourly cost.
* 放管服 (``power.streamlining``): the window staff's hours in training (:mod:`sim.core.approvals`)
  and the reorganisation of every street's and district's service centre into one window.
* 需求導向 (``projects.allocation`` = ``demand``): the community workers' hours to apply for and
  report on each funded organisation's project (:mod:`sim.core.projects`); 行政依賴 and
  市場依賴 allocate without them.

Paid staff-hours follow the calendar (a duty roster on rest days); money is spread evenly over
the days of a year.
"""

from __future__ import annotations

import numpy as np

from sim.core.scenario_cache import ScenarioCache
from sim.scenario import Scenario
from sim.scenario.costs import COSTED, REFORM_WORK
from sim.scenario.timeline import get_key

LEVER = {key: i for i, key in enumerate(COSTED)}
WORK_COSTS = slice(LEVER[REFORM_WORK[0]], None)
"""The levers charged for the work they create (:mod:`sim.core.reform_work`), last in ``COSTED``."""
CIVIL_SERVANT = np.isin(np.arange(len(COSTED)), [LEVER[k] for k in (
    "power.staff_follow", "moving_down.staff_share", "command.redeploy", "joint.whistle",
    "command.chief_officials", "power.streamlining")])
"""Levers whose hours are civil servants' (the rest of the hours are community workers' or paid
for in the lever's own money)."""


def funded_share(funding: float) -> float:
    """Share of social organisations born of project funding (births ∝ 0.1 + funding)."""
    return funding / (0.1 + funding)


class ReformCosts:
    """The running cost of the arrangement in force over the pre-reform one, day by day.

    Args:
        model: the model, built with its pre-reform staffing (``model.staffing``).
    """

    def __init__(self, model):
        """Take the pre-reform arrangement's quantities as the reference."""
        city, initial = model.city, model.initial_config
        self.initial: Scenario = initial
        self.reference = model.staffing.followed_hours, model.staffing.moved_down_hours
        self.residents = float(city.n_residents)
        self.community_per_1000 = float(city.community_residents.sum()) / 1000.0
        self.units = city.n_streets + city.n_districts * city.n_dept_kinds
        self.by_year: dict[int, dict] = {}
        self._whistles = 0
        self._lever_values = ScenarioCache()

    def accrue(self, model, day: int, training: np.ndarray | None) -> None:
        """Charge today's costs (nothing during the warm-up).

        Args:
            model: the model after today's work.
            day: today.
            training: hours in training at each handler today (or None).
        """
        if day < 0:
            return
        if day == 0:
            self._whistles = 0
        whistles, self._whistles = model.issues.whistles - self._whistles, model.issues.whistles
        hours, yuan = self._today(model, day, whistles)
        year = model.config.day_date(day).year
        entry = self.by_year.setdefault(year, {"days": 0, "hours": np.zeros(len(COSTED)),
                                               "yuan": np.zeros(len(COSTED)), "training": 0.0})
        entry["days"] += 1
        entry["hours"] += hours
        entry["yuan"] += yuan
        entry["training"] += float(training.sum()) if training is not None else 0.0

    def _values(self, config: Scenario, key: str) -> tuple[float, float]:
        """The lever's value in force and its pre-reform value (looked up once per scenario in force)."""
        return self._lever_values.get(config, key, lambda: (float(get_key(config, key)),
                                                            float(get_key(self.initial, key))))

    def _change(self, config: Scenario, key: str) -> float:
        """The lever's value in force less its pre-reform value."""
        now, before = self._values(config, key)
        return now - before

    def _attributed(self, config: Scenario, key: str) -> float:
        """Share of what a lever does today that is due to its change from the pre-reform value."""
        now, before = self._values(config, key)
        return max(0.0, 1.0 - before / now) if now > 0 else 0.0

    def _today(self, model, day: int, whistles: int) -> tuple[np.ndarray, np.ndarray]:
        """Staff-hours and yuan per costed lever today."""
        config, staffing, unit = model.config, model.staffing, self.initial.costs
        duty = 1.0 if model.calendar.is_workday(day) else config.calendar.rest_day_staff
        hours, yuan = np.zeros(len(COSTED)), np.zeros(len(COSTED))
        per_day = 1.0 / 365.0
        followed, moved_down = self.reference
        hours[LEVER["power.staff_follow"]] = duty * (staffing.followed_hours - followed)
        hours[LEVER["moving_down.staff_share"]] = duty * (staffing.moved_down_hours - moved_down)
        hours[LEVER["command.redeploy"]] = (staffing.zones.sent_hours
                                            * self._attributed(config, "command.redeploy"))
        hours[LEVER["social.social_workers"]] = (duty * self.community_per_1000
                                                 * self._change(config, "social.social_workers"))
        hours[LEVER["joint.whistle"]] = (unit.coordination_hours_per_whistle * whistles
                                         * self._attributed(config, "joint.whistle"))
        hours[LEVER["command.chief_officials"]] = (duty * unit.command_hours * self.units
                                                   * self._change(config, "command.chief_officials"))
        packages = model.compound_support.daily_cost(self._change(config, "moving_down.classified"), config, unit)
        hours[LEVER["moving_down.classified"]] = sum(h for h, _ in packages.values())
        hours[LEVER["grid.workers"]] = (duty * config.grid.hours * self.residents / 10_000.0
                                        * self._change(config, "grid.workers"))
        hours[LEVER["power.streamlining"]] = model.approvals.training_today
        applying = float(config.projects.allocation == "demand" and self.initial.projects.allocation != "demand")
        hours[LEVER["projects.allocation"]] = (applying * unit.project_application_hours * per_day
                                               * funded_share(config.social.funding) * float(model.society.orgs.sum()))
        yuan[:] = hours * np.where(CIVIL_SERVANT, unit.civil_servant_yuan_per_hour, 0.0)
        civil, community = (h * self._attributed(config, "command.first_contact") for h in model.contact_hours_today)
        hours[LEVER["command.first_contact"]] = civil + community
        yuan[LEVER["command.first_contact"]] = (civil * unit.civil_servant_yuan_per_hour
                                                + community * unit.community_worker_yuan_per_hour)
        yuan[LEVER["grid.workers"]] = hours[LEVER["grid.workers"]] * unit.grid_worker_yuan_per_hour
        yuan[LEVER["projects.allocation"]] = hours[LEVER["projects.allocation"]] * unit.community_worker_yuan_per_hour
        yuan[LEVER["social.social_workers"]] = (hours[LEVER["social.social_workers"]]
                                                * unit.community_worker_yuan_per_hour)
        network = (float(model.reforms.nominal("command.unified_intake", day, self.initial))
                   - self.initial.command.unified_intake)
        yuan[LEVER["command.unified_intake"]] = (network * unit.platform_yuan_per_resident
                                                 * self.residents * per_day)
        yuan[LEVER["supply.sensing"]] = (self._change(config, "supply.sensing")
                                         * unit.sensing_yuan_per_resident * self.residents * per_day)
        funded = (funded_share(config.social.funding)
                  - funded_share(self.initial.social.funding)) * float(model.society.orgs.sum())
        yuan[LEVER["social.funding"]] = funded * unit.project_yuan_per_org * per_day
        yuan[LEVER["moving_down.classified"]] = sum(y for _, y in packages.values())
        hours[WORK_COSTS], yuan[WORK_COSTS] = model.reform_work.hours, model.reform_work.yuan
        yuan[LEVER["power.streamlining"]] += (self._change(config, "power.streamlining")
                                              * unit.one_window_yuan_per_centre * model.approvals.centres
                                              * per_day)
        return hours, yuan

    def report(self) -> dict:
        """The ``reform_cost`` of the summary: per year over the whole record, in total and by lever.

        Returns:
            ``staff_hours_per_year``, ``yuan_per_year``, ``training_hours_per_year`` (the moved
            hours spent in training, part of the moved hours) and ``by_lever`` (each costed
            lever's ``staff_hours`` and ``yuan`` a year).
        """
        entries = self.by_year.values()
        days = sum(e["days"] for e in entries)
        scale = 365.0 / days if days else 0.0
        total = self._totals(sum((e["hours"] for e in entries), np.zeros(len(COSTED))),
                             sum((e["yuan"] for e in entries), np.zeros(len(COSTED))),
                             sum(e["training"] for e in entries), scale)
        return {f"{k}_per_year" if k != "by_lever" else k: v for k, v in total.items()}

    def report_by_year(self) -> dict[str, dict]:
        """Each calendar year's reform cost: its sums (not scaled to a year) and its days recorded.

        Returns:
            Year → ``days``, ``staff_hours``, ``yuan``, ``training_hours`` and ``by_lever``.
        """
        return {str(year): {"days": e["days"], **self._totals(e["hours"], e["yuan"], e["training"], 1.0)}
                for year, e in sorted(self.by_year.items())}

    @staticmethod
    def _totals(hours: np.ndarray, yuan: np.ndarray, training: float, scale: float) -> dict:
        """Totals and the by-lever table of summed costs, times ``scale``."""
        return {"staff_hours": float(hours.sum() * scale), "yuan": float(yuan.sum() * scale),
                "training_hours": float(training * scale),
                "by_lever": {key: {"staff_hours": float(hours[i] * scale), "yuan": float(yuan[i] * scale)}
                             for i, key in enumerate(COSTED)}}
