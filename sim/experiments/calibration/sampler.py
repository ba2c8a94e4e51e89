"""A pyabc sampler whose result depends on the seed only, not on the number of worker processes.

pyabc's own multicore samplers reseed each worker from the operating system and keep the
particles that happen to finish first, so two runs differ.  :class:`OrderedSampler` numbers the
candidate particles of a generation 0, 1, 2, …; candidate ``i`` of generation ``t`` draws its
parameters from numpy's generator seeded with ``SeedSequence(seed, spawn_key=(t + 1, i))`` and
the model runs with the calibration's fixed seeds, so each candidate's outcome is fixed in
advance.  Candidates are evaluated in rounds (in worker processes forked from this one, or in
this process for one worker) and the generation keeps the first ``n`` accepted candidates in
number order: the same particles whatever the number of workers, and after a resume.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable

import numpy as np
from pyabc.sampler import Sampler

_SIMULATE: Callable | None = None
"""The generation's ``simulate_one``, inherited by the forked workers."""
_SEED = 0


def _candidate(args: tuple[int, int]) -> object:
    """Evaluate candidate ``i`` of generation ``t`` (in a worker or in this process)."""
    t, i = args
    np.random.seed(np.random.SeedSequence(_SEED, spawn_key=(t + 1, i)).generate_state(4))
    return _SIMULATE()


class OrderedSampler(Sampler):
    """Evaluate numbered candidates in parallel rounds; keep the first ``n`` accepted in number order.

    Args:
        workers: processes evaluating candidates (1: this process).
        seed: the calibration's seed.
        on_simulations: called with the number of candidates evaluated after each round (progress).
    """

    def __init__(self, workers: int = 1, seed: int = 0, on_simulations: Callable[[int], None] | None = None):
        """Set the workers and the seed."""
        super().__init__()
        self.workers = max(1, workers)
        self.seed = seed
        self.on_simulations = on_simulations

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False,
                                ana_vars=None):
        """Candidates in number order until ``n`` are accepted (see the module's description)."""
        global _SIMULATE, _SEED
        _SIMULATE, _SEED = simulate_one, self.seed
        kept, accepted, start = [], 0, 0
        pool = mp.get_context("fork").Pool(self.workers) if self.workers > 1 else None
        try:
            while accepted < n and start < max_eval:
                size = max(2 * self.workers, n - accepted)
                jobs = [(t, i) for i in range(start, start + size)]
                results = pool.map(_candidate, jobs) if pool else [_candidate(job) for job in jobs]
                for particle in results:
                    if accepted == n:
                        break
                    kept.append(particle)
                    accepted += bool(particle.accepted)
                start += size
                if self.on_simulations:
                    self.on_simulations(size)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        sample = self._create_empty_sample()
        for particle in kept:
            sample.append(particle)
        self.nr_evaluations_ = len(kept)
        if sample.n_accepted < n:
            sample.ok = False
        return sample
