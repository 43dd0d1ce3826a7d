"""Draft panel reports, per meeting and per quarter, as pages and tagged PDFs, and publishing
them. Drafts show exactly what would be published: small numbers are already protected."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from parity.accounts.models import User
from parity.presentation.pdf import render_pdf
from parity.scrutiny import access, pages, reports, small_numbers
from parity.scrutiny.models import Meeting, Panel
from parity.scrutiny.services import publishing

MEETING_PANEL = access.panel_of(Meeting, "meeting_id")


def pdf_response(content: dict[str, Any], filename: str, *, draft: bool = False) -> HttpResponse:
    """The report as a PDF; a draft (not yet published) says DRAFT in its title and at its top."""
    title = f"DRAFT: {content['title']}" if draft else content["title"]
    pdf = render_pdf("scrutiny/report_print.html", {"title": title, "r": content, "draft": draft})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _meeting(meeting_id: int) -> Meeting:
    return pages.meeting(meeting_id)


def _quarter(quarter: str) -> Any:
    try:
        return reports.parse_quarter(quarter)
    except ValueError:
        raise Http404("not a quarter") from None


@access.panel_view(*access.READERS, panel=MEETING_PANEL, records=True)
@require_safe
def meeting_report(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(meeting_id)
    context = {
        "r": (content := reports.meeting_report(meeting)),
        "small_numbers": small_numbers.in_report(content),
        "panel": meeting.panel,
        "meeting": meeting,
        "published": pages.published_report(meeting=meeting),
        "is_chair": access.is_chair(cast(User, request.user), meeting.panel),
        "pdf_url": reverse("scrutiny:meeting-report-pdf", kwargs={"meeting_id": meeting.pk}),
        "publish_url": reverse("scrutiny:meeting-publish", kwargs={"meeting_id": meeting.pk}),
    }
    return render(request, "scrutiny/report_draft.html", context)


@access.panel_view(*access.READERS, panel=MEETING_PANEL, records=True)
@require_safe
def meeting_report_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(meeting_id)
    content = reports.meeting_report(meeting)
    return pdf_response(content, f"panel-meeting-{meeting.held_on:%Y-%m-%d}-draft.pdf", draft=True)


@access.panel_view(*access.CHAIR, panel=MEETING_PANEL, records=True)
@require_POST
def meeting_publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    confirmed = request.POST.get("numbers_confirmed") == "yes"
    try:
        meeting = _meeting(meeting_id)
        report = publishing.publish_meeting(meeting, by=cast(User, request.user), numbers_confirmed=confirmed)
    except publishing.NumbersToConfirm as refused:
        messages.error(request, str(refused))
        return redirect("scrutiny:meeting-report", meeting_id=meeting_id)
    messages.success(request, "The report has been published. Anyone can now read it.")
    return redirect("scrutiny:report", report_id=report.pk)


@access.panel_view(*access.READERS, panel=access.panel_arg(), records=True)
@require_safe
def quarter_report(request: HttpRequest, panel_id: int, quarter: str) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    start = _quarter(quarter)
    slug = reports.quarter_slug(start)
    context = {
        "r": (content := reports.quarter_report(panel, start)),
        "small_numbers": small_numbers.in_report(content),
        "panel": panel,
        "meeting": None,
        "published": pages.published_report(panel=panel, quarter=start),
        "is_chair": access.is_chair(cast(User, request.user), panel),
        "pdf_url": reverse("scrutiny:quarter-report-pdf", kwargs={"panel_id": panel.pk, "quarter": slug}),
        "publish_url": reverse("scrutiny:quarter-publish", kwargs={"panel_id": panel.pk, "quarter": slug}),
    }
    return render(request, "scrutiny/report_draft.html", context)


@access.panel_view(*access.READERS, panel=access.panel_arg(), records=True)
@require_safe
def quarter_report_pdf(request: HttpRequest, panel_id: int, quarter: str) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    start = _quarter(quarter)
    content = reports.quarter_report(panel, start)
    return pdf_response(content, f"panel-report-{reports.quarter_slug(start)}-draft.pdf", draft=True)


@access.panel_view(*access.CHAIR, panel=access.panel_arg(), records=True)
@require_POST
def quarter_publish(request: HttpRequest, panel_id: int, quarter: str) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    confirmed = request.POST.get("numbers_confirmed") == "yes"
    try:
        report = publishing.publish_quarter(
            panel, _quarter(quarter), by=cast(User, request.user), numbers_confirmed=confirmed
        )
    except publishing.NumbersToConfirm as refused:
        messages.error(request, str(refused))
        return redirect("scrutiny:quarter-report", panel_id=panel.pk, quarter=quarter)
    messages.success(request, "The report has been published. Anyone can now read it.")
    return redirect("scrutiny:report", report_id=report.pk)
