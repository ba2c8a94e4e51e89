"""需求導向 projects (sim/core/projects.py): what project money buys under each allocation.

Hand computations on the tiny city (tests/tiny_city.py: community 0 holds compound 0 with a firm
and compound 1 without, community 1 holds compound 2 with a firm), then the allocations compared
on the baseline city with the same funding, then what the demand-driven allocation costs.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_levers import clearly_greater
from tiny_city import DOMAINS, tiny_city, tiny_scenario

from sim import GovernanceModel
from sim.core.costs import funded_share
from sim.core.projects import Projects

ORGS = np.array([3.0, 1.0])
"""Social organisations in communities 0 and 1."""
NEEDS = np.array([[0.2, 0.1, 0.1, 0.1, 0.3, 0.2], [0.1, 0.1, 0.1, 0.4, 0.2, 0.1]])
"""Residents' mean needs per community and domain (the survey's truth)."""
AGENCY = np.array([0.05, 0.1, 0.25, 0.35, 0.05, 0.2])
"""The departments' priorities (the default supply.agency_priorities, as shares)."""
ENVIRONMENT = DOMAINS.index("environment")


def allocated(allocation: str, cases: tuple = ((), ()), **overrides) -> tuple[Projects, object]:
    """Projects of the tiny city with funding 1, after counting ``cases`` (compounds, domains)."""
    scenario = tiny_scenario(social__funding=1.0, projects__allocation=allocation, **overrides)
    projects = Projects(scenario, tiny_city(scenario))
    projects.raised(np.array(cases[0], dtype=np.int64), np.array(cases[1], dtype=np.int64))
    sensed = NEEDS / NEEDS.sum(axis=1, keepdims=True)
    projects.allocate(ORGS, NEEDS, sensed, AGENCY)
    return projects, scenario


def test_funded_hours_leave_the_community_hours_for_the_projects():
    projects, scenario = allocated("demand")
    share = funded_share(1.0)
    np.testing.assert_allclose(projects.unfunded(ORGS), ORGS * (1 - share))
    np.testing.assert_allclose(projects.hours, ORGS * share * scenario.social.org_hours)
    assert projects.hours.sum() / scenario.social.org_hours + projects.unfunded(ORGS).sum() == pytest.approx(4.0)


def test_a_community_whose_cases_are_all_in_one_domain_gets_its_projects_there():
    """Community 0 raised only environment cases: with the case record alone its projects are all
    environment; with the default weight half are, plus the survey's share of the rest."""
    cases = ([0, 0, 1, 1, 1], [ENVIRONMENT] * 5)
    alone, _ = allocated("demand", cases, projects__case_weight=1.0)
    np.testing.assert_allclose(alone.shares[0], np.eye(len(DOMAINS))[ENVIRONMENT])
    mixed, scenario = allocated("demand", cases)
    sensed = NEEDS[0] / NEEDS[0].sum()
    np.testing.assert_allclose(mixed.shares[0], 0.5 * np.eye(len(DOMAINS))[ENVIRONMENT] + 0.5 * sensed)
    # No case in community 1: its application follows the survey alone, so nothing is mismatched.
    np.testing.assert_allclose(mixed.shares[1], NEEDS[1] / NEEDS[1].sum())
    assert mixed.mismatch == pytest.approx(0.0, abs=1e-12)
    # Its services relieve need only in that domain, for every resident of the community.
    relief = alone.relief(np.zeros((len(DOMAINS), 2)))
    per_resident = scenario.supply.efficiency * alone.hours[0] / (30 / 1000)
    np.testing.assert_allclose(relief[ENVIRONMENT, :2], per_resident)
    assert relief[np.arange(len(DOMAINS)) != ENVIRONMENT, :2].sum() == 0


def test_administrative_allocation_follows_departments_whatever_was_asked():
    projects, _ = allocated("administrative", ([0, 1], [0, 0]))
    np.testing.assert_allclose(projects.shares, np.tile(AGENCY, (2, 1)))
    asked = 0.5 * np.eye(len(DOMAINS))[0] + 0.5 * NEEDS[0] / NEEDS[0].sum()
    mismatch_0 = 1 - np.minimum(AGENCY, asked).sum()
    mismatch_1 = 1 - np.minimum(AGENCY, NEEDS[1] / NEEDS[1].sum()).sum()
    assert projects.mismatch == pytest.approx((3 * mismatch_0 + 1 * mismatch_1) / 4)


def test_market_allocation_serves_only_the_compounds_with_a_firm_in_the_firms_domains():
    projects, scenario = allocated("market")
    base = np.full((len(DOMAINS), 2), 0.001)
    relief = projects.relief(base)
    np.testing.assert_allclose(relief[:, 1], 0.001)  # compound 1 has no firm: the services alone
    sold = [DOMAINS.index(d) for d in ("housing", "environment", "safety")]
    paying = {0: (0, 12), 2: (1, 10)}  # compound → (its community, residents who pay)
    for compound, (community, residents) in paying.items():
        extra = relief[:, compound] - 0.001
        expected = scenario.supply.efficiency * projects.hours[community] / 3 / (residents / 1000)
        np.testing.assert_allclose(extra[sold], expected)
        assert np.delete(extra, sold).max() == pytest.approx(0.0, abs=1e-12)


def summaries(allocation: str, seeds=range(3)) -> list[dict]:
    """Baseline runs (one year) with a strong project programme allocated by ``allocation``."""
    runs = []
    for seed in seeds:
        model = GovernanceModel("baseline", rng=seed, steps=365, social__funding=1.0,
                                projects__allocation=allocation)
        for _ in range(365):
            model.step()
        runs.append(model.summary())
    return runs


@pytest.mark.slow
def test_demand_driven_projects_match_what_was_asked_better_than_departments_or_firms():
    """Same funding on the baseline city: 需求導向 spends fewer project hours on domains residents
    did not ask for than 行政依賴 and 市場依賴.  It no longer leaves residents more satisfied: the
    hours relieve need at an hour of case work's rate, much of it where needs sit at the cap (ODD 7.10b)."""
    runs = {allocation: summaries(allocation) for allocation in ("administrative", "market", "demand")}
    mismatch = {a: np.array([r["project_mismatch"] for r in rs]) for a, rs in runs.items()}
    assert clearly_greater(mismatch["administrative"], mismatch["demand"])
    assert clearly_greater(mismatch["market"], mismatch["demand"])


def test_demand_driven_allocation_costs_the_application_hours_of_each_funded_organisation():
    """From a reform on day 0: hours = project_application_hours a year × funded organisations,
    valued at the community worker's hourly cost; the other allocations cost nothing."""
    days = 60
    model = GovernanceModel("classroom", rng=4, steps=days, warmup_days=0, social__funding=1.0,
                            reforms=[{"day": 0, "set": {"projects.allocation": "demand"}}])
    unit, expected = model.config.costs, 0.0
    for _ in range(days):
        expected += unit.project_application_hours / 365 * funded_share(1.0) * float(model.society.orgs.sum())
        model.step()
    item = model.summary()["by_year"]["2019"]["reform_cost"]["by_lever"]["projects.allocation"]
    assert item["staff_hours"] > 0
    assert item["staff_hours"] == pytest.approx(expected, rel=1e-9)
    assert item["yuan"] == pytest.approx(expected * unit.community_worker_yuan_per_hour, rel=1e-9)
    market = GovernanceModel("classroom", rng=4, steps=days, warmup_days=0, social__funding=1.0,
                             reforms=[{"day": 0, "set": {"projects.allocation": "market"}}])
    for _ in range(days):
        market.step()
    assert market.summary()["reform_cost"]["by_lever"]["projects.allocation"]["yuan"] == 0.0
