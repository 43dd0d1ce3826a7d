"""Membership decides access: joining gives the panel role, changing role changes it, leaving
or the end of a term takes it away. Attendance and declared interests are kept per member."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from parity.accounts.models import AuditEvent, RoleAssignment
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Attendance, Meeting, Member, Panel
from parity.scrutiny.services import meetings, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel() -> Panel:
    return members.create_panel(Force.objects.get(slug="kent"), "  Kent   stop search panel ", "stop-and-search")


def roles_of(member: Member) -> set[str]:
    return set(RoleAssignment.objects.filter(user=member.user, panel=member.panel).values_list("role", flat=True))


def test_permissions_follow_membership(panel: Panel) -> None:
    assert panel.name == "Kent stop search panel"
    member, created = members.add_member(panel, "Sam@Example.org", "member", full_name="Sam")
    assert created and member.user.email == "sam@example.org"
    assert roles_of(member) == {Role.PANEL_MEMBER}
    members.update_member(member, "chair", members.MemberDates(joined_on=member.joined_on))
    assert roles_of(member) == {Role.PANEL_CHAIR}
    members.update_member(member, "observer", members.MemberDates(joined_on=member.joined_on))
    assert roles_of(member) == {Role.PANEL_MEMBER}
    members.end_membership(member)
    assert roles_of(member) == set() and not member.is_current()
    changes = AuditEvent.objects.filter(object_type="accounts.roleassignment").values_list("action", flat=True)
    assert list(changes).count("create") == 3 and list(changes).count("delete") == 3


def test_a_person_is_on_a_panel_once_and_panels_have_unique_names(panel: Panel) -> None:
    members.add_member(panel, "sam@example.org", "member")
    with pytest.raises(ValidationError, match="already on this panel"):
        members.add_member(panel, "SAM@example.org", "chair")
    with pytest.raises(ValidationError, match="already has a panel called"):
        members.create_panel(panel.force, "kent stop search panel", "youth")


def test_a_term_in_the_past_gives_no_access(panel: Panel) -> None:
    member, _ = members.add_member(
        panel, "old@example.org", "member", dates=members.MemberDates(term_ends_on=dt.date(2020, 1, 1))
    )
    assert roles_of(member) == set()
    assert members.expire_memberships() == []


def test_vetting_is_current_until_it_expires(panel: Panel) -> None:
    member, _ = members.add_member(
        panel, "v@example.org", "member",
        dates=members.MemberDates(vetted_on=dt.date(2024, 1, 1), vetting_expires_on=dt.date(2026, 1, 1)),
    )  # fmt: skip
    assert member.vetting_current(dt.date(2025, 12, 31)) and not member.vetting_current(dt.date(2026, 1, 2))


def test_attendance_is_recorded_for_the_members_on_the_panel_that_day(panel: Panel) -> None:
    early, _ = members.add_member(
        panel, "early@example.org", "member", dates=members.MemberDates(joined_on=dt.date(2025, 1, 1))
    )
    late, _ = members.add_member(
        panel, "late@example.org", "member", dates=members.MemberDates(joined_on=dt.date(2027, 1, 1))
    )
    meeting = meetings.create_meeting(panel, dt.date(2026, 3, 3))
    assert meetings.attendees(meeting) == [early]
    meetings.record_attendance(meeting, {early.pk: "apologies"})
    meetings.record_attendance(meeting, {early.pk: "present"})
    assert Attendance.objects.get(meeting=meeting, member=early).status == "present"
    other = Panel.objects.create(force=panel.force, name="Other", kind="youth")
    stranger, _ = members.add_member(other, "s@example.org", "member")
    with pytest.raises(ValueError, match="not on the panel"):
        meetings.record_attendance(meeting, {stranger.pk: "present"})
    del late


def test_declarations_need_words(panel: Panel) -> None:
    member, _ = members.add_member(panel, "d@example.org", "member")
    with pytest.raises(ValidationError):
        members.declare_interest(member, "   ")
    declared = members.declare_interest(member, "My brother is a PCSO in Kent.")
    assert declared.declared_on is not None and member.declarations.count() == 1
    assert Meeting.objects.count() == 0
