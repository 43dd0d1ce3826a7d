"""The list of panels a person works with, a panel's dashboard, and its settings."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.accounts.permissions import forces_for, role_required
from parity.accounts.roles import Role
from parity.scrutiny import access, pages
from parity.scrutiny.forms import PanelForm, PanelSettingsForm
from parity.scrutiny.models import Panel
from parity.scrutiny.services.members import create_panel, update_settings
from parity.web.form_pages import add_errors


@role_required(*access.READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    panels = access.panels_for(user, *access.READERS).select_related("force").order_by("force__name", "name")
    can_add = forces_for(user, Role.FORCE_ADMIN).exists()
    answers = forces_for(user, *access.ANSWERERS).exists()
    return render(request, "scrutiny/home.html", {"panels": panels, "can_add": can_add, "answers": answers})


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


@access.panel_view(*access.READERS, panel=access.panel_arg())
@require_safe
def panel(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    context = pages.panel_page(panel, cast(User, request.user), timezone.localdate())
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
