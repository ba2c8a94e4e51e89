"""戰區制 (``command.redeploy``): department staff sent to the communities of a street that calls for them.

Under command zones a street whose own units cannot keep up calls in the district's departments.
A street calls when the work queued at its compounds, communities and the street itself is more
than ``command.redeploy_queue_days`` days of their own hours (or during an epidemic wave, when the
whole city is a command zone).  Each department then sends ``command.redeploy`` of its hours in
proportion to the share of its district's residents who live in calling streets; the hours go to
those streets' communities by their residents and leave the departments for the day.
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.issues import IssueBook
from sim.scenario import Scenario


class CommandZones:
    """Which streets call in the departments today, and the hours the departments send.

    Args:
        config: the scenario (``command.redeploy``, ``command.redeploy_queue_days``).
        city: the built city.

    Attributes:
        sent_hours: department hours redeployed on the last day computed.
    """

    def __init__(self, config: Scenario, city: City):
        """Map every handler below the departments to its street."""
        self.config, self.city = config, city
        self.handler_street = np.concatenate([
            city.compound_street, city.community_street, np.arange(city.n_streets),
            np.full(city.n_handlers - city.dept_base, -1)]).astype(np.int64)
        self.sent_hours = 0.0

    def calls(self, book: IssueBook, base_hours: np.ndarray, shock: bool) -> np.ndarray:
        """Whether each street calls in the departments today.

        Args:
            book: the open issues.
            base_hours: every handler's base hours for issues on a working day.
            shock: whether a shock is on (an epidemic wave or a disaster: every street calls).

        Returns:
            A boolean per street (all false when ``command.redeploy`` is 0).
        """
        city, command = self.city, self.config.command
        if command.redeploy <= 0:
            return np.zeros(city.n_streets, bool)
        if shock:
            return np.ones(city.n_streets, bool)
        street = self.handler_street[book.cols["handler"]]
        below = street >= 0
        queued = np.bincount(street[below], book.cols["effort_left"][below].astype(np.float64),
                             minlength=city.n_streets)
        own = self.handler_street >= 0
        hours = np.bincount(self.handler_street[own], base_hours[own], minlength=city.n_streets)
        return queued > command.redeploy_queue_days * np.maximum(hours, 1e-9)

    def send(self, cap: np.ndarray, calls: np.ndarray) -> np.ndarray:
        """Departments send hours to the calling streets' communities (``cap`` changes in place).

        Args:
            cap: hours per handler today; the departments' part is reduced.
            calls: whether each street calls (from :meth:`calls`).

        Returns:
            Hours each community receives.
        """
        city, share_sent = self.city, self.config.command.redeploy
        received = np.zeros(city.n_communities)
        self.sent_hours = 0.0
        if share_sent <= 0 or not calls.any():
            return received
        db, cdb = city.dept_base, city.city_dept_base  # the districts' departments (the city's stay)
        calling = calls[city.community_street]
        comm_district = city.street_district[city.community_street]
        called_res = np.bincount(comm_district, np.where(calling, city.community_residents, 0),
                                 minlength=city.n_districts)
        called_share = called_res / np.maximum(city.district_residents, 1)
        sent = share_sent * cap[db:cdb] * np.repeat(called_share, city.n_dept_kinds)
        cap[db:cdb] -= sent
        by_district = sent.reshape(city.n_districts, city.n_dept_kinds).sum(axis=1)
        received = np.where(calling, by_district[comm_district] * city.community_residents
                            / np.maximum(called_res[comm_district], 1), 0.0)
        self.sent_hours = float(sent.sum())
        return received
