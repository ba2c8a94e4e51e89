"""Results: open an experiment folder under results/, see its design, plot an outcome by a factor."""

from __future__ import annotations

import json
from pathlib import Path

import solara

from sim.dashboard import charts, over_time, state
from sim.dashboard.components import ErrorBox, Heading, OutcomeSelect, Table
from sim.dashboard.i18n import lang, tr
from sim.dashboard.results_io import Experiment, ResultsError, list_experiments, load_experiment
from sim.dashboard.results_io import results_root as default_root

PREFERRED = ("resolution_rate", "resolved_within_7_days", "satisfaction_mean")


def _load(root: Path, name: str) -> Experiment | str:
    if not name:
        return ""
    try:
        return load_experiment(root, name)
    except ResultsError as err:
        return str(err)


@solara.component
def Design(exp: Experiment):
    """How many runs, points and replicates, and the values each factor takes."""
    runs = exp.runs
    points = runs["point"].nunique() if "point" in runs else len(runs)
    reps = runs["replicate"].nunique() if "replicate" in runs else 1
    Heading(tr("design"))
    solara.Text(tr("runs_count", runs=len(runs), points=points, reps=reps), classes=["design-summary"])
    if exp.failed:
        solara.Warning(tr("failed_runs", n=exp.failed))
    rows = []
    for factor in exp.factors:
        values = sorted(runs[factor].dropna().unique().tolist(), key=str)
        shown = ", ".join(f"{v:.4g}" if isinstance(v, float) else str(v) for v in values[:12])
        more = f" … ({len(values)})" if len(values) > 12 else ""
        rows.append([factor, f"{shown}{more}"])
    if exp.factors:
        Table([tr("factor"), tr("factor_values")], rows)
    if exp.manifest:
        with solara.Details(tr("manifest")):
            solara.Preformatted(json.dumps(exp.manifest, indent=2, ensure_ascii=False, default=str)[:20_000])


@solara.component
def OverTime(exp: Experiment, factor: str | None):
    """The daily outcomes over time by ``factor`` with 95% bands, and downloads of what is shown."""
    names = over_time.series_outcomes(exp)
    preferred = [o for o in PREFERRED if o in names]
    outcome = state.result_series.value if state.result_series.value in names else (preferred or names or [""])[0]
    language = lang.value
    table = solara.use_memo(lambda: over_time.series_table(exp, factor, outcome), [exp, factor, outcome, language])
    start = solara.use_memo(lambda: over_time.start_date(exp), [exp])  # day 0 on the time axis
    Heading(tr("over_time"))
    if not names:
        solara.Text(tr("no_timeseries"), classes=["no-timeseries"])
        return
    OutcomeSelect(tr("outcome"), names, outcome, state.result_series.set)
    solara.FigurePlotly(over_time.over_time_figure(table, factor, outcome, language, start))
    most = int(table["runs"].max()) if len(table) else 0
    solara.Text(tr("over_time_bands", n=most) if most > 1 else tr("over_time_one"), style={"font-size": "12px"})
    solara.Text(tr("download_figure"), style={"font-size": "12px", "color": "#555"})
    stem = exp.name.replace("/", "_")
    with solara.Row(gap="8px", classes=["over-time-downloads"]):
        solara.FileDownload(lambda: over_time.table_csv(table, factor, outcome), filename=f"{stem}-{outcome}.csv",
                            label=tr("download_csv"), mime_type="text/csv")
        solara.FileDownload(lambda: over_time.table_svg(table, factor, outcome, language, start),
                            filename=f"{stem}-{outcome}.svg", label=tr("download_svg"), mime_type="image/svg+xml")


@solara.component
def Page(root: Path | None = None):
    """The Results page; ``root`` defaults to the server's results folder."""
    root = Path(root) if root is not None else default_root()
    names = solara.use_memo(lambda: list_experiments(root), [str(root)])
    chosen = state.experiment.value if state.experiment.value in names else ""
    loaded = solara.use_memo(lambda: _load(root, chosen), [str(root), chosen])
    solara.Text(tr("results_intro"))
    if not names:
        solara.Info(tr("no_experiments"))
        return
    solara.Select(
        tr("experiment"),
        values=names,
        value=chosen or None,
        on_value=lambda v: state.experiment.set(v if v in names else ""),
        style={"max-width": "480px"},
    )
    if isinstance(loaded, str):
        if loaded:
            ErrorBox(loaded, "cannot_open")
        return
    exp = loaded
    Design(exp)
    if not exp.outcomes:
        return
    factor = state.factor.value if state.factor.value in exp.factors else (exp.factors[0] if exp.factors else "")
    preferred = [o for o in PREFERRED if o in exp.outcomes]
    outcome = (
        state.result_outcome.value if state.result_outcome.value in exp.outcomes else (preferred or exp.outcomes)[0]
    )
    with solara.Row(gap="12px"):
        if exp.factors:
            solara.Select(
                tr("by_factor"),
                values=exp.factors,
                value=factor,
                on_value=state.factor.set,
                style={"max-width": "320px"},
            )
        OutcomeSelect(tr("outcome"), exp.outcomes, outcome, state.result_outcome.set)
    solara.FigurePlotly(charts.factor_figure(exp.runs, factor or None, outcome))
    OverTime(exp, factor or None)
