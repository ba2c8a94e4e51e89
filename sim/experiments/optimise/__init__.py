"""Optimisation: search for the best reform packages under a budget (``python -m sim optimise``).

Modules by idea: :mod:`~.spec` (the optimisation file), :mod:`~.evaluate` (runs cached on disk),
:mod:`~.search` (NSGA-II with pymoo), :mod:`~.front` (the front re-evaluated, trade-offs),
:mod:`~.robust` (worst case and regret across uncertain parameters), :mod:`~.runner` (the folder).
"""

from sim.experiments.optimise.spec import Optimisation, OptimiseError, load_optimisation

__all__ = ["Optimisation", "OptimiseError", "load_optimisation"]
