"""Every word the dashboard shows, in 中文 and English, and the session's language choice.

``STRINGS`` maps a key to its Chinese and English text; :func:`tr` looks one up in the current
session's language.  Lever names live on the levers' schema fields (``sim/scenario/policy.py``,
read by :mod:`sim.dashboard.levers`) and outcome names (with whether higher is better) in
:mod:`sim.core.outcomes`, so the whole vocabulary of the essay stays in one place per kind of thing.
"""

from __future__ import annotations

import solara

from sim.core.outcomes import OUTCOMES

LANGUAGES = ("zh", "en")

lang = solara.reactive("zh")
"""The current session's language (each browser session has its own value)."""

STRINGS: dict[str, tuple[str, str]] = {
    # frame and navigation
    "app_title": ("市域治理模擬器", "Municipal governance simulator"),
    "nav_explore": ("探索", "Explore"),
    "nav_compare": ("比較", "Compare"),
    "nav_results": ("實驗結果", "Results"),
    "nav_teach": ("教學", "Teach"),
    "lang_switch": ("English", "中文"),
    "footer": (
        "模型：街道 → 社區 → 小區 → 居民；一步為一天。",
        "Model: streets → communities → compounds → residents; one step is one day.",
    ),
    # explore
    "scenario": ("情景", "Scenario"),
    "preset": ("預設情景", "Preset"),
    "levers": ("政策槓桿", "Policy levers"),
    "levers_help": (
        "移動任何槓桿，模擬就以新設定從第 0 天重新開始。",
        "Moving a lever starts the run again from day 0 with the new setting.",
    ),
    "play": ("播放", "Play"),
    "pause": ("暫停", "Pause"),
    "step": ("單步", "Step"),
    "reset": ("重置", "Reset"),
    "speed": ("速度（天/秒）", "Speed (days per second)"),
    "day": ("第 {day} 天", "Day {day}"),
    "of_days": ("共 {steps} 天", "of {steps}"),
    "shown_rate": ("顯示速度：{rate:.1f} 天/秒", "Shown: {rate:.1f} days per second"),
    "finished": ("模擬已結束（已到最後一天）。", "The run has reached its last day."),
    "charts": ("結果隨時間變化", "Outcomes over time"),
    "city_picture": ("城市圖：街道 → 社區 → 小區", "The city: streets → communities → compounds"),
    "colour_by": ("著色依據", "Colour by"),
    "flow": ("訴求流向", "Flow of issues"),
    "flow_help": (
        "訴求在哪一層提出、上報、在部門間推諉、被推回、在哪裡解決或被放棄。",
        "Where issues are raised, escalated, bounced between departments, pushed down, resolved or abandoned.",
    ),
    "no_flow": ("尚無訴求，請先運行幾天。", "No issues yet: run a few days first."),
    "upload_scenario": ("上傳情景檔（TOML）", "Upload a scenario file (TOML)"),
    "upload_help": (
        "拖放一個 .toml 情景檔（最大 {kb} KB）；它只在本次會話中使用，不會保存。",
        "Drop a .toml scenario file (at most {kb} KB); it is used in this session only and never saved.",
    ),
    "uploaded": ("已載入上傳的情景：{name}", "Loaded the uploaded scenario: {name}"),
    "too_large": ("檔案太大：{size} KB，上限 {kb} KB。", "File too large: {size} KB, limit {kb} KB."),
    "invalid_scenario": ("情景無效：", "Invalid scenario:"),
    "model_missing": (
        "模型核心尚未安裝（sim.core），無法運行。",
        "The model core (sim.core) is not available, so nothing can run.",
    ),
    "metrics_now": ("當前數值", "Current values"),
    # the city picture's columns (per compound)
    "city_residents": ("居民", "residents"),
    "city_backlog": ("積壓訴求", "backlog (open issues)"),
    "city_satisfaction": ("滿意度", "satisfaction"),
    # compare
    "compare_intro": (
        "選擇 2 至 4 個情景，每個運行多次（不同隨機種子），比較平均結果及 95% 置信區間。",
        "Choose 2 to 4 scenarios; each runs several times (different seeds) and the averages "
        "are compared with 95% confidence intervals.",
    ),
    "scenario_n": ("情景 {letter}", "Scenario {letter}"),
    "add_scenario": ("加一個情景", "Add a scenario"),
    "remove": ("移除", "Remove"),
    "edit_levers": ("調整槓桿", "Edit levers"),
    "replicates": ("重複次數", "Replicates"),
    "days": ("天數", "Days"),
    "run_compare": ("開始比較", "Run comparison"),
    "cancel": ("取消", "Cancel"),
    "progress": ("進度：{done}/{total} 次運行", "Progress: {done} of {total} runs"),
    "failed_title": ("運行失敗", "The run failed"),
    "cancelled": ("已取消。", "Cancelled."),
    "failed": ("運行失敗：{error}", "A run failed: {error}"),
    "bands_title": ("隨時間變化（陰影為 95% 置信區間）", "Over time (shaded: 95% confidence interval)"),
    "bars_title": (
        "最終結果（誤差線為 95% 置信區間；* 表示與 A 差異顯著）",
        "Final outcomes (error bars: 95% CI; * differs significantly from A)",
    ),
    "verdicts": ("結論", "Verdicts"),
    "outcome": ("結果指標", "Outcome"),
    "verdict_more": (
        "{b} 的「{outcome}」比 {a} 高 {pct:.0f}%（95% 置信區間 {lo:.0f}% 至 {hi:.0f}%）。",
        "{b} has {pct:.0f}% (CI {lo:.0f}–{hi:.0f}%) more {outcome} than {a}.",
    ),
    "verdict_less": (
        "{b} 的「{outcome}」比 {a} 低 {pct:.0f}%（95% 置信區間 {lo:.0f}% 至 {hi:.0f}%）。",
        "{b} has {pct:.0f}% (CI {lo:.0f}–{hi:.0f}%) less {outcome} than {a}.",
    ),
    "verdict_same": (
        "{b} 與 {a} 的「{outcome}」沒有可靠差異（差 {pct:+.0f}%，95% 置信區間 {lo:+.0f}% 至 {hi:+.0f}%）。",
        "No reliable difference in {outcome} between {b} and {a} ({pct:+.0f}%, CI {lo:+.0f} to {hi:+.0f}%).",
    ),
    "verdict_same_abs": (
        "{b} 與 {a} 的「{outcome}」沒有可靠差異（差 {diff:+.3g}，95% 置信區間 {lo:+.3g} 至 {hi:+.3g}）。",
        "No reliable difference in {outcome} between {b} and {a} ({diff:+.3g}, CI {lo:+.3g} to {hi:+.3g}).",
    ),
    "verdict_abs_more": (
        "{b} 的「{outcome}」比 {a} 高 {diff:.3g}（95% 置信區間 {lo:.3g} 至 {hi:.3g}）。",
        "{b} has {outcome} higher than {a} by {diff:.3g} (CI {lo:.3g} to {hi:.3g}).",
    ),
    "verdict_abs_less": (
        "{b} 的「{outcome}」比 {a} 低 {diff:.3g}（95% 置信區間 {lo:.3g} 至 {hi:.3g}）。",
        "{b} has {outcome} lower than {a} by {diff:.3g} (CI {lo:.3g} to {hi:.3g}).",
    ),
    "better": ("（較好）", " (better)"),
    "worse": ("（較差）", " (worse)"),
    # results
    "results_intro": (
        "打開 results/ 下的一個實驗資料夾，查看設計並按任一因素繪製任一結果（附 95% 置信區間）。",
        "Open an experiment folder under results/, see its design, and plot any outcome by any "
        "factor with 95% confidence intervals.",
    ),
    "experiment": ("實驗", "Experiment"),
    "no_experiments": (
        "results/ 下沒有實驗資料夾（需含 runs.parquet）。請先用 python -m sim experiment 運行實驗。",
        "No experiment folders under results/ (a folder needs runs.parquet). Run one with "
        "python -m sim experiment first.",
    ),
    "design": ("實驗設計", "Design"),
    "runs_count": (
        "共 {runs} 次運行，{points} 個設計點，每點 {reps} 次重複。",
        "{runs} runs, {points} design points, {reps} replicates per point.",
    ),
    "factor": ("因素", "Factor"),
    "no_factor": ("（無因素）", "(no factor)"),
    "factor_values": ("取值", "Values"),
    "by_factor": ("按因素分組", "By factor"),
    "cannot_open": ("無法打開", "Cannot open"),
    "manifest": ("實驗記錄（manifest）", "Manifest"),
    "failed_runs": ("其中 {n} 次運行失敗，已排除。", "{n} runs failed and are left out."),
    # teach
    "teach_intro": (
        "每個故事：一個問題，先作預測，再運行模型，最後看機制的解釋。",
        "Each story: a question, your prediction, the run, and an explanation of the mechanism.",
    ),
    "question": ("問題", "Question"),
    "your_prediction": ("你的預測", "Your prediction"),
    "run_story": ("運行這個故事", "Run this story"),
    "running": ("運行中……", "Running…"),
    "what_happened": ("發生了什麼", "What happened"),
    "why": ("為什麼", "Why"),
    "pred_right": ("你的預測正確！", "Your prediction was right!"),
    "pred_wrong": ("結果和你的預測不同。", "The result differs from your prediction."),
    "pick_first": ("請先選一個預測。", "Pick a prediction first."),
    "story_result": (
        "「{outcome}」：{before_label} {before:.3g}，{after_label} {after:.3g}（{n} 次運行的平均）。",
        "{outcome}: {before_label} {before:.3g}, {after_label} {after:.3g} (mean of {n} runs).",
    ),
    "up": ("上升", "goes up"),
    "down": ("下降", "goes down"),
    "same": ("差不多", "stays about the same"),
}

# The Sankey's nodes: flow_counts() names them; these are their labels.
NODES: dict[str, tuple[str, str]] = {
    "raised": ("提出", "raised"),
    "compound": ("小區", "compound"),
    "community": ("社區", "community"),
    "street": ("街道", "street"),
    "department": ("部門", "department"),
    "resolved": ("已解決", "resolved"),
    "abandoned": ("被放棄", "abandoned"),
    "open": ("未結", "still open"),
}

COMPOUND_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "commodity": ("商品房小區", "commodity housing"),
    "old_estate": ("老舊小區", "old estate"),
    "resettlement": ("安置小區", "resettlement estate"),
    "work_unit": ("單位大院", "work-unit compound"),
    "mixed": ("混合/城中村", "mixed / urban village"),
}


def pick(pair: tuple[str, str], language: str | None = None) -> str:
    """The text of a (中文, English) pair in ``language`` (default: the session's)."""
    return pair[LANGUAGES.index(language or lang.value)]


def tr(key: str, language: str | None = None, **fields) -> str:
    """The text of ``key`` in the session's language, with ``{fields}`` filled in."""
    text = pick(STRINGS[key], language)
    return text.format(**fields) if fields else text


def outcome_name(name: str, language: str | None = None) -> str:
    """The label of an outcome (metric) column; unknown names are shown as they are."""
    return pick(OUTCOMES[name].label, language) if name in OUTCOMES else name


def node_name(name: str, language: str | None = None) -> str:
    """The label of a Sankey node."""
    return pick(NODES[name], language) if name in NODES else name
