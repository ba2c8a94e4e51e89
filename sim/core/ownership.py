"""權責清單 (lists of powers and duties): who owns which issues, and what unclear lists do to them.

Each department kind owns issues by domain and kind (the scenario's ``departments`` table).
With the lists' clarity (``power.list_clarity``) an intake or a department knows an issue's
true owner; otherwise it guesses by the ownership weights (:meth:`Ownership.choose_department`).
Unclear lists also misroute issues at intake (:meth:`Ownership.misroute`, between the districts'
and the city's departments too: the lists run at three levels, city, district and street, and one
clarity reads them all) and let departments pass issues whose duties overlap sideways
(推諉: :meth:`Ownership.bounce_chance`, :meth:`Ownership.forward`), less readily when the
monthly ranking presses them (:attr:`Ownership.pass_factor`, :mod:`sim.core.evaluation`).
"""

from __future__ import annotations

import numpy as np

from sim.core.handlers import HandlerIndex
from sim.core.issues import BOUNCE, IssueBook
from sim.core.levels import CITY, COMPOUND
from sim.core.sampling import GroupedChoice, lowest_bit, weighted_pick
from sim.scenario import ISSUE_KINDS, Scenario

STEP_OFF = np.array([-1, 1])
"""A misrouted issue lands one level below or above the right one."""


def owner_of(depts: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """The department kind answerable for each case: its true owner while its part is still to do.

    Once the owner's part of a cross-departmental case is done (handed on), the lowest-numbered
    department still involved answers for the rest, as the hand-off sends it there.

    Args:
        depts: the involved department kinds of each case (bit mask, never empty).
        primary: the department kind that truly owns each.

    Returns:
        The answerable department kind of each case.
    """
    own = (depts >> primary.astype(np.uint32)) & 1 == 1
    return np.where(own, primary, lowest_bit(depts))


class Ownership:
    """The departments' ownership of issues and the rules of the lists (權責清單).

    Args:
        config: the scenario (``departments``, ``domains``, ``power``).
        handlers: the handler index of the city.
        rng: the model's generator.

    Attributes:
        weights: how much each department kind owns issues of each domain and kind, shape
            (domains, kinds, department kinds).
        overlap: how far duties overlap for each domain and kind (0 one owner … near 1 many).
        owner_choice: draws a department kind by ownership, per (domain × kind) row.
        pass_factor: per handler, the factor on its chances of passing cases on (bouncing, pushing
            down); the monthly ranking sets it (:mod:`sim.core.evaluation`), 1 until then.
    """

    def __init__(self, config: Scenario, handlers: HandlerIndex, rng: np.random.Generator):
        """Combine the departments' domain and kind weights into ownership weights and overlaps."""
        self.config = config
        self.handlers = handlers
        self.rng = rng
        domains = list(config.domains)
        depts = list(config.departments.values())
        dom_w = np.array([[dp.domains.get(d, 0.0) for dp in depts] for d in domains])
        kind_w = np.array([[dp.kinds.get(k, 0.0) for dp in depts] for k in ISSUE_KINDS])
        self.weights = dom_w[:, None, :] * kind_w[None, :, :]
        total = self.weights.sum(axis=2)
        self.overlap = np.where(total > 0, 1 - self.weights.max(axis=2) / np.maximum(total, 1e-12),
                                0.0)
        self.owner_choice = GroupedChoice(self.weights.reshape(-1, len(depts)))
        self.pass_factor = np.ones(handlers.n_handlers)

    @staticmethod
    def owner_group(domain, kind) -> np.ndarray:
        """Row of the (domain × kind) ownership table for each issue.

        Args:
            domain: the issues' domains.
            kind: the issues' kinds.

        Returns:
            The row of each issue.
        """
        return domain.astype(np.int64) * len(ISSUE_KINDS) + kind

    def choose_department(self, domain, kind, primary, exclude=None, group=None) -> np.ndarray:
        """權責清單: the department kind an issue is sent to.

        It is the true owner with the lists' clarity (``power.list_clarity``), else a guess.  A guess
        follows the ownership weights of the issue's domain and kind, so it lands on a department
        that plausibly owns it, often not the one that truly does.

        Args:
            domain: the issues' domains.
            kind: the issues' kinds.
            primary: the department kind that truly owns each.
            exclude: the department kind passing each issue on (never chosen again), if any.
            group: the issues' ownership rows, if already at hand (see :meth:`owner_group`).

        Returns:
            The department kind chosen for each issue.
        """
        n = len(domain)
        if exclude is None:
            group = self.owner_group(domain, kind) if group is None else group
            empty = self.owner_choice.empty[group]
            guess = np.where(empty, primary, self.owner_choice.draw(group, self.rng))
        else:
            weights = self.weights[domain, kind]
            weights[np.arange(n), exclude] = 0.0
            pick, has = weighted_pick(weights, self.rng)
            guess = np.where(has, pick, primary)
        knows = self.rng.random(n) < self.config.power.list_clarity
        target = np.where(knows, primary, guess)
        if exclude is not None:
            target = np.where(target == exclude, guess, target)
        return target

    def misroute(self, level: np.ndarray, network: np.ndarray) -> None:
        """權責清單 at intake: under unclear lists the one network sends some issues one level too low or high.

        The share misrouted is ``power.misroute_rate``; ``level`` is changed in place.  A district
        department's case may land at the city department and a city case at the district's.

        Args:
            level: the level each new issue needs (changed where misrouted).
            network: which of them the one network routes.
        """
        power = self.config.power
        wrong = (network & (self.rng.random(len(level)) < (1 - power.list_clarity)
                            * power.misroute_rate)).nonzero()[0]
        if len(wrong):
            level[wrong] = np.clip(level[wrong] + STEP_OFF[self.rng.integers(0, 2, len(wrong))],
                                   COMPOUND, CITY)

    def bounce_chance(self, domain, kind, handler) -> np.ndarray:
        """權責清單: chance that a department passes an issue it is involved in sideways (推諉).

        The chance is higher where duties overlap and the lists are unclear, and lower for a
        department the hotline's ranking presses (:attr:`pass_factor`).

        Args:
            domain: the issues' domains.
            kind: the issues' kinds.
            handler: the department looking at each.

        Returns:
            The chance for each issue.
        """
        power = self.config.power
        return ((1 - power.list_clarity) * power.bounce_rate * self.overlap[domain, kind]
                * self.pass_factor[handler])

    def forward(self, book: IssueBook, idx, exclude) -> tuple:
        """權責清單: where issues passed sideways by the department kinds ``exclude`` go (a bounce).

        The target is chosen as at intake (:meth:`choose_department`, never the passing
        department); a department that knows the lists forwards to another one actually involved.
        The pass that brings a case's passes between departments to ``issues.dispatch_limit``
        assigns it to the department answerable for it (:func:`owner_of`; Tianjin's owner after
        the third dispatch), which must then keep it.

        Args:
            book: the open issues.
            idx: rows of the issues passed on.
            exclude: the department kind passing each one.

        Returns:
            The move: (rows, target handlers, delay, ``BOUNCE``).
        """
        c = book.cols
        target_kind = self.choose_department(c["domain"][idx], c["kind"][idx], c["primary"][idx],
                                             exclude=exclude)
        others = c["depts"][idx] & ~(1 << exclude.astype(np.uint32)).astype(np.uint32)
        knows = self.rng.random(len(idx)) < self.config.power.list_clarity
        fix = (knows & ((others >> target_kind.astype(np.uint32)) & 1 == 0) & (others > 0)
               ).nonzero()[0]
        if len(fix):
            target_kind[fix] = lowest_bit(others[fix])
        assigned = c["bounces"][idx] + 1 >= self.config.issues.dispatch_limit
        target_kind = np.where(assigned, owner_of(c["depts"][idx], c["primary"][idx]), target_kind)
        target = self.handlers.department_of(c["compound"][idx], target_kind)
        return idx, target, self.handlers.delay(self.config.issues.bounce_days, len(idx)), BOUNCE
