"""The shock group's words (Explore and Compare), in 中文 and English; :mod:`sim.dashboard.i18n` merges them.

The settings' own names and explanations sit beside their keys in :mod:`sim.dashboard.shocks`.
"""

from __future__ import annotations

SHOCK_STRINGS: dict[str, tuple[str, str]] = {
    "shocks_title": ("衝擊：疫情與災害", "Shocks: epidemic and disaster"),
    "shocks_help": (
        "衝擊是城市遭遇的事件，不是改革：它們不花錢，也不在政策槓桿之列。改變任何設定，模擬就從第 0 天重新開始。",
        "A shock is something the city meets, not a reform: it costs nothing and is not among the policy levers. "
        "Changing a setting starts the run again from day 0.",
    ),
    "shock_epidemic": ("疫情", "Epidemic"),
    "shock_disaster": ("洪澇或颱風", "Flood or typhoon"),
    "shock_flood": ("洪澇", "flood"),
    "shock_typhoon": ("颱風", "typhoon"),
    "shock_refused": ("這個衝擊設定不能運行，未採用", "This shock setting cannot run and was not taken"),
    "edit_shocks": ("衝擊", "Shocks"),
    "hit_area_title": ("災區", "The hit area"),
    "hit_area_help": (
        "{kind}在第 {day} 天（{date}）來襲，持續 {days} 天，災區為 {compounds} 個相鄰小區、{residents} 名居民"
        "（全市 {share:.0%}）；以下只計災區居民的訴求。",
        "The {kind} strikes on day {day} ({date}) for {days} days; the hit area is {compounds} neighbouring "
        "compounds with {residents} residents ({share:.0%} of the city); below, only its residents' issues.",
    ),
    "hit_area_counts": ("災區訴求", "Issues of the hit area"),
    "hit_area_mood": ("災區居民", "Residents of the hit area"),
    "hit_area_strikes": ("災害", "disaster"),
}
"""Key → (中文, English) of every word of the shock controls and the hit area's charts."""
