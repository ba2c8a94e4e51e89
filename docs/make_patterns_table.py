"""Re-measure the indicative results table of docs/ODD.md §1.2 and print it as Markdown.

The three presets of the reform story (``baseline``, ``tianjin_2019``, ``full_programme``) are run
over their 2018–2020 years with seeds 1–5 on two worker processes; the rates per calendar year
come from each run's ``by_year`` summary, days and places from its issue table by the year a case
was raised.  Means over the seeds are printed, with the largest spread between seeds of each
yearly rate, so that a reader can tell a difference from noise.

Run from the project folder: ``.venv/bin/python docs/make_patterns_table.py`` (about a minute and
a half on two cores).  The figures go into the table by hand, with the commit that changed them.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from sim.core.model import GovernanceModel
from sim.runs import simulate
from sim.scenario import load_scenario

PRESETS = ("baseline", "tianjin_2019", "full_programme")
RATES = {
    "case_resolution_rate": ("hotline resolution rate (解決率)", "{:.2f}"),
    "case_satisfaction_rate": ("hotline satisfaction rate (滿意率)", "{:.2f}"),
    "response_rate": ("hotline response rate (響應率)", "{:.2f}"),
    "requests_per_1000": ("requests per 1,000 residents (all channels)", "{:.0f}"),
    "hotline_requests_per_1000": ("of them by the hotline", "{:.0f}"),
    "state_tasks_on_time": ("state tasks on time (國家需求)", "{:.2f}"),
}
LEVELS = ("compound", "community", "street", "department", "city")


def measure(preset: str, seed: int) -> dict:
    """One run's yearly rates, days to resolve, where cases ended and the needs at the end."""
    scenario = load_scenario(preset)
    model = GovernanceModel(scenario, rng=seed)
    simulate(model, scenario.steps)
    summary = model.summary()
    years = summary["by_year"]
    row: dict = {"preset": preset, "seed": seed}
    for year, values in years.items():
        for key in RATES:
            row[f"{key}:{year}"] = values[key]
        row[f"reform_hours:{year}"] = values["reform_cost"]["staff_hours"]
        row[f"reform_yuan:{year}"] = values["reform_cost"]["yuan"]
    table = model.issue_table()
    start = np.datetime64(scenario.start_date, "D")
    raised_year = (start + table["raised"].to_numpy().astype("timedelta64[D]")).astype("datetime64[Y]")
    table["year"] = raised_year.astype(int) + 1970
    resolved = table[table["state"] == "resolved"].copy()
    resolved["days"] = resolved["closed"].astype(float) - resolved["raised"]
    for year, group in resolved.groupby("year"):
        row[f"median_days:{year}"] = group["days"].median()
        row[f"p90_days:{year}"] = group["days"].quantile(0.9)
    last = resolved[resolved["year"] == resolved["year"].max()]
    for level, group in last.groupby("resolved_level"):
        row[f"median_at:{level}"] = group["days"].median()
        row[f"p90_at:{level}"] = group["days"].quantile(0.9)
    counted = table[table["year"] >= scenario.start_date.year]
    ended = counted[counted["state"] == "resolved"]
    for level in LEVELS:
        row[f"share_at:{level}"] = float((ended["resolved_level"] == level).mean()) if len(ended) else np.nan
    row["abandoned"] = float((counted["state"] == "abandoned").mean())
    row["closed_unresolved"] = float((counted["state"] == "unresolved").mean())
    row["same_day"] = float((ended["closed"].astype(float) == ended["raised"]).mean())
    for d, name in enumerate(model.residents.domains):
        row[f"need:{name}"] = float(model.residents.needs[d].mean())
    return row


def markdown(frame: pd.DataFrame) -> str:
    """The §1.2 table and the lines below it, from the runs' rows."""
    years = sorted({c.split(":")[1] for c in frame.columns if c.startswith("requests_per_1000:")})
    means = frame.groupby("preset").mean(numeric_only=True)
    spread = frame.groupby("preset").agg(lambda s: s.max() - s.min()).select_dtypes("number")
    head = "| | " + " | ".join(f"{p} {' / '.join(years)}" for p in PRESETS) + " |"
    lines = [head, "|---|" + "---|" * len(PRESETS)]
    for key, (label, fmt) in RATES.items():
        cells = []
        for preset in PRESETS:
            values = " / ".join(fmt.format(means.at[preset, f"{key}:{y}"]) for y in years)
            worst = max(spread.at[preset, f"{key}:{y}"] for y in years)
            cells.append(f"{values} (±{fmt.format(worst / 2)})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| median / p90 days to resolve | " + " | ".join(
        ", ".join(f"{means.at[p, f'median_days:{y}']:.0f} / {means.at[p, f'p90_days:{y}']:.0f}" for y in years)
        for p in PRESETS) + " |")
    lines.append(f"| median / p90 days at compound, community, street, district, city departments ({years[-1]}) | "
                 + " | ".join(", ".join(
                     f"{means.at[p, f'median_at:{lv}']:.0f} / {means.at[p, f'p90_at:{lv}']:.0f}"
                     for lv in LEVELS if f"median_at:{lv}" in means.columns) for p in PRESETS) + " |")
    lines.append("| reform cost, staff-hours / yuan a year (" + "; ".join(years[1:]) + ") | " + " | ".join(
        "; ".join(f"{means.at[p, f'reform_hours:{y}']:,.0f} h / {means.at[p, f'reform_yuan:{y}'] / 1e6:.2f} M"
                  for y in years[1:]) for p in PRESETS) + " |")
    lines.append("")
    for preset in PRESETS:
        m = means.loc[preset]
        places = " / ".join(f"{m[f'share_at:{lv}']:.2f}" for lv in LEVELS)
        needs = ", ".join(f"{c.split(':')[1]} {m[c]:.2f}" for c in means.columns if c.startswith("need:"))
        lines.append(f"- {preset}: resolved at compound / community / street / district / city department "
                     f"{places}; of all raised, abandoned {m['abandoned']:.3f}, closed unresolved "
                     f"{m['closed_unresolved']:.3f}; same-day share of resolved {m['same_day']:.2f}; "
                     f"mean needs at the end: {needs}")
    return "\n".join(lines)


def main() -> None:
    """Run the presets and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="replicates per preset (seeds 1..N)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    presets = [p for p in PRESETS for _ in range(args.seeds)]
    seeds = [s for _ in PRESETS for s in range(1, args.seeds + 1)]
    with ProcessPoolExecutor(args.workers) as pool:
        rows = list(pool.map(measure, presets, seeds))
    print(markdown(pd.DataFrame(rows)))


if __name__ == "__main__":
    main()
