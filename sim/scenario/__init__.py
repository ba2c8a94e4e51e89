"""Scenario schema and loading: the only thing the model core depends on."""

from sim.scenario.loading import (
    PRESET_DIR,
    ScenarioError,
    load_scenario,
    preset_names,
    reconfigured,
    split_key,
)
from sim.scenario.schema import COMPOUND_TYPES, ISSUE_KINDS, LEVELS, Scenario

__all__ = [
    "COMPOUND_TYPES",
    "ISSUE_KINDS",
    "LEVELS",
    "PRESET_DIR",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "preset_names",
    "reconfigured",
    "split_key",
]
