"""Community engagement: recording what people said, themes, "you said, we did" answers
linked to actions and to panel findings, and what the public may see of them."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from parity.actions import register
from parity.engagement import services
from parity.engagement.models import Event, Feedback, Response, Theme
from parity.engagement.you_said import entries
from parity.scrutiny.models import Finding, Meeting
from parity.scrutiny.models import Report as PanelReport
from tests.actions.helpers import Plan
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(plan: Plan, role_world: RoleWorld) -> Theme:
    """A conversation of 30 people, two themes (six comments and two), one answered."""
    event = services.add_event(
        plan.force, kind="community-conversation", title="Conversation (test)", held_on=date(2026, 9, 1),
        attendees=30, published=True,
    )  # fmt: skip
    small = services.add_event(
        plan.force, kind="advisory-group", title="Advisory group (test)", held_on=date(2026, 9, 15), attendees=3,
        published=True,
    )  # fmt: skip
    theme = services.add_theme(plan.force, name="Explaining searches")
    quiet = services.add_theme(plan.force, name="Parking")
    for i in range(6):
        services.add_feedback(plan.force, text=f"Point {i} about searches.", event=event, theme=theme)
    for i in range(2):
        services.add_feedback(plan.force, text=f"Point {i} about parking.", event=small, theme=quiet)
    services.respond(
        theme, you_said="Explain searches first.", we_did="Every officer is being briefed.",
        actions=[plan.action, plan.other_action], published=True,
    )  # fmt: skip
    services.respond(quiet, you_said="Parking is hard.", we_did="Passed to the council.", published=True)
    role_world.talk = {"event": event, "theme": theme}  # type: ignore[attr-defined]
    return theme


def _t(w: RoleWorld, name: str) -> int:
    return w.talk[name].pk  # type: ignore[attr-defined, no-any-return]


def _e(w: RoleWorld) -> str:
    return f"/engagement/{w.home.slug}"


PAGES = RoleTable(
    routes={
        "home": "/engagement/",
        "force": lambda w: f"{_e(w)}/",
        "event-add": lambda w: f"{_e(w)}/events/add",
        "event": lambda w: f"{_e(w)}/events/{_t(w, 'event')}/",
        "feedback-add": lambda w: f"{_e(w)}/events/{_t(w, 'event')}/feedback/add",
        "theme": lambda w: f"{_e(w)}/themes/{_t(w, 'theme')}/",
        "respond": lambda w: f"{_e(w)}/themes/{_t(w, 'theme')}/respond",
        "public": lambda w: f"/engagement/public/{w.home.slug}/",
    },
    table="""
        persona                  home     force    event-add  event    feedback-add  theme    respond  public
        anonymous                sign-in  sign-in  sign-in    sign-in  sign-in       sign-in  sign-in  200
        no-role                  403      403      403        403      403           403      403      200
        analyst                  403      403      403        403      403           403      403      200
        panel-member             403      403      403        403      403           403      403      200
        action-owner             200      200      200        200      200           200      403      200
        board-member             200      200      200        200      200           200      200      200
        board-member@other-force 200      403      403        403      403           403      403      200
        engagement-officer       200      200      200        200      200           200      403      200
        engagement-officer/unverified 2fa 2fa      2fa        2fa      2fa           2fa      2fa      2fa
    """,
)


@PAGES.parametrize
def test_who_records_and_who_answers(case: Case, role_world: RoleWorld, talk: Theme) -> None:
    case.check(role_world)


CHANGES = RoleTable(
    routes={
        "add-event": Route(
            lambda w: f"{_e(w)}/events/add",
            "post",
            {
                "kind": "advisory-group",
                "title": "IAG",
                "held_on-day": "2",
                "held_on-month": "10",
                "held_on-year": "2026",
            },
        ),
        "add-theme": Route(lambda w: f"{_e(w)}/themes/add", "post", {"name": "Recruitment"}),
        "answer": Route(lambda w: f"{_e(w)}/themes/{_t(w, 'theme')}/respond", "post", {"you_said": "a", "we_did": "b"}),
    },
    table="""
        persona                  add-event  add-theme  answer
        anonymous                sign-in    sign-in    sign-in
        no-role                  403        403        403
        action-owner             302        302        403
        action-owner@other-force 403        403        403
        board-member             302        302        302
    """,
)


@CHANGES.parametrize
def test_who_may_change_what(case: Case, role_world: RoleWorld, talk: Theme) -> None:
    case.check(role_world)


def test_recording_a_conversation_through_the_pages(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    f = role_world.home.slug
    missing = owner.post(f"/engagement/{f}/events/add", {"kind": "community-conversation", "title": "Big talk"})
    assert "Enter the date it was held" in text(missing.page.select_one(".govuk-error-summary"))
    owner.post(
        f"/engagement/{f}/events/add",
        {"kind": "community-conversation", "title": "Big talk", "held_on-day": "3", "held_on-month": "9",
         "held_on-year": "2026", "attendees": "30", "published": "on"},
    )  # fmt: skip
    event = Event.objects.get(force=role_world.home)
    assert event.held_on == date(2026, 9, 3) and event.attendees == 30 and event.created_by == plan.owner
    owner.post(f"/engagement/{f}/themes/add", {"name": "Follow-up after reporting"})
    theme = Theme.objects.get(force=role_world.home)
    response = owner.post(
        f"/engagement/{f}/events/{event.pk}/feedback/add",
        {"text": "Nobody called me back.", "theme": str(theme.pk)},
    )
    assert response["Location"] == f"/engagement/{f}/events/{event.pk}/feedback/add"
    owner.post(f"/engagement/{f}/events/{event.pk}/feedback/add", {"text": "More visits to schools."})
    loose = Feedback.objects.get(theme__isnull=True)
    assert loose.received_on == date(2026, 9, 3)
    assert "More visits to schools." in text(owner.get(f"/engagement/{f}/").page)
    owner.post(f"/engagement/{f}/feedback/{loose.pk}/theme", {"theme": str(theme.pk)})
    assert theme.feedback.count() == 2
    board = role_world.client("board-member")
    board.post(
        f"/engagement/{f}/themes/{theme.pk}/respond",
        {"you_said": "Call victims back.", "we_did": "A call-back for every closed crime.",
         "actions": [str(plan.action.pk)], "published": "on"},
    )  # fmt: skip
    answer = Response.objects.get(theme=theme)
    assert list(answer.actions.all()) == [plan.action] and answer.published
    assert answer.responded_on == timezone.localdate()


def test_the_public_page_shows_published_answers_and_protects_small_numbers(
    role_world: RoleWorld, plan: Plan, talk: Theme
) -> None:
    hidden = services.add_theme(plan.force, name="Not yet public")
    services.respond(hidden, you_said="Secret.", we_did="Draft.", published=False)
    page = CheckedClient().get(f"/engagement/public/{role_world.home.slug}/").page
    shown = text(page)
    assert "Explain searches first." in shown and "Every officer is being briefed." in shown
    assert "Secret." not in shown
    assert plan.action.title in shown and plan.other_action.title not in shown  # unpublished action left out
    assert "6 comments" in shown
    assert "Parking" in shown and "too few comments to publish the number" in shown and "2 comments" not in shown
    rows = {text(r.select_one("th")).split(" ")[0]: text(r.select("td")[-1]) for r in page.select("tbody tr")}
    assert rows == {"Advisory": "not published", "Conversation": "30"}


def test_inside_the_force_every_answer_and_count_is_shown(plan: Plan, talk: Theme) -> None:
    community = [e for e in entries(plan.force, public=False) if e.kind == "community"]
    assert [(e.heading, e.feedback_count, len(e.actions)) for e in community] == [
        ("Explaining searches", 6, 2),
        ("Parking", 2, 0),
    ]


def test_comments_left_on_receipts_are_not_said_to_be_from_a_meeting(plan: Plan, talk: Theme) -> None:
    services.add_feedback(plan.force, text="Nobody told me why.", channel="receipt", theme=talk)
    only = services.add_theme(plan.force, name="Receipts only")
    services.add_feedback(plan.force, text="The receipt was clear.", channel="receipt", theme=only)
    services.respond(only, you_said="Receipts help.", we_did="Kept them.", published=True)
    origins = {e.heading: e.origin for e in entries(plan.force, public=False) if e.kind == "community"}
    assert origins == {
        "Explaining searches": "Said at Conversation (test); and comments left on receipts after a stop",
        "Parking": "Said at Advisory group (test)",
        "Receipts only": "Comments left on receipts after a stop",
    }


def test_the_api_gives_the_public_entries(role_world: RoleWorld, plan: Plan, talk: Theme) -> None:
    body = CheckedClient().get(f"/api/engagement/forces/{role_world.home.slug}/you-said-we-did").json()
    by_heading = {e["heading"]: e for e in body["entries"]}
    assert by_heading["Explaining searches"]["feedback_count"] == 6
    assert by_heading["Explaining searches"]["actions"] == [
        {"reference": "R1.1", "title": "Brief every officer", "status": "not-started"}
    ]
    assert by_heading["Parking"]["feedback_count"] is None and by_heading["Parking"]["feedback_suppressed"]


def test_a_recommendation_answering_a_panel_finding_links_it(role_world: RoleWorld, plan: Plan) -> None:
    meeting = Meeting.objects.create(panel=role_world.panel, held_on=date(2026, 9, 8))
    finding = Finding.objects.create(
        panel=role_world.panel, meeting=meeting, summary="Grounds were not recorded.", due_on=date(2026, 10, 8)
    )
    source = register.add_source(plan.force, kind="other", reference="PANEL", title="Panel referrals")
    rec = register.add_recommendation(
        source, reference="P1", text="Record the grounds for every search.", theme="stop-and-search", finding=finding
    )
    action = register.add_action(rec, title="Check grounds in supervision", published=True)
    [inside] = [e for e in entries(plan.force, public=False) if e.kind == "panel"]
    assert inside.you_said == "Grounds were not recorded."  # the panel's own words, inside the force
    assert inside.origin == (
        f"Finding {finding.pk} of the Stop and search panel, meeting of 8 September 2026; not answered yet"
    )
    assert inside.links == () and [a.reference for a in inside.actions] == [action.reference]
    [public] = [e for e in entries(plan.force, public=True) if e.kind == "panel"]
    assert public.you_said == "Record the grounds for every search."  # until the panel publishes its report
    assert public.origin == "Stop and search panel" and public.links == ()
    report = PanelReport.objects.create(
        panel=role_world.panel, kind="meeting", meeting=meeting, title="September meeting", content={},
        published_at=timezone.now(),
    )  # fmt: skip
    [public] = [e for e in entries(plan.force, public=True) if e.kind == "panel"]
    assert public.you_said == "Grounds were not recorded."
    assert public.links == (
        ("The Stop and search panel's report of its meeting on 8 September 2026", f"/scrutiny/reports/{report.pk}/"),
    )
    board_page = text(
        role_world.client("board-member").get(f"/actions/{role_world.home.slug}/recommendations/{rec.pk}/").page
    )
    assert "Grounds were not recorded." in board_page and "not answered yet" in board_page
    page = text(CheckedClient().get(f"/engagement/public/{role_world.home.slug}/").page)
    assert "The panel found Grounds were not recorded." in page
    other_panel_finding = Finding.objects.create(
        panel=role_world.other_force_panel,
        meeting=Meeting.objects.create(panel=role_world.other_force_panel, held_on=date(2026, 9, 1)),
        summary="Elsewhere.",
        due_on=date(2026, 10, 1),
    )
    with pytest.raises(Exception, match="belongs to a panel of another force"):
        register.add_recommendation(source, reference="P2", text="x", theme="other", finding=other_panel_finding)
