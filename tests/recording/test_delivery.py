"""Receipts sent by text or e-mail through the pluggable backend, and contact details erased:
at once when sent, and after the retention period (`parity privacy purge`) when not."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings as conf
from django.core import mail
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.cli import main
from parity.recording import delivery
from parity.recording.models import ReceiptContact, Stop
from tests.recording import backends
from tests.recording.helpers import save_stop, vehicle_form
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db
NUMBER = "07700 900123"


def _outbox(home: Path) -> list[dict[str, str]]:
    log = home / "outbox" / "receipts.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_a_receipt_is_sent_by_text_and_the_number_erased_at_once(role_world: RoleWorld, scratch_home: Path) -> None:
    client = role_world.client("officer")
    client.post("/record/new/vehicle", vehicle_form(contact=NUMBER))
    stop = Stop.objects.get()
    contact = ReceiptContact.objects.get(stop=stop)
    assert contact.channel == "sms" and contact.sent_at is not None and contact.address == ""
    assert contact.erased_at is not None
    [message] = _outbox(scratch_home)
    assert message["channel"] == "sms" and message["to"] == "•••123"
    assert f"{conf.SITE_URL}/receipt/{stop.reference}" in message["body"]
    assert stop.display_reference in message["body"] and "warrant or collar number PC 4821" in message["body"]
    assert stop.officer_pseudonym not in message["body"]
    assert "07700" not in (scratch_home / "outbox" / "receipts.log").read_text()
    page = client.get(f"/record/records/{stop.pk}/receipt").page
    assert "has been deleted" in page.select_one("main").get_text()


def test_the_audit_trail_never_holds_the_contact_details(role_world: RoleWorld) -> None:
    role_world.client("officer").post("/record/new/vehicle", vehicle_form(contact="sam@example.com"))
    events = AuditEvent.objects.filter(object_type="recording.receiptcontact")
    assert {e.action for e in events} >= {"create", "update", "receipt.contact-erased"}
    for event in events:
        dumped = json.dumps(event.changes) + event.summary
        assert "sam@example.com" not in dumped and "example.com" not in dumped
    created = events.get(action="create")
    assert created.changes["address"] == {"before": None, "after": "(redacted)"}


def test_an_e_mail_receipt_through_django_mail(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_RECEIPT_BACKEND = "parity.recording.delivery.DjangoMailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    role_world.client("officer").post("/record/new/vehicle", vehicle_form(contact="Sam.Jones@example.com"))
    [message] = mail.outbox
    assert message.to == ["Sam.Jones@example.com"] and "receipt" in message.subject.lower()
    assert ReceiptContact.objects.get().address == ""


def test_when_the_provider_fails_the_details_are_kept_and_retried(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_RECEIPT_BACKEND = "tests.recording.backends.UnavailableProvider"  # type: ignore[attr-defined]
    role_world.client("officer").post("/record/new/vehicle", vehicle_form(contact=NUMBER))
    contact = ReceiptContact.objects.get()
    assert contact.sent_at is None and contact.address == "07700900123" and contact.attempts == 1
    assert contact.last_error == "the SMS provider did not answer"
    result = CliRunner().invoke(main, ["receipts", "send", "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout) == {"sent": 0, "failed": 1}
    settings.PARITY_RECEIPT_BACKEND = "tests.recording.backends.RecordingProvider"  # type: ignore[attr-defined]
    backends.SENT.clear()
    result = CliRunner().invoke(main, ["receipts", "send", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"sent": 1, "failed": 0}
    contact = ReceiptContact.objects.get(pk=contact.pk)
    assert contact.address == "" and contact.sent_at is not None and contact.attempts == 3
    assert [m.address for m in backends.SENT] == ["07700900123"]


def test_purge_erases_details_held_longer_than_the_retention_period(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_RECEIPT_BACKEND = "tests.recording.backends.UnavailableProvider"  # type: ignore[attr-defined]
    officer = role_world.user("officer")
    old = save_stop(officer, role_world.home, contact=("sms", "07700900001"))
    recent = save_stop(officer, role_world.home, contact=("email", "kim@example.org"))
    ReceiptContact.objects.filter(stop=old).update(created_at=timezone.now() - timedelta(days=7, minutes=1))
    ReceiptContact.objects.filter(stop=recent).update(created_at=timezone.now() - timedelta(days=6, hours=23))
    result = CliRunner().invoke(main, ["privacy", "purge", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "erased": 1,
        "retention_days": 7,
        "viewer_events_erased": 0,
    }
    assert ReceiptContact.objects.get(stop=old).address == ""
    assert ReceiptContact.objects.get(stop=old).erased_at is not None
    assert ReceiptContact.objects.get(stop=recent).address == "kim@example.org"
    event = AuditEvent.objects.get(action="receipt.contact-erased")
    assert event.actor_label.startswith("command line (") and "07700900001" not in json.dumps(event.changes)


def test_the_retention_period_is_configurable(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_RECEIPT_BACKEND = "tests.recording.backends.UnavailableProvider"  # type: ignore[attr-defined]
    settings.PARITY_CONTACT_RETENTION_DAYS = 1  # type: ignore[attr-defined]
    stop = save_stop(role_world.user("officer"), role_world.home, contact=("sms", "07700900002"))
    ReceiptContact.objects.filter(stop=stop).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert delivery.purge_expired() == 1
    assert delivery.send_pending() == (0, 0), "an erased address is never tried again"


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("07700 900123", ("sms", "07700900123")),
        ("+44 (0)7700-900123", ("sms", "+4407700900123")),
        ("name@example.com", ("email", "name@example.com")),
        ("12345", None),
        ("name@", None),
        ("<script>@x.y", None),
        ("a@b.c\nBcc: everyone@example.com", None),
    ],
)
def test_contact_details_are_read_as_a_mobile_number_or_an_e_mail_address(
    typed: str, parsed: tuple[str, str] | None
) -> None:
    assert delivery.parse_contact(typed) == parsed


def test_masking_keeps_too_little_to_contact_anyone() -> None:
    assert delivery.mask("07700900123") == "•••123"
    assert delivery.mask("sam.jones@example.com") == "s•••@example.com"


def test_a_provider_that_breaks_does_not_lose_the_record(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_RECEIPT_BACKEND = "tests.recording.backends.BrokenProvider"  # type: ignore[attr-defined]
    response = role_world.client("officer").post("/record/new/vehicle", vehicle_form(contact=NUMBER))
    assert response.status_code == 302
    contact = ReceiptContact.objects.get()
    assert contact.sent_at is None and contact.address == "07700900123"
    assert "failed unexpectedly" in contact.last_error
