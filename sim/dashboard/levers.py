"""The policy levers a visitor may move: the essay's term, a one-line explanation, allowed values.

Ranges come from the scenario schema (every lever is checked again by ``load_scenario`` before a
run), so a control can only offer values the model accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.dashboard.i18n import pick
from sim.scenario import Scenario


@dataclass(frozen=True)
class Lever:
    """One scenario key shown as a control, with its bilingual name and explanation."""

    key: str
    name: tuple[str, str]
    help: tuple[str, str]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    kind: str = "float"  # "float", "int" or "bool"

    def label(self, language: str | None = None) -> str:
        """The control's label in the session's language."""
        return pick(self.name, language)

    def explain(self, language: str | None = None) -> str:
        """The one-line explanation in the session's language."""
        return pick(self.help, language)

    def clip(self, value: Any) -> Any:
        """``value`` forced into the allowed range and type (controls never pass anything else)."""
        if self.kind == "bool":
            return bool(value)
        value = min(max(float(value), self.low), self.high)
        return round(value) if self.kind == "int" else value


LEVERS: tuple[Lever, ...] = (
    Lever(
        "power.delegation",
        ("權下放", "Delegation to streets (權下放)"),
        (
            "街道握有的部門權力份額；無權時只能上報，等待更久。",
            "Share of department powers held by streets; without them a street must escalate and wait.",
        ),
    ),
    Lever(
        "power.staff_follow",
        ("執法力量下沉", "Staff follow the powers (執法力量下沉)"),
        (
            "隨下放權力一起調到街道的部門工時份額；權下放而人不下沉，街道會被壓垮。",
            "Share of the delegated powers' department hours moved to streets; powers without staff "
            "overload the street.",
        ),
    ),
    Lever(
        "power.list_clarity",
        ("權責清單（分類確權）", "Power/responsibility lists (權責清單)"),
        (
            "誰管什麼越清楚，部門越少互相推諉，分派越少出錯。",
            "The clearer who owns what, the less departments pass issues on and the fewer are misrouted.",
        ),
    ),
    Lever(
        "power.territorial",
        ("屬地責任 ↔ 有限責任", "Territorial vs limited responsibility"),
        (
            "1 為屬地責任：上級把訴求和任務都壓給屬地；0 為有限責任：只下放清單內的職責。",
            "1 = territorial: upper levels push issues and tasks down whatever the authority; "
            "0 = limited: only listed duties flow down.",
        ),
    ),
    Lever(
        "admin.access_cap",
        ("社區准入制", "Community access cap (社區准入制)"),
        (
            "行政任務最多可佔社區工時的比例（1 為不設上限）。",
            "Most of a community's hours that admin tasks may take (1 = no cap).",
        ),
    ),
    Lever(
        "joint.whistle",
        ("吹哨報到", "Whistle and report (吹哨報到)"),
        (
            "街道召集相關部門聯合處理超出其權限的訴求的機率。",
            "Chance a street summons the departments jointly for an issue beyond its powers.",
        ),
    ),
    Lever(
        "joint.evaluation",
        ("聯合考核", "Joint evaluation (聯合考核)"),
        (
            "街道對部門的評價在考核中的權重；權重越高，部門越少推諉。",
            "Weight of streets' evaluation in departments' assessment; higher weight, less buck-passing.",
        ),
    ),
    Lever(
        "command.unified_intake",
        ("一網覆蓋", "Unified intake (一網覆蓋)"),
        (
            "由統一平台直接分派到有權處理層級的訴求份額。",
            "Share of issues one intake network routes straight to the level holding the power.",
        ),
    ),
    Lever(
        "command.chief_officials",
        ("主官上", "Chief officials in charge (主官上)"),
        (
            "主要領導掛帥，縮短上報和協調的延誤。",
            "Chief officials in charge shorten escalation and coordination delays.",
        ),
    ),
    Lever(
        "command.redeploy",
        ("戰區制", "Command zones (戰區制)"),
        ("危機期間調往社區的部門工時份額。", "Share of department hours sent to communities during a shock."),
    ),
    Lever(
        "moving_down.staff_share",
        ("重心下移", "Moving down (重心下移)"),
        (
            "從部門和街道移到社區、小區的工時份額。",
            "Share of department and street hours moved to communities and compounds.",
        ),
    ),
    Lever(
        "moving_down.compound_governance",
        ("小區治理", "Compound governance (小區治理)"),
        (
            "未組織的小區建立黨支部或業委會、就地解決自治事務的機率。",
            "Chance an unorganised compound gets a party branch or owners' committee that resolves issues on site.",
        ),
    ),
    Lever(
        "moving_down.classified",
        ("小區分類治理", "Classified compound governance"),
        (
            "按小區類型補其所缺（如為無物業的老舊小區提供公共物業服務）。",
            "Gives each compound type the support it lacks (e.g. property services for old estates).",
        ),
    ),
    Lever(
        "social.funding",
        ("項目制資助（賦權增能）", "Project funding (賦權增能, 項目制)"),
        (
            "每個社區的社會組織項目資金；組織隨資金和參與增長。",
            "Project money per community for social organisations, which grow with funding and participation.",
        ),
        high=2.0,
        step=0.1,
    ),
    Lever(
        "social.party_members_report",
        ("在職黨員到社區報到", "Party members report (黨員報到)"),
        (
            "在職黨員到居住社區登記帶來的額外志願者份額。",
            "Extra volunteers from party members registered in their home community.",
        ),
    ),
    Lever(
        "supply.sensing",
        ("大調研大數據", "Needs sensing (大調研大數據)"),
        (
            "1 為按居民真實需求供給服務；0 為按部門自身優先（代理主義）。",
            "1 = services follow residents' sensed needs; 0 = departments' own priorities (代理主義).",
        ),
    ),
    Lever(
        "shocks.epidemic.enabled",
        ("疫情衝擊", "Epidemic shock"),
        (
            "在運行中加入一波疫情：需求激增、防控任務增加。",
            "Adds an epidemic wave: needs surge and control tasks pile up.",
        ),
        kind="bool",
    ),
    Lever(
        "shocks.epidemic.volunteer_mobilisation",
        ("志願者動員", "Volunteer mobilisation"),
        ("疫情期間動員起來的潛在志願者份額。", "Share of would-be volunteers mobilised during the wave."),
    ),
)

LEVER_BY_KEY = {lever.key: lever for lever in LEVERS}


def lever_values(scenario: Scenario) -> dict[str, Any]:
    """The current value of every lever in ``scenario``."""
    data = scenario.model_dump()
    values = {}
    for lever in LEVERS:
        node: Any = data
        for part in lever.key.split("."):
            node = node[part]
        values[lever.key] = node
    return values


def changed_levers(scenario: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The levers in ``values`` that differ from ``scenario``, clipped to their allowed range."""
    current = lever_values(scenario)
    return {
        key: LEVER_BY_KEY[key].clip(value)
        for key, value in values.items()
        if key in LEVER_BY_KEY and LEVER_BY_KEY[key].clip(value) != current[key]
    }
