"""The ``costs`` table of a scenario: unit costs of the reforms in real units, and their lags.

The model charges each reform for what it does in the run (hours moved, social workers added,
whistles blown, organisations funded, residents served...) at these unit costs
(:mod:`sim.core.costs`), and makes the reforms take time to bite (training of moved staff, the one
network's build period).  The figures are order-of-magnitude assumptions from public pay scales
and typical programme budgets of Chinese cities around 2019, each with its reason below and in
``docs/ODD.md`` ("Reform costs and lags"); they are not calibrated to one city's accounts.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share

REFORM_WORK = ("power.delegation", "power.list_clarity", "power.territorial", "admin.access_cap",
               "joint.evaluation", "joint.inspection", "moving_down.compound_governance",
               "social.party_members_report", "shocks.epidemic.volunteer_mobilisation")
"""The levers whose cost is the work they create (training, lists, reviews, ranking, guidance,
organising: :mod:`sim.core.reform_work`)."""

COSTED = ("power.staff_follow", "moving_down.staff_share", "command.redeploy",
          "social.social_workers", "joint.whistle", "command.chief_officials", "command.first_contact",
          "command.unified_intake", "supply.sensing", "social.funding", "moving_down.classified",
          "grid.workers", "power.streamlining", "projects.allocation", *REFORM_WORK)
"""The levers the model charges for (:mod:`sim.core.costs`), in the order of its cost arrays."""


class CostsConfig(Section):
    """Unit costs of the reforms (yuan, staff-hours) and the time they take to bite."""

    community_worker_yuan_per_hour: NonNeg = Field(
        45.0,
        description="yuan per staff-hour of a community worker or social worker (社區工作者, 社工): "
        "about 6,000 yuan a month plus about 40% social insurance and housing fund, some 90,000 "
        "yuan a year over 2,000 working hours (assumed from big cities' pay scales around 2019)",
    )
    civil_servant_yuan_per_hour: NonNeg = Field(
        75.0,
        description="yuan per staff-hour of a street or department civil servant (公務員): about "
        "150,000 yuan a year with on-costs over 2,000 working hours (assumed, district-level pay "
        "of big cities around 2019)",
    )
    platform_yuan_per_resident: NonNeg = Field(
        4.0,
        description="一網覆蓋: yuan per resident a year to run the one network at full coverage "
        "(operators, software, maintenance): some 40 million yuan a year for a city of 10 million "
        "(assumed order of magnitude of a city hotline and grid platform's budget)",
    )
    platform_build_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        90,
        description="一網覆蓋: days from the reform's date until the network routes (merging hotlines, "
        "building the dispatch lists, training operators: assumed a quarter); it is paid from the "
        "reform's date",
    )
    sensing_yuan_per_resident: NonNeg = Field(
        2.0,
        description="大調研大數據: yuan per resident a year at full sensing (household surveys, data "
        "platform and analysts; assumed, a half of the one network's running cost)",
    )
    project_yuan_per_org: NonNeg = Field(
        30_000.0,
        description="項目制: yuan a year per social organisation the programme funds (community "
        "micro-projects, 社區公益創投, typically fund 10,000–50,000 yuan a project)",
    )
    project_application_hours: NonNeg = Field(
        40.0,
        description="需求導向: community-worker hours a year per funded social organisation to turn its "
        "residents' cases and survey into a project application and to report on it (a needs "
        "assessment, the application, a mid-term and a final report with the third-party review: "
        "assumed about a working week; 行政依賴 and 市場依賴 allocate without them)",
    )
    public_property_yuan_per_resident: NonNeg = Field(
        120.0,
        description="小區分類治理, old estates: yuan a year per resident of an old estate without a "
        "property firm served by public property services at full degree (兜底物業 in old estates: a subsidy of "
        "about 0.4 yuan per m² a month × some 25 m² per resident)",
    )
    grid_worker_yuan_per_hour: NonNeg = Field(
        40.0,
        description="網格員: yuan per paid hour of a full-time grid worker (專職網格員): about 4,500 "
        "yuan a month plus about 40% social insurance and housing fund, some 80,000 yuan a year over "
        "2,000 working hours (assumed from big cities' contract pay around 2019)",
    )
    mediator_yuan_per_hour: NonNeg = Field(
        40.0,
        description="小區分類治理, resettlement estates: yuan per hour of a people's mediator "
        "(人民調解員): a full-time mediator's some 80,000 yuan a year with on-costs over 2,000 "
        "hours (assumed; part-time mediators are paid a similar case subsidy, 以案定補)",
    )
    committee_yuan_per_compound: NonNeg = Field(
        20_000.0,
        description="小區分類治理, commodity housing: yuan a year per compound with a firm whose "
        "owners' committee the street supports against the firm (elections, legal advice on the "
        "service contract, a part-time secretary's allowance; assumed order of magnitude)",
    )
    legacy_yuan_per_resident: NonNeg = Field(
        120.0,
        description="小區分類治理, work-unit compounds without a firm: yuan a year per resident "
        "for the upkeep the former unit funds after the hand-over (移交; the same basic service "
        "as public_property_yuan_per_resident, paid by the unit, not the city)",
    )
    patrol_yuan_per_hour: NonNeg = Field(
        35.0,
        description="小區分類治理, mixed estates and urban villages: yuan per hour of patrol and "
        "clean-up staff (security guards, cleaners: about 5,000 yuan a month with on-costs, some "
        "70,000 yuan a year over 2,000 hours; assumed)",
    )
    training_days: Annotated[int, Field(ge=0, le=365)] = Field(
        30,
        description="重心下移 / 執法力量下沉: days staff moved to a new level spend learning the post "
        "(assumed: a month of induction and shadowing)",
    )
    training_share: Share = Field(
        0.5,
        description="share of the moved staff's hours spent in training (not on cases) during "
        "training_days (assumed: half-days of courses and shadowing)",
    )
    coordination_hours_per_whistle: NonNeg = Field(
        2.0,
        description="吹哨報到: civil-servant hours of the street and the summoned departments to "
        "gather for one whistle (assumed: two to four officials for half an hour to an hour, "
        "beside the extra effort of the joint work itself, joint.overhead)",
    )
    command_hours: NonNeg = Field(
        1.0,
        description="主官上: hours a working day the chief official of each street and each "
        "department gives to leading the command at full chief_officials (assumed: a daily "
        "dispatch meeting and follow-up)",
    )
    delegation_training_hours: NonNeg = Field(
        16.0,
        description="權下放: one-off street staff-hours per 1,000 street residents per unit of "
        "delegation (all delegable powers) to train street staff in the powers' law and procedure: a "
        "street of 60,000 residents sends some 40 staff on a three-day (24 h) course, 960 h / 60 "
        "(assumed); spread over training_days from the change, from the street's state-task hours",
    )
    delegation_review_hours: NonNeg = Field(
        33.0,
        description="權下放: street staff-hours a year per 1,000 street residents at full delegation "
        "for the legal review (法制審核) of decisions taken under the delegated powers: about one "
        "legal officer full time (2,000 h) in a street of 60,000 residents (assumed)",
    )
    list_drafting_hours: NonNeg = Field(
        5.0,
        description="權責清單: one-off staff-hours per 1,000 residents a street or district department "
        "serves, per unit of clarity, to draft its power and responsibility list: two staff for four "
        "weeks (320 h) in a street of 60,000 residents (assumed); spread over training_days",
    )
    list_revision_hours: NonNeg = Field(
        1.3,
        description="權責清單: staff-hours a year per 1,000 residents served, per unit of clarity, for "
        "the yearly revision of each street's and department's list: two staff for a week (80 h) in "
        "a street of 60,000 residents (assumed)",
    )
    admin_task_hours: Annotated[float, Field(gt=0.0)] = Field(
        10.0,
        description="屬地→有限責任, 社區准入制: community hours of one admin task request on average: a "
        "community of 3,000 residents gets some 400 requests a year (forms, reports, campaigns, "
        "inspections) for about 4,000 admin hours at admin.hours = 5.5 (assumed)",
    )
    admin_review_hours: NonNeg = Field(
        0.5,
        description="屬地→有限責任, 社區准入制: street staff-hours to review one task request (check it "
        "against the list of listed duties or the access cap, sign it off or send it back; assumed "
        "half an hour), from the street's state-task hours",
    )
    evaluation_hours_per_unit: NonNeg = Field(
        16.0,
        description="聯合考核: evaluators' hours per department ranked per month at full weight "
        "(collecting the hotline's rates and the streets' scores, checking them, the review "
        "meeting: two officials for a day, assumed); paid by the district's assessment office "
        "(考核辦), not a modelled handler, so valued in yuan and taken from no handler's hours",
    )
    compound_setup_hours: NonNeg = Field(
        30.0,
        description="小區治理: one-off community staff-hours per 1,000 residents of a newly organised "
        "compound to form its party branch or hold its owners' committee election (meetings, "
        "ballots, registration: some 60 h for a compound of 2,000 residents, assumed); spread over "
        "training_days, from the community's hours",
    )
    compound_guidance_hours: NonNeg = Field(
        24.0,
        description="小區治理: community staff-hours a year per 1,000 residents of a compound organised "
        "by the reform, guiding its committee (a 4-hour monthly meeting with a compound of 2,000 "
        "residents, assumed), from the community's hours",
    )
    party_member_coordination_hours: NonNeg = Field(
        6.0,
        description="在職黨員到社區報到: community staff-hours a year per reporting member (registration, "
        "a post, recording the service and reporting it to the member's own organisation: half an "
        "hour a month, assumed), from the community's hours; the members' own hours are outside the "
        "modelled hours and valued at `party_member_yuan_per_hour`",
    )
    party_member_yuan_per_hour: NonNeg = Field(
        24.0,
        description="在職黨員到社區報到: yuan per hour a reporting member serves in the community. Members "
        "serve mostly in their spare time (八小時以外), so an hour is valued at its shadow price, the "
        "part-time minimum hourly wage (Beijing 2019: 24 yuan), not at the civil servant's cost",
    )
    volunteer_organising_hours: NonNeg = Field(
        0.1,
        description="志願者動員: community staff-hours per mobilised volunteer-hour (scheduling, briefing "
        "and records: some 25 minutes a 4-hour shift, assumed), from the community's hours",
    )
    volunteer_yuan_per_hour: NonNeg = Field(
        8.0,
        description="志願者動員: yuan per mobilised volunteer-hour: accident insurance (about 2 yuan a "
        "day) and meal and transport subsidy (about 30 yuan a day) over a 4-hour shift (assumed)",
    )
    one_window_yuan_per_centre: NonNeg = Field(
        60_000.0,
        description="放管服 / 一窗受理: yuan a year per service centre (each street's and each district's) "
        "reorganised into one window at full power.streamlining: a fit-out and a shared intake system "
        "of some 300,000 yuan a centre, written off over five years (assumed order of magnitude)",
    )
