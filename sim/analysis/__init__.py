"""Analysis of experiment results: statistics, comparisons, sensitivity indices, figures, reports."""

from sim.analysis.compare import compare
from sim.analysis.results import Comparison, Results, load_results
from sim.analysis.sensitivity import Sensitivity, sensitivity

__all__ = ["Comparison", "Results", "Sensitivity", "compare", "load_results", "sensitivity"]
