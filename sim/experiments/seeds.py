"""Seeds: every run gets its own stream spawned from the one experiment seed (numpy SeedSequence).

A run's seed depends only on the experiment seed, its design point and its replicate number —
never on the order runs finish in, the number of workers or the executor — so an experiment is
reproducible and resumable.  The spawn keys are those ``SeedSequence(seed).spawn`` would give:
``(0, point, replicate)`` for independent streams, ``(2, replicate)`` when every design point
shares the replicate's stream (common random numbers), ``(1,)`` for the design's own sampling.
"""

from __future__ import annotations

import numpy as np

RUNS, DESIGN, COMMON = 0, 1, 2


def seed_int(seq: np.random.SeedSequence) -> int:
    """A 63-bit integer drawn from a seed sequence (what a scenario's ``seed`` accepts).

    Args:
        seq: the seed sequence of one run (or of a design's sampling).

    Returns:
        The sequence's first 64-bit word shifted right by one, so it fits a signed 64-bit integer.
    """
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def run_seed(experiment_seed: int, point: int, replicate: int, seeding: str = "independent") -> int:
    """The seed of one run.

    Args:
        experiment_seed: the experiment's root seed.
        point: the design point's index.
        replicate: the replicate's index (0-based).
        seeding: ``"independent"`` (a stream per run) or ``"common"`` (replicate r uses the same
            stream at every design point: common random numbers for paired comparisons).
    """
    key = (COMMON, replicate) if seeding == "common" else (RUNS, point, replicate)
    return seed_int(np.random.SeedSequence(experiment_seed, spawn_key=key))


def design_seed(experiment_seed: int) -> int:
    """The seed for drawing a sampled design (LHS, Morris, Sobol scrambling)."""
    return seed_int(np.random.SeedSequence(experiment_seed, spawn_key=(DESIGN,)))
