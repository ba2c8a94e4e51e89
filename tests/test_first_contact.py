"""接訴即辦 · 先行聯繫: the unit a hotline case reaches calls the resident back (sim/core/contact.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.cases import hotline_case
from sim.core.contact import first_contacts
from sim.core.issues import NOT_YET
from sim.core.levels import COMMUNITY, COMPOUND, DEPARTMENT, STREET
from sim.core.model import GovernanceModel
from sim.core.residents import CHANNEL_COMMUNITY, CHANNEL_HOTLINE, CHANNEL_ONLINE

DAYS = 120


def test_only_unanswered_hotline_cases_at_community_or_above_are_called():
    channel = np.array([CHANNEL_HOTLINE, CHANNEL_COMMUNITY, CHANNEL_ONLINE, CHANNEL_HOTLINE, CHANNEL_ONLINE])
    level = np.array([STREET, STREET, COMPOUND, DEPARTMENT, COMMUNITY])
    answered = np.array([False, False, False, True, False])
    rng = np.random.default_rng(1)
    before = rng.bit_generator.state
    assert not first_contacts(0.0, channel, level, answered, rng).any()
    assert first_contacts(1.0, channel, level, answered, rng).tolist() == [True, False, False, False, True]
    assert rng.bit_generator.state == before  # no draw at 0 or 1: the random stream is untouched


def test_a_partial_duty_calls_that_share_of_the_due_cases():
    n = 20_000
    channel = np.full(n, CHANNEL_HOTLINE)
    level = np.where(np.arange(n) % 2 == 0, STREET, COMPOUND)
    called = first_contacts(0.3, channel, level, np.zeros(n, dtype=bool), np.random.default_rng(2))
    assert not called[level == COMPOUND].any()
    assert called[level == STREET].mean() == pytest.approx(0.3, abs=0.015)  # ±3.5 standard errors


def run(first_contact: float):
    """The classroom city for DAYS days, the duty set by a reform on day 0 (costs are charged against
    the arrangement before it), with the first-contact hours summed over the record."""
    reforms = [{"name": "接訴即辦", "day": 0, "set": {"command.first_contact": first_contact}}]
    model = GovernanceModel("classroom", rng=3, reforms=reforms)
    cols = model.issues.cols
    model.carried_unanswered = int((hotline_case(cols["channel"]) & (cols["responded"] == NOT_YET)).sum())
    civil = community = 0.0
    for _ in range(DAYS):
        model.step()
        civil += model.contact_hours_today[0]
        community += model.contact_hours_today[1]
    return model, civil, community


@pytest.fixture(scope="module")
def runs():
    return run(0.0), run(1.0)


def test_without_the_duty_a_case_is_answered_exactly_when_taken_up(runs):
    (model, civil, community), _ = runs
    cols = model.issues.cols
    assert (cols["responded"] == cols["taken"]).all()
    assert civil == community == 0.0


def test_the_duty_answers_every_hotline_case_in_time(runs):
    (without, *_), (with_duty, *_) = runs
    assert without.summary()["response_rate"] < 0.5  # cases wait to be taken up by a unit with the power
    assert with_duty.summary()["response_rate"] > 0.98


def test_each_hotline_case_is_called_at_most_once_and_the_calls_are_charged(runs):
    _, (model, civil, community) = runs
    hours = model.config.command.contact_hours
    calls = (civil + community) / hours
    assert calls == pytest.approx(round(calls))
    daily = model.cases.daily()
    hotline = int(daily["raised_hotline"].sum() + daily["raised_online"].sum())
    # under the classroom's default channels hotline cases go to departments, and all are called
    # (so are the warm-up's cases still unanswered on day 0 that are looked at again)
    assert 0.9 * hotline <= calls <= hotline + model.carried_unanswered
    cost = model.reform_costs.report_by_year()
    charged = sum(year["by_lever"]["command.first_contact"]["staff_hours"] for year in cost.values())
    yuan = sum(year["by_lever"]["command.first_contact"]["yuan"] for year in cost.values())
    unit = model.config.costs
    assert charged == pytest.approx(civil + community)
    assert yuan == pytest.approx(civil * unit.civil_servant_yuan_per_hour
                                 + community * unit.community_worker_yuan_per_hour)
