"""The quick search (optuna, TPE sampler): a best point to look at before ABC-SMC, not the answer.

Trials are asked in batches of one per worker, simulated in parallel and told back in trial order,
so with the same seed and number of workers the search is the same.  It gives one best point and
no uncertainty; the posterior comes from ABC-SMC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.calibration.distance import distance
from sim.experiments.calibration.evaluate import evaluate
from sim.experiments.calibration.spec import Calibration
from sim.experiments.seeds import seed_int

SEARCH_SEEDS = 5
"""The spawn key of the search's own draws."""


def search(calibration: Calibration, workers: int = 1, on_done=None) -> pd.DataFrame:
    """Run the quick search; one row per trial (its parameters and distance), best first.

    Args:
        calibration: the checked calibration (``search.trials`` trials).
        workers: trials simulated at once.
        on_done: progress callback (called with 1 per trial).
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    seed = seed_int(np.random.SeedSequence(calibration.spec.seed, spawn_key=(SEARCH_SEEDS,))) % 2**32
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
    priors = calibration.priors
    rows = []
    left = calibration.spec.search.trials
    while left > 0:
        batch = [study.ask() for _ in range(min(workers, left))]
        draws = [{k: trial.suggest_float(k, p.low, p.high, log=p.prior == "loguniform") for k, p in priors.items()}
                 for trial in batch]
        for trial, draw, stats in zip(batch, draws, evaluate(calibration, draws, workers, on_done), strict=True):
            value = distance(stats, calibration.targets)
            study.tell(trial, value)
            rows.append({"trial": trial.number, **draw, "distance": value})
        left -= len(batch)
    return pd.DataFrame(rows).sort_values("distance", kind="stable").reset_index(drop=True)
