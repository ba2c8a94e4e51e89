"""The ``projects`` table of a scenario: how project funding (項目制) is turned into services.

The essay asks to break "excessive administrative dependence and market dependence" (破除過度的
行政依賴和市場依賴) with a community-demand-driven mechanism (社區需求導向) and project funding.
``allocation`` is the lever that chooses between the three; the other keys are what each reads.
The mechanism is :mod:`sim.core.projects` (``docs/ODD.md``, "Demand-driven projects").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share, lever

FIRM_DOMAINS = {"housing": 1.0, "environment": 1.0, "safety": 1.0}
"""What a property firm sells (物業服務): repairs and upkeep (居住), cleaning and greening (環境) and
gate guards and patrols (安全), the three parts of a standard property-service contract, given
equal weight for want of a split of firms' hours."""

FUNDED = {"social.funding": 1.0}
"""Context of the allocation lever: a strong project programme, without which there is nothing to
allocate."""


class ProjectsConfig(Section):
    """How project money (項目制, ``social.funding``) chooses the services it buys."""

    allocation: Literal["administrative", "market", "demand"] = lever(
        "administrative",
        "項目制 allocation: administrative = departments choose the domains by their own priorities "
        "(supply.agency_priorities), market = property firms sell their services to the compounds "
        "they manage, demand = communities apply in the domains their residents' cases and survey show",
        term="社區需求導向 vs 行政依賴 / 市場依賴 project allocation",
        name=("項目分配（需求導向）", "Project allocation (需求導向)"),
        help=("項目資金按部門優先（行政依賴）、物業公司所售服務（市場依賴）或居民訴求與調研（需求導向）分配。",
              "Project money follows departments' priorities (行政依賴), what property firms sell "
              "(市場依賴), or what residents' cases and surveys ask for (需求導向)."),
        labels={"administrative": ("行政依賴", "administrative (行政依賴)"),
                "market": ("市場依賴", "market (市場依賴)"),
                "demand": ("需求導向", "demand-driven (需求導向)")},
        context=FUNDED,
        moves={"project_mismatch": "down"},
    )
    case_weight: Share = Field(
        0.5,
        description="需求導向: weight of the community's cases raised by domain since the last survey "
        "in its application (the rest: the survey's sensed needs, 大調研); equal, as applications "
        "cite both the case record (工單) and the needs assessment and no evidence favours one",
    )
    firm_domains: dict[str, NonNeg] = Field(
        default_factory=lambda: dict(FIRM_DOMAINS),
        description="市場依賴: the domains a property firm sells and their weights (repairs, cleaning, "
        "guards: a standard property-service contract, equal weights assumed)",
    )
