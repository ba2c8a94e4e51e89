"""The policy brief's texts in Chinese and English, kept in one place.

Every sentence the brief prints is a ``(中文, English)`` pair here; :func:`text` picks one and fills
in its fields.  Outcome labels come from the outcome registry (:mod:`sim.core.outcomes`), lever
names and essay terms from the lever registry, so neither is repeated here.  The caveats restate
docs/ODD.md §10 (what the model does not reproduce) in a sentence each; keep them true to it.
"""

from __future__ import annotations

from sim.core.outcomes import OUTCOMES

LANGUAGES = ("zh", "en")
"""The brief's languages: traditional Chinese (as the dashboard writes it) and English."""

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("政策簡報：{name}", "Policy brief: {name}"),
    "made": ("由市域治理模擬器生成，{date}", "Made by the municipal governance simulator, {date}"),
    "question_h": ("問題", "The question"),
    "question": (
        "與參照方案 {ref} 相比，其他方案在解決訴求、居民感受和基層負擔上有何不同？",
        "Compared with the reference arm {ref}, how do the other arms differ in resolving residents' "
        "issues, in how residents feel and in the burden on grassroots staff?",
    ),
    "own_words": ("實驗自述（原文）：", "The experiment's own description: "),
    "arms_h": ("比較的方案", "The arms compared"),
    "arms_intro": (
        "每個方案在同一城市上運行 {reps} 次（重複實驗），每次 {steps} 天。"
        "下表列出各方案與參照方案不同的政策槓桿及其在文中的名稱。",
        "Each arm ran {reps} times (replicates) on the same city, {steps} days each. Listed for each arm: the "
        "policy levers that differ from the reference, with the essay's term for each.",
    ),
    "arms_intro_vary": (
        "每個方案運行 {reps} 次（重複實驗），每次 {steps} 天；第 i 次重複的城市由其種子生成，各方案相同。"
        "下表列出各方案與參照方案不同的政策槓桿及其在文中的名稱。",
        "Each arm ran {reps} times (replicates), {steps} days each; replicate i drew its city from its seed, the "
        "same city for every arm. Listed for each arm: the policy levers that differ from the reference, with "
        "the essay's term for each.",
    ),
    "reference": ("參照方案", "reference"),
    "scenario": ("情景", "scenario"),
    "same_as_ref": ("（政策槓桿與參照方案相同）", "(the same levers as the reference)"),
    "lever_change": ("{term} — {name}：{old} → {new}", "{term} — {name}: {old} → {new}"),
    "from_start": ("自第 0 天起", "from day 0"),
    "from_date": ("自 {date} 起", "from {date}"),
    "ramp": ("，{days} 天內逐步到位", ", reaching full effect over {days} days"),
    "ref_reforms": ("本方案的改革時間表：", "This arm's own reform timeline: "),
    "other_setting": ("其他設定 {setting}：{old} → {new}", "other setting {setting}: {old} → {new}"),
    "results_h": ("主要結果", "Headline outcomes"),
    "results_intro": (
        "數值為各方案所有重複實驗的平均值，括號內為 95% 置信區間（自助法）。"
        "差異一欄是該方案減去參照方案，括號內為差異的 95% 置信區間；區間不含零時才算可靠的差異（✔）。{pairing}",
        "Values are each arm's mean over its replicates with a 95% confidence interval (bootstrap) in brackets. "
        "The difference is the arm minus the reference, with the 95% interval of that difference; only an "
        "interval that excludes zero counts as a reliable difference (✔). {pairing}",
    ),
    "paired": (
        "各方案的第 i 次重複使用相同的隨機數流（共同隨機數），差異按重複配對計算。",
        "Replicate i of every arm used the same random stream (common random numbers), so differences are "
        "paired by replicate.",
    ),
    "unpaired": (
        "各方案的重複實驗彼此獨立（各有自己的隨機數流）。",
        "The arms' replicates are independent runs, each with its own random stream.",
    ),
    "col_outcome": ("結果指標", "Outcome"),
    "col_arm": ("方案", "Arm"),
    "col_mean": ("平均值（95% 置信區間）", "Mean (95% CI)"),
    "col_diff": ("與參照方案之差（95% 置信區間）", "Difference from the reference (95% CI)"),
    "col_levers": (
        "政策槓桿（文中名稱 — 控制項：參照值 → 本方案值）", "Levers (essay term — control: reference → this arm)"
    ),
    "col_n": ("重複次數", "Runs"),
    "tradeoffs_h": ("代價與負擔", "Costs and burden"),
    "tradeoffs_intro": (
        "模擬器報告的成本與負擔指標：社區工時被行政事務佔用的比例，以及每解決一件訴求所用的工時。模型不計改革本身的資金成本。",
        "What the model reports on cost and burden: the share of community hours taken by admin tasks, and "
        "staff-hours per resolved issue. The model does not count the money a reform costs.",
    ),
    "verdicts_h": ("結論", "Verdicts"),
    "better": ("（更好）", " (better)"),
    "worse": ("（更差）", " (worse)"),
    "verdict_more": (
        "{b} 的「{outcome}」比 {a} 高 {pct:.1f}%（95% 置信區間 {lo:.1f}% 至 {hi:.1f}%）{judged}。",
        "{b} has {pct:.1f}% (95% CI {lo:.1f}–{hi:.1f}%) more {outcome} than {a}{judged}.",
    ),
    "verdict_less": (
        "{b} 的「{outcome}」比 {a} 低 {pct:.1f}%（95% 置信區間 {lo:.1f}% 至 {hi:.1f}%）{judged}。",
        "{b} has {pct:.1f}% (95% CI {lo:.1f}–{hi:.1f}%) less {outcome} than {a}{judged}.",
    ),
    "verdict_abs_more": (
        "{b} 的「{outcome}」比 {a} 高 {diff}（95% 置信區間 {lo} 至 {hi}）{judged}。",
        "{b} has {outcome} higher than {a} by {diff} (95% CI {lo} to {hi}){judged}.",
    ),
    "verdict_abs_less": (
        "{b} 的「{outcome}」比 {a} 低 {diff}（95% 置信區間 {lo} 至 {hi}）{judged}。",
        "{b} has {outcome} lower than {a} by {diff} (95% CI {lo} to {hi}){judged}.",
    ),
    "verdict_same": (
        "{b} 與 {a} 的「{outcome}」沒有可靠差異（差 {diff}，95% 置信區間 {lo} 至 {hi}）。",
        "No reliable difference in {outcome} between {b} and {a} ({diff}, 95% CI {lo} to {hi}).",
    ),
    "verdict_none": ("「{outcome}」：{b} 或 {a} 沒有可比較的數值。", "{outcome}: no values to compare for {b} or {a}."),
    "few_reps": (
        "注意：每個方案只有 {n} 次重複，置信區間很寬；正式使用前應增加重複次數。",
        "Note: only {n} replicates per arm, so the intervals are wide; add replicates before relying on them.",
    ),
    "failed_runs": ("注意：有 {n} 次運行失敗，未計入結果。", "Note: {n} run(s) failed and are left out."),
    "charts_h": ("圖表", "Charts"),
    "chart_diff": ("各方案與參照方案的差異（95% 置信區間）", "Each arm's difference from the reference (95% CI)"),
    "chart_diff_x": ("與參照方案之差（相對 %）", "difference from the reference (relative, %)"),
    "chart_band": ("「{outcome}」隨時間變化（平均值與 95% 置信帶）", "{outcome} over time (mean and 95% band)"),
    "caveats_h": ("模型不能說明的事", "What the model does not say"),
    "provenance_h": ("來源與可重現性", "Provenance and reproducibility"),
    "prov_version": ("模擬器版本 {sim}；Python {python}；Mesa {mesa}", "Simulator {sim}; Python {python}; Mesa {mesa}"),
    "prov_commit": ("程式碼提交 {commit}{dirty}", "Code commit {commit}{dirty}"),
    "prov_dirty": ("（含未提交修改）", " (with uncommitted changes)"),
    "prov_design": (
        "實驗 {name}：基礎情景 {base}，{points} 個方案 × {reps} 次重複，每次 {steps} 天",
        "Experiment {name}: base scenario {base}, {points} arms × {reps} replicates, {steps} days each",
    ),
    "prov_seed": (
        "實驗種子 {seed}（{seeding}）；每次運行的種子由 numpy SeedSequence 派生，見下表",
        "Experiment seed {seed} ({seeding}); each run's seed is spawned with numpy SeedSequence, listed below",
    ),
    "prov_compare": (
        "儀表板「比較」頁面：{points} 個方案（參照方案的情景 {base}）× {reps} 次重複，每次 {steps} 天",
        "The dashboard's Compare page: {points} arms (the reference's scenario {base}) × {reps} replicates, "
        "{steps} days each",
    ),
    "prov_compare_seed": (
        "基礎種子 {seed}（參照方案的種子）；各次重複的種子由 numpy SeedSequence 派生，各方案共用，見下表",
        "Base seed {seed} (the reference's); each replicate's seed is spawned with numpy SeedSequence and shared "
        "by every arm, listed below",
    ),
    "prov_compare_reproduce": (
        "重現：在「比較」頁面選擇相同的方案（各方案的 .toml 可在頁面下載），{reps} 次重複、{steps} 天；"
        "單次運行也可用 python -m sim run 方案.toml --steps {steps} --seed 種子 重現。",
        "To reproduce: choose the same arms on the Compare page (each arm's .toml downloads there), {reps} "
        "replicates, {steps} days; a single run also with python -m sim run ARM.toml --steps {steps} --seed SEED.",
    ),
    "prov_hash_ran": (
        "情景雜湊：按運行時的情景計算，與 `python -m sim run` 記錄的雜湊相同。",
        "Scenario hashes: of the scenarios as they ran, as `python -m sim run` records them.",
    ),
    "prov_dates": ("運行時間 {start} 至 {end}", "Runs made {start} to {end}"),
    "prov_identity": ("實驗識別雜湊 {identity}", "Experiment identity hash {identity}"),
    "prov_hash_ok": (
        "情景雜湊：與 `python -m sim run` 記錄的雜湊相同；情景文件自運行以來未改變（識別雜湊一致）。",
        "Scenario hashes: as `python -m sim run` records them; the scenario files are unchanged since the runs "
        "(the identity hash matches).",
    ),
    "prov_hash_changed": (
        "情景雜湊按現在的情景文件計算；文件自運行以來已改變或無法核對，雜湊可能與當時不同。",
        "Scenario hashes are computed from the scenario files as they are now; the files have changed since "
        "the runs or could not be checked, so they may differ from what ran.",
    ),
    "col_hash": ("情景雜湊", "Scenario hash"),
    "col_seeds": ("運行種子", "Run seeds"),
    "reproduce": ("重現：{command}", "To reproduce: {command}"),
}

CAVEATS: tuple[tuple[str, str], ...] = (
    (
        "模型中的行為與組織參數都未經數據校準，只是合理的數量級；應比較同一假設下的方案之間的差異，而不是看絕對數值。",
        "No behavioural or organisational number in the model is estimated from data; they are plausible orders "
        "of magnitude. Read the differences between arms under the same assumptions, not the absolute levels.",
    ),
    (
        "改革沒有成本：項目資金、公共物業服務、調研、一網統管和社工的工時，除了它們增加的工時外不計任何成本。",
        "Reforms cost nothing: project funding, public property services, surveys, the one network and social "
        "workers cost nothing beyond the hours they add.",
    ),
    (
        "領導、協商、法治和技術只是設定，不是過程；改革按日期生效，沒有執行阻力或學習。",
        "Leadership, deliberation, law and technology are settings, not processes; a reform takes effect on its "
        "date (with its ramp), without resistance or learning.",
    ),
    (
        "部門只設在區一級：沒有市級部門，也沒有跨區訴求；唯一的衝擊是疫情。",
        "Departments exist only per district: no city-level departments and no cross-district issues; the only "
        "shock is an epidemic.",
    ),
    (
        "居民不搬遷、不互相模仿、不集體組織；未結訴求持續累積，結果從第 0 天累計，包含初始的過渡期。",
        "Residents do not move, imitate each other or organise; the backlog keeps rising and outcomes are "
        "cumulative from day 0, including the initial transient.",
    ),
)
"""What the model does not reproduce, after docs/ODD.md §10 (a sentence each)."""

ODD_NOTE = (
    "完整的限制清單見 docs/ODD.md 第 10 節。",
    "The full list of limitations is in docs/ODD.md, section 10.",
)


def pick(pair: tuple[str, str], language: str) -> str:
    """The text of a (中文, English) pair in ``language``.

    Args:
        pair: the Chinese and the English text.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The text in that language.
    """
    return pair[LANGUAGES.index(language)]


def text(key: str, language: str, **fields) -> str:
    """The brief's text ``key`` in ``language``, with ``{fields}`` filled in.

    Args:
        key: a key of :data:`STRINGS`.
        language: ``"zh"`` or ``"en"``.
        **fields: values for the text's placeholders.

    Returns:
        The filled-in text.
    """
    template = pick(STRINGS[key], language)
    return template.format(**fields) if fields else template


def outcome_label(name: str, language: str) -> str:
    """The label of an outcome in ``language`` (an unknown column is shown by its name).

    Args:
        name: the outcome's column name.
        language: ``"zh"`` or ``"en"``.

    Returns:
        The registry's label, or ``name``.
    """
    return pick(OUTCOMES[name].label, language) if name in OUTCOMES else name
