"""The audit trail: automatic diffs of registered models, explicit records, and immutability."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory

from parity.accounts import audit
from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def force() -> Force:
    return Force.objects.get(slug="wiltshire")


def test_create_update_and_delete_of_a_registered_model_are_recorded_with_diffs(force: Force) -> None:
    actor = User.objects.create_user("chair@example.org")
    with audit.acting_as(actor):
        panel = Panel.objects.create(force=force, name="Youth panel", kind=Panel.Kind.YOUTH)
        panel.name = "Youth scrutiny panel"
        panel.save()
        panel.save()  # nothing changed: nothing recorded
        pk = panel.pk
        panel.delete()
    created, updated, deleted = AuditEvent.objects.filter(object_type="scrutiny.panel").order_by("id")
    assert created.action == "create" and created.actor == actor and created.force == force
    assert created.changes["name"] == {"before": None, "after": "Youth panel"}
    assert created.changes["force"] == {"before": None, "after": force.pk}
    assert updated.action == "update" and updated.changes == {
        "name": {"before": "Youth panel", "after": "Youth scrutiny panel"}
    }
    assert deleted.action == "delete" and deleted.object_id == str(pk)
    assert deleted.changes["kind"] == {"before": "youth", "after": None}
    assert "Youth scrutiny panel" in deleted.summary


def test_events_from_commands_carry_a_label_and_no_person(force: Force) -> None:
    with audit.acting_as(label="command line (ops)"):
        Panel.objects.create(force=force, name="P", kind=Panel.Kind.YOUTH)
    event = AuditEvent.objects.get(object_type="scrutiny.panel")
    assert event.actor is None and event.actor_label == "command line (ops)"
    Panel.objects.create(force=force, name="Q", kind=Panel.Kind.YOUTH)
    assert AuditEvent.objects.filter(object_type="scrutiny.panel").order_by("id").last().actor_label == "system"


def test_redacted_fields_record_the_change_but_not_the_value() -> None:
    user = User.objects.create_user("someone@example.org", password="first secret passphrase")
    user.set_password("second secret passphrase")
    user.save()
    _created, changed = AuditEvent.objects.filter(object_type="accounts.user").order_by("id")
    assert changed.changes == {"password": {"before": audit.REDACTED, "after": audit.REDACTED}}
    stored = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert "argon2" not in stored and "secret" not in stored


def test_many_to_many_changes_are_recorded() -> None:
    user = User.objects.create_user("someone@example.org")
    group = Group.objects.create(name="Readers")
    user.groups.add(group)
    user.groups.remove(group)
    added, removed = AuditEvent.objects.filter(object_type="accounts.user", action="update").order_by("id")
    assert added.changes == {"groups": {"added": [group.pk]}}
    assert removed.changes == {"groups": {"removed": [group.pk]}}


def test_registering_a_domain_model(force: Force) -> None:
    """The call another domain makes in its AppConfig.ready(); here on Django's Group model."""
    audit.register(Group, exclude=("name",))
    try:
        group = Group.objects.create(name="Steering group")
        event = AuditEvent.objects.get(object_type="auth.group")
        assert event.action == "create" and "name" not in event.changes and event.force is None
        assert audit.is_registered(Group)
    finally:
        from django.db.models.signals import post_delete, post_save, pre_save

        for signal, suffix in ((pre_save, "pre"), (post_save, "post"), (post_delete, "delete")):
            signal.disconnect(sender=Group, dispatch_uid=f"parity-audit-auth.group-{suffix}")
        audit._registry.pop(Group)
    group.delete()
    assert not AuditEvent.objects.filter(object_type="auth.group", action="delete").exists()


def test_record_takes_the_request_address_and_browser(force: Force) -> None:
    request = RequestFactory().get("/x", REMOTE_ADDR="2001:db8::1", HTTP_USER_AGENT="Firefox/140")
    request.user = User.objects.create_user("viewer@example.org")
    panel = Panel.objects.create(force=force, name="P", kind=Panel.Kind.YOUTH)
    event = audit.record_view(panel, request=request)
    assert event.action == "view" and event.actor == request.user and event.force == force
    assert event.ip_address == "2001:db8::1" and event.user_agent == "Firefox/140"
    assert event.summary == "Viewed panel “P”"


class TestImmutability:
    def test_events_cannot_be_changed_or_deleted_through_the_application(self) -> None:
        event = audit.record("sample.drawn", summary="Drew 20 cases")
        event.summary = "Drew 2 cases"
        with pytest.raises(PermissionError):
            event.save()
        with pytest.raises(PermissionError):
            event.delete()
        with pytest.raises(PermissionError):
            AuditEvent.objects.filter(pk=event.pk).update(summary="x")
        with pytest.raises(PermissionError):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.get(pk=event.pk).summary == "Drew 20 cases"

    def test_the_admin_site_shows_events_read_only(self) -> None:
        model_admin = admin.site._registry[AuditEvent]
        request = RequestFactory().get("/admin/")
        request.user = User.objects.create_superuser("root@example.org", password=None)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)

    def test_people_with_audit_events_cannot_be_deleted(self) -> None:
        from django.db.models import ProtectedError

        user = User.objects.create_user("someone@example.org")
        audit.record("sign-in", actor=user)
        with pytest.raises(ProtectedError):
            user.delete()

    def test_the_chain_of_digests_detects_a_row_changed_or_removed_in_the_database(self, force: Force) -> None:
        for n in range(5):
            audit.record("note", summary=f"event {n}", changes={"n": {"before": n, "after": n + 1.5}}, force=force)
        report = audit.verify_chain()
        assert report.intact and report.checked == AuditEvent.objects.count()
        third = AuditEvent.objects.order_by("id")[2]
        with connection.cursor() as cursor:  # someone with database access edits a row ...
            cursor.execute("UPDATE accounts_auditevent SET summary = %s WHERE id = %s", ["edited", third.pk])
        assert audit.verify_chain().broken_at == third.pk
        with connection.cursor() as cursor:  # ... or removes it
            cursor.execute("UPDATE accounts_auditevent SET summary = %s WHERE id = %s", [third.summary, third.pk])
            assert audit.verify_chain().intact
            cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [third.pk])
        assert audit.verify_chain().broken_at == AuditEvent.objects.filter(pk__gt=third.pk).order_by("id")[0].pk


def test_role_changes_are_recorded_with_their_force() -> None:
    west = Force.objects.get(slug="west-midlands")
    user = User.objects.create_user("a@example.org")
    assignment = RoleAssignment.objects.create(user=user, role=Role.ANALYST, force=west)
    assignment.delete()
    created, deleted = AuditEvent.objects.filter(object_type="accounts.roleassignment").order_by("id")
    assert created.force == west and deleted.force == west
    assert created.changes["role"] == {"before": None, "after": "analyst"}
