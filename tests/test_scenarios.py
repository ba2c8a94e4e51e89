"""Scenario files: every preset is valid and whole; bad input gets one clear message."""

from __future__ import annotations

import tomllib

import pytest

from sim.scenario import PRESET_DIR, ScenarioError, load_scenario, preset_names

LEVER_SECTIONS = ("power", "admin", "joint", "command", "moving_down", "social", "supply", "shocks")


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
    changed = {(sec, key) for sec in LEVER_SECTIONS if isinstance(base[sec], dict)
               for key in base[sec] if base[sec][key] != reform[sec][key]}
    assert changed, f"{name} changes no lever"
    sections = {sec for sec, _ in changed}
    assert len(sections) <= 2, f"{name} changes levers in {sections}"
    for sec in ("city", "staff", "residents", "issues"):
        assert base[sec] == reform[sec]


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
