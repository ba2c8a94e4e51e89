"""The trivial per-agent Mesa model the city-year is measured against: the Boltzmann wealth rule.

Mesa's introductory model: every agent starts with one unit of wealth and each step, in random
order (``AgentSet.shuffle_do``), an agent with wealth gives one unit to another agent picked at
random.  It is the least a per-agent Mesa model can do in a step, so the agent-steps per second it
reaches bound what a per-agent city would reach with any real rule: the city-year it implies is
``residents × 365 / rate``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import mesa


class WealthAgent(mesa.Agent):
    """An agent with some wealth, who gives one unit to a random agent each step if it has any.

    Args:
        model: the :class:`BoltzmannModel`.
    """

    def __init__(self, model: BoltzmannModel):
        """Start with one unit of wealth."""
        super().__init__(model)
        self.wealth = 1

    def exchange(self) -> None:
        """Give one unit of wealth to an agent picked at random (possibly oneself), if any is left."""
        if self.wealth > 0:
            other = self.model.agent_list[self.model.random.randrange(self.model.n)]
            other.wealth += 1
            self.wealth -= 1


class BoltzmannModel(mesa.Model):
    """``n`` wealth agents stepped in random order (Mesa's Boltzmann wealth model, without a grid).

    Args:
        n: number of agents.
        seed: the random seed.
    """

    def __init__(self, n: int, seed: int = 0):
        """Create the agents."""
        super().__init__(rng=seed)
        self.n = n
        for _ in range(n):
            WealthAgent(self)
        self.agent_list = list(self.agents)

    def step(self) -> None:
        """Every agent exchanges once, in random order."""
        self.agents.shuffle_do("exchange")


def agent_steps_per_second(n: int = 20_000, steps: int = 30, repeats: int = 3) -> dict[str, float]:
    """Agent-steps per second of the Boltzmann model (best of ``repeats``, wall and CPU).

    Args:
        n: agents.
        steps: steps timed per repeat (after one untimed step).
        repeats: repeats, each with its own seed.
    """
    walls, cpus = [], []
    for seed in range(repeats):
        model = BoltzmannModel(n, seed)
        model.step()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(steps):
            model.step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert sum(a.wealth for a in model.agents) == n  # wealth is only passed on
    return {"wall": n * steps / min(walls), "cpu": n * steps / min(cpus)}


def in_fresh_process(steps: int = 30) -> dict[str, float]:
    """:func:`agent_steps_per_second` measured in a Python process of its own.

    A process that has already built and dropped models (Mesa 3.3 keeps them alive) makes every
    allocation's garbage collection slower, which would slow the reference and flatter the ratio.
    """
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.boltzmann", str(steps)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(done.stdout)


if __name__ == "__main__":
    print(json.dumps(agent_steps_per_second(steps=int(sys.argv[1]) if len(sys.argv) > 1 else 30)))
