"""The shock settings a visitor may choose: when the epidemic starts and how long it lasts, and a disaster.

A shock is something the city meets, not a reform of its arrangement, so these keys are not policy
levers (the epidemic's switch, ``shocks.epidemic.enabled``, is one already and stays one).  They are
scenario keys of ``shocks.epidemic`` and ``shocks.disaster`` (:mod:`sim.scenario.disaster`): each
:class:`ShockKey` takes its type, its bounds and the flood/typhoon choice from the schema field, so a
control or a shared link can only offer values the model's own sections accept; whether a day falls
within the run and whether the damaged domains exist is checked by the scenario loader, as for any
file.  Sharing (:mod:`sim.dashboard.sharing`) carries them beside the moved levers.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from sim.dashboard.i18n import pick
from sim.scenario import Scenario
from sim.scenario.disaster import DisasterConfig
from sim.scenario.policy import EpidemicConfig
from sim.scenario.timeline import get_key


@dataclass(frozen=True)
class ShockKey:
    """One shock setting shown as a control, with its bilingual name and its allowed values.

    Attributes:
        key: the dotted scenario key (``shocks.disaster.start``).
        name: the control's label, ``(Chinese, English)``.
        help: the control's one-line explanation, ``(Chinese, English)``.
        kind: ``"bool"``, ``"int"``, ``"float"``, ``"choice"`` (one of ``choices``) or ``"domains"``
            (a list of need domains; which exist is the scenario's to say).
        low: lowest value (numbers).
        high: highest value offered (the field's bound, or the page's where the field has none).
        choices: the values a ``"choice"`` takes (from the field's ``Literal``).
    """

    key: str
    name: tuple[str, str]
    help: tuple[str, str]
    kind: str
    low: float = 0.0
    high: float = 1.0
    choices: tuple[str, ...] = ()

    def label(self, language: str | None = None) -> str:
        """The control's label in the session's language."""
        return pick(self.name, language)

    def explain(self, language: str | None = None) -> str:
        """The one-line explanation in the session's language."""
        return pick(self.help, language)

    def check(self, value: Any) -> Any:
        """``value`` if it is of this key's type and within its range.

        Raises:
            ValueError: naming the key, the value and what is allowed.
        """
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if self.kind == "bool":
            ok = isinstance(value, bool)
        elif self.kind == "choice":
            ok = value in self.choices
        elif self.kind == "domains":
            ok = isinstance(value, list) and bool(value) and all(isinstance(name, str) for name in value)
        else:
            ok = number and (self.kind == "float" or float(value).is_integer())
        if not ok:
            allowed = {"choice": f"one of {', '.join(self.choices)}", "domains": "a list of need domains",
                       "bool": "true or false"}.get(self.kind, "a whole number" if self.kind == "int" else "a number")
            raise ValueError(f"{self.key} = {value!r} is not {allowed}")
        if number and not self.low <= value <= self.high:
            raise ValueError(f"{self.key} = {value!r}; allowed: {self.low:g} to {self.high:g}")
        return int(value) if self.kind == "int" else value


def _bounds(section: type, field: str, page_high: float | None = None) -> tuple[float, float]:
    """The lowest and highest value of a numeric field: its ``ge`` (or ``gt``) and ``le``, else ``page_high``."""
    info = section.model_fields[field]
    low = high = None
    for constraint in (*info.metadata, *_inner_metadata(info.annotation)):
        for bound in ("ge", "gt"):
            if getattr(constraint, bound, None) is not None:
                low = float(getattr(constraint, bound))
        if getattr(constraint, "le", None) is not None:
            high = float(constraint.le)
    high = page_high if high is None else high
    if low is None or high is None:
        raise TypeError(f"{section.__name__}.{field} needs bounds for its control")
    return low, float(high)


def _inner_metadata(annotation: Any) -> list:
    """Constraints of an ``Annotated`` type, also inside ``X | None``."""
    found = []
    for arg in (annotation, *typing.get_args(annotation)):
        found.extend(getattr(arg, "__metadata__", ()))
    return found


MAX_DAY = 3650
"""The latest start day a control or a link offers (ten years); the loader then asks for a day within the run."""

SHOCK_KEYS: tuple[ShockKey, ...] = (
    ShockKey("shocks.epidemic.start", ("疫情開始日", "Epidemic starts on day"),
             ("疫情波從運行的第幾天開始（需在運行天數之內）。", "The run's day the wave begins (within the run)."),
             "int", *_bounds(EpidemicConfig, "start", page_high=MAX_DAY)),
    ShockKey("shocks.epidemic.length", ("疫情持續天數", "Epidemic lasts (days)"),
             ("疫情波持續的天數。", "Days the wave lasts."),
             "int", *_bounds(EpidemicConfig, "length", page_high=365)),
    ShockKey("shocks.disaster.enabled", ("洪澇/颱風災害", "Flood or typhoon"),
             ("在城市的一片相鄰小區加入一場災害：住房、安全、環境需求激增，當地工作人員工時損失。",
              "Adds a disaster to a run of neighbouring compounds: housing, safety and environment needs surge "
              "there and local staff hours are lost."), "bool"),
    ShockKey("shocks.disaster.kind", ("災害種類", "Kind of disaster"),
             ("洪澇積水約一週；颱風的風雨兩三天過去。", "A flood's water stands about a week; a typhoon passes "
              "in two or three days."),
             "choice", choices=typing.get_args(DisasterConfig.model_fields["kind"].annotation)),
    ShockKey("shocks.disaster.start", ("災害發生日", "Disaster strikes on day"),
             ("災害在運行的第幾天來襲（需在運行天數之內）。", "The run's day the disaster strikes (within the run)."),
             "int", *_bounds(DisasterConfig, "start", page_high=MAX_DAY)),
    ShockKey("shocks.disaster.affected_share", ("災區居民份額", "Share of residents in the hit area"),
             ("災區（一片相鄰小區，地勢低處）住着全市居民的多大份額。",
              "How much of the city's population lives in the hit area (a run of neighbouring, low-lying "
              "compounds)."),
             "float", *_bounds(DisasterConfig, "affected_share")),
    ShockKey("shocks.disaster.domains", ("受災需求領域", "Need domains it damages"),
             ("災害損壞的需求領域（住房、水電電梯；安全；排水、淤泥、垃圾）。",
              "The need domains the disaster damages (homes, power, water and lifts; danger; drains, silt, "
              "refuse)."), "domains"),
    ShockKey("shocks.disaster.need_surge", ("需求激增倍數", "Surge of needs (× usual drift)"),
             ("災區受災領域的需求在高峰時比平常多增長幾倍，然後在恢復期內回落。",
              "How many times the usual drift needs grow faster in the hit area at the height, falling over the "
              "recovery."),
             "float", *_bounds(DisasterConfig, "need_surge", page_high=10.0)),
    ShockKey("shocks.disaster.capacity_loss", ("災區工時損失", "Staff hours lost in the hit area"),
             ("高峰時災區小區和社區工作人員工時損失的份額（救援、疏散、辦公室被淹）。",
              "Share of the hit area's compound and community staff hours lost at the height (rescue, "
              "evacuation, flooded offices)."),
             "float", *_bounds(DisasterConfig, "capacity_loss")),
)
"""Every shock setting the pages offer, in the order the controls show them.  The epidemic may last up
to a year on the page; the strongest surge offered is 10× (the default flood's is 4×)."""

SHOCK_BY_KEY = {shock.key: shock for shock in SHOCK_KEYS}

SHOCK_LEVERS = ("shocks.epidemic.enabled",)
"""Levers shown in the shock group instead of among the policy levers (they switch a shock on)."""

def shock_values(scenario: Scenario) -> dict[str, Any]:
    """The current value of every shock setting in ``scenario``."""
    return {shock.key: get_key(scenario, shock.key) for shock in SHOCK_KEYS}


def changed_shocks(scenario: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The shock settings in ``values`` that differ from ``scenario`` (unknown keys left out)."""
    current = shock_values(scenario)
    return {key: value for key, value in values.items() if key in SHOCK_BY_KEY and value != current[key]}


def checked_shocks(values: Any) -> dict[str, Any]:
    """Shock settings from a link, each refused unless it is a shock key of the right type and range.

    Raises:
        ValueError: the settings are not a table, name a key that is not a shock setting, or give a
            value of the wrong type or out of range (the message says which).
    """
    if not isinstance(values, dict):
        raise ValueError("the shock settings are not in the form this page writes")
    for key in values:
        if key not in SHOCK_BY_KEY:
            raise ValueError(f"{key!r} is not a shock setting; allowed: {', '.join(SHOCK_BY_KEY)}")
    return {key: SHOCK_BY_KEY[key].check(value) for key, value in values.items()}

