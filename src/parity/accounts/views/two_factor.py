"""The second factor: setting up an authenticator app, and entering its code at sign-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from parity.accounts import audit, totp
from parity.accounts.forms import TokenForm
from parity.accounts.models import User
from parity.accounts.permissions import is_verified
from parity.accounts.views.auth import safe_next


def _continue(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)


def _other_step(name: str, request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse(name) + (f"?{query}" if query else ""))


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def set_up(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if totp.confirmed_device(user) is not None:
        # Replacing an app needs a force administrator to reset it first: a stolen
        # password alone must not be enough to enrol the thief's phone.
        return _other_step("accounts:two-factor-verify", request)
    device = totp.pending_device(user)
    form = TokenForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = totp.check_code(device, form.cleaned_data["token"])
        if problem is None:
            totp.confirm(device)
            otp_login(request, device)
            audit.record(audit.Action.SECOND_FACTOR_SET_UP, obj=user, summary=f"{user.email} set up a second factor")
            return _continue(request)
        audit.record(
            audit.Action.SECOND_FACTOR_FAILED,
            obj=user,
            summary=f"Wrong or refused code while {user.email} set up a second factor",
            allowed=False,
        )
        form.add_error("token", problem)
    context = {
        "form": form,
        "qr": totp.qr_svg(device),
        "secret": totp.secret_text(device),
        "next": safe_next(request) or "",
    }
    return render(request, "accounts/two_factor_set_up.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = totp.confirmed_device(user)
    if device is None:
        return _other_step("accounts:two-factor-set-up", request)
    if is_verified(user):
        return _continue(request)
    form = TokenForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = totp.check_code(device, form.cleaned_data["token"])
        if problem is None:
            otp_login(request, device)
            audit.record(
                audit.Action.SECOND_FACTOR_VERIFIED, obj=user, summary=f"{user.email} passed the second factor"
            )
            return _continue(request)
        form.add_error("token", problem)
        audit.record(
            audit.Action.SECOND_FACTOR_FAILED,
            obj=user,
            summary=f"Wrong or refused second-factor code for {user.email}",
            allowed=False,
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request) or ""})
