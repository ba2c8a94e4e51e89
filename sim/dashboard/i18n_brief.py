"""The words of Compare's brief box, in 中文 and English; :mod:`sim.dashboard.i18n` merges them into its table."""

from __future__ import annotations

BRIEF_STRINGS: dict[str, tuple[str, str]] = {
    "compare_brief": ("政策簡報", "Policy brief"),
    "compare_brief_help": (
        "把這次比較寫成一份簡短的政策簡報（問題、方案、主要結果及 95% 置信區間、結論、圖表、限制與來源），"
        "語言與頁面相同。",
        "This comparison as a short policy brief (the question, the arms, the headline outcomes with 95% "
        "confidence intervals, verdicts, charts, limitations and provenance), in the page's language.",
    ),
    "compare_brief_html": ("下載簡報（HTML）", "Download the brief (HTML)"),
    "compare_brief_pdf": ("下載簡報（PDF）", "Download the brief (PDF)"),
    "compare_brief_no_pdf": (
        "PDF 需要 weasyprint，本機未安裝。安裝：pip install 'shiyu-sim[pdf]'（或 pip install weasyprint），"
        "然後重新啟動儀表板。HTML 簡報不需要它。",
        "The PDF needs weasyprint, which is not installed here. Install it with pip install 'shiyu-sim[pdf]' (or "
        "pip install weasyprint) and restart the dashboard. The HTML brief does not need it.",
    ),
    "compare_brief_no_font": (
        "伺服器上沒有中文字型，PDF 中的中文會顯示為方框。安裝：apt-get install fonts-wqy-microhei"
        "（或 fonts-noto-cjk），然後重新啟動儀表板。",
        "The server has no Chinese font, so the PDF's Chinese text would show as boxes. Install one with "
        "apt-get install fonts-wqy-microhei (or fonts-noto-cjk) and restart the dashboard.",
    ),
    "compare_brief_cannot": ("還不能寫簡報：{why}", "The brief cannot be written: {why}"),
}
