"""What the public write to community engagement is checked before staff read it: patterns on
arrival, then an engagement officer who takes out more (names without a title) and approves or
rejects; until then board members and action owners see only that it is waiting, a comment does
not join the feedback, and the audit trail never holds the text."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.engagement import groups, moderation, services
from parity.engagement.models import (
    Event,
    Feedback,
    GroupApplication,
    GroupKind,
    HeldComment,
    Moderation,
    Registration,
)
from tests.engagement.test_groups import _apply, _joined
from tests.engagement.test_registration import conversation, register
from tests.pagecheck import text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _check(w: RoleWorld, kind: str, pk: int, **data: str) -> object:
    return w.client("engagement-officer").post(f"/engagement/{w.home.slug}/checks/{kind}/{pk}/", data)


def test_a_comment_waits_for_the_officer_then_joins_the_feedback_checked(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    slug = role_world.home.slug
    public = role_world.client("anonymous")
    said = "Jodie was searched outside the shop. Ring me on 07700 900123."
    public.post(f"/engagement/public/{slug}/events/{event.pk}/feedback", {"text": said, "ethnicity": "black"})
    held = HeldComment.objects.get()
    assert held.moderation == Moderation.PENDING
    assert "07700" not in held.text and "[removed: phone number]" in held.text  # the patterns, on arrival
    assert not Feedback.objects.filter(event=event).exists()  # nobody themes it yet

    board = role_world.client("board-member")
    assert "Jodie" not in text(board.get(f"/engagement/{slug}/events/{event.pk}/").page.select_one("main"))
    officer = role_world.client("engagement-officer")
    listing = officer.get(f"/engagement/{slug}/checks/")
    assert "A comment on a conversation" in text(listing.page.select_one("table"))
    page = officer.get(f"/engagement/{slug}/checks/comment/{held.pk}/")
    assert "Jodie was searched" in text(page.page.select_one("#checked-text"))

    slip = officer.post(f"/engagement/{slug}/checks/comment/{held.pk}/", {"remove": "Jody", "action": "approve"})
    assert "Not found in the text: “Jody”" in text(slip.page.select_one(".govuk-error-summary"))
    _check(role_world, "comment", held.pk, remove="jodie", action="remove")
    _check(role_world, "comment", held.pk, action="approve")
    comment = Feedback.objects.get(event=event)
    assert comment.text == "[removed] was searched outside the shop. Ring me on [removed: phone number]."
    assert comment.ethnicity == "black" and comment.theme is None
    assert HeldComment.objects.get().feedback == comment
    again = officer.get(f"/engagement/{slug}/checks/comment/{held.pk}/")
    assert again.status_code == 404  # decided: no longer waiting

    trail = AuditEvent.objects.filter(action__startswith="engagement.text-")
    assert {e.action for e in trail} == {"engagement.text-redacted", "engagement.text-approved"}
    dumped = json.dumps([[e.summary, e.changes] for e in AuditEvent.objects.all()], default=str)
    assert "Jodie" not in dumped and "07700" not in dumped


def test_access_needs_show_to_the_rest_of_staff_only_once_checked(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    register(role_world.client("anonymous"), event, access_needs="Captions. My carer Sam Okafor comes too.")
    registration = Registration.objects.get()
    assert registration.moderation == Moderation.PENDING
    page = f"/engagement/{role_world.home.slug}/events/{event.pk}/registrations"
    board = role_world.client("board-member")
    before = text(board.get(page).page.select_one("table"))
    assert "Waiting to be checked" in before and "Captions" not in before
    _check(role_world, "access-needs", registration.pk, remove="Sam Okafor", action="approve")
    after = text(board.get(page).page.select_one("table"))
    assert "Captions. My carer [removed] comes too." in after
    assert not Feedback.objects.exists()  # access needs are not comments


def test_a_rejected_application_reason_is_blanked_and_shown_to_no_one(role_world: RoleWorld) -> None:
    _joined(role_world, "Amira Test", "amira@example.org")
    group = groups.add_group(role_world.home, name="Diverse group", kind=GroupKind.DIVERSE, purpose="Advice.")
    _apply(role_world.client("anonymous"), group, why="My neighbour at 14 High Street knows the PC.")
    application = GroupApplication.objects.get()
    assert "[removed: address]" in application.why and application.moderation == Moderation.PENDING
    officer = role_world.client("engagement-officer")
    page = officer.get(f"/engagement/{role_world.home.slug}/groups/applications/{application.pk}/")
    assert "Waiting to be checked" in text(page.page.select_one("main"))
    _check(role_world, "application", application.pk, action="reject")
    application.refresh_from_db()
    assert (application.why, application.moderation) == ("", Moderation.REJECTED)
    assert application.moderated_by == role_world.user("engagement-officer")
    page = officer.get(f"/engagement/{role_world.home.slug}/groups/applications/{application.pk}/")
    assert "Not shown" in text(page.page.select_one("main"))
    with pytest.raises(ValidationError):
        moderation.approve(application, [], by=role_world.user("engagement-officer"))  # decided once


def test_another_forces_text_is_not_there_to_check(role_world: RoleWorld) -> None:
    elsewhere = services.add_event(
        role_world.other, kind="community-conversation", title="Elsewhere", held_on=timezone.localdate()
    )
    held = moderation.hold_comment(elsewhere, text="Something.")
    answer = role_world.client("engagement-officer").get(
        f"/engagement/{role_world.home.slug}/checks/comment/{held.pk}/"
    )
    assert answer.status_code == 404
    assert (
        role_world.client("engagement-officer")
        .get(f"/engagement/{role_world.home.slug}/checks/nothing/{held.pk}/")
        .status_code
        == 404
    )


def _waiting(w: RoleWorld) -> HeldComment:
    if not hasattr(w, "held"):
        event: Event = conversation(w)
        w.held = moderation.hold_comment(event, text="A comment to check.")  # type: ignore[attr-defined]
    return w.held  # type: ignore[attr-defined, no-any-return]


CHECK_PAGES = RoleTable(
    routes={
        "checks": lambda w: f"/engagement/{w.home.slug}/checks/",
        "check": lambda w: f"/engagement/{w.home.slug}/checks/comment/{_waiting(w).pk}/",
        "decide": Route(
            lambda w: f"/engagement/{w.home.slug}/checks/comment/{_waiting(w).pk}/",
            method="post",
            data={"action": "approve"},
        ),
    },
    table="""
        persona                         checks   check    decide
        anonymous                       sign-in  sign-in  sign-in
        no-role                         403      403      403
        analyst                         403      403      403
        board-member                    403      403      403
        action-owner                    403      403      403
        group-chair                     403      403      403
        engagement-officer              200      200      302
        engagement-officer@other-force  403      403      403
        engagement-officer/unverified   2fa      2fa      2fa
    """,
)


@CHECK_PAGES.parametrize
def test_who_checks_what_the_public_wrote(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)
