"""Outcomes computed: what the model reports each day (DataCollector columns) and in a run's summary.

Which outcomes there are, their order and their meaning are declared in :mod:`sim.core.outcomes`;
this module computes their values.
"""

from __future__ import annotations

import math

import numpy as np

from sim.core.levels import RESOLVED_PLACES, resolved_places
from sim.scenario import COMPOUND_TYPES, LEVELS


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b else float("nan")


def _spread(values: list[float]) -> float:
    """Largest minus smallest of the values that are not NaN (NaN if none are)."""
    present = [v for v in values if not math.isnan(v)]
    return max(present) - min(present) if present else float("nan")


def _mean_of_sum(per_compound: np.ndarray, n: int) -> float:
    """The mean over ``n`` residents of a column summed per compound (NaN with no residents)."""
    return float(per_compound.sum() / n) if n else float("nan")


RESOLVED_AT = tuple(f"resolved_at_{place}" for place in RESOLVED_PLACES)
SATISFACTION_BY_TYPE = tuple(f"satisfaction_{t}" for t in COMPOUND_TYPES)
TRUST_BY_TYPE = tuple(f"trust_{t}" for t in COMPOUND_TYPES)
BACKLOG_AT = tuple(f"backlog_{lv}" for lv in LEVELS)


def daily_outcomes(model) -> dict[str, float]:
    """Compute today's outcomes from the model's columns and running totals.

    Args:
        model: the model after today's step (or at day 0).

    Returns:
        Every outcome of :func:`sim.core.outcomes.daily_names`, in that order.
    """
    book, res, city = model.issues, model.residents, model.city
    sums = res.sums_by_compound([res.satisfaction, res.trust, res.participation], city.n_compounds)
    sat_by_type, trust_by_type = (model.by_compound_type_of_sums(s).tolist() for s in sums[:2])
    backlog = model.backlog_by_level().tolist()
    satisfaction, trust, participation = (_mean_of_sum(s, res.n) for s in sums)
    return {
        **_issue_flow(book, model.raised_today, model.resolved_today),
        "satisfaction_mean": satisfaction,
        "trust_mean": trust,
        **dict(zip(SATISFACTION_BY_TYPE, sat_by_type, strict=True)),
        "satisfaction_gap": _spread(sat_by_type),
        **dict(zip(TRUST_BY_TYPE, trust_by_type, strict=True)),
        "trust_gap": _spread(trust_by_type),
        "community_admin_share": model.admin_share_mean(),
        "community_admin_hours": model.staffing.admin_hours_accepted,
        "staff_hours_per_resolved": _ratio(book.hours_worked + model.triage_hours,
                                           book.resolved),
        "participation_rate": participation,
        "volunteer_share": float(model.society.roster.sum() / city.n_residents),
        "social_orgs": float(model.society.orgs.sum()),
        "three_steps_stage": model.stages.city_stage(),
        "self_resolved_share": _ratio(model.stages.self_resolved, book.raised),
        "needs_supply_mismatch": model.supply.mismatch,
        "project_mismatch": model.projects.mismatch,
        **model.cases.window_rates(),
        **model.safe_city.window_outcomes(),
        "state_tasks_on_time": model.state_tasks.window_on_time(),
        "department_case_hours": float(model.capacity_today[city.dept_base:].sum()),
        "department_state_hours": model.state_tasks.department_hours_today,
        **dict(zip(BACKLOG_AT, backlog, strict=True)),
        **model.disaster.outcomes(book.cols["compound"], res.satisfaction),
        **model.approvals.window_outcomes(),
    }


def _issue_flow(book, raised_today: int, resolved_today: int) -> dict[str, float]:
    """The issue counts so far: how many, where and how fast resolved, how often passed on."""
    resolved_at = (resolved_places((book.resolved_by_level / book.resolved).tolist()) if book.resolved
                   else [float("nan")] * len(RESOLVED_PLACES))
    median_days, p90_days = book.percentile_days(0.5, 0.9)
    return {
        "issues_raised": book.raised,
        "issues_resolved": book.resolved,
        "issues_open": book.open_count,
        "issues_abandoned": book.abandoned,
        "issues_closed_unresolved": book.unresolved,
        "closed_unresolved_share": _ratio(book.unresolved, book.raised),
        "raised_today": raised_today,
        "resolved_today": resolved_today,
        "resolution_rate": _ratio(book.resolved, book.raised),
        "median_days_to_resolve": median_days,
        "p90_days_to_resolve": p90_days,
        "resolved_within_7_days": _ratio(int(book.days_histogram[:8].sum()), book.raised),
        **dict(zip(RESOLVED_AT, resolved_at, strict=True)),
        "bounces_per_issue": _ratio(book.bounces, book.raised),
        "escalations_per_issue": _ratio(book.escalations, book.raised),
        "pushdowns_per_issue": _ratio(book.pushdowns, book.raised),
        "hops_per_issue": _ratio(book.hops, book.raised),
    }


def shock_response(backlog: np.ndarray, start: int) -> tuple[float, float]:
    """Peak backlog from a shock's start on, and its recovery time.

    The recovery time is the days from the peak until the backlog has shed half of its rise over
    the level of the fortnight before the shock (NaN if it has not by the end of the run).

    Args:
        backlog: backlog by day (index = day).
        start: first day of the shock.
    """
    if start >= len(backlog):
        return float("nan"), float("nan")
    before = backlog[max(0, start - 14):start]
    normal = float(before.mean()) if len(before) else float(backlog[start])
    peak_day = start + int(np.argmax(backlog[start:]))
    peak = float(backlog[peak_day])
    half = normal + 0.5 * (peak - normal)
    after = np.flatnonzero(backlog[peak_day:] <= half)
    return peak, float(after[0]) if len(after) and peak > normal else float("nan")


def summary(model) -> dict:
    """The run's summary: final outcomes with nested breakdowns, shock response, scale."""
    out = {k: _clean(v) for k, v in model.metrics.items()}
    out["resolved_at"] = {place: out[f"resolved_at_{place}"] for place in RESOLVED_PLACES}
    out["resolved_at_count"] = dict(zip(RESOLVED_PLACES, resolved_places(
        [int(n) for n in model.issues.resolved_by_level]), strict=True))
    out["satisfaction_by_compound_type"] = {t: out[f"satisfaction_{t}"] for t in COMPOUND_TYPES}
    out["trust_by_compound_type"] = {t: out[f"trust_{t}"] for t in COMPOUND_TYPES}
    out["days"] = model.day
    out["whistles"] = model.issues.whistles
    out["grievances"] = model.issues.grievances
    out["overdue_cases"] = model.issues.overdue
    out["abandoned_at_count"] = {lv: int(model.issues.abandoned_by_level[i]) for i, lv in enumerate(LEVELS)}
    out["closed_unresolved_at_count"] = {lv: int(model.issues.unresolved_by_level[i])
                                         for i, lv in enumerate(LEVELS)}
    out["supervisions"] = model.issues.supervisions
    out["supervised_share"] = _clean(_ratio(model.issues.supervised_cases, model.issues.raised))
    backlog = np.asarray(model.backlog_history, dtype=float)
    peak, recovery = float(backlog.max()) if len(backlog) else 0.0, None
    ep = model.config.shocks.epidemic
    if ep.enabled:
        peak, rec = shock_response(backlog, ep.start)
        recovery = _clean(rec)
    out.update({k: _clean(v) for k, v in model.approvals.run_outcomes().items()})
    out["reform_cost"] = model.reform_costs.report()
    out["peak_backlog"] = _clean(peak)
    out["recovery_days"] = recovery
    out["hit_area_recovery_days"] = _hit_area_recovery(model)
    if model.cases.days:
        out.update({k: _clean(v) for k, v in model.cases.run_rates().items()})
        out.update({k: _clean(v) for k, v in model.safe_city.run_outcomes().items()})
        years = model.cases.by_period("year")
        out["by_year"] = {str(row["year"]): {k: _clean(row[k]) for k in (*model.cases.run_rates(), "raised", "days")}
                          for row in years.to_dict("records")}
        out["state_tasks_on_time"] = _clean(model.state_tasks.run_on_time())
        for year, share in model.state_tasks.by_year().items():
            out["by_year"].setdefault(year, {})["state_tasks_on_time"] = _clean(share)
    for year, cost in model.reform_costs.report_by_year().items():
        out.setdefault("by_year", {}).setdefault(year, {})["reform_cost"] = cost
    return out


def _hit_area_recovery(model) -> float | None:
    """Days from the hit area's peak backlog after a disaster until half its rise is shed (or None)."""
    disaster = model.config.shocks.disaster
    if not disaster.enabled:
        return None
    # Row 0 of the daily series is day 0 before its step; row d + 1 is the end of day d.
    series = np.asarray(model.datacollector.model_vars["hit_area_backlog"][1:], dtype=float)
    return _clean(shock_response(series, disaster.start)[1])


def _clean(v):
    """JSON-safe number: NaN becomes None, numpy scalars become Python numbers."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v
