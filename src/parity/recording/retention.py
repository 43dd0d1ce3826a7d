"""How long Parity keeps the addresses and browsers of people who open a receipt.

The receipt page is public: whoever holds a reference may open it, so Parity counts failed
look-ups per address to stop guessing (`parity.recording.receipts`), and the audit trail notes
each look-up, failure, refusal and survey answer with the address and browser it came from.
The guessing limit counts in Django's cache, where each count (and the address in its key)
expires when its hour ends; nothing else needs the address after that hour, so
`forget_receipt_viewers` blanks the address and browser on those audit events once they are
older than the hour, keeping the events themselves (what happened, to which receipt, when).
The audit chain stays verifiable (`parity.accounts.audit.erase_client_details`).

Run it often (`parity privacy purge`, or the scheduled job): between runs an address is kept
at most one run interval longer than the hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import AuditEvent
from parity.recording import receipts

# The guessing limit counts failed look-ups within this window.
GUESS_WINDOW: timedelta = receipts.GUESS_WINDOW


@dataclass(frozen=True)
class Forgotten:
    events_erased: int
    kept_for: timedelta


def receipt_viewer_events() -> Q:
    """Audit events made by people on the public receipt pages (never signed in): opening a
    receipt, a reference not found, a refusal for too many tries, and a survey answer."""
    public = Q(action__in=[receipts.VIEWED, receipts.NOT_FOUND, receipts.REFUSED, receipts.WRONG_CODE])
    answered = Q(action=audit.Action.CREATE, object_type="recording.feedback")
    return (public | answered) & Q(actor__isnull=True)


def forget_receipt_viewers(now: datetime | None = None) -> Forgotten:
    """Erase receipt viewers' addresses and browsers from the audit trail once older than the
    guessing window; the audit events stay."""
    cutoff = (now or timezone.now()) - GUESS_WINDOW
    events = AuditEvent.objects.filter(receipt_viewer_events(), at__lt=cutoff)
    erased = audit.erase_client_details(events, "receipt viewers' details are kept only for the guessing limit")
    return Forgotten(events_erased=erased, kept_for=GUESS_WINDOW)
