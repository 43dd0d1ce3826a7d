"""Receipt comments are read by no one but a moderator until checked: patterns first, then a
person who can take out more (names without a title) and approves or rejects; only the
approved text reaches the officer, panels, the API and the force's community feedback."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from parity.accounts.models import AuditEvent
from parity.engagement.models import Feedback as EngagementFeedback
from parity.recording import feedback as feedback_service
from parity.recording import moderation, scrutiny
from parity.recording.models import Feedback, Stop
from parity.scrutiny.services.meetings import create_meeting
from parity.scrutiny.services.samples import SampleRequest, draw_sample
from tests.pagecheck import text
from tests.recording.helpers import save_stop
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db

SAID = "Ahmed Khan from number 9 watched it all. Mr Hollis Grant searched me, call 07700 900123. Nobody said why."


def _stop(world: RoleWorld, persona: str = "officer") -> Stop:
    return save_stop(world.user(persona), world.home, "search")


def _comment(stop: Stop, said: str = SAID) -> Feedback:
    return feedback_service.save(stop, {"comments": said, "told_why": "no"})


def waiting(world: RoleWorld) -> Feedback:
    """A comment on the home officer's search, waiting to be checked (made once per world)."""
    found = getattr(world, "_waiting", None)
    if found is None:
        found = _comment(_stop(world))
        world._waiting = found  # type: ignore[attr-defined]
    return found


MODERATION_PAGES = RoleTable(
    routes={
        "queue": "/record/comments/",
        "check": lambda w: f"/record/comments/{waiting(w).pk}/",
        "approve": Route(
            lambda w: f"/record/comments/{waiting(w).pk}/", method="post", data=lambda w: {"action": "approve"}
        ),
    },
    table="""
        persona                  queue    check    approve
        anonymous                sign-in  sign-in  sign-in
        no-role                  403      403      403
        analyst                  200      200      302
        analyst@other-force      200      404      404
        force-admin              403      403      403
        officer                  403      403      403
        supervisor               403      403      403
        panel-member             403      403      403
        panel-chair              403      403      403
        board-member             403      403      403
        analyst/unverified       2fa      2fa      2fa
    """,
)


@MODERATION_PAGES.parametrize
def test_moderation_pages(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_a_new_comment_is_pattern_checked_and_shown_to_no_one_until_approved(role_world: RoleWorld) -> None:
    stop = _stop(role_world)
    item = _comment(stop)
    assert item.moderation == Feedback.Moderation.PENDING
    assert "Hollis" not in item.checked_comments and "07700" not in item.checked_comments
    assert "Ahmed Khan" in item.checked_comments, "a name without a title is for the moderator to find"
    # The officer the comment is about reads only that it is waiting.
    page = role_world.client("officer").get(f"/record/records/{stop.pk}/").page
    shown = text(page.select_one("main"))
    assert "Nobody said why" not in shown and "Comments waiting to be checked by the force" in shown
    # The API says the same; the force's community feedback has nothing yet.
    api = role_world.client("officer").get(f"/api/recording/stops/{stop.pk}").json()
    assert api["feedback"][0]["comments"] == "" and api["feedback"][0]["comments_status"] == "pending"
    assert not EngagementFeedback.objects.exists()
    # Nor does a panel's case pack.
    data = scrutiny.receipt_feedback(stop.stop_search, role_world.user("panel-member"))  # type: ignore[arg-type]
    assert data is not None and data["rows"][0].comments == "Comments waiting to be checked by the force"


def test_the_moderator_removes_a_name_and_approves_and_only_that_text_is_shown(role_world: RoleWorld) -> None:
    stop = _stop(role_world)
    item = _comment(stop)
    client = role_world.client("analyst")
    page = client.get(f"/record/comments/{item.pk}/").page
    assert "Ahmed Khan" in text(page.select_one("#comment-text")) and "Hollis" not in text(page.select_one("main"))
    response = client.post(f"/record/comments/{item.pk}/", {"action": "remove", "remove": "ahmed  KHAN\nnumber 9"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.moderation == "pending" and "Ahmed" not in item.checked_comments
    assert item.checked_comments.startswith("[removed] from [removed] watched it all.")
    client.post(f"/record/comments/{item.pk}/", {"action": "approve"})
    item.refresh_from_db()
    assert item.moderation == "approved" and item.moderated_by == role_world.user("analyst")
    assert item.comments == "", "the words as typed are not kept once checked"
    officer_page = text(role_world.client("officer").get(f"/record/records/{stop.pk}/").page.select_one("main"))
    assert "[removed] from [removed] watched it all." in officer_page and "Nobody said why." in officer_page
    assert "Ahmed" not in officer_page
    api = role_world.client("officer").get(f"/api/recording/stops/{stop.pk}").json()
    assert api["feedback"][0]["comments"] == item.checked_comments
    comment = EngagementFeedback.objects.get()
    assert (comment.text, comment.channel, comment.receipt_feedback) == (item.checked_comments, "receipt", item)
    actions = list(AuditEvent.objects.filter(object_type="recording.feedback").values_list("action", flat=True))
    assert {moderation.EDITED, moderation.APPROVED, "view"} <= set(actions)
    assert not AuditEvent.objects.filter(summary__contains="Ahmed").exists()
    assert all("Ahmed" not in str(e.changes) for e in AuditEvent.objects.all()), "the trail keeps no comment text"


def test_the_moderator_can_take_words_out_but_never_put_words_in(role_world: RoleWorld) -> None:
    item = _comment(_stop(role_world))
    client = role_world.client("analyst")
    page = client.post(f"/record/comments/{item.pk}/", {"action": "approve", "remove": "The officer was lovely"}).page
    assert "Not found in the comment: “The officer was lovely”" in text(page.select_one(".govuk-error-summary"))
    item.refresh_from_db()
    assert item.moderation == "pending" and "lovely" not in item.checked_comments


def test_a_rejected_comment_reaches_no_one_and_the_answers_still_count(role_world: RoleWorld) -> None:
    stop = _stop(role_world)
    item = _comment(stop)
    role_world.client("analyst").post(f"/record/comments/{item.pk}/", {"action": "reject"})
    item.refresh_from_db()
    assert (item.moderation, item.comments, item.checked_comments, item.told_why) == ("rejected", "", "", "no")
    assert not EngagementFeedback.objects.exists()
    shown = text(role_world.client("officer").get(f"/record/records/{stop.pk}/").page.select_one("main"))
    assert "Comments not shown" in shown and "Told why they were stopped" in shown
    assert AuditEvent.objects.filter(action=moderation.REJECTED, object_id=str(item.pk)).exists()


def test_a_decided_comment_cannot_be_decided_again(role_world: RoleWorld) -> None:
    item = _comment(_stop(role_world))
    client = role_world.client("analyst")
    client.post(f"/record/comments/{item.pk}/", {"action": "reject"})
    assert client.post(f"/record/comments/{item.pk}/", {"action": "approve"}).status_code == 404
    item.refresh_from_db()
    assert item.moderation == "rejected"


def test_an_analyst_who_is_also_the_officer_never_moderates_a_comment_about_their_own_stop(
    role_world: RoleWorld,
) -> None:
    from parity.accounts.models import RoleAssignment
    from parity.accounts.roles import Role

    analyst = role_world.user("analyst")
    RoleAssignment.objects.create(user=analyst, force=role_world.home, role=Role.OFFICER)
    own = _comment(save_stop(analyst, role_world.home, "search"))
    other = waiting(role_world)
    client = role_world.client("analyst")
    listed = [a["href"] for a in client.get("/record/comments/").page.select("main table a")]
    assert listed == [f"/record/comments/{other.pk}/"]
    assert client.get(f"/record/comments/{own.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=analyst).exists()


def test_answers_without_comments_wait_for_no_one(role_world: RoleWorld) -> None:
    item = feedback_service.save(_stop(role_world), {"satisfaction": "satisfied"})
    assert item.moderation == Feedback.Moderation.NONE
    assert not moderation.queue(role_world.user("analyst")).exists()


def test_an_approved_comment_reaches_the_case_pack_and_a_pending_one_does_not(role_world: RoleWorld) -> None:
    stop = _stop(role_world)
    item = _comment(stop, "They kept me forty minutes. Jodie from the chip shop saw.")
    meeting = create_meeting(role_world.panel, dt.date.today())
    today = dt.date.today()
    sample = draw_sample(meeting, SampleRequest(scrutiny.RULE_KEY, today - dt.timedelta(days=30), today, 10, seed=1))
    [case] = sample.cases.all()
    panel = role_world.client("panel-member")
    before = text(panel.get(f"/scrutiny/cases/{case.pk}/").page.select_one("main"))
    assert "forty minutes" not in before and "waiting to be checked" in before
    moderation.approve(item, ["Jodie", "chip shop"], by=role_world.user("analyst"))
    after = text(panel.get(f"/scrutiny/cases/{case.pk}/").page.select_one("main"))
    assert "They kept me forty minutes. [removed] from the [removed] saw." in after and "Jodie" not in after


def test_comments_mirrored_before_moderation_existed_are_held_for_checking(role_world: RoleWorld) -> None:
    stop = _stop(role_world)
    earlier = Feedback.objects.create(stop=stop, satisfaction="dissatisfied", comments="Mr Ali Shah was rude.")
    EngagementFeedback.objects.create(force=stop.force, channel="receipt", text="unchecked", receipt_feedback=earlier)
    EngagementFeedback.objects.create(force=stop.force, channel="event", text="Said at a meeting")
    migration = import_module("parity.recording.migrations.0002_moderation_and_officer_identifier")
    migration.hold_earlier_comments(apps, None)
    earlier.refresh_from_db()
    assert earlier.moderation == "pending" and earlier.checked_comments == "[removed: name] was rude."
    assert list(EngagementFeedback.objects.values_list("text", flat=True)) == ["Said at a meeting"]
    assert [f.pk for f in moderation.queue(role_world.user("analyst"))] == [earlier.pk]


def test_analysts_find_the_comments_to_check_from_their_account_page(role_world: RoleWorld) -> None:
    links = [a["href"] for a in role_world.client("analyst").get("/account/").page.select("main a")]
    assert "/record/comments/" in links
    for persona in ("officer", "force-admin", "panel-member"):
        others = [a["href"] for a in role_world.client(persona).get("/account/").page.select("main a")]
        assert "/record/comments/" not in others, persona
