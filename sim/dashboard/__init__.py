"""The Solara dashboard: Explore, Compare, Results and Teach pages, in 中文 and English.

Start it with ``python -m sim dashboard``.  It holds no model logic: it drives the model through
``sim.core.model.GovernanceModel`` and ``sim.runs.run_scenario`` and draws what they report.
"""
