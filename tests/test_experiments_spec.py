"""Experiment files: what loads, and one clear error for each kind of bad file or flag."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sim.experiments.spec import ExperimentError, load_experiment, parse_assignments


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path, "town.toml", 'name = "town"\nsteps = 30\n')


def test_loads_a_grid_with_nested_and_quoted_keys(tmp_path, base):
    path = write(
        tmp_path,
        "exp.toml",
        """
        scenario = "town.toml"
        replicates = 3
        seed = 9
        [factors]
        power.delegation = [0.1, 0.9]
        "power.list_clarity" = [0.2, 0.5, 0.8]
        [overrides]
        city.residents = 600
    """,
    )
    exp = load_experiment(path)
    assert exp.base == base.resolve()
    assert exp.steps == 30  # from the scenario when the experiment does not say
    assert list(exp.factors) == ["power.delegation", "power.list_clarity"]
    assert exp.overrides == {"city.residents": 600}
    assert exp.name == "exp"


def test_set_splits_experiment_keys_from_scenario_keys(tmp_path, base):
    path = write(tmp_path, "exp.toml", 'scenario = "town.toml"\n[factors]\npower.delegation = [0.1]\n')
    exp = load_experiment(path, parse_assignments(["steps=5", "replicates=2", "city.residents=700", "output.every=2"]))
    assert (exp.steps, exp.spec.replicates, exp.every) == (5, 2, 2)
    assert exp.overrides == {"city.residents": 700}


def test_identity_changes_with_the_scenario_file(tmp_path, base):
    path = write(tmp_path, "exp.toml", 'scenario = "town.toml"\n')
    before = load_experiment(path).identity()
    assert load_experiment(path).identity() == before
    base.write_text('name = "town"\nsteps = 31\n', encoding="utf-8")
    assert load_experiment(path).identity() != before


BAD = {
    "unknown top-level key": ('scenario = "town.toml"\nreplicate = 3\n', "replicate"),
    "unknown scenario key": ('scenario = "town.toml"\n[factors]\npower.delegaton = [0.1]\n', "power.delegaton"),
    "value out of range": ('scenario = "town.toml"\n[factors]\npower.delegation = [0.5, 1.5]\n', "1.5"),
    "list for a sampled design": (
        'scenario = "town.toml"\ndesign = "lhs"\nsamples = 4\n[factors]\npower.delegation = [0.1, 0.2]\n',
        "low = …, high",
    ),
    "range for a grid": (
        'scenario = "town.toml"\n[factors]\npower.delegation = { low = 0.1, high = 0.2 }\n',
        "list of values",
    ),
    "sobol size": (
        'scenario = "town.toml"\ndesign = "sobol"\nsamples = 100\n[factors]\n'
        "power.delegation = { low = 0.1, high = 0.2 }\n"
        "power.list_clarity = { low = 0.1, high = 0.2 }\n",
        "power of 2",
    ),
    "missing samples": (
        'scenario = "town.toml"\ndesign = "morris"\n[factors]\n'
        "power.delegation = { low = 0.1, high = 0.2 }\n"
        "power.list_clarity = { low = 0.1, high = 0.2 }\n",
        "samples",
    ),
    "low above high": (
        'scenario = "town.toml"\ndesign = "lhs"\nsamples = 4\n[factors]\n'
        "power.delegation = { low = 0.5, high = 0.2 }\n",
        "below high",
    ),
    "missing scenario": ("replicates = 2\n", "scenario"),
    "no such scenario": ('scenario = "nowhere.toml"\n', "nowhere.toml"),
    "bad design": ('scenario = "town.toml"\ndesign = "factorial"\n', "grid"),
    "unknown kept outcome": ('scenario = "town.toml"\n[output]\nkeep = ["happiness"]\n', "happiness"),
    "not TOML": ('scenario = "town.toml"\nsteps = \n', "not valid TOML"),
    "unequal lists": (
        'scenario = "town.toml"\ndesign = "list"\n[factors]\n'
        "power.delegation = [0.1, 0.2]\npower.list_clarity = [0.3]\n",
        "same length",
    ),
    "mixed kinds": ('scenario = "town.toml"\n[factors]\npower.delegation = [0.1, "high"]\n', "mixes kinds"),
    "factor and override": (
        'scenario = "town.toml"\n[factors]\npower.delegation = [0.1]\n[overrides]\npower.delegation = 0.2\n',
        "both a factor",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_files_give_one_clear_error(tmp_path, base, case):
    text, expected = BAD[case]
    path = write(tmp_path, "exp.toml", text)
    with pytest.raises(ExperimentError) as err:
        load_experiment(path)
    message = str(err.value)
    assert expected in message
    assert str(path) in message  # names the file
    assert "Traceback" not in message


def test_bad_assignments(tmp_path, base):
    path = write(tmp_path, "exp.toml", 'scenario = "town.toml"\n')
    with pytest.raises(ExperimentError, match="expected key=value"):
        parse_assignments(["city.residents"])
    with pytest.raises(ExperimentError, match="residentz"):
        load_experiment(path, parse_assignments(["city.residentz=600"]))
    with pytest.raises(ExperimentError, match="replicates"):
        load_experiment(path, parse_assignments(["replicates=0"]))


def test_keep_defaults_and_allowed_names_come_from_the_outcome_registry(tmp_path, base, monkeypatch):
    """An outcome declared in sim.core.outcomes is allowed in, and kept by, experiment files."""
    from sim.core import outcomes

    path = write(tmp_path, "exp.toml", 'scenario = "town.toml"\n[output]\nkeep = ["queue_minutes"]\n')
    with pytest.raises(ExperimentError, match="queue_minutes"):
        load_experiment(path)
    assert "queue_minutes" not in load_experiment(write(tmp_path, "plain.toml", 'scenario = "town.toml"\n')).keep
    monkeypatch.setitem(outcomes.OUTCOMES, "queue_minutes", outcomes.Outcome(
        "queue_minutes", ("排隊分鐘", "minutes in the queue"), "minutes", False, "minutes waited", keep=True))
    assert load_experiment(path).keep == ["queue_minutes"]
    default = load_experiment(tmp_path / "plain.toml").keep
    assert default == outcomes.default_keep() and default[-1] == "queue_minutes"
    assert "satisfaction_mean" in default
