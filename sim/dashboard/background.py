"""Work in a background thread per browser session, reported through a reactive state.

A new thread started while a session is being served inherits that session's context (Solara
arranges this), so the thread's updates reach only that session's page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import solara

from sim.scenario import ScenarioError

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


@dataclass(frozen=True)
class JobState:
    """Where a background job is: idle, running, done, cancelled or error, with its progress."""

    status: str = "idle"
    done: int = 0
    total: int = 0
    result: Any = None
    error: str | None = None
    cancel: threading.Event | None = None

    @property
    def running(self) -> bool:
        """Whether the job is still working."""
        return self.status == "running"


def start_job(state: solara.Reactive[JobState], work: Work) -> threading.Thread:
    """Run ``work(progress, should_stop)`` in a new thread, cancelling the job it replaces."""
    cancel_job(state)
    cancel = threading.Event()
    state.value = JobState("running", cancel=cancel)

    def current() -> bool:
        return state.value.cancel is cancel

    def progress(done: int, total: int) -> None:
        if current() and not cancel.is_set():
            state.value = replace(state.value, done=done, total=total)

    def target() -> None:
        try:
            result = work(progress, cancel.is_set)
        except ScenarioError as err:
            outcome = JobState("error", error=str(err))
        except Exception as err:  # shown on the page; the server keeps serving
            outcome = JobState("error", error=f"{type(err).__name__}: {err}")
        else:
            outcome = JobState(
                "cancelled" if cancel.is_set() else "done",
                result=result,
                done=state.value.done,
                total=state.value.total,
            )
        if current():
            state.value = outcome

    thread = threading.Thread(target=target, daemon=True, name="dashboard-job")
    thread.start()
    return thread


def cancel_job(state: solara.Reactive[JobState]) -> None:
    """Ask the session's running job (if any) to stop after its current run."""
    old = state.value
    if old.running and old.cancel is not None:
        old.cancel.set()
        state.value = JobState("cancelled", done=old.done, total=old.total)
