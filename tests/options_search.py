"""The smallest finished package search the Options page tests read (about 20 s on one core).

Two levers of the classroom city, four candidates for one generation, the front re-run twice and
tested on two samples of one uncertain parameter: written by the real ``run_optimisation``.
"""

from __future__ import annotations

from pathlib import Path

TINY = """
name = "tiny"
scenario = "classroom"
steps = 30
seed = 5
replicates = 1
population = 4
generations = 1
final_replicates = 2
overrides = { warmup_days = 10, "power.delegation" = 0.5 }

[levers]
"command.chief_officials" = { low = 0.0, high = 1.0 }
"joint.whistle" = { low = 0.0, high = 1.0 }

[objectives]
response_rate = "max"
reform_cost_staff_hours_per_year = "min"

[budget]
staff_hours_per_year = 4000

[robustness]
samples = 2
replicates = 1
[robustness.parameters]
"ratings.answer_quality" = { low = 0.6, high = 1.0 }
"""


def make_search(root: Path, name: str = "optimisations/tiny") -> Path:
    """Run the tiny search into ``root/name`` and return that folder."""
    from sim.experiments.optimise import load_optimisation
    from sim.experiments.optimise.runner import run_optimisation

    root.mkdir(parents=True, exist_ok=True)
    source = root / "tiny.toml"
    source.write_text(TINY, encoding="utf-8")
    out = root / name
    run_optimisation(load_optimisation(source), out, progress=False)
    return out
