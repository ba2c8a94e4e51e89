"""The ``approvals`` table of a scenario: applications for permits, certificates and registrations.

Residents apply for approvals (行政審批 and the public services that need a decision: permits,
certificates, registrations); each application goes through a number of approval steps, each at
a window — the street's service centre (街道政務服務中心) or a district department's window —
taking working days and window staff-hours (:mod:`sim.core.approvals`).  The reform that acts on
them, 放管服, is the lever ``power.streamlining``; these are the figures it acts on.  They are
orders of magnitude from public reports of China's 放管服 reform (each field says which, or
"assumed"), not one city's accounts.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.fields import NonNeg, Section, Share


class ApprovalsConfig(Section):
    """Applications for approvals, their steps and windows, and the window staff who decide them."""

    rate: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        0.1,
        description="applications for multi-step approvals per resident a year (permits, certificates, "
        "registrations; one-visit matters decided at once are left out): assumed, one household in "
        "three applying for one a year",
    )
    steps: Annotated[float, Field(ge=1.0, le=30.0)] = Field(
        6.0,
        description="mean approval steps (環節) per application before the reform: assumed, between a "
        "resident's certificate (two or three) and starting a business (13 procedures in Shanghai and "
        "Beijing in the World Bank's Doing Business 2014)",
    )
    step_cut: Share = Field(
        0.6,
        description="share of the steps the full 放管服 reform removes (減環節, merged or dropped "
        "requirements): Doing Business counted 13 procedures to start a business in 2014 and 4 in "
        "2020, a cut of 69%; assumed 60% for approvals at large",
    )
    step_days: Annotated[int, Field(ge=1, le=60)] = Field(
        2,
        description="working days one step's review takes (its promised time limit, 承諾時限): assumed; "
        "the Administrative Licensing Law (行政許可法 art. 42) allows up to 20 working days for a "
        "whole decision",
    )
    handoff_days: Annotated[int, Field(ge=0, le=60)] = Field(
        2,
        description="working days between two steps at different windows: the applicant collects one "
        "window's result and submits the file again at the next (assumed); one window (一窗受理) passes "
        "the file on inside the same day",
    )
    step_hours: NonNeg = Field(
        0.5, description="window staff-hours to review one step (assumed: half an hour with the file)")
    intake_hours: NonNeg = Field(
        0.25,
        description="window staff-hours to receive a file (受理: check the materials, enter it): at "
        "every window an applicant submits to; assumed a quarter of an hour",
    )
    street_share: Share = Field(
        0.2,
        description="share of approval steps at the street's service centre before any delegation "
        "(the rest at district departments' windows): assumed",
    )
    delegable_share: Share = Field(
        0.5,
        description="share of the department steps whose power may be delegated to streets (放: the "
        "street service centres' lists of matters, mostly residents' own, not firms'): assumed",
    )
    window_hours: NonNeg = Field(
        2.5,
        description="window staff-hours per 1,000 residents a working day for these approvals, at the "
        "street centres and the district departments' windows together: assumed, half as much again as "
        "the pre-reform load (0.4 applications a working day × 6 steps × about 0.7 hours ≈ 1.7 hours), "
        "so queues stay short",
    )
