"""The scenario schema: every key a scenario file may hold, its default and its allowed range.

A scenario is one whole simulated city: its scale and structure, the resident needs, the
issue flow, every policy lever of the essay, shocks, the seed and the number of days.
Each lever's docstring names the essay's term it stands for; ``docs/ODD.md`` carries the
same table for readers.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNeg = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]

COMPOUND_TYPES = ("commodity", "old_estate", "resettlement", "work_unit", "mixed")
"""The five compound (小區) types: 商品房小區, 老舊小區, 安置小區, 單位大院, 混合/城中村."""

ISSUE_KINDS = ("service", "dispute", "enforcement", "infrastructure", "cross_departmental")
"""Issue kinds: 服務需求, 矛盾糾紛, 執法事項, 設施問題, 跨部門事項."""

LEVELS = ("compound", "community", "street", "department")
"""Handler levels from the bottom up: 小區, 社區, 街道, 部門."""


class Section(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class CityConfig(Section):
    """Scale and structure of the synthetic city (streets → communities → compounds → residents)."""

    residents: int = Field(3000, ge=10, le=50_000_000, description="residents in the city")
    districts: int = Field(1, ge=1, le=100, description="districts (區); each has its own departments")
    streets: int = Field(1, ge=1, le=10_000, description="streets and towns (街道/鄉鎮)")
    communities: int = Field(6, ge=1, le=200_000, description="communities and villages (社區/村)")
    compounds: int = Field(24, ge=1, le=2_000_000, description="residential compounds (小區)")
    size_spread: float = Field(
        0.5, ge=0.0, le=2.0, description="log-normal sigma of unit sizes (0 = identical units)"
    )
    compound_type_shares: dict[str, Share] = Field(
        default_factory=lambda: {
            "commodity": 0.35,
            "old_estate": 0.25,
            "resettlement": 0.15,
            "work_unit": 0.15,
            "mixed": 0.10,
        },
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


def _default_compound_types() -> dict[str, CompoundTypeConfig]:
    return {
        "commodity": CompoundTypeConfig(
            property_firm=0.95, firm_quality=0.6, organised=0.5, ageing=0.15,
            need_multiplier={"housing": 1.2, "environment": 1.1, "social": 0.8},
        ),
        "old_estate": CompoundTypeConfig(
            property_firm=0.1, firm_quality=0.4, organised=0.25, ageing=0.4,
            need_multiplier={"housing": 1.5, "environment": 1.4, "culture_health": 1.4},
        ),
        "resettlement": CompoundTypeConfig(
            property_firm=0.4, firm_quality=0.4, organised=0.35, ageing=0.25,
            need_multiplier={"employment": 1.6, "social": 1.3, "safety": 1.2},
        ),
        "work_unit": CompoundTypeConfig(
            property_firm=0.3, firm_quality=0.5, organised=0.6, ageing=0.35,
            need_multiplier={"housing": 1.2, "culture_health": 1.2},
        ),
        "mixed": CompoundTypeConfig(
            property_firm=0.15, firm_quality=0.4, organised=0.15, ageing=0.2,
            need_multiplier={"safety": 1.5, "environment": 1.4, "employment": 1.3},
        ),
    }


class DomainConfig(Section):
    """One resident need domain (六大需求): how fast the need grows and what kinds of issue it gives."""

    label_zh: str = Field(description="Chinese name shown in the dashboard")
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


def _default_domains() -> dict[str, DomainConfig]:
    k = ISSUE_KINDS
    return {
        "employment": DomainConfig(label_zh="就業", drift=0.003,
                                   kinds=dict(zip(k, (0.6, 0.25, 0.05, 0.0, 0.1), strict=True))),
        "housing": DomainConfig(label_zh="居住", drift=0.0035, property_related=True,
                                kinds=dict(zip(k, (0.25, 0.25, 0.1, 0.3, 0.1), strict=True))),
        "safety": DomainConfig(label_zh="安全", drift=0.0025, epidemic=True,
                               kinds=dict(zip(k, (0.15, 0.25, 0.35, 0.1, 0.15), strict=True))),
        "environment": DomainConfig(label_zh="環境", drift=0.0035, property_related=True,
                                    kinds=dict(zip(k, (0.2, 0.15, 0.3, 0.2, 0.15), strict=True))),
        "social": DomainConfig(label_zh="交往", drift=0.0025, epidemic=True, elderly_multiplier=1.2,
                               kinds=dict(zip(k, (0.6, 0.3, 0.0, 0.05, 0.05), strict=True))),
        "culture_health": DomainConfig(label_zh="文化健康", drift=0.003, epidemic=True,
                                       elderly_multiplier=1.5,
                                       kinds=dict(zip(k, (0.6, 0.1, 0.1, 0.1, 0.1), strict=True))),
    }


class KindConfig(Section):
    """One issue kind: the work it takes and the level whose authority it needs."""

    label_zh: str
    effort_hours: Positive = Field(description="mean staff-hours to resolve")
    level_shares: list[Share] = Field(
        description="share needing the authority of compound, community, street, department"
    )
    delegable: bool = Field(description="whether delegation (權下放) can move its powers to streets")

    @model_validator(mode="after")
    def _levels(self) -> KindConfig:
        if len(self.level_shares) != 4 or sum(self.level_shares) <= 0:
            raise ValueError("level_shares needs four non-negative numbers, not all zero")
        return self


def _default_kinds() -> dict[str, KindConfig]:
    return {
        "service": KindConfig(label_zh="服務需求", effort_hours=1.5,
                              level_shares=[0.3, 0.5, 0.12, 0.08], delegable=True),
        "dispute": KindConfig(label_zh="矛盾糾紛", effort_hours=3.0,
                              level_shares=[0.4, 0.35, 0.15, 0.1], delegable=True),
        "enforcement": KindConfig(label_zh="執法事項", effort_hours=4.0,
                                  level_shares=[0.0, 0.05, 0.15, 0.8], delegable=True),
        "infrastructure": KindConfig(label_zh="設施問題", effort_hours=6.0,
                                     level_shares=[0.1, 0.1, 0.2, 0.6], delegable=True),
        "cross_departmental": KindConfig(label_zh="跨部門事項", effort_hours=6.0,
                                         level_shares=[0.0, 0.05, 0.15, 0.8], delegable=False),
    }


class DepartmentConfig(Section):
    """One functional department (部門) kind: which domains and kinds it owns (the overlap matrix)."""

    label_zh: str
    domains: dict[str, Share] = Field(description="ownership weight per need domain")
    kinds: dict[str, Share] = Field(description="ownership weight per issue kind")


def _default_departments() -> dict[str, DepartmentConfig]:
    def d(zh: str, domains: dict[str, float], kinds: dict[str, float]) -> DepartmentConfig:
        return DepartmentConfig(label_zh=zh, domains=domains, kinds=kinds)

    return {
        "politics_law": d("政法委", {"safety": 1.0, "social": 0.2},
                          {"dispute": 1.0, "enforcement": 0.5, "cross_departmental": 0.6}),
        "organisation": d("組織部", {"social": 0.3, "culture_health": 0.1},
                          {"service": 0.3, "cross_departmental": 0.4}),
        "publicity": d("宣傳部", {"culture_health": 0.6, "social": 0.3},
                       {"service": 0.6, "cross_departmental": 0.2}),
        "civil_affairs": d("民政", {"social": 0.8, "culture_health": 0.5, "employment": 0.2},
                           {"service": 1.0, "dispute": 0.3, "infrastructure": 0.3,
                            "cross_departmental": 0.5}),
        "housing": d("住建", {"housing": 1.0, "environment": 0.3},
                     {"infrastructure": 1.0, "service": 0.4, "dispute": 0.5, "enforcement": 0.3,
                      "cross_departmental": 0.5}),
        "health_campaign": d("愛衛辦", {"environment": 0.8, "culture_health": 0.5},
                             {"service": 0.5, "enforcement": 0.3, "cross_departmental": 0.3}),
        "urban_management": d("城管", {"environment": 1.0, "safety": 0.3, "housing": 0.3},
                              {"enforcement": 1.0, "infrastructure": 0.4, "dispute": 0.3,
                               "cross_departmental": 0.5}),
        "food_safety": d("食安辦", {"safety": 0.5, "culture_health": 0.3},
                         {"enforcement": 0.8, "service": 0.2, "cross_departmental": 0.2}),
        "human_resources": d("人社", {"employment": 1.0, "social": 0.2},
                             {"service": 1.0, "dispute": 0.5, "enforcement": 0.5,
                              "cross_departmental": 0.3}),
    }


class ResidentsConfig(Section):
    """How residents raise issues and how their satisfaction, trust and participation move."""

    issue_rate: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.006, description="daily chance of raising an issue in a domain whose need is fully unmet"
    )
    need_threshold: Annotated[float, Field(ge=0.0, le=0.95)] = Field(
        0.3, description="need level below which nobody complains"
    )
    relief: Share = Field(0.6, description="need removed when the resident's issue is resolved")
    initial_need: Share = Field(0.4, description="mean initial need in each domain")
    hotline_share: Share = Field(0.3, description="share of residents who use the city hotline")
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
    resolved_gain: Share = Field(0.25, description="satisfaction gained from a quick resolution")
    speed_days: Positive = Field(14.0, description="days over which the gain of a resolution halves")
    abandoned_loss: Share = Field(0.3, description="satisfaction lost when an issue is dropped")
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
        60, description="an issue still open this many days after it was raised is abandoned"
    )
    grievance_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        21, description="an issue waiting this long below the street goes over heads to the street"
    )
    triage_hours: NonNeg = Field(0.25, description="staff-hours a handler spends to look at an issue")
    priority: Literal["oldest", "severity", "smallest"] = Field(
        "oldest", description="queue rule: oldest first, most severe first, or smallest effort first"
    )
    effort_spread: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        0.6, description="log-normal sigma of the effort an issue takes"
    )

    @model_validator(mode="after")
    def _delays(self) -> IssuesConfig:
        if len(self.escalation_days) != 3:
            raise ValueError("escalation_days needs three numbers (one per step up)")
        return self


class StaffConfig(Section):
    """Staff-hours per day for resident issues, per 1,000 residents served (before any lever)."""

    community_hours: NonNeg = Field(10.0, description="community staff-hours per 1,000 residents")
    street_hours: NonNeg = Field(5.0, description="street staff-hours per 1,000 residents")
    department_hours: NonNeg = Field(12.0, description="department staff-hours per 1,000 residents")
    department_issue_share: Share = Field(
        0.5, description="share of department hours spent on resident issues (rest: own priorities)"
    )
    committee_hours: NonNeg = Field(
        1.0, description="hours an organised compound's committee / party branch gives per 1,000 residents"
    )
    firm_hours: NonNeg = Field(3.0, description="property-firm hours per 1,000 residents at full quality")
    volunteer_hours: NonNeg = Field(0.15, description="hours a volunteer gives per day")


class PowerConfig(Section):
    """Power allocation: delegation (權下放), lists (分類確權/權責清單), responsibility (屬地/有限)."""

    delegation: Share = Field(
        0.1, description="權下放: share of department powers over delegable kinds held by streets"
    )
    staff_follow: Share = Field(
        0.0, description="執法力量下沉: share of the delegated powers' department hours moved to streets"
    )
    list_clarity: Share = Field(
        0.3, description="權責清單: clarity of who owns what (1 = every issue has a known owner)"
    )
    territorial: Share = Field(
        0.9, description="屬地責任 (1) vs 有限責任 (0): how far upper levels push issues and tasks down"
    )
    pushdown_rate: Share = Field(
        0.35, description="chance a department pushes an issue down under full territorial duty"
    )
    bounce_rate: Share = Field(
        0.5, description="chance a department passes on an overlapping issue under unclear lists"
    )
    misroute_rate: Share = Field(
        0.3, description="chance an intake sends an issue to the wrong level under unclear lists"
    )


class AdminConfig(Section):
    """Administrative tasks from departments (forms, inspections, campaigns) and 社區准入制."""

    hours: NonNeg = Field(6.0, description="admin-task hours departments issue per 1,000 residents a day")
    listed_share: Share = Field(
        0.2, description="share of admin tasks that are a community's listed duty (flow down anyway)"
    )
    access_cap: Share = Field(
        1.0, description="社區准入制: most of a community's hours admin tasks may take (1 = no cap)"
    )
    retained_cost: Share = Field(
        0.5, description="share of a task's hours still needed when the issuing department does it"
    )


class JointConfig(Section):
    """Joint enforcement and whistle-and-report (聯合檢查 / 吹哨報到 / 聯合考核)."""

    whistle: Share = Field(
        0.0, description="吹哨報到: chance a street summons the departments for an issue beyond it"
    )
    coordination_days: Annotated[int, Field(ge=0, le=60)] = Field(
        2, description="days to gather the summoned departments"
    )
    overhead: NonNeg = Field(0.3, description="extra share of effort a joint resolution costs")
    evaluation: Share = Field(
        0.0, description="聯合考核: weight of streets' evaluation in how departments are assessed"
    )


class CommandConfig(Section):
    """Unified intake and command (一網覆蓋 / 戰區制 / 主官上)."""

    unified_intake: Share = Field(
        0.0, description="一網覆蓋: share of issues routed by one network to the level holding the power"
    )
    chief_officials: Share = Field(
        0.0, description="主官上: chief officials in charge; shortens escalation and coordination delays"
    )
    redeploy: Share = Field(
        0.0, description="戰區制: share of department hours sent to communities during a shock"
    )


class MovingDownConfig(Section):
    """Moving the centre of gravity down (重心下移) and compound-level governance (小區治理)."""

    staff_share: Share = Field(
        0.0, description="重心下移: share of department hours (and street hours × street_part) moved down"
    )
    compound_share: Share = Field(
        0.35, description="share of the moved hours that go on to compounds (rest: communities)"
    )
    street_part: Share = Field(
        0.5, description="street hours move down at this fraction of staff_share (departments at all of it)"
    )
    compound_governance: Share = Field(
        0.0, description="小區治理: chance an unorganised compound gets a party branch / committee"
    )
    classified: Share = Field(
        0.0, description="小區分類治理: support each compound type lacks (public property services)"
    )


class SocialConfig(Section):
    """Social empowerment (賦權增能 / 三社聯動 / 項目制) and volunteers."""

    funding: NonNeg = Field(
        0.0, description="項目制: project funding per community (0 = none, 1 = a strong programme)"
    )
    social_workers: NonNeg = Field(
        0.5, description="社工: social-worker hours per 1,000 residents a day"
    )
    org_growth: NonNeg = Field(
        0.004,
        description="new social organisations per 1,000 residents a day per unit funding "
        "(a tenth of it forms without funding)",
    )
    org_decay: NonNeg = Field(0.002, description="daily share of social organisations that fold")
    org_hours: NonNeg = Field(2.0, description="hours a social organisation adds a day")
    initial_orgs: NonNeg = Field(0.3, description="social organisations per 1,000 residents at start")
    party_members_report: Share = Field(
        0.0, description="在職黨員到社區報到: extra volunteer share from registered party members"
    )


class SupplyConfig(Section):
    """Proactive service supply (供給) and how it is aimed: needs sensing vs agency-ism (代理主義)."""

    budget: NonNeg = Field(3.5, description="proactive service hours per 1,000 residents a day")
    sensing: Share = Field(
        0.1, description="大調研大數據: 1 = supply follows sensed resident needs, 0 = departments' priorities"
    )
    efficiency: NonNeg = Field(
        0.006, description="need relieved per resident by one service hour per 1,000 residents"
    )
    survey_days: Annotated[int, Field(ge=1, le=365)] = Field(
        7, description="days between surveys of residents' needs (大調研)"
    )
    agency_priorities: dict[str, NonNeg] = Field(
        default_factory=lambda: {
            "employment": 0.05, "housing": 0.1, "safety": 0.25,
            "environment": 0.35, "social": 0.05, "culture_health": 0.2,
        },
        description="departments' own priorities over the domains (creation campaigns and the like)",
    )


class EpidemicConfig(Section):
    """An epidemic wave: more health and safety needs, control tasks, volunteer mobilisation."""

    enabled: bool = False
    start: Annotated[int, Field(ge=0)] = Field(120, description="day the wave starts")
    length: Annotated[int, Field(ge=1)] = Field(30, description="days it lasts")
    intensity: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        1.0, description="1 = a severe wave: needs grow 3× faster in the affected domains"
    )
    admin_surge: NonNeg = Field(2.0, description="control tasks added per unit intensity, × admin hours")
    volunteer_mobilisation: Share = Field(
        0.0, description="volunteer mobilisation during the wave: volunteer hours × (1 + 4 × this)"
    )


class ShocksConfig(Section):
    """Shocks the city meets during the run."""

    epidemic: EpidemicConfig = Field(default_factory=EpidemicConfig)


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
    steps: int = Field(365, ge=1, le=36_500, description="days to simulate")
    city: CityConfig = Field(default_factory=CityConfig)
    compound_types: dict[str, CompoundTypeConfig] = Field(default_factory=_default_compound_types)
    domains: dict[str, DomainConfig] = Field(default_factory=_default_domains)
    kinds: dict[str, KindConfig] = Field(default_factory=_default_kinds)
    departments: dict[str, DepartmentConfig] = Field(default_factory=_default_departments)
    residents: ResidentsConfig = Field(default_factory=ResidentsConfig)
    issues: IssuesConfig = Field(default_factory=IssuesConfig)
    staff: StaffConfig = Field(default_factory=StaffConfig)
    power: PowerConfig = Field(default_factory=PowerConfig)
    admin: AdminConfig = Field(default_factory=AdminConfig)
    joint: JointConfig = Field(default_factory=JointConfig)
    command: CommandConfig = Field(default_factory=CommandConfig)
    moving_down: MovingDownConfig = Field(default_factory=MovingDownConfig)
    social: SocialConfig = Field(default_factory=SocialConfig)
    supply: SupplyConfig = Field(default_factory=SupplyConfig)
    shocks: ShocksConfig = Field(default_factory=ShocksConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)

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
        domains = set(self.domains)
        for where, names in [
            *((f"compound_types.{t}.need_multiplier", c.need_multiplier)
              for t, c in self.compound_types.items()),
            *((f"departments.{k}.domains", d.domains) for k, d in self.departments.items()),
            ("supply.agency_priorities", self.supply.agency_priorities),
        ]:
            unknown = set(names) - domains
            if unknown:
                raise ValueError(f"{where} names unknown domains {sorted(unknown)}; "
                                 f"allowed: {sorted(domains)}")
        for k, d in self.departments.items():
            unknown = set(d.kinds) - set(ISSUE_KINDS)
            if unknown:
                raise ValueError(f"departments.{k}.kinds names unknown kinds {sorted(unknown)}; "
                                 f"allowed: {list(ISSUE_KINDS)}")
        for dom in self.domains:
            for kind, share in self.domains[dom].kinds.items():
                if share > 0 and not any(
                    d.domains.get(dom, 0) > 0 and d.kinds.get(kind, 0) > 0
                    for d in self.departments.values()
                ):
                    raise ValueError(
                        f"no department owns {kind} issues in domain {dom}: give one department "
                        f"a weight for both, or set domains.{dom}.kinds.{kind} = 0"
                    )
        shock = self.shocks.epidemic
        if shock.enabled and shock.start >= self.steps:
            raise ValueError(
                f"shocks.epidemic.start ({shock.start}) must fall within the run (steps = {self.steps})"
            )
        return self
