"""The needs' history (sim/core/need_history.py): needs start at their own points of their cycles,
so a city with no reform raises as many requests in its second year as in its first."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from sim import GovernanceModel
from sim.core.need_history import live_history


def yearly_requests(**overrides) -> list[float]:
    """Requests per 1,000 residents in each of the classroom city's two years (no reform)."""
    model = GovernanceModel("classroom", rng=1, steps=730, **overrides)
    for _ in range(730):
        model.step()
    return [year["requests_per_1000"] for year in model.summary()["by_year"].values()]


def test_without_a_history_needs_start_as_drawn():
    model = GovernanceModel("classroom", rng=1, warmup_days=0, residents__history_years=0)
    assert model.residents.needs.mean() == pytest.approx(model.config.residents.initial_need, abs=0.005)


@pytest.mark.slow
def test_with_a_history_the_requests_of_a_city_without_reform_stay_level():
    # Measured (classroom, seed 1): 599 / 594 per 1,000 with the history, 336 / 444 without it.
    first, second = yearly_requests()
    assert abs(second / first - 1) < 0.08
    first, second = yearly_requests(residents__history_years=0)
    assert second / first > 1.2  # needs started together climb in step: why the history is there


def test_the_history_does_not_depend_on_the_threads():
    model = GovernanceModel("classroom", rng=3, warmup_days=0)  # lived its history: live twelve more years
    table = model.residents
    table.slices = [slice(i, min(i + 700, table.n)) for i in range(0, table.n, 700)]  # several chunks
    start = table.needs.copy()
    live_history(table, model.city_seed)
    alone = table.needs.copy()
    table.needs[:] = start
    table._pool = ThreadPoolExecutor(2)
    try:
        live_history(table, model.city_seed)
    finally:
        table._pool.shutdown()
        table._pool = None
    assert (table.needs == alone).all()
    assert not (alone == start).all()  # the history moved them


def test_replicates_share_the_history_and_another_city_has_its_own():
    quiet = {"warmup_days": 0, "supply__sensing": 0.0}  # no survey noise: the same services
    a, b = (GovernanceModel("classroom", rng=seed, **quiet).residents.needs for seed in (1, 2))
    c = GovernanceModel("classroom", rng=1, city__seed=99, **quiet).residents.needs
    assert (a == b).all()
    assert not np.array_equal(a, c)
