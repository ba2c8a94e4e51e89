"""The Options (方案) page's words, in 中文 and English; :mod:`sim.dashboard.i18n` merges them into its table."""

from __future__ import annotations

OPTIONS_STRINGS: dict[str, tuple[str, str]] = {
    "nav_options": ("方案", "Options"),
    "options_intro": (
        "一次已完成的改革方案搜索（python -m sim optimise）：沒有別的方案在所有目標上都勝過的方案（前沿），"
        "每個方案用新的隨機種子重跑後的均值及 95% 置信區間。",
        "A finished search for reform packages (python -m sim optimise): the packages no other beats on every "
        "objective (the front), each re-run with fresh seeds, with means and 95% confidence intervals.",
    ),
    "options_search": ("方案搜索", "Search"),
    "no_searches": (
        "結果文件夾中還沒有方案搜索。運行：python -m sim optimise optimise_packages --workers 2",
        "No package search in the results folder yet. Run: python -m sim optimise optimise_packages --workers 2",
    ),
    "options_summary": (
        "情景 {scenario}，{steps} 天，方案在第 {day} 天作為改革採用；前沿上 {n} 個方案，每個重跑 {reps} 次。",
        "Scenario {scenario}, {steps} days, the package adopted as a reform on day {day}; {n} packages on the "
        "front, each re-run {reps} times.",
    ),
    "options_unfinished": (
        "這次搜索的最後一輪沒有完成；顯示的是上一輪的前沿。繼續：{command}",
        "The search's last session did not finish; the front shown is the previous session's. Continue: {command}",
    ),
    "options_robust_bad": ("robustness.csv 無法讀取（{why}），不顯示穩健性。",
                           "robustness.csv cannot be read ({why}); robustness is not shown."),
    "options_filters": ("按目標篩選", "Filter on the objectives"),
    "options_filters_help": ("範圍之外的方案從表格和平行坐標中隱去，在散點圖中變灰。",
                             "Packages outside a range are hidden from the table and the parallel coordinates "
                             "and greyed in the scatter."),
    "options_kept": ("顯示 {shown} / {total} 個方案", "{shown} of {total} packages shown"),
    "options_none_kept": ("沒有方案落在所有範圍之內：放寬篩選。",
                          "No package lies within every range: widen a filter."),
    "options_front": ("前沿", "The front"),
    "options_package": ("方案", "Package"),
    "options_within": ("合預算與約束", "Within budget and bounds"),
    "options_beaten": ("重跑後被別的方案勝過", "beaten once re-run"),
    "options_x": ("橫軸", "Horizontal axis"),
    "options_y": ("縱軸", "Vertical axis"),
    "options_scatter_title": ("兩個目標（95% 置信區間）", "Two objectives (95% CIs)"),
    "options_parallel_title": ("平行坐標：每條線一個方案（槓桿值，然後目標均值）",
                               "Parallel coordinates: one line per package (lever values, then outcome means)"),
    "options_robust": ("穩健性：最壞情形與遺憾", "Robustness: worst case and regret"),
    "options_robust_help": (
        "每個方案在不確定參數的每個樣本下都運行過。最壞：它在最不利樣本中的均值；最大遺憾：在任一樣本中落後於"
        "該樣本最佳方案的最大差距（0 表示從不落後）。",
        "Each package ran with every sample of the uncertain parameters. Worst: its mean in the sample least kind "
        "to it; largest regret: the most it falls behind the best package of that sample (0 = never behind).",
    ),
    "options_no_robust": ("這次搜索沒有做穩健性檢驗（文件中沒有 [robustness]）。",
                          "This search did not test robustness (no [robustness] in its file)."),
    "options_objective": ("目標", "Objective"),
    "options_mean": ("均值", "Mean"),
    "options_worst": ("最壞", "Worst"),
    "options_regret": ("最大遺憾", "Largest regret"),
    "options_choose": ("選一個方案", "Choose a package"),
    "options_levers_of": ("方案 {n} 的槓桿：{values}", "Package {n}'s levers: {values}"),
    "options_open_explore": ("在探索中打開", "Open in Explore"),
    "options_open_compare": ("在比較中與參照對比", "Compare with the reference"),
    "options_explore_help": (
        "探索打開情景 {preset}，方案的每個槓桿作為第 {day} 天的改革（不漸進），與搜索運行的一樣。",
        "Explore opens the scenario {preset} with each lever of the package as a reform on day {day} (no ramp), "
        "as the search ran it.",
    ),
    "options_compare_help": (
        "比較：A 為搜索的參照（未採用方案的城市），B 為加上此方案；按「運行比較」開始。",
        "Compare: A is the search's reference (the city without a package), B the same with this package; press "
        "Run comparison there.",
    ),
    "options_left_out": (
        "鏈接不能攜帶搜索的這些固定設定（不是槓桿）：{keys}；探索和比較用情景自己的值，數字會與搜索略有不同。"
        "要完全一樣的情景，請下載方案的情景文件。",
        "A link cannot carry these fixed keys of the search (they are not levers): {keys}; Explore and Compare use "
        "the scenario's own values, so their figures differ somewhat from the search's. For the exact scenario, "
        "download the package's scenario file.",
    ),
    "options_not_offered": (
        "搜索的基礎情景 {scenario} 不是本服務器提供的情景，不能用鏈接打開；請下載方案的情景文件，在探索中上傳。",
        "The search's base scenario {scenario} is not one this server offers, so no link can open it; download "
        "the package's scenario file and upload it on Explore.",
    ),
    "options_download_scenario": ("下載方案的情景文件（TOML）", "Download the package's scenario (TOML)"),
    "options_brief": ("政策簡報", "Policy brief"),
    "options_brief_missing": (
        "簡報比較重複運行的實驗組；這個方案還沒有這樣的實驗結果。下載實驗文件，然後運行：",
        "A brief compares groups of replicate runs of an experiment, which this package has not got yet. Download "
        "the experiment files, then run:",
    ),
    "options_brief_bundle": ("下載簡報實驗文件（zip）", "Download the brief's experiment (zip)"),
    "options_brief_ready": ("這個方案的簡報實驗已有結果：{folder}",
                            "This package's brief experiment has results: {folder}"),
    "options_brief_download": ("下載簡報（HTML）", "Download the brief (HTML)"),
    "options_brief_cannot": ("還不能寫簡報：{why}", "The brief cannot be written yet: {why}"),
}
"""Key → (中文, English) of every word on the Options page."""
