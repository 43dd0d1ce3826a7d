"""Meetings: arranging one, its page (samples, cases, attendance), and writing it up."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.scrutiny import access, pages
from parity.scrutiny.forms import AttendanceForm, MeetingForm, MeetingWriteUpForm
from parity.scrutiny.models import Meeting, Panel
from parity.scrutiny.services import meetings as services


@access.panel_view(*access.CHAIR, panel=access.panel_arg(), records=True)
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    form = MeetingForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.create_meeting(panel, data["held_on"], place=data["place"], agenda=data["agenda"])
        messages.success(request, "The meeting has been arranged. Choose the cases the panel will review next.")
        return redirect("scrutiny:meeting", meeting_id=meeting.pk)
    return render(request, "scrutiny/meeting_add.html", {"panel": panel, "form": form})


@access.panel_view(*access.READERS, panel=access.panel_of(Meeting, "meeting_id"), records=True)
@require_safe
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = pages.meeting_page(meeting_id, cast(User, request.user))
    return render(request, "scrutiny/meeting.html", context)


@access.panel_view(*access.CHAIR, panel=access.panel_of(Meeting, "meeting_id"), records=True)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = pages.meeting(meeting_id)
    initial = {f: getattr(meeting, f) for f in ("held_on", "place", "agenda", "minutes", "public_summary")}
    form = MeetingWriteUpForm(data=request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting, **form.cleaned_data)
        messages.success(request, "The meeting has been saved.")
        return redirect("scrutiny:meeting", meeting_id=meeting.pk)
    return render(request, "scrutiny/meeting_edit.html", {"meeting": meeting, "panel": meeting.panel, "form": form})


@access.panel_view(*access.CHAIR, panel=access.panel_of(Meeting, "meeting_id"), records=True)
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = pages.meeting(meeting_id)
    recorded = pages.attendance_recorded(meeting)
    form = AttendanceForm(
        data=request.POST if request.method == "POST" else None,
        members=services.attendees(meeting),
        recorded=recorded,
    )
    if request.method == "POST" and form.is_valid():
        services.record_attendance(meeting, form.statuses())
        messages.success(request, "Attendance has been recorded.")
        return redirect("scrutiny:meeting", meeting_id=meeting.pk)
    return render(request, "scrutiny/attendance.html", {"meeting": meeting, "panel": meeting.panel, "form": form})
