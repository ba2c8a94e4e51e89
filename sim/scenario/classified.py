"""小區分類治理: the support each compound type receives under classified compound governance.

The lever ``moving_down.classified`` (0–1, the degree of the programme) delivers one package per
compound type, matched to the type's deficit; this table (``moving_down.by_type``) holds what
each package does at full degree.  Their unit costs are in the ``costs`` table; the mechanism is
in :mod:`sim.core.compound_support` and ``docs/ODD.md`` ("Classified compound governance by type").
"""

from __future__ import annotations

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share


class CompoundSupportConfig(Section):
    """What each compound type's package of 小區分類治理 does at full degree (``classified`` = 1)."""

    property_relief: Share = Field(
        0.2,
        description="old estates without a firm (兜底物業, basic property services): share of the "
        "unmet daily drift (residents.everyday_share) of housing and environment needs that "
        "cleaning, refuse collection and minor repairs relieve (0.2 brings the old estates' "
        "multipliers 1.5 and 1.4 to about commodity "
        "housing's 1.2 and 1.1, which a firm serves: 1 − 1.2/1.5 = 0.20, 1 − 1.1/1.4 = 0.21); the "
        "service also answers cases at the compound with staff.firm_hours × 0.6 (a public "
        "service's quality)",
    )
    mediation_share: Share = Field(
        0.5,
        description="resettlement estates (人民調解, a mediation committee at the compound): share "
        "of their dispute cases needing the street or a department that the committee's "
        "mediators settle at the compound instead (assumed: half; compensation and relocation "
        "claims that need a government decision stay above)",
    )
    mediator_hours: NonNeg = Field(
        1.5,
        description="resettlement estates: mediators' hours per 1,000 residents a day at the "
        "compound, sized to the disputes they take on the baseline: those mediation brings down "
        "(0.11 disputes needing the street or a department per 1,000 residents a day × half × 6 "
        "hours = 0.3 h) and the compound's own (0.46 × 0.4 at the compound × 6 hours = 1.1 h)",
    )
    committee_press: Share = Field(
        0.4,
        description="commodity housing with a firm (業委會 against the firm): share of the firm's "
        "failures (property-related cases it leaves, which turn into disputes) the owners' "
        "committee prevents by supervising the service contract and its fee (assumed: the "
        "committee's leverage, the vote to replace the firm, bites on under half of them)",
    )
    legacy_share: Share = Field(
        0.5,
        description="work-unit compounds without a firm (移交, the former unit's legacy duties): "
        "share of their housing and environment cases needing the street or a department (the "
        "pipes, roofs and roads the unit built) that the former unit's maintenance office takes "
        "at the compound after the hand-over agreement (assumed: half; the rest are the city's "
        "networks); the unit also does the upkeep with staff.firm_hours × 0.6",
    )
    patrol_relief: Share = Field(
        0.25,
        description="mixed estates and urban villages (巡查, 環境整治): share of the unmet daily "
        "drift of safety and environment needs that patrols and clean-ups relieve (0.25: a little under "
        "the excess of their multipliers 1.5 and 1.4 over commodity housing's 1.0 and 1.1, "
        "1 − 1.0/1.5 = 0.33 and 1 − 1.1/1.4 = 0.21, as patrols reach public space, not homes)",
    )
    patrol_hours: NonNeg = Field(
        2.0,
        description="mixed estates and urban villages: patrol and clean-up hours per 1,000 "
        "residents a day (assumed: one two-person round of an hour a day per 1,000 residents); "
        "they act on needs, not on cases",
    )
