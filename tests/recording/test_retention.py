"""People who open a receipt are not tracked forever: their addresses and browsers are kept
only for the hour the guessing limit needs them, in the audit trail too (the event stays),
and the audit trail still verifies afterwards."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test import Client
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import AuditEvent
from parity.cli import main
from parity.recording import receipts, retention
from parity.recording.models import Stop
from tests.recording.helpers import save_stop, survey_url
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) a person's phone"
LATER = timedelta(hours=1, minutes=5)


@pytest.fixture
def stop(role_world: RoleWorld) -> Stop:
    return save_stop(role_world.user("officer"), role_world.home, "search")


def _visit(stop: Stop) -> None:
    """A person opens their receipt, mistypes a reference once, and answers the survey."""
    person = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.23")
    assert person.get(f"/receipt/{stop.reference}").status_code == 200
    assert person.get("/receipt/", {"reference": "0000000000000000"}).status_code == 404
    assert person.post(survey_url(stop), {"satisfaction": "satisfied"}).status_code == 302


def _viewer_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(retention.receipt_viewer_events()).order_by("id"))


def test_receipt_viewers_addresses_are_erased_after_the_hour_and_the_events_kept(
    stop: Stop, role_world: RoleWorld
) -> None:
    _visit(stop)
    staff = role_world.client("officer")
    staff.get(f"/record/records/{stop.pk}/")  # a signed-in view: staff addresses are kept
    events = _viewer_events()
    assert {e.action for e in events} == {receipts.VIEWED, receipts.NOT_FOUND, audit.Action.CREATE}
    assert all(e.ip_address == "198.51.100.23" and e.user_agent == BROWSER for e in events)

    assert retention.forget_receipt_viewers().events_erased == 0, "within the hour the limit still needs them"
    forgotten = retention.forget_receipt_viewers(timezone.now() + LATER)

    assert forgotten.events_erased == len(events)
    after = _viewer_events()
    assert [e.pk for e in after] == [e.pk for e in events], "the events themselves are kept"
    assert [(e.action, e.summary, e.object_id) for e in after] == [(e.action, e.summary, e.object_id) for e in events]
    assert all(e.ip_address is None and e.user_agent == "" for e in after)
    staff_view = AuditEvent.objects.filter(actor=role_world.user("officer"), action="view").latest("id")
    assert staff_view.ip_address is not None, "signed-in staff stay in the trail"
    assert AuditEvent.objects.filter(action=audit.CLIENT_ERASED).count() == 1
    assert audit.verify_chain().intact, "the trail still verifies after the erasure"
    assert retention.forget_receipt_viewers(timezone.now() + LATER).events_erased == 0, "nothing left to erase"


def test_an_erased_event_changed_afterwards_breaks_the_chain(stop: Stop) -> None:
    _visit(stop)
    retention.forget_receipt_viewers(timezone.now() + LATER)
    erased = _viewer_events()[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET object_id = %s WHERE id = %s", ["999999", erased.pk])
    assert audit.verify_chain().broken_at == erased.pk
    with connection.cursor() as cursor:  # put back, then put an address back in: also detected
        cursor.execute("UPDATE accounts_auditevent SET object_id = %s WHERE id = %s", [erased.object_id, erased.pk])
    assert audit.verify_chain().intact
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET ip_address = %s WHERE id = %s", ["203.0.113.9", erased.pk])
    assert audit.verify_chain().broken_at == erased.pk


def test_a_tampered_event_is_not_erased_so_the_evidence_stays(stop: Stop) -> None:
    _visit(stop)
    first = _viewer_events()[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET summary = %s WHERE id = %s", ["edited", first.pk])
    assert retention.forget_receipt_viewers(timezone.now() + LATER).events_erased == 2, "the others still are"
    first.refresh_from_db()
    assert first.ip_address == "198.51.100.23"
    assert [e.ip_address for e in _viewer_events()[1:]] == [None, None]
    assert audit.verify_chain().broken_at == first.pk


def test_privacy_purge_forgets_receipt_viewers(stop: Stop) -> None:
    _visit(stop)
    old = timezone.now() - LATER
    with connection.cursor() as cursor:  # the visit was over an hour ago
        cursor.execute("UPDATE accounts_auditevent SET at = %s", [old])
    _reseal()  # the chain covers `at`: rebuild it as if written then
    result = CliRunner().invoke(main, ["privacy", "purge", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == {"erased": 0, "retention_days": 7, "viewer_events_erased": 3}
    assert all(e.ip_address is None for e in _viewer_events())
    assert audit.verify_chain().intact


def _reseal() -> None:
    """Recompute the chain after moving every event's time (test set-up only)."""
    previous = ""
    for event in AuditEvent.objects.order_by("id"):
        value = audit.digest(event, previous)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_auditevent SET digest = %s WHERE id = %s", [value, event.pk])
        previous = value
