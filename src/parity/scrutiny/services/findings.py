"""Findings the panel refers to the force, the force's answers, and what is overdue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from parity.accounts.models import User
from parity.scrutiny.models import Case, Finding, ForceResponse, Meeting, Panel
from parity.scrutiny.services import notices


def raise_finding(case: Case, summary: str, *, theme: str = "", by: User | None = None) -> Finding:
    """A referral becomes a finding, due for an answer within the panel's answer period."""
    return raise_panel_finding(case.panel, summary, theme=theme, by=by, meeting=case.sample.meeting, case=case)


def raise_panel_finding(
    panel: Panel,
    summary: str,
    *,
    theme: str = "",
    by: User | None = None,
    meeting: Meeting | None = None,
    case: Case | None = None,
) -> Finding:
    """A finding of `panel`, due for an answer within its answer period; other workflows
    (complaints reviewed by advisors) raise theirs here, with no meeting or case."""
    summary = summary.strip()
    if not summary:
        raise ValidationError({"finding": "Say what the panel asks the force to answer"})
    today = timezone.localdate()
    finding = Finding.objects.create(
        panel=panel,
        meeting=meeting,
        case=case,
        summary=summary,
        theme=theme,
        raised_by=by,
        due_on=today + dt.timedelta(days=panel.answer_within_days),
    )
    notices.finding_raised(finding, by=by)
    return finding


@transaction.atomic
def answer(finding: Finding, answer: str, action_taken: str, officer_learning: str = "", *, by: User) -> ForceResponse:
    """The force's answer; it can be corrected, and every version is in the audit trail."""
    if answer not in ForceResponse.Answer.values:
        raise ValidationError({"answer": "Choose whether the force accepts the finding"})
    if not action_taken.strip():
        raise ValidationError({"action_taken": "Say what the force has done or will do"})
    response = ForceResponse.objects.filter(finding=finding).first() or ForceResponse(finding=finding)
    response.answer = answer
    response.action_taken = action_taken.strip()
    response.officer_learning = officer_learning.strip()
    response.answered_by = by
    response.answered_at = timezone.now()
    response.save()
    return response


def overdue(panel: Panel, on: dt.date | None = None) -> QuerySet[Finding]:
    """Findings past their due date that the force has not answered."""
    day = on or timezone.localdate()
    return Finding.objects.filter(panel=panel, response__isnull=True, due_on__lt=day).order_by("due_on", "pk")


def waiting(panel: Panel, on: dt.date | None = None) -> QuerySet[Finding]:
    """Findings not yet answered and not yet due."""
    day = on or timezone.localdate()
    return Finding.objects.filter(panel=panel, response__isnull=True, due_on__gte=day).order_by("due_on", "pk")
