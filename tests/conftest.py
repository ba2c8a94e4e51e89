"""Shared helpers for the tests."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from sim import GovernanceModel


def pytest_collection_modifyitems(config, items) -> None:
    """Put the tests marked ``slow`` first, each group in its collected order.

    ``make test`` shares the suite between two xdist workers; a long test begun near the end
    keeps one of them busy while the other has nothing left to do.  Begun first, the long tests
    run while the short ones fill in around them, and the two workers finish together.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def run_model(scenario="classroom", steps=120, seed=1, **overrides) -> GovernanceModel:
    """A model run for ``steps`` days."""
    model = GovernanceModel(scenario, rng=seed, **overrides)
    for _ in range(steps):
        model.step()
    return model


def replicate(outcome, overrides: dict, seeds=range(5), steps=120, scenario="classroom"):
    """An outcome (a function of the finished model) over several seeds, as an array.

    Given a tuple of functions, each run is read by all of them: an array with one row per
    function (so ``a, b = replicate((f, g), ...)``), from one run per seed.
    """
    if isinstance(outcome, tuple):
        runs = [run_model(scenario, steps, seed, **overrides) for seed in seeds]
        return np.array([[read(model) for model in runs] for read in outcome], dtype=float)
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
