"""Explore's share panel: download the edited scenario, a link that reopens it, what was changed."""

from __future__ import annotations

from typing import Any

import solara

from sim.dashboard import sharing
from sim.dashboard.components import Heading, Table
from sim.dashboard.i18n import lang, tr
from sim.dashboard.levers import changed_levers
from sim.scenario import Scenario, ScenarioError

NOTE = {"font-size": "12px", "color": "#555"}


@solara.component
def ShareBox(base: Scenario, source: str | None, edits: dict[str, Any], added: list[dict]):
    """The share panel of Explore.

    Args:
        base: the scenario the page started from (a preset or an upload).
        source: the preset's name, or None for an upload (a link can only name a preset).
        edits: the lever values chosen on the page.
        added: the reforms added on the page.
    """
    language = lang.value
    root = solara.use_router().root_path or ""
    rows = sharing.change_rows(base, edits, added, language)
    Heading(tr("share"))
    with solara.Div(classes=["share-box"]):
        Heading(tr("changed_title", name=source or base.name), level=4)
        if rows:
            with solara.Div(classes=["changed-table"]):
                Table([tr("col_lever"), tr("col_preset"), tr("col_now")], rows)
        else:
            solara.Text(tr("no_changes"), style=NOTE, classes=["no-changes"])

        def toml_text() -> str:
            try:
                scenario = sharing.edited_scenario(base, edits, added)
            except ScenarioError as err:  # the page refuses such edits before they are kept
                return f"# {err}\n"
            return sharing.scenario_file(scenario, source or base.name, sharing.change_rows(base, edits, added, "en"))

        solara.FileDownload(toml_text, filename=sharing.file_name(base), label=tr("download_toml"),
                            mime_type="application/toml")
        solara.Text(tr("download_help"), style=NOTE)
        if source is None:
            solara.Text(tr("link_upload"), style=NOTE, classes=["share-link-none"])
            return
        query = f"?{sharing.LINK_PARAM}={sharing.encode_link(source, changed_levers(base, edits), added)}"
        solara.v.Html(tag="a", attributes={"href": f"{root}/{query}"}, children=[tr("share_link")],
                      class_="share-link")
        solara.Text(tr("share_link_help"), style=NOTE)
