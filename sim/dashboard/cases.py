"""Read-outs for following one case and one resident on the Explore and Teach pages.

They are built in the dashboard from the model's public read-outs (``issue_table``,
``issue_path``, ``resident``, ``city_handler_base``, ``config``) and put into plain words in
either language; the model itself keeps no extra state for them.  The one thing kept here is a
short history of the one resident a visitor follows (:class:`Follower`), never of all residents.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import pandas as pd

from sim.core.levels import Level
from sim.dashboard.i18n import pick, tr

LEVEL_WORDS = ("compound_n", "community_n", "street_n")
RECENT = 12  # cases listed for a compound
HISTORY_DAYS = 730  # days of history kept for the followed resident


def _label(pair_zh: str, key: str, language: str | None) -> str:
    """A scenario name in the language: its Chinese label, or its key in plain English words."""
    return pick((pair_zh, key.replace("_", " ")), language)


def domain_name(model, domain: str, language: str | None = None) -> str:
    """The name of a need domain (the scenario's Chinese label, or the key in English)."""
    config = model.config.domains.get(domain)
    return _label(config.label_zh if config else domain, domain, language)


def kind_name(model, kind: str, language: str | None = None) -> str:
    """The name of an issue kind (service, dispute, …) in the language."""
    config = model.config.kinds.get(kind)
    return _label(config.label_zh if config else kind, kind, language)


def handler_name(model, handler: int, language: str | None = None) -> str:
    """A handler of the issue flow's global index in words: "community 2", "城管（區 0）" and the like."""
    bases = [model.city_handler_base(level) for level in Level]
    level = max(lv for lv in Level if handler >= bases[lv])
    index = int(handler) - bases[level]
    if level < Level.DEPARTMENT:
        return tr(LEVEL_WORDS[level], language, n=index)
    kinds = model.department_kinds
    kind = kinds[index % len(kinds)]
    label = _label(model.config.departments[kind].label_zh, kind, language)
    if level == Level.CITY:
        return tr("city_department_n", language, kind=label)
    return tr("department_n", language, kind=label, district=index // len(kinds))


def state_name(state: str, language: str | None = None) -> str:
    """Open / resolved / abandoned in words."""
    return tr(f"state_{state}", language)


def compound_cases(table: pd.DataFrame, compound: int, limit: int = RECENT) -> pd.DataFrame:
    """The newest ``limit`` cases raised in a compound (rows of ``model.issue_table()``)."""
    rows = table[table["compound"] == compound]
    return rows.sort_values(["raised", "id"], ascending=False).head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class Hop:
    """One line of a case's timeline: the day, the action's short name and the sentence."""

    day: int
    action: str
    label: str
    text: str


def case_timeline(model, issue_id: int, table: pd.DataFrame, language: str | None = None) -> list[Hop]:
    """Every hop of one case in plain words, ending with where it waits if it is still open.

    Args:
        model: the GovernanceModel.
        issue_id: the case's id.
        table: ``model.issue_table()`` (read once by the caller, who may use it for more).
        language: "zh" or "en" (default: the session's).

    Returns:
        The hops in the order they happened; empty if the scenario keeps no paths.
    """
    path = model.issue_path(int(issue_id))
    row = table[table["id"] == issue_id]
    resident = int(row["resident"].iloc[0]) if len(row) else -1
    hops = []
    for hop in path.itertuples():
        fields = {"who": tr("resident_n", language, n=resident)}
        if hop.source >= 0:
            fields["source"] = handler_name(model, hop.source, language)
        if hop.target >= 0:
            fields["target"] = handler_name(model, hop.target, language)
        hops.append(Hop(int(hop.day), hop.action, tr(f"act_{hop.action}", language),
                        _sentence(tr(f"hop_{hop.action}", language, **fields))))
    if hops and len(row) and row["state"].iloc[0] == "open":
        target = handler_name(model, int(path["target"].iloc[-1]), language)
        hops.append(Hop(model.day, "open", tr("act_open", language),
                        _sentence(tr("hop_open", language, day=model.day, target=target))))
    return hops


def _sentence(text: str) -> str:
    """A sentence starting with a capital (handler names begin in lower case in English)."""
    return text[:1].upper() + text[1:]


@dataclass
class Follower:
    """The resident a visitor follows: their row and a short history of satisfaction and trust.

    Only this one resident's history is kept; :meth:`record` is called once a day while the run
    advances.  It works whether the city holds Resident agents or makes them on demand.
    """

    row: int
    history: deque = field(default_factory=lambda: deque(maxlen=HISTORY_DAYS))

    def record(self, model) -> None:
        """Note today's satisfaction and trust (once per day: a repeated day is skipped)."""
        if self.history and self.history[-1][0] == model.day:
            return
        resident = model.resident(self.row)
        self.history.append((model.day, resident.satisfaction, resident.trust))


def resident_view(model, row: int, table: pd.DataFrame, language: str | None = None) -> dict:
    """What the resident panel shows: place, needs by domain, satisfaction, trust and cases.

    Args:
        model: the GovernanceModel.
        row: the resident's row (``model.resident(row)`` makes the agent if the city has none).
        table: ``model.issue_table()``.
        language: "zh" or "en" (default: the session's).

    Returns:
        A dict with ``title``, ``needs`` (domain name → unmet need 0–1), ``now`` (a sentence with
        satisfaction, trust, participation and channel) and ``cases`` (their rows of the table).
    """
    resident = model.resident(row)
    compound = resident.compound
    place = tr("compound_n", language, n=compound)
    cases = table[table["resident"] == row].sort_values(["raised", "id"], ascending=False)
    return {
        "title": tr("resident_title", language, who=tr("resident_n", language, n=row), place=place),
        "compound": compound,
        "needs": {domain_name(model, d, language): value for d, value in resident.needs.items()},
        "now": tr(
            "resident_now",
            language,
            satisfaction=resident.satisfaction,
            trust=resident.trust,
            participation=resident.participation,
            channel=tr(f"channel_{resident.channel}", language),
        ),
        "cases": cases.reset_index(drop=True),
    }


def case_line(model, case, language: str | None = None) -> str:
    """One line about a case (a row of the issue table): day raised, domain, kind, state."""
    return tr(
        "case_line",
        language,
        raised=int(case.raised),
        domain=domain_name(model, case.domain, language),
        kind=kind_name(model, case.kind, language),
        state=state_name(case.state, language),
    )


def case_heading(model, case, language: str | None = None) -> tuple[str, str]:
    """A case's title (id, domain, kind) and a sentence counting its escalations, bounces and push-downs.

    ``case`` is a row of the issue table.
    """
    title = tr(
        "case_title",
        language,
        n=int(case.id),
        domain=domain_name(model, case.domain, language),
        kind=kind_name(model, case.kind, language),
    )
    summary = tr(
        "case_summary",
        language,
        escalations=int(case.escalations),
        bounces=int(case.bounces),
        pushdowns=int(case.pushdowns),
    )
    rating = getattr(case, "rating", "none")
    if rating != "none":  # the resident's answer to the call-back (回訪)
        solved = tr("case_solved" if bool(case.solved) else "case_not_solved", language)
        summary += " " + tr("case_rated", language, solved=solved, rating=tr(f"rating_{rating}", language))
    return title, f"{state_name(case.state, language)} · {summary}"


def read_follow(model, compound: int | None, case_id: int | None, row: int | None,
                language: str | None = None) -> dict:
    """Everything the follow panel shows, read from the model in one go (call it under the run's lock).

    Args:
        model: the GovernanceModel.
        compound: the compound whose recent cases are listed, or None.
        case_id: the case whose path is shown, or None.
        row: the followed resident's row, or None.
        language: "zh" or "en" (default: the session's).

    Returns:
        ``cases`` ((id, line) pairs), ``case`` ((title, summary, hops, resident row)) and
        ``resident`` (see :func:`resident_view`), each only when asked for.
    """
    if compound is None and case_id is None and row is None:
        return {}
    table = model.issue_table()
    out: dict = {}
    if compound is not None:
        recent = compound_cases(table, compound)
        out["cases"] = [(int(c.id), case_line(model, c, language)) for c in recent.itertuples()]
    if case_id is not None:
        found = table[table["id"] == case_id]
        if len(found):
            case = next(found.itertuples())
            title, summary = case_heading(model, case, language)
            out["case"] = (title, summary, case_timeline(model, case_id, table, language), int(case.resident))
    if row is not None:
        out["resident"] = resident_view(model, row, table, language)
        out["resident_cases"] = [(int(c.id), case_line(model, c, language))
                                 for c in out["resident"]["cases"].itertuples()]
    return out


def telling_case(table: pd.DataFrame) -> int | None:
    """The id of the case that tells a story best.

    That is a whistled case (吹哨報到) if there is one, else the case passed on most often (bounces
    plus push-downs); among equals the one with the most hops, then the earliest.  Only cases
    raised from day 0 on count: a case carried over from the warm-up has its earlier path
    unrecorded.  None if no case was whistled or passed on.
    """
    recorded = (table["raised"] >= 0).to_numpy()
    passed = table["bounces"].astype(int) + table["pushdowns"].astype(int)
    whistled = table["joint"].astype(bool) & recorded
    pool = whistled if whistled.any() else (passed > 0) & recorded
    if not pool.any():
        return None
    order = pd.DataFrame(
        {"passed": -passed, "hops": -table["hops"].astype(int), "raised": table["raised"], "id": table["id"]}
    )[pool.to_numpy()].sort_values(["passed", "hops", "raised", "id"])
    return int(order["id"].iloc[0])


def story_case(scenario, seed: int, steps: int) -> dict[str, tuple[str, str, list[Hop]]] | None:
    """Run one scenario for ``steps`` days and tell its :func:`telling_case` in both languages.

    Args:
        scenario: the Scenario to run.
        seed: its random seed.
        steps: days to run.

    Returns:
        Language → (title, summary, hops) of the case, or None if no case was whistled or
        passed on.
    """
    from sim import GovernanceModel

    model = GovernanceModel(scenario, rng=seed)
    for _ in range(steps):
        model.step()
    table = model.issue_table()
    case_id = telling_case(table)
    if case_id is None:
        return None
    case = next(table[table["id"] == case_id].itertuples())
    told = {}
    for language in ("zh", "en"):
        title, summary = case_heading(model, case, language)
        told[language] = (title, summary, case_timeline(model, case_id, table, language))
    return told
