"""API tokens for force systems that push records to Parity (issue 6) or read its API.

A token acts as the user it was issued to, with that user's roles; it is shown once when
issued and only its sha256 is kept, so a leaked database does not leak working tokens.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import ApiToken, User

_TOUCH_EVERY = timedelta(minutes=5)


def draw_raw_token() -> str:
    """A new raw token whose lookup does not start with "-", so that `parity user
    revoke-token LOOKUP` never reads it as an option."""
    while True:
        raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
        if raw[len(ApiToken.PREFIX)] != "-":
            return raw


def issue_token(user: User, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the stored row and the raw token (show it once)."""
    expires = timezone.now() + timedelta(days=days) if days else None
    for _ in range(5):
        raw = draw_raw_token()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name,
                    lookup=raw[len(ApiToken.PREFIX) : len(ApiToken.PREFIX) + 8],
                    digest=ApiToken.hash(raw),
                    expires_at=expires,
                )
                audit.record(audit.Action.TOKEN_ISSUED, obj=user, summary=f"Issued API token {token} to {user.email}")
            return token, raw
        except IntegrityError:  # the 8-character lookup collided; draw again
            continue
    raise RuntimeError("could not draw a unique token")


def user_for_token(raw: str) -> User | None:
    """The active user a presented token belongs to, or None if unknown, expired or revoked."""
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw)).first()
    if token is None or not token.usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(lookup: str) -> ApiToken:
    """Stop a token working at once; raises ApiToken.DoesNotExist for an unknown lookup."""
    token = ApiToken.objects.select_related("user").get(lookup=lookup)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(audit.Action.TOKEN_REVOKED, obj=token.user, summary=f"Revoked API token {token}")
    return token
