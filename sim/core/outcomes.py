"""Every outcome the model reports, declared once: name, label, unit, direction, definition.

Each :class:`Outcome` is modelled on the EMA Workbench's outcome objects (``ScalarOutcome`` with
its ``kind`` of maximise, minimise or info): besides its name it knows its (中文, English) label,
its unit, whether a higher value is better for residents (``None`` when neither direction is),
whether experiments keep its daily series when an experiment file does not say, and a one-line
definition.  :data:`OUTCOMES` holds them all in the order of the daily series' columns, followed
by the outcomes only a run's summary has.  What needs to know which outcomes exist or what they
mean reads it from here: the DataCollector's columns (:func:`daily_names`), the dashboard's
labels and better/worse verdicts, and the experiments' default and allowed ``output.keep``
(the pages' and commands' choices of which few outcomes to show stay with them).

The families by level (``backlog_<level>``), by place of resolution (``resolved_at_<place>``,
``resolved_at_count_<place>`` for :data:`~sim.core.levels.RESOLVED_PLACES`) and by compound type
(``satisfaction_<type>``, ``trust_<type>``) are generated from :data:`sim.scenario.LEVELS`, the
places and :data:`sim.scenario.COMPOUND_TYPES`, labels included.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.core.levels import RESOLVED_PLACES
from sim.scenario import COMPOUND_TYPES, LEVELS
from sim.scenario.costs import COSTED
from sim.scenario.levers import LEVER_BY_KEY

LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "compound": ("小區", "compounds"),
    "community": ("社區", "communities"),
    "street": ("街道", "streets"),
    "department": ("區級部門", "district departments"),
    "city": ("市級部門", "city departments"),
}
"""The (中文, English) name of each handler level, as the family labels use it."""

PLACE_NAMES: dict[str, tuple[str, str]] = {
    "compound": ("小區", "compounds"),
    "community": ("社區", "communities"),
    "street": ("街道", "streets"),
    "department": ("部門（區級與市級）", "departments (district and city)"),
    "district_department": ("區級部門", "district departments"),
    "city_department": ("市級部門", "city departments"),
}
"""The (中文, English) name of each place of resolution (:data:`~sim.core.levels.RESOLVED_PLACES`)."""
PLACE_DEFINITIONS = {"compound": "the compound level", "community": "the community level",
                     "street": "the street level",
                     "department": "departments of any level (district and city)",
                     "district_department": "the districts' departments",
                     "city_department": "the city's departments (市級部門)"}

COMPOUND_TYPE_PLURALS: dict[str, tuple[str, str]] = {
    "commodity": ("商品房小區", "commodity housing"),
    "old_estate": ("老舊小區", "old estates"),
    "resettlement": ("安置小區", "resettlement estates"),
    "work_unit": ("單位大院", "work-unit compounds"),
    "mixed": ("混合/城中村", "mixed / urban villages"),
}
"""The (中文, English) name of the residents of each compound type, as the family labels use it."""


@dataclass(frozen=True)
class Outcome:
    """One outcome of a run, declared once.

    Args:
        name: the column of the daily series and the key of the run's summary.
        label: (中文, English) label shown in the dashboard.
        unit: what the value counts or measures.
        higher_is_better: True if a higher value is better for residents, False if a lower one
            is, None when neither direction is better.
        definition: one line saying how the value is computed.
        keep: experiments keep its daily series when an experiment file does not say.
        daily: collected every day (a DataCollector column); False for an outcome only the
            run's summary has.
    """

    name: str
    label: tuple[str, str]
    unit: str
    higher_is_better: bool | None
    definition: str
    keep: bool = False
    daily: bool = True

    def __post_init__(self) -> None:
        """Check that the label has a Chinese and an English text and that only a daily outcome is kept."""
        if len(self.label) != 2 or not all(self.label):
            raise ValueError(f"outcome {self.name}: label needs a Chinese and an English text")
        if self.keep and not self.daily:
            raise ValueError(f"outcome {self.name}: only a daily outcome can be kept as a series")


def _by_level(prefix: str, label: tuple[str, str], unit: str, better: bool | None, definition: str,
              daily: bool = True) -> list[Outcome]:
    """One outcome per handler level; ``label`` and ``definition`` have ``{zh}``/``{en}``/``{level}``."""
    return [Outcome(f"{prefix}_{lv}", (label[0].format(zh=LEVEL_NAMES[lv][0]),
                                      label[1].format(en=LEVEL_NAMES[lv][1])),
                    unit, better, definition.format(level=lv), daily=daily)
            for lv in LEVELS]


def _reform_costs() -> list[Outcome]:
    """The summary's ``reform_cost``: totals a year, and each costed lever's staff-hours and yuan."""
    totals = [
        Outcome("reform_cost_staff_hours_per_year", ("改革成本：工時／年", "reform cost: staff-hours a year"),
                "staff-hours a year", None, "staff-hours a year the reforms in force commit over the "
                "pre-reform arrangement (moved, added, coordinating, commanding)", daily=False),
        Outcome("reform_cost_yuan_per_year", ("改革成本：元／年", "reform cost: yuan a year"), "yuan a year",
                None, "yuan a year of the reforms in force over the pre-reform arrangement: staff-hours at "
                "their hourly cost and the reforms' money (network, sensing, projects, services)", daily=False),
        Outcome("reform_cost_training_hours_per_year", ("改革成本：培訓工時／年", "reform cost: training hours a year"),
                "staff-hours a year", None, "hours a year moved staff spend in training (part of the moved "
                "hours)", daily=False),
    ]
    for key in COSTED:
        zh, en = LEVER_BY_KEY[key].name
        totals += [Outcome(f"reform_cost_by_lever_{key}_staff_hours", (f"改革工時：{zh}", f"reform staff-hours: {en}"),
                           "staff-hours a year", None, f"staff-hours a year charged to {key}", daily=False),
                   Outcome(f"reform_cost_by_lever_{key}_yuan", (f"改革成本：{zh}", f"reform cost: {en}"),
                           "yuan a year", None, f"yuan a year charged to {key}", daily=False)]
    return totals


def _by_place(prefix: str, label: tuple[str, str], unit: str, definition: str,
              daily: bool = True) -> list[Outcome]:
    """One outcome per place of resolution; ``definition`` has ``{place}`` (what the place covers)."""
    return [Outcome(f"{prefix}_{place}", (label[0].format(zh=PLACE_NAMES[place][0]),
                                         label[1].format(en=PLACE_NAMES[place][1])),
                    unit, None, definition.format(place=PLACE_DEFINITIONS[place]), daily=daily)
            for place in RESOLVED_PLACES]


def _by_type(prefix: str, label: tuple[str, str], better: bool | None, definition: str) -> list[Outcome]:
    """One outcome per compound type; ``label`` and ``definition`` have ``{zh}``/``{en}``/``{type}``."""
    return [Outcome(f"{prefix}_{t}", (label[0].format(zh=COMPOUND_TYPE_PLURALS[t][0]),
                                     label[1].format(en=COMPOUND_TYPE_PLURALS[t][1])),
                    "0–1", better, definition.format(type=t))
            for t in COMPOUND_TYPES]


_DECLARED = (
    Outcome("issues_raised", ("提出訴求數", "issues raised"), "issues", None,
            "issues raised since day 0"),
    Outcome("issues_resolved", ("已解決訴求數", "issues resolved"), "issues", True,
            "issues resolved since day 0"),
    Outcome("issues_open", ("未結訴求數（積壓）", "issues open (backlog)"), "issues", False,
            "issues open now: the backlog", keep=True),
    Outcome("issues_abandoned", ("被放棄訴求數", "issues abandoned"), "issues", False,
            "cases from the compound or community channel given up by their resident at "
            "issues.abandon_days, since day 0"),
    Outcome("issues_closed_unresolved", ("未解決辦結數", "cases closed unresolved"), "issues", False,
            "hotline and online cases the hotline closed unresolved at issues.abandon_days, since day 0"),
    Outcome("closed_unresolved_share", ("未解決辦結比例", "share closed unresolved"), "share", False,
            "cases closed unresolved / issues raised"),
    Outcome("raised_today", ("今日新訴求", "issues raised today"), "issues", None,
            "issues raised today"),
    Outcome("resolved_today", ("今日解決", "issues resolved today"), "issues", None,
            "issues resolved today"),
    Outcome("resolution_rate", ("解決率", "resolution rate"), "share", True,
            "issues resolved / issues raised (open issues count in the denominator)", keep=True),
    Outcome("median_days_to_resolve", ("解決天數（中位數）", "median days to resolve"), "days",
            False, "median of the days from raising to resolution over all resolved issues",
            keep=True),
    Outcome("p90_days_to_resolve", ("解決天數（90 分位）", "days to resolve (90th percentile)"),
            "days", False, "90th percentile of the days from raising to resolution"),
    Outcome("resolved_within_7_days", ("7 天內解決比例", "share resolved within 7 days"), "share",
            True, "issues resolved within 7 days of raising / issues raised"),
    *_by_place("resolved_at", ("在{zh}解決比例", "share resolved at {en}"), "share",
               "share of resolved issues resolved at {place} (joint issues count as street)"),
    Outcome("bounces_per_issue", ("每件推諉次數", "bounces per issue"), "per issue", False,
            "sideways bounces between departments / issues raised"),
    Outcome("escalations_per_issue", ("每件上報次數", "escalations per issue"), "per issue", False,
            "escalations (grievances included) / issues raised"),
    Outcome("pushdowns_per_issue", ("每件被推回次數", "push-downs per issue"), "per issue", False,
            "territorial push-downs (department → street beyond the street's powers) / issues raised"),
    Outcome("hops_per_issue", ("每件流轉次數", "hops per issue"), "per issue", None,
            "every move between handlers (routes, whistles and hand-offs too) / issues raised"),
    Outcome("satisfaction_mean", ("居民滿意度", "resident satisfaction"), "0–1", True,
            "mean satisfaction of residents", keep=True),
    Outcome("trust_mean", ("居民信任度", "resident trust"), "0–1", True,
            "mean trust of residents", keep=True),
    *_by_type("satisfaction", ("滿意度：{zh}", "satisfaction: {en}"), True,
              "mean satisfaction of residents of {type} compounds"),
    Outcome("satisfaction_gap", ("小區類型間滿意度差距", "satisfaction gap between compound types"),
            "0–1", False, "highest minus lowest satisfaction of the compound types in the city"),
    *_by_type("trust", ("信任度：{zh}", "trust: {en}"), True,
              "mean trust of residents of {type} compounds"),
    Outcome("trust_gap", ("小區類型間信任度差距", "trust gap between compound types"), "0–1", False,
            "highest minus lowest trust of the compound types in the city"),
    Outcome("community_admin_share", ("社區行政事務工時佔比", "community hours lost to admin tasks"),
            "share", False, "mean over the days run of the share of community hours taken by admin tasks"),
    Outcome("community_admin_hours", ("社區每日行政事務工時", "community hours on admin tasks a day"),
            "hours", False, "admin-task hours communities accepted today, city-wide"),
    Outcome("staff_hours_per_resolved", ("每解決一件的工時", "staff-hours per resolved issue"),
            "hours per issue", False, "(hours worked on issues + triage hours) / issues resolved"),
    Outcome("participation_rate", ("居民參與率", "participation rate"), "0–1", True,
            "mean participation propensity of residents"),
    Outcome("volunteer_share", ("志願者比例", "volunteer share"), "share", True,
            "volunteers on the current rosters / residents (before epidemic mobilisation)"),
    Outcome("social_orgs", ("社會組織數", "social organisations"), "organisations", True,
            "social organisations in the city"),
    Outcome("three_steps_stage", ("「三步走」階段", "stage of the three steps"), "stage 1–3", True,
            "residents' mean of their communities' stages on the three steps, from 1 (keeping order) "
            "through 2 (cultivating society) to 3 (共建共治共享), moving continuously with order, social "
            "organisations, volunteers and the cases solved in compounds (ODD §7.10a)"),
    Outcome("self_resolved_share", ("居民自行解決比例", "share resolved by residents themselves"), "share",
            None, "cases residents of organised compounds resolved themselves with their volunteers' hours "
            "before any handler (三步走, stage 3) / issues raised, since day 0"),
    Outcome("needs_supply_mismatch", ("供需錯配", "needs–supply mismatch"), "share", False,
            "share of service hours aimed away from need, at the latest survey"),
    Outcome("project_mismatch", ("項目錯配", "project mismatch"), "share", False,
            "share of funded project hours (項目制) not spent on the domains residents asked for "
            "(their cases and needs), at the latest allocation; NaN with no project funding"),
    Outcome("case_resolution_rate", ("熱線解決率", "hotline resolution rate"), "share", True,
            "hotline cases (12345 by phone and online) the resident says were solved / cases rated, "
            "closed in the last 30 days (summary: the whole run)", keep=True),
    Outcome("case_satisfaction_rate", ("熱線滿意率", "hotline satisfaction rate"), "share", True,
            "(satisfied + basic_weight × basically satisfied) / hotline cases rated, closed in the "
            "last 30 days (summary: the whole run)", keep=True),
    Outcome("response_rate", ("熱線響應率", "hotline response rate"), "share", True,
            "hotline cases responded to (taken up, or called back under command.first_contact) within "
            "issues.response_days working days / cases responded to or closed unanswered, in the last "
            "30 days (summary: the whole run)"),
    Outcome("requests_per_1000", ("每千人訴求量", "requests per 1,000 residents"), "cases per 1,000 a year",
            None, "cases raised by every channel per 1,000 residents a year, over the last 30 days "
            "(summary: the whole run)"),
    Outcome("hotline_requests_per_1000", ("每千人熱線訴求量", "hotline requests per 1,000 residents"),
            "cases per 1,000 a year", None, "cases raised through the hotline (phone and online) per "
            "1,000 residents a year, over the last 30 days (summary: the whole run)"),
    Outcome("safety_index", ("平安指數", "safety index"), "0–100", True,
            "100 × (½ · I₀/(I₀ + incidents per 10,000 a year) + ½ · D₀/(D₀ + mean days from raising to "
            "closing safety cases)), I₀ = safety.reference_incidents, D₀ = safety.reference_days; higher "
            "= safer; over the last 30 days (summary: the whole run)", keep=True),
    Outcome("safety_incidents_per_10k", ("每萬人安全事件", "safety incidents per 10,000 residents"),
            "incidents per 10,000 a year", False, "expected incidents of unmet safety needs above "
            "safety.hazard_need per 10,000 residents a year, over the last 30 days (summary: the whole run)"),
    Outcome("safety_response_days", ("安全訴求處置天數", "days to close safety cases"), "days", False,
            "mean days from raising to closing (resolved, given up or closed unresolved) of the safety "
            "domains' cases closed in the last 30 days (summary: the whole run)"),
    Outcome("proactive_share", ("主動發現比例", "share found proactively"), "share", True,
            "cases in the patrolled domains (grid.domains) that grid workers found / all cases raised "
            "in those domains, over the last 30 days (summary: the whole run)"),
    Outcome("state_tasks_on_time", ("國家任務按時完成率", "state tasks done on time"), "share", True,
            "state-task hours (inspections, campaigns, reports: 國家需求) of streets and departments due "
            "in the last 30 days that were done by their due day (summary: the whole run)"),
    Outcome("department_case_hours", ("部門辦理訴求工時", "department hours for cases"),
            "hours a day", None, "hours departments have for residents' cases today, city-wide, after "
            "the ranking's moves and careful closing (before triage)"),
    Outcome("department_state_hours", ("部門國家任務工時", "department hours for state tasks"),
            "hours a day", None, "hours departments have for the state's tasks today, city-wide, after "
            "the ranking's moves"),
    *_by_level("backlog", ("積壓：{zh}", "backlog at {en}"), "issues", None,
               "open issues whose current handler is at the {level} level"),
    Outcome("hit_area_raised_today", ("災區今日新訴求", "issues raised today in the hit area"),
            "issues", None, "issues raised today by residents of the area a disaster hit (none set: NaN)"),
    Outcome("hit_area_resolved_today", ("災區今日解決", "issues resolved today in the hit area"),
            "issues", None, "issues of the hit area resolved today (no disaster set: NaN)"),
    Outcome("hit_area_backlog", ("災區積壓", "backlog of the hit area"), "issues", False,
            "open issues raised by residents of the hit area (no disaster set: NaN)"),
    Outcome("hit_area_satisfaction", ("災區居民滿意度", "satisfaction in the hit area"), "0–1", True,
            "mean satisfaction of the hit area's residents (no disaster set: NaN)"),
    Outcome("approval_days", ("審批辦結天數", "working days to an approval"), "working days", False,
            "mean working days from application to decision of the approvals (permits, certificates, "
            "registrations) decided in the last 30 days (summary: the whole run); ×1.46 for calendar days"),
    Outcome("approval_steps", ("每件審批環節", "steps per approval"), "steps", False,
            "mean approval steps of the approvals decided in the last 30 days (summary: the whole run)"),
    # only in a run's summary
    *_by_place("resolved_at_count", ("在{zh}解決件數", "issues resolved at {en}"), "issues",
               "issues resolved at {place} since day 0", daily=False),
    Outcome("supervisions", ("督辦次數", "supervisions"), "climbs", None,
            "climbs of grievances still open to the district or the city department that supervises "
            "them (督辦) since day 0", daily=False),
    Outcome("supervised_share", ("督辦訴求比例", "share of cases supervised"), "share", False,
            "cases supervised by a district or city department (督辦) / issues raised", daily=False),
    Outcome("whistles", ("吹哨次數", "whistles blown"), "whistles", None,
            "times a street blew the whistle (吹哨) for departments since day 0", daily=False),
    Outcome("grievances", ("越級訴求數", "grievances"), "issues", False,
            "issues left too long below the street, or overdue hotline cases there, that went "
            "straight to the street since day 0", daily=False),
    Outcome("overdue_cases", ("催辦件數", "overdue cases pressed for"), "issues", False,
            "hotline cases past their time limit since day 0: the hotline presses for them (催辦) "
            "and they are worked first", daily=False),
    *_by_level("abandoned_at_count", ("在{zh}被放棄件數", "issues abandoned at {en}"), "issues", False,
               "cases given up by their resident while at the {level} level since day 0", daily=False),
    *_by_level("closed_unresolved_at_count", ("在{zh}未解決辦結件數", "cases closed unresolved at {en}"),
               "issues", False, "cases closed unresolved while at the {level} level since day 0",
               daily=False),
    Outcome("peak_backlog", ("積壓峰值", "peak backlog"), "issues", False,
            "highest backlog over the run (with an epidemic: from its start)", daily=False),
    Outcome("recovery_days", ("恢復天數", "recovery days"), "days", False,
            "days from the epidemic's peak backlog until half its rise is shed (none without one)",
            daily=False),
    Outcome("hit_area_recovery_days", ("災區恢復天數", "recovery days of the hit area"), "days", False,
            "days from the hit area's peak backlog after a disaster until half its rise is shed "
            "(none without a disaster, or if not shed by the end)", daily=False),
    *_reform_costs(),
)

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _DECLARED}
"""Every outcome by name: the daily ones in column order, then those only the summary has."""


def daily_names() -> tuple[str, ...]:
    """The outcomes collected each day: the DataCollector's columns, in their order.

    Returns:
        Their names, read from :data:`OUTCOMES` at the time of the call.
    """
    return tuple(name for name, o in OUTCOMES.items() if o.daily)


def default_keep() -> list[str]:
    """The outcomes experiments keep as daily series when an experiment file does not say.

    Returns:
        Their names, in column order.
    """
    return [name for name, o in OUTCOMES.items() if o.keep]
