"""Time in a scenario: the calendar, the warm-up, and the reform timeline (``[[reforms]]``).

A scenario starts on ``start_date`` (day 0).  ``warmup_days`` are simulated before it under
the starting arrangement and kept out of every outcome.  Each ``[[reforms]]`` entry sets scenario
keys from its ``date`` (or ``day``) on, reaching full effect over ``ramp_days``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

REFORMABLE = ("residents", "issues", "staff", "power", "admin", "joint", "command", "moving_down",
              "social", "projects", "supply", "ratings", "ranking", "grid")
"""Scenario sections whose keys a reform may set.  The city's structure, its domains, kinds and
departments, the shocks (dated by their own keys), the calendar and the outputs are fixed for a run."""

REFORMABLE_KEYS = ("shocks.epidemic.volunteer_mobilisation",)
"""Keys outside those sections a reform may set: how far a city mobilises volunteers in a wave is a
policy of its own (costed as one, :mod:`sim.core.reform_work`), though the wave itself is fixed."""


class CalendarConfig(BaseModel):
    """Working days and the hours staff give on days off."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    rule: Literal["china", "weekends", "none"] = Field(
        "china",
        description="working days: China's official calendar (holidays, make-up working days), "
        "Monday–Friday, or every day",
    )
    rest_day_staff: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        0.2, description="share of paid staff-hours on duty (值班) on a rest day"
    )


class Reform(BaseModel):
    """One dated step of a reform timeline: scenario keys set from a day on, with a ramp."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("", description="a short name for charts and reports")
    date: dt.date | None = Field(None, description="the first day of the reform (a date)")
    day: Annotated[int, Field(ge=0)] | None = Field(None, description="or: its first day as a day number")
    set: dict[str, Any] = Field(description='scenario keys and their new values, e.g. {"power.delegation" = 0.8}')
    ramp_days: Annotated[int, Field(ge=0, le=36_500)] = Field(
        0, description="days over which numbers reach their new values (0: at once)"
    )

    @field_validator("set", mode="before")
    @classmethod
    def _dotted(cls, value: Any) -> Any:
        """Nested tables (``set = { power.delegation = 0.8 }``) become dotted keys."""
        if not isinstance(value, dict):
            return value
        flat: dict[str, Any] = {}

        def walk(prefix: str, node: dict) -> None:
            for key, item in node.items():
                name = f"{prefix}.{key}" if prefix else str(key)
                if isinstance(item, dict):
                    walk(name, item)
                else:
                    flat[name] = item

        walk("", value)
        return flat

    @model_validator(mode="after")
    def _when(self) -> Reform:
        if (self.date is None) == (self.day is None):
            raise ValueError("give a reform either a date or a day (exactly one)")
        if not self.set:
            raise ValueError("a reform must set at least one key")
        return self


def get_key(config: BaseModel, key: str) -> Any:
    """The value of a dotted scenario key (``power.delegation``) in a resolved scenario."""
    node: Any = config
    for part in key.replace("__", ".").split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def reform_problems(config: BaseModel) -> list[str]:
    """What is wrong with a scenario's reforms, one line each (empty when they are usable).

    Checks that every key names a value of a reformable section, that each reform starts within
    the run and that no ramp is longer than the run (a ramp may run past the end: the run then
    ends before the reform's full effect).  The values themselves are checked by validating
    the scenario with them applied (done by the loader).
    """
    problems = []
    end = config.steps - 1
    for n, reform in enumerate(config.reforms, start=1):
        where = f"reforms[{n}]" + (f" ({reform.name})" if reform.name else "")
        start = reform_start(config, reform)
        if start < 0:
            problems.append(f"{where}: starts on {config.day_date(start)}, before the run's start_date "
                            f"{config.start_date}")
        elif start > end:
            problems.append(f"{where}: starts on {config.day_date(start)} (day {start}), after the run's "
                            f"last day {config.day_date(end)} (day {end}, steps = {config.steps})")
        if reform.ramp_days > config.steps:
            problems.append(f"{where}: ramp_days = {reform.ramp_days} is longer than the run "
                            f"(steps = {config.steps})")
        for key in reform.set:
            section = key.replace("__", ".").split(".")[0]
            if section not in REFORMABLE and key.replace("__", ".") not in REFORMABLE_KEYS:
                problems.append(f"{where}: {key!r} cannot be reformed; reforms set keys of "
                                f"{', '.join(REFORMABLE)} and {', '.join(REFORMABLE_KEYS)}")
                continue
            try:
                value = get_key(config, key)
            except (AttributeError, KeyError, TypeError):
                problems.append(f"{where}: unknown key {key!r}")
                continue
            if isinstance(value, BaseModel | dict):
                problems.append(f"{where}: {key!r} is a table; name one of its keys")
    return problems


def reform_start(config: BaseModel, reform: Reform) -> int:
    """The day (0 = ``start_date``) a reform starts."""
    return reform.day if reform.day is not None else (reform.date - config.start_date).days
