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

COSTED = ("power.staff_follow", "moving_down.staff_share", "command.redeploy",
          "social.social_workers", "joint.whistle", "command.chief_officials",
          "command.unified_intake", "supply.sensing", "social.funding", "moving_down.classified",
          "projects.allocation")
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
        description="小區分類治理: yuan a year per resident of a compound without a property firm "
        "served by public property services at full degree (兜底物業 in old estates: a subsidy of "
        "about 0.4 yuan per m² a month × some 25 m² per resident)",
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
