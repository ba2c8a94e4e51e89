"""The model's magnitudes against the public record in ``data/magnitudes.csv``.

Every row of the table that names a scenario key must hold that key's default (so the table
cannot drift from the code), the baseline preset must raise hotline requests within the record's
range, and at the community level the hours the baseline has for residents' cases must be of the
order of the work its cases need (not several times more).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from sim.core.model import GovernanceModel
from sim.scenario import LEVELS, Scenario, load_scenario

TABLE = Path(__file__).resolve().parents[1] / "data" / "magnitudes.csv"
RECORD = "record."
"""Rows whose key starts so are public figures (bounds and sources), not scenario keys."""
SLACK = 3.0
"""Most a level's hours for cases may exceed the effort of the cases it must resolve."""


def rows() -> dict[str, dict[str, str]]:
    """The table's rows by key."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [*table[0]] == ["key", "value", "unit", "source_or_reason", "url"]
    return {row["key"]: row for row in table}


def scenario_value(scenario: Scenario, key: str):
    """The value of a dotted scenario key, through sections and dict-valued tables."""
    value = scenario
    for part in key.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


def record(key: str) -> float:
    """A public figure of the table."""
    return float(rows()[RECORD + key]["value"])


def test_every_row_has_a_source_or_reason_and_a_unit():
    for key, row in rows().items():
        assert row["unit"].strip(), f"{key}: no unit"
        assert len(row["source_or_reason"].strip()) > 20, f"{key}: no source or reason"


@pytest.mark.parametrize("key", [k for k in rows() if not k.startswith(RECORD)])
def test_table_holds_the_default(key):
    default = Scenario()
    assert float(rows()[key]["value"]) == pytest.approx(float(scenario_value(default, key)))


@pytest.mark.parametrize("key", [k for k in rows() if not k.startswith(RECORD)])
def test_presets_keep_the_default_or_say_so(key):
    """The reference presets (baseline and the two packages) start from the table's values."""
    for preset in ("baseline", "tianjin_2019", "full_programme"):
        value = scenario_value(load_scenario(preset), key)
        assert float(value) == pytest.approx(float(rows()[key]["value"])), (preset, key)


def test_community_hours_follow_workers_and_working_day():
    """The community's paid hours for cases and admin are part of 1.8 workers × 8 h, admin about 35%."""
    total = record("community_workers_per_1000") * record("working_hours_per_day")
    assert total == pytest.approx(record("community_hours_total_per_1000"))
    default = Scenario()
    assert default.staff.community_hours < total
    pushed = default.admin.hours * (default.admin.listed_share
                                    + (1 - default.admin.listed_share) * default.power.territorial)
    assert pushed / total == pytest.approx(record("community_admin_item_share"), abs=0.02)


@pytest.fixture(scope="module")
def baseline_run():
    """Two years of the baseline preset with the hours each level had every day."""
    model = GovernanceModel("baseline", steps=730, output__keep_paths=False)
    city = model.city
    bounds = [0, city.community_base, city.street_base, city.dept_base, city.city_dept_base, city.n_handlers]
    hours = np.zeros((730, len(LEVELS)))
    for day in range(730):
        model.step()
        hours[day] = np.add.reduceat(model.capacity_today, bounds[:-1])
    return model, hours


def test_baseline_requests_in_the_record_range(baseline_run):
    model, _ = baseline_run
    year = model.summary()["by_year"]
    second = year[str(model.config.start_date.year + 1)]
    assert record("hotline_requests_per_1000.before_2019") <= second["hotline_requests_per_1000"]
    assert second["hotline_requests_per_1000"] <= record("hotline_requests_per_1000.2019")
    assert record("requests_per_1000.all_channels.low") <= second["requests_per_1000"]
    assert second["requests_per_1000"] <= record("requests_per_1000.all_channels.high")


def test_community_hours_of_the_order_of_community_work(baseline_run):
    """Year 2: the community's hours for cases are within SLACK of the effort its cases need."""
    model, hours = baseline_run
    table = model.issue_table()
    second = table[(table["raised"] >= 365) & (table["raised"] < 730)]
    effort = second["kind"].map({k: v.effort_hours for k, v in model.config.kinds.items()})
    need = effort.groupby(second["required"]).sum() / 365
    have = dict(zip(LEVELS, hours[365:].mean(axis=0), strict=True))
    ratio = have["community"] / need["community"]
    assert 1.0 < ratio < SLACK, ratio
    for level in ("street", "department"):
        assert have[level] / need[level] < SLACK, (level, have[level], need[level])
