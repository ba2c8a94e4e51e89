"""Options (方案): a finished package search, and one of its packages opened in Explore, Compare or a brief.

The page shows the front, filters on the objectives and the robustness results, and opens a chosen
package in Explore, in Compare against the search's reference, or in a brief.

The reading and filtering are :mod:`sim.dashboard.options_io`'s, the figures
:mod:`sim.dashboard.options_charts`'s and the links and brief files :mod:`sim.dashboard.options_links`'s;
this module only draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import solara

from sim.analysis.brief import BriefError
from sim.dashboard import options_charts, options_io, options_links, state
from sim.dashboard.background import JobState
from sim.dashboard.components import ErrorBox, Heading, OutcomeSelect, Table
from sim.dashboard.i18n import lang, outcome_name, tr
from sim.dashboard.levers import LEVER_BY_KEY
from sim.dashboard.pages.compare import MAX_DAYS
from sim.dashboard.results_io import ResultsError
from sim.dashboard.results_io import results_root as default_root
from sim.scenario import ScenarioError

NOTE = {"font-size": "12px", "color": "#555"}


def _load(root: Path, name: str) -> options_io.Search | str:
    if not name:
        return ""
    try:
        return options_io.load_search(root, name)
    except ResultsError as err:
        return str(err)


def open_in_compare(search: options_io.Search, number: int, push) -> None:
    """Set Compare's arms to the reference and the package, its days to the search's, and go there."""
    arms = options_links.compare_arms(search, number)
    if arms is None:
        return
    state.arms.value = arms
    state.compare_job.value = JobState()
    steps = int(search.manifest.get("steps") or 120)
    state.compare_days.value = max(10, min(MAX_DAYS, 10 * round(steps / 10)))
    push()


@solara.component
def Filters(search: options_io.Search):
    """One range slider per objective that varies on the front; packages outside a range are hidden."""
    Heading(tr("options_filters"))
    solara.Text(tr("options_filters_help"), style=NOTE)
    for name, (low, high) in options_io.objective_limits(search).items():
        if not high > low:
            continue
        chosen = state.options_ranges.value.get(name, (low, high))

        def keep(value, name=name):
            state.options_ranges.value = {**state.options_ranges.value, name: (float(value[0]), float(value[1]))}

        with solara.Div(classes=[f"filter-{name}", "options-filter"], style={"max-width": "520px"}):
            solara.SliderRangeFloat(outcome_name(name), value=(max(chosen[0], low), min(chosen[1], high)),
                                    min=low, max=high, step=(high - low) / 100, on_value=keep)


@solara.component
def FrontView(search: options_io.Search, keep: np.ndarray):
    """The table of packages kept, the scatter of two chosen outcomes and the parallel coordinates."""
    language = lang.value
    names = options_io.table_columns(search)
    x, y = state.options_axes.value
    x = x if x in names else names[0]
    y = y if y in names else names[1 if len(names) > 1 else 0]
    chosen = state.options_package.value or None
    kept = tuple(bool(k) for k in keep)  # the figures are rebuilt only when what they show changes
    scatter = solara.use_memo(lambda: options_charts.scatter_figure(search, x, y, keep, chosen, language),
                              [search.name, x, y, kept, chosen, language])
    parallel = solara.use_memo(lambda: options_charts.parallel_figure(search, keep, language),
                               [search.name, kept, language])
    Heading(tr("options_front"))
    solara.Text(tr("options_kept", shown=int(keep.sum()), total=len(keep)), classes=["options-kept"])
    if not keep.any():
        solara.Warning(tr("options_none_kept"))
        return
    headers, rows = options_io.front_rows(search, keep, language)
    with solara.Div(classes=["options-front"], style={"overflow-x": "auto"}):
        Table(headers, rows)
    with solara.Row(gap="12px"):
        OutcomeSelect(tr("options_x"), names, x, lambda v: state.options_axes.set((v, y)))
        OutcomeSelect(tr("options_y"), names, y, lambda v: state.options_axes.set((x, v)))
    with solara.Div(classes=["options-scatter"]):
        solara.FigurePlotly(scatter)
    with solara.Div(classes=["options-parallel"]):
        solara.FigurePlotly(parallel)


@solara.component
def Robustness(search: options_io.Search, keep: np.ndarray):
    """Worst case and largest regret of the packages kept, when the search tested them."""
    Heading(tr("options_robust"))
    headers, rows = options_io.robustness_rows(search, keep, lang.value)
    if search.robustness is None:
        solara.Text(tr("options_no_robust"), style=NOTE, classes=["options-no-robust"])
        return
    solara.Text(tr("options_robust_help"), style=NOTE)
    with solara.Div(classes=["options-robust"]):
        Table(headers, rows)


@solara.component
def BriefBox(search: options_io.Search, number: int, root: Path):
    """The package's brief: a download when its experiment has results, else its files and commands."""
    language = lang.value
    folder = options_links.brief_folder(search, number, root)

    def written() -> str | BriefError | None:
        if folder is None:
            return None
        try:
            return options_links.brief_html(folder, language)
        except BriefError as err:
            return err

    brief = solara.use_memo(written, [str(folder), language])
    Heading(tr("options_brief"), level=4)
    name = options_links.brief_name(search, number)
    if isinstance(brief, str):
        solara.Text(tr("options_brief_ready", folder=str(folder)), style=NOTE)
        solara.FileDownload(brief, filename=f"{name}-{language}.html", label=tr("options_brief_download"),
                            mime_type="text/html")
        return
    if isinstance(brief, BriefError):
        solara.Warning(tr("options_brief_cannot", why=str(brief)))
    solara.Text(tr("options_brief_missing"), style=NOTE, classes=["options-brief-missing"])
    solara.Preformatted("\n".join(options_links.brief_commands(search, number, root, language)),
                        classes=["options-brief-commands"])
    solara.FileDownload(lambda: options_links.brief_bundle(search, number), filename=f"{name}.zip",
                        label=tr("options_brief_bundle"), mime_type="application/zip")


@solara.component
def PackagePanel(search: options_io.Search, keep: np.ndarray, root: Path):
    """Choose a package kept by the filters, then open it in Explore, in Compare, or in a brief."""
    router = solara.use_router()
    numbers = [int(n) for n in search.front.loc[keep, "package"]]
    Heading(tr("options_choose"))
    if not numbers:
        return
    number = state.options_package.value if state.options_package.value in numbers else numbers[0]
    solara.Select(tr("options_package"), values=[str(n) for n in numbers], value=str(number),
                  on_value=lambda v: state.options_package.set(int(v)), style={"max-width": "200px"},
                  classes=["options-package-select"])
    values = ", ".join(f"{LEVER_BY_KEY[k].label()} = {options_io.number(v)}" for k, v in search.package(number).items())
    solara.Text(tr("options_levers_of", n=number, values=values), classes=["options-package-levers"])
    try:
        scenario_text = options_links.package_file(search, number)
    except ScenarioError as err:
        ErrorBox(str(err), "cannot_open")
        return
    preset, query = options_links.preset_of(search), options_links.explore_query(search, number)
    if query is None:
        solara.Warning(tr("options_not_offered", scenario=search.spec.get("scenario", "")))
    else:
        root_path = router.root_path or ""
        with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.v.Html(tag="a", attributes={"href": f"{root_path}/{query}"}, children=[tr("options_open_explore")],
                          class_="options-explore-link")
            solara.Button(tr("options_open_compare"), color="primary", classes=["btn-options-compare"],
                          on_click=lambda: open_in_compare(search, number, lambda: router.push(f"{root_path}/compare")))
        solara.Text(tr("options_explore_help", preset=preset, day=search.spec.get("reform_day", 0)), style=NOTE)
        solara.Text(tr("options_compare_help"), style=NOTE)
        others = options_links.left_out(search)
        if others:
            solara.Text(tr("options_left_out", keys=", ".join(f"{k} = {v}" for k, v in others.items())), style=NOTE,
                        classes=["options-left-out"])
    solara.FileDownload(scenario_text, filename=f"{options_links.brief_name(search, number)}.toml",
                        label=tr("options_download_scenario"), mime_type="application/toml")
    BriefBox(search, number, root)


@solara.component
def Page(root: Path | None = None):
    """The Options page; ``root`` defaults to the server's results folder."""
    root = Path(root) if root is not None else default_root()
    names = solara.use_memo(lambda: options_io.list_searches(root), [str(root)])
    chosen = state.options_search.value if state.options_search.value in names else (names[0] if names else "")
    loaded = solara.use_memo(lambda: _load(root, chosen), [str(root), chosen])
    solara.Text(tr("options_intro"))
    if not names:
        solara.Info(tr("no_searches"), classes=["no-searches"])
        return

    def choose(value: str) -> None:
        state.options_search.value = value if value in names else ""
        state.options_ranges.value, state.options_package.value = {}, 0

    solara.Select(tr("options_search"), values=names, value=chosen or None, on_value=choose,
                  style={"max-width": "480px"}, classes=["options-search-select"])
    if isinstance(loaded, str):
        if loaded:
            ErrorBox(loaded, "cannot_open")
        return
    search = loaded
    spec = search.spec
    solara.Text(tr("options_summary", scenario=spec.get("scenario", ""), steps=search.manifest.get("steps", ""),
                   day=spec.get("reform_day", 0), n=len(search.front), reps=spec.get("final_replicates", "")),
                classes=["options-summary"])
    for note in search.notes:
        solara.Warning(note)
    keep = options_io.shown(search, state.options_ranges.value)
    Filters(search)
    FrontView(search, keep)
    Robustness(search, keep)
    PackagePanel(search, keep, root)
