"""Sharing a scenario edited on Explore: a TOML file, a link that reopens it, and what was changed.

The edited scenario is a preset (or an upload), the levers moved on the page, the reforms added
on a day and the shocks set (an epidemic's days, a flood or typhoon).  :func:`scenario_file` writes
all of it as one scenario file that ``python -m sim run`` and the page's upload read back unchanged.
A link carries only what differs from the preset — its name, the moved levers, the added reforms and
the shock settings (:mod:`sim.dashboard.shocks`) — as base64url of a small JSON text in the query
``?s=…``; :func:`decode_link` checks every part of it again (a tampered link gives one message
naming what is wrong, never a traceback).  Compare's link (``compare?s=…``) carries its arms the same
way, each a preset, its moved levers and its shocks (:func:`encode_arms`, :func:`decode_arms`).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any
from urllib.parse import parse_qs

from sim.dashboard import scenarios
from sim.dashboard.i18n import tr
from sim.dashboard.levers import LEVER_BY_KEY, changed_levers, lever_values
from sim.dashboard.shocks import SHOCK_BY_KEY, changed_shocks, checked_shocks, shock_values
from sim.scenario import Scenario, ScenarioError
from sim.scenario.writing import scenario_toml

LINK_PARAM = "s"
"""The query parameter that carries a shared scenario: ``http://server:8765/?s=…``."""

MAX_LINK_CHARS = 4000  # longer than any set of edits the page can make; keeps tampered links small


class LinkError(ValueError):
    """A shared link that cannot be opened; the message says why."""


def page_reform(key: str, value: Any, day: int, ramp_days: int) -> dict:
    """A reform as the page adds it: one lever (named by its term) to a value from a day over a ramp."""
    lever = LEVER_BY_KEY[key]
    return {"name": lever.label(), "day": int(day), "ramp_days": int(ramp_days), "set": {key: lever.clip(value)}}


def edited_scenario(base: Scenario, edits: dict[str, Any], added: list[dict],
                    shocks: dict[str, Any] | None = None) -> Scenario:
    """``base`` with the levers moved on the page, the reforms added after its own, and the shock settings.

    Raises:
        ScenarioError: an edit or reform the scenario cannot take (the loader's message).
    """
    changes: dict[str, Any] = {**changed_levers(base, edits), **changed_shocks(base, shocks or {})}
    if added:
        changes["reforms"] = [*(r.model_dump(exclude_none=True) for r in base.reforms), *added]
    return scenarios.load(base, changes)


def _shown(value: Any, language: str | None) -> str:
    if isinstance(value, bool):
        return tr("yes" if value else "no", language)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def change_rows(base: Scenario, edits: dict[str, Any], added: list[dict],
                language: str | None = None, shocks: dict[str, Any] | None = None) -> list[list[str]]:
    """The "changed from the preset" table: a row per moved lever, per added reform, per shock setting.

    Args:
        base: the preset (or upload) the page started from.
        edits: lever values chosen on the page.
        added: reforms added on the page (:func:`page_reform`).
        language: "zh" or "en" (default: the session's).
        shocks: shock settings chosen on the page (:mod:`sim.dashboard.shocks`).

    Returns:
        Rows of (lever, preset value, current value); a reform's row says what it sets from when.
    """
    before = lever_values(base)
    rows = [[LEVER_BY_KEY[key].label(language), _shown(before[key], language), _shown(value, language)]
            for key, value in changed_levers(base, edits).items()]
    for reform in added:
        key, value = next(iter(reform["set"].items()))
        rows.append([f"{tr('reform', language)}: {LEVER_BY_KEY[key].label(language)}", _shown(before[key], language),
                     tr("reform_row", language, value=_shown(value, language), day=reform["day"],
                        ramp=reform["ramp_days"])])
    preset = shock_values(base)
    rows += [[SHOCK_BY_KEY[key].label(language), _shown(preset[key], language), _shown(value, language)]
             for key, value in changed_shocks(base, shocks or {}).items()]
    return rows


def scenario_file(scenario: Scenario, source: str, rows: list[list[str]]) -> str:
    """The edited scenario as a whole TOML file, headed by where it came from and what was changed."""
    changed = [f"  {lever}: {old} -> {new}" for lever, old, new in rows] or ["  (nothing)"]
    header = "\n".join([f"Scenario saved from the dashboard: {source} with these changes:", *changed,
                        "Run it with: python -m sim run THIS_FILE (or drop it on the dashboard's Explore page)"])
    return scenario_toml(scenario, header)


def download_text(base: Scenario, source: str, edits: dict[str, Any], added: list[dict],
                  shocks: dict[str, Any] | None = None) -> str:
    """The file a page's download button gives: ``base`` with the edits and reforms, as TOML.

    Args:
        base: the preset (or upload) the page started from.
        source: where it came from (the preset's name, or the upload's scenario name).
        edits: lever values chosen on the page.
        added: reforms added on the page.
        shocks: shock settings chosen on the page.

    Returns:
        The whole scenario file; a comment with the loader's message if the edits do not validate
        (the pages refuse such edits before they keep them).
    """
    try:
        scenario = edited_scenario(base, edits, added, shocks)
    except ScenarioError as err:
        return f"# {err}\n"
    return scenario_file(scenario, source, change_rows(base, edits, added, "en", shocks))


def file_name(scenario: Scenario) -> str:
    """A safe download name for the edited scenario, e.g. ``classroom-edited.toml``."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario.name).strip("._") or "scenario"
    return f"{stem}-edited.toml"


def encode_link(source: str, edits: dict[str, Any], added: list[dict], shocks: dict[str, Any] | None = None) -> str:
    """The query value that reopens ``source`` with these lever edits, added reforms and shock settings."""
    return _token(_scenario_payload(source, edits, added, shocks))


def _scenario_payload(source: str, edits: dict[str, Any], added: list[dict],
                      shocks: dict[str, Any] | None = None) -> dict[str, Any]:
    """One scenario of a link: the preset, the moved levers, the added reforms and the shocks, in short keys."""
    payload: dict[str, Any] = {"p": source}
    if edits:
        payload["l"] = edits
    if added:
        payload["r"] = [[*next(iter(r["set"].items())), r["day"], r["ramp_days"]] for r in added]
    if shocks:
        payload["k"] = shocks
    return payload


def encode_arms(specs: list[dict]) -> str:
    """The query value that reopens Compare with these arms (each a preset, its moved levers, reforms, shocks)."""
    return _token({"a": [_scenario_payload(spec["source"], spec["levers"], spec.get("reforms", []),
                                           spec.get("shocks")) for spec in specs]})


def decode_arms(token: str, fewest: int, most: int) -> list[dict]:
    """Compare's arms a shared link carries, each checked again (as :func:`decode_link` does).

    Args:
        token: the ``s=`` value of a Compare link.
        fewest: the fewest arms Compare takes.
        most: the most arms Compare takes.

    Returns:
        The arms as Compare keeps them: ``[{"source": preset, "levers": {key: value}}, ...]``, with
        ``"reforms"`` when the arm has reforms added to its preset and ``"shocks"`` when it has shock settings.

    Raises:
        LinkError: the link is damaged, holds too few or too many arms, names a preset or lever
            not offered, gives a value out of range, or an arm that does not validate.
    """
    payload = _json(token)
    entries = payload.get("a") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or not fewest <= len(entries) <= most:
        raise LinkError(f"the link does not hold {fewest} to {most} scenarios to compare")
    specs = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("p"), str):
            raise LinkError("the link's scenario does not name a preset")
        source, edits, added, shocks = _checked_scenario(entry)
        specs.append({"source": source, "levers": edits, **({"reforms": added} if added else {}),
                      **({"shocks": shocks} if shocks else {})})
    return specs


def link_token(search: str | None) -> str | None:
    """The shared-scenario value in a page's query string (``s=…``), or None when there is none."""
    values = parse_qs(search or "").get(LINK_PARAM)
    return values[0] if values else None


def _checked_value(key: Any, value: Any) -> Any:
    """A lever value from a link, refused unless it is of the lever's type and within its range."""
    lever = LEVER_BY_KEY.get(key) if isinstance(key, str) else None
    if lever is None:
        raise LinkError(f"the link names {key!r}, which is not a lever")
    if lever.kind == "choice":
        if not isinstance(value, str) or value not in lever.choices:
            raise LinkError(f"the link gives {key} = {value!r}; allowed: {', '.join(lever.choices)}")
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, bool) if lever.kind == "bool" else not number:
        raise LinkError(f"the link gives {key} = {value!r}, which is not a {lever.kind} value")
    if lever.kind != "bool" and lever.clip(value) != value:
        raise LinkError(f"the link gives {key} = {value!r}; allowed: {lever.low} to {lever.high}")
    return value


def _token(payload: Any) -> str:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _json(token: str) -> Any:
    if not isinstance(token, str) or len(token) > MAX_LINK_CHARS:
        raise LinkError("the link is too long to be one made by this page")
    try:
        return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8"))
    except (binascii.Error, ValueError):
        raise LinkError("the link's scenario part is damaged (not one made by this page)") from None


def _payload(token: str) -> dict:
    payload = _json(token)
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), str):
        raise LinkError("the link does not name a preset")
    return payload


def _checked_source(source: str) -> str:
    if source not in scenarios.choices():
        raise LinkError(f"the link names the scenario {source!r}, which this server does not offer")
    return source


def _checked_levers(levers: Any) -> dict[str, Any]:
    if not isinstance(levers, dict):
        raise LinkError("the link's levers are not in the form this page writes")
    return {key: _checked_value(key, value) for key, value in levers.items()}


def decode_link(token: str) -> tuple[str, dict[str, Any], list[dict], dict[str, Any]]:
    """The preset, lever edits, added reforms and shock settings a shared link carries, each checked again.

    Raises:
        LinkError: the link is damaged, names a preset, lever or shock setting not offered, gives a
            value of the wrong type or out of range, or describes a scenario that does not validate
            (a shock on a day outside the run).
    """
    return _checked_scenario(_payload(token))


def _checked_scenario(payload: dict) -> tuple[str, dict[str, Any], list[dict], dict[str, Any]]:
    """One scenario of a link (:func:`_scenario_payload`), each part checked, the whole validated."""
    source = _checked_source(payload["p"])
    edits, reforms = _checked_levers(payload.get("l", {})), payload.get("r", [])
    if not isinstance(reforms, list):
        raise LinkError("the link's reforms are not in the form this page writes")
    added = []
    for entry in reforms:
        if not (isinstance(entry, list) and len(entry) == 4 and all(isinstance(n, int) and not isinstance(n, bool)
                                                                      and n >= 0 for n in entry[2:])):
            raise LinkError(f"the link's reform {entry!r} is not [lever, value, day, ramp days]")
        added.append(page_reform(entry[0], _checked_value(entry[0], entry[1]), entry[2], entry[3]))
    try:
        shocks = checked_shocks(payload.get("k", {}))
    except ValueError as err:
        raise LinkError(f"the link's shock settings: {err}") from None
    try:
        edited_scenario(scenarios.load(source), edits, added, shocks)
    except ScenarioError as err:
        raise LinkError(f"the scenario in the link cannot run: {err}") from None
    return source, edits, added, shocks
