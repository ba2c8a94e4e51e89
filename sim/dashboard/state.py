"""Per-session state.

Solara keeps a separate value of each module-level reactive for every browser session, so two
visitors never see each other's models, runs or choices.
"""

from __future__ import annotations

import solara

from sim.dashboard.background import JobState
from sim.dashboard.scenarios import default_arms, start_source

# Explore
source = solara.reactive(start_source())  # chosen preset or start scenario
uploaded = solara.reactive(None)  # a Scenario uploaded in this session
lever_edits = solara.reactive({})  # lever key -> value chosen on the page
added_reforms = solara.reactive([])  # reforms added on the page: [{"day", "set", "ramp_days", "name"}]
shock_edits = solara.reactive({})  # shock setting key -> value chosen on the page (sim/dashboard/shocks.py)
live = solara.reactive(None)  # the session's LiveRun
frame = solara.reactive((0, 0.0))  # (frames drawn, days shown per second)
city_tick = solara.reactive(0)  # redraws the city and flow (about 1/s)
playing = solara.reactive(False)
play_token = solara.reactive(0)  # each play loop exits when this changes
speed = solara.reactive(10)  # days per second asked for
colour_by = solara.reactive("backlog")
explore_error = solara.reactive("")
opened_link = solara.reactive(None)  # the shared link (?s=…) this session has opened
link_message = solara.reactive("")  # why a shared link could not be opened

# Compare
arms = solara.reactive(default_arms())  # [{"source": name, "levers": {...}}, ...]
replicates = solara.reactive(5)
compare_days = solara.reactive(120)
compare_vary_city = solara.reactive(False)  # replicates draw their own cities
compare_outcome = solara.reactive("resolution_rate")
compare_job = solara.reactive(JobState())
compare_link = solara.reactive(None)  # the shared Compare link (compare?s=…) this session has opened
compare_link_message = solara.reactive("")  # why it could not be opened

# Results
experiment = solara.reactive("")
factor = solara.reactive("")
result_outcome = solara.reactive("")
result_series = solara.reactive("")  # the outcome shown over time

# Teach
story = solara.reactive(0)
predictions = solara.reactive({})  # story id -> "up" | "down" | "same"
teach_job = solara.reactive(JobState())  # result: (story id, ArmResults, cases told)

# Options
options_search = solara.reactive("")  # the search folder shown
options_ranges = solara.reactive({})  # objective -> (lowest, highest) mean kept by its filter
options_axes = solara.reactive(("", ""))  # the scatter's two outcomes
options_package = solara.reactive(0)  # the chosen package's number (0: none)
