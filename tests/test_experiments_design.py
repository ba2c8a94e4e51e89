"""Designs and seeds: sizes, bounds, stratification, determinism, independent streams."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from sim.dashboard.jobs import replicate_seeds
from sim.experiments.designs import build_design
from sim.experiments.runner import plan_tasks
from sim.experiments.seeds import design_seed, run_seed, seed_int
from sim.experiments.spec import load_experiment


def experiment(tmp_path: Path, body: str, **extra):
    (tmp_path / "town.toml").write_text('name = "town"\nsteps = 20\n', encoding="utf-8")
    head = "\n".join(
        f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in {"scenario": "town.toml", **extra}.items()
    )
    path = tmp_path / "exp.toml"
    path.write_text(head + "\n" + textwrap.dedent(body), encoding="utf-8")
    return load_experiment(path)


def test_grid_is_the_full_factorial_in_file_order(tmp_path):
    exp = experiment(
        tmp_path,
        """
        [factors]
        power.delegation = [0.1, 0.9]
        output.keep_paths = [false, true]
        issues.abandon_days = [30, 60, 90]
    """,
    )
    design = build_design(exp)
    assert design.size == 12
    assert design.overrides(0) == {"power.delegation": 0.1, "output.keep_paths": False, "issues.abandon_days": 30}
    assert design.overrides(11) == {"power.delegation": 0.9, "output.keep_paths": True, "issues.abandon_days": 90}
    assert str(design.points["issues.abandon_days"].dtype) == "int64"
    assert str(design.points["output.keep_paths"].dtype) == "bool"


def test_list_design_pairs_values(tmp_path):
    exp = experiment(
        tmp_path,
        """
        [factors]
        power.delegation = [0.1, 0.5, 0.9]
        power.list_clarity = [0.2, 0.4, 0.6]
    """,
        design="list",
    )
    design = build_design(exp)
    assert design.size == 3
    assert design.overrides(2) == {"power.delegation": 0.9, "power.list_clarity": 0.6}


def test_lhs_is_stratified_bounded_and_seeded(tmp_path):
    body = """
        [factors]
        power.delegation = { low = 0.2, high = 0.6 }
        issues.abandon_days = { low = 10, high = 100, integer = true }
    """
    exp = experiment(tmp_path, body, design="lhs", samples=20, seed=3)
    points = build_design(exp).points
    x = points["power.delegation"].to_numpy()
    assert len(points) == 20 and x.min() >= 0.2 and x.max() <= 0.6
    # one draw in each of the 20 equal strata
    assert sorted(np.floor((x - 0.2) / 0.4 * 20).astype(int)) == list(range(20))
    assert str(points["issues.abandon_days"].dtype) == "int64"
    assert build_design(exp).points.equals(points)
    other = experiment(tmp_path, body, design="lhs", samples=20, seed=4)
    assert not build_design(other).points.equals(points)


@pytest.mark.parametrize(("design", "per"), [("morris", lambda d: d + 1), ("sobol", lambda d: d + 2)])
def test_salib_designs_have_their_sizes(tmp_path, design, per):
    exp = experiment(
        tmp_path,
        """
        [factors]
        power.delegation = { low = 0.0, high = 1.0 }
        power.list_clarity = { low = 0.0, high = 1.0 }
        joint.whistle = { low = 0.0, high = 1.0 }
    """,
        design=design,
        samples=8,
    )
    d = build_design(exp)
    assert d.size == 8 * per(3)
    assert d.problem["names"] == ["power.delegation", "power.list_clarity", "joint.whistle"]
    assert d.points.to_numpy().min() >= 0 and d.points.to_numpy().max() <= 1


def test_run_seeds_are_distinct_and_do_not_depend_on_the_design_size(tmp_path):
    small = experiment(tmp_path, "[factors]\npower.delegation = [0.1, 0.9]\n", replicates=50)
    large = experiment(tmp_path, "[factors]\npower.delegation = [0.1, 0.5, 0.9]\n", replicates=50)
    seeds_small = [t.seed for t, _ in plan_tasks(small, build_design(small))]
    seeds_large = [t.seed for t, _ in plan_tasks(large, build_design(large))]
    assert len(set(seeds_large)) == len(seeds_large) == 150
    assert seeds_large[:100] == seeds_small  # points 0 and 1 keep their streams
    streams = [np.random.default_rng(s).random(4) for s in seeds_large[:50]]
    assert len({tuple(s) for s in streams}) == 50


def test_common_random_numbers_share_a_stream_per_replicate(tmp_path):
    exp = experiment(tmp_path, "[factors]\npower.delegation = [0.1, 0.9]\n", replicates=4, seeding="common")
    tasks = [t for t, _ in plan_tasks(exp, build_design(exp))]
    assert [t.seed for t in tasks[:4]] == [t.seed for t in tasks[4:]]
    assert len({t.seed for t in tasks[:4]}) == 4
    assert run_seed(1, 0, 0) != run_seed(2, 0, 0)


def test_scenario_factor_switches_the_scenario_file(tmp_path):
    (tmp_path / "other.toml").write_text('name = "other"\n', encoding="utf-8")
    exp = experiment(tmp_path, '[factors]\nscenario = ["town.toml", "other.toml"]\n', replicates=1)
    tasks = [t for t, _ in plan_tasks(exp, build_design(exp))]
    assert [Path(t.source).name for t in tasks] == ["town.toml", "other.toml"]
    assert all("scenario" not in t.overrides for t in tasks)


def test_seeds_are_pinned_for_experiments_and_the_dashboard():
    # Both draw their integers with seeds.seed_int; these values are what they gave before it
    # was shared, so reproducing an old experiment or dashboard comparison still works.
    assert run_seed(7, 2, 1) == 8368018848918610408
    assert run_seed(7, 2, 1, "common") == 2753443177656058047
    assert design_seed(7) == 2021251017632032385
    assert replicate_seeds(20191, 3) == [2459408208470727068, 8926011111006981326, 6710953127856827815]
    assert all(0 <= seed_int(np.random.SeedSequence(s)) < 2**63 for s in range(50))
