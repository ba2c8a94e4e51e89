"""Every word the dashboard shows, in 中文 and English, and the session's language choice.

``STRINGS`` maps a key to its Chinese and English text; :func:`tr` looks one up in the current
session's language.  Lever names live on the levers' schema fields (``sim/scenario/policy.py``,
read by :mod:`sim.dashboard.levers`) and outcome names (with whether higher is better) in
:mod:`sim.core.outcomes`, so the whole vocabulary of the essay stays in one place per kind of thing.
"""

from __future__ import annotations

import solara

from sim.core.outcomes import OUTCOMES
from sim.dashboard.i18n_brief import BRIEF_STRINGS
from sim.dashboard.i18n_options import OPTIONS_STRINGS
from sim.dashboard.i18n_shocks import SHOCK_STRINGS

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
    # explore: charts legible on their own
    "panel_backlog": ("積壓訴求（件）", "Backlog (open issues)"),
    "panel_residents": ("居民滿意度與信任度（0–1）", "Residents' satisfaction and trust (0–1)"),
    "panel_resolution": ("解決情況（比例）", "Resolution (shares)"),
    "panel_community": ("社區工時與居民參與（比例）", "Community hours and participation (shares)"),
    "charts_empty": (
        "還沒有模擬任何一天：按「單步」或「播放」，曲線就會出現。",
        "No day simulated yet: press Step or Play and the lines appear.",
    ),
    # explore: follow a case, follow a resident
    "follow_case": ("跟蹤一件訴求", "Follow a case"),
    "follow_help": (
        "在城市圖上點一個小區（或在下面選一個），看它最近的訴求；點一件訴求，看它一天一天走過的路。",
        "Click a compound on the city picture (or pick one below) to list its recent cases; click "
        "a case to see the path it took, day by day.",
    ),
    "compound_pick": ("小區", "Compound"),
    "compound_n": ("小區 {n}", "compound {n}"),
    "community_n": ("社區 {n}", "community {n}"),
    "street_n": ("街道 {n}", "street {n}"),
    "department_n": ("{kind}（區 {district}）", "{kind} department (district {district})"),
    "city_department_n": ("{kind}（市級）", "city {kind} department"),
    "resident_n": ("居民 {n}", "resident {n}"),
    "recent_cases": ("{place}最近的訴求", "Recent cases of {place}"),
    "no_cases": ("這個小區還沒有訴求。", "No cases from this compound yet."),
    "case_n": ("訴求 {n}", "Case {n}"),
    "case_line": (
        "第 {raised} 天 · {domain} · {kind} · {state}",
        "day {raised} · {domain} · {kind} · {state}",
    ),
    "state_open": ("未結", "open"),
    "state_resolved": ("已解決", "resolved"),
    "state_abandoned": ("被放棄", "abandoned"),
    "state_unresolved": ("未解決辦結", "closed unresolved"),
    "case_title": ("訴求 {n}：{domain} · {kind}", "Case {n}: {domain} · {kind}"),
    "case_summary": (
        "上報 {escalations} 次，推諉 {bounces} 次，被推回 {pushdowns} 次。",
        "Escalated {escalations}×, bounced {bounces}×, pushed down {pushdowns}×.",
    ),
    "no_paths": (
        "這個情景不記錄訴求的路徑（output.keep_paths = false）。",
        "This scenario does not keep the cases' paths (output.keep_paths = false).",
    ),
    "path_day": ("第 {day} 天", "Day {day}"),
    "act_raise": ("提出", "raised"),
    "act_escalate": ("上報", "escalated"),
    "act_bounce": ("推諉", "bounced"),
    "act_pushdown": ("推回", "pushed down"),
    "act_handoff": ("轉交", "handed on"),
    "act_whistle": ("吹哨報到", "whistled"),
    "act_grievance": ("越級", "over heads"),
    "act_resolve": ("解決", "resolved"),
    "act_abandon": ("放棄", "abandoned"),
    "act_route": ("分派", "routed"),
    "act_carry": ("延續", "carried over"),
    "act_close_unresolved": ("未解決辦結", "closed unresolved"),
    "act_supervise": ("督辦", "supervised"),
    "add_reform": ("在某一天推行改革", "Add a reform on a day"),
    "reform": ("改革", "reform"),
    "vary_city": ("每個重複換一座城市（預設：同一座城市，只有過程不同）",
                  "A new city for each replicate (default: one city, only what happens differs)"),
    "add_reform_help": ("從某一天起把一個槓桿調到新值，並在若干天內逐步到位；圖上以虛線標出。",
                        "From a day on, a lever takes a new value, reaching it over a ramp; the charts mark the day."),
    "reform_lever": ("槓桿", "Lever"),
    "reform_value": ("新值", "New value"),
    "reform_day": ("開始日（第幾天）", "Starting day"),
    "reform_ramp": ("到位天數", "Ramp (days)"),
    "add_reform_button": ("加入改革", "Add reform"),
    "added_reform": ("{name} → {value}，第 {day} 天起，{ramp} 天到位",
                     "{name} → {value} from day {day}, over {ramp} days"),
    "clear_reforms": ("清除加入的改革", "Clear added reforms"),
    "case_rated": ("回訪：居民說{solved}，{rating}。", "Call-back: the resident says it was {solved}, {rating}."),
    "case_solved": ("已解決", "solved"),
    "case_not_solved": ("未解決", "not solved"),
    "rating_satisfied": ("滿意", "satisfied"),
    "rating_basically_satisfied": ("基本滿意", "basically satisfied"),
    "rating_unsatisfied": ("不滿意", "unsatisfied"),
    "reform_after_days": ("{arm} 的改革在 {date}（第 {day} 天）開始，比較的天數看不到它：請選至少 {need} 天。",
                          "{arm}'s reform starts on {date} (day {day}), after the days compared: choose at "
                          "least {need} days to see it."),
    "act_open": ("仍未結", "still open"),
    "hop_raise": ("{who}提出訴求，交到{target}。", "{who} raised it with {target}."),
    "hop_escalate": ("{source}無權處理，上報到{target}。", "{source} lacked the power and escalated it to {target}."),
    "hop_bounce": (
        "{source}說不歸自己管，推給{target}。",
        "{source} said it was not theirs and passed it to {target}.",
    ),
    "hop_pushdown": (
        "{source}把它推回給{target}（屬地責任）。",
        "{source} pushed it back down to {target} (territorial duty).",
    ),
    "hop_handoff": ("{source}做完自己那一部分，轉交{target}。", "{source} did its part and handed it on to {target}."),
    "hop_whistle": (
        "{source}吹哨，{target}報到，各相關部門聯合處理。",
        "{source} blew the whistle: {target} reported and the departments involved work it together.",
    ),
    "hop_grievance": ("拖得太久，居民越級找到{target}。", "It dragged on; the resident went over heads to {target}."),
    "hop_resolve": ("{target}解決了這件訴求。", "{target} resolved it."),
    "hop_abandon": ("到期限仍未解決，在{source}被放棄。", "Past its deadline, it was abandoned at {source}."),
    "hop_route": ("{source}按職責清單轉給{target}。", "{source} sent it to {target}, whose listed duty it is."),
    "hop_carry": ("記錄開始時（預熱期提出），它在{target}。",
                  "When the record began (it was raised in the warm-up), it was at {target}."),
    "hop_supervise": ("仍未解決，由上級督辦：交到{target}優先辦理。",
                      "Still unresolved, it was supervised from above: {target} works it first."),
    "hop_open": ("今天（第 {day} 天）仍在{target}等待處理。", "Today (day {day}) it is still waiting at {target}."),
    "open_resident": ("查看這位居民", "Open this resident"),
    "close_panel": ("關閉", "Close"),
    "resident_title": ("{who}（{place}）", "{who} ({place})"),
    "needs_by_domain": (
        "各領域未滿足的需求（0 已滿足 … 1 完全未滿足）",
        "Unmet need by domain (0 met … 1 wholly unmet)",
    ),
    "resident_now": (
        "滿意度 {satisfaction:.2f} · 信任度 {trust:.2f} · 參與 {participation:.2f} · 首選渠道：{channel}",
        "satisfaction {satisfaction:.2f} · trust {trust:.2f} · participation {participation:.2f} · "
        "first channel: {channel}",
    ),
    "channel_compound": ("小區", "compound"),
    "channel_community": ("社區", "community"),
    "channel_hotline": ("熱線", "hotline"),
    "channel_online": ("網上熱線", "online (12345)"),
    "resident_cases": ("這位居民的訴求", "This resident's cases"),
    "resident_history": (
        "開始跟蹤以來的滿意度與信任度",
        "Satisfaction and trust since you started following",
    ),
    "history_wait": (
        "繼續運行幾天，就能看到這位居民的變化。",
        "Run a few more days to see how this resident changes.",
    ),
    # explore: share a scenario
    "share": ("分享這個情景", "Share this scenario"),
    "changed_title": ("與預設情景「{name}」相比改了什麼", "Changed from the preset “{name}”"),
    "col_lever": ("槓桿", "Lever"), "col_preset": ("預設值", "Preset"), "col_now": ("當前值", "Now"),
    "no_changes": ("沒有改動：與預設情景相同。", "Nothing changed: the same as the preset."),
    "reform_row": ("第 {day} 天起為 {value}，{ramp} 天到位", "{value} from day {day}, over {ramp} days"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "download_toml": ("下載情景檔（.toml）", "Download the scenario (.toml)"),
    "download_help": ("檔案含整個情景（預設、槓桿、加入的改革）：python -m sim run 檔案 可直接運行，也可拖回本頁。",
                      "The file holds the whole scenario (preset, levers, added reforms): python -m sim run FILE "
                      "runs it, and this page's upload reads it back."),
    "share_link": ("重新打開這些設定的鏈接", "Link that reopens these settings"),
    "share_link_help": ("右鍵點鏈接並複製鏈接地址，發給同事即可。",
                        "Right-click the link and copy its address to send it."),
    "link_upload": ("上傳的情景不能用鏈接分享（鏈接只記錄對預設情景的改動）：請下載檔案發送。",
                    "An uploaded scenario cannot be shared by link (a link records changes to a preset): "
                    "send the downloaded file instead."),
    "share_compare": ("分享這個比較", "Share this comparison"),
    "download_arm": ("下載情景 {arm}（.toml）", "Download scenario {arm} (.toml)"),
    "download_arm_help": ("每個檔案含一個完整情景：python -m sim run 檔案 可直接運行，也可在「探索」頁上傳。",
                          "Each file holds one whole scenario: python -m sim run FILE runs it, and Explore's "
                          "upload reads it back."),
    "compare_link": ("重新打開這個比較的鏈接", "Link that reopens this comparison"),
    "bad_compare_link": ("無法打開這個分享鏈接（{why}），已改為打開預設的比較。",
                         "This shared link cannot be opened ({why}); the default comparison is shown instead."),
    "bad_link": ("無法打開這個分享鏈接（{why}），已改為打開預設情景。",
                 "This shared link cannot be opened ({why}); the preset is shown instead."),
    # results: over time
    "over_time": ("每日結果隨時間變化", "Daily outcomes over time"),
    "over_time_bands": ("線為各重複的平均，陰影為 95% 置信區間（{n} 次重複）。",
                        "Lines are means over replicates, shaded: 95% confidence interval ({n} replicates)."),
    "over_time_one": ("每組只有一次運行：沒有置信區間。", "One run per group: no confidence interval."),
    "no_timeseries": ("這個資料夾沒有 timeseries.parquet，無法畫隨時間的變化。",
                      "This folder has no timeseries.parquet, so nothing can be drawn over time."),
    "download_csv": ("下載所示數據（CSV）", "Download the data shown (CSV)"),
    "download_figure": ("下載圖片：圖右上角的相機按鈕存 PNG；下面的按鈕存 SVG。",
                        "Download the picture: the camera button at the chart's top right saves a PNG; "
                        "the button below saves an SVG."),
    "download_svg": ("下載 SVG", "Download SVG"),
    # teach: a story told case by case
    "story_cases": ("一件訴求的路", "One case's path"),
    "story_case_none": ("這次運行中沒有這樣的訴求。", "No such case in this run."),
    **OPTIONS_STRINGS,  # the Options page's words (sim/dashboard/i18n_options.py)
    **SHOCK_STRINGS,  # the shock group's words (sim/dashboard/i18n_shocks.py)
    **BRIEF_STRINGS,  # Compare's brief box (sim/dashboard/i18n_brief.py)
}

# The Sankey's nodes: flow_counts() names them; these are their labels.
NODES: dict[str, tuple[str, str]] = {
    "raised": ("提出", "raised"),
    "compound": ("小區", "compound"),
    "community": ("社區", "community"),
    "street": ("街道", "street"),
    "department": ("區級部門", "district department"),
    "city": ("市級部門", "city department"),
    "resolved": ("已解決", "resolved"),
    "abandoned": ("被放棄", "abandoned"),
    "unresolved": ("未解決辦結", "closed unresolved"),
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
