"""The outcome registry: every outcome the model reports is declared once, and only those are."""

from __future__ import annotations

import pytest

from sim import GovernanceModel
from sim.core.levels import RESOLVED_PLACES
from sim.core.outcomes import OUTCOMES, Outcome, daily_names, default_keep
from sim.experiments.worker import flatten_summary
from sim.scenario import COMPOUND_TYPES, LEVELS

NESTED_COPIES = ("satisfaction_by_compound_type_", "trust_by_compound_type_", "by_year_")
"""Flattened summary parts that repeat outcomes under a second name (by compound type, by year)."""


@pytest.fixture(scope="module")
def model():
    model = GovernanceModel("classroom", rng=3, steps=10)
    for _ in range(10):
        model.step()
    return model


def test_every_collected_column_is_declared_in_its_order(model):
    assert list(model.metrics) == list(daily_names())
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(daily_names())


def test_every_summary_number_is_declared_and_every_summary_only_outcome_is_in_the_summary(model):
    flat = flatten_summary(model.summary())
    reported = {k for k in flat if not k.startswith(NESTED_COPIES)} - {"days"}
    assert reported == set(OUTCOMES)
    summary_only = [name for name, o in OUTCOMES.items() if not o.daily]
    assert summary_only and not set(summary_only) & set(model.metrics)


def test_families_are_generated_for_every_level_and_compound_type():
    for lv in LEVELS:
        assert f"backlog_{lv}" in OUTCOMES
    for place in RESOLVED_PLACES:
        assert {f"resolved_at_{place}", f"resolved_at_count_{place}"} <= set(OUTCOMES)
    for t in COMPOUND_TYPES:
        assert {f"satisfaction_{t}", f"trust_{t}"} <= set(OUTCOMES)
    assert OUTCOMES["backlog_street"].label == ("積壓：街道", "backlog at streets")
    assert OUTCOMES["satisfaction_old_estate"].label == ("滿意度：老舊小區", "satisfaction: old estates")
    assert "department" in OUTCOMES["resolved_at_department"].definition


def test_every_outcome_is_fully_declared():
    labels_zh = [o.label[0] for o in OUTCOMES.values()]
    labels_en = [o.label[1] for o in OUTCOMES.values()]
    assert len(set(labels_zh)) == len(labels_zh) and len(set(labels_en)) == len(labels_en)
    for name, o in OUTCOMES.items():
        assert o.name == name
        assert o.unit and o.definition and "{" not in o.definition + "".join(o.label), name
        assert o.higher_is_better in (True, False, None), name
    assert set(default_keep()) <= set(daily_names())
    assert OUTCOMES["satisfaction_mean"].higher_is_better is True
    assert OUTCOMES["median_days_to_resolve"].higher_is_better is False
    assert OUTCOMES["issues_raised"].higher_is_better is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"label": ("排隊", "")}, "Chinese and an English"),
    ({"label": ("排隊",)}, "Chinese and an English"),
    ({"keep": True, "daily": False}, "only a daily outcome"),
])
def test_a_bad_declaration_is_refused(fields, message):
    args = {"name": "queue", "label": ("排隊", "queue"), "unit": "issues", "higher_is_better": None,
            "definition": "issues queued"} | fields
    with pytest.raises(ValueError, match=message):
        Outcome(**args)
