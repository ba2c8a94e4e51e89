"""Shared helpers for the tests."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from sim import GovernanceModel


def run_model(scenario="classroom", steps=120, seed=1, **overrides) -> GovernanceModel:
    """A model run for ``steps`` days."""
    model = GovernanceModel(scenario, rng=seed, **overrides)
    for _ in range(steps):
        model.step()
    return model


def replicate(outcome, overrides: dict, seeds=range(5), steps=120, scenario="classroom"):
    """An outcome (a function of the finished model) over several seeds, as an array."""
    return np.array([outcome(run_model(scenario, steps, seed, **overrides)) for seed in seeds],
                    dtype=float)


@pytest.fixture(scope="session")
def classroom_year() -> GovernanceModel:
    """The classroom preset run for a whole year (shared; do not mutate)."""
    return run_model("classroom", steps=365, seed=20191)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
