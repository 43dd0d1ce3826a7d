"""Scrutiny panels through the JSON API, at /api/scrutiny/.

- `GET /reports` and `GET /reports/{id}`: published panel reports, for anyone, exactly as
  published (small numbers protected).
- `GET /panels/{panel}/findings`: a panel's findings and the force's answers, for the panel's
  chair and members and the force's administrators and analysts.
- `POST /findings/{id}/answer`: the force answers a finding, from its own systems (a token
  from `parity user token` for an administrator or analyst of the panel's force).

Every refusal is 403 JSON and written to the audit trail, as for the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from parity.accounts.api import ApiAuth
from parity.accounts.models import User
from parity.accounts.permissions import require_role
from parity.scrutiny import access
from parity.scrutiny.models import Finding, Panel, Report
from parity.scrutiny.services import findings as services
from parity.web.forms import LONG_TEXT

router = Router(tags=["Scrutiny panels"])


class ReportSummary(Schema):
    id: int
    title: str
    kind: str
    force: str
    panel: str
    published_at: dt.datetime
    url: str


class ReportOut(ReportSummary):
    content: dict[str, Any]


class AnswerOut(Schema):
    answer: str
    action_taken: str
    officer_learning: str
    answered_at: dt.datetime


class FindingOut(Schema):
    id: int
    meeting_on: dt.date | None
    case: int | None
    summary: str
    theme: str
    raised_at: dt.datetime
    due_on: dt.date
    overdue: bool
    answer: AnswerOut | None


class AnswerIn(Schema):
    answer: Literal["accepted", "partly", "not-accepted"]
    action_taken: str = Field(max_length=LONG_TEXT)
    officer_learning: str = Field("", max_length=LONG_TEXT)


def _summary(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "title": report.title,
        "kind": report.kind,
        "force": report.panel.force.slug,
        "panel": report.panel.name,
        "published_at": report.published_at,
        "url": f"/scrutiny/reports/{report.pk}/",
    }


def _finding(finding: Finding) -> dict[str, Any]:
    response = getattr(finding, "response", None)
    return {
        "id": finding.pk,
        "meeting_on": finding.meeting.held_on if finding.meeting else None,
        "case": finding.case.number if finding.case else None,
        "summary": finding.summary,
        "theme": finding.theme,
        "raised_at": finding.raised_at,
        "due_on": finding.due_on,
        "overdue": finding.is_overdue(),
        "answer": None
        if response is None
        else {
            "answer": response.answer,
            "action_taken": response.action_taken,
            "officer_learning": response.officer_learning,
            "answered_at": response.answered_at,
        },
    }


@router.get("/reports", response=list[ReportSummary], summary="Published panel reports")
def reports(request: HttpRequest, force: str | None = None) -> Any:
    published = Report.objects.select_related("panel__force").order_by("-published_at", "-pk")
    if force:
        published = published.filter(panel__force__slug=force)
    return [_summary(r) for r in published]


@router.get("/reports/{report_id}", response=ReportOut, summary="One published panel report")
def report(request: HttpRequest, report_id: int) -> Any:
    found = get_object_or_404(Report.objects.select_related("panel__force"), pk=report_id)
    return {**_summary(found), "content": found.content}


@router.get(
    "/panels/{panel_id}/findings",
    response=list[FindingOut],
    auth=ApiAuth(*access.READERS),
    summary="A panel's findings and the force's answers",
)
def findings(request: HttpRequest, panel_id: int) -> Any:
    panel = get_object_or_404(Panel.objects.select_related("force"), pk=panel_id)
    require_role(request, *access.READERS, panel=panel)
    rows = Finding.objects.filter(panel=panel).select_related("meeting", "case", "response").order_by("-raised_at")
    return [_finding(f) for f in rows]


@router.post(
    "/findings/{finding_id}/answer",
    response=FindingOut,
    auth=ApiAuth(*access.ANSWERERS),
    summary="The force answers a finding",
)
def answer(request: HttpRequest, finding_id: int, payload: AnswerIn) -> Any:
    finding = get_object_or_404(Finding.objects.select_related("panel__force", "meeting", "case"), pk=finding_id)
    require_role(request, *access.ANSWERERS, panel=finding.panel)
    user = request.user
    assert isinstance(user, User)
    try:
        services.answer(finding, payload.answer, payload.action_taken, payload.officer_learning, by=user)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    finding.refresh_from_db()
    return _finding(Finding.objects.select_related("meeting", "case", "response").get(pk=finding.pk))
