"""Signing in and out, lock-out, and setting a password by e-mailed link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts import audit, pages, services
from parity.accounts.forms import NewPasswordForm, PasswordResetRequestForm, SignInForm
from parity.accounts.models import User
from parity.accounts.permissions import needs_second_factor, second_factor_url


def safe_next(request: HttpRequest) -> str | None:
    """The page to return to after signing in, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    after = safe_next(request)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user)
        if needs_second_factor(form.user):
            query = f"?{urlencode({'next': after})}" if after else ""
            return redirect(second_factor_url(form.user) + query)
        return redirect(after or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/sign_in.html", {"form": form, "next": after or ""})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this when sign-in is refused after too many failures (AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off

    cool_off: timedelta | None = get_cool_off(request)
    retry_at = timezone.localtime(timezone.now() + cool_off) if cool_off is not None else None
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off": cool_off,
        "retry_at": retry_at,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (so a link can lead here); only a POST, with its CSRF token, signs out."""
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html", {})


@require_http_methods(["GET", "POST"])
@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a link to set a password. The answer is the same whether or not the address has
    an account, so the page cannot be used to find out who has one."""
    form = PasswordResetRequestForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        until = services.count_password_request(request)
        if until is not None:
            _record_request(
                request, audit.Action.PASSWORD_LINK_HELD, "Refused: too many requests from this address", allowed=False
            )
            context = {"retry_at": timezone.localtime(until), "limit": settings.PARITY_PASSWORD_REQUESTS_PER_HOUR}
            return render(request, "accounts/password_reset_wait.html", context, status=429)
        _record_request(request, audit.Action.PASSWORD_LINK_ASKED, "A link to set a password was asked for")
        user = pages.active_user(form.cleaned_data["email"])
        # No account: the same answer as for one, so the page reveals nothing.
        if user is None:
            pass
        elif services.password_links_used_up(user):
            summary = f"No further link sent to {user.email}: the hour's links have been sent"
            audit.record(audit.Action.PASSWORD_LINK_HELD, obj=user, summary=summary, allowed=False, request=request)
        else:
            services.send_set_password(user)
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


def _record_request(request: HttpRequest, action: str, summary: str, *, allowed: bool = True) -> None:
    """A request of the page itself: counted by address, naming no e-mail address typed."""
    page = "accounts:password-reset"
    audit.record(action, object_type="page", object_id=page, summary=summary, allowed=allowed, request=request)


@require_safe
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html", {})


@require_safe
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html", {})


class SetPasswordView(PasswordResetConfirmView):
    """Django's own check of the link (one use, expires), with Parity's page and audit."""

    form_class = NewPasswordForm
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        from axes.utils import reset

        reset(username=user.email)  # proving the e-mail address lifts a lock-out
        audit.record(audit.Action.PASSWORD_SET, obj=user, summary=f"{user.email} set a new password", actor=user)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["request_link_url"] = reverse("accounts:password-reset")
        return context
