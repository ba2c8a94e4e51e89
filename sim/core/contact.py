"""接訴即辦 · 先行聯繫: hotline residents called back by the first unit their case reaches.

Under Beijing's 接訴即辦 the unit a hotline request is dispatched to answers the resident within
the response time limit (響應), whether or not it holds the power to settle the matter: it calls
the resident, learns the request and tells them who will handle it.  The hotline's response rate
counts that answer, not the day someone with the power signs for the case.

The lever ``command.first_contact`` is the chance that a unit of community level or above, at its
first look at a hotline case nobody has answered yet, calls the resident back.  Each call costs
``command.contact_hours`` of that unit's hours today (taken with its triage hours, so from its
case work).  A case is *responded to* on the first day it was either called back or taken up by a
handler with the power (:meth:`~sim.core.routing.IssueRouting.triage`), and *in time* if that day is
within ``issues.response_days`` working days of its raising (:meth:`~sim.core.cases.CaseRecord.responded`).
Without the lever (0) a case is responded to exactly when it is taken up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.cases import hotline_case
from sim.core.issues import NOT_YET, IssueBook
from sim.core.levels import COMMUNITY
from sim.core.looks import Looks


@dataclass
class Responses:
    """The hotline's residents answered in today's triage.

    Attributes:
        rows: rows of the open issues first responded to today (called back or taken up).
        handler: the unit that answered each (the caller, or the handler that took it up).
        called: the handler of each call made today (one entry per call, for its hours).
    """

    rows: np.ndarray
    handler: np.ndarray
    called: np.ndarray


def first_contacts(chance: float, channel: np.ndarray, level: np.ndarray, answered: np.ndarray,
                   rng: np.random.Generator) -> np.ndarray:
    """Which of the looked-at cases their unit calls back today (先行聯繫).

    Args:
        chance: ``command.first_contact``.
        channel: each looked-at case's channel.
        level: the level of the unit looking at each.
        answered: whether each case was responded to before today.
        rng: the model's generator (one draw per case looked at, only when 0 < chance < 1 and
            some case is due a call).

    Returns:
        A mask over the looked-at cases: called back today.
    """
    if chance <= 0.0:
        return np.zeros(len(channel), dtype=bool)
    due = hotline_case(channel) & (level >= COMMUNITY) & ~answered
    if chance < 1.0 and due.any():
        due &= rng.random(len(channel)) < chance
    return due


NO_RESPONSES = Responses(*(np.empty(0, dtype=np.int64),) * 3)
"""No resident answered (before the first triage)."""


def respond(book: IssueBook, looks: Looks, taken: np.ndarray, day: int, chance: float,
            rng: np.random.Generator) -> Responses:
    """Record today's answers: the calls back, then the cases taken up not answered before.

    Args:
        book: the open issues.
        looks: today's looks (:class:`~sim.core.looks.Looks`: the rows looked at, the unit that
            looked at each before today's moves, and its level).
        taken: rows first taken up today (by a handler with the power, or summoned).
        day: today.
        chance: ``command.first_contact``.
        rng: the model's generator.

    Returns:
        Today's responses.
    """
    c, looked = book.cols, looks.idx
    call = first_contacts(chance, c["channel"][looked], looks.level, c["responded"][looked] != NOT_YET, rng)
    called, caller = looked[call], looks.handler[call]
    c["responded"][called] = day
    signed = taken[c["responded"][taken] == NOT_YET]
    c["responded"][signed] = day
    return Responses(np.concatenate([called, signed]), np.concatenate([caller, c["handler"][signed]]), caller)
