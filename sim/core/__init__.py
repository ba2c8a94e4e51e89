"""The model core: city builder, agent types, issue flow, levers, metrics and the Model.

It depends on nothing but the scenario schema (:mod:`sim.scenario`).
"""
