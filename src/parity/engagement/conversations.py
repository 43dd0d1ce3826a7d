"""Conversations: registration, the facilitator's notes and the feedback form after them.

An engagement officer opens registration for an event (a place limit with a waiting list or
"full", the online link, the topics, the independent facilitator). Anyone may register; the
e-mail they get carries a link to their own page, which alone shows the online link, and
lets them cancel (the first on the waiting list then gets the place and an e-mail). The
facilitator gets a link of their own to a page where they note points as they are made,
each under a topic; a point noted by mistake is removed, and the trail keeps that it was.
After the event the officer sends those registered a link to a feedback form that asks for
no name. Registrations are personal data: the job `erase-conversation-registrations` erases
names, addresses and access needs RETENTION_DAYS after the event, keeping only the
self-described ethnic group and area, which are only ever counted with others.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.engagement import moderation, services
from parity.engagement.models import (
    Channel,
    Conversation,
    Event,
    EventKind,
    HeldComment,
    Moderation,
    Place,
    Point,
    Registration,
    Topic,
)
from parity.engagement.network import BadLink, signed
from parity.errors import ParityError

RETENTION_DAYS = 30  # after the event: long enough to send the feedback form and hear back
FACILITATOR_DAYS = 2  # the facilitator's link works until two days after the event
_SALT = {
    "place": "parity.engagement.conversations.place",
    "feedback": "parity.engagement.conversations.feedback",
    "facilitate": "parity.engagement.conversations.facilitate",
}


def _key() -> str:
    return secrets.token_urlsafe(24)


def _absolute(name: str, value: str) -> str:
    """A link starting with PARITY_SITE_URL (never the Host of a request, which its sender chooses)."""
    return settings.SITE_URL.rstrip("/") + reverse(f"engagement:{name}", kwargs={"token": value})


# --- setting a conversation up --------------------------------------------------------------


@transaction.atomic
def set_up(
    event: Event,
    *,
    registration_open: bool,
    capacity: int | None,
    waiting_list: bool,
    online_link: str,
    facilitator: str,
    facilitator_from: str,
    topics: Iterable[str],
) -> Conversation:
    """Registration settings, the facilitator and the topics (topics already noted under keep
    their points; one no longer listed goes, its points stay without a topic)."""
    if event.kind != EventKind.COMMUNITY_CONVERSATION:
        raise ValidationError("Only a community conversation takes registrations")
    conversation = Conversation.objects.filter(event=event).first() or Conversation(event=event, facilitator_key=_key())
    conversation.registration_open = registration_open
    conversation.capacity = capacity
    conversation.waiting_list = waiting_list
    conversation.online_link = online_link.strip()
    conversation.facilitator_from = facilitator_from.strip()
    conversation.full_clean()
    conversation.save()
    _promote(conversation)  # more places: the waiting list moves up
    if event.facilitator != facilitator.strip():
        services.edit_event(event, facilitator=facilitator)
    _set_topics(event, [" ".join(t.split()) for t in topics if t.strip()])
    return conversation


def _set_topics(event: Event, titles: list[str]) -> None:
    held = {t.title.lower(): t for t in event.topics.all()}
    for position, title in enumerate(titles):
        topic = held.pop(title.lower(), None) or Topic(event=event)
        if (topic.title, topic.position) != (title, position) or topic.pk is None:
            topic.title, topic.position = title, position
            topic.full_clean()
            topic.save()
    for gone in held.values():
        gone.delete()


def new_facilitator_link(conversation: Conversation) -> Conversation:
    """Cancel the facilitator's link and make a new one (if it went to the wrong person)."""
    conversation.facilitator_key = _key()
    conversation.save(update_fields=["facilitator_key"])
    return conversation


def facilitator_link(conversation: Conversation) -> str:
    return _absolute("facilitate", signing.dumps({"c": conversation.pk, "k": conversation.facilitator_key},
                                                  salt=_SALT["facilitate"]))  # fmt: skip


# --- registering ----------------------------------------------------------------------------


def taken(event: Event) -> int:
    return event.registrations.filter(place=Place.PLACE).count()


def is_full(conversation: Conversation) -> bool:
    return conversation.capacity is not None and taken(conversation.event) >= conversation.capacity


def open_for_registration(event: Event) -> bool:
    conversation = getattr(event, "conversation", None)
    return bool(
        event.published and conversation is not None and conversation.registration_open
        and event.held_on >= timezone.localdate()
        and not (is_full(conversation) and not conversation.waiting_list)
    )  # fmt: skip


def register(
    event: Event,
    *,
    name: str,
    email: str,
    access_needs: str = "",
    ethnicity: str = "",
    area: str = "",
    consent: bool,
) -> Registration:
    """A place, or a place on the waiting list; e-mails the link to their own page. Refused when
    registration is closed or the event is full with no waiting list."""
    if not consent:
        raise ParityError("consent is needed to hold anyone's details")
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().select_related("event__force").get(event=event)
        if not open_for_registration(conversation.event):
            raise ValidationError("This conversation is full, or registration has closed")
        checked, needs = moderation.on_arrival(access_needs)
        registration = Registration.objects.create(
            event=conversation.event,
            name=name.strip(),
            email=email.strip(),
            access_needs=needs,
            moderation=checked,
            ethnicity=ethnicity,
            area=" ".join(area.split()),
            place=Place.WAITING if is_full(conversation) else Place.PLACE,
            key=_key(),
        )
        _send_place(registration, conversation)  # inside: if it cannot be sent, nothing is kept
    return registration


def token(registration: Registration, purpose: str) -> str:
    return signing.dumps({"r": registration.pk, "k": registration.key}, salt=_SALT[purpose])


def link(registration: Registration, purpose: str) -> str:
    return _absolute(
        "conversation-place" if purpose == "place" else "conversation-feedback", token(registration, purpose)
    )


def registration_for(value: str, purpose: str) -> Registration:
    """The registration a link names; BadLink if altered, or its details have been erased."""
    data = signed(value, _SALT[purpose])
    found = (
        Registration.objects.select_related("event__force", "event__conversation")
        .filter(pk=data.get("r"), key=data.get("k"), erased_at__isnull=True)
        .first()
    )
    if found is None:
        raise BadLink("These details are no longer held: they are erased some weeks after the conversation.")
    return found


def _when(event: Event) -> str:
    return f"{event.held_on.day} {event.held_on:%B %Y}" + (f", {event.place}" if event.place else "")


def _send(registration: Registration, subject: str, body: str) -> None:
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email]).send()


def _send_place(registration: Registration, conversation: Conversation) -> None:
    event = conversation.event
    if registration.place == Place.PLACE:
        joining = (
            f"To join online, use this link on the day (please do not share it):\n{conversation.online_link}\n\n"
            if conversation.online_link
            else ""
        )
        opening = f"You have a place at “{event.title}” ({_when(event)}).\n\n{joining}"
        subject = f"Your place at {event.title}"
    else:
        opening = (
            f"“{event.title}” ({_when(event)}) is full, so you are on the waiting list. "
            "If a place comes free, we will e-mail you straight away.\n\n"
        )
        subject = f"You are on the waiting list for {event.title}"
    body = (
        f"Hello {registration.name},\n\n{opening}"
        f"Your own page, to see the details or cancel:\n{link(registration, 'place')}\n\n"
        f"We keep your name, e-mail address and any access needs until {RETENTION_DAYS} days after "
        f"the conversation, then erase them.\n"
    )
    _send(registration, subject, body)


def cancel(value: str) -> Registration:
    """Cancel the registration the link names; the first on the waiting list takes a freed place."""
    registration = registration_for(value, "place")
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(event=registration.event)
        had_place = registration.place == Place.PLACE
        registration.place = Place.CANCELLED
        registration.save(update_fields=["place"])
        if had_place:
            _promote(conversation)
    return registration


def _promote(conversation: Conversation) -> None:
    """Give free places to those waiting, first come first served, and e-mail each their place."""
    waiting = conversation.event.registrations.filter(place=Place.WAITING, erased_at__isnull=True)
    for registration in waiting.order_by("registered_at", "pk"):
        if is_full(conversation):
            return
        registration.place = Place.PLACE
        registration.save(update_fields=["place"])
        _send_place(registration, conversation)


# --- the facilitator's notes ----------------------------------------------------------------


def conversation_for(value: str) -> Conversation:
    """The conversation a facilitator's link names; BadLink if altered, replaced or too late."""
    data = signed(value, _SALT["facilitate"])
    found = (
        Conversation.objects.select_related("event__force")
        .filter(pk=data.get("c"), facilitator_key=data.get("k"))
        .first()
    )
    if found is None:
        raise BadLink("This link has been replaced by a newer one: ask the engagement officer for it.")
    if timezone.localdate() > found.event.held_on + timedelta(days=FACILITATOR_DAYS):
        raise BadLink("This link has expired: points can be added until two days after the conversation.")
    return found


@transaction.atomic
def note(conversation: Conversation, *, text: str, topic: Topic | None, by: User | None = None) -> Point:
    """A point made at the meeting, as the facilitator noted it; it joins the event's feedback."""
    event = conversation.event
    if topic is not None and topic.event_id != event.pk:
        raise ValidationError({"topic": "Choose a topic of this conversation"})
    feedback = services.add_feedback(event.force, text=text, event=event, channel=Channel.EVENT, by=by)
    point = Point(feedback=feedback, topic=topic)
    point.full_clean()
    point.save()
    return point


def point_of(conversation: Conversation, pk: int) -> Point:
    found = Point.objects.select_related("feedback").filter(pk=pk, feedback__event=conversation.event).first()
    if found is None:
        raise ValidationError("That point is not one of this conversation's")
    return found


@transaction.atomic
def remove(point: Point) -> None:
    """Remove a point noted by mistake; the trail keeps what it said and that it was removed."""
    audit.record(
        audit.Action.DELETE,
        obj=point.feedback,
        summary=f"Point removed as noted by mistake: {point.feedback.text[:200]}",
    )
    point.feedback.delete()


def points(event: Event) -> list[Point]:
    return list(Point.objects.filter(feedback__event=event).select_related("feedback", "topic").order_by("-pk"))


# --- after the conversation -----------------------------------------------------------------


def invite_feedback(event: Event) -> int:
    """E-mail everyone with a place a link to the feedback form. Returns how many were sent."""
    conversation = Conversation.objects.get(event=event)
    if event.held_on > timezone.localdate():
        raise ValidationError("The feedback form goes out once the conversation has been held")
    sent = 0
    for registration in event.registrations.filter(place=Place.PLACE, erased_at__isnull=True):
        body = (
            f"Hello {registration.name},\n\nThank you for coming to “{event.title}”. "
            f"Tell us what you thought, and what else you would like to say, here:\n"
            f"{link(registration, 'feedback')}\n\n"
            f"You do not need to give your name: what you write is not linked to you.\n"
        )
        _send(registration, f"What did you think of {event.title}?", body)
        sent += 1
    conversation.feedback_sent_at = timezone.now()
    conversation.save(update_fields=["feedback_sent_at"])
    return sent


def give_feedback(value: str, *, text: str, ethnicity: str = "", area: str = "") -> HeldComment:
    """Feedback through a registrant's link, saved with no link to who gave it, held until an
    engagement officer has checked it (`parity.engagement.moderation`)."""
    registration = registration_for(value, "feedback")
    return moderation.hold_comment(registration.event, text=text, ethnicity=ethnicity, area=area)


# --- retention ------------------------------------------------------------------------------


def erase_expired(today: date | None = None) -> int:
    """The scheduled job: erase names, addresses and access needs RETENTION_DAYS after the event.
    Returns how many registrations were erased."""
    cutoff = (today or timezone.localdate()) - timedelta(days=RETENTION_DAYS)
    erased = 0
    with transaction.atomic():
        for registration in Registration.objects.filter(event__held_on__lt=cutoff, erased_at__isnull=True):
            registration.name = registration.email = registration.access_needs = ""
            if registration.moderation == Moderation.PENDING:  # erased unread: nothing left to check
                registration.moderation = Moderation.NONE
            registration.key = _key()  # every link sent stops working
            registration.erased_at = timezone.now()
            registration.save()
            erased += 1
    return erased


def register_audit() -> None:
    audit.register(Conversation, force="event.force", exclude=("facilitator_key",))
    audit.register(Topic, force="event.force")
    audit.register(Point, force="feedback.force")
    audit.register(
        Registration,
        force="event.force",
        redact=("name", "email", "access_needs", "ethnicity", "area"),
        exclude=("key",),
    )
