"""``brief``: a policy brief of an experiment's comparison, as HTML (and PDF), in 中文 or English."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.arguments import EXIT_OK, UsageError

PDF_HINT = "--pdf needs weasyprint: pip install 'shiyu-sim[pdf]' (or: pip install weasyprint)"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``brief`` command.

    Args:
        subparsers: the command line's sub-command group.
    """
    from sim.analysis.brief_text import LANGUAGES

    p = subparsers.add_parser(
        "brief",
        help="write a policy brief (HTML, optionally PDF) of an experiment's comparison",
        description="A short, self-contained brief for officials: the question, the arms and the "
        "levers they change, the headline outcomes with 95% confidence intervals and the "
        "differences from the reference, two charts, caveats and provenance.",
    )
    p.add_argument("dir", help="an experiment's result folder (or its compare/ folder)")
    p.add_argument("--lang", choices=LANGUAGES, default="zh", help="language: zh (中文, default) or en")
    p.add_argument("--pdf", action="store_true", help="also write a PDF beside the HTML (needs weasyprint)")
    p.add_argument("-o", "--out", metavar="FILE", help="the HTML file (default: DIR/brief-LANG.html)")
    p.set_defaults(func=cmd_brief)


def cmd_brief(args: argparse.Namespace) -> int:
    """Build the brief and write it; bad input is a :class:`UsageError` (exit 2)."""
    from sim.analysis.brief import BriefError, build_brief
    from sim.analysis.brief_input import find_results

    if args.pdf:
        try:
            import weasyprint  # noqa: F401  (checked before any work is done)
        except ImportError:
            raise UsageError(PDF_HINT) from None
    try:
        root = find_results(args.dir).root
        brief = build_brief(root)
    except BriefError as err:
        raise UsageError(str(err)) from None
    from sim.analysis.brief_render import render_html, write_pdf

    html_path = Path(args.out) if args.out else root / f"brief-{args.lang}.html"
    if html_path.suffix.lower() == ".pdf":
        html_path = html_path.with_suffix(".html")
    if not html_path.parent.is_dir():
        raise UsageError(f"-o {args.out}: no such folder {html_path.parent}")
    html = render_html(brief, args.lang)
    html_path.write_text(html, encoding="utf-8")
    written = [html_path]
    if args.pdf:
        _font_note(args.lang)
        written.append(write_pdf(html, html_path.with_suffix(".pdf")))
    print(f"brief of {len(brief.arms)} arms on {len(brief.outcomes)} outcomes: {', '.join(map(str, written))}")
    return EXIT_OK


def _font_note(language: str) -> None:
    """Warn when the PDF would set Chinese in boxes for want of a CJK font."""
    from sim.analysis.figures import FONT_HINT, cjk_font

    if language == "zh" and cjk_font() is None:
        print(f"note: {FONT_HINT}; the PDF's Chinese text needs one too", file=sys.stderr)
