"""Moderators' pages: receipt comments waiting to be checked, and checking one.

Analysts of a force moderate its comments (`parity.recording.moderation`). The list and each
comment are audited when opened; a comment on a stop the moderator recorded is not theirs to
check, and is refused as if it did not exist.
"""

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
from parity.recording import moderation
from parity.recording.forms import ModerationForm
from parity.web.form_pages import add_errors


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(*moderation.MODERATORS)
@require_safe
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    """Every comment waiting for this moderator, oldest first."""
    waiting = list(moderation.queue(_user(request))[:200])
    audit.record(
        audit.Action.VIEW,
        object_type="recording.feedback",
        summary=f"Listed {len(waiting)} receipt comments waiting to be checked",
        request=request,
    )
    return render(request, "recording/moderation/queue.html", {"waiting": waiting})


@role_required(*moderation.MODERATORS)
@require_http_methods(["GET", "POST"])
@never_cache
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment: the text after pattern redaction, words to take out, approve or reject."""
    user = _user(request)
    feedback = moderation.to_check(request, pk)
    form = ModerationForm(data=request.POST if request.method == "POST" else None)
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ModerationForm.ACTIONS and form.is_valid():
        remove = moderation.phrases(form.cleaned_data["remove"])
        try:
            if action == "remove":
                moderation.redact(feedback, remove, by=user)
                messages.success(request, "Removed. Read the comment again, then approve or reject it.")
                return redirect("recording:moderation-check", pk=feedback.pk)
            if action == "approve":
                moderation.approve(feedback, remove, by=user)
                messages.success(request, "Approved: the officer, panels and the force’s feedback can now read it.")
            else:
                moderation.reject(feedback, by=user)
                messages.success(request, "Rejected: no one else will read this comment.")
            return redirect("recording:moderation")
        except ValidationError as error:
            add_errors(form, error)
    elif request.method == "GET":
        audit.record_view(feedback, summary="Opened a receipt comment to check it", request=request)
    context = {"feedback": feedback, "form": form, "stop": feedback.stop}
    return render(request, "recording/moderation/check.html", context)
