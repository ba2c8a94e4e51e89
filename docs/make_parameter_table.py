"""Print the scenario parameter table of ``docs/ODD.md`` as Markdown, generated from the pydantic schema.

Every key a scenario file may hold gets one row: its TOML key, its default (as a TOML literal,
so it can be pasted into a scenario file), its allowed range (read from the schema's
constraints, and a lever's unit), the essay term it stands for, its meaning (the schema's
description) and its basis (whether the number is a policy setting, a structural choice or an
uncalibrated assumption).  A lever's term, unit and basis are read from its declaration on the
schema field (the lever registry, ``sim/scenario/levers.py``); the tables below hold them for
the other keys.  The dict-valued tables (``compound_types``, ``domains``, ``kinds``,
``departments``) get one row per entry and field.  A derived table of department ownership
overlap (who owns which domain × kind, and how contested it is) follows.

Usage (from the repository root)::

    .venv/bin/python docs/make_parameter_table.py           # print the Markdown
    .venv/bin/python docs/make_parameter_table.py --write   # replace the table in docs/ODD.md

``--write`` replaces the text between ``<!-- parameters:start -->`` and
``<!-- parameters:end -->``; ``tests/test_odd_parameters.py`` checks that the two agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import types
import typing
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sim.scenario.levers import LEVER_BY_KEY  # noqa: E402
from sim.scenario.schema import ISSUE_KINDS, Scenario  # noqa: E402

START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"
ODD = ROOT / "docs" / "ODD.md"

# --- the essay term of each key that is not a lever (a lever's term is declared on its field;
# first matching pattern wins; * matches one entry) ------------------------------------------
TERMS: dict[str, str] = {
    "name": "—",
    "title_zh": "—",
    "description": "—",
    "seed": "— (reproducibility)",
    "steps": "— (one step = one day)",
    "city.residents": "市域 residents (居民)",
    "city.districts": "區 district",
    "city.streets": "街道/鄉鎮 street / town",
    "city.communities": "社區/村 community / village",
    "city.compounds": "小區 residential compound (最微觀的治理單元)",
    "city.size_spread": "異質性 heterogeneity of units",
    "city.compound_type_shares": "小區分類 compound types",
    "compound_types.*.property_firm": "市場邏輯 / 物業 property firm",
    "compound_types.*.firm_quality": "市場邏輯 / 物業服務 service quality",
    "compound_types.*.organised": "業委會 / 小區黨支部 owners' committee / party branch",
    "compound_types.*.ageing": "— (ageing residents of a compound)",
    "compound_types.*.need_multiplier": "不同的小區面臨不同的問題 compound-specific needs",
    "domains.*.label_zh": "六大需求 the six needs",
    "domains.*.drift": "居民需求 resident needs (就業、居住、安全、環境、交往、x)",
    "domains.*.kinds": "居民需求 → 問題 how needs become issues",
    "domains.*.elderly_multiplier": "— (needs of residents over 60)",
    "domains.*.epidemic": "疫情 needs hit by the epidemic",
    "domains.*.property_related": "市場邏輯 / 物業 property-related needs",
    "kinds.*.label_zh": "— (issue kind label)",
    "kinds.*.effort_hours": "— (workload of an issue)",
    "kinds.*.level_shares": "分類確權 powers by level (市/區/街鎮 → 社區 → 小區)",
    "kinds.*.delegable": "權下放 / 放管服 delegable powers",
    "departments.*.label_zh": "九類部門牽頭 the lead departments",
    "departments.*.domains": "各唱各的調 / 職責交叉 overlapping duties",
    "departments.*.kinds": "各唱各的調 / 職責交叉 overlapping duties",
    "residents.issue_rate": "公眾參與 residents raising issues",
    "residents.need_threshold": "— (tolerance of unmet need)",
    "residents.relief": "— (need relieved by a resolved issue)",
    "residents.initial_need": "— (initial state)",
    "residents.everyday_share": "— (needs met outside government)",
    "residents.history_years": "— (spin-up of the needs)",
    "residents.history_resolution": "— (spin-up of the needs)",
    "residents.hotline_share": "熱線 city hotline (e.g. 12345)",
    "residents.compound_channel_share": "小區 first contact",
    "residents.participation_mean": "公眾參與 participation",
    "residents.initial_trust": "— (initial state)",
    "residents.initial_satisfaction": "— (initial state)",
    "residents.adaptation": "以人民為中心 satisfaction dynamics",
    "residents.trust_rate": "— (trust dynamics)",
    "residents.online_share": "網上 12345 online (web, app)",
    "issues.response_days": "響應 taken up in time (接訴即辦)",
    "ratings.answer_quality": "解決 solved, in the resident's words",
    "ratings.basic_weight": "基本滿意 basically satisfied",
    "ratings.handling_weight": "以人民為中心 how cases went, felt by residents",
    "ratings.hear_neighbours": "— (word of mouth)",
    "ratings.neighbour_weight": "— (word of mouth)",
    "ratings.channel_switch": "— (channel choice)",
    "kinds.*.time_limit_days": "辦理時限 time limit",
    "kinds.*.daily_hours": "— (an officer's caseload: work spread over days)",
    "kinds.*.lead_days": "現場核查 / 審批 / 會商 site visit, approval, consultation",
    "calendar.rule": "工作日 working days and 調休",
    "calendar.rest_day_staff": "值班 duty roster",
    "start_date": "— (calendar)",
    "warmup_days": "— (spin-up)",
    "reforms": "改革時間表 reform timeline",
    "city.seed": "— (reproducibility)",
    "residents.bounce_loss": "推諉 buck-passing felt by residents",
    "residents.volunteer_share": "志願者 volunteers",
    "issues.escalation_days": "— (escalation delays 層層上報)",
    "issues.bounce_days": "推諉 buck-passing delay",
    "issues.pushdown_days": "屬地責任 push-down delay",
    "issues.abandon_days": "— (residents giving up)",
    "issues.grievance_days": "越級上訪 grievances over heads",
    "issues.triage_hours": "— (handling overhead)",
    "issues.priority": "辦理時限 scheduling against time limits (queue discipline)",
    "issues.dispatch_limit": "三次派單 owner assigned after the third dispatch (Tianjin)",
    "issues.effort_spread": "— (heterogeneity of issues)",
    "staff.community_hours": "社區工作者 community staff",
    "staff.street_hours": "街道 street staff",
    "staff.department_hours": "職能部門 department staff",
    "staff.department_issue_share": "國家需求 vs 居民需求 departments' cases vs state tasks",
    "state_tasks.street_case_share": "國家需求 vs 居民需求 streets' cases vs state tasks",
    "state_tasks.department_demand": "國家需求 state tasks (檢查、專項行動、報表)",
    "state_tasks.street_demand": "國家需求 state tasks (檢查、專項行動、報表)",
    "state_tasks.variation": "— (campaigns come in bursts)",
    "state_tasks.due_days": "按時完成 state tasks' deadline",
    "state_tasks.expire_days": "— (tasks superseded)",
    "state_tasks.inspection_share": "檢查 inspections pushed down",
    "state_tasks.inspection_overlap": "聯合檢查 merged inspections",
    "state_tasks.inspection_coordination_hours": "聯合檢查 coordination cost",
    "ranking.max_shift": "考核排名 政治邏輯 vs 生活邏輯 hours moved",
    "ranking.max_restraint": "考核排名 推諉 restrained",
    "ranking.care_cost": "考核排名 careful closing (effort)",
    "ranking.care_gain": "考核排名 careful closing (solved)",
    "staff.committee_hours": "業委會 / 小區黨支部 committee and party-branch hours",
    "staff.firm_hours": "物業 property management",
    "staff.volunteer_hours": "志願服務 volunteer service",
    "power.pushdown_rate": "屬地責任 push-down",
    "power.bounce_rate": "推諉 / 各唱各的調 buck-passing",
    "power.misroute_rate": "權責體系不清 wrong-level routing",
    "admin.hours": "行政任務下沉 admin tasks pushed onto communities",
    "admin.listed_share": "權責清單 listed community duties",
    "admin.retained_cost": "社區准入制 cost kept by departments",
    "joint.coordination_days": "吹哨報到 coordination delay",
    "joint.overhead": "聯合檢查 cost of joint work",
    "moving_down.compound_share": "重心下移至小區 down to the compound",
    "moving_down.street_part": "重心下移 street hours moved down",
    "moving_down.by_type.property_relief": "小區分類治理 老舊小區 兜底物業 basic property services",
    "moving_down.by_type.mediation_share": "小區分類治理 安置小區 人民調解 mediation",
    "moving_down.by_type.mediator_hours": "小區分類治理 安置小區 調解員 mediators",
    "moving_down.by_type.committee_press": "小區分類治理 商品房 業委會監督物業 committee against the firm",
    "moving_down.by_type.legacy_share": "小區分類治理 單位大院 移交 the former unit's duties",
    "moving_down.by_type.patrol_relief": "小區分類治理 混合小區/城中村 巡查整治 patrols, clean-ups",
    "moving_down.by_type.patrol_hours": "小區分類治理 混合小區/城中村 巡查整治 patrols, clean-ups",
    "social.org_growth": "培育社區社會組織 cultivating social organisations",
    "social.org_decay": "社會組織 social organisations (attrition)",
    "social.org_hours": "社會協同 social organisations' service",
    "social.initial_orgs": "社會組織數量 initial stock",
    "stages.order_*": "三步走 第一步：維持基層秩序 keeping order",
    "stages.orgs_*": "三步走 第二步：培育社會 cultivating society",
    "stages.volunteers_*": "三步走 第二步：撬動社會 participation",
    "stages.self_solved_high": "三步走 第三步：共建共治共享 residents solving their own problems",
    "stages.memory_days": "三步走 the record the stage reads",
    "stages.adjust_days": "三步走 pace of the steps",
    "stages.recruit": "引導社會、培育社會 organisations recruit volunteers",
    "stages.self_share": "共建共治共享 residents resolve their own cases",
    "supply.budget": "供給 proactive service supply",
    "supply.efficiency": "供需平衡 supply relieving needs",
    "supply.survey_days": "大調研 survey cycle",
    "supply.agency_priorities": "代理主義 / 創建活動 departments' own priorities",
    "shocks.epidemic.start": "疫情 epidemic",
    "shocks.epidemic.length": "疫情 epidemic",
    "shocks.epidemic.intensity": "疫情 epidemic",
    "shocks.epidemic.admin_surge": "疫情防控基礎工作 control tasks",
    "shocks.disaster.enabled": "洪澇 / 颱風 disaster stress test",
    "shocks.disaster.kind": "洪澇 flood / 颱風 typhoon",
    "shocks.disaster.capacity_*": "搶險救災 staff on rescue, offices flooded",
    "shocks.disaster.volunteer_mobilisation": "志願者 volunteers mobilised in the disaster",
    "shocks.disaster.*": "洪澇 / 颱風 disaster",
    "output.keep_paths": "—",
    "output.chunk_rows": "—",
    "output.resident_agents_limit": "—",
    "command.redeploy_queue_days": "戰區制 when a street calls in the departments",
    "costs.community_worker_yuan_per_hour": "社區工作者 / 社工 pay",
    "costs.civil_servant_yuan_per_hour": "公務員 pay (街道, 部門)",
    "costs.platform_yuan_per_resident": "一網覆蓋 running cost",
    "costs.platform_build_days": "一網覆蓋 build period",
    "costs.sensing_yuan_per_resident": "大調研大數據 cost",
    "costs.project_yuan_per_org": "項目制 project funding",
    "costs.public_property_yuan_per_resident": "小區分類治理 兜底物業 cost",
    "costs.mediator_yuan_per_hour": "小區分類治理 人民調解員 pay",
    "costs.committee_yuan_per_compound": "小區分類治理 業委會 support",
    "costs.legacy_yuan_per_resident": "小區分類治理 移交 the former unit's upkeep",
    "costs.patrol_yuan_per_hour": "小區分類治理 巡查整治 staff pay",
    "costs.training_days": "重心下移 / 執法力量下沉 training",
    "costs.training_share": "重心下移 / 執法力量下沉 training",
    "costs.coordination_hours_per_whistle": "吹哨報到 coordination",
    "costs.command_hours": "主官上 chief officials' time",
    "costs.grid_worker_yuan_per_hour": "網格員 pay",
    "safety.*": "平安城市 / 安全指數 the safe city and its safety index",
    "grid.*": "網格化管理 / 主動發現 grid management: patrols find problems first",
    "costs.one_window_yuan_per_centre": "放管服 / 一窗受理 reorganising the service centres",
    "approvals.step_cut": "放管服 減環節 cutting approval steps",
    "approvals.delegable_share": "放管服 審批權下放 delegable approval powers",
    "approvals.street_share": "街道政務服務中心 the street's service centre",
    "approvals.handoff_days": "一窗受理 (what one window removes)",
    "approvals.*": "放管服 行政審批 approvals",
}

# --- what a number that is not a lever rests on (first matching pattern wins) ----------------
# lever: a policy setting chosen by the user (the default is the assumed pre-reform city) —
#   declared on the lever's field, as is the basis of a run setting offered as a control;
# design: scale or structure of the synthetic city, or a run setting;
# essay: a category the essay names (labels, the six needs, the nine departments);
# assumed: a behavioural or technical number that is not calibrated to data.
BASIS: dict[str, str] = {
    "name": "design", "title_zh": "design", "description": "design", "seed": "design",
    "steps": "design", "output.*": "design", "city.*": "design", "residents.history_years": "design",
    "*.label_zh": "essay",
    "shocks.epidemic.start": "design", "shocks.epidemic.length": "design",
    "shocks.disaster.enabled": "design", "shocks.disaster.kind": "design",
    "shocks.disaster.start": "design", "shocks.disaster.affected_share": "assumed",
    "shocks.disaster.volunteer_mobilisation": "lever",
    "*": "assumed",
}

# --- constraints the field validators add (not visible in the field metadata) --------------
NOTES: dict[str, str] = {
    "city.districts": "; ≤ streets",
    "city.streets": "; ≥ districts",
    "city.communities": "; ≥ streets",
    "city.compounds": "; ≥ communities",
    "city.residents": "; ≥ compounds",
    "city.compound_type_shares": "; exactly the five types, not all 0",
    "domains.*.kinds": "; not all 0; each kind > 0 needs an owning department",
    "kinds.*.level_shares": "; 5 (compound, community, street, district dept., city dept.) or 4 (no city), not all 0",
    "issues.escalation_days": "; exactly 3 (compound→community, community→street, street→department)",
    "shocks.epidemic.start": "; < steps when enabled",
    "shocks.disaster.start": "; < steps when enabled",
    "shocks.disaster.domains": "; scenario's domains, at least one (checked when enabled)",
    "compound_types.*.need_multiplier": "; missing domain = 1",
    "departments.*.domains": "; missing = 0",
    "departments.*.kinds": "; missing = 0",
    "supply.agency_priorities": "; normalised; all 0 = equal shares",
}

# --- meanings for keys whose schema field carries no description ----------------------------
MEANINGS: dict[str, str] = {
    "name": "short name of the scenario (file stem of a preset)",
    "title_zh": "Chinese title shown in the dashboard",
    "description": "one-line English description",
    "seed": "seed of the model's random generator (same seed, same run)",
}

SECTION_TITLES: dict[str, str] = {
    "": "Run (top level)",
    "calendar": "calendar — working days (工作日) and duty rosters (值班)",
    "city": "city — 市域 structure and scale",
    "compound_types": "compound_types — 小區分類 traits per compound type",
    "domains": "domains — 六大需求 resident need domains",
    "kinds": "kinds — issue kinds (服務需求, 矛盾糾紛, 執法事項, 設施問題, 跨部門事項)",
    "departments": "departments — 部門 kinds and their ownership matrix",
    "residents": "residents — 居民 behaviour",
    "issues": "issues — issue lifecycle",
    "staff": "staff — staff-hours before levers",
    "power": "power — 權下放, 分類確權 / 權責清單, 屬地 / 有限責任, 放管服",
    "approvals": "approvals — 放管服: 行政審批 steps and windows (一窗受理)",
    "admin": "admin — admin tasks and 社區准入制",
    "joint": "joint — 吹哨報到, 聯合檢查, 聯合考核",
    "state_tasks": "state_tasks — 國家需求: the state's tasks of streets and departments",
    "ranking": "ranking — 考核排名: monthly ranking and its pressure",
    "command": "command — 一網覆蓋, 主官上, 戰區制",
    "moving_down": "moving_down — 重心下移, 小區治理, 小區分類治理",
    "moving_down.by_type": "moving_down.by_type — 小區分類治理: each compound type's package",
    "social": "social — 賦權增能, 三社聯動, 項目制, volunteers",
    "stages": "stages — 三步走: order, cultivating society, 共建共治共享 (per community)",
    "projects": "projects — 社區需求導向 vs 行政依賴 / 市場依賴: how project money is allocated",
    "supply": "supply — 供給: 大調研大數據 vs 代理主義",
    "shocks.epidemic": "shocks.epidemic — 疫情 stress test",
    "shocks.disaster": "shocks.disaster — 洪澇 / 颱風 disaster stress test",
    "costs": "costs — unit costs and lags of the reforms (改革成本)",
    "output": "output — what a run keeps",
}


def lookup(table: dict[str, str], path: str, default: str = "") -> str:
    """Value of the first pattern in ``table`` that matches ``path``."""
    for pattern, value in table.items():
        if fnmatchcase(path, pattern):
            return value
    return default


# --- formatting ------------------------------------------------------------------------------
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_literal(value) -> str:
    """A value written as a TOML literal (what a scenario file would hold; unset is shown as such)."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{k if _BARE.match(k) else json.dumps(k)} = {toml_literal(v)}"
                          for k, v in value.items())
        return "{ " + items + " }"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as TOML")


def _number(x) -> str:
    if x == 2**63 - 1:
        return "2^63 − 1"
    if isinstance(x, float):
        return f"{x:g}"
    return f"{x:,}".replace(",", "_") if abs(x) >= 100_000 else str(x)


def _bounds(metadata) -> str:
    """'0 – 1', '≥ 0', '> 0' … from annotated-types constraint objects."""
    lo = hi = None
    lo_open = hi_open = False
    for m in metadata:
        if isinstance(m, FieldInfo):  # nested Field(...) inside Annotated
            inner = _bounds(m.metadata)
            if inner:
                return inner
        for attr, is_lo, is_open in (("ge", True, False), ("gt", True, True),
                                     ("le", False, False), ("lt", False, True)):
            v = getattr(m, attr, None)
            if v is not None:
                if is_lo:
                    lo, lo_open = v, is_open
                else:
                    hi, hi_open = v, is_open
    if lo is not None and hi is not None:
        left = "(" if lo_open else ""
        return f"{left}{_number(lo)} – {_number(hi)}{')' if hi_open else ''}"
    if lo is not None:
        return f"{'>' if lo_open else '≥'} {_number(lo)}"
    if hi is not None:
        return f"{'<' if hi_open else '≤'} {_number(hi)}"
    return ""


def describe_type(annotation, metadata=()) -> str:
    """Allowed values of a field, read from its annotation and constraints."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe_type(args[0], [*args[1:], *metadata])
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (list, tuple):
        return "list of " + describe_type(args[0])
    if origin is dict:
        return "table: key → " + describe_type(args[1])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe_type(a) for a in args)
    name = {bool: "true / false", str: "text", int: "integer", float: "number"}.get(
        annotation, getattr(annotation, "__name__", str(annotation)))
    bounds = _bounds(metadata)
    if annotation is bool or annotation is str:
        return name
    return f"{name} {bounds}" if bounds else name


# --- walking the schema ----------------------------------------------------------------------
def _model_of(annotation):
    """The BaseModel class behind an annotation, or of a dict's values (else None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) is dict:
        value = typing.get_args(annotation)[1]
        if isinstance(value, type) and issubclass(value, BaseModel):
            return value, True
    return None, False


def rows(model: BaseModel, prefix: str = "", section: str = "") -> Iterator[dict]:
    """One row per scenario key under ``model`` (an instance holding the defaults)."""
    for name, info in type(model).model_fields.items():
        path = f"{prefix}{name}"
        value = getattr(model, name)
        sub, is_table = _model_of(info.annotation)
        if sub is not None and not is_table:
            yield from rows(value, f"{path}.", path)
        elif sub is not None:
            for key, entry in value.items():
                yield from rows(entry, f"{path}.{key}.", path)
        else:
            pattern = re.sub(r"^(compound_types|domains|kinds|departments)\.[^.]+\.", r"\1.*.", path)
            allowed = describe_type(info.annotation, info.metadata) + lookup(NOTES, pattern)
            spec = LEVER_BY_KEY.get(path)
            yield {
                "section": section,
                "path": path,
                "default": toml_literal(value),
                "allowed": f"{allowed}; unit: {spec.unit}" if spec and spec.unit else allowed,
                "term": spec.term if spec else lookup(TERMS, pattern, "—"),
                "meaning": info.description or lookup(MEANINGS, pattern),
                "basis": spec.basis if spec else lookup(BASIS, pattern, "assumed"),
            }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def parameter_table(scenario: Scenario | None = None) -> str:
    """The whole Markdown block: one table per scenario section, then the overlap matrix."""
    scenario = scenario or Scenario()
    out: list[str] = []
    current = None
    for row in rows(scenario):
        if row["section"] != current:
            current = row["section"]
            out += ["", f"#### {SECTION_TITLES.get(current, current)}", "",
                    "| key | default | allowed | essay term | meaning | basis |",
                    "|---|---|---|---|---|---|"]
        out.append("| " + " | ".join([
            f"`{row['path']}`", f"`{_cell(row['default'])}`", _cell(row["allowed"]),
            _cell(row["term"]), _cell(row["meaning"]), row["basis"]]) + " |")
    out += ["", *overlap_table(scenario)]
    return "\n".join(out).strip() + "\n"


def overlap_table(scenario: Scenario) -> list[str]:
    """Derived: the true owner most often drawn for each domain × kind, and the overlap 1 − max/total."""
    depts = scenario.departments
    lines = [
        "#### Derived: ownership and overlap by domain × kind (from `departments`)",
        "",
        "Each cell: the department most likely to be an issue's true owner (its share of the "
        "ownership weight) and the overlap `1 − max/total` that scales buck-passing (推諉). "
        "`n/a` = no issues of that kind in that domain.",
        "",
        "| domain | " + " | ".join(f"{kind} {scenario.kinds[kind].label_zh}" for kind in ISSUE_KINDS)
        + " |",
        "|---|" + "---|" * len(ISSUE_KINDS),
    ]
    for dom, dcfg in scenario.domains.items():
        cells = []
        for kind in ISSUE_KINDS:
            weights = {k: d.domains.get(dom, 0.0) * d.kinds.get(kind, 0.0) for k, d in depts.items()}
            total = sum(weights.values())
            if dcfg.kinds.get(kind, 0.0) <= 0 or total <= 0:
                cells.append("n/a")
                continue
            top = max(weights, key=weights.get)
            cells.append(f"{depts[top].label_zh} {weights[top] / total:.2f} · overlap "
                         f"{1 - weights[top] / total:.2f}")
        lines.append(f"| {dom} {dcfg.label_zh} | " + " | ".join(cells) + " |")
    return lines


def write(path: Path = ODD) -> None:
    """Replace the table between the markers of ``path``."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    path.write_text(text[:start] + "\n" + parameter_table() + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help=f"replace the table in {ODD.relative_to(ROOT)} instead of printing it")
    args = parser.parse_args(argv)
    if args.write:
        write()
    else:
        sys.stdout.write(parameter_table())


if __name__ == "__main__":
    main()
