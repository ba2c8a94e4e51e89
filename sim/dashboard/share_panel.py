"""The share panels of Explore and Compare: download the scenarios, a link that reopens them, what changed.

The work is :mod:`sim.dashboard.sharing`'s; these components only lay it out.
"""

from __future__ import annotations

import string
from typing import Any

import solara

from sim.dashboard import scenarios, sharing
from sim.dashboard.components import Heading, Table
from sim.dashboard.i18n import lang, tr
from sim.dashboard.levers import changed_levers
from sim.scenario import Scenario

NOTE = {"font-size": "12px", "color": "#555"}


@solara.component
def ChangedTable(base: Scenario, title: str, edits: dict[str, Any], added: list[dict],
                 shocks: dict[str, Any] | None = None):
    """The "changed from the preset" table of one scenario (or a line saying nothing changed)."""
    rows = sharing.change_rows(base, edits, added, lang.value, shocks)
    Heading(tr("changed_title", name=title), level=4)
    if rows:
        with solara.Div(classes=["changed-table"]):
            Table([tr("col_lever"), tr("col_preset"), tr("col_now")], rows)
    else:
        solara.Text(tr("no_changes"), style=NOTE, classes=["no-changes"])


def _link(href: str, label: str, classes: str) -> None:
    solara.v.Html(tag="a", attributes={"href": href}, children=[label], class_=classes)
    solara.Text(tr("share_link_help"), style=NOTE)


@solara.component
def ShareBox(base: Scenario, source: str | None, edits: dict[str, Any], added: list[dict],
             shocks: dict[str, Any] | None = None):
    """The share panel of Explore.

    Args:
        base: the scenario the page started from (a preset or an upload).
        source: the preset's name, or None for an upload (a link can only name a preset).
        edits: the lever values chosen on the page.
        added: the reforms added on the page.
        shocks: the shock settings chosen on the page.
    """
    root = solara.use_router().root_path or ""
    Heading(tr("share"))
    with solara.Div(classes=["share-box"]):
        ChangedTable(base, source or base.name, edits, added, shocks)
        solara.FileDownload(lambda: sharing.download_text(base, source or base.name, edits, added, shocks),
                            filename=sharing.file_name(base), label=tr("download_toml"),
                            mime_type="application/toml")
        solara.Text(tr("download_help"), style=NOTE)
        if source is None:
            solara.Text(tr("link_upload"), style=NOTE, classes=["share-link-none"])
            return
        query = f"?{sharing.LINK_PARAM}={sharing.encode_link(source, changed_levers(base, edits), added, shocks)}"
        _link(f"{root}/{query}", tr("share_link"), "share-link")


@solara.component
def CompareShareBox(specs: list[dict]):
    """The share panel of Compare: per arm what it changes and its scenario file, and one link.

    Args:
        specs: the arms as chosen, ``[{"source": preset, "levers": {key: value}}, ...]`` (with
            ``"reforms"`` when reforms were added to an arm, as the Options page does, and ``"shocks"``
            when its shock settings were changed).
    """
    root = solara.use_router().root_path or ""
    Heading(tr("share_compare"))
    with solara.Div(style={"display": "flex", "flex-wrap": "wrap", "align-items": "flex-start", "gap": "24px"},
                    classes=["compare-share"]):
        for index, spec in enumerate(specs):
            letter = string.ascii_uppercase[index]
            base = scenarios.load(spec["source"])
            with solara.Column(gap="4px", classes=[f"arm-share-{letter}"]):
                added, shocks = spec.get("reforms", []), spec.get("shocks")
                ChangedTable(base, f"{letter} · {scenarios.title(spec['source'], lang.value)}", spec["levers"], added,
                             shocks)
                solara.FileDownload(lambda base=base, spec=spec, added=added, shocks=shocks: sharing.download_text(
                                        base, spec["source"], spec["levers"], added, shocks),
                                    filename=f"{letter}-{sharing.file_name(base)}",
                                    label=tr("download_arm", arm=letter), mime_type="application/toml")
    solara.Text(tr("download_arm_help"), style=NOTE)
    _link(f"{root}/compare?{sharing.LINK_PARAM}={sharing.encode_arms(specs)}", tr("compare_link"),
          "compare-link")
