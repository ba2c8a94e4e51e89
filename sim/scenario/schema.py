"""The scenario schema: every key a scenario file may hold, its default and its allowed range.

A scenario is one whole simulated city: its scale and structure, the resident needs, the
issue flow, every policy lever of the essay, shocks, the seed and the number of days.  The
structural tables are defined here, the policy tables (each lever declared with its essay term,
control and expected direction) in :mod:`sim.scenario.policy`, the default entries of the
dict-valued tables in :mod:`sim.scenario.defaults`; ``docs/ODD.md`` carries the table for readers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.scenario import defaults
from sim.scenario.approvals import ApprovalsConfig
from sim.scenario.costs import CostsConfig
from sim.scenario.fields import NonNeg, Positive, Section, Share
from sim.scenario.policy import (
    AdminConfig,
    CommandConfig,
    JointConfig,
    MovingDownConfig,
    PowerConfig,
    ShocksConfig,
    SocialConfig,
    SupplyConfig,
)
from sim.scenario.projects import ProjectsConfig
from sim.scenario.ratings import RatingsConfig
from sim.scenario.safety import GridConfig, SafetyConfig, check_domains
from sim.scenario.stages import StagesConfig
from sim.scenario.state import RankingConfig, StateTasksConfig
from sim.scenario.timeline import CalendarConfig, Reform

COMPOUND_TYPES = ("commodity", "old_estate", "resettlement", "work_unit", "mixed")
"""The five compound (小區) types: 商品房小區, 老舊小區, 安置小區, 單位大院, 混合/城中村."""

ISSUE_KINDS = ("service", "dispute", "enforcement", "infrastructure", "cross_departmental")
"""Issue kinds: 服務需求, 矛盾糾紛, 執法事項, 設施問題, 跨部門事項."""

LEVELS = ("compound", "community", "street", "department", "city")
"""Handler levels from the bottom up: 小區, 社區, 街道, 部門 (the districts' departments, 區級部門) and the
city's departments (市級部門)."""


class CityConfig(Section):
    """Scale and structure of the synthetic city (streets → communities → compounds → residents)."""

    residents: int = Field(3000, ge=10, le=50_000_000, description="residents in the city")
    seed: int | None = Field(
        None, ge=0, le=2**63 - 1,
        description="seed of the city's structure and its residents' starting state (default: the "
        "scenario's seed); the run seed draws only what happens, so replicates share one city",
    )
    districts: int = Field(1, ge=1, le=100, description="districts (區); each has its own departments")
    streets: int = Field(1, ge=1, le=10_000, description="streets and towns (街道/鄉鎮)")
    communities: int = Field(6, ge=1, le=200_000, description="communities and villages (社區/村)")
    compounds: int = Field(24, ge=1, le=2_000_000, description="residential compounds (小區)")
    size_spread: float = Field(
        0.5, ge=0.0, le=2.0, description="log-normal sigma of unit sizes (0 = identical units)"
    )
    compound_type_shares: dict[str, Share] = Field(
        default_factory=lambda: dict(defaults.COMPOUND_TYPE_SHARES),
        description="share of compounds of each type",
    )

    @model_validator(mode="after")
    def _structure(self) -> CityConfig:
        if set(self.compound_type_shares) != set(COMPOUND_TYPES):
            raise ValueError(
                f"compound_type_shares must name exactly the types {list(COMPOUND_TYPES)}"
            )
        if sum(self.compound_type_shares.values()) <= 0:
            raise ValueError("compound_type_shares must not all be zero")
        chain = [
            ("districts", self.districts),
            ("streets", self.streets),
            ("communities", self.communities),
            ("compounds", self.compounds),
            ("residents", self.residents),
        ]
        for (upper, n_up), (lower, n_low) in itertools.pairwise(chain):
            if n_low < n_up:
                raise ValueError(
                    f"{lower} ({n_low}) must be at least {upper} ({n_up}): "
                    f"every {upper[:-1]} needs at least one of its {lower}"
                )
        return self


class CompoundTypeConfig(Section):
    """Traits of one compound type (小區分類): who manages it and what its residents need."""

    property_firm: Share = Field(description="probability that a compound has a property firm")
    firm_quality: Share = Field(0.6, description="mean service quality of its property firms")
    organised: Share = Field(description="probability of an owners' committee or party branch")
    ageing: Share = Field(description="share of residents over 60 (their needs follow elderly_multiplier)")
    need_multiplier: dict[str, Positive] = Field(
        default_factory=dict, description="multiplier on the daily need drift per domain"
    )


class DomainConfig(Section):
    """One resident need domain (六大需求): how fast the need grows and what kinds of issue it gives."""

    label_zh: str = Field(description="Chinese name of the need domain (names its row of the overlap table)")
    drift: Annotated[float, Field(ge=0.0, le=0.2)] = Field(
        description="mean daily growth of an unmet need (need runs from 0 to 1)"
    )
    kinds: dict[str, Share] = Field(description="how issues of this domain split over the kinds")
    elderly_multiplier: Positive = Field(1.0, description="need drift of residents over 60, × the usual")
    epidemic: bool = Field(False, description="needs in this domain surge during an epidemic wave")
    property_related: bool = Field(
        False, description="property firms serve this domain; their failures turn issues into disputes"
    )

    @model_validator(mode="after")
    def _kinds(self) -> DomainConfig:
        unknown = set(self.kinds) - set(ISSUE_KINDS)
        if unknown:
            raise ValueError(f"unknown issue kinds {sorted(unknown)}; allowed: {list(ISSUE_KINDS)}")
        if sum(self.kinds.values()) <= 0:
            raise ValueError("kinds must not all be zero")
        return self


class KindConfig(Section):
    """One issue kind: the work it takes and the level whose authority it needs."""

    label_zh: str = Field(description="Chinese name of the issue kind (heads its column of the overlap table)")
    effort_hours: Positive = Field(description="mean staff-hours to resolve")
    level_shares: list[Share] = Field(
        description="share needing the authority of compound, community, street, district department "
        "and city department (市級: cases crossing districts); four numbers mean a city share of 0"
    )
    delegable: bool = Field(description="whether delegation (權下放) can move its powers to streets")
    time_limit_days: int = Field(
        5, ge=1, le=365, description="working days the hotline promises for a case of this kind (辦理時限)"
    )
    daily_hours: Positive = Field(
        2.0, le=24.0,
        description="most staff-hours a handler puts into one case of this kind in a day: one officer's "
        "share of a working day, as an officer carries several cases at once",
    )
    lead_days: int = Field(
        0, ge=0, le=60,
        description="days from being taken up before a case of this kind can be closed (a site visit, an "
        "approval, other departments' answers); 0 lets it close the day it is taken up",
    )

    @model_validator(mode="after")
    def _levels(self) -> KindConfig:
        if len(self.level_shares) not in (4, 5) or sum(self.level_shares) <= 0:
            raise ValueError("level_shares needs five non-negative numbers (compound, community, street, "
                             "district department, city department; four mean no city share), not all zero")
        if len(self.level_shares) == 4:
            self.__dict__["level_shares"] = [*self.level_shares, 0.0]
        return self


class DepartmentConfig(Section):
    """One functional department (部門) kind: which domains and kinds it owns (the overlap matrix)."""

    label_zh: str = Field(description="Chinese name of the department kind (names owners in the overlap table)")
    domains: dict[str, Share] = Field(description="ownership weight per need domain")
    kinds: dict[str, Share] = Field(description="ownership weight per issue kind")


class ResidentsConfig(Section):
    """How residents raise issues and how their satisfaction, trust and participation move."""

    issue_rate: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.0008, description="daily chance of raising an issue in a domain whose need is fully unmet "
        "(set so that requests per resident a year fall in the public record's range: data/magnitudes.csv)"
    )
    need_threshold: Annotated[float, Field(ge=0.0, le=0.95)] = Field(
        0.3, description="need level below which nobody complains"
    )
    relief: Share = Field(0.6, description="need removed when the resident's issue is resolved")
    everyday_share: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        0.89, description="share of the need drift met in everyday life (families, neighbours, markets, other "
        "services) before government's; set to the record's pre-2019 hotline volume (data/magnitudes.csv)")
    initial_need: Share = Field(0.4, description="mean need in each domain when the need history starts")
    history_years: Annotated[int, Field(ge=0, le=50)] = Field(12, description="years of need history lived "
        "before the warm-up, so that needs start at their own points of their cycles (0: at initial_need)")
    history_resolution: Share = Field(0.75, description="share of the history's issues that relieve the need "
        "(the baseline resolves 0.84 of its closed cases and loses 0.11 of those raised: 0.84 × 0.89)")
    hotline_share: Share = Field(0.3, description="share of residents who use the city hotline at first")
    online_share: Share = Field(
        0.2, description="share of the hotline's users who reach it online (web, app) rather than by phone"
    )
    compound_channel_share: Share = Field(
        0.4, description="share of the others who first go to their compound (if it handles issues)"
    )
    participation_mean: Share = Field(0.25, description="mean participation propensity")
    initial_trust: Share = Field(0.5, description="mean initial trust in government")
    initial_satisfaction: Share = Field(0.6, description="mean initial satisfaction")
    adaptation: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.05, description="daily rate at which satisfaction follows how well needs are met"
    )
    trust_rate: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.02, description="daily rate at which trust follows satisfaction"
    )
    bounce_loss: Share = Field(0.03, description="trust lost per bounce or push-down suffered")
    volunteer_share: Share = Field(
        0.15, description="chance a fully participating resident volunteers"
    )


class IssuesConfig(Section):
    """The issue lifecycle: delays, deadlines and how handlers order their queues."""

    escalation_days: list[Annotated[int, Field(ge=0, le=60)]] = Field(
        default_factory=lambda: [1, 2, 3],
        description="days to pass an issue up: compound→community, community→street, street→department",
    )
    bounce_days: Annotated[int, Field(ge=0, le=60)] = Field(
        3, description="days an issue spends in transit when a department passes it sideways"
    )
    pushdown_days: Annotated[int, Field(ge=0, le=60)] = Field(
        2, description="days an issue spends in transit when pushed back down to the street"
    )
    abandon_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        60, description="days after raising at which an open case ends: a hotline or online case is closed "
        "unresolved by the hotline, a case from the compound or community channel is given up by the resident"
    )
    grievance_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        21, description="an issue waiting this long below the street goes over heads to the street"
    )
    district_supervision_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        30, description="a grievance still open this many days after it was raised climbs to the district "
        "department that owns it (區級督辦): about a working week after it went over heads"
    )
    city_supervision_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        45, description="a grievance still open this many days after it was raised climbs to the city "
        "department of its kind (市級督辦): a fortnight after the district's, before the resident gives up"
    )
    city_escalation_days: Annotated[int, Field(ge=0, le=60)] = Field(
        3, description="days to pass a case from a district department up to the city department (as street→department)"
    )
    triage_hours: NonNeg = Field(0.25, description="staff-hours a handler spends to look at an issue")
    response_days: int = Field(1, ge=0, le=60, description="working days within which a hotline case must be "
                               "answered (響應時限): taken up, or called back under command.first_contact")
    priority: Literal["deadline", "oldest", "severity", "smallest"] = Field(
        "deadline",
        description="queue rule: earliest due first (raised + the kind's time limit in working days), "
        "oldest first, most severe first, or smallest effort first",
    )
    dispatch_limit: int = Field(
        3, ge=1, le=60,
        description="passes between departments (bounces, forwards) after which a case is assigned to its "
        "owner, which must keep it (Tianjin's rule against endless bouncing: owner after the third dispatch)",
    )
    effort_spread: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        0.6, description="log-normal sigma of the effort an issue takes"
    )

    @model_validator(mode="after")
    def _delays(self) -> IssuesConfig:
        if len(self.escalation_days) != 3:
            raise ValueError("escalation_days needs three numbers (one per step up)")
        if self.city_supervision_days < self.district_supervision_days:
            raise ValueError("city_supervision_days must be at least district_supervision_days "
                             "(the city supervises after the district)")
        return self


class StaffConfig(Section):
    """Staff-hours per working day for resident issues, per 1,000 residents served (before any lever)."""

    community_hours: NonNeg = Field(
        7.0, description="community staff-hours per 1,000 residents a working day for residents' cases and "
        "admin tasks (of 1.8 workers × 8 h: data/magnitudes.csv)")
    street_hours: NonNeg = Field(
        3.0, description="street staff-hours per 1,000 residents a working day for residents' cases "
        "(data/magnitudes.csv)")
    department_hours: NonNeg = Field(
        12.0, description="department staff-hours per 1,000 residents a working day (data/magnitudes.csv)")
    city_department_hours: NonNeg = Field(
        1.5, description="city departments' (市級部門) staff-hours per 1,000 city residents a working day, "
        "shared by the kinds: an eighth of the districts' (most line staff sit in the districts)"
    )
    department_issue_share: Share = Field(
        0.5, description="share of department paid hours given to residents' cases with no ranking "
        "pressure (rest: the state's tasks, 國家需求)"
    )
    committee_hours: NonNeg = Field(
        1.0, description="hours an organised compound's committee / party branch gives per 1,000 residents"
    )
    firm_hours: NonNeg = Field(3.0, description="property-firm hours per 1,000 residents at full quality")
    volunteer_hours: NonNeg = Field(0.15, description="hours a volunteer gives per day")


class OutputConfig(Section):
    """What a run keeps besides the daily outcomes."""

    keep_paths: bool = Field(True, description="keep every hop of every issue (the issue paths)")
    chunk_rows: int = Field(
        1_000_000, ge=1, le=100_000_000,
        description="issue rows held in memory before a chunk is written to Parquet (large runs)",
    )
    resident_agents_limit: int = Field(
        20_000, ge=0, description="create a Resident agent for every resident up to this many"
    )


class Scenario(Section):
    """A whole scenario: one simulated city, its levers, its shocks, its seed and its length."""

    name: str = "unnamed"
    title_zh: str = ""
    description: str = ""
    seed: int = Field(20191, ge=0, le=2**63 - 1)
    steps: int = Field(365, ge=1, le=36_500, description="days to simulate (and record)")
    start_date: dt.date = Field(dt.date(2019, 1, 1), description="the date of day 0, the first day recorded")
    warmup_days: int = Field(
        0, ge=0, le=3650,
        description="days simulated before start_date under the starting arrangement, kept out of every outcome",
    )
    reforms: list[Reform] = Field(
        default_factory=list, description="the reform timeline: scenario keys set from a date on, with a ramp"
    )
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    city: CityConfig = Field(default_factory=CityConfig)
    compound_types: dict[str, CompoundTypeConfig] = Field(
        default_factory=lambda: {key: CompoundTypeConfig(**entry) for key, entry in defaults.COMPOUND_TYPES.items()})
    domains: dict[str, DomainConfig] = Field(
        default_factory=lambda: {key: DomainConfig(**entry) for key, entry in defaults.DOMAINS.items()})
    kinds: dict[str, KindConfig] = Field(
        default_factory=lambda: {key: KindConfig(**entry) for key, entry in defaults.KINDS.items()})
    departments: dict[str, DepartmentConfig] = Field(
        default_factory=lambda: {key: DepartmentConfig(**entry) for key, entry in defaults.DEPARTMENTS.items()})
    residents: ResidentsConfig = Field(default_factory=ResidentsConfig)
    issues: IssuesConfig = Field(default_factory=IssuesConfig)
    staff: StaffConfig = Field(default_factory=StaffConfig)
    power: PowerConfig = Field(default_factory=PowerConfig)
    approvals: ApprovalsConfig = Field(default_factory=ApprovalsConfig)
    admin: AdminConfig = Field(default_factory=AdminConfig)
    joint: JointConfig = Field(default_factory=JointConfig)
    state_tasks: StateTasksConfig = Field(default_factory=StateTasksConfig)
    ranking: RankingConfig = Field(default_factory=RankingConfig)
    command: CommandConfig = Field(default_factory=CommandConfig)
    moving_down: MovingDownConfig = Field(default_factory=MovingDownConfig)
    social: SocialConfig = Field(default_factory=SocialConfig)
    stages: StagesConfig = Field(default_factory=StagesConfig)
    projects: ProjectsConfig = Field(default_factory=ProjectsConfig)
    supply: SupplyConfig = Field(default_factory=SupplyConfig)
    safety: SafetyConfig = Field(default_factory=SafetyConfig)
    grid: GridConfig = Field(default_factory=GridConfig)
    shocks: ShocksConfig = Field(default_factory=ShocksConfig)
    ratings: RatingsConfig = Field(default_factory=RatingsConfig)
    costs: CostsConfig = Field(default_factory=CostsConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)

    def day_date(self, day: int) -> dt.date:
        """The date of a day (day 0 is ``start_date``; the warm-up's days are negative)."""
        return self.start_date + dt.timedelta(days=day)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if set(self.compound_types) != set(COMPOUND_TYPES):
            raise ValueError(f"compound_types must define exactly {list(COMPOUND_TYPES)}")
        if set(self.kinds) != set(ISSUE_KINDS):
            raise ValueError(f"kinds must define exactly {list(ISSUE_KINDS)}")
        if not 1 <= len(self.domains) <= 16:
            raise ValueError("domains must define between 1 and 16 need domains")
        if not 1 <= len(self.departments) <= 32:
            raise ValueError("departments must define between 1 and 32 department kinds")
        domain_names = set(self.domains)
        for where, names in [
            *((f"compound_types.{type_name}.need_multiplier", compound_type.need_multiplier)
              for type_name, compound_type in self.compound_types.items()),
            *((f"departments.{dept_name}.domains", department.domains)
              for dept_name, department in self.departments.items()),
            ("supply.agency_priorities", self.supply.agency_priorities),
            ("projects.firm_domains", self.projects.firm_domains),
        ]:
            unknown = set(names) - domain_names
            if unknown:
                raise ValueError(f"{where} names unknown domains {sorted(unknown)}; "
                                 f"allowed: {sorted(domain_names)}")
        for dept_name, department in self.departments.items():
            unknown = set(department.kinds) - set(ISSUE_KINDS)
            if unknown:
                raise ValueError(f"departments.{dept_name}.kinds names unknown kinds "
                                 f"{sorted(unknown)}; allowed: {list(ISSUE_KINDS)}")
        for domain_name, domain in self.domains.items():
            for kind, share in domain.kinds.items():
                if share > 0 and not any(
                    department.domains.get(domain_name, 0) > 0 and department.kinds.get(kind, 0) > 0
                    for department in self.departments.values()
                ):
                    raise ValueError(
                        f"no department owns {kind} issues in domain {domain_name}: give one "
                        f"department a weight for both, or set domains.{domain_name}.kinds.{kind} = 0"
                    )
        epidemic = self.shocks.epidemic
        if epidemic.enabled and epidemic.start >= self.steps:
            raise ValueError(
                f"shocks.epidemic.start ({epidemic.start}) must fall within the run "
                f"(steps = {self.steps})"
            )
        disaster = self.shocks.disaster
        if disaster.enabled:
            if disaster.start >= self.steps:
                raise ValueError(f"shocks.disaster.start ({disaster.start}) must fall within the run "
                                 f"(steps = {self.steps})")
            unknown = [name for name in disaster.domains if name not in domain_names]
            if unknown or not disaster.domains:
                raise ValueError(f"shocks.disaster.domains names unknown domains {unknown}; "
                                 f"allowed: {sorted(domain_names)} (at least one)")
        check_domains(self.safety, self.grid, domain_names)
        return self
