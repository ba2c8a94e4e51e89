"""Unit tests of the submodels on the tiny hand-built city (``tests/tiny_city.py``).

Each test works the rule of a submodel (docs/ODD.md section 7) out by hand for the tiny city and
checks the code against that number; the arithmetic is written next to each expectation.
Notation as in the ODD: ``R`` = residents / 1,000 (community 0: 0.03, community 1: 0.01, the
district: 0.04), ``K`` = 2 department kinds, ``G`` = a community's gross hours.
"""

from __future__ import annotations

import numpy as np
import pytest
from tiny_city import COMMUNITY_RESIDENTS, DOMAINS, tiny_city, tiny_scenario

from sim.core import supply as supply_module
from sim.core.resident_rule import (
    adapt_satisfaction,
    follow_participation,
    follow_trust,
    grow_needs,
    issue_chance,
    participation_target,
)
from sim.core.residents import ResidentTable
from sim.core.society import Society
from sim.core.staffing import Staffing
from sim.core.supply import Supply
from sim.scenario import ScenarioError

# Handler ids of the tiny city: compounds 0–2, communities 3–4, street 5, departments 6–7, city
# departments 8–9.
COMPOUNDS, COMMUNITIES, STREET, DEPARTMENTS = slice(0, 3), slice(3, 5), 5, slice(6, 8)


def approx(values):
    """pytest.approx with a tolerance fit for sums of a few float64 terms."""
    return pytest.approx(values, rel=1e-9, abs=1e-12)


def staffing(**overrides) -> Staffing:
    """Staffing of the tiny city under the tiny scenario with ``overrides``."""
    scenario = tiny_scenario(**overrides)
    return Staffing(scenario, tiny_city(scenario))


def capacity(staff: Staffing, roster=(0, 0, 0), orgs=(0.0, 0.0), admin_factor=1.0) -> np.ndarray:
    """Hours per handler on an ordinary day (no shock, mobilisation 1)."""
    return staff.capacity(admin_factor, np.zeros(staff.city.n_streets, bool), np.asarray(orgs, dtype=float),
                          np.asarray(roster, dtype=np.int64), 1.0)


# --- the fixture itself -------------------------------------------------------------------
def test_tiny_city_structure():
    city = tiny_city()
    assert city.n_handlers == 3 + 2 + 1 + 2 + 2  # the district's two departments, the city's two
    assert list(city.community_residents) == [30, 10]
    assert list(city.street_residents) == [40]
    assert list(city.handler_residents()) == [12, 18, 10, 30, 10, 40, 40, 40, 40, 40]
    assert list(city.resident_compound[[0, 11, 12, 29, 30, 39]]) == [0, 0, 1, 1, 2, 2]


# --- 7.1 staffing: base hours -------------------------------------------------------------
def test_base_hours_by_hand():
    base = staffing().base
    # compound 0: firm 0.5 · firm_hours 3 · R 0.012 = 0.018, + committee 1 · 0.012 = 0.030
    # compound 1: no firm, classified 0, not organised → 0
    # compound 2: firm 0.4 · 3 · 0.010 = 0.012, not organised
    assert base[COMPOUNDS] == approx([0.030, 0.0, 0.012])
    # communities: (community_hours 10 + social_workers 0) · R = 0.3 and 0.1
    assert base[COMMUNITIES] == approx([0.3, 0.1])
    # street: street_hours 5 · street_case_share 0.8 · 0.04 = 0.16 (0.04 for state tasks)
    assert base[STREET] == approx(0.16)
    # each department: department_hours 12 · issue share 0.5 · 0.04 / K 2 = 0.12 (as much for state tasks)
    assert base[DEPARTMENTS] == approx([0.12, 0.12])
    state = staffing().state_hours
    assert state[STREET] == approx(0.04)
    assert state[DEPARTMENTS] == approx([0.12, 0.12])
    assert state[COMPOUNDS] == approx([0.0, 0.0, 0.0]) and state[COMMUNITIES] == approx([0.0, 0.0])


def test_compound_governance_and_classified_services():
    staff = staffing(moving_down__compound_governance=0.5, moving_down__classified=1.0)
    # compound 1's draw 0.3 < 0.5: organised, committee 1 · 0.018; compound 2's draw 0.6 is not.
    assert list(staff.compound_organised) == [True, True, False]
    # compound 1 (old estate) has no firm: public services classified 1 · quality 0.6 · 3 · 0.018 = 0.0324
    assert staff.base[1] == approx(0.0324 + 0.018)
    # compound 2 (resettlement, firm 0.4 · 3 · 0.010 = 0.012) gets mediators 1.5 · 0.010 = 0.015
    assert staff.base[2] == approx(0.012 + 0.015)
    assert list(staffing().compound_active) == [True, False, True]  # compound 1 has no hours


# --- 7.2 staffing: admin tasks and 社區准入制 (access cap) -----------------------------------
@pytest.mark.parametrize("cap", [0.0, 0.1, 0.25, 0.5, 0.6, 0.9, 1.0])
def test_access_cap_clamps_accepted_admin(cap):
    staff = staffing(admin__access_cap=cap, power__territorial=1.0)
    hours = capacity(staff)
    # issued = admin.hours 6 · R = [0.18, 0.06]; territorial 1 → pushed = issued; G = [0.3, 0.1]
    pushed, gross = np.array([0.18, 0.06]), np.array([0.3, 0.1])
    accepted = np.minimum(pushed, cap * gross)
    assert hours[COMMUNITIES] == approx(gross - accepted)
    assert staff.admin_hours_accepted == approx(accepted.sum())
    assert staff.admin_share == approx(accepted.sum() / 0.4)
    assert staff.admin_share <= cap + 1e-12


def test_access_cap_quarter_by_hand():
    staff = staffing(admin__access_cap=0.25, power__territorial=1.0)
    hours = capacity(staff)
    # cap · G = 0.25 · [0.3, 0.1] = [0.075, 0.025] < pushed [0.18, 0.06]: accepted = cap · G,
    # refused = [0.105, 0.035]; the communities keep G − accepted = [0.225, 0.075].
    assert hours[COMMUNITIES] == approx([0.225, 0.075])
    assert staff.admin_hours_accepted == approx(0.1)
    assert staff.admin_share == approx(0.25)  # 0.1 / 0.4


def test_no_cap_refuses_nothing_the_community_has_hours_for():
    staff = staffing(admin__access_cap=1.0, power__territorial=1.0)
    hours = capacity(staff)
    # pushed [0.18, 0.06] ≤ G [0.3, 0.1]: all accepted, communities keep [0.12, 0.04]
    assert hours[COMMUNITIES] == approx([0.12, 0.04])
    assert staff.admin_share == approx(0.6)  # 0.24 / 0.4
    assert hours[DEPARTMENTS] == approx([0.12, 0.12])  # nothing retained


def test_no_cap_still_refuses_tasks_beyond_all_community_hours():
    """At cap 1 a community accepts min(pushed, G): tasks beyond its whole hours stay up."""
    staff = staffing(admin__access_cap=1.0, power__territorial=1.0, admin__hours=20.0)
    hours = capacity(staff)
    # issued = 20 · R = [0.6, 0.2] > G [0.3, 0.1]: accepted = G, communities keep 0
    assert hours[COMMUNITIES] == approx([0.0, 0.0])
    assert staff.admin_share == approx(1.0)
    # refused [0.3, 0.1] · retained_cost 0.5 = 0.2, split over K 2: 0.1 each < own hours 0.12
    assert hours[DEPARTMENTS] == approx([0.12, 0.12])


def test_cap_binds_only_where_admin_exceeds_it():
    staff = staffing(admin__access_cap=0.5, power__territorial=1.0)
    # 2 volunteers of compound 2 (not organised) serve through community 1: 2 · 0.15 h = 0.3 h,
    # G = [0.3, 0.1 + 0.3]; 1 volunteer of compound 0 (organised) serves on site: 0.03 + 0.15.
    hours = capacity(staff, roster=(1, 0, 2))
    # cap · G = [0.15, 0.2]; pushed [0.18, 0.06] → accepted [0.15 (capped), 0.06 (all)]
    assert hours[COMMUNITIES] == approx([0.15, 0.34])
    assert staff.admin_share == approx(0.21 / 0.7)
    assert hours[COMPOUNDS] == approx([0.18, 0.0, 0.012])


def test_social_organisations_add_community_hours_before_admin():
    staff = staffing(admin__access_cap=0.25, power__territorial=1.0)
    # 0.5 organisations · org_hours 2 = 1 h: G = [1.3, 0.1]; cap · G = [0.325, 0.025]
    # pushed [0.18, 0.06] → accepted [0.18, 0.025]
    hours = capacity(staff, orgs=(0.5, 0.0))
    assert hours[COMMUNITIES] == approx([1.3 - 0.18, 0.075])
    assert staff.admin_share == approx(0.205 / 1.4)


# --- 7.2 staffing: refused admin stays with the departments as state-task work -------------
def test_refused_admin_becomes_the_departments_state_work():
    """The retained work joins the departments' state tasks (sim/core/state_tasks.py); their hours
    for residents' cases are not charged with it."""
    staff = staffing(admin__access_cap=0.25, power__territorial=1.0, admin__hours=20.0)
    hours = capacity(staff)
    # issued = 20 · R = [0.6, 0.2]; accepted = cap · G = [0.075, 0.025]; refused [0.525, 0.175]
    # retained = 0.7 · retained_cost 0.5 = 0.35, split over K 2: 0.175 each.
    assert hours[COMMUNITIES] == approx([0.225, 0.075])
    assert hours[DEPARTMENTS] == approx([0.12, 0.12])
    assert staff.retained_admin == approx([0.175, 0.175])


def test_refused_admin_at_the_defaults_is_state_work_not_free():
    """Everything refused (cap 0): retained = 6 · R_district · 0.5 = 0.12, 0.06 per department, all
    of it state-task work; an admin surge (factor 3) triples it."""
    free = staffing(admin__access_cap=0.0)
    assert capacity(free)[DEPARTMENTS] == approx([0.12, 0.12])
    assert free.retained_admin == approx([0.06, 0.06])
    capacity(free, admin_factor=3.0)
    assert free.retained_admin == approx([0.18, 0.18])


def test_retained_cost_zero_charges_nothing():
    staff = staffing(admin__access_cap=0.0, admin__hours=100.0, admin__retained_cost=0.0)
    hours = capacity(staff)
    assert hours[DEPARTMENTS] == approx([0.12, 0.12])
    assert hours[COMMUNITIES] == approx([0.3, 0.1])  # nothing accepted


def test_refused_admin_never_takes_case_hours():
    staff = staffing(admin__access_cap=0.0, admin__hours=100.0, admin__retained_cost=1.0)
    # retained = 100 · 0.04 = 4 h, 2 each ≫ the 0.12 state-task hours: the backlog grows instead
    assert capacity(staff)[DEPARTMENTS] == approx([0.12, 0.12])
    assert staff.retained_admin == approx([2.0, 2.0])


# --- 7.2 staffing: territorial vs limited responsibility ----------------------------------
@pytest.mark.parametrize("territorial", [0.0, 0.5, 0.9, 1.0])
def test_territorial_duty_sets_the_admin_pushed_down(territorial):
    staff = staffing(power__territorial=territorial)
    hours = capacity(staff)
    # pushed = issued [0.18, 0.06] · (listed_share 0.2 + 0.8 · territorial), all accepted (cap 1)
    pushed = np.array([0.18, 0.06]) * (0.2 + 0.8 * territorial)
    assert hours[COMMUNITIES] == approx(np.array([0.3, 0.1]) - pushed)
    assert staff.admin_share == approx(pushed.sum() / 0.4)


def test_limited_responsibility_keeps_the_unlisted_tasks_up():
    staff = staffing(power__territorial=0.0, admin__hours=20.0)
    hours = capacity(staff)
    # issued [0.6, 0.2]; only the listed 0.2 flows down: [0.12, 0.04], accepted (cap 1)
    assert hours[COMMUNITIES] == approx([0.18, 0.06])
    # kept up: [0.48, 0.16] · 0.5 = 0.32, 0.16 each, the departments' state-task work
    assert hours[DEPARTMENTS] == approx([0.12, 0.12])
    assert staff.retained_admin == approx([0.16, 0.16])


# --- 7.3 supply: needs sensing vs agency-ism ------------------------------------------------
# Community means of each need (domains: employment, housing, safety, environment, social,
# culture_health).  True shares: community 0 [.2 .2 .2 .2 .1 .1]; community 1 [.4 0 0 0 .4 .2].
NEEDS = np.array([[0.4, 0.4, 0.4, 0.4, 0.2, 0.2],
                  [0.6, 0.0, 0.0, 0.0, 0.6, 0.3]])
SHARES = NEEDS / NEEDS.sum(axis=1, keepdims=True)
AGENCY = np.array([0.05, 0.1, 0.25, 0.35, 0.05, 0.2])  # the default priorities (sum 1)
# Gap at sensing 0, ½ Σ |share − agency|:
#   community 0: ½ (.15 + .1 + .05 + .15 + .05 + .1) = 0.3
#   community 1: ½ (.35 + .1 + .25 + .35 + .35 + 0) = 0.7
# weighted by residents 30 : 10 → (0.3 · 30 + 0.7 · 10) / 40 = 0.4
MISMATCH_AT_ZERO = 0.4


def supply(**overrides) -> Supply:
    """Supply of the tiny city's two communities under the tiny scenario with ``overrides``."""
    return Supply(tiny_scenario(**overrides), COMMUNITY_RESIDENTS)


def test_supply_starts_at_the_departments_priorities():
    s = supply()
    assert s.weights == approx(np.tile(AGENCY, (2, 1)))
    assert np.isnan(s.mismatch)


def test_full_sensing_follows_the_needs_exactly():
    s = supply(supply__sensing=1.0)
    s.survey(NEEDS, np.random.default_rng(1))  # noise sd 0.5 · (1 − 1) = 0
    assert s.weights == approx(SHARES)
    assert s.mismatch == approx(0.0)


def test_no_sensing_follows_the_departments_priorities():
    s = supply(supply__sensing=0.0)
    s.survey(NEEDS, np.random.default_rng(1))  # noise is drawn but weighted by sensing 0
    assert s.weights == approx(np.tile(AGENCY, (2, 1)))
    assert s.mismatch == approx(MISMATCH_AT_ZERO)
    # relief = efficiency 0.0003 · budget 3.5 · w = 0.00105 · agency, shape (domains, communities)
    assert s.relief() == approx(np.tile(0.00105 * AGENCY, (2, 1)).T)


def test_mismatch_without_noise_is_linear_in_sensing(monkeypatch):
    # Without noise w = s · share + (1 − s) · agency, so share − w = (1 − s)(share − agency) and
    # the mismatch is (1 − s) · 0.4.
    monkeypatch.setattr(supply_module, "SENSING_NOISE", 0.0)
    mismatch = []
    for sensing in (0.0, 0.25, 0.5, 0.75, 1.0):
        s = supply(supply__sensing=sensing)
        s.survey(NEEDS, np.random.default_rng(1))
        assert s.weights == approx(sensing * SHARES + (1 - sensing) * AGENCY)
        assert s.mismatch == approx((1 - sensing) * MISMATCH_AT_ZERO)
        mismatch.append(s.mismatch)
    assert np.all(np.diff(mismatch) < 0)


def test_mismatch_falls_as_sensing_rises_with_noise():
    """With the sensing noise on, the mismatch, averaged over 20 draws, still falls."""
    sensing_levels = (0.0, 0.25, 0.5, 0.75, 1.0)
    mean = []
    for sensing in sensing_levels:
        values = []
        for seed in range(20):
            s = supply(supply__sensing=sensing)
            s.survey(NEEDS, np.random.default_rng(seed))
            values.append(s.mismatch)
            assert s.weights.sum(axis=1) == approx([1.0, 1.0])
        mean.append(np.mean(values))
    assert mean[0] == approx(MISMATCH_AT_ZERO)
    assert mean[-1] == approx(0.0)
    assert np.all(np.diff(mean) < 0)


def test_agency_priorities_all_zero_give_equal_shares():
    s = supply(supply__agency_priorities=dict.fromkeys(DOMAINS, 0.0))
    assert s.weights == approx(np.full((2, 6), 1 / 6))


# --- 7.10 social organisations, volunteers, three steps ------------------------------------
def society(**overrides) -> Society:
    """Society of the tiny city's two communities under the tiny scenario with ``overrides``."""
    return Society(tiny_scenario(**overrides), COMMUNITY_RESIDENTS)


PARTICIPATION = np.array([0.5, 0.1])
"""Mean participation of communities 0 and 1 in the growth tests."""


def test_initial_organisations():
    s = society()
    # initial_orgs 0.3 per 1,000 · R [0.03, 0.01]
    assert s.orgs == approx([0.009, 0.003])
    assert s.orgs_per_1000() == approx([0.3, 0.3])


def test_one_day_of_growth_by_hand():
    s = society(social__funding=1.0)
    s.grow(1, PARTICIPATION)
    # births per 1,000 = org_growth 0.004 · (0.1 + 1) · (0.5 + P) = [0.0044, 0.00264]
    # community 0: 0.009 + 0.0044 · 0.03 − decay 0.002 · 0.009 = 0.009 + 0.000132 − 0.000018
    # community 1: 0.003 + 0.00264 · 0.01 − 0.002 · 0.003 = 0.003 + 0.0000264 − 0.000006
    assert s.orgs == approx([0.009114, 0.0030204])


def test_growth_over_a_survey_interval_follows_the_closed_form():
    s = society(social__funding=1.0)
    s.grow(7, PARTICIPATION)
    # O ← O + b R − δ O for 7 days: O_7 = O* + (O_0 − O*) (1 − δ)^7, O* = b R / δ
    # community 0: O* = 0.0044 · 0.03 / 0.002 = 0.066 → 0.066 − 0.057 · 0.998^7 ≈ 0.0097932
    # community 1: O* = 0.00264 · 0.01 / 0.002 = 0.0132 → 0.0132 − 0.0102 · 0.998^7
    kept = 0.998 ** 7
    assert s.orgs == approx([0.066 - 0.057 * kept, 0.0132 - 0.0102 * kept])
    assert s.orgs[0] == pytest.approx(0.0097932, abs=1e-7)


def test_without_funding_only_the_base_tenth_grows():
    s = society(social__funding=0.0, social__org_decay=0.0)
    s.grow(7, PARTICIPATION)
    # births per 1,000 = 0.004 · 0.1 · (0.5 + P) = [0.0004, 0.00024]; 7 days · R:
    # community 0: 7 · 0.0004 · 0.03 = 0.000084; community 1: 7 · 0.00024 · 0.01 = 0.0000168
    assert s.orgs == approx([0.009 + 0.000084, 0.003 + 0.0000168])


def test_without_births_organisations_only_fold():
    s = society(social__funding=1.0, social__org_growth=0.0)
    s.grow(7, PARTICIPATION)
    assert s.orgs == approx(np.array([0.009, 0.003]) * 0.998 ** 7)


@pytest.mark.parametrize(("funding", "density"), [(0.0, 0.15), (1.0, 1.65)])
def test_long_run_density_is_the_odd_value(funding, density):
    """ODD 7.10: long-run density org_growth · (0.1 + funding) · (0.5 + P̄) / org_decay per
    1,000 — 0.004 · 0.1 · 0.75 / 0.002 = 0.15 at the defaults, 0.004 · 1.1 · 0.75 / 0.002 = 1.65
    with funding 1 (P̄ = 0.25)."""
    s = society(social__funding=funding)
    s.grow(20_000, np.array([0.25, 0.25]))  # 0.998^20000 ≈ e^−40: the start is forgotten
    assert s.orgs_per_1000() == approx([density, density])


@pytest.mark.parametrize("decay", [0.0, 0.5, 1.0])
def test_organisations_never_negative(decay):
    s = society(social__funding=0.0, social__org_growth=0.0, social__org_decay=decay)
    s.grow(30, np.array([0.0, 0.0]))
    assert np.all(s.orgs >= 0.0)
    if decay == 1.0:  # everything folds on the first day and nothing is born
        assert s.orgs == approx([0.0, 0.0])


def test_organisations_never_negative_at_any_allowed_decay():
    s = society(social__org_growth=0.0, social__org_decay=1.0)  # the largest decay allowed
    s.grow(1, np.array([0.0, 0.0]))  # 0.009 − 1.0 · 0.009 = 0
    assert np.all(s.orgs >= 0.0)


def test_decay_above_one_is_refused():
    with pytest.raises(ScenarioError, match="org_decay"):
        tiny_scenario(social__org_decay=1.5)


def test_volunteer_share_with_party_members():
    # residents.volunteer_share 0.15 + 0.5 · party_members_report
    assert society().volunteer_share == approx(0.15)
    assert society(social__party_members_report=0.5).volunteer_share == approx(0.4)
    assert society(residents__volunteer_share=0.8,
                   social__party_members_report=1.0).volunteer_share == 1.0  # min(1, 1.3)


def test_volunteer_roster_counts():
    scenario = tiny_scenario()
    city = tiny_city(scenario)
    residents = ResidentTable(scenario, city.resident_compound,
                              city.compound_community[city.resident_compound],
                              city.compound_type, city.compound_ageing, np.random.default_rng(0))
    residents.participation[:] = 0.5
    residents.participation[30] = 1.0
    residents.volunteer_draw[:] = 0.9
    residents.volunteer_draw[[0, 1]] = 0.05  # compound 0
    residents.volunteer_draw[2] = 0.1  # compound 0
    residents.volunteer_draw[12:17] = 0.19  # compound 1, five residents
    residents.volunteer_draw[30:] = 0.25  # compound 2
    # share 0.4 (party members 0.5): a resident volunteers if draw < P · 0.4
    #   P 0.5 → 0.2: rows 0, 1, 2 and 12–16; P 1 → 0.4: row 30 (0.25) too → [3, 5, 1]
    share = society(social__party_members_report=0.5).volunteer_share
    assert list(residents.volunteers_by_compound(share, 3)) == [3, 5, 1]
    # share 0.15: P 0.5 → 0.075: rows 0, 1 only; row 30: 0.25 ≥ 0.15 → [2, 0, 0]
    assert list(residents.volunteers_by_compound(society().volunteer_share, 3)) == [2, 0, 0]
    assert residents.volunteers(0.4).sum() == 9


# --- 7.3, 7.4, 7.9 the resident rule --------------------------------------------------------
def test_grow_needs_adds_drift_subtracts_relief_and_clips():
    needs = np.array([0.5, 0.99, 0.01, 0.3])
    out = grow_needs(needs, np.array([0.01, 0.02, 0.0, 0.0]), np.array([0.0, 0.0, 0.05, 0.1]))
    # 0.5 + 0.01; 0.99 + 0.02 → 1 (clipped); 0.01 − 0.05 → 0 (clipped); 0.3 − 0.1
    assert out == approx([0.51, 1.0, 0.0, 0.2])
    assert needs[0] == 0.5  # without ``out`` the input is left alone
    # drift already net of relief (the table's daily update)
    assert grow_needs(np.array([0.4]), np.array([-0.1])) == approx([0.3])


def test_issue_chance_by_hand():
    rate, threshold = 0.01, 0.3
    needs = np.array([1.0, 0.2, 0.3, 0.65, 1.0, 1.4])
    part = np.array([0.5, 1.0, 1.0, 1.0, 1.0, 0.5])
    trust = np.array([0.5, 1.0, 1.0, 0.0, 1.0, 0.5])
    # voice = rate / (1 − θ) · (0.5 + P)(0.5 + T) · clip(N − θ, 0, 1 − θ)
    #   N 1, P = T = 0.5: 0.01 / 0.7 · 1 · 1 · 0.7 = 0.01 (= rate, as the ODD says)
    #   N 0.2 and N 0.3: below or at the threshold → 0
    #   N 0.65, P 1, T 0: 0.01 / 0.7 · 1.5 · 0.5 · 0.35 = 0.00375
    #   N = P = T = 1: the bound 2.25 · rate = 0.0225
    #   N 1.4 clipped to 1 − θ: as at N 1 → 0.01
    expected = [0.01, 0.0, 0.0, 0.00375, 0.0225, 0.01]
    assert issue_chance(needs, part, trust, rate, threshold) == approx(expected)


def test_adapt_satisfaction_by_hand():
    # S + a · ((1 − unmet) − S): 0.6 + 0.05 · (0.7 − 0.6) = 0.605; 0.9 + 0.05 · (0.2 − 0.9) = 0.865
    out = adapt_satisfaction(np.array([0.6, 0.9]), np.array([0.3, 0.8]), 0.05)
    assert out == approx([0.605, 0.865])
    # no clipping is needed: at a = 1 it lands on 1 − unmet, within [0, 1]
    assert adapt_satisfaction(np.array([0.0, 1.0]), np.array([0.0, 1.0]), 1.0) == approx([1.0, 0.0])


def test_follow_trust_by_hand():
    # T + r · (S − T): 0.5 + 0.02 · (0.8 − 0.5) = 0.506; 0.5 + 0.02 · (0.0 − 0.5) = 0.49
    assert follow_trust(np.array([0.5, 0.5]), np.array([0.8, 0.0]), 0.02) == approx([0.506, 0.49])
    assert follow_trust(np.array([0.2]), np.array([1.0]), 1.0) == approx([1.0])


def test_participation_target_by_hand_and_clipped():
    base = np.array([0.2, 0.8, 0.0, 0.25])
    trust = np.array([0.5, 1.0, 1.0, 0.0])
    orgs = np.array([2.0, 4.0, 4.0, 0.0])
    # B · (0.5 + T) · (1 + 0.25 · O): 0.2 · 1 · 1.5 = 0.3; 0.8 · 1.5 · 2 = 2.4 → 1 (clipped);
    # 0 → 0; 0.25 · 0.5 · 1 = 0.125
    assert participation_target(base, trust, orgs) == approx([0.3, 1.0, 0.0, 0.125])


def test_follow_participation_moves_one_percent():
    # P + 0.01 · (P* − P): 0.2 + 0.01 · (0.7 − 0.2) = 0.205
    assert follow_participation(np.array([0.2]), np.array([0.7])) == approx([0.205])
