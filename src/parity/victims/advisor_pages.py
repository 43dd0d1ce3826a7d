"""What the advisors' pages show: one call per view (parity.victims.advisor_views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import AnyUser, has_role
from parity.accounts.roles import Role
from parity.scrutiny import access
from parity.scrutiny.models import Finding, Panel
from parity.scrutiny.services import findings as finding_services
from parity.victims import advisors
from parity.victims.models import AdvisorReview, DrawnComplaint

# Advisors and the panel's chair read case files; the force's staff run draws and answer.
ADVISORS = (Role.ADVISOR, Role.PANEL_CHAIR)
FORCE_STAFF = access.FORCE_STAFF
READERS = (*ADVISORS, *FORCE_STAFF)
DRAWERS = (Role.PANEL_CHAIR, *FORCE_STAFF)


def panels(user: AnyUser) -> QuerySet[Panel]:
    """The complaints-review panels this person may open."""
    return access.panels_for(user, *READERS).filter(kind=Panel.Kind.COMPLAINTS).select_related("force").order_by("name")


def drawn(drawn_id: int) -> DrawnComplaint:
    return get_object_or_404(DrawnComplaint.objects.select_related("panel__force", "draw"), pk=drawn_id)


def finding(finding_id: int) -> Finding:
    return get_object_or_404(Finding.objects.select_related("panel__force", "response"), pk=finding_id)


def panel_page(panel: Panel, user: User, today: dt.date) -> dict[str, Any]:
    """A complaints-review panel: the complaints drawn, this person's reviews, the findings.
    Another kind of panel has no advisors' page."""
    if panel.kind != Panel.Kind.COMPLAINTS:
        raise Http404("not a complaints-review panel")
    complaints = list(advisors.drawn_for(panel))
    mine = set(AdvisorReview.objects.filter(reviewer=user, drawn__panel=panel).values_list("drawn_id", flat=True))
    return {
        "panel": panel,
        "complaints": complaints,
        "reviewed": mine,
        "overdue": list(finding_services.overdue(panel, today)),
        "waiting": list(finding_services.waiting(panel, today)),
        "answered": list(advisors.findings_for(panel).filter(response__isnull=False)),
        "can_draw": has_role(user, *DRAWERS, panel=panel),
        "can_run": has_role(user, *access.RUNNERS, panel=panel),
        "can_review": has_role(user, *ADVISORS, panel=panel),
        "today": today,
    }


def case_file_page(request: HttpRequest, drawn_id: int) -> dict[str, Any]:
    """One case file; each look is audited, since it is a complaint's file."""
    item = drawn(drawn_id)
    user = request.user
    audit.record_view(item, summary=f"Read the case file of complaint {item.case_reference}", request=request)
    reviews = item.reviews.select_related("reviewer", "finding__response").order_by("submitted_at", "id")
    return {
        "panel": item.panel,
        "drawn": item,
        "c": item.case_file,
        "reviews": list(reviews),
        "can_review": has_role(user, *ADVISORS, panel=item.panel),
    }


def review_page(drawn_id: int, user: User) -> dict[str, Any]:
    """The review form's page: the case file beside it, and the advisor's earlier answers."""
    item = drawn(drawn_id)
    own = AdvisorReview.objects.filter(drawn=item, reviewer=user).select_related("finding").first()
    initial = (
        {
            "account_engaged": own.account_engaged,
            "discrimination_considered": own.discrimination_considered,
            "reply_respectful_clear": own.reply_respectful_clear,
            "learning": own.learning,
            "refer": "yes" if own.finding_id else "no",
        }
        if own
        else {}
    )
    return {"panel": item.panel, "drawn": item, "c": item.case_file, "own": own, "initial": initial}


def finding_page(finding_id: int, user: User) -> dict[str, Any]:
    found = finding(finding_id)
    review = AdvisorReview.objects.filter(finding=found).select_related("drawn").first()
    return {
        "finding": found,
        "panel": found.panel,
        "review": review,
        "response": getattr(found, "response", None),
        "can_answer": has_role(user, *access.ANSWERERS, panel=found.panel),
        "overdue": found.is_overdue(),
    }
