"""Findings: what the panel has referred to the force, and the force's answers."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.accounts.permissions import has_role
from parity.scrutiny import access, pages
from parity.scrutiny.forms import ResponseForm
from parity.scrutiny.models import Finding, Panel
from parity.scrutiny.services import findings as services
from parity.web.form_pages import add_errors


@access.panel_view(*access.READERS, panel=access.panel_arg())
@require_safe
def findings(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    context = pages.findings_page(panel, timezone.localdate())
    return render(request, "scrutiny/findings.html", context)


def _finding(finding_id: int) -> Finding:
    return pages.finding(finding_id)


@access.panel_view(*access.READERS, panel=access.panel_of(Finding, "finding_id"))
@require_safe
def finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = _finding(finding_id)
    user = cast(User, request.user)
    context = {
        "finding": finding,
        "panel": finding.panel,
        "response": getattr(finding, "response", None),
        "can_answer": has_role(user, *access.ANSWERERS, panel=finding.panel),
        "overdue": finding.is_overdue(),
    }
    return render(request, "scrutiny/finding.html", context)


@access.panel_view(*access.ANSWERERS, panel=access.panel_of(Finding, "finding_id"))
@require_http_methods(["GET", "POST"])
def finding_answer(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = _finding(finding_id)
    response = getattr(finding, "response", None)
    initial = (
        {
            "answer": response.answer,
            "action_taken": response.action_taken,
            "officer_learning": response.officer_learning,
        }
        if response
        else {}
    )
    form = ResponseForm(data=request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer(
                finding, data["answer"], data["action_taken"], data["officer_learning"], by=cast(User, request.user)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The force's answer has been recorded. The panel can see it now.")
            return redirect("scrutiny:finding", finding_id=finding.pk)
    return render(request, "scrutiny/finding_answer.html", {"finding": finding, "panel": finding.panel, "form": form})
