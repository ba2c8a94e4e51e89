"""Choosing scenarios in the dashboard: presets, the server's start scenario, and uploads.

Uploads are read into memory only (never written anywhere), refused above a size limit, and
parsed as TOML data; validation gives the same message as ``python -m sim validate``.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from typing import Any

from sim.scenario import Scenario, ScenarioError, load_scenario, preset_names
from sim.scenario.loading import read_toml, resolve_source, validate

MAX_UPLOAD_BYTES = 256 * 1024
START_ENV = "SIM_DASHBOARD_SCENARIO"
LARGE_RESIDENTS = 1_000_000
"""From this many residents a scenario's title says the memory a run of it needs."""
GIB_BASE, GIB_PER_MILLION = 0.55, 0.08
"""Peak memory of a run, GiB: a line through the whole-process peaks README's benchmark table gives
(1.73 GiB at 13.9 M residents, 2.53 at 24.9 M, 3.08 at 32.1 M)."""
"""Peak memory of a run ≈ 0.55 GiB + 0.08 GiB per million residents: a line through the whole-process
peaks of a year's run measured by ``make bench`` on the two-core machine (13.9 million residents:
1.73 GiB; 24.9 million: 2.53; 32.1 million: 3.08)."""


def start_source() -> str:
    """The scenario the server was started with (``--scenario``), else the classroom preset."""
    return os.environ.get(START_ENV) or "classroom"


def choices() -> list[str]:
    """Scenario names a visitor may pick: the start scenario (if it is a file) and the presets."""
    names = preset_names()
    start = start_source()
    return names if start in names else [start, *names]


def first_sentence(text: str) -> str:
    """The first sentence (or clause before a semicolon) of ``text``, on one line, without its stop."""
    text = " ".join(text.split())
    return re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")


def size_note(residents: int) -> tuple[str, str]:
    """(中文, English) words on the memory a run of a large city needs; empty below a million residents."""
    if residents < LARGE_RESIDENTS:
        return "", ""
    gib = GIB_BASE + GIB_PER_MILLION * residents / 1e6
    return f"（運行約需 {gib:.1f} GiB 內存）", f" (a run needs about {gib:.1f} GiB of memory)"


@functools.cache
def _titles(name: str) -> tuple[str, str]:
    """The (中文, English) titles of a scenario offered by name, read from its file."""
    try:
        data = read_toml(resolve_source(name))
    except ScenarioError:
        return name, name
    english = first_sentence(str(data.get("description") or "")) or name
    chinese = str(data.get("title_zh") or "") or english
    residents = (data.get("city") or {}).get("residents")
    zh, en = size_note(residents) if isinstance(residents, int) else ("", "")
    return chinese + zh, english + en


def title(name: str, language: str) -> str:
    """A scenario's title in ``language`` ("zh" or "en") instead of its file name.

    Chinese is the file's ``title_zh``; English is the first sentence of its ``description``;
    either falls back to the other, then to the name itself.  A city of a million residents or more
    says the memory a run of it needs (:func:`size_note`).
    """
    return _titles(name)[0 if language == "zh" else 1]


def default_arms() -> list[dict]:
    """Two scenarios for Compare to start from: the start scenario and the full programme."""
    names = choices()
    second = "full_programme" if "full_programme" in names else names[-1]
    return [{"source": start_source(), "levers": {}}, {"source": second, "levers": {}}]


def load(source: str | Scenario, overrides: dict[str, Any] | None = None) -> Scenario:
    """A validated scenario from a name offered by :func:`choices` or a Scenario, with overrides.

    Raises:
        ScenarioError: the name is not one offered, or the scenario or an override is invalid.
    """
    if isinstance(source, str) and source not in choices():
        raise ScenarioError(f"{source}: not a scenario offered here; choose one of the presets")
    return load_scenario(source, overrides or None)


def parse_upload(name: str, data: bytes) -> Scenario:
    """A scenario from an uploaded TOML file's bytes.

    Raises:
        ScenarioError: too large, not UTF-8, not TOML, or not a valid scenario (one line per
            problem, naming the file, the key, the value and what is allowed).
    """
    name = os.path.basename(name or "upload.toml")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScenarioError(
            f"{name}: {len(data) // 1024} KB is larger than the "
            f"{MAX_UPLOAD_BYTES // 1024} KB allowed for an uploaded scenario"
        )
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{name}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{name}: not valid TOML: {err}") from None
    return validate(parsed, name)
