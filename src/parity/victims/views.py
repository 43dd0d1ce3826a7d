"""Victims' pages for force staff, under /victims/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from parity.accounts import audit
from parity.accounts.permissions import role_required
from parity.accounts.roles import Role
from parity.analysis.period import PeriodError
from parity.reference.lookup import force_or_404
from parity.victims.dashboard import figures
from parity.victims.followup import follow_up

FOLLOW_UP_ROLES = (Role.ANALYST, Role.FORCE_ADMIN, Role.SUPERVISOR)


@role_required(*FOLLOW_UP_ROLES, force="force")
@require_safe
def follow_up_list(request: HttpRequest, force: str) -> HttpResponse:
    """Victims owed a contact, by team; each look is audited, since it lists victims."""
    found = force_or_404(force)
    result = follow_up(found, on=timezone.localdate())
    audit.record(
        audit.Action.VIEW, object_type="victims-follow-up", object_id=found.slug, force=found,
        summary=f"Viewed the victims' follow-up list ({result.victims} victims)", request=request,
    )  # fmt: skip
    return render(request, "victims/follow_up.html", {"result": result})


@role_required(*FOLLOW_UP_ROLES, force="force")
@require_safe
def force_figures(request: HttpRequest, force: str) -> HttpResponse:
    """Every victims' measure and the complaints figures, for a period (`?period=2024/25`)."""
    found = force_or_404(force)
    period = request.GET.get("period", "")[:40]
    try:
        result = figures(found, period, today=timezone.localdate())
    except PeriodError as error:
        context = {"force": found, "error": str(error), "result": None, "period": period}
        return render(request, "victims/figures.html", context, status=400)
    return render(request, "victims/figures.html", {"force": found, "result": result, "error": None, "period": period})
