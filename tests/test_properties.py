"""Property-based tests: whatever the levers, every issue ends in exactly one state and the
counts add up; shares stay shares.  The levers and their ranges come from the lever registry."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import GovernanceModel
from sim.scenario.levers import LEVERS


def lever_strategy(spec):
    """Values of one lever across its whole range, drawn by its kind."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "int":
        return st.integers(int(spec.low), int(spec.high))
    return st.floats(spec.low, spec.high, allow_nan=False)


levers = st.fixed_dictionaries({
    **{spec.key.replace(".", "__"): lever_strategy(spec) for spec in LEVERS},
    "shocks__epidemic__start": st.integers(0, 30), "shocks__epidemic__intensity": st.floats(0, 3),
    "issues__priority": st.sampled_from(["deadline", "oldest", "severity", "smallest"]),
    "issues__abandon_days": st.integers(1, 40),
})
"""Every lever of the registry plus the non-lever keys that change how issues flow."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=levers, seed=st.integers(0, 2**32 - 1))
def test_every_issue_ends_in_exactly_one_state(overrides, seed):
    model = GovernanceModel("classroom", rng=seed, city__residents=400, city__compounds=6,
                            city__communities=2, steps=40, **overrides)
    for _ in range(40):
        model.step()  # raises InvariantError the day the counts stop adding up
    table = model.issue_table()
    assert table["id"].is_unique and len(table) == model.issues.raised
    assert table["state"].isin(["open", "resolved", "abandoned", "unresolved"]).all()
    m = model.metrics
    for key in ("resolution_rate", "satisfaction_mean", "trust_mean", "community_admin_share",
                "participation_rate", "needs_supply_mismatch"):
        assert math.isnan(m[key]) or 0.0 <= m[key] <= 1.0, key
    ended = table["state"].isin(["abandoned", "unresolved"])
    assert (table.loc[ended, "closed"] - table.loc[ended, "raised"] <= overrides["issues__abandon_days"]).all()
    assert model.residents.needs.min() >= 0.0 and model.residents.needs.max() <= 1.0
