"""What a force's engagement pages show, each gathered in one call (views render it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from parity.accounts.models import User
from parity.actions.access import is_board
from parity.analysis.protection import Status, suppress
from parity.analysis.rules import Rules
from parity.engagement import moderation, network, updates
from parity.engagement.models import Channel, Event, Feedback, Interest, NetworkMember, NetworkUpdate, Response, Theme
from parity.engagement.reach import reach
from parity.engagement.you_said import entries
from parity.reference.lookup import force_or_404
from parity.reference.models import Force


def force_page(slug: str, user: User) -> dict[str, Any]:
    """A force's events, themes and the feedback not yet themed, for those who work on them."""
    force = get_object_or_404(Force, slug=slug)
    return {
        "force": force,
        "board": is_board(user, force),
        "events": Event.objects.filter(force=force).annotate(items=Count("feedback")),
        "themes": Theme.objects.filter(force=force).annotate(
            items=Count("feedback", distinct=True), answers=Count("responses", distinct=True)
        ),
        "unthemed": Feedback.objects.filter(force=force, theme__isnull=True).select_related("event"),
        "to_check": len(moderation.queue(force)),
        "reach": reach(
            Feedback.objects.filter(force=force, channel=Channel.EVENT).values_list("ethnicity", flat=True),
            Rules.from_settings().disclosure_threshold,
        ),
    }


def _public_events(force: Force) -> list[tuple[Event, int | None]]:
    """Published events with the number who took part, withheld when it is small."""
    events = list(Event.objects.filter(force=force, published=True))
    counts = [e.attendees or 0 for e in events]
    status = suppress(counts, [], Rules.from_settings().disclosure_threshold)
    return [(e, e.attendees if s == Status.SHOWN else None) for e, s in zip(events, status, strict=True)]


def public_page(slug: str) -> dict[str, Any]:
    """The public "you said, we did" page of a force, with small attendances withheld."""
    force = get_object_or_404(Force, slug=slug)
    return {"force": force, "entries": entries(force, public=True), "events": _public_events(force)}


# --- one record of a force, for the forms and pages that show or change it ------------------
# Each is looked up within the force in the address, so a record of another force answers
# 404 as one that does not exist.


def force(slug: str) -> Force:
    return force_or_404(slug)


def event(slug: str, pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("force"), pk=pk, force__slug=slug)


def feedback(slug: str, pk: int) -> Feedback:
    return get_object_or_404(Feedback.objects.select_related("force", "event"), pk=pk, force__slug=slug)


def theme(slug: str, pk: int) -> Theme:
    return get_object_or_404(Theme.objects.select_related("force"), pk=pk, force__slug=slug)


def response(slug: str, pk: int) -> Response:
    return get_object_or_404(Response.objects.select_related("force", "theme"), pk=pk, force__slug=slug)


def event_page(slug: str, pk: int) -> dict[str, Any]:
    """One event and what people said at it, in the order it was taken down."""
    found = event(slug, pk)
    items = found.feedback.select_related("theme").order_by("pk")
    threshold = Rules.from_settings().disclosure_threshold
    said = reach([f.ethnicity for f in items], threshold)
    return {"event": found, "force": found.force, "items": items, "reach": said}


def public_feedback_event(slug: str, pk: int) -> Event:
    """A published event of the force, for its public feedback form (others answer 404)."""
    return get_object_or_404(Event.objects.select_related("force"), pk=pk, force__slug=slug, published=True)


def theme_page(slug: str, pk: int, user: User) -> dict[str, Any]:
    """One theme: what was said under it and the answers given, and whether this person may answer."""
    found = theme(slug, pk)
    return {
        "theme": found,
        "force": found.force,
        "board": is_board(user, found.force),
        "items": found.feedback.select_related("event").order_by("received_on", "pk"),
        "responses": found.responses.prefetch_related("actions"),
    }


# --- the network (personal data: only the force's engagement roles see it) -------------------


def network_page(slug: str) -> dict[str, Any]:
    """The confirmed members of a force's network, and how many wait to confirm (not who)."""
    found = force(slug)
    members = NetworkMember.objects.filter(force=found)
    return {
        "force": found,
        "members": members.filter(confirmed_at__isnull=False).order_by("name", "pk"),
        "waiting": members.filter(confirmed_at__isnull=True).count(),
        "retention": network.retention_words(),
        "interest_labels": dict(Interest.choices),
    }


def network_member(slug: str, pk: int) -> NetworkMember:
    return get_object_or_404(NetworkMember.objects.select_related("force"), pk=pk, force__slug=slug)


def updates_page(slug: str) -> dict[str, Any]:
    """The updates sent to the network, with how many copies went and how many wait."""
    found = force(slug)
    rows = NetworkUpdate.objects.filter(force=found).annotate(
        copies=Count("deliveries"), sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False))
    )
    return {"force": found, "updates": rows}


def update_page(slug: str, pk: int) -> dict[str, Any]:
    """One update and to whom it went (an erased member shows as such)."""
    found = get_object_or_404(NetworkUpdate.objects.select_related("force", "created_by"), pk=pk, force__slug=slug)
    return {
        "force": found.force,
        "update": found,
        "deliveries": found.deliveries.select_related("member"),
        "interest_labels": dict(Interest.choices),
    }


def compose_initial(slug: str, want_digest: bool) -> tuple[Force, dict[str, Any]]:
    """The force, and the form's starting text: a "you said, we did" digest when asked for."""
    found = force(slug)
    if not want_digest:
        return found, {}
    return found, {"subject": f"You said, we did: {found.name}", "body": updates.digest(found)}
