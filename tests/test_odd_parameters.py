"""docs/ODD.md documents every scenario parameter with its current default, so the doc cannot drift.

The schema is walked here independently of ``docs/make_parameter_table.py``: every field of every
pydantic model reachable from :class:`~sim.scenario.Scenario` (the dict-valued tables
``compound_types``, ``domains``, ``kinds`` and ``departments`` entry by entry) must have a row in
the parameter table between the ``<!-- parameters:start -->`` / ``<!-- parameters:end -->``
markers, and the row's default (a TOML literal) must equal the schema's default.
"""

from __future__ import annotations

import importlib.util
import math
import tomllib
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.scenario import Scenario
from sim.scenario.levers import LEVERS

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "ODD.md"
START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def schema_leaves(model: BaseModel, prefix: str = "") -> dict[str, object]:
    """Every scenario key under ``model`` with its default value, walking sub-models recursively."""
    leaves: dict[str, object] = {}
    for name, info in type(model).model_fields.items():
        path, value = f"{prefix}{name}", getattr(model, name)
        ann = info.annotation
        if _is_model(ann):
            leaves.update(schema_leaves(value, f"{path}."))
        elif typing.get_origin(ann) is dict and _is_model(typing.get_args(ann)[1]):
            for key, entry in value.items():
                leaves.update(schema_leaves(entry, f"{path}.{key}."))
        else:
            leaves[path] = value
    return leaves


def table_block() -> str:
    text = ODD.read_text(encoding="utf-8")
    assert START in text and END in text, f"{ODD} lacks the parameter-table markers"
    return text[text.index(START) + len(START):text.index(END)]


def table_rows() -> dict[str, list[str]]:
    """Rows of the parameter table keyed by their scenario key (first cell, in backticks)."""
    rows: dict[str, list[str]] = {}
    for line in table_block().splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        key = cells[0].strip("`")
        assert key not in rows, f"{key} appears twice in the parameter table"
        rows[key] = cells
    return rows


def same(a, b) -> bool:
    """Equal values, floats within rounding, ints and floats compared as numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


LEAVES = schema_leaves(Scenario())


def test_schema_walk_finds_the_tables():
    # Guard the walk itself: nested sections and dict-valued tables are reached.
    for key in ("power.delegation", "shocks.epidemic.volunteer_mobilisation",
                "compound_types.old_estate.property_firm", "domains.safety.drift",
                "kinds.cross_departmental.delegable", "departments.housing.kinds",
                "city.compound_type_shares", "issues.escalation_days"):
        assert key in LEAVES


@pytest.mark.parametrize("key", sorted(LEAVES))
def test_every_parameter_is_documented_with_its_default(key):
    rows = table_rows()
    assert key in rows, (f"docs/ODD.md has no row for scenario key {key!r}: "
                         "run `.venv/bin/python docs/make_parameter_table.py --write`")
    cells = rows[key]
    assert len(cells) >= 4 and all(cells[:4]), f"row of {key} lacks default, range or essay term"
    text = cells[1].strip("`")
    documented = None if text == "(unset)" else tomllib.loads("v = " + text)["v"]
    assert same(documented, LEAVES[key]), (
        f"docs/ODD.md gives {key} = {documented!r} but the schema's default is {LEAVES[key]!r}: "
        "run `.venv/bin/python docs/make_parameter_table.py --write`")


@pytest.mark.parametrize("spec", LEVERS, ids=lambda spec: spec.key)
def test_every_lever_row_carries_its_declared_term_and_basis(spec):
    cells = table_rows()[spec.key]
    assert cells[3] == spec.term.replace("|", "\\|") and cells[5] == spec.basis
    assert spec.unit in cells[2]


def test_no_stale_rows():
    stale = sorted(set(table_rows()) - set(LEAVES))
    assert not stale, f"docs/ODD.md documents keys the schema no longer has: {stale}"


def test_table_is_the_generated_one():
    """The block between the markers is exactly what the generator prints today."""
    spec = importlib.util.spec_from_file_location("make_parameter_table",
                                                  ROOT / "docs" / "make_parameter_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert table_block().strip() == module.parameter_table().strip(), (
        "the parameter table in docs/ODD.md is out of date: "
        "run `.venv/bin/python docs/make_parameter_table.py --write`")
