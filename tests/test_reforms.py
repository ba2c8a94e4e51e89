"""The reform timeline: reforms on a date, ramps, derived state that follows, bad entries refused."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from sim import GovernanceModel
from sim.core.reforms import ReformSchedule
from sim.runs import timeseries_frame
from sim.scenario import ScenarioError, load_scenario

PACKAGE = {"power.delegation": 0.8, "power.staff_follow": 0.5, "joint.evaluation": 0.8}


def run(days: int, reforms=(), seed: int = 3, scenario: str = "classroom") -> GovernanceModel:
    model = GovernanceModel(scenario, rng=seed, steps=days, reforms=list(reforms))
    for _ in range(days):
        model.step()
    return model


def test_a_run_with_a_reform_is_identical_until_its_date_and_differs_after():
    plain = timeseries_frame(run(120)).fillna(-1.0)
    reformed = timeseries_frame(run(120, [{"day": 60, "set": PACKAGE}])).fillna(-1.0)
    # row d is the state after day d - 1, so rows 0..60 are before the reform acts
    assert plain.iloc[:61].equals(reformed.iloc[:61])
    assert not plain.iloc[61:].equals(reformed.iloc[61:])


def test_staff_hours_follow_a_reform_exactly():
    model = run(40, [{"day": 20, "set": PACKAGE}])
    rebuilt = GovernanceModel("classroom", rng=3, steps=40, **{k.replace(".", "__"): v for k, v in PACKAGE.items()})
    assert model.config.power.delegation == 0.8
    assert (model.staffing.base == rebuilt.staffing.base).all()  # as if built with the new levers


def test_a_ramp_reaches_its_target_on_its_last_day_in_equal_steps():
    config = load_scenario("classroom", {"reforms": [
        {"date": "2019-03-01", "ramp_days": 10, "set": {"power.delegation": 0.6, "joint.whistle": 0.5,
                                                        "issues.priority": "severity"}}]})
    start = (dt.date(2019, 3, 1) - config.start_date).days
    schedule = ReformSchedule(config)
    value = [schedule.values_on(day, config)["power.delegation"] for day in range(start - 1, start + 11)]
    assert value[0] == pytest.approx(0.1)  # the preset's value the day before
    assert value[1] == pytest.approx(0.15)  # one tenth of the way on the first day
    assert value[10] == pytest.approx(0.6) and value[11] == pytest.approx(0.6)  # reached on day 10
    assert value[9] < 0.6
    assert schedule.values_on(start, config)["issues.priority"] == "severity"  # words switch at once
    assert schedule.values_on(start - 1, config)["issues.priority"] == "deadline"  # the default


def test_a_later_reform_of_the_same_key_takes_over_from_the_value_in_force():
    config = load_scenario("classroom", {"reforms": [
        {"day": 10, "ramp_days": 10, "set": {"power.delegation": 1.0}},
        {"day": 15, "set": {"power.delegation": 0.0}}]})
    schedule = ReformSchedule(config)
    assert schedule.values_on(14, config)["power.delegation"] == pytest.approx(0.1 + 0.9 * 0.5)
    assert schedule.values_on(15, config)["power.delegation"] == 0.0
    assert schedule.changes_on(15, config) == {"power.delegation": 0.0}
    assert schedule.changes_on(30, config) == {}


@pytest.mark.parametrize(("reform", "message"), [
    ({"day": 10, "set": {"power.nothing": 1}}, "unknown key 'power.nothing'"),
    ({"day": 10, "set": {"city.residents": 5}}, "'city.residents' cannot be reformed"),
    ({"date": "2018-12-31", "set": {"power.delegation": 0.5}}, "before the run's start_date 2019-01-01"),
    ({"day": 400, "set": {"power.delegation": 0.5}}, "after the run's last day"),
    ({"day": 10, "ramp_days": 400, "set": {"power.delegation": 0.5}}, "longer than the run"),
    ({"day": 10, "set": {"power.delegation": 1.5}}, "power.delegation (given 1.5)"),
    ({"set": {"power.delegation": 0.5}}, "either a date or a day"),
    ({"day": 10, "set": {}}, "at least one key"),
])
def test_bad_reform_entries_are_refused_with_a_clear_message(reform, message):
    with pytest.raises(ScenarioError, match=None) as caught:
        load_scenario("classroom", {"reforms": [reform]})
    assert message in str(caught.value)


def test_bad_reform_file_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\n[[reforms]]\nday = 3\nset = { "power.nothing" = 1 }\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sim", "run", str(path), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "reforms[1]: unknown key 'power.nothing'" in done.stderr and "Traceback" not in done.stderr


def test_a_run_shortened_past_a_reform_warns_and_runs_without_it(tmp_path):
    path = tmp_path / "late.toml"
    path.write_text('name = "late"\nsteps = 100\n[[reforms]]\nname = "package"\nday = 50\n'
                    'set = { "power.delegation" = 0.8 }\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sim", "run", str(path), "--steps", "20", "--quiet",
                           "--out", str(tmp_path / "o")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "reforms[1] (package) starts on day 50, but --steps 20 ends the run" in done.stderr
