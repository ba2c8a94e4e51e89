"""Compare's finished comparison as a policy brief: HTML and PDF downloads in the page's language.

The brief is the one ``python -m sim brief`` writes of an experiment folder
(:mod:`sim.analysis.brief`): :func:`brief_input` hands it the replicate runs Compare holds in
memory — each arm's scenario as it ran, the replicates' outcomes and kept daily series, the shared
seeds — with the software, commit and times as provenance.  The PDF needs ``weasyprint`` and, in
Chinese, a CJK font on the server; :func:`pdf_problem` says which is missing and how to install it.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import solara

from sim.analysis.brief import BriefError, brief_of
from sim.analysis.brief_input import ArmRuns, BriefInput, Provenance
from sim.dashboard.components import Heading
from sim.dashboard.i18n import lang, pick, tr
from sim.dashboard.jobs import ArmResults
from sim.provenance import git_commit, package_versions

NAME = ("「比較」頁面的比較", "a comparison on the Compare page")


def brief_input(result: ArmResults, language: str | None = None) -> BriefInput:
    """The brief's input from Compare's arm results (arm A is the reference).

    Args:
        result: a finished comparison (:func:`sim.dashboard.jobs.run_arms`).
        language: the language of the brief's name.

    Returns:
        The arms' runs, seeds and provenance.
    """
    arms = []
    for label, finals in result.finals.items():
        series = {k: pd.DataFrame(v, columns=range(v.shape[1])) for k, v in result.series.get(label, {}).items()}
        # Compare labels an arm "A · preset✎"; the brief puts the letter in front itself and lists the edits
        title = label.partition(" · ")[2].rstrip("✎") or label
        arms.append(ArmRuns(label, result.scenarios[label], list(result.seeds), pd.DataFrame(finals), series,
                            title=title))
    reference = arms[0].scenario
    provenance = Provenance("compare", package_versions(), git_commit(), reference.name, reference.seed, "common",
                            result.started, result.ended)
    return BriefInput(pick(NAME, language), "", arms, result.replicates, result.steps, True, provenance,
                      vary_city=result.vary_city)


def brief_html(result: ArmResults, language: str) -> str:
    """The comparison's brief as one self-contained HTML page.

    Args:
        result: a finished comparison.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The page's text.
    """
    from sim.analysis.brief_render import render_html

    return render_html(brief_of(brief_input(result, language)), language)


def brief_pdf(html: str) -> bytes:
    """The brief's page printed as a PDF by weasyprint, fonts embedded (see :func:`pdf_problem` first).

    Args:
        html: the page from :func:`brief_html`.

    Returns:
        The PDF's bytes.
    """
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def pdf_problem(language: str) -> str | None:
    """Why the PDF cannot be made properly here, with what to install; None when it can.

    Args:
        language: the brief's language (Chinese needs a CJK font on the server).

    Returns:
        The message in the session's language, or None.
    """
    if importlib.util.find_spec("weasyprint") is None:
        return tr("compare_brief_no_pdf")
    from sim.analysis.figures import cjk_font

    if language == "zh" and cjk_font() is None:
        return tr("compare_brief_no_font")
    return None


@solara.component
def CompareBriefBox(result: ArmResults):
    """The brief of the comparison shown: an HTML and a PDF download, or why the PDF cannot be made."""
    language = lang.value
    html = solara.use_memo(lambda: _html_or_error(result, language), [result, language])
    # one function per page: a new one each render would reset the download button
    pdf = solara.use_memo(lambda: lambda: brief_pdf(html), [html])
    Heading(tr("compare_brief"))
    solara.Text(tr("compare_brief_help"), style={"font-size": "12px", "color": "#555"})
    if isinstance(html, BriefError):
        solara.Warning(tr("compare_brief_cannot", why=str(html)))
        return
    problem = pdf_problem(language)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="12px", classes=["compare-brief"]):
        solara.FileDownload(html, filename=f"brief-compare-{language}.html", label=tr("compare_brief_html"),
                            mime_type="text/html")
        if problem is None:
            solara.FileDownload(pdf, filename=f"brief-compare-{language}.pdf",
                                label=tr("compare_brief_pdf"), mime_type="application/pdf")
    if problem is not None:
        solara.Warning(problem, classes=["compare-brief-no-pdf"])


def _html_or_error(result: ArmResults, language: str) -> str | BriefError:
    try:
        return brief_html(result, language)
    except BriefError as err:
        return err
    except Exception as err:  # shown in the box; the comparison's results stay on the page
        return BriefError(f"{type(err).__name__}: {err}")
