"""The list of panels a person works with, a panel's dashboard, and its settings."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.accounts.permissions import forces_for, has_role, role_required
from parity.accounts.roles import Role
from parity.scrutiny import access, reports
from parity.scrutiny.forms import PanelForm, PanelSettingsForm
from parity.scrutiny.models import Case, Finding, Meeting, Member, Panel
from parity.scrutiny.services import findings as finding_services
from parity.scrutiny.services.members import create_panel, update_settings
from parity.web.form_pages import add_errors

SOON = dt.timedelta(days=60)


@role_required(*access.READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    panels = access.panels_for(user, *access.READERS).select_related("force").order_by("force__name", "name")
    can_add = forces_for(user, Role.FORCE_ADMIN).exists()
    return render(request, "scrutiny/home.html", {"panels": panels, "can_add": can_add})


@role_required(Role.FORCE_ADMIN)
@require_http_methods(["GET", "POST"])
def panel_add(request: HttpRequest) -> HttpResponse:
    forces = forces_for(request.user, Role.FORCE_ADMIN).order_by("name")
    form = PanelForm(data=request.POST if request.method == "POST" else None, forces=forces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel = create_panel(data["force"], data["name"], data["kind"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {panel.name} has been set up. Add its chair and members next.")
            return redirect("scrutiny:members", panel_id=panel.pk)
    return render(request, "scrutiny/panel_add.html", {"form": form})


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


@access.panel_view(*access.READERS, panel=access.panel_arg())
@require_safe
def panel(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    user = cast(User, request.user)
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(panel=panel).order_by("-held_on", "-pk"))
    to_review = (
        Case.objects.filter(panel=panel, decided_at__isnull=True)
        .exclude(reviews__reviewer=user)
        .select_related("sample__meeting")
        .order_by("sample__meeting__held_on", "number")
        if access.can_review(user, panel)
        else Case.objects.none()
    )
    runs = has_role(user, *access.RUNNERS, panel=panel)
    quarters = sorted({reports.quarter_of(m.held_on) for m in meetings}, reverse=True)
    context = {
        "panel": panel,
        "meetings": meetings,
        "upcoming": [m for m in meetings if m.held_on >= today][::-1],
        "past": [m for m in meetings if m.held_on < today],
        "to_review": list(to_review[:50]),
        "overdue": list(finding_services.overdue(panel, today).select_related("case")),
        "waiting": finding_services.waiting(panel, today).count(),
        "answered": Finding.objects.filter(panel=panel, response__isnull=False).count(),
        "is_chair": access.is_chair(user, panel),
        "runs": runs,
        "attention": _attention(panel, today) if runs else [],
        "quarters": [(q, reports.quarter_label(q), reports.quarter_slug(q)) for q in quarters],
    }
    return render(request, "scrutiny/panel.html", context)


@access.panel_view(*access.RUNNERS, panel=access.panel_arg())
@require_http_methods(["GET", "POST"])
def panel_settings(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    initial = {
        "verdict_scale": "\n".join(panel.verdict_scale),
        "themes": "\n".join(panel.themes),
        "bwv_retention_days": panel.bwv_retention_days,
        "answer_within_days": panel.answer_within_days,
    }
    form = PanelSettingsForm(data=request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(panel, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The panel’s settings have been saved.")
            return redirect("scrutiny:panel", panel_id=panel.pk)
    return render(request, "scrutiny/panel_settings.html", {"panel": panel, "form": form})
