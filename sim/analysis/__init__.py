"""Analysis of experiment results: statistics, comparisons, sensitivity indices, figures, reports."""

from sim.analysis.compare import Comparison, compare
from sim.analysis.results import Results, load_results
from sim.analysis.sensitivity import Sensitivity, sensitivity

__all__ = ["Comparison", "Results", "Sensitivity", "compare", "load_results", "sensitivity"]
