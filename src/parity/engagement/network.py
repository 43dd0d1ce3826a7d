"""The community network: registering interest, confirming it, unsubscribing and erasure.

Nobody is added until they follow the link e-mailed to them, so no one can sign up someone
else. Every link sent carries a signed token naming one registration and its random key;
unsubscribing needs no account and erases the person at once. Members are also erased when
an engagement officer is asked to, and by the scheduled job `erase-network-members` once
PARITY_NETWORK_RETENTION_DAYS have passed since they confirmed (a registration never
confirmed goes after CONFIRM_DAYS). The audit trail records each change with the name,
address, area and ethnic group redacted, so erasure is complete.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parity.accounts import audit
from parity.engagement.models import NetworkMember
from parity.errors import ParityError
from parity.reference.models import Force

CONFIRM_DAYS = 7
_SALT = {"confirm": "parity.engagement.network.confirm", "unsubscribe": "parity.engagement.network.unsubscribe"}


class BadLink(ParityError, ValueError):
    """A link that was altered, has expired or names a registration no longer held."""


def retention_days() -> int:
    return int(settings.PARITY_NETWORK_RETENTION_DAYS)


def retention_words() -> str:
    """The retention period as the form and e-mails state it: "2 years", "90 days"."""
    days = retention_days()
    if days % 365 == 0:
        years = days // 365
        return "1 year" if years == 1 else f"{years} years"
    return "1 day" if days == 1 else f"{days} days"


# --- signed links ---------------------------------------------------------------------------


def token(member: NetworkMember, purpose: str) -> str:
    return signing.dumps({"m": member.pk, "k": member.key}, salt=_SALT[purpose])


def link(member: NetworkMember, purpose: str) -> str:
    """A link starting with PARITY_SITE_URL (never the Host of a request, which its sender chooses)."""
    path = reverse(f"engagement:network-{purpose}", kwargs={"token": token(member, purpose)})
    return settings.SITE_URL.rstrip("/") + path


def signed(value: str, salt: str, max_age: timedelta | None = None) -> Any:
    """What a link e-mailed by engagement holds (the network's, groups', conversations');
    BadLink, in words for the person who followed it, if it has expired or been changed."""
    try:
        return signing.loads(value, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink("This link has expired.") from error
    except signing.BadSignature as error:
        raise BadLink("This link is not complete or has been changed.") from error


def member_for(value: str, purpose: str) -> NetworkMember:
    """The registration a link names; BadLink if altered, expired or already erased.

    Confirmation links last CONFIRM_DAYS; unsubscribe links last as long as the member does."""
    data = signed(value, _SALT[purpose], timedelta(days=CONFIRM_DAYS) if purpose == "confirm" else None)
    found = NetworkMember.objects.select_related("force").filter(pk=data.get("m"), key=data.get("k")).first()
    if found is None:
        raise BadLink("These details are no longer held: they may have been removed already.")
    return found


# --- e-mail ---------------------------------------------------------------------------------


def send(member: NetworkMember, subject: str, body: str) -> None:
    """Send one message to a member, with the unsubscribe link in the text and the headers
    mail programs use to offer it as a button (one click, no sign-in)."""
    out = link(member, "unsubscribe")
    text = f"{body.rstrip()}\n\n---\nTo stop hearing from us and have your details erased, use this link:\n{out}\n"
    headers = {"List-Unsubscribe": f"<{out}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [member.email], headers=headers).send()


def _send_confirmation(member: NetworkMember) -> None:
    body = (
        f"Hello {member.name},\n\n"
        f"Someone, we hope you, asked to join {member.force.name}'s community network. "
        f"To confirm, use this link within {CONFIRM_DAYS} days:\n\n{link(member, 'confirm')}\n\n"
        f"Until you confirm, you are not added. If you did not ask, ignore this e-mail: "
        f"your details will be erased within {CONFIRM_DAYS} days.\n"
    )
    send(member, f"Confirm you want to join {member.force.name}'s community network", body)


# --- changes --------------------------------------------------------------------------------


def register_interest(
    force: Force,
    *,
    name: str,
    email: str,
    involvement: str,
    area: str = "",
    interests: Iterable[str] = (),
    age_band: str = "not-said",
    ethnicity: str = "",
    consent: bool,
) -> NetworkMember:
    """Hold a registration, unconfirmed, and e-mail its confirmation link."""
    if not consent:
        raise ParityError("consent is needed to hold anyone's details")
    with transaction.atomic():
        member = NetworkMember.objects.create(
            force=force,
            name=name.strip(),
            email=email.strip(),
            area=area.strip(),
            involvement=involvement,
            interests=sorted(set(interests)),
            age_band=age_band or "not-said",
            ethnicity=ethnicity,
            key=secrets.token_urlsafe(24),
            consented_at=timezone.now(),
        )
        _send_confirmation(member)  # inside: if it cannot be sent, nothing is kept
    return member


def confirm(value: str) -> NetworkMember:
    """Add the person the link names; an earlier registration of theirs with the force is replaced."""
    member = member_for(value, "confirm")
    if member.confirmed_at is not None:
        return member
    with transaction.atomic():
        earlier = NetworkMember.objects.filter(force=member.force, email__iexact=member.email).exclude(pk=member.pk)
        for old in earlier:
            _erase(old, "Replaced by a newer confirmed registration")
        member.confirmed_at = timezone.now()
        member.save(update_fields=["confirmed_at"])
    return member


def unsubscribe(value: str) -> Force:
    """Erase the person the link names, at their own request; returns their force for the page."""
    member = member_for(value, "unsubscribe")
    force = member.force
    with transaction.atomic():
        _erase(member, "Unsubscribed by the member's own link")
    return force


def erase(member: NetworkMember) -> None:
    """Erase a member at their request, made to the force (the person acting is audited)."""
    with transaction.atomic():
        _erase(member, "Erased on request")


def erase_expired() -> int:
    """The scheduled job: erase members held longer than the retention period, and
    registrations never confirmed within CONFIRM_DAYS. Returns how many were erased."""
    now = timezone.now()
    expired = NetworkMember.objects.filter(confirmed_at__lt=now - timedelta(days=retention_days()))
    unconfirmed = NetworkMember.objects.filter(
        confirmed_at__isnull=True, consented_at__lt=now - timedelta(days=CONFIRM_DAYS)
    )
    erased = 0
    with transaction.atomic():
        for member in expired:
            _erase(member, "Retention period ended")
            erased += 1
        for member in unconfirmed:
            _erase(member, "Not confirmed in time")
            erased += 1
    return erased


def _erase(member: NetworkMember, why: str) -> None:
    audit.record(audit.Action.UPDATE, obj=member, summary=f"{why}: network member {member.pk} erased")
    member.delete()


def register_audit() -> None:
    audit.register(NetworkMember, redact=("name", "email", "area", "ethnicity"), exclude=("key",))
