"""The body-worn-video log of a case: asked for, whether it exists (and why not), who watched it.

A force keeps footage that is not evidence for a short time (31 days unless the panel or
PARITY_BWV_RETENTION_DAYS says otherwise); panels often meet quarterly, so the log shows
when the footage would have been deleted. When the force's own record says the camera was
not switched on, the log says so at once, without waiting for the force.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parity.accounts.models import User
from parity.scrutiny.models import BwvRequest, BwvViewing, Case
from parity.scrutiny.services import notices


def stop_date(case: Case) -> dt.date:
    return dt.date.fromisoformat(case.snapshot["date"])


def retention_ends(case: Case) -> dt.date:
    return stop_date(case) + dt.timedelta(days=case.panel.retention_days)


def past_retention(case: Case, on: dt.date | None = None) -> bool:
    return (on or timezone.localdate()) > retention_ends(case)


@transaction.atomic
def request_footage(case: Case, *, by: User) -> BwvRequest:
    existing = BwvRequest.objects.filter(case=case).first()
    if existing is not None:
        return existing
    bwv = BwvRequest(case=case, requested_by=by, retention_ends_on=retention_ends(case))
    if case.snapshot.get("bwv_recorded") is False:
        bwv.status = BwvRequest.Status.NOT_AVAILABLE
        bwv.reason = BwvRequest.Reason.NOT_SWITCHED_ON
        bwv.detail = "The force's record of the search says the camera was not switched on."
        bwv.answered_at = timezone.now()
    bwv.save()
    if bwv.status == BwvRequest.Status.REQUESTED:
        notices.video_requested(bwv, by=by)
    return bwv


@transaction.atomic
def answer_request(bwv: BwvRequest, status: str, reason: str = "", detail: str = "", *, by: User) -> BwvRequest:
    """The force says whether the footage exists, and if not, why."""
    if status not in (BwvRequest.Status.AVAILABLE, BwvRequest.Status.NOT_AVAILABLE):
        raise ValidationError({"status": "Say whether the footage is available"})
    if status == BwvRequest.Status.NOT_AVAILABLE and not reason:
        raise ValidationError({"reason": "Say why the footage is not available"})
    if status == BwvRequest.Status.NOT_AVAILABLE and reason == BwvRequest.Reason.OTHER and not detail.strip():
        raise ValidationError({"detail": "Explain why the footage is not available"})
    bwv.status = status
    bwv.reason = reason if status == BwvRequest.Status.NOT_AVAILABLE else ""
    bwv.detail = detail.strip()
    bwv.answered_by = by
    bwv.answered_at = timezone.now()
    bwv.save()
    return bwv


def record_viewing(bwv: BwvRequest, *, by: User, note: str = "") -> BwvViewing:
    if bwv.status != BwvRequest.Status.AVAILABLE:
        raise ValidationError("The force has not made this footage available, so no one can have watched it.")
    return BwvViewing.objects.create(bwv=bwv, viewed_by=by, note=note.strip())
