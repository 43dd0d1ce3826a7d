"""Community scrutiny panels: panels and members, meetings, samples and cases, reviews,
findings and the force's answers, and published reports."""

from parity.scrutiny.models.cases import BwvRequest, BwvViewing, Case, Review, Sample
from parity.scrutiny.models.findings import Finding, ForceResponse
from parity.scrutiny.models.meetings import Attendance, Meeting
from parity.scrutiny.models.panels import DEFAULT_THEMES, DEFAULT_VERDICTS, Declaration, Member, Panel
from parity.scrutiny.models.reports import Report

__all__ = [
    "DEFAULT_THEMES",
    "DEFAULT_VERDICTS",
    "Attendance",
    "BwvRequest",
    "BwvViewing",
    "Case",
    "Declaration",
    "Finding",
    "ForceResponse",
    "Meeting",
    "Member",
    "Panel",
    "Report",
    "Review",
    "Sample",
]
