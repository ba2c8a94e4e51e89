"""The policy tables of a scenario: every lever of the essay, with the parameters that go with it.

Each lever is declared once, here, with :func:`~sim.scenario.fields.lever`: default, meaning and
range as for any field, plus its essay term, the label and help of its dashboard control and the
direction it moves its outcomes (``moves``), which ``tests/test_levers.py`` checks for every lever.
The directions follow each lever's mechanism in ``sim/core`` (``docs/ODD.md`` §8).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.classified import CompoundSupportConfig
from sim.scenario.defaults import AGENCY_PRIORITIES
from sim.scenario.disaster import DisasterConfig
from sim.scenario.fields import NonNeg, Section, Share, lever

EARLY_EPIDEMIC = {"shocks.epidemic.enabled": True, "shocks.epidemic.start": 30}
"""Context of the levers that act only during an epidemic: a wave early enough in the run that a
short run sees it and its aftermath."""

LARGER_CLASSROOM = {"city.residents": 9000}
"""Context of the levers whose effect the 3,000-resident classroom city is too small to show beyond
the noise of five seeds at the record's volumes (data/magnitudes.csv): the same city three times
as populous (same streets, communities and compounds)."""

LASTING_EPIDEMIC = {**EARLY_EPIDEMIC, "shocks.epidemic.length": 90, **LARGER_CLASSROOM}
"""Context of the levers whose effect on the backlog is read while a wave is on: the early wave
lasting to the end of a 120-day directional run, in a classroom city of 9,000 residents.  With the
record's volumes (data/magnitudes.csv) the 3,000-resident classroom city's backlog is a few dozen
cases, and two months after a 30-day wave its excess is within the noise of five seeds."""


class PowerConfig(Section):
    """Power allocation: delegation (權下放), lists (分類確權/權責清單), responsibility (屬地/有限)."""

    delegation: Share = lever(
        0.1, "權下放: share of department powers over delegable kinds held by streets",
        term="權下放 / 放管服 delegation of powers to streets",
        name=("權下放", "Delegation to streets (權下放)"),
        help=("街道握有的部門權力份額；無權時只能上報，等待更久。",
              "Share of department powers held by streets; without them a street must escalate "
              "and wait."),
        unit="share of powers",
        # The street keeps what it now may decide; without staff following, its queue grows (and,
        # with working-day hours, it resolves no larger share: the trade-off of powers without staff).
        moves={"backlog_street": "up"},
    )
    staff_follow: Share = lever(
        0.0, "執法力量下沉: share of the delegated powers' department hours moved to streets",
        term="執法力量下沉 / 統一調度執法力量 staff follow powers",
        name=("執法力量下沉", "Staff follow the powers (執法力量下沉)"),
        help=("隨下放權力一起調到街道的部門工時份額；權下放而人不下沉，街道會被壓垮。",
              "Share of the delegated powers' department hours moved to streets; powers without "
              "staff overload the street."),
        unit="share of hours",
        # Moves staff only for delegated powers, so it needs delegation to act.
        context={"power.delegation": 0.8},
        moves={"backlog_street": "down", "resolved_at_street": "up"},
    )
    list_clarity: Share = lever(
        0.3, "權責清單: clarity of who owns what (1 = every issue has a known owner)",
        term="分類確權 / 權責清單 power and responsibility lists",
        name=("權責清單（分類確權）", "Power/responsibility lists (權責清單)"),
        help=("誰管什麼越清楚，部門越少互相推諉，分派越少出錯。",
              "The clearer who owns what, the less departments pass issues on and the fewer are "
              "misrouted."),
        unit="clarity",
        moves={"bounces_per_issue": "down"},
    )
    territorial: Share = lever(
        0.9, "屬地責任 (1) vs 有限責任 (0): how far upper levels push issues and tasks down",
        term="屬地責任 (1) ↔ 有限責任 (0)",
        name=("屬地責任 ↔ 有限責任", "Territorial vs limited responsibility"),
        help=("1 為屬地責任：上級把訴求和任務都壓給屬地；0 為有限責任：只下放清單內的職責。",
              "1 = territorial: upper levels push issues and tasks down whatever the authority; "
              "0 = limited: only listed duties flow down."),
        unit="degree",
        moves={"pushdowns_per_issue": "up", "community_admin_share": "up"},
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
    streamlining: Share = lever(
        0.0, "放管服: how far the approvals reform has gone (cut steps, approval powers delegated to "
        "streets, one window 一窗受理); its figures are the approvals table's",
        term="放管服 streamlining administration, delegating approvals, one-window service (一窗受理)",
        name=("放管服（一窗受理）", "Streamlined approvals (放管服)"),
        help=("減環節、審批權下放街道、一窗受理：審批步驟更少、窗口間交接更少，辦結更快；窗口人員需先培訓。",
              "Fewer approval steps, approval powers delegated to streets, one window for all: fewer "
              "hand-offs and faster decisions; window staff first spend hours in training."),
        unit="degree",
        moves={"approval_days": "down", "approval_steps": "down"},
    )


class AdminConfig(Section):
    """Administrative tasks from departments (forms, inspections, campaigns) and 社區准入制."""

    hours: NonNeg = Field(
        5.5, description="admin-task hours departments issue per 1,000 residents a working day (what flows "
        "down is about 35% of a community worker's day: data/magnitudes.csv)")
    listed_share: Share = Field(
        0.2, description="share of admin tasks that are a community's listed duty (flow down anyway)"
    )
    access_cap: Share = lever(
        1.0, "社區准入制: most of a community's hours admin tasks may take (1 = no cap)",
        term="社區准入制 community access system (為社區減負)",
        name=("社區准入制", "Community access cap (社區准入制)"),
        help=("行政任務最多可佔社區工時的比例（1 為不設上限）。",
              "Most of a community's hours that admin tasks may take (1 = no cap)."),
        unit="share of community hours",
        moves={"community_admin_share": "up"},
    )
    retained_cost: Share = Field(
        0.5, description="share of a task's hours still needed when the issuing department does it"
    )


class JointConfig(Section):
    """Departments working jointly: whistle-and-report, assessment, inspection (吹哨報到 / 聯合考核 / 聯合檢查)."""

    whistle: Share = lever(
        0.0, "吹哨報到: chance a street summons the departments for an issue beyond it",
        term="吹哨報到 / 聯合檢查 whistle and report, joint enforcement",
        name=("吹哨報到", "Whistle and report (吹哨報到)"),
        help=("街道召集相關部門聯合處理超出其權限的訴求的機率。",
              "Chance a street summons the departments jointly for an issue beyond its powers."),
        unit="probability",
        moves={"bounces_per_issue": "down", "resolved_at_street": "up"},
    )
    coordination_days: Annotated[int, Field(ge=0, le=60)] = Field(
        2, description="days to gather the summoned departments"
    )
    overhead: NonNeg = Field(0.3, description="extra share of effort a joint resolution costs")
    evaluation: Share = lever(
        0.0, "聯合考核: weight of the hotline's rates (and so of the streets' view) in ranking departments",
        term="聯合考核 joint assessment",
        name=("聯合考核", "Joint evaluation (聯合考核)"),
        help=("部門月度排名中熱線響應率、解決率、滿意率的權重；0 時部門只向本系統交代（國家任務按時完成），"
              "1 時熱線指標全計。",
              "Weight of the hotline's response, resolution and satisfaction rates in departments' "
              "monthly ranking; at 0 they answer only to their own line (state tasks on time)."),
        unit="weight",
        # Ranked on the hotline's rates, low-ranked departments pass fewer cases on and move hours
        # from state tasks to cases (docs/ODD.md).  Measured in a 9,000-resident classroom city:
        # in the 3,000-resident one push-downs per issue fall by less than their noise.  Fewer
        # state tasks are then done on time in 4 of 5 seeds (0.06 lower on average), within the
        # noise of a 120-day run, so the test reads the hours moved (department_state_hours).
        context=LARGER_CLASSROOM,
        moves={"pushdowns_per_issue": "down", "department_state_hours": "down"},
    )
    inspection: Share = lever(
        0.0, "聯合檢查: share of upper departments' inspections made together under the district head",
        term="聯合檢查 joint inspection",
        name=("聯合檢查", "Joint inspection (聯合檢查)"),
        help=("上級部門在區領導統籌下合併檢查的份額；壓給街道社區的檢查工時減少，部門付出協調工時。",
              "Share of upper departments' inspections made together under the district head: fewer "
              "inspection hours pushed onto streets and communities, coordination hours for departments."),
        unit="share of inspections",
        # Merged visits take hours off the admin tasks communities accept.
        moves={"community_admin_hours": "down"},
    )


class CommandConfig(Section):
    """Unified intake and command (一網覆蓋 / 戰區制 / 主官上)."""

    unified_intake: Share = lever(
        0.0, "一網覆蓋: share of issues routed by one network to the level holding the power",
        term="一網覆蓋 / 一體運行 one intake network",
        name=("一網覆蓋", "Unified intake (一網覆蓋)"),
        help=("由統一平台直接分派到有權處理層級的訴求份額。",
              "Share of issues one intake network routes straight to the level holding the power."),
        unit="share of issues",
        moves={"escalations_per_issue": "down", "hops_per_issue": "down"},
    )
    chief_officials: Share = lever(
        0.0, "主官上: chief officials in charge; shortens escalation and coordination delays",
        term="主官上 / 一元領導 chief officials in charge",
        name=("主官上", "Chief officials in charge (主官上)"),
        help=("主要領導掛帥，縮短上報和協調的延誤。",
              "Chief officials in charge shorten escalation and coordination delays."),
        unit="degree",
        # Every transit delay × (1 − 0.5 · this), rounded to whole days at random so that its mean
        # is exact: cases reach the handler that takes them up sooner.
        moves={"response_rate": "up"},
    )
    first_contact: Share = lever(
        0.0, "接訴即辦 先行聯繫: chance the unit a hotline case reaches calls the resident back at its first look",
        term="接訴即辦 · 先行聯繫 first contact on every hotline request",
        name=("先行聯繫", "First contact (先行聯繫)"),
        help=("熱線訴求到達的單位（社區及以上）第一次查看時即致電訴求人的機率；即使之後要上報或轉派，"
              "也算已響應。每次聯繫花 command.contact_hours 工時。",
              "Chance the unit a hotline case reaches (community or above) calls the resident back at "
              "its first look, even if it then passes the case on: the case counts as responded to. "
              "Each call costs command.contact_hours of the unit's hours."),
        unit="probability",
        # Cases passed on before anyone with the power keeps them are answered in time; the calls
        # take hours from the same handlers' case work (command.contact_hours).
        moves={"response_rate": "up"},
    )
    contact_hours: NonNeg = Field(
        0.15, description="staff-hours of one first contact (先行聯繫): no public figure found; reason: a "
        "call-back of about five minutes to learn the request, and its entry in the dispatch system",
    )
    redeploy: Share = lever(
        0.0, "戰區制: share of department hours sent to the communities of a street that calls for them",
        term="戰區制 war-zone command (redeployment to swamped streets)",
        name=("戰區制", "Command zones (戰區制)"),
        help=("街道積壓過多（或疫情期間）時調往其社區的部門工時份額。",
              "Share of department hours sent to a street's communities when its backlog calls "
              "for it (or during an epidemic)."),
        unit="share of department hours",
        # During an epidemic wave every street calls: communities gain the hours departments lose,
        # so admin tasks take a smaller share of them.
        context=EARLY_EPIDEMIC,
        moves={"community_admin_share": "down"},
    )
    redeploy_queue_days: Annotated[float, Field(gt=0.0, le=365.0)] = Field(
        5.0,
        description="戰區制 trigger: a street calls in the departments when the work queued at its "
        "compounds, communities and the street itself exceeds this many days of their own hours "
        "(5: the hotline's usual time limit of five working days, 辦理時限 — beyond it the street's "
        "own units cannot meet the limit)",
    )


class MovingDownConfig(Section):
    """Moving the centre of gravity down (重心下移) and compound-level governance (小區治理)."""

    staff_share: Share = lever(
        0.0, "重心下移: share of department hours (and street hours × street_part) moved down",
        term="重心下移 moving the centre of gravity down",
        name=("重心下移", "Moving down (重心下移)"),
        help=("從部門和街道移到社區、小區的工時份額。",
              "Share of department and street hours moved to communities and compounds."),
        unit="share of hours",
        moves={"resolved_at_compound": "up", "resolved_at_department": "down"},
    )
    compound_share: Share = Field(
        0.35, description="share of the moved hours that go on to compounds (rest: communities)"
    )
    street_part: Share = Field(
        0.5, description="street hours move down at this fraction of staff_share (departments at all of it)"
    )
    compound_governance: Share = lever(
        0.0, "小區治理: chance an unorganised compound gets a party branch / committee",
        term="小區治理 / 黨建引領 compound party branch, owners' committee",
        name=("小區治理", "Compound governance (小區治理)"),
        help=("未組織的小區建立黨支部或業委會、就地解決自治事務的機率。",
              "Chance an unorganised compound gets a party branch or owners' committee that "
              "resolves issues on site."),
        unit="probability",
        moves={"resolved_at_compound": "up"},
    )
    classified: Share = lever(
        0.0, "小區分類治理: degree of the support matched to each compound type's deficit "
        "(old estates: basic property services; resettlement: mediation; commodity: owners' "
        "committee against the firm; work units: the former unit's legacy duties; mixed: patrols)",
        term="小區分類治理 classified compound governance",
        name=("小區分類治理", "Classified compound governance"),
        help=("按小區類型補其所缺：老舊小區兜底物業、安置小區調解、商品房業委會監督物業、單位大院原單位履責、混合小區巡查整治。",
              "Each compound type gets the support it lacks: property services for old estates, "
              "mediation for resettlement estates, an owners' committee against the firm in "
              "commodity housing, the former unit's duties in work-unit compounds, patrols in "
              "mixed estates."),
        unit="degree",
        # Old estates (the lowest type) gain most, measured in the 9,000-resident classroom city
        # (the 3,000-resident one is inside the noise of five seeds).  The gap (max − min of the
        # types' mean satisfaction) narrows on most seeds but not all: resettlement estates can
        # lose (docs/ODD.md §7.1a), so its direction is not declared.
        context=LARGER_CLASSROOM,
        moves={"satisfaction_old_estate": "up"},
    )
    by_type: CompoundSupportConfig = Field(
        default_factory=CompoundSupportConfig,
        description="小區分類治理: what each compound type's package does at full degree")


class SocialConfig(Section):
    """Social empowerment (賦權增能 / 三社聯動 / 項目制) and volunteers."""

    funding: NonNeg = lever(
        0.0, "項目制: project funding per community (0 = none, 1 = a strong programme)",
        term="項目制 / 賦權增能 project funding",
        name=("項目制資助（賦權增能）", "Project funding (賦權增能, 項目制)"),
        help=("每個社區的社會組織項目資金；組織隨資金和參與增長。",
              "Project money per community for social organisations, which grow with funding and "
              "participation."),
        unit="programme strength, 1 = strong", step=0.1, control_high=2.0,
        moves={"social_orgs": "up", "participation_rate": "up"},
    )
    social_workers: NonNeg = lever(
        0.5, "社工: social-worker hours per 1,000 residents a day",
        term="社會工作 / 三社聯動 social workers",
        name=("社工（三社聯動）", "Social workers (社工, 三社聯動)"),
        help=("社區每千居民每日的社工工時；社區處理訴求和行政任務的工時隨之增加。",
              "Social-worker hours per 1,000 residents a day, added to the hours communities have "
              "for issues and admin tasks."),
        unit="hours per 1,000 residents a day", step=0.1, control_high=3.0,
        # More community hours: admin takes a smaller share of them.
        moves={"community_admin_share": "down"},
    )
    org_growth: NonNeg = Field(
        0.004,
        description="new social organisations per 1,000 residents a day per unit funding "
        "(a tenth of it forms without funding)",
    )
    org_decay: Share = Field(0.002, description="daily share of social organisations that fold")
    org_hours: NonNeg = Field(2.0, description="hours a social organisation adds a day")
    initial_orgs: NonNeg = Field(0.3, description="social organisations per 1,000 residents at start")
    party_members_report: Share = lever(
        0.0, "在職黨員到社區報到: extra volunteer share from registered party members",
        term="在職黨員到社區報到 party members register in communities",
        name=("在職黨員到社區報到", "Party members report (黨員報到)"),
        help=("在職黨員到居住社區登記帶來的額外志願者份額。",
              "Extra volunteers from party members registered in their home community."),
        unit="degree",
        # Volunteer share + 0.5 · this; their hours add to the community's.
        moves={"volunteer_share": "up", "community_admin_share": "down"},
    )


class SupplyConfig(Section):
    """Proactive service supply (供給) and how it is aimed: needs sensing vs agency-ism (代理主義)."""

    budget: NonNeg = Field(3.5, description="proactive service hours per 1,000 residents a day")
    sensing: Share = lever(
        0.1, "大調研大數據: 1 = supply follows sensed resident needs, 0 = departments' priorities",
        term="大調研、大數據 (1) ↔ 代理主義 (0)",
        name=("大調研大數據", "Needs sensing (大調研大數據)"),
        help=("1 為按居民真實需求供給服務；0 為按部門自身優先（代理主義）。",
              "1 = services follow residents' sensed needs; 0 = departments' own priorities "
              "(代理主義)."),
        unit="degree",
        moves={"needs_supply_mismatch": "down"},  # not issues_raised: ODD §8
    )
    efficiency: NonNeg = Field(
        0.0003, description="need relieved per resident a day by one service hour a day per 1,000 "
        "residents (a 2-hour service request relieves residents.relief 0.6: 0.6 / 2 / 1,000)"
    )
    survey_days: Annotated[int, Field(ge=1, le=365)] = Field(
        7, description="days between surveys of residents' needs (大調研)"
    )
    agency_priorities: dict[str, NonNeg] = Field(
        default_factory=lambda: dict(AGENCY_PRIORITIES),
        description="departments' own priorities over the domains (creation campaigns and the like)",
    )


class EpidemicConfig(Section):
    """An epidemic wave: more health and safety needs, control tasks, volunteer mobilisation."""

    enabled: bool = lever(
        False, "whether the epidemic wave happens",
        term="新冠肺炎疫情 epidemic stress test",
        name=("疫情衝擊", "Epidemic shock"),
        help=("在運行中加入一波疫情：需求激增、防控任務增加。",
              "Adds an epidemic wave: needs surge and control tasks pile up."),
        basis="design",
        context={key: value for key, value in LASTING_EPIDEMIC.items() if key != "shocks.epidemic.enabled"},
        moves={"issues_open": "up", "community_admin_share": "up"},
    )
    start: Annotated[int, Field(ge=0)] = Field(120, description="day the wave starts")
    length: Annotated[int, Field(ge=1)] = Field(30, description="days it lasts")
    intensity: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        1.0, description="1 = a severe wave: needs grow 3× faster in the affected domains"
    )
    admin_surge: NonNeg = Field(2.0, description="control tasks added per unit intensity, × admin hours")
    volunteer_mobilisation: Share = lever(
        0.0, "volunteer mobilisation during the wave: volunteer hours × (1 + 4 × this)",
        term="xxxx支志願團隊 volunteer teams mobilised",
        name=("志願者動員", "Volunteer mobilisation"),
        help=("疫情期間動員起來的潛在志願者份額。", "Share of would-be volunteers mobilised during the wave."),
        unit="degree",
        # Acts only during the wave: more volunteer hours, mostly through the communities.  In a
        # 30-day wave they halve the communities' backlog but the city's total stays within noise
        # (the backlog sits mostly at streets and departments); once the wave has lasted long
        # enough to swamp the communities they lower it (docs/ODD.md).
        context=LASTING_EPIDEMIC,
        moves={"issues_open": "down", "resolved_at_community": "up"},
    )


class ShocksConfig(Section):
    """Shocks the city meets during the run."""

    epidemic: EpidemicConfig = Field(default_factory=EpidemicConfig)
    disaster: DisasterConfig = Field(default_factory=DisasterConfig)
