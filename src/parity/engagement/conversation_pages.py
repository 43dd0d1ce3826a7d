"""What the conversation pages show, each gathered in one call (views render it).

Public pages never show the online link, nor anyone's name, address or access needs: the
link is on a registrant's own page only, reached by the signed link in their e-mail."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parity.analysis.rules import Rules
from parity.engagement import conversations, moderation, network
from parity.engagement.conversations import RETENTION_DAYS
from parity.engagement.models import Conversation, Event, EventKind, Place, Response, Theme, Topic
from parity.engagement.participation import participation, people_table
from parity.reference.lookup import force_or_404


def staff_event(slug: str, pk: int) -> Event:
    """A community conversation of the force in the address (another force's answers 404)."""
    return get_object_or_404(
        Event.objects.select_related("force"), pk=pk, force__slug=slug, kind=EventKind.COMMUNITY_CONVERSATION
    )


def setup_initial(slug: str, pk: int) -> tuple[Event, dict[str, Any]]:
    event = staff_event(slug, pk)
    initial: dict[str, Any] = {"facilitator": event.facilitator, "waiting_list": True}
    conversation = Conversation.objects.filter(event=event).first()
    if conversation is not None:
        initial |= {
            "registration_open": conversation.registration_open,
            "capacity": conversation.capacity,
            "waiting_list": conversation.waiting_list,
            "online_link": conversation.online_link,
            "facilitator_from": conversation.facilitator_from,
            "topics": "\n".join(t.title for t in event.topics.all()),
        }
    return event, initial


def registrations_page(slug: str, pk: int) -> dict[str, Any]:
    """Who registered (names, addresses and access needs: engagement staff only), the
    facilitator's link, and who took part in aggregate."""
    event = staff_event(slug, pk)
    conversation = Conversation.objects.filter(event=event).first()
    rows = list(event.registrations.order_by("registered_at", "pk"))
    with_place = [r for r in rows if r.place == Place.PLACE]
    threshold = Rules.from_settings().disclosure_threshold
    return {
        "force": event.force,
        "event": event,
        "conversation": conversation,
        "registrations": rows,
        "needs": {r.pk: moderation.shown(r) for r in rows},  # checked before anyone reads them
        "taken": len(with_place),
        "waiting": sum(1 for r in rows if r.place == Place.WAITING),
        "facilitator_link": conversations.facilitator_link(conversation) if conversation else "",
        "people": people_table([(r.area, r.ethnicity) for r in with_place], threshold),
        "threshold": threshold,
        "points": conversations.points(event),
        "held": event.held_on <= timezone.localdate(),
        "retention_days": RETENTION_DAYS,
    }


# --- public ---------------------------------------------------------------------------------


def _published(slug: str, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("force", "conversation"),
        pk=pk,
        force__slug=slug,
        published=True,
        kind=EventKind.COMMUNITY_CONVERSATION,
    )


def public_conversation(slug: str, pk: int) -> dict[str, Any]:
    """A published conversation: what it covers, who ran it, the themes raised and the answers."""
    event = _published(slug, pk)
    answers = Response.objects.filter(published=True).prefetch_related("actions")
    themes = (
        Theme.objects.filter(feedback__event=event)
        .distinct()
        .prefetch_related(Prefetch("responses", queryset=answers, to_attr="answers"))
        .order_by("name")
    )
    return {
        "force": event.force,
        "event": event,
        "conversation": getattr(event, "conversation", None),
        "topics": list(Topic.objects.filter(event=event)),
        "themes": list(themes),
        "open": conversations.open_for_registration(event),
        "full": _full(event),
    }


def _full(event: Event) -> bool:
    conversation = getattr(event, "conversation", None)
    return conversation is not None and conversations.is_full(conversation)


def register_page(slug: str, pk: int) -> Event:
    """A published conversation open for registration (others answer 404)."""
    event = _published(slug, pk)
    if not conversations.open_for_registration(event):
        raise Http404("not open for registration")
    return event


def take_part_page(slug: str) -> dict[str, Any]:
    """How to take part: conversations to register for, those held, the network, and who takes part."""
    force = force_or_404(slug)
    listed = Event.objects.filter(force=force, published=True, kind=EventKind.COMMUNITY_CONVERSATION).select_related(
        "conversation"
    )
    today = timezone.localdate()
    return {
        "force": force,
        "upcoming": [e for e in listed.order_by("held_on", "pk") if e.held_on >= today],
        "held": [e for e in listed if e.held_on < today],
        "open": {e.pk for e in listed if conversations.open_for_registration(e)},
        "reach": participation(force, public=True),
        "retention": network.retention_words(),
    }
