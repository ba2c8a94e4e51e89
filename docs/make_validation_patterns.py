"""Measure the patterns of docs/validation.md §4 that the classroom city can show, and print them.

Pattern-oriented modelling: regularities reported of complaint systems, blame avoidance and
queues that the model was not told to produce.  Each is measured on the classroom city (3,000
residents, a year from 2018-01-01, its pre-reform levers) over seeds 1..N on two worker
processes, one setting changed at a time:

* queueing: days to resolve as the load rises (``residents.issue_rate`` × 0.5 … 1.5): waiting
  should grow faster than the load near saturation (Kingman), and the time to resolve should have
  a long right tail (p90 several times the median) at every load;
* blame avoidance: bounces and push-downs per case as duties become clear (``power.list_clarity``
  0.1 / 0.5 / 0.9) and as territorial duty gives way to limited responsibility
  (``power.territorial`` 0.9 / 0.1);
* performance ranking (Campbell's law): the hotline's response, resolution and satisfaction rates
  and the share of cases closed unresolved with the ranking off and on (``ranking.strength`` 0 / 1,
  at ``command.unified_intake`` 0.9 and ``joint.evaluation`` 0.8 as under 接訴即辦, in the city
  split into three streets: a street alone has no rank among peers).

Run from the project folder: ``.venv/bin/python docs/make_validation_patterns.py`` (about two
minutes on two cores).  The figures go into docs/validation.md by hand, with the commit.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from sim.core.model import GovernanceModel
from sim.runs import simulate
from sim.scenario import load_scenario

LOADS = {f"load ×{m:g}": m for m in (0.5, 0.75, 1.0, 1.25, 1.5)}
"""Multiples of the classroom preset's ``residents.issue_rate``."""

SETTINGS = {
    **{label: {} for label in LOADS},
    **{f"list_clarity {c:g}": {"power.list_clarity": c} for c in (0.1, 0.5, 0.9)},
    "territorial 0.1": {"power.territorial": 0.1},
    **{f"ranking {s:g}": {"city.streets": 3, "command.unified_intake": 0.9, "joint.evaluation": 0.8,
                          "ranking.strength": s} for s in (0.0, 1.0)},
}
"""The settings measured: a label and the scenario keys it changes from the classroom preset."""

COLUMNS = ("requests_per_1000", "median_days_to_resolve", "p90_days_to_resolve", "bounces_per_issue",
           "pushdowns_per_issue", "response_rate", "case_resolution_rate", "case_satisfaction_rate",
           "closed_unresolved_share")


def measure(label: str, seed: int) -> dict:
    """One classroom year under one setting: the pattern columns of its summary."""
    keys = dict(SETTINGS[label])
    if label in LOADS:
        keys["residents.issue_rate"] = load_scenario("classroom").residents.issue_rate * LOADS[label]
    scenario = load_scenario("classroom", keys or None)
    model = GovernanceModel(scenario, rng=seed)
    simulate(model, scenario.steps)
    summary = model.summary()
    return {"setting": label, "seed": seed, **{c: summary[c] for c in COLUMNS}}


def main() -> None:
    """Run every setting over the seeds and print the means (and the spread between seeds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="replicates per setting (seeds 1..N)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    labels = [label for label in SETTINGS for _ in range(args.seeds)]
    seeds = [s for _ in SETTINGS for s in range(1, args.seeds + 1)]
    with ProcessPoolExecutor(args.workers) as pool:
        frame = pd.DataFrame(list(pool.map(measure, labels, seeds)))
    grouped = frame.groupby("setting", sort=False)[list(COLUMNS)]
    means, spread = grouped.mean(), grouped.max() - grouped.min()
    print("| | " + " | ".join(means.index) + " |")
    print("|---|" + "---|" * len(means.index))
    for column in COLUMNS:
        cells = (f"{means.at[s, column]:.3g} (±{spread.at[s, column] / 2:.2g})" for s in means.index)
        print(f"| {column} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
