"""The state's tasks (國家需求) and the monthly ranking (考核排名): their parameters.

Streets and departments answer two needs: residents' cases (居民需求) and the state's own tasks —
inspections, campaigns, reports (國家需求).  :class:`StateTasksConfig` sets how much of those
tasks arrives and by when it is due; :class:`RankingConfig` sets how far the monthly ranking on
measured rates presses a unit to move its hours and its care (``docs/ODD.md``, "State tasks" and
"Evaluation and ranking").
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share


class StateTasksConfig(Section):
    """The state's tasks at streets and departments: demand, due time, and 聯合檢查's merging."""

    street_case_share: Share = Field(
        0.8, description="share of a street's paid hours given to residents' cases with no ranking pressure "
        "(rest: the state's tasks); design assumption: streets spend most of their day on cases but "
        "carry the district's inspections and campaigns too")
    department_demand: NonNeg = Field(
        5.4, description="state-task hours a department is given per 1,000 residents served per working day "
        "(its own line's inspections, campaigns and reports); design assumption: 90% of the hours it sets "
        "aside for them at staff.department_issue_share = 0.5 (6 of 12 hours)")
    street_demand: NonNeg = Field(
        0.6, description="state-task hours a street is given per 1,000 residents per working day; design "
        "assumption: 60% of the hours it sets aside at street_case_share = 0.8 (1 of 5 hours)")
    variation: NonNeg = Field(
        0.5, description="day-to-day spread of each unit's state-task demand (coefficient of variation of a "
        "gamma draw): campaigns and inspections arrive in bursts")
    due_days: Annotated[int, Field(ge=1, le=60)] = Field(
        10, description="working days from a task's arrival to its due day (two working weeks: a typical "
        "deadline for a report or an inspection round)")
    expire_days: Annotated[int, Field(ge=0, le=120)] = Field(
        20, description="working days past its due day after which an unfinished task is dropped (the "
        "campaign is over; it was not done on time)")
    inspection_share: Share = Field(
        0.4, description="share of the state tasks pushed below departments (streets' tasks, communities' "
        "admin tasks) that are inspections (檢查) by upper departments")
    inspection_overlap: Share = Field(
        0.3, description="share of those inspection hours that 聯合檢查 saves by merging departments' visits "
        "(same sites, same forms); design assumption")
    inspection_coordination_hours: NonNeg = Field(
        0.3, description="department hours per 1,000 residents per working day that inspecting together "
        "under the district head costs at full 聯合檢查 (joint planning and meetings)")


class RankingConfig(Section):
    """How far the monthly ranking presses a street or department (the bounds of its response)."""

    strength: Share = Field(
        1.0, description="how much the hotline's rates count in ranking streets and departments: 0 = not "
        "ranked on them (before a city ranks its units on the hotline, as Beijing from 2019), 1 = fully")
    max_shift: Share = Field(
        0.15, description="largest share of its paid hours the most pressed unit moves between residents' "
        "cases and state tasks (towards what it is ranked on)")
    max_restraint: Share = Field(
        0.5, description="largest cut in the chances of passing a case on (bouncing, pushing down) for the "
        "unit ranked last on the hotline's rates")
    care_cost: NonNeg = Field(
        0.2, description="extra effort per case of careful closing at full hotline pressure (a follow-up "
        "call, a second visit): share of its effort")
    care_gain: Share = Field(
        0.3, description="share of the answers that would not have met the need that careful closing at "
        "full hotline pressure makes meet it (the resident says it was solved)")
