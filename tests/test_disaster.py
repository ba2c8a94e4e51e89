"""The disaster shock (``shocks.disaster``): where it hits, what it does there, and how the city recovers."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_model

from sim import GovernanceModel
from sim.core.disaster import hit_compounds
from sim.scenario import ScenarioError, load_scenario

START, STEPS = 40, 110
FLOOD = {"shocks__disaster__enabled": True, "shocks__disaster__start": START}
DAMAGED = ["housing", "safety", "environment"]


def in_area(model, compound) -> np.ndarray:
    """Whether each compound lies in the model's hit area."""
    area = model.disaster.compounds
    return (compound >= area.start) & (compound < area.stop)


def raised_per_resident(model, first: int, last: int) -> tuple[float, float]:
    """Issues raised from day ``first`` to ``last`` (excluded) per resident: (hit area, elsewhere)."""
    table = model.issue_table()
    when = (table["raised"] >= first) & (table["raised"] < last)
    hit = in_area(model, table["compound"].to_numpy())
    rows = model.disaster.residents
    n_hit = rows.stop - rows.start
    return (float((when & hit).sum()) / n_hit,
            float((when & ~hit).sum()) / (model.city.n_residents - n_hit))


def raised_over_seeds(seeds) -> tuple[tuple[float, float], tuple[float, float]]:
    """Issues raised per resident over the emergency and the recovery (37 days from the flood),
    summed over ``seeds``: ((hit area, elsewhere) with the flood, (hit area, elsewhere) without)."""
    totals = np.zeros((2, 2))
    for seed in seeds:
        for arm, overrides in enumerate((FLOOD, {})):
            model = GovernanceModel("baseline", rng=seed, **overrides)
            for _ in range(START + 37):
                model.step()
            totals[arm] += raised_per_resident(model, START, START + 37)
    return (totals[0, 0], totals[0, 1]), (totals[1, 0], totals[1, 1])


def test_hit_area_is_a_run_of_neighbouring_compounds_fixed_by_the_city():
    a = GovernanceModel("classroom", rng=1, warmup_days=0, **FLOOD)
    b = GovernanceModel("classroom", rng=2, warmup_days=0, **FLOOD)
    assert a.disaster.compounds == b.disaster.compounds  # replicates share the hit area
    area, sizes = a.disaster.compounds, a.city.compound_residents
    held = sizes[area].sum() / sizes.sum()
    assert held >= 0.2 and sizes[area.start:area.stop - 1].sum() / sizes.sum() < 0.2
    # Neighbours: the hit compounds belong to consecutive communities.
    communities = np.unique(a.city.compound_community[area])
    assert np.array_equal(communities, np.arange(communities[0], communities[-1] + 1))
    others = {(area.start, area.stop) for area in (hit_compounds(a.city, 0.2, seed) for seed in range(20))}
    assert len(others) > 1  # another city seed can put it elsewhere
    assert hit_compounds(a.city, 1.0, 7) == slice(0, a.city.n_compounds)


FORTNIGHT = START + 14
"""A week after the water went."""


@pytest.fixture(scope="module")
def pair():
    """The baseline city (10,000 residents) with and without a flood on day 40, same seed.

    Volunteers are not mobilised.  Each model keeps its residents' needs at the end of
    :data:`FORTNIGHT` as ``needs_then``.
    """
    models = GovernanceModel("baseline", rng=5, **FLOOD), GovernanceModel("baseline", rng=5)
    for model in models:
        for _ in range(STEPS):
            model.step()
            if model.day == FORTNIGHT:
                model.needs_then = model.residents.needs.copy()
    return models


def test_needs_and_issues_rise_in_the_hit_area_and_not_elsewhere(pair):
    flood, calm = pair
    rows = flood.disaster.residents
    damaged = [flood.residents.domains.index(d) for d in DAMAGED]
    hit = np.zeros(flood.city.n_residents, bool)
    hit[rows] = True
    # A fortnight after the flood, needs in the damaged domains are far higher where it hit ...
    rise = flood.needs_then[damaged] - calm.needs_then[damaged]
    assert rise[:, hit].mean() > 0.1
    # ... and no more than noise elsewhere (only through other draws of who raises what).
    assert abs(rise[:, ~hit].mean()) < 0.02
    # Issues raised over the emergency and the recovery: up in the hit area, not elsewhere.  The
    # rise is modest (a fifth) in this pre-reform city: most residents of the hit area already
    # have a case open in the damaged domains, and one does not raise a second in the same domain.
    # Pooled over six seeds: at the record's volumes one seed's count elsewhere (about 600 cases
    # in the 37 days) moves by ±7% between the two runs (measured 0.88–1.08 over seeds 1–6, mean
    # 1.01), and the hit area's by 1.02–1.43.
    (hit_flood, else_flood), (hit_calm, else_calm) = raised_over_seeds(range(1, 7))
    assert hit_flood > 1.12 * hit_calm
    assert 0.95 < else_flood / else_calm < 1.05
    series = flood.datacollector.get_model_vars_dataframe()
    assert series["hit_area_raised_today"].iloc[START + 1:START + 38].mean() > \
        series["hit_area_raised_today"].iloc[1:START + 1].mean()
    assert series["hit_area_satisfaction"].iloc[START + 37] < series["hit_area_satisfaction"].iloc[START]


def test_hit_area_capacity_falls_then_recovers(pair):
    flood, _ = pair
    disaster, city = flood.disaster, flood.city
    length, back = 7, 14
    assert disaster.damage(START - 1) is None
    height = disaster.damage(START)
    assert np.allclose(height[disaster.compounds], 0.5)  # capacity_loss at the height
    outside = np.ones(city.n_compounds, bool)
    outside[disaster.compounds] = False
    assert np.all(height[:city.n_compounds][outside] == 1.0)
    assert np.all(height[city.street_base:] == 1.0)  # streets and departments lose nothing
    hit_communities = np.unique(city.compound_community[disaster.compounds]) + city.community_base
    assert np.all(height[hit_communities] < 1.0) and np.all(height[hit_communities] >= 0.5)
    # Linear return of the hours after the emergency; none lost once they are back.
    halfway = disaster.damage(START + length + back // 2 - 1)
    assert np.allclose(halfway[disaster.compounds], 1 - 0.5 * (1 - (back // 2) / back))
    assert disaster.damage(START + length + back) is None
    assert disaster.active(START) and not disaster.active(START + length + back)
    # The staffing applies it: with no volunteers, compound hours scale by the damage exactly.
    staffing = flood.staffing
    roster = np.zeros(city.n_compounds)
    orgs = flood.society.orgs
    no_calls = np.zeros(city.n_streets, bool)
    whole = staffing.capacity(1.0, no_calls, orgs, roster, 1.0)
    hit = staffing.capacity(1.0, no_calls, orgs, roster, 1.0, damage=height)
    assert np.allclose(hit[:city.n_compounds], whole[:city.n_compounds] * height[:city.n_compounds])
    assert np.all(hit[hit_communities] < whole[hit_communities])


def test_disaster_counts_as_a_shock_for_redeployment():
    flood = GovernanceModel("classroom", rng=1, warmup_days=0, command__redeploy=0.3, **FLOOD)
    staffing, city = flood.staffing, flood.city
    roster, orgs = flood.society.roster, flood.society.orgs
    calm_calls = staffing.zones.calls(flood.issues, staffing.base, flood.disaster.active(START - 1))
    shock_calls = staffing.zones.calls(flood.issues, staffing.base, flood.disaster.active(START))
    assert shock_calls.all() and not calm_calls.any()  # no street is swamped on day 0
    calm = staffing.capacity(1.0, calm_calls, orgs, roster, 1.0)
    shock = staffing.capacity(1.0, shock_calls, orgs, roster, 1.0)
    db = city.dept_base
    assert shock[db:].sum() < calm[db:].sum()
    assert shock[city.community_base:city.street_base].sum() > calm[city.community_base:city.street_base].sum()


def test_a_bad_domain_name_gets_one_clear_message():
    with pytest.raises(ScenarioError) as err:
        load_scenario("classroom", {**FLOOD, "shocks.disaster.domains": ["housing", "flooding"]})
    message = str(err.value)
    assert "shocks.disaster.domains names unknown domains ['flooding']" in message
    assert "allowed: ['culture_health', 'employment', 'environment', 'housing', 'safety', 'social']" in message
    with pytest.raises(ScenarioError, match=r"shocks.disaster.start \(500\) must fall within the run"):
        load_scenario("classroom", {**FLOOD, "shocks.disaster.start": 500})
    # Unchecked while the disaster is off (a scenario with other domains need not name them).
    load_scenario("classroom", {"shocks.disaster.domains": ["flooding"]})


def test_the_disaster_off_changes_nothing_and_reports_no_hit_area():
    off = run_model("classroom", 30, 3)
    on_later = GovernanceModel("classroom", rng=3, shocks__disaster__enabled=True,
                               shocks__disaster__start=200)
    for _ in range(30):
        on_later.step()
    assert off.issues.raised == on_later.issues.raised  # nothing before the disaster strikes
    assert np.array_equal(off.residents.needs, on_later.residents.needs)
    assert np.isnan(off.metrics["hit_area_backlog"]) and off.summary()["hit_area_recovery_days"] is None


def test_typhoon_is_shorter_than_flood():
    flood = load_scenario("classroom", FLOOD).shocks.disaster
    typhoon = load_scenario("classroom", {**FLOOD, "shocks.disaster.kind": "typhoon"}).shocks.disaster
    assert (flood.days(), typhoon.days()) == (7, 3)
    assert load_scenario("classroom", {**FLOOD, "shocks.disaster.length": 10}).shocks.disaster.days() == 10


def month_after(model, first: int) -> tuple[float, float]:
    """Share of the cases raised in the 30 days from ``first`` resolved by the run's end: (hit area, elsewhere)."""
    table = model.issue_table()
    month = ((table["raised"] >= first) & (table["raised"] < first + 30)).to_numpy()
    hit = in_area(model, table["compound"].to_numpy())
    resolved = (table["state"] == "resolved").to_numpy()
    return float(resolved[month & hit].mean()), float(resolved[month & ~hit].mean())


def test_full_programme_resolves_more_of_the_flood_than_the_baseline():
    """On the flood presets (the flood moved to day 600, a year and a half into the reform, to
    keep the runs short), the full programme resolves more of the hit area's cases of the month
    after the flood, and its hit area lags the rest of its city by less, on the mean of four seeds
    (measured on seeds 20191 / 7 / 1 / 2: 0.86 / 0.87 / 0.78 / 0.84 resolved in the baseline,
    0.91 / 0.87 / 0.86 / 0.91 under the programme, gains 0.050 / 0.000 / 0.081 / 0.071; the lag
    changes by −0.029 / +0.030 / −0.069 / −0.029; docs/ODD.md §7.11a).  A month's hit-area cases
    are 120–150 a run, so one seed's gain has a standard error near 0.04: the gain is not there
    on every seed, and the test asks it of the mean.

    It does not reliably recover *faster* by ``hit_area_recovery_days`` (docs/ODD.md §7.11a):
    its residents, trusting more and with fewer cases already open, raise relatively more, so
    its hit-area backlog rises further over a lower level.
    """
    gains, lags = [], []
    for seed in (20191, 7, 1, 2):
        shares = {}
        for preset in ("flood_baseline", "flood_full_programme"):
            model = GovernanceModel(preset, rng=seed, steps=660, shocks__disaster__start=600)
            for _ in range(660):
                model.step()
            shares[preset] = month_after(model, 600)
        (hit_base, else_base), (hit_full, else_full) = shares["flood_baseline"], shares["flood_full_programme"]
        gains.append(hit_full - hit_base)
        lags.append((else_full - hit_full) - (else_base - hit_base))
    assert np.mean(gains) > 0.02
    assert np.mean(lags) < 0
