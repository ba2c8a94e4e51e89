"""Writing a scenario back out as a TOML file that :func:`sim.scenario.load_scenario` reads unchanged.

The file holds every key of the resolved scenario (so it does not depend on the preset it came
from, nor on later changes to the defaults); keys that are unset (``None``) are left out, which
reads back as the same unset default.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from sim.scenario.schema import Scenario

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    """One TOML value: a string, number, boolean, date, array or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value) if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's basic-string escapes
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")


def _table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(path: list[str], node: dict[str, Any], lines: list[str], array: bool = False) -> None:
    """Append ``node`` under the header ``path``: its plain keys, then its sub-tables and arrays of tables."""
    if path:
        header = ".".join(_key(p) for p in path)
        lines.append("")
        lines.append(f"[[{header}]]" if array else f"[{header}]")
    nested = []
    for name, value in node.items():
        if value is None:
            continue
        if isinstance(value, dict) or _table_list(value):
            nested.append((name, value))
        else:
            lines.append(f"{_key(name)} = {_value(value)}")
    for name, value in nested:
        if isinstance(value, dict):
            _table([*path, name], value, lines)
        else:
            for item in value:
                _table([*path, name], item, lines, array=True)


def scenario_toml(scenario: Scenario, header: str = "") -> str:
    """The whole of ``scenario`` as TOML text, optionally headed by comment lines.

    Args:
        scenario: a validated scenario.
        header: text put first as ``#`` comments (one comment line per line of text).

    Returns:
        TOML that validates back to a scenario equal to ``scenario`` (the same scenario hash).
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _table([], scenario.model_dump(), lines)
    return "\n".join(lines).lstrip("\n") + "\n"
