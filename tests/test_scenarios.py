"""Scenario files: every preset is valid and whole; bad input gets one clear message."""

from __future__ import annotations

import tomllib
from typing import Literal

import pytest
from pydantic import Field

from sim.scenario import PRESET_DIR, ScenarioError, load_scenario, preset_names, reconfigured
from sim.scenario.fields import NonNeg, Section, Share, lever
from sim.scenario.levers import LEVERS, lever_specs

LEVER_SECTIONS = tuple(dict.fromkeys(spec.key.split(".")[0] for spec in LEVERS))
"""The scenario tables that hold levers, in schema order."""


def test_required_presets_exist():
    names = set(preset_names())
    required = {"baseline", "classroom", "tianjin_2019", "full_programme", "epidemic_baseline",
                "epidemic_full_programme", "district", "tianjin_city"}
    assert required <= names
    assert len([n for n in names if n.startswith("reform_")]) >= 9


@pytest.mark.parametrize("name", preset_names())
def test_preset_is_valid_and_whole(name):
    scenario = load_scenario(name)
    raw = tomllib.loads((PRESET_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    for section in ("city", "staff", *LEVER_SECTIONS):
        assert section in raw, f"{name}.toml lacks [{section}]"
    assert scenario.name == name


@pytest.mark.parametrize("name", [n for n in preset_names() if n.startswith("reform_")])
def test_each_reform_changes_only_its_levers(name):
    base = load_scenario("baseline").model_dump()
    reform = load_scenario(name).model_dump()
    assert {k: v for k, v in reform.items() if k not in ("name", "title_zh", "description", "reforms")} == {
        k: v for k, v in base.items() if k not in ("name", "title_zh", "description", "reforms")}, (
        f"{name} must start as the baseline")
    assert len(reform["reforms"]) == 1 and reform["reforms"][0]["date"].isoformat() == "2019-01-01"
    changed = {tuple(key.split(".", 1)) for key in reform["reforms"][0]["set"]}
    assert changed, f"{name} changes no lever"
    assert {sec for sec, _ in changed} <= set(LEVER_SECTIONS)
    sections = {sec for sec, _ in changed}
    assert len(sections) <= 2, f"{name} changes levers in {sections}"


@pytest.mark.parametrize(
    ("data", "overrides", "expected"),
    [
        ({}, {"power.delegation": 1.5}, "power.delegation (given 1.5): Input should be less than or equal to 1"),
        ({}, {"power.delegaton": 0.5}, "unknown key 'power.delegaton'"),
        ({"city": {"streets": "many"}}, None, "city.streets (given 'many')"),
        ({"city": {"streets": 5, "communities": 2}}, None, "communities (2) must be at least streets (5)"),
        ({"colour": "red"}, None, "colour"),
        ({"shocks": {"epidemic": {"enabled": True, "start": 500}}}, None, "must fall within the run"),
        ({"domains": {"x": {"label_zh": "x", "drift": 0.1, "kinds": {"service": 1.0}}}}, None,
         "need_multiplier names unknown domains"),
        ({}, {"departments.housing.kinds.service": 0.0},
         "no department owns service issues in domain housing"),
        ({}, {"departments.housing.domains.weather": 1.0},
         "departments.housing.domains names unknown domains ['weather']"),
    ],
)
def test_bad_scenarios_are_explained(data, overrides, expected):
    with pytest.raises(ScenarioError) as err:
        load_scenario(data, overrides)
    assert expected in str(err.value)


def test_bad_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[city\nresidents = 3", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.toml: not valid TOML"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="no such scenario file or preset"):
        load_scenario("no_such_preset")


def test_overrides_may_add_entries_to_weight_tables():
    s = load_scenario("classroom", {"departments.civil_affairs.domains.housing": 0.5})
    assert s.departments["civil_affairs"].domains["housing"] == 0.5


def test_overrides_with_double_underscore_and_dots_agree():
    a = load_scenario("classroom", {"power__delegation": 0.8, "shocks__epidemic__enabled": True})
    b = load_scenario("classroom", {"power.delegation": 0.8, "shocks.epidemic.enabled": True})
    assert a == b
    assert a.power.delegation == 0.8



def test_reconfigured_agrees_with_loading_and_refuses_bad_values():
    base = load_scenario("beijing_12345")
    changes = {"power.delegation": 0.55, "joint.whistle": 0.3}
    again = reconfigured(base, changes)
    assert again == load_scenario(base, changes)
    assert again.power.delegation == 0.55 and base.power.delegation != 0.55  # the original is untouched
    with pytest.raises(ScenarioError, match=r"power\.delegation"):
        reconfigured(base, {"power.delegation": 1.5})
    with pytest.raises(ScenarioError, match=r"unknown key 'power\.delegaton'"):
        reconfigured(base, {"power.delegaton": 0.5})


def declared(default=0.0, **overrides):
    """A lever declaration with every required part (``overrides`` replace some)."""
    parts = {"term": "術語 term", "name": ("名", "name"), "help": ("說明", "help"),
             "moves": {"backlog": "down"}, **overrides}
    return lever(default, "what it means", **parts)


def test_lever_registry_reads_the_declarations():
    class Table(Section):
        plain: Share = Field(0.5, description="not a lever")
        share: Share = declared(unit="share", moves={"backlog": "down", "trust_mean": "up"})
        open_ended: NonNeg = declared(step=0.1, control_high=4.0)
        switch: bool = declared(False, basis="design", context={"steps": 50})

    share, open_ended, switch = lever_specs(Table)
    assert [spec.key for spec in (share, open_ended, switch)] == ["share", "open_ended", "switch"]
    assert (share.low, share.high, share.kind, share.unit) == (0.0, 1.0, "float", "share")
    assert dict(share.moves) == {"backlog": "down", "trust_mean": "up"}
    assert (open_ended.high, open_ended.step, open_ended.ends()) == (4.0, 0.1, (0.0, 4.0))
    assert (switch.kind, switch.ends(), switch.basis) == ("bool", (False, True), "design")
    assert dict(switch.context) == {"steps": 50} and switch.name == ("名", "name")


@pytest.mark.parametrize(
    ("annotation", "overrides", "expected"),
    [
        (NonNeg, {}, "needs an upper bound"),
        (Share, {"control_high": 2.0}, "must not also name control_high"),
        (Share, {"moves": {}}, "must declare moves"),
        (Share, {"moves": {"backlog": "sideways"}}, "must declare moves"),
        (str, {}, "must be a bool, int, float or Literal field"),
    ],
)
def test_incomplete_lever_declarations_are_refused(annotation, overrides, expected):
    class Table(Section):
        knob: annotation = declared("" if annotation is str else 0.0, **overrides)

    with pytest.raises(TypeError, match=expected):
        lever_specs(Table)


def test_a_categorical_lever_names_its_choices_and_a_label_for_each():
    labels = {"a": ("甲", "A"), "b": ("乙", "B")}

    class Labelled(Section):
        rule: Literal["a", "b"] = declared("a", labels=labels)

    class Unlabelled(Section):
        rule: Literal["a", "b"] = declared("a", labels={"a": ("甲", "A")})

    (rule,) = lever_specs(Labelled)
    assert (rule.kind, rule.choices, rule.ends(), rule.labels["b"]) == ("choice", ("a", "b"), ("a", "b"), ("乙", "B"))
    with pytest.raises(TypeError, match="must name a label for each of its choices"):
        lever_specs(Unlabelled)


def test_the_schema_declares_the_levers_of_the_policy_tables():
    assert len(LEVERS) >= 19 and len({spec.key for spec in LEVERS}) == len(LEVERS)
    assert set(LEVER_SECTIONS) == {"power", "admin", "joint", "command", "moving_down", "social",
                                   "projects", "supply", "grid", "shocks"}
