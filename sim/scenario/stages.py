"""The three steps (三步走) as a state of each community: its indicators, pace and what each step changes.

No lever: the essay names the steps as a route, not as a policy one sets.  The stage is an
outcome that feeds back on how society acts; the levers that raise participation and social
organisations (``social.*``, ``moving_down.compound_governance``) move it.  The mechanism is in
``sim/core/stages.py`` and ODD §7.10a; every number below is stated there with its reason.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sim.scenario.fields import NonNeg, Section, Share

_Days = Annotated[float, Field(ge=1.0, le=3650.0)]


class StagesConfig(Section):
    """三步走: order kept (維持秩序) → society cultivated (培育社會) → 共建共治共享, per community."""

    order_low: Share = Field(
        0.6, description="resolved share of a community's closed cases at which basic order counts as not "
        "kept at all (four cases in ten ending unresolved)")
    order_high: Share = Field(
        0.9, description="resolved share of closed cases at which basic order counts as kept (the better "
        "hotlines' resolution rates)")
    orgs_low: NonNeg = Field(
        0.3, description="social organisations per 1,000 residents at which society counts as not cultivated "
        "(the model's pre-reform density)")
    orgs_high: NonNeg = Field(
        2.0, description="social organisations per 1,000 residents of a cultivated society (the Ministry of Civil "
        "Affairs' 2021–2023 target of at least 10 community social organisations per urban community of about "
        "5,000 residents)")
    volunteers_low: Share = Field(
        0.02, description="share of residents on the volunteer roster at which participation counts as none")
    volunteers_high: Share = Field(
        0.15, description="share of residents on the roster of a participating society (about China's share of "
        "registered volunteers, some 16% of residents in 2023)")
    self_solved_high: Share = Field(
        0.3, description="share of a community's resolved cases resolved in the compound at which residents "
        "count as solving their own problems (小事不出小區; an assumption)")
    memory_days: _Days = Field(
        90.0, description="days over which the record of closed cases is remembered (a quarter's record, "
        "exponentially weighted)")
    adjust_days: _Days = Field(
        180.0, description="time constant of the stage's move toward what the indicators show (half the gap "
        "closes in about four months: a step takes a year or two)")
    recruit: NonNeg = Field(
        0.5, le=3.0, description="stage 2 (培育社會): extra chance, relative, that a participating resident joins "
        "the volunteer roster when organisations recruit (at full stage 2)")
    self_share: Share = Field(
        0.5, description="stage 3 (共建共治共享): share of the eligible new cases (service requests and disputes "
        "of an organised compound, raised there) its residents take on themselves at full stage 3")

    @model_validator(mode="after")
    def _ordered(self) -> StagesConfig:
        for low, high in (("order_low", "order_high"), ("orgs_low", "orgs_high"),
                          ("volunteers_low", "volunteers_high")):
            if getattr(self, high) <= getattr(self, low):
                raise ValueError(f"stages.{high} must be above stages.{low}")
        if self.self_solved_high <= 0:
            raise ValueError("stages.self_solved_high must be above 0")
        return self
