"""Recording what people said and what was done about it.

Role checks are the views' job; these functions validate and save, so every change goes
through `save()` and into the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.actions.models import Action
from parity.engagement.models import Channel, Event, Feedback, Response, Theme
from parity.reference.models import Force

if TYPE_CHECKING:
    from parity.recording.models import Feedback as ReceiptFeedback


@transaction.atomic
def add_event(
    force: Force,
    *,
    kind: str,
    title: str,
    held_on: date,
    place: str = "",
    facilitator: str = "",
    attendees: int | None = None,
    summary: str = "",
    published: bool = False,
    illustrative: bool = False,
    by: User | None = None,
) -> Event:
    event = Event(
        force=force,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        facilitator=facilitator.strip(),
        attendees=attendees,
        summary=summary.strip(),
        published=published,
        illustrative=illustrative,
        created_by=by,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def edit_event(event: Event, **fields: object) -> Event:
    for name, value in fields.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def add_theme(
    force: Force, *, name: str, description: str = "", illustrative: bool = False, by: User | None = None
) -> Theme:
    name = " ".join(name.split())
    if Theme.objects.filter(force=force, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a theme called “{name}”"})
    theme = Theme(force=force, name=name, description=description.strip(), illustrative=illustrative, created_by=by)
    theme.full_clean()
    theme.save()
    return theme


def _same_force(force_id: int, theme: Theme | None) -> None:
    if theme is not None and theme.force_id != force_id:
        raise ValidationError({"theme": "Choose a theme of the same force"})


@transaction.atomic
def add_feedback(
    force: Force,
    *,
    text: str,
    event: Event | None = None,
    theme: Theme | None = None,
    channel: str = Channel.EVENT,
    received_on: date | None = None,
    by: User | None = None,
    ethnicity: str = "",
    area: str = "",
) -> Feedback:
    if event is not None and event.force_id != force.pk:
        raise ValidationError({"event": "Choose an event of the same force"})
    _same_force(force.pk, theme)
    feedback = Feedback(
        force=force,
        event=event,
        theme=theme,
        channel=channel,
        text=text.strip(),
        received_on=received_on or (event.held_on if event else timezone.localdate()),
        created_by=by,
        ethnicity=ethnicity,
        area=area.strip(),
    )
    feedback.full_clean()
    feedback.save()
    return feedback


def removable(feedback: Feedback) -> bool:
    """Staff can take out a point they noted by mistake; what the public wrote (on the form
    after an event, or through a receipt) is theirs, so it stays."""
    return feedback.created_by_id is not None and feedback.channel != Channel.RECEIPT


@transaction.atomic
def remove_feedback(feedback: Feedback, *, by: User) -> None:
    """Remove a point noted by mistake; the trail keeps what it said, who removed it and when."""
    if not removable(feedback):
        raise ValidationError("Only a point someone at the force noted can be removed; what the public wrote stays.")
    where = f" at {feedback.event.title}" if feedback.event_id and feedback.event else ""
    audit.record(
        audit.Action.DELETE,
        obj=feedback,
        actor=by,
        summary=f"Feedback{where} removed as noted by mistake: {feedback.text[:200]}",
    )
    feedback.delete()


@transaction.atomic
def add_receipt_comment(receipt: ReceiptFeedback) -> Feedback | None:
    """Put the comments someone left through their receipt among the force's feedback, to be
    themed and answered like any other, once a moderator has approved them
    (`parity.recording.moderation`: patterns, then a person, took out names and the like).
    None when there is no approved text."""
    if receipt.moderation != receipt.Moderation.APPROVED:
        return None
    text = receipt.checked_comments.strip()
    if not text:
        return None
    feedback = Feedback(
        force_id=receipt.stop.force_id,
        channel=Channel.RECEIPT,
        text=text,
        received_on=timezone.localdate(receipt.submitted_at),
        receipt_feedback=receipt,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def set_theme(feedback: Feedback, theme: Theme | None) -> Feedback:
    _same_force(feedback.force_id, theme)
    if feedback.theme_id != (theme.pk if theme else None):
        feedback.theme = theme
        feedback.save(update_fields=["theme"])
    return feedback


def _check_actions(force_id: int, actions: Iterable[Action]) -> list[Action]:
    chosen = list(actions)
    if any(a.force_id != force_id for a in chosen):
        raise ValidationError({"actions": "Choose actions from this force's plan"})
    return chosen


@transaction.atomic
def respond(
    theme: Theme,
    *,
    you_said: str,
    we_did: str,
    actions: Iterable[Action] = (),
    published: bool = False,
    responded_on: date | None = None,
    by: User | None = None,
) -> Response:
    """Answer a theme: what people said, what was done, and the actions it led to."""
    chosen = _check_actions(theme.force_id, actions)
    response = Response(
        force_id=theme.force_id,
        theme=theme,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        published=published,
        responded_on=responded_on or timezone.localdate(),
        created_by=by,
    )
    response.full_clean()
    response.save()
    response.actions.set(chosen)
    return response


@transaction.atomic
def edit_response(
    response: Response, *, you_said: str, we_did: str, actions: Iterable[Action], published: bool
) -> Response:
    chosen = _check_actions(response.force_id, actions)
    response.you_said, response.we_did, response.published = you_said.strip(), we_did.strip(), published
    response.full_clean()
    response.save()
    response.actions.set(chosen)
    return response
