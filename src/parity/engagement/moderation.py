"""Checking what the public write to community engagement before staff read it.

Access needs given when registering for a conversation, why someone wants to join an advisory
group, and comments left on the feedback forms are free text: they may name someone, give an
address or a phone number. So, as receipt comments do (`parity.recording.moderation`), they go
through two steps, with the same tools (`parity.scrutiny.redaction`):

1. on arrival, pattern redaction takes out what patterns can find; the words as typed are
   never kept;
2. an engagement officer of the force reads that text, takes out what patterns cannot find (a
   name without a title, a nickname, a shop) and approves or rejects it.

Until then, everyone else who may open the record (board members, action owners) sees only
that it is waiting; a rejected text is blanked. An approved comment joins the event's feedback,
to be themed and answered. The moderator can only take words out, never put words in. Every
decision is in the audit trail, without the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.roles import Role
from parity.engagement import services
from parity.engagement.models import Event, GroupApplication, HeldComment, Moderated, Moderation, Registration
from parity.reference.models import Force
from parity.scrutiny.redaction import phrases as phrases  # the moderator's removals, as receipts take them
from parity.scrutiny.redaction import redact_text, remove_phrases

MODERATORS = (Role.ENGAGEMENT_OFFICER,)
KINDS: dict[str, type[Moderated]] = {
    "comment": HeldComment,
    "access-needs": Registration,
    "application": GroupApplication,
}
LABELS = {
    "comment": "A comment on a conversation",
    "access-needs": "Access needs given when registering",
    "application": "Why someone wants to join a group",
}
SHOWN_INSTEAD = {
    Moderation.PENDING: "Waiting to be checked by an engagement officer",
    Moderation.REJECTED: "Not shown: the engagement officer decided it could not be shown safely",
}


def on_arrival(text: str) -> tuple[str, str]:
    """(moderation status, pattern-checked text) for free text just written."""
    stripped = text.strip()
    if not stripped:
        return Moderation.NONE, ""
    checked, _ = redact_text(stripped)
    return Moderation.PENDING, checked


def text_of(record: Moderated) -> str:
    return str(getattr(record, record.MODERATED_FIELD))


def shown(record: Moderated) -> str:
    """What anyone but the moderator reads: the checked text once approved, else what it waits
    for. Text that never needed checking (none given, or written by Parity's illustrative
    example rather than the public) is shown as it is."""
    if record.moderation in {Moderation.APPROVED, Moderation.NONE}:
        return text_of(record)
    return SHOWN_INSTEAD[Moderation(record.moderation)]


def kind_of(record: Moderated) -> str:
    return next(k for k, model in KINDS.items() if isinstance(record, model))


# --- the moderator's queue --------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    kind: str
    record: Moderated
    about: str  # the conversation or group it came from
    received: datetime | None  # a comment keeps only its day (received_on), so as not to link it to a registration

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def text(self) -> str:
        return text_of(self.record)


def waiting(record: Moderated) -> Waiting:
    """The record as the moderator's pages show it: what it is, where it came from, when."""
    if isinstance(record, HeldComment):
        return Waiting("comment", record, record.event.title, None)
    if isinstance(record, Registration):
        return Waiting("access-needs", record, record.event.title, record.registered_at)
    assert isinstance(record, GroupApplication)
    return Waiting("application", record, record.group.name, record.applied_at)


def queue(force: Force) -> list[Waiting]:
    """Every text of the force waiting to be checked: comments, then access needs, then applications."""
    pending = Moderation.PENDING
    records: list[Moderated] = [
        *HeldComment.objects.filter(force=force, moderation=pending).select_related("event"),
        *Registration.objects.filter(event__force=force, moderation=pending).select_related("event"),
        *GroupApplication.objects.filter(group__force=force, moderation=pending).select_related("group"),
    ]
    return [waiting(r) for r in records]


def to_check(force: Force, kind: str, pk: int) -> Moderated:
    """One text of the force waiting to be checked; 404 for any other (or one already decided)."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of text")
    scope = {"comment": "force", "access-needs": "event__force", "application": "group__force"}[kind]
    record: Moderated | None = model._default_manager.filter(
        pk=pk, moderation=Moderation.PENDING, **{scope: force}
    ).first()
    if record is None:
        raise Http404("No such text waiting to be checked")
    return record


# --- decisions ----------------------------------------------------------------------------------


def _check_pending(record: Moderated) -> None:
    if record.moderation != Moderation.PENDING:
        raise ValidationError(f"This has already been {record.get_moderation_display().lower()}")


def _set_text(record: Moderated, text: str) -> None:
    setattr(record, record.MODERATED_FIELD, text)


@transaction.atomic
def redact(record: Moderated, remove: list[str], *, by: User) -> Moderated:
    """Take more words out and keep the text waiting, so the moderator can read it again."""
    _check_pending(record)
    _set_text(record, remove_phrases(text_of(record), remove, what="text"))
    record.save(update_fields=[record.MODERATED_FIELD])
    audit.record(
        "engagement.text-redacted", obj=record, summary=f"Removed {len(remove)} more words or phrases from a text"
    )
    return record


@transaction.atomic
def approve(record: Moderated, remove: list[str], *, by: User) -> Moderated:
    """Approve the checked text (after any last removals); a comment joins the event's feedback."""
    _check_pending(record)
    if remove:
        _set_text(record, remove_phrases(text_of(record), remove, what="text"))
    _decide(record, Moderation.APPROVED, by)
    if isinstance(record, HeldComment):
        record.feedback = services.add_feedback(
            record.force,
            text=record.text,
            event=record.event,
            received_on=record.received_on,
            ethnicity=record.ethnicity,
            area=record.area,
        )
        record.save(update_fields=["feedback"])
    summary = f"Approved {LABELS[kind_of(record)].lower()} (the text is not kept in the trail)"
    audit.record("engagement.text-approved", obj=record, summary=summary)
    return record


@transaction.atomic
def reject(record: Moderated, *, by: User) -> Moderated:
    """Keep the text from everyone (it cannot be shown without identifying someone, say): blanked."""
    _check_pending(record)
    _set_text(record, "")
    _decide(record, Moderation.REJECTED, by)
    audit.record("engagement.text-rejected", obj=record, summary=f"Rejected {LABELS[kind_of(record)].lower()}")
    return record


def _decide(record: Moderated, status: str, by: User) -> None:
    record.moderation = status
    record.moderated_by = by
    record.moderated_at = timezone.now()
    record.save(update_fields=[record.MODERATED_FIELD, "moderation", "moderated_by", "moderated_at"])


# --- arrival ------------------------------------------------------------------------------------


def hold_comment(event: Event, *, text: str, ethnicity: str = "", area: str = "") -> HeldComment:
    """A comment from a public feedback form, pattern-checked and held for the moderator."""
    status, checked = on_arrival(text)
    if not checked:
        raise ValidationError({"text": "Write what you would like to tell us"})
    comment = HeldComment(
        force=event.force,
        event=event,
        text=checked,
        moderation=status,
        ethnicity=ethnicity,
        area=" ".join(area.split()),
    )
    comment.full_clean()
    comment.save()
    return comment


def register_audit() -> None:
    audit.register(HeldComment, redact=("text", "area", "ethnicity"))
