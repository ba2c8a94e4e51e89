"""Simulator of municipal (市域) multi-level governance.

Residents, compounds (小區), communities (社區), streets (街道) and departments (部門) under the
power-allocation policies of the essay.
"""

from sim.core.model import GovernanceModel
from sim.scenario import Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = ["GovernanceModel", "Scenario", "ScenarioError", "load_scenario"]
