"""An engagement officer's checks: what the public wrote (comments, access needs, why they
want to join a group) waiting to be read, and checking one (`parity.engagement.moderation`).
The list and each text are audited when opened."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import role_required
from parity.engagement import moderation, pages
from parity.recording.forms import ModerationForm
from parity.web.form_pages import add_errors


@role_required(*moderation.MODERATORS, force="force")
@require_safe
@never_cache
def checks(request: HttpRequest, force: str) -> HttpResponse:
    """Every text of the force waiting to be checked, oldest first."""
    found = pages.force(force)
    waiting = moderation.queue(found)
    audit.record(
        audit.Action.VIEW,
        object_type="engagement.moderation",
        summary=f"Listed {len(waiting)} texts from the public waiting to be checked",
        request=request,
        force=found,
    )
    return render(request, "engagement/moderation/checks.html", {"force": found, "waiting": waiting})


@role_required(*moderation.MODERATORS, force="force")
@require_http_methods(["GET", "POST"])
@never_cache
def check(request: HttpRequest, force: str, kind: str, pk: int) -> HttpResponse:
    """One text: as the patterns left it, words to take out, approve or reject."""
    found = pages.force(force)
    record = moderation.to_check(found, kind, pk)
    user: User = request.user  # type: ignore[assignment]
    form = ModerationForm(data=request.POST if request.method == "POST" else None)
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ModerationForm.ACTIONS and form.is_valid():
        remove = moderation.phrases(form.cleaned_data["remove"])
        try:
            if action == "remove":
                moderation.redact(record, remove, by=user)
                messages.success(request, "Removed. Read it again, then approve or reject it.")
                return redirect("engagement:check", force=force, kind=kind, pk=pk)
            if action == "approve":
                moderation.approve(record, remove, by=user)
                messages.success(request, "Approved: the people who work on it can now read it.")
            else:
                moderation.reject(record, by=user)
                messages.success(request, "Rejected: no one else will read it.")
            return redirect("engagement:checks", force=force)
        except ValidationError as error:
            add_errors(form, error)
    elif request.method == "GET":
        audit.record_view(record, summary="Opened a text from the public to check it", request=request)
    context = {"force": found, "item": moderation.waiting(record), "form": form}
    return render(request, "engagement/moderation/check.html", context)
