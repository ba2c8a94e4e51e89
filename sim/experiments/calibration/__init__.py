"""Calibration: fit a scenario's free parameters to a city's observed rates (``python -m sim calibrate``).

Modules by idea: :mod:`~.targets` (the targets CSV), :mod:`~.spec` (the calibration file),
:mod:`~.simulate` (one parameter draw's simulated rates), :mod:`~.distance` (draw vs targets),
:mod:`~.evaluate` (many draws in parallel), :mod:`~.screening` (Morris), :mod:`~.search` (optuna),
:mod:`~.sampler` and :mod:`~.abc` (ABC-SMC with pyabc), :mod:`~.runner` (the output folder).
"""

from sim.experiments.calibration.spec import Calibration, load_calibration
from sim.experiments.calibration.targets import CalibrationError, Targets, read_targets

__all__ = ["Calibration", "CalibrationError", "Targets", "load_calibration", "read_targets"]
