"""The DataCollector of the model's daily outcomes."""

from __future__ import annotations

import mesa


class OutcomeCollector(mesa.DataCollector):
    """Mesa's DataCollector for the day's outcomes, collected in one pass.

    It holds one model reporter per outcome, so every read-out of a DataCollector
    (``model_vars``, ``get_model_vars_dataframe``, ``batch_run``) works as usual.  ``collect``
    appends the values of ``model.metrics`` (plain numbers) directly, without calling each
    reporter and deep-copying its value as Mesa does for values of any kind: on a small city
    that takes a noticeable part of the step.
    """

    def collect(self, model: mesa.Model) -> None:
        """Append today's outcomes (and, in Mesa versions that record it, the time)."""
        if self.agent_reporters or self.agenttype_reporters:
            super().collect(model)
            return
        if hasattr(self, "_collection_steps"):  # Mesa ≥ 3.4 notes when each row was taken
            self._collection_steps.append(model.time)
        for name, values in self.model_vars.items():
            values.append(model.metrics[name])


def reporter(name: str):
    """A DataCollector model reporter reading one outcome from the model's metrics."""

    def report(model: mesa.Model) -> float:
        return model.metrics[name]

    report.__name__ = name
    return report
