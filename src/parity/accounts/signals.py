"""Sign-ins, sign-outs, failures and lock-outs, written to the audit trail as they happen."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from parity.accounts import audit
from parity.accounts.models import User


def _signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    from parity.accounts.middleware import mark_signed_in
    from parity.accounts.services import take_up

    if getattr(request, "session", None) is not None:
        mark_signed_in(request)
    take_up(user)  # roles forces added them to that wait only for them
    audit.record(audit.Action.SIGN_IN, obj=user, summary=f"{user.email} signed in", request=request, actor=user)


def _signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(audit.Action.SIGN_OUT, obj=user, summary=f"{user.email} signed out", request=request, actor=user)


def _failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    user = User.objects.filter(email=email).first()
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        obj=user,
        object_type="accounts.user",
        summary=f"Failed sign-in as {email or '(no e-mail given)'}",
        allowed=False,
        request=request,
        actor=None,
    )


def _locked_out(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    user = User.objects.filter(email=username or "").first()
    audit.record(
        audit.Action.LOCKED_OUT,
        obj=user,
        object_type="accounts.user",
        summary=f"{username} locked out after repeated failed sign-ins from {ip_address}",
        allowed=False,
        request=request,
        actor=None,
    )


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="parity-audit-sign-in")
    user_logged_out.connect(_signed_out, dispatch_uid="parity-audit-sign-out")
    user_login_failed.connect(_failed, dispatch_uid="parity-audit-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="parity-audit-locked-out")
