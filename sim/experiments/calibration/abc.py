"""ABC-SMC with pyabc: the posterior of the free parameters given the targets, generation by generation.

Each generation is one ``ABCSMC.run`` on the history database (``abc.db``, SQLite, in the output
folder): the first call starts a history, every later one — in the same session or after
``--resume`` — loads it and adds one generation, so an interrupted calibration continues where its
last finished generation left it and gives the same result as an uninterrupted one.  Particles are
drawn by :class:`~sim.experiments.calibration.sampler.OrderedSampler` (same seed ⇒ same posterior,
whatever the number of workers).  The model of a particle is
:func:`~sim.experiments.calibration.simulate.simulate_draw`, the distance
:class:`~sim.experiments.calibration.distance.TargetDistance`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.experiments.calibration.distance import TargetDistance
from sim.experiments.calibration.sampler import OrderedSampler
from sim.experiments.calibration.simulate import draw_task, simulate_draw
from sim.experiments.calibration.spec import Calibration, Prior
from sim.experiments.calibration.targets import CalibrationError

DB_NAME = "abc.db"


def pyabc_prior(priors: dict[str, Prior]):
    """The pyabc prior: a uniform or log-uniform random variable per free parameter."""
    import pyabc

    rvs = {}
    for key, prior in priors.items():
        if prior.prior == "loguniform":
            rvs[key] = pyabc.RV("loguniform", prior.low, prior.high)
        else:
            rvs[key] = pyabc.RV("uniform", prior.low, prior.high - prior.low)
    return pyabc.Distribution(**rvs)


def _quiet_pyabc() -> None:
    for name in ("ABC", "Sampler", "Epsilon", "Distance", "Acceptor", "History", "pyabc"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _model(calibration: Calibration) -> Callable[[dict], dict]:
    def model(params) -> dict:
        return simulate_draw(draw_task(calibration, dict(params)))[1]
    return model


def run_abc(calibration: Calibration, out: Path, *, workers: int = 1, resume: bool = False,
            progress: bool = True) -> dict:
    """Run (or continue) ABC-SMC into ``out/abc.db``.

    Args:
        calibration: the checked calibration.
        out: the output folder.
        workers: processes evaluating particles.
        resume: continue the history already in ``out`` (else ``out`` must hold none).
        progress: a progress bar of simulations on stderr.

    Returns:
        ``generations_run`` (this session), ``simulations`` (this session) and ``history_id``.
    """
    import pyabc

    _quiet_pyabc()
    db = out / DB_NAME
    if db.exists() and not resume:
        raise CalibrationError(f"{out} already holds a calibration history ({db.name}); give --resume to "
                               f"continue it or choose another --out")
    spec = calibration.spec.abc
    done = _generations_done(db) if db.exists() else 0
    bar = tqdm(total=None, unit="sim", desc=f"{calibration.name} ABC-SMC", disable=not progress,
               dynamic_ncols=True, file=sys.stderr)
    simulations = [0]

    def counted(k: int) -> None:
        simulations[0] += k
        bar.update(k)

    ran = 0
    with bar:
        while done < spec.generations:
            abc = pyabc.ABCSMC(_model(calibration), pyabc_prior(calibration.priors),
                               TargetDistance(calibration.targets), population_size=spec.population,
                               sampler=OrderedSampler(workers, calibration.spec.seed, counted))
            if db.exists():
                abc.load(f"sqlite:///{db}", 1)
            else:
                abc.new(f"sqlite:///{db}", {})
            history = abc.run(max_nr_populations=1, minimum_epsilon=spec.min_epsilon)
            done, ran = history.max_t + 1, ran + 1
            epsilon = float(history.get_all_populations()["epsilon"].iloc[-1])
            bar.set_postfix(generation=f"{done}/{spec.generations}", epsilon=f"{epsilon:.3g}")
            if epsilon <= spec.min_epsilon:
                break
    return {"generations_run": ran, "simulations": simulations[0], "history_id": 1}


def _generations_done(db: Path) -> int:
    """Generations already in a history database."""
    return int(open_history(db).max_t) + 1


def open_history(db: Path):
    """The pyabc history in ``db`` (the first and only run it holds)."""
    import pyabc

    return pyabc.History(f"sqlite:///{db}", _id=1)


def diagnostics(history) -> pd.DataFrame:
    """Per generation: epsilon, simulations, accepted particles, acceptance rate, effective sample size."""
    from pyabc.weighted_statistics import effective_sample_size

    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0]
    rows = []
    for _, pop in pops.iterrows():
        _, weights = history.get_distribution(t=int(pop["t"]))
        rows.append({"generation": int(pop["t"]), "epsilon": float(pop["epsilon"]),
                     "simulations": int(pop["samples"]), "particles": int(pop["particles"]),
                     "acceptance_rate": pop["particles"] / pop["samples"],
                     "effective_sample_size": float(effective_sample_size(weights)),
                     "wall_seconds": float(pop["wall_time"])})
    return pd.DataFrame(rows)


def posterior(history) -> pd.DataFrame:
    """The last generation's particles: one column per free parameter, ``weight`` and ``distance``."""
    t = history.max_t
    frame, weights = history.get_distribution(t=t)
    frame = frame.reset_index(drop=True)
    frame.columns.name = None
    frame["weight"] = weights
    frame["distance"] = history.get_weighted_distances(t=t)["distance"].to_numpy()
    return frame


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of weighted values (the weighted empirical distribution, interpolated)."""
    order = np.argsort(values)
    values, weights = np.asarray(values)[order], np.asarray(weights)[order]
    cum = (np.cumsum(weights) - 0.5 * weights) / np.sum(weights)
    return float(np.interp(q, cum, values))


def summarise(frame: pd.DataFrame, priors: dict[str, Prior]) -> pd.DataFrame:
    """Per free parameter: the prior's range, the posterior median, mean and 90% interval.

    The interval's width is also given as a share of the prior's range (on the log scale for a
    log-uniform prior).
    """
    rows = []
    for key, prior in priors.items():
        values, w = frame[key].to_numpy(), frame["weight"].to_numpy()
        low, high = weighted_quantile(values, w, 0.05), weighted_quantile(values, w, 0.95)
        rows.append({"parameter": key, "prior": prior.prior, "prior_low": prior.low, "prior_high": prior.high,
                     "median": weighted_quantile(values, w, 0.5), "mean": float(np.average(values, weights=w)),
                     "q05": low, "q95": high,
                     "interval_share_of_prior": prior.to_unit(high) - prior.to_unit(low)})
    return pd.DataFrame(rows)
