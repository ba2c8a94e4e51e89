"""A fresh dashboard session for each test of the dashboard's pages (tests share one process)."""

from __future__ import annotations

import pytest
import solara

from sim.dashboard import i18n, state
from sim.dashboard.pages import explore


def reset_reactives() -> None:
    """Set every session value of the dashboard back to its default."""
    for module in (state, i18n, explore):
        for value in vars(module).values():
            if isinstance(value, solara.Reactive):
                value.value = value._storage.default_value


@pytest.fixture(autouse=True)
def fresh_session():
    """Each test starts like a new browser session: no live run, every session value at its default."""
    explore.stop()
    reset_reactives()
    yield
    explore.stop()
    reset_reactives()
