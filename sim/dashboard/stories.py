"""The Teach page's workshop stories on the classroom preset.

Each has a question, a prediction, two runs (before and after one reform), and the mechanism that
explains the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Story:
    """One guided story: the reform it shows and the outcome the students predict."""

    id: str
    title: tuple[str, str]
    question: tuple[str, str]
    outcome: str
    after: dict[str, Any]
    labels: tuple[tuple[str, str], tuple[str, str]]
    why: tuple[str, str]
    before: dict[str, Any] = field(default_factory=dict)
    also: tuple[str, ...] = ()
    steps: int = 90
    replicates: int = 3
    follow: bool = False  # also tell one case's path from a run of each scenario


STORIES: tuple[Story, ...] = (
    Story(
        id="forms",
        title=("社區為什麼淹沒在表格裡？", "Why do communities drown in forms?"),
        question=(
            "四十多個部門都把任務派到社區。如果實行社區准入制（行政任務最多佔社區工時 30%），"
            "並由屬地責任改為有限責任，社區花在行政事務上的工時佔比會怎樣？",
            "More than forty bodies send tasks down to communities. If a community access system "
            "caps admin tasks at 30% of community hours and territorial responsibility becomes "
            "limited responsibility, what happens to the share of community hours lost to admin "
            "tasks?",
        ),
        outcome="community_admin_share",
        before={"admin.access_cap": 1.0, "power.territorial": 0.9},
        after={"admin.access_cap": 0.3, "power.territorial": 0.2},
        labels=(("改革前", "before"), ("准入制＋有限責任", "access cap + limited duty")),
        also=("resolution_rate", "resolved_within_7_days"),
        why=(
            "在屬地責任下，上級把任務和訴求都壓給社區，不管社區有沒有權限；這些行政任務吃掉社區工時，"
            "居民的訴求只能排隊。准入制給社區接受的行政工時設上限，超出的部分留在發出任務的部門；"
            "有限責任下只有清單內的職責下放。社區因此騰出工時處理居民的訴求。",
            "Under territorial responsibility upper levels hand tasks and issues to the community "
            "whatever its authority; the admin tasks eat its staff-hours and residents' issues "
            "wait. The access system caps the admin hours a community accepts — the rest stays "
            "with the department that issued it — and under limited responsibility only listed "
            "duties flow down, so community hours go back to residents' issues.",
        ),
    ),
    Story(
        id="enforcement",
        title=("街道有了執法權會怎樣？", "What changes when streets get enforcement powers?"),
        question=(
            "權下放：把部門 80% 的可下放權力交給街道。在街道解決的訴求佔比會怎樣？",
            "Delegation (權下放): streets receive 80% of the departments' delegable powers. What "
            "happens to the share of issues resolved at the street?",
        ),
        outcome="resolved_at_street",
        before={"power.delegation": 0.1},
        after={"power.delegation": 0.8},
        labels=(("權在部門", "powers with departments"), ("權下放到街道", "powers delegated")),
        also=("median_days_to_resolve", "staff_hours_per_resolved"),
        why=(
            "訴求在持有所需權力的最低一級解決。街道無權時只能上報部門、等待並可能被推諉；有權時就地解決。"
            "但只放權不下沉人手，街道的工作量會增加——看看解決天數和每件工時的變化。",
            "An issue is resolved at the lowest level holding the power it needs. Without the "
            "power a street must escalate to a department, wait, and risk buck-passing; with it "
            "the street resolves the issue on the spot. But powers moved down without staff load "
            "the street — look at the days to resolve and the hours per issue too.",
        ),
    ),
    Story(
        id="epidemic",
        title=("疫情的那幾週", "The epidemic weeks"),
        question=(
            "第 20 天起一波疫情持續三週。若統一指揮（一網覆蓋、戰區制調配部門人手）並動員志願者，"
            "積壓訴求的峰值會怎樣？",
            "An epidemic wave starts on day 20 and lasts three weeks. With unified command "
            "(one intake network, department staff redeployed to communities) and volunteers "
            "mobilised, what happens to the peak backlog of open issues?",
        ),
        outcome="peak_backlog",
        before={"shocks.epidemic.enabled": True, "shocks.epidemic.start": 20, "shocks.epidemic.length": 21},
        after={
            "shocks.epidemic.enabled": True,
            "shocks.epidemic.start": 20,
            "shocks.epidemic.length": 21,
            "shocks.epidemic.volunteer_mobilisation": 0.8,
            "command.redeploy": 0.3,
            "command.unified_intake": 0.8,
        },
        labels=(("各自為戰", "every body for itself"), ("統一指揮＋志願者", "unified command + volunteers")),
        also=("satisfaction_mean", "resolution_rate"),
        why=(
            "疫情使健康和安全需求激增，防控任務壓到社區。統一平台把訴求直接送到有權處理的層級，"
            "戰區制把部門人手調到社區，成千上萬的志願者增加了臨時處理能力，所以積壓的峰值較低、恢復較快。",
            "The wave makes health and safety needs surge and piles control tasks on communities. "
            "One intake network sends issues straight to the level with the power to act, the "
            "command-zone system moves department staff to communities, and thousands of "
            "volunteers add surge capacity — so the backlog peaks lower and recovers sooner.",
        ),
    ),
    Story(
        id="whistle",
        title=("街道吹哨，部門報到", "The street blows the whistle"),
        question=(
            "跨部門的訴求常在部門之間被推來推去。如果街道可以「吹哨」召集相關部門聯合處理，"
            "每件訴求被推諉的次數會怎樣？",
            "Cross-departmental issues get passed from department to department. If a street can "
            "'blow the whistle' and summon every department involved, what happens to the number "
            "of bounces per issue?",
        ),
        outcome="bounces_per_issue",
        before={"joint.whistle": 0.0},
        after={"joint.whistle": 0.9, "joint.evaluation": 0.5},
        labels=(("無吹哨", "no whistle"), ("吹哨報到＋聯合考核", "whistle + joint evaluation")),
        also=("median_days_to_resolve", "resolution_rate"),
        why=(
            "權責不清時，收到跨部門訴求的部門常把它轉給另一個部門。吹哨後，相關部門在短暫協調後一起處理，"
            "不再一個接一個地轉；街道對部門的考核權又讓部門更少推諉。",
            "With unclear duties a department that receives a cross-departmental issue often "
            "passes it on. After the whistle the departments involved work it together after a "
            "short coordination delay instead of one by one, and streets' say in assessing "
            "departments makes them pass issues on less.",
        ),
    ),
    Story(
        id="desk_to_desk",
        title=("一件訴求，從這張桌子到那張桌子", "One case, from desk to desk"),
        question=(
            "在屬地責任下，部門把管不了的訴求推回街道，部門之間又互相推諉。如果有了權責清單、"
            "街道可以吹哨、並改為有限責任，每件訴求被推回的次數會怎樣？運行後跟蹤兩件真實的訴求看看。",
            "Under territorial responsibility departments push what they cannot handle back down to "
            "the street, and pass it between themselves. With clear duty lists (權責清單), the "
            "street's whistle and limited responsibility, what happens to the number of push-downs "
            "per issue? After the run, follow two real cases and see.",
        ),
        outcome="pushdowns_per_issue",
        after={"power.list_clarity": 0.9, "joint.whistle": 0.9, "power.territorial": 0.2},
        labels=(
            ("屬地責任、權責不清", "territorial duty, unclear lists"),
            ("清單＋吹哨＋有限責任", "lists + whistle + limited duty"),
        ),
        also=("bounces_per_issue", "resolved_within_7_days"),
        why=(
            "看上面兩件訴求的路：改革前是被推來推去最多的一件——部門不確定誰該管，就推給另一個部門"
            "（推諉），再以屬地責任為由推回街道，一來一回；改革後是一件街道吹了哨的訴求——相關部門報到，"
            "聯合處理。有了權責清單，部門直接轉給真正的主管部門；有限責任下部門不能再把清單外的事推回街道。",
            "Read the two paths above. Before the reform: the case passed on most often — a "
            "department unsure whose case it is passes it to another (bouncing, 推諉) and, under "
            "territorial duty, pushes it back to the street, back and forth. After: a case the "
            "street whistled for — the departments report and work it together. With duty lists a "
            "department sends a case straight to its owner, and under limited duty nothing outside "
            "the lists can be pushed back down.",
        ),
        follow=True,
    ),
    Story(
        id="three_steps",
        title=("從維持秩序到共建共治共享", "From keeping order to co-governing"),
        question=(
            "「三步走」：先維持基層秩序，再培育社會，最後共建共治共享。若每個社區都有充足的項目資金、"
            "在職黨員到社區報到、每個小區都有黨支部或業委會，一年半後城市走到第幾步？居民會自己解決多少訴求？",
            "The three steps (三步走): first keep basic order, then cultivate society, finally co-build, "
            "co-govern and co-share. If every community gets ample project funding, party members "
            "volunteer where they live and every compound has a party branch or owners' committee, "
            "which step does the city reach in a year and a half — and how many of their cases do "
            "residents solve themselves?",
        ),
        outcome="three_steps_stage",
        after={"social.funding": 2.0, "social.party_members_report": 1.0,
               "moving_down.compound_governance": 1.0},
        labels=(("改革前", "before"), ("培育社會", "cultivating society")),
        also=("self_resolved_share", "volunteer_share", "social_orgs"),
        why=(
            "每個社區的階段隨它的紀錄慢慢移動，沒有跳躍：訴求是否得到解決（秩序）、每千人社會組織數、"
            "志願者比例、在小區內解決的訴求比例。秩序是基礎：沒有秩序，社會再活躍也不算數。進入第二步，"
            "社會組織招募志願者，名冊變長；進入第三步，有組織的小區裏居民用志願者自己的工時，當天解決一部分"
            "小區層級的服務和糾紛訴求，不必等社區或部門。一步要走一兩年，所以一年半後城市才剛邁入第三步。",
            "Each community's stage moves slowly with its record, never jumping: whether cases get "
            "resolved (order), social organisations per 1,000 residents, the share of residents "
            "volunteering and the share of cases solved inside compounds. Order comes first: without "
            "it a lively society counts for nothing. In the second step organisations recruit and the "
            "volunteer rosters grow; in the third, residents of organised compounds settle a share of "
            "their compound's service requests and disputes themselves, the same day, with their "
            "volunteers' own hours, before any community office or department. A step takes a year "
            "or two, so after eighteen months the city is only entering the third.",
        ),
        steps=540,
        replicates=2,
    ),
    Story(
        id="grid_workers",
        title=("平安城市：網格員走在投訴前面", "The safe city: grid workers ahead of complaints"),
        question=(
            "每萬居民配 8 名專職網格員（約每 450 戶一名），巡查小區，在居民投訴前發現安全和環境問題。"
            "每萬人安全事件數會怎樣？處置天數和居民滿意度呢？",
            "Eight full-time grid workers per 10,000 residents (about one per 450 households) patrol "
            "the compounds and find safety and environment problems before residents complain. What "
            "happens to safety incidents per 10,000 residents? And to the days to close safety "
            "cases, and to satisfaction?",
        ),
        outcome="safety_incidents_per_10k",
        before={"grid.workers": 0.0},
        after={"grid.workers": 8.0},
        labels=(("沒有網格員", "no grid workers"), ("每萬人 8 名網格員", "8 grid workers per 10,000")),
        also=("proactive_share", "safety_response_days", "safety_index", "satisfaction_mean"),
        why=(
            "網格員每天巡查約五分之一的住戶，看到的問題一半當場解決（小事不出網格），其餘立案上報。"
            "問題在變成事故之前就被處理，所以安全事件大減。但上報的案件要由同樣分散的社區、街道和部門來辦："
            "改革前的城市沒有為這些新案件準備人手和統一派單，處置天數變長，不少案件拖到被放棄，"
            "滿意度反而下降——網格化需要一網覆蓋和權責清單來接住它發現的問題。",
            "Grid workers look at about a fifth of the households a day; half of what they find they "
            "put right on the spot (小事不出網格) and the rest they report as cases. Problems are "
            "dealt with before they become incidents, so incidents fall sharply. But the reported "
            "cases must be worked by the same fragmented communities, streets and departments: the "
            "pre-reform city has no hours and no one-network dispatch for them, so safety cases take "
            "longer to close, many wait until they are given up, and satisfaction falls — grid "
            "management needs one network and duty lists behind it to handle what it finds.",
        ),
    ),
    Story(
        id="one_window",
        title=("辦一張證要跑幾個窗口？", "How many windows for one permit?"),
        question=(
            "居民申請證照、許可、登記，要在街道政務服務中心和區級部門的窗口之間一步步走完審批環節。"
            "如果實行放管服——減環節、把審批權下放到街道、一窗受理——從申請到辦結的工作日會怎樣？",
            "Residents applying for a permit, certificate or registration go step by step between the "
            "street's service centre and the district departments' windows. With 放管服 — fewer "
            "steps, approval powers delegated to streets, one window for all (一窗受理) — what "
            "happens to the working days from application to decision?",
        ),
        outcome="approval_days",
        before={"power.streamlining": 0.0},
        after={"power.streamlining": 1.0},
        labels=(("各部門各設窗口", "a window per department"), ("放管服、一窗受理", "streamlined, one window")),
        also=("approval_steps",),
        why=(
            "每個環節要在窗口審核幾個工作日；改革前，每換一個窗口，居民就得取回材料、再到下一個窗口重新遞交，"
            "又多等幾天。減環節直接少了審核的天數；審批權下放後，更多環節在同一個街道中心辦；一窗受理則由"
            "一個窗口收件，材料在後台當天流轉，不再來回跑。窗口人員要先培訓（全科受理），這是改革的成本。",
            "Each step takes a few working days of review at its window; before the reform every "
            "change of window means the resident collects the file and submits it again at the next, "
            "waiting days more. Cutting steps removes review days outright; delegated powers put more "
            "steps at the one street centre; one window receives the file once and passes it on "
            "inside the administration the same day. Window staff must first train to take every "
            "department's matters — the reform's cost.",
        ),
    ),
)
