"""Sending receipts by text message or e-mail, and erasing the contact details afterwards.

The backend is pluggable (`PARITY_RECEIPT_BACKEND`, a dotted path to a class with a
`send(message)` method that raises `DeliveryFailed` when it cannot send). The default,
`OutboxBackend`, appends each message to `PARITY_HOME/outbox/receipts.log` with the address
masked, standing in for an SMS or e-mail provider; `DjangoMailBackend` sends e-mail through
Django's mail settings; `NotifyBackend` sends text messages and e-mail through GOV.UK Notify
(`parity.web.notify`). A force plugs in another provider the same way.

Contact details are erased as soon as the receipt is sent, and in any case once they are
older than `PARITY_CONTACT_RETENTION_DAYS` (`purge_expired`, run by `parity privacy purge`,
which also forgets receipt viewers' addresses after an hour: `parity.recording.retention`).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from parity.accounts import audit
from parity.errors import ParityError
from parity.recording.models import ReceiptContact, Stop
from parity.web import notify

log = logging.getLogger(__name__)
_PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class DeliveryFailed(ParityError):
    """The backend could not send the receipt; it will be tried again until the details expire."""


@dataclass(frozen=True)
class ReceiptMessage:
    channel: str  # "sms" or "email"
    address: str
    subject: str
    body: str
    reference: str


class Backend(Protocol):
    def send(self, message: ReceiptMessage) -> None: ...


def mask(address: str) -> str:
    """Enough of an address to tell messages apart in a log, not enough to contact anyone."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}•••@{domain}"
    digits = re.sub(r"\D", "", address)
    return f"•••{digits[-3:]}"


class OutboxBackend:
    """Writes each message, address masked, as one JSON line to PARITY_HOME/outbox/receipts.log."""

    def send(self, message: ReceiptMessage) -> None:
        outbox = Path(settings.PARITY_HOME) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        line = {
            "at": timezone.now().isoformat(),
            "channel": message.channel,
            "to": mask(message.address),
            "subject": message.subject,
            "body": message.body,
        }
        with (outbox / "receipts.log").open("a", encoding="utf-8") as log:
            log.write(json.dumps(line, ensure_ascii=False) + "\n")


class DjangoMailBackend:
    """E-mail through Django's EMAIL_BACKEND; text messages need a provider's backend."""

    def send(self, message: ReceiptMessage) -> None:
        if message.channel != ReceiptContact.Channel.EMAIL:
            raise DeliveryFailed("this backend sends e-mail only; set PARITY_RECEIPT_BACKEND to an SMS provider")
        try:
            send_mail(message.subject, message.body, None, [message.address])
        except OSError as error:
            raise DeliveryFailed(f"the mail server refused the message: {error}") from error


class NotifyBackend:
    """Text messages and e-mail through GOV.UK Notify, the receipt's reference as Notify's."""

    def send(self, message: ReceiptMessage) -> None:
        try:
            if message.channel == ReceiptContact.Channel.SMS:
                notify.send_text(message.address, message.body, reference=message.reference)
            else:
                notify.send_email(message.address, message.subject, message.body, reference=message.reference)
        except notify.NotifyError as error:
            raise DeliveryFailed(str(error)) from error


def backend() -> Backend:
    return import_string(settings.PARITY_RECEIPT_BACKEND)()  # type: ignore[no-any-return]


def parse_contact(text: str) -> tuple[str, str] | None:
    """(channel, address) for a mobile number or an e-mail address, or None if it is neither."""
    value = text.strip()
    if _EMAIL.fullmatch(value) and len(value) <= 254:
        return ReceiptContact.Channel.EMAIL, value
    if _PHONE.fullmatch(value) and len(re.sub(r"\D", "", value)) >= 10:
        return ReceiptContact.Channel.SMS, re.sub(r"[ ()-]", "", value)
    return None


def receipt_url(stop: Stop, code: str = "") -> str:
    """The public receipt page, under PARITY_SITE_URL (never the Host a request came with);
    with the person's survey code when given, so their link opens the survey too."""
    url = settings.SITE_URL.rstrip("/") + reverse("receipt:show", args=[stop.reference])
    return f"{url}?code={code}" if code else url


def compose(stop: Stop, contact: ReceiptContact) -> ReceiptMessage:
    when = timezone.localtime(stop.occurred_at)
    body = (
        f"Your receipt for the {stop.get_kind_display().lower()} on {when:%d %B %Y at %H:%M} "
        f"by the officer with warrant or collar number {stop.officer_identifier or 'not recorded'}, "
        f"{stop.station}. Reference {stop.display_reference}. "
        f"See what was recorded and tell us how it went: {receipt_url(stop, contact.survey_code)}"
    )
    return ReceiptMessage(contact.channel, contact.address, "Your receipt from the police", body, stop.reference)


def erase(contact: ReceiptContact, why: str) -> None:
    """Blank the address; the audit trail records that it changed, never its value."""
    contact.address = contact.survey_code = ""
    contact.erased_at = timezone.now()
    contact.save(update_fields=["address", "survey_code", "erased_at"])
    audit.record("receipt.contact-erased", obj=contact, summary=f"Erased the contact details for a receipt: {why}")


def send(contact: ReceiptContact) -> bool:
    """Try to send one receipt; on success erase the address at once. True if sent."""
    if contact.sent_at is not None or not contact.address:
        return contact.sent_at is not None
    message = compose(contact.stop, contact)
    contact.attempts += 1
    try:
        backend().send(message)
    except DeliveryFailed as error:
        contact.last_error = str(error)[:300]
        contact.save(update_fields=["attempts", "last_error"])
        return False
    except Exception:
        # A provider's own fault must not lose the officer's record or page: keep the
        # details, try again later, and leave the traceback for the operator.
        log.exception("the receipt backend %s failed", settings.PARITY_RECEIPT_BACKEND)
        contact.last_error = "the receipt backend failed unexpectedly; see the server log"
        contact.save(update_fields=["attempts", "last_error"])
        return False
    with transaction.atomic():
        contact.sent_at = timezone.now()
        contact.last_error = ""
        contact.save(update_fields=["attempts", "sent_at", "last_error"])
        erase(contact, "sent")
    return True


def retention() -> timedelta:
    return timedelta(days=settings.PARITY_CONTACT_RETENTION_DAYS)


def send_pending() -> tuple[int, int]:
    """Retry every receipt not yet sent whose details are still held: (sent, still failing)."""
    sent = failed = 0
    for contact in (
        ReceiptContact.objects.filter(sent_at=None, erased_at=None).exclude(address="").select_related("stop")
    ):
        if send(contact):
            sent += 1
        else:
            failed += 1
    return sent, failed


def purge_expired(now: datetime | None = None) -> int:
    """Erase contact details held longer than the retention period, sent or not. The count."""
    cutoff = (now or timezone.now()) - retention()
    expired = ReceiptContact.objects.filter(erased_at=None, created_at__lt=cutoff).exclude(address="")
    count = 0
    for contact in expired:
        erase(contact, f"held for {settings.PARITY_CONTACT_RETENTION_DAYS} days without being sent")
        count += 1
    return count
