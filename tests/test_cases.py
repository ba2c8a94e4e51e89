"""Cases as a hotline rates them: the rating rule, the rates' definitions, monthly outputs, and
how much the handling of cases moves residents' satisfaction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim import GovernanceModel
from sim.core.ratings import BASIC, SATISFIED, UNSATISFIED, lateness, rate_cases
from sim.runs import monthly_frame
from sim.scenario import load_scenario

RATINGS = load_scenario("classroom").ratings


def test_lateness_counts_overruns_of_the_time_limit():
    assert lateness(np.array([3, 5, 10, 15, 40]), np.array([5, 5, 5, 5, 5])).tolist() == [0, 0, 1, 2, 2]


def test_rating_rule_by_hand():
    # scores with the defaults: solved 3, late 1.5 per limit overrun, pass 0.5; cuts 1.5 and 0
    resolved = np.array([True, True, True, False, True])
    late = np.array([0.0, 1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    passes = np.array([0, 0, 4, 0, 0])
    quality = np.array([0.1, 0.1, 0.1, 0.1, 0.99])  # the last answer misses the need
    noise = np.zeros(5, dtype=np.float32)
    solved, rating = rate_cases(resolved, late, passes, quality, noise, RATINGS)
    assert solved.tolist() == [True, True, True, False, False]
    # 3 > 1.5 satisfied; 3 - 1.5 = 1.5 not above 1.5: basic; 3 - 2 = 1: basic; 0: unsatisfied; 0
    assert rating.tolist() == [SATISFIED, BASIC, BASIC, UNSATISFIED, UNSATISFIED]


RUN_DAYS = 180


@pytest.fixture(scope="module")
def run():
    # every case raised in the record; half a year gives well over 50 rated hotline cases
    model = GovernanceModel("classroom", rng=7, steps=RUN_DAYS, warmup_days=0)
    for _ in range(RUN_DAYS):
        model.step()
    return model


def test_case_rates_equal_their_definition_on_the_issue_table(run):
    table = run.issue_table()
    hotline = table[table["channel"].isin(["hotline", "online"])]
    rated = hotline[hotline["state"] != "open"]
    summary = run.summary()
    assert len(rated) > 50
    assert summary["case_resolution_rate"] == pytest.approx(rated["solved"].mean())
    good = rated["rating"].isin(["satisfied", "basically_satisfied"]).mean()
    assert summary["case_satisfaction_rate"] == pytest.approx(good)  # basic_weight 1
    taken = hotline[hotline["taken"] >= 0]
    waited = run.calendar.working_days_between(taken["raised"].to_numpy(), taken["taken"].to_numpy())
    in_time = int((waited <= run.config.issues.response_days).sum())
    due = len(taken) + int((rated["taken"] < 0).sum())
    assert summary["response_rate"] == pytest.approx(in_time / due)
    assert summary["requests_per_1000"] == pytest.approx(len(table) * 365 / RUN_DAYS * 1000 / run.city.n_residents)


def test_monthly_table_adds_up_to_the_run(run):
    months = monthly_frame(run)
    assert months["month"].tolist() == ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05", "2019-06"]
    assert months["days"].sum() == RUN_DAYS
    assert months["raised"].sum() == run.issues.raised
    by_channel = months[["raised_compound", "raised_community", "raised_hotline", "raised_online"]].sum(axis=1)
    assert (by_channel == months["raised"]).all()
    assert months["backlog"].iloc[-1] == run.issues.open_count
    years = run.summary()["by_year"]
    assert list(years) == ["2019"] and years["2019"]["raised"] == run.issues.raised


def test_channels_are_recorded_and_unsatisfied_residents_switch(run):
    table = run.issue_table()
    assert set(table["channel"]) == {"compound", "community", "hotline", "online"}
    named = {run.resident(i).channel for i in range(run.city.n_residents)}
    assert named == set(table["channel"])  # Resident agents name every channel
    start = GovernanceModel("classroom", rng=7, steps=90, warmup_days=0).residents.channel
    assert (start != run.residents.channel).sum() > 0  # win-stay, lose-shift moved some


def satisfaction(preset: str, handling: float, seeds=(1, 2, 3, 4, 5), days=730) -> np.ndarray:
    out = []
    for seed in seeds:
        # 2018 before the preset's reform of 2019-01-01, and 2019 after it
        model = GovernanceModel(preset, rng=seed, ratings__handling_weight=handling, steps=days)
        for _ in range(days):
            model.step()
        out.append(model.metrics["satisfaction_mean"])
    return np.array(out)


@pytest.mark.slow
def test_how_cases_are_handled_moves_satisfaction_materially():
    # Stated in the ODD (section 7.9): with the handling effects on (weight 0.5) the pre-reform
    # city's satisfaction after two years is about 0.14 HIGHER than with them off — residents'
    # view of how cases are handled is above their needs met — and the full programme's gain over
    # it a year after its reform is about twice as large with the effects on: 0.018 against 0.009
    # over seeds 1-5 (the paired difference 0.0088, standard error 0.0021; 0.002-0.013 by seed).
    base_on, base_off = satisfaction("baseline", 0.5), satisfaction("baseline", 0.0)
    full_on, full_off = satisfaction("full_programme", 0.5), satisfaction("full_programme", 0.0)
    assert (base_on - base_off).mean() >= 0.05
    gain_on, gain_off = full_on - base_on, full_off - base_off
    assert gain_on.mean() >= 1.5 * gain_off.mean()
    difference = gain_on - gain_off
    assert difference.mean() > 2 * difference.std(ddof=1) / np.sqrt(len(difference))


def test_issue_table_names_channels_and_ratings(run):
    table = run.issue_table()
    closed = table[table["state"] != "open"]
    assert set(closed["rating"]) <= {"satisfied", "basically_satisfied", "unsatisfied"}
    assert (table.loc[table["state"] == "open", "rating"] == "none").all()
    assert isinstance(table, pd.DataFrame)
