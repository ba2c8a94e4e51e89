"""The dashboard application: the five pages, the navigation bar and the language toggle.

Served by ``solara run sim.dashboard.app`` (``python -m sim dashboard`` does this).
"""

from __future__ import annotations

import solara

from sim.dashboard.i18n import LANGUAGES, lang, tr
from sim.dashboard.pages import compare, explore, options, results, teach

NAV = ("nav_explore", "nav_compare", "nav_results", "nav_options", "nav_teach")
BAR_STYLE = {
    "background": "#8b1a1a",
    "color": "white",
    "padding": "6px 16px",
    "align-items": "center",
    "flex-wrap": "wrap",
}


def toggle_language() -> None:
    """Switch the session between 中文 and English."""
    lang.value = LANGUAGES[1 - LANGUAGES.index(lang.value)]


@solara.component
def Layout(children=None):
    """Title, navigation, language toggle, then the current page."""
    current, routes = solara.use_route()
    solara.Title(tr("app_title"))
    with solara.Column(gap="0px", style={"min-height": "100vh"}):
        with solara.Row(style=BAR_STYLE, gap="8px", classes=["app-bar"]):
            solara.Text(tr("app_title"), style={"font-size": "20px", "font-weight": "600", "margin-right": "16px"})
            for route, key in zip(routes, NAV, strict=True):
                with solara.Link(solara.resolve_path(route)):
                    solara.Button(
                        tr(key), text=route is not current, dark=True, outlined=route is current, classes=[f"nav-{key}"]
                    )
            solara.v.Spacer()
            solara.Button(
                tr("lang_switch"), on_click=toggle_language, outlined=True, dark=True, classes=["lang-toggle"]
            )
        with solara.Column(style={"padding": "16px"}):
            solara.Column(children=children or [])
        solara.Text(tr("footer"), style={"font-size": "12px", "color": "#777", "padding": "0 16px 8px"})


routes = [
    solara.Route(path="/", component=explore.Page, label="Explore", layout=Layout),
    solara.Route(path="compare", component=compare.Page, label="Compare"),
    solara.Route(path="results", component=results.Page, label="Results"),
    solara.Route(path="options", component=options.Page, label="Options"),
    solara.Route(path="teach", component=teach.Page, label="Teach"),
]
