"""How residents rate their closed cases, and how the ratings move what residents think.

The rating rule is described in ``sim/core/ratings.py`` and ODD §7; the defaults are the
model's assumptions, stated with their reasons there, and are the free parameters a calibration
to a hotline's record fits.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

_Share = Annotated[float, Field(ge=0.0, le=1.0)]
_Weight = Annotated[float, Field(ge=0.0, le=20.0)]


class RatingsConfig(BaseModel):
    """The call-back after a case closes (回訪) and what residents make of it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    answer_quality: _Share = Field(
        0.85, description="chance a resolved case's answer meets the need, so the resident says it was solved"
    )
    solved_weight: _Weight = Field(3.0, description="weight of 'solved' in the satisfaction score")
    late_weight: _Weight = Field(
        1.5, description="score lost per time limit overrun (lateness 1 = twice the promised time)"
    )
    pass_weight: _Weight = Field(0.5, description="score lost per bounce or push-down the case suffered")
    satisfied_cut: Annotated[float, Field(ge=-20.0, le=20.0)] = Field(
        1.5, description="score above which the resident is satisfied (滿意)"
    )
    basic_cut: Annotated[float, Field(ge=-20.0, le=20.0)] = Field(
        0.0, description="score above which the resident is basically satisfied (基本滿意)"
    )
    basic_weight: _Share = Field(
        1.0, description="weight of 'basically satisfied' in the satisfaction rate (1 = counted in full)"
    )
    handling_weight: _Share = Field(
        0.5, description="weight of how cases are handled (own and neighbours') in a resident's satisfaction"
    )
    own_weight: _Share = Field(
        0.5, description="how far one's own rated case moves one's view of the handling"
    )
    neighbour_weight: _Share = Field(
        0.05, description="how far one neighbour's case heard of moves a resident's view of the handling"
    )
    hear_neighbours: Annotated[float, Field(ge=0.0, le=10_000.0)] = Field(
        20.0, description="residents of the same compound who hear how a closed case went"
    )
    channel_switch: _Share = Field(
        0.5, description="chance a resident unsatisfied with a case tries the other channel next time"
    )
