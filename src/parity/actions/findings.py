"""Recommendations that came from scrutiny panels, for "you said, we did".

A recommendation is a panel's when its source is a panel's findings, or when it points at
the panel finding it answers (`Recommendation.finding`, the referral a panel makes and the
force must answer: parity.scrutiny). Inside Parity the link goes to the finding; in public
it goes to the panel's published report of the meeting that raised it, if there is one.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from parity.actions.models import Action, Recommendation, SourceKind
from parity.presentation.formatting import govuk_date
from parity.reference.models import Force
from parity.scrutiny.models import Finding
from parity.scrutiny.models import Report as PanelReport


def findings_in(force: Force) -> QuerySet[Finding]:
    """The findings a recommendation of this force may answer: those of the force's panels."""
    return Finding.objects.filter(panel__force=force).select_related("panel", "meeting")


def describe(finding: Finding) -> str:
    if finding.meeting is None:  # an advisor's finding on a complaint: "raised on ..."
        return f"Finding {finding.pk} of the {finding.panel}, {finding.origin}"
    return f"Finding {finding.pk} of the {finding.panel}, meeting of {govuk_date(finding.meeting.held_on)}"


def panel_recommendations(force: Force) -> list[Recommendation]:
    recommendations = (
        Recommendation.objects.filter(force=force)
        .filter(Q(source__kind=SourceKind.SCRUTINY_PANEL) | Q(finding__isnull=False))
        .select_related("source__panel", "finding__panel", "finding__meeting")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))
    )
    return list(recommendations)


def finding_said(recommendation: Recommendation, *, public: bool) -> tuple[str, str] | None:
    """(what the panel found, where) for a recommendation answering a finding.

    Inside Parity the finding's own words and whether the force has answered it; in public
    the finding's words only once the panel has published the report of that meeting (until
    then the board's wording of the recommendation stands in for it).
    """
    finding = recommendation.finding
    if finding is None or (public and _meeting_report(finding) is None):
        return None
    where = describe(finding)
    if not public:
        answer = getattr(finding, "response", None)
        where += f"; {'answered: ' + answer.get_answer_display().lower() if answer is not None else 'not answered yet'}"
    return finding.summary, where


def _meeting_report(finding: Finding) -> PanelReport | None:
    if finding.meeting is None:  # an advisors' finding on a complaint: no report to link
        return None
    return PanelReport.objects.filter(
        panel=finding.panel, kind=PanelReport.Kind.MEETING, meeting=finding.meeting
    ).first()


def finding_links(recommendation: Recommendation) -> tuple[tuple[str, str], ...]:
    """(text, href) of the panel's published report of the meeting that raised the finding.

    Findings themselves are for the panel and the force's staff (parity.scrutiny), so this is
    the one link every reader of "you said, we did" can follow.
    """
    finding = recommendation.finding
    report = _meeting_report(finding) if finding is not None else None
    if finding is None or report is None or finding.meeting is None:
        return ()
    text = f"The {finding.panel}'s report of its meeting on {govuk_date(finding.meeting.held_on)}"
    return ((text, reverse("scrutiny:report", kwargs={"report_id": report.pk})),)
