"""What the panel's pages show, gathered here so that each view makes one call and renders.

Lookups by id answer 404 for a record that does not exist; whether the person may see it is
checked before the view runs (`access.panel_view`). Audit records stay in the views, beside
the request they describe.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from parity.accounts.models import RoleAssignment, User
from parity.accounts.permissions import forces_for, has_role
from parity.accounts.roles import PANEL_ROLES
from parity.presentation.formatting import counted
from parity.scrutiny import access, casepack, questions, reports, small_numbers
from parity.scrutiny.models import (
    Attendance,
    BwvRequest,
    Case,
    Finding,
    Meeting,
    Member,
    Panel,
    Report,
    Review,
    Sample,
)
from parity.scrutiny.services import findings as finding_services
from parity.scrutiny.services.reviews import agreement

SOON = dt.timedelta(days=60)

# --- one record by id ------------------------------------------------------------------------


def meeting(meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("panel__force"), pk=meeting_id)


def case(case_id: int) -> Case:
    return get_object_or_404(Case.objects.select_related("panel__force", "sample__meeting", "record"), pk=case_id)


def member(member_id: int) -> Member:
    return get_object_or_404(Member.objects.select_related("user", "panel__force"), pk=member_id)


def finding(finding_id: int) -> Finding:
    return get_object_or_404(Finding.objects.select_related("panel__force", "case", "meeting"), pk=finding_id)


def sample(sample_id: int) -> Sample:
    return get_object_or_404(Sample.objects.select_related("meeting__panel__force", "drawn_by"), pk=sample_id)


def footage_request(case: Case) -> BwvRequest:
    """The request for a case's body-worn video; 404 while none has been made."""
    return get_object_or_404(BwvRequest, case=case)


def case_finding(case: Case) -> Finding | None:
    return Finding.objects.filter(case=case).select_related("response").first()


def own_review(case: Case, user: User) -> Review | None:
    return Review.objects.filter(case=case, reviewer=user).first()


def attendance_recorded(meeting: Meeting) -> dict[int, str]:
    """Each member's recorded attendance at a meeting, by member id."""
    return dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))


def published_report(
    *, meeting: Meeting | None = None, panel: Panel | None = None, quarter: Any = None
) -> Report | None:
    """The published report of a meeting, or of a panel's quarter, if there is one."""
    if meeting is not None:
        return Report.objects.filter(meeting=meeting, kind=Report.Kind.MEETING).first()
    return Report.objects.filter(panel=panel, kind=Report.Kind.QUARTER, quarter_start=quarter).first()


# --- whole pages -----------------------------------------------------------------------------


def _attention(panel: Panel, today: dt.date) -> list[tuple[Member, str]]:
    """Members whose vetting, training or term a chair should act on."""
    found = []
    for member in Member.objects.filter(panel=panel).select_related("user"):
        if not member.is_current(today):
            continue
        if member.vetting_expires_on and member.vetting_expires_on < today:
            found.append((member, f"police vetting expired on {member.vetting_expires_on:%-d %B %Y}"))
        elif member.vetting_expires_on and member.vetting_expires_on <= today + SOON:
            found.append((member, f"police vetting expires on {member.vetting_expires_on:%-d %B %Y}"))
        elif member.vetted_on is None:
            found.append((member, "no police vetting recorded"))
        if member.trained_on is None:
            found.append((member, "no training recorded"))
        if member.term_ends_on and member.term_ends_on <= today + SOON:
            found.append((member, f"term ends on {member.term_ends_on:%-d %B %Y}"))
    return found


def panel_page(panel: Panel, user: User, today: dt.date) -> dict[str, Any]:
    """A panel's dashboard: its meetings, the cases waiting for this person's review, the
    findings waiting for an answer, and (for those who run it) members to act on."""
    meetings = list(Meeting.objects.filter(panel=panel).order_by("-held_on", "-pk"))
    to_review = (
        Case.objects.filter(panel=panel, decided_at__isnull=True)
        .exclude(reviews__reviewer=user)
        .select_related("sample__meeting")
        .order_by("sample__meeting__held_on", "number")
        if access.can_review(user, panel) and access.reviews_records(panel)
        else Case.objects.none()
    )
    runs = has_role(user, *access.RUNNERS, panel=panel)
    quarters = sorted({reports.quarter_of(m.held_on) for m in meetings}, reverse=True)
    return {
        "panel": panel,
        "meetings": meetings,
        "upcoming": [m for m in meetings if m.held_on >= today][::-1],
        "past": [m for m in meetings if m.held_on < today],
        "to_review": list(to_review[:50]),
        "overdue": list(finding_services.overdue(panel, today).select_related("case")),
        "waiting": finding_services.waiting(panel, today).count(),
        "answered": Finding.objects.filter(panel=panel, response__isnull=False).count(),
        "is_chair": access.is_chair(user, panel),
        "reviews_records": access.reviews_records(panel),
        "runs": runs,
        "attention": _attention(panel, today) if runs else [],
        "quarters": [(q, reports.quarter_label(q), reports.quarter_slug(q)) for q in quarters],
    }


def meeting_page(meeting_id: int, user: User) -> dict[str, Any]:
    """A meeting: its samples, its cases with how far the reviews agree, and its attendance."""
    found = meeting(meeting_id)
    cases = list(
        Case.objects.filter(sample__meeting=found)
        .select_related("sample")
        .prefetch_related("reviews")
        .annotate(n_reviews=Count("reviews"))
        .order_by("number")
    )
    rows = [
        (case, agreement(case, list(case.reviews.all())), any(r.reviewer_id == user.pk for r in case.reviews.all()))
        for case in cases
    ]
    return {
        "meeting": found,
        "panel": found.panel,
        "samples": found.samples.all(),
        "rows": rows,
        "attendance": Attendance.objects.filter(meeting=found).select_related("member__user"),
        "is_chair": access.is_chair(user, found.panel),
        "can_review": access.can_review(user, found.panel),
        "report": published_report(meeting=found),
        "summary_numbers": small_numbers.in_text(found.public_summary),
        "threshold": reports.threshold(),
    }


def members_page(panel: Panel, today: dt.date) -> dict[str, Any]:
    """A panel's members, current and former, and anyone holding a panel role without a
    membership recorded."""
    everyone = list(Member.objects.filter(panel=panel).select_related("user").prefetch_related("declarations"))
    recorded = {m.user_id for m in everyone}
    unrecorded = (
        RoleAssignment.objects.filter(panel=panel, role__in=list(PANEL_ROLES))
        .exclude(user_id__in=recorded)
        .select_related("user")
    )
    current = [m for m in everyone if m.is_current(today)]
    observers = sum(m.role == Member.Role.OBSERVER for m in current)
    # An observer is on the panel but is not a member: they are counted apart.
    caption = f"{counted(len(current) - observers, 'current member')}"
    if observers:
        caption += f" and {counted(observers, 'observer')}"
    return {
        "panel": panel,
        "caption": caption,
        "current": current,
        "former": [m for m in everyone if not m.is_current(today)],
        "unrecorded": unrecorded,
        "today": today,
    }


def findings_page(panel: Panel, today: dt.date) -> dict[str, Any]:
    """A panel's findings: overdue, waiting for the force's answer, and answered."""
    rows = list(
        Finding.objects.filter(panel=panel).select_related("response", "case", "meeting").order_by("-raised_at", "-pk")
    )
    return {
        "panel": panel,
        "overdue": [f for f in rows if f.is_overdue(today)],
        "waiting": [f for f in rows if not hasattr(f, "response") and not f.is_overdue(today)],
        "answered": [f for f in rows if hasattr(f, "response")],
        "today": today,
    }


def _neighbours(case: Case) -> tuple[Case | None, Case | None]:
    siblings = Case.objects.filter(sample__meeting_id=case.sample.meeting_id)
    before = siblings.filter(number__lt=case.number).order_by("-number").first()
    after = siblings.filter(number__gt=case.number).order_by("number").first()
    return before, after


def case_pack(case: Case, user: User, request: HttpRequest) -> dict[str, Any]:
    """A case pack: the redacted record, the reviews this person may see, the finding, the
    video log's state, and the cases before and after it at the meeting."""
    reviews = list(case.reviews.select_related("reviewer"))
    own = next((r for r in reviews if r.reviewer_id == user.pk), None)
    is_chair = access.is_chair(user, case.panel)
    can_review = access.can_review(user, case.panel)
    # Members see the others' verdicts once they have given their own, so no one is led.
    show_others = is_chair or not can_review or own is not None or case.decided
    previous, following = _neighbours(case)
    found = case_finding(case)
    asked = questions.for_case(case)
    return {
        "asked": asked,
        "answered": {r.pk: questions.answered(r, asked) for r in reviews},
        "case": case,
        "s": case.snapshot,
        "panel": case.panel,
        "meeting": case.sample.meeting,
        "own": own,
        "reviews": reviews if show_others else [],
        "agreement": agreement(case, reviews) if show_others else None,
        "is_chair": is_chair,
        "can_review": can_review,
        "bwv": BwvRequest.objects.filter(case=case).first(),
        "finding": found,
        "finding_answered": found is not None and hasattr(found, "response"),
        "sections": casepack.shown_sections(case.record, user, request),
        "previous": previous,
        "following": following,
    }


def video_log(case: Case) -> BwvRequest | None:
    """A case's request for body-worn video with who asked and who answered, if one was made."""
    return BwvRequest.objects.filter(case=case).select_related("requested_by", "answered_by").first()


def open_page(user: User, today: dt.date) -> dict[str, Any]:
    """What the force must still answer, across every panel of the forces this person answers
    for: video asked for with no answer yet (soonest deleted first) and findings waiting for
    the force's answer (soonest due first, the overdue marked)."""
    forces = forces_for(user, *access.ANSWERERS)
    videos = (
        BwvRequest.objects.filter(case__panel__force__in=forces, status=BwvRequest.Status.REQUESTED)
        .select_related("case__panel__force", "case__sample__meeting")
        .order_by("retention_ends_on", "pk")
    )
    findings = (
        Finding.objects.filter(panel__force__in=forces, response__isnull=True)
        .select_related("panel__force", "case", "meeting")
        .order_by("due_on", "pk")
    )
    return {
        "videos": list(videos),
        "findings": [(finding, finding.is_overdue(today)) for finding in findings],
        "many_forces": forces.count() > 1,
        "today": today,
    }
