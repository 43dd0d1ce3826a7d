"""Updates to the community network: composed by an engagement officer, queued for the members
who chose to hear about the subject, sent by the scheduled job `send-network-updates` through
the mail backend, each with the member's unsubscribe link; the queue is the record of what was
sent to whom (an erased member's row stays, no longer saying who)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.engagement import network
from parity.engagement.models import NetworkMember, NetworkUpdate, UpdateDelivery
from parity.engagement.you_said import entries
from parity.reference.models import Force


def audience(force: Force, interests: Iterable[str] = (), area: str = "") -> list[NetworkMember]:
    """Confirmed members who chose one of `interests` (any, if none named) in `area` (any, if blank)."""
    wanted, place = set(interests), area.strip().lower()
    members = NetworkMember.objects.filter(force=force, confirmed_at__isnull=False).order_by("pk")
    return [
        m
        for m in members
        if (not wanted or wanted & set(m.interests)) and (not place or m.area.strip().lower() == place)
    ]


def compose(
    force: Force, *, subject: str, body: str, interests: Iterable[str] = (), area: str = "", by: User | None = None
) -> NetworkUpdate:
    """Save the update and queue one delivery for each member it reaches."""
    chosen = sorted(set(interests))
    to = audience(force, chosen, area)
    if not to:
        raise ValidationError("Nobody in the network chose to hear about this: choose fewer interests or no area.")
    with transaction.atomic():
        update = NetworkUpdate.objects.create(
            force=force, subject=subject, body=body, interests=chosen, area=area.strip(), created_by=by
        )
        UpdateDelivery.objects.bulk_create(UpdateDelivery(update=update, member=m) for m in to)
        audit.record(audit.Action.CREATE, obj=update, summary=f"Queued to {len(to)} network members")
    return update


def send_queued() -> int:
    """The scheduled job: send every queued delivery whose member is still held. Returns how many."""
    sent = 0
    queued = UpdateDelivery.objects.filter(sent_at__isnull=True, member__isnull=False).select_related(
        "update", "member__force"
    )
    for delivery in queued:
        assert delivery.member is not None
        network.send(delivery.member, delivery.update.subject, delivery.update.body)
        UpdateDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def digest(force: Force) -> str:
    """A "you said, we did" digest from the force's published answers, for the officer to edit."""
    lines = [f"What people told {force.name}, and what was done about it.", ""]
    for entry in entries(force, public=True):
        lines += [entry.heading, f"You said: {entry.you_said}", f"We did: {entry.we_did}", ""]
    return "\n".join(lines).rstrip() + "\n"
