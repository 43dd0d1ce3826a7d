"""Request-wide parts of accounts: the audit context, the session's absolute lifetime and
the second-factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from parity.accounts import audit
from parity.accounts.permissions import is_verified, needs_second_factor, second_factor_url


class AuditContextMiddleware:
    """Make the current request (user, address, browser) available to `audit.record`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.acting_as(request=request):
            return self.get_response(request)


SIGNED_IN_AT = "parity_signed_in_at"  # session key: when this session signed in (Unix time)


def mark_signed_in(request: HttpRequest) -> None:
    """Start the session's absolute lifetime (called when someone signs in)."""
    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """End a session PARITY_SESSION_MAX_SECONDS after it signed in, however busy it has been.

    The idle limit (SESSION_COOKIE_AGE, renewed by every request) alone would let a session
    that is used often, or a stolen cookie kept warm, last for ever. Once ended, the request
    carries on signed out: pages send the person to sign in again, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if not isinstance(started, int):
                mark_signed_in(request)  # a session from before this check: its lifetime starts now
            elif time.time() - started > settings.PARITY_SESSION_MAX_SECONDS:
                user = request.user
                audit.record(
                    audit.Action.SESSION_ENDED,
                    obj=user,
                    summary=f"Session of {user.email} ended: signed in more than "
                    f"{settings.PARITY_SESSION_MAX_SECONDS / 3600:g} hours before",
                    request=request,
                    actor=user,
                )
                logout(request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Someone who needs a second factor and has signed in with a password only may reach
    the second-factor pages, sign out, and nothing else, whichever view they ask for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            self._open = (
                reverse("accounts:two-factor-set-up"),
                reverse("accounts:two-factor-verify"),
                reverse("accounts:sign-out"),
                reverse("accounts:sign-in"),
                reverse("accounts:password-reset"),  # and the pages after it: public, as when signed out
                "/api/",  # the API answers 403 JSON itself (parity.accounts.api)
                settings.STATIC_URL,
            )
        return self._open

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.open_paths())
            and not is_verified(user)
            and needs_second_factor(user)
        ):
            return redirect(f"{second_factor_url(user)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
