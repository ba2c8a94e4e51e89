"""GovernanceModel: the city, its residents and handlers, and one day of municipal governance.

The daily step follows the essay's story in order: the day's conditions (shocks, admin tasks
pushed down to communities, who has hours), residents living with their needs and the services
aimed at them, unmet needs becoming issues, issues travelling up, sideways and down the five
levels until someone with the power and the hours resolves them or the resident gives up, and
residents' satisfaction, trust and participation answering what happened.  Surveys (大調研)
re-aim services, social organisations grow and volunteer rosters are drawn up every week.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from sim.core import metrics, outcomes
from sim.core.approvals import Approvals
from sim.core.building import ModelBuilding
from sim.core.calendar import Calendar
from sim.core.cases import CaseRecord
from sim.core.collector import OutcomeCollector, reporter
from sim.core.compound_support import CompoundSupport
from sim.core.costs import ReformCosts
from sim.core.disaster import Disaster
from sim.core.evaluation import Evaluation
from sim.core.lags import StaffTraining
from sim.core.levels import STREET
from sim.core.need_history import live_history
from sim.core.projects import Projects
from sim.core.ratings import SCORE, UNSATISFIED
from sim.core.readouts import ModelReadouts
from sim.core.reform_work import ReformWork
from sim.core.reforms import ReformSchedule
from sim.core.resident_rule import word_of_mouth_reach
from sim.core.safety import SafeCity
from sim.core.shocks import Epidemic
from sim.core.society import Society
from sim.core.staffing import Staffing
from sim.core.stages import ThreeSteps, join_closed
from sim.core.state_tasks import StateTasks
from sim.core.supply import Supply
from sim.scenario import COMPOUND_TYPES, Scenario, load_scenario, reconfigured


class InvariantError(RuntimeError):
    """The issue counts stopped adding up (a bug in the model, never a user error)."""


class GovernanceModel(ModelBuilding, ModelReadouts, mesa.Model):
    """A city of residents, compounds, communities, streets and departments, one day per step.

    Source: the essay on modernising municipal social governance (市域社會治理現代化);
    ``docs/ODD.md`` describes the model in the ODD protocol (section 3: the daily step, section
    7: each rule, section 8: each lever's causal path).

    Args:
        scenario: a scenario file path, a preset name (``"classroom"``), a dict of scenario keys
            or a :class:`~sim.scenario.Scenario`.
        rng: seed (or numpy Generator) for all randomness; ``None`` uses the scenario's ``seed``.
        seed: alias of ``rng`` for tools that pass ``seed``.
        issue_log_dir: stream closed issues and paths to Parquet files in this folder instead of
            holding them in memory (used for large runs).
        **overrides: any scenario key, nested parts joined by ``__`` (``power__delegation=0.8``).

    Attributes:
        config: the resolved :class:`~sim.scenario.Scenario` (``scenario`` is Mesa's own on 3.5).
        day: days simulated so far.
        metrics: today's outcomes (the DataCollector's columns).
        datacollector: Mesa DataCollector with one row per day (day 0 = the initial state).
    """

    def __init__(self, scenario: str | Path | Mapping | Scenario = "classroom", rng: Any = None,
                 seed: Any = None, issue_log_dir: str | Path | None = None,
                 **overrides: Any):
        """Build the city, its residents and handlers from the scenario, and collect day 0."""
        config = load_scenario(scenario, overrides)
        if rng is None:
            rng = seed if seed is not None else config.seed
        super().__init__(rng=rng)
        self.config = config
        self.initial_config = config
        """The scenario as it stood before any reform (``config`` follows the reform timeline)."""
        self.reforms = ReformSchedule(config)
        self.calendar = Calendar(config.start_date, -config.warmup_days, config.steps - 1, config.calendar.rule)
        self.day = -config.warmup_days
        self.department_kinds = list(config.departments)

        self._build_city(config)
        self._build_handlers(config, issue_log_dir)
        self.compound_support = CompoundSupport(config, self.city, self.routing)  # 小區分類治理 by type
        self.training = StaffTraining(config, self.staffing.moved_in)
        self.reform_costs = ReformCosts(self)
        self.reform_work = ReformWork(self)
        self.cases = CaseRecord(config, self.calendar, self.city.n_residents)
        self.issues.rater = self._rate_closing
        self.state_tasks = StateTasks(config, self.city, self.calendar)
        self.evaluation = Evaluation(config, self.city, self.calendar)
        self.cases.tally, self.ownership.pass_factor = self.evaluation.tally, self.evaluation.pass_factor
        self.society = Society(config, self.city.community_residents)
        self.stages = ThreeSteps(config, self.city, self.handlers)
        self.supply = Supply(config, self.city.community_residents)
        self.projects = Projects(config, self.city)
        self.epidemic = Epidemic(config)
        self.disaster = Disaster(config, self.city, self.city_seed)
        self.safe_city = SafeCity(config, self.city.n_residents)
        self.approvals = Approvals(config, self.city, self.calendar, self.rng.spawn(1)[0])  # 放管服
        # Residents are stored compound by compound, compounds community by community, so
        # per-unit sums are contiguous segment sums.
        self._compound_start = np.r_[0, np.cumsum(self.city.compound_residents)[:-1]]
        comm_res = self.city.community_residents
        self._community_sizes = comm_res
        by_type = np.bincount(self.city.compound_type, self.city.compound_residents,
                              minlength=len(COMPOUND_TYPES))
        self._residents_by_type = np.where(by_type > 0, by_type, np.nan)  # NaN: type absent

        self.raised_today = self.resolved_today = 0
        self.triage_hours = 0.0
        self.contact_hours_today = (0.0, 0.0)
        """Today's first-contact hours (先行聯繫) of civil servants and of community workers."""
        self._admin_share_sum = 0.0
        self.backlog_history: list[int] = []
        self.capacity_today = self.staffing.base.copy()
        self._survey()

        self._make_agents()
        self._warm_up()
        self.metrics = metrics.daily_outcomes(self)
        self.datacollector = OutcomeCollector(
            model_reporters={name: reporter(name) for name in outcomes.daily_names()})
        self.datacollector.collect(self)
        self.running = True

    # --- the day ----------------------------------------------------------------------
    def step(self) -> None:
        """Simulate one day and record its outcomes."""
        self._advance()
        self.metrics = metrics.daily_outcomes(self)
        self.datacollector.collect(self)

    def _warm_up(self) -> None:
        """Live the needs' history, simulate ``warmup_days`` before day 0, then start the record.

        The needs' history (:func:`~sim.core.need_history.live_history`) puts each resident at their own
        point of their need cycles; the warm-up then lets trust, satisfaction, participation and the
        backlog settle from their starting values.  Nothing of either is logged or counted: the
        record starts on day 0 with the cases still open carried over (counted as raised, so the
        counts keep adding up).
        """
        live_history(self.residents, self.city_seed)
        days = self.config.warmup_days
        if not days:
            return
        self.issues.log.paused = True
        for _ in range(days):
            self._advance()
        self.issues.log.paused = False
        self.issues.restart_counts(self.handlers.handler_level)  # logs each carried case's "carry"
        self.cases.reset()
        self.state_tasks.reset()
        self.stages.restart()
        self.triage_hours = 0.0
        self._admin_share_sum = 0.0
        self.backlog_history = []

    def _advance(self) -> None:
        """Simulate one day: the essay's story, in order."""
        day = self.day
        workday = self.calendar.is_workday(day)
        self._follow_reforms(day)
        training = self._conditions(day, workday)
        self.approvals.work_day(day, workday)  # 放管服: applications go from window to window
        raised_in = self._needs_become_issues(day)
        # 共建共治共享: where a community is far along the three steps, residents resolve a share of
        # their compound's new cases with their volunteers' hours, before any handler (sim/core/stages.py).
        settled = self.stages.self_resolve(self.issues, self.capacity_today, self.staffing.volunteers_on_site,
                                           day, self.rng)
        triage = self._issues_travel(day)
        resolved, abandoned = self._handlers_work(day, triage, settled)
        self.disaster.count(raised_in, resolved["compound"])
        # The day's record moves each community's stage on the three steps (三步走).
        self.stages.record_day(resolved, abandoned, self.society.orgs_per_1000(), self.society.roster)
        self.safe_city.close_day([resolved, abandoned], day)  # 平安城市: safety cases' response times

        # Residents rate their closed cases (the call-back); their views of the handling, their
        # channels, satisfaction, trust and participation answer them and what neighbours heard.
        self._feel(resolved, abandoned)
        self.cases.end_day(day)
        self.reform_costs.accrue(self, day, training)  # what the reforms in force cost today

        self.day += 1
        if self.day % self.config.supply.survey_days == 0:
            self._survey()
        self._check_invariants()
        self.backlog_history.append(self.issues.open_count)

    def _conditions(self, day: int, workday: bool) -> np.ndarray | None:
        """The day's conditions: shocks, admin tasks pushed down, staff hours, the state's tasks.

        A shock (an epidemic, or a disaster that costs staff hours where it hits); 戰區制: streets
        whose own units are swamped (or all, in a shock) call in departments; admin tasks pushed
        down (屬地 / 准入制); staff moved by a recent reform still learning their post
        (:mod:`sim.core.lags`).  國家需求 beside 居民需求: a month's ranking presses each street and
        department; their paid hours are split between residents' cases and the state's tasks
        (worked earliest-due first), and careful closing costs case hours.

        Returns:
            The hours in training at each handler today (or None).
        """
        epidemic, disaster = self.epidemic, self.disaster
        calls = self.staffing.zones.calls(self.issues, self.staffing.base,
                                          epidemic.active(day) or disaster.active(day))
        self.capacity_today = self.staffing.capacity(
            epidemic.admin_factor(day), calls, self.projects.unfunded(self.society.orgs), self.society.roster,
            max(epidemic.mobilisation(day), disaster.mobilisation(day)), workday,
            damage=disaster.damage(day))
        training = self.training.take(self.capacity_today, day, workday)
        # The reforms' own work: training, lists, reviews, guidance (sim/core/reform_work.py).
        reform_work = self.reform_work.take(self, day, self.capacity_today)
        self._admin_share_sum += self.staffing.admin_share
        self.evaluation.rank_month(day, self.state_tasks)
        self.capacity_today = self.evaluation.careful(self.state_tasks.work_day(
            day, self.capacity_today, self.staffing, self.evaluation.case_shift, self.rng, workday,
            reform_work))
        return training

    def _needs_become_issues(self, day: int) -> np.ndarray:
        """Residents live with their needs; unmet needs become issues, sent by channel or the one network.

        Proactive services relieve needs; a disaster adds the damage where it hit; unmet safety
        needs carry incidents, and grid workers' patrols find problems before residents raise them.

        Returns:
            The compound of each issue raised today.
        """
        self.residents.live_a_day(self.epidemic.need_factor(day))
        self.disaster.raise_needs(self.residents, day)
        # 平安城市 / 網格化: today's incidents; grid workers report what they find (主動發現)
        found = self.safe_city.morning(self.residents, self.rng, self.calendar.is_workday(day))
        who, domain = self.residents.draw_issues(self.rng)
        who, domain, channel = self.safe_city.with_found(found, who, domain, self.residents.channel)
        compound = self.residents.compound[who]
        self.routing.intake(self.issues, who, domain, compound, channel, self.staffing.compound_active, day)
        # 小區分類治理: mediators and former units take some of them at the compound.
        self.compound_support.settle_locally(self.issues, len(who), self.rng)
        self.projects.raised(compound, domain)  # the case record a project application cites
        self.cases.raised(channel)
        self.raised_today = len(who)
        return compound

    def _issues_travel(self, day: int) -> np.ndarray:
        """Issues go up, sideways and down until a handler keeps them.

        Hotline cases past their time limit are pressed for (催辦); grievances and those cases go
        over heads, and grievances still open climb to the district and the city (督辦); each
        handler looks at what reached it and keeps it (taking it up starts its lead time) or
        passes it on (escalates, bounces, pushes down, whistles).

        Returns:
            The triage hours each handler spent today.
        """
        book, routing, service = self.issues, self.routing, self.queue_service
        routing.over_heads(book, day, service.supervise(book, day))
        self.supervision.climb(book, day)
        looked = routing.triage(book, day, self.staffing.compound_active)
        service.take_up(book, routing.taken_today, day)
        answered = routing.responses  # taken up, or called back first (先行聯繫)
        self.cases.responded(book.cols["raised"][answered.rows], book.cols["channel"][answered.rows], day,
                             answered.handler)
        n = self.city.n_handlers
        triage = self.config.issues.triage_hours * np.bincount(looked, minlength=n)
        self.contact_hours_today = (0.0, 0.0)
        if len(answered.called):  # 先行聯繫: the calls back take the callers' hours
            calls = self.config.command.contact_hours * np.bincount(answered.called, minlength=n)
            civil = self.handlers.handler_level >= STREET
            self.contact_hours_today = float(calls[civil].sum()), float(calls[~civil].sum())
            triage += calls
        self.triage_hours += float(triage.sum())
        return triage

    def _handlers_work(self, day: int, triage: np.ndarray, settled: dict) -> tuple[dict, dict]:
        """Handlers work their queues with the hours left; at the deadline cases close unresolved.

        Idle compound volunteers help their community; at the deadline the hotline closes its
        cases unresolved, others are given up by their residents.

        Args:
            day: today.
            triage: the triage hours each handler spent today.
            settled: the cases residents resolved themselves today (counted as resolved).

        Returns:
            The columns of the cases resolved today, and of those closed otherwise.
        """
        book, service = self.issues, self.queue_service
        queues = service.queues(book, day)
        hours = self.staffing.send_idle_volunteers(np.maximum(self.capacity_today - triage, 0.0),
                                                   queues.effort_by_handler, self.stages.spent_today)
        resolved = join_closed(settled, service.work(book, queues, hours, day))
        abandoned = service.abandon(book, day)
        self.resolved_today = len(resolved["id"])
        return resolved, abandoned

    def _rate_closing(self, closing: dict, state: int | np.ndarray, day: int) -> dict:
        """The residents' call-back answers for cases closing today (the issue book's rater)."""
        return self.cases.rate(closing, state, day, self.rng,
                               self.evaluation.answer_quality(closing["handler"]))

    def _feel(self, resolved: dict, abandoned: dict) -> None:
        """Today's closed cases move their raisers, their neighbours and their channels."""
        closed = [(c, ok) for c, ok in ((resolved, True), (abandoned, False)) if len(c["id"])]
        for case, ok in closed:
            self.residents.feel_outcomes(case["resident"], case["domain"].astype(np.int64), ok,
                                         SCORE[case["rating"]], case["bounces"] + case["pushdowns"])
        heard = None
        if closed:
            resident = np.concatenate([c["resident"] for c, _ in closed])
            rating = np.concatenate([c["rating"] for c, _ in closed])
            self.residents.switch_channels(resident, rating == UNSATISFIED, self.rng.random(len(rating)))
            compound = np.concatenate([c["compound"] for c, _ in closed])
            count = np.bincount(compound, minlength=self.city.n_compounds)
            score = np.bincount(compound, SCORE[rating], minlength=self.city.n_compounds) / np.maximum(count, 1)
            ratings = self.config.ratings
            reach = word_of_mouth_reach(count, self.city.compound_residents, ratings.hear_neighbours,
                                        ratings.neighbour_weight)
            heard = reach, score
        self.residents.settle(self.society.orgs_per_1000(), heard)

    def _follow_reforms(self, day: int) -> None:
        """Reforms dated today (or ramping) set their keys; everything derived follows at once."""
        if not self.reforms.keys:
            return
        changes = self.reforms.changes_on(day, self.initial_config)
        if changes:
            self.reconfigure(changes)

    def reconfigure(self, changes: Mapping[str, Any]) -> None:
        """Set scenario keys mid-run (a reform); every part of the model reads the new values.

        Staff hours are rebuilt from the new levers at once; the rules of routing, ownership and
        queue service read the levers as they work; services and volunteer rosters follow at the
        next survey, as they are re-planned there.

        Args:
            changes: scenario keys (dotted) and their new values.
        """
        config = reconfigured(self.config, changes)
        self.config = config
        for part in self.reforming_parts():
            part.config = config
        self.staffing = Staffing(config, self.city)
        self.training.staffed(self.day, self.staffing.moved_in)
        self.issues.allow_days(config.issues.abandon_days)

    def reforming_parts(self) -> tuple:
        """The parts that read the scenario as they work, so a reform reaches them (``reconfigure``)."""
        return (self.residents, self.handlers, self.ownership, self.routing, self.queue_service,
                self.supervision, self.society, self.stages, self.supply, self.projects, self.epidemic,
                self.disaster, self.state_tasks, self.evaluation, self.safe_city, self.approvals,
                self.compound_support)

    def _survey(self) -> None:
        """大調研: community needs and participation are surveyed, and services are re-aimed.

        Project money is allocated (需求導向, 行政依賴 or 市場依賴) and its services join them;
        social organisations grow, and volunteer rosters are drawn up.
        """
        res, city = self.residents, self.city
        sizes = np.maximum(self._community_sizes, 1)[:, None]
        by_compound = res.sums_by_compound([*res.needs, res.participation], city.n_compounds)
        by_community = np.stack([np.bincount(city.compound_community, row, minlength=city.n_communities)
                                 for row in by_compound])
        need_means = by_community[:-1].T / sizes
        self.supply.survey(need_means, self.rng)
        self.projects.allocate(self.society.orgs, need_means, self.supply.sensed, self.supply.agency)
        self.residents.aim_services(self.projects.relief(self.supply.relief()))
        self.compound_support.relieve(self.residents)  # 小區分類治理: property services, patrols
        participation = by_community[-1] / sizes[:, 0]
        if self.day > 0:
            self.society.grow(self.config.supply.survey_days, participation)
        # 三步走, stage 2: organisations recruit volunteers among the residents willing to take part.
        share = np.minimum(self.society.volunteer_share * self.stages.recruiting(), 1.0)
        self.society.roster = res.volunteers_by_compound(share, self.city.n_compounds)

    def _check_invariants(self) -> None:
        book = self.issues
        if book.raised != book.resolved + book.open_count + book.abandoned + book.unresolved:
            raise InvariantError(
                f"day {self.day}: raised {book.raised} != resolved {book.resolved} + open "
                f"{book.open_count} + abandoned {book.abandoned} + unresolved {book.unresolved}")

    def admin_share_mean(self) -> float:
        """Mean share of community hours taken by admin tasks over the days run so far."""
        return self._admin_share_sum / self.day if self.day else self.staffing.admin_share

    def summary(self) -> dict:
        """The run's summary (the content of ``summary.json``)."""
        return metrics.summary(self)
