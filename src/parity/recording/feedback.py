"""Feedback from the person stopped: what counts as negative, saving it, and who it is about.

Feedback is negative when the person says they were not treated with respect, or not told
why they were stopped, or were dissatisfied. Panels can sample every stop with negative
feedback (`parity.recording.registrations`), and public figures count satisfaction by
ethnic group (`parity.recording.figures`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal

from parity.recording import choices
from parity.recording.models import Feedback, Stop

# Sent with `feedback=` once a response is stored, inside its transaction: engagement takes
# the comments in as community feedback (connected in its `AppConfig.ready()`, since
# recording may not import engagement). A receiver's error undoes the whole save.
feedback_saved = Signal()


def is_negative(respect: str, told_why: str, satisfaction: str) -> bool:
    return choices.Answer.NO in {respect, told_why} or satisfaction in choices.DISSATISFIED


@transaction.atomic
def save(stop: Stop, data: dict[str, Any]) -> Feedback:
    """Store one response (the audit trail records it, with the comments redacted); its
    comments also join the force's community feedback, to be themed and answered."""
    respect, told_why, satisfaction = data.get("respect", ""), data.get("told_why", ""), data.get("satisfaction", "")
    feedback = Feedback.objects.create(
        stop=stop,
        respect=respect,
        told_why=told_why,
        satisfaction=satisfaction,
        comments=data.get("comments", "").strip(),
        self_defined=data.get("self_defined", ""),
        negative=is_negative(respect, told_why, satisfaction),
    )
    feedback_saved.send(sender=Feedback, feedback=feedback)
    return feedback


def negative_stops() -> QuerySet[Stop]:
    """Stops with negative feedback, their own or on the stop the search followed."""
    return Stop.objects.filter(Q(feedback__negative=True) | Q(preceded_by__feedback__negative=True)).distinct()


def feedback_on(stop: Stop) -> QuerySet[Feedback]:
    """Feedback on this stop and on the stop it followed (a vehicle stop that led to a search)."""
    return Feedback.objects.filter(Q(stop=stop) | Q(stop__followed_by=stop)).select_related("stop")


def respondent_group(feedback: Feedback, recorded: Iterable[str]) -> str:
    """The self-defined code to count a response under.

    The ethnicity the person gave with their feedback; failing that, the one recorded when
    only one person was stopped (so the response must be theirs); else "NS" (not stated).
    """
    if feedback.self_defined:
        return feedback.self_defined
    codes = list(recorded)
    return codes[0] if len(codes) == 1 else choices.PREFER_NOT_TO_SAY
