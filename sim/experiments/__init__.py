"""Batch experiments: experiment files, designs, seeds, executors and the result store."""

from sim.experiments.designs import Design, build_design
from sim.experiments.executors import DaskExecutor, LocalExecutor, default_workers
from sim.experiments.runner import ExperimentTally, plan_tasks, run_experiment
from sim.experiments.seeds import run_seed
from sim.experiments.spec import Experiment, ExperimentError, load_experiment
from sim.experiments.store import ResultStore
from sim.experiments.worker import run_batch, run_one

__all__ = [
    "DaskExecutor",
    "Design",
    "Experiment",
    "ExperimentError",
    "ExperimentTally",
    "LocalExecutor",
    "ResultStore",
    "build_design",
    "default_workers",
    "load_experiment",
    "plan_tasks",
    "run_batch",
    "run_experiment",
    "run_one",
    "run_seed",
]
