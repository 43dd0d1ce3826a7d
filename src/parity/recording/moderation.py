"""Checking receipt comments before anyone else reads them.

A comment left through a receipt is free text: it may name the person, the officer or a
bystander, give an address or a phone number. So it goes through two steps before a panel,
the officer's record page, the API or the force's community feedback sees it:

1. on arrival, the same pattern redaction as a case pack's grounds
   (`parity.scrutiny.redaction.redact_text`) takes out what patterns can find;
2. a moderator (an analyst of the force) reads that text, removes what patterns cannot find
   (a name without a title, a nickname, a shop), and approves or rejects it.

A moderator can only take words out, never put words in, and never moderates a comment on a
stop they recorded themselves. Once decided, the words as typed are blanked: only the checked
text is kept. Every decision is written to the audit trail (without the text).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import Http404, HttpRequest
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import forces_for
from parity.accounts.roles import Role
from parity.recording.models import Feedback
from parity.scrutiny.redaction import REMOVED as REMOVED  # the removal steps are shared with engagement's
from parity.scrutiny.redaction import phrases as phrases
from parity.scrutiny.redaction import redact_text
from parity.scrutiny.redaction import remove_phrases as remove_phrases

MODERATORS = (Role.ANALYST,)
APPROVED = "receipt.comment-approved"
REJECTED = "receipt.comment-rejected"
EDITED = "receipt.comment-redacted"
Moderation = Feedback.Moderation

# Sent with `feedback=` once a comment is approved, inside the decision's transaction:
# engagement takes the checked text in as community feedback (connected in its
# `AppConfig.ready()`, since recording may not import engagement).
comment_approved = Signal()


def on_arrival(comments: str) -> tuple[str, str]:
    """(moderation status, pattern-checked text) for comments just left on a receipt."""
    text = comments.strip()
    if not text:
        return Moderation.NONE, ""
    checked, _ = redact_text(text)
    return Moderation.PENDING, checked


def queue(user: User) -> QuerySet[Feedback]:
    """Comments waiting for this moderator: their forces', never on a stop they recorded."""
    forces = forces_for(user, *MODERATORS)
    return (
        Feedback.objects.filter(moderation=Moderation.PENDING, stop__force__in=forces)
        .exclude(stop__officer=user)
        .select_related("stop", "stop__force")
        .order_by("submitted_at", "pk")
    )


def to_check(request: HttpRequest, pk: int) -> Feedback:
    """One comment waiting for this moderator; 404 (the refusal audited) for any other.

    A comment on a stop the moderator recorded answers as one that does not exist, so ids
    cannot be probed; the refusal still reaches the audit trail."""
    feedback = queue(request.user).filter(pk=pk).select_related("stop").first()  # type: ignore[arg-type]
    if feedback is None:
        if Feedback.objects.filter(pk=pk).exists():
            audit.record_denied(request, "not a comment waiting for this moderator")
        raise Http404("No such comment waiting to be checked")
    return feedback


@dataclass(frozen=True)
class Decision:
    feedback: Feedback
    removed: int


@transaction.atomic
def redact(feedback: Feedback, remove: list[str], *, by: User) -> Decision:
    """Take more words out and keep the comment waiting, so the moderator can read it again."""
    _check_pending(feedback)
    text = remove_phrases(feedback.checked_comments, remove)
    feedback.checked_comments = text
    feedback.save(update_fields=["checked_comments"])
    audit.record(EDITED, obj=feedback, summary=f"Removed {len(remove)} more words or phrases from a receipt comment")
    return Decision(feedback, len(remove))


@transaction.atomic
def approve(feedback: Feedback, remove: list[str], *, by: User) -> Decision:
    """Approve the checked text (after any last removals): panels, the officer, the API and the
    force's community feedback may now read it."""
    _check_pending(feedback)
    text = remove_phrases(feedback.checked_comments, remove) if remove else feedback.checked_comments
    _decide(feedback, Moderation.APPROVED, text, by)
    comment_approved.send(sender=Feedback, feedback=feedback)
    audit.record(APPROVED, obj=feedback, summary=f"Approved a receipt comment ({len(remove)} more removals)")
    return Decision(feedback, len(remove))


@transaction.atomic
def reject(feedback: Feedback, *, by: User) -> Decision:
    """Keep the comment from everyone (it cannot be shown without identifying someone, say);
    the person's answers to the survey still count."""
    _check_pending(feedback)
    _decide(feedback, Moderation.REJECTED, "", by)
    audit.record(REJECTED, obj=feedback, summary="Rejected a receipt comment: it will not be shown")
    return Decision(feedback, 0)


def _check_pending(feedback: Feedback) -> None:
    if feedback.moderation != Moderation.PENDING:
        raise ValidationError(f"This comment has already been {feedback.get_moderation_display().lower()}")


def _decide(feedback: Feedback, status: str, text: str, by: User) -> None:
    feedback.moderation = status
    feedback.checked_comments = text
    feedback.comments = ""  # the words as typed are kept only until they are checked
    feedback.moderated_by = by
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["moderation", "checked_comments", "comments", "moderated_by", "moderated_at"])


SHOWN_INSTEAD = {
    Moderation.NONE: "No comments",
    Moderation.PENDING: "Comments waiting to be checked by the force",
    Moderation.REJECTED: "Comments not shown: the force decided they could not be shown safely",
}


def shown(feedback: Feedback) -> str | None:
    """The comments anyone but a moderator may read: the approved text, else None."""
    return feedback.checked_comments if feedback.moderation == Moderation.APPROVED else None


def shown_or_status(feedback: Feedback) -> str:
    text = shown(feedback)
    return text if text is not None else SHOWN_INSTEAD[Moderation(feedback.moderation)]
