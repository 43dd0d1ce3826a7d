"""Meetings: arranging one, its page (samples, cases, attendance), and writing it up."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.scrutiny import access
from parity.scrutiny.forms import AttendanceForm, MeetingForm, MeetingWriteUpForm
from parity.scrutiny.models import Attendance, Case, Meeting, Panel, Report
from parity.scrutiny.services import meetings as services
from parity.scrutiny.services.reviews import agreement


@access.panel_view(*access.CHAIR, panel=access.panel_arg())
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


@access.panel_view(*access.READERS, panel=access.panel_of(Meeting, "meeting_id"))
@require_safe
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("panel__force"), pk=meeting_id)
    user = cast(User, request.user)
    cases = list(
        Case.objects.filter(sample__meeting=meeting)
        .select_related("sample")
        .prefetch_related("reviews")
        .annotate(n_reviews=Count("reviews"))
        .order_by("number")
    )
    rows = [
        (case, agreement(case, list(case.reviews.all())), any(r.reviewer_id == user.pk for r in case.reviews.all()))
        for case in cases
    ]
    context = {
        "meeting": meeting,
        "panel": meeting.panel,
        "samples": meeting.samples.all(),
        "rows": rows,
        "attendance": Attendance.objects.filter(meeting=meeting).select_related("member__user"),
        "is_chair": access.is_chair(user, meeting.panel),
        "can_review": access.can_review(user, meeting.panel),
        "report": Report.objects.filter(meeting=meeting, kind=Report.Kind.MEETING).first(),
    }
    return render(request, "scrutiny/meeting.html", context)


@access.panel_view(*access.CHAIR, panel=access.panel_of(Meeting, "meeting_id"))
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("panel__force"), pk=meeting_id)
    initial = {f: getattr(meeting, f) for f in ("held_on", "place", "agenda", "minutes", "public_summary")}
    form = MeetingWriteUpForm(data=request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting, **form.cleaned_data)
        messages.success(request, "The meeting has been saved.")
        return redirect("scrutiny:meeting", meeting_id=meeting.pk)
    return render(request, "scrutiny/meeting_edit.html", {"meeting": meeting, "panel": meeting.panel, "form": form})


@access.panel_view(*access.CHAIR, panel=access.panel_of(Meeting, "meeting_id"))
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("panel__force"), pk=meeting_id)
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
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
