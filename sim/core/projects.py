"""Project funding (項目制) as services chosen by an allocation rule: 需求導向 vs 行政依賴 / 市場依賴.

The social organisations born of project funding (the share ``funding / (0.1 + funding)`` of a
community's organisations, :func:`~sim.core.costs.funded_share`) work on their projects instead of
adding general community hours: each gives ``social.org_hours`` a day of services in the domains
its project was funded for, and a service hour relieves need as a proactive service hour does
(``supply.efficiency`` per hour per 1,000 residents served).  At every survey (大調研) the projects
are re-allocated by ``projects.allocation``:

* ``demand`` (社區需求導向): each community applies in the domains its residents asked for — its
  cases raised by domain since the last survey (weight ``projects.case_weight``) and the survey's
  sensed needs (the rest; as noisy as ``supply.sensing`` makes them) — and its services reach all
  its residents.
* ``administrative`` (行政依賴): the departments choose the domains by their own priorities
  (``supply.agency_priorities``, the same ranking 代理主義 aims services by), whatever was asked.
* ``market`` (市場依賴): the money buys property firms' services (``projects.firm_domains``),
  which reach only the residents of the compounds a firm manages (those who pay the fee); a
  community with no such compound gets no service for its project's hours.

``project_mismatch`` is the share of project hours not spent on what residents asked for: one
less the hours-weighted overlap Σ_d min(funded share, asked share), where the asked shares mix the
community's cases by domain and its residents' true mean needs with the same ``case_weight``.
"""

from __future__ import annotations

import numpy as np

from sim.core.city import City
from sim.core.costs import funded_share
from sim.scenario import Scenario


def _shares(table: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each row of ``table`` as shares of its sum; a row summing to 0 takes ``fallback``'s row."""
    total = table.sum(axis=1, keepdims=True)
    return np.where(total > 0, table / np.maximum(total, 1e-12), fallback)


class Projects:
    """Each community's funded project hours, the domains they serve and whom they reach.

    Args:
        config: the scenario (``projects``, ``social``, ``supply``, ``domains``).
        city: the built city.

    Attributes:
        hours: funded project hours a day per community, at the last allocation.
        shares: the domain shares they were allocated to, shape (communities, domains).
        asked: what residents asked for, as domain shares, shape (communities, domains).
        mismatch: ``project_mismatch`` at the last allocation (NaN with no project hours).
    """

    def __init__(self, config: Scenario, city: City):
        """Start with no project allocated and no case counted."""
        self.config, self.city = config, city
        n_domains = len(config.domains)
        self.cases = np.zeros((city.n_communities, n_domains))
        """Cases raised per community and domain since the last allocation."""
        self.hours = np.zeros(city.n_communities)
        self.shares = np.zeros((city.n_communities, n_domains))
        self.asked = np.zeros((city.n_communities, n_domains))
        self.mismatch = float("nan")
        paying = np.where(city.compound_has_firm, city.compound_residents, 0)
        self._paying = np.bincount(city.compound_community, paying, minlength=city.n_communities)
        """Residents of compounds with a property firm, per community (市場依賴 reaches only them)."""

    def unfunded(self, orgs: np.ndarray) -> np.ndarray:
        """The organisations not born of project funding, whose hours stay with the community."""
        return orgs * (1.0 - funded_share(self.config.social.funding))

    def raised(self, compound: np.ndarray, domain: np.ndarray) -> None:
        """Count today's cases by community and domain (the case record an application cites)."""
        n_domains = self.cases.shape[1]
        where = self.city.compound_community[compound] * n_domains + domain
        self.cases += np.bincount(where, minlength=self.cases.size).reshape(self.cases.shape)

    def allocate(self, orgs: np.ndarray, need_means: np.ndarray, sensed: np.ndarray,
                 agency: np.ndarray) -> None:
        """Allocate the projects for the coming period, and start counting cases afresh.

        Args:
            orgs: social organisations per community.
            need_means: residents' true mean need per community and domain.
            sensed: the survey's sensed need shares per community and domain.
            agency: the departments' priorities over the domains, as shares.
        """
        projects = self.config.projects
        weight = projects.case_weight
        need_share = _shares(need_means, np.full(need_means.shape, 1.0 / need_means.shape[1]))
        self.asked = weight * _shares(self.cases, need_share) + (1 - weight) * need_share
        self.hours = (orgs - self.unfunded(orgs)) * self.config.social.org_hours
        if projects.allocation == "demand":
            self.shares = weight * _shares(self.cases, sensed) + (1 - weight) * sensed
        elif projects.allocation == "administrative":
            self.shares = np.tile(agency, (len(orgs), 1))
        else:
            firm = np.array([projects.firm_domains.get(d, 0.0) for d in self.config.domains])
            menu = firm / firm.sum() if firm.sum() > 0 else np.full(len(firm), 1.0 / len(firm))
            self.shares = np.where((self._paying > 0)[:, None], menu, 0.0)
        self.cases[:] = 0.0
        total = float(self.hours.sum())
        matched = float((self.hours * np.minimum(self.shares, self.asked).sum(axis=1)).sum())
        self.mismatch = 1.0 - matched / total if total > 0 else float("nan")

    def relief(self, community_relief: np.ndarray) -> np.ndarray:
        """Need relieved a day per resident of each compound: the services plus the projects'.

        Args:
            community_relief: the proactive services' relief per resident, (domains, communities).

        Returns:
            Relief per resident, shape (domains, compounds).
        """
        city = self.city
        market = self.config.projects.allocation == "market"
        served = self._paying if market else city.community_residents
        per_1000 = self.config.supply.efficiency * self.hours / np.maximum(served / 1000.0, 1e-9)
        project = (per_1000[:, None] * self.shares).T[:, city.compound_community]
        if market:
            project = np.where(city.compound_has_firm, project, 0.0)
        return community_relief[:, city.compound_community] + project
