"""The leaders' review: a decision on each theme of a conversation or period becomes the
"you said, we did" answer and, when it is to act, an action in the plan; publishing the
review publishes both."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from parity.accounts.models import AuditEvent
from parity.actions.models import Action, SourceKind
from parity.engagement import review, services
from parity.engagement.models import Event, ReviewDecision, ReviewSession, Theme
from parity.engagement.you_said import entries
from tests.actions.helpers import Plan
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _talk(plan: Plan) -> tuple[Event, Theme, Theme]:
    event = services.add_event(
        plan.force, kind="community-conversation", title="Big talk (test)", held_on=date(2026, 9, 1), published=True
    )
    follow = services.add_theme(plan.force, name="Follow-up after reporting", description="Call victims back.")
    events = services.add_theme(plan.force, name="Community events")
    for i in range(3):
        services.add_feedback(plan.force, text=f"Nobody called back {i}.", event=event, theme=follow)
        services.add_feedback(plan.force, text=f"Come to festivals {i}.", event=event, theme=events)
    services.add_feedback(plan.force, text="Later.", theme=services.add_theme(plan.force, name="Elsewhere"))
    return event, follow, events


def test_a_session_covers_the_themes_of_its_conversation_or_period(plan: Plan) -> None:
    event, follow, events = _talk(plan)
    by_event = review.add_session(plan.force, title="Review", held_on=date(2026, 9, 20), event=event)
    assert list(review.themes_in(by_event)) == [events, follow]
    by_period = review.add_session(
        plan.force, title="Autumn", held_on=date(2026, 9, 20), period_start=date(2026, 9, 1),
        period_end=date(2026, 9, 2),
    )  # fmt: skip
    assert list(review.themes_in(by_period)) == [events, follow]
    with pytest.raises(ValidationError, match="Choose a conversation, or give"):
        review.add_session(plan.force, title="x", held_on=date(2026, 9, 20))
    with pytest.raises(ValidationError, match="on or after"):
        review.add_session(
            plan.force, title="x", held_on=date(2026, 9, 20), period_start=date(2026, 9, 2), period_end=date(2026, 9, 1)
        )


def test_decisions_become_answers_and_actions_published_together(plan: Plan) -> None:
    event, follow, events = _talk(plan)
    session = review.add_session(plan.force, title="Leaders", held_on=date(2026, 9, 20), event=event)
    acted = review.decide(
        session, follow, decision="differently", why="Victims stop reporting.", you_said="Call victims back.",
        we_did="Every victim gets a call when their case closes.", action_title="Call back every victim",
        plan_theme="victims", by=plan.owner,
    )  # fmt: skip
    kept = review.decide(
        session, events, decision="no-change", why="Already planned.", you_said="Come to festivals.",
        we_did="Officers already attend; the calendar is on our site.",
    )  # fmt: skip
    action = acted.action
    assert action is not None and action.title == "Call back every victim" and not action.published
    assert action.recommendation.source.kind == SourceKind.COMMUNITY_FEEDBACK
    assert action.recommendation.theme == "victims" and action.reference == "D1.1"
    assert list(acted.response.actions.all()) == [action] and kept.action is None
    assert not acted.response.published
    assert not [e for e in entries(plan.force, public=True) if e.kind == "community"]
    # Changing a decision keeps its answer and its one action.
    again = review.decide(
        session, follow, decision="more", why="Victims stop reporting.", you_said="Call victims back.",
        we_did="A call for every victim.", action_title="Another", plan_theme="victims",
    )  # fmt: skip
    assert again.pk == acted.pk and again.response.we_did == "A call for every victim."
    assert Action.objects.filter(recommendation__source__reference=f"REVIEW-{session.pk}").count() == 1
    with pytest.raises(ValidationError, match="Only a decision to do differently"):
        review.decide(
            session, events, decision="no-change", why="-", you_said="-", we_did="-", action_title="Something"
        )
    review.publish(session)
    public = {e.heading: e for e in entries(plan.force, public=True) if e.kind == "community"}
    assert public["Follow-up after reporting"].we_did == "A call for every victim."
    assert [a.title for a in public["Follow-up after reporting"].actions] == ["Call back every victim"]
    assert public["Community events"].actions == ()
    with pytest.raises(ValidationError, match="has been published"):
        review.decide(session, events, decision="more", why="-", you_said="-", we_did="-")
    assert AuditEvent.objects.filter(object_type="engagement.reviewdecision").count() >= 3
    assert AuditEvent.objects.filter(object_type="engagement.reviewsession", action="update").exists()


def test_a_theme_outside_the_session_or_an_empty_session_is_refused(plan: Plan) -> None:
    event, _, _ = _talk(plan)
    session = review.add_session(plan.force, title="Leaders", held_on=date(2026, 9, 20), event=event)
    with pytest.raises(ValidationError, match="at least one theme"):
        review.publish(session)
    elsewhere = Theme.objects.get(name="Elsewhere")
    with pytest.raises(ValidationError, match="no comments from this review"):
        review.decide(session, elsewhere, decision="more", why="-", you_said="-", we_did="-")


def test_through_the_pages_to_the_public_answer(role_world: RoleWorld, plan: Plan) -> None:
    event, follow, _ = _talk(plan)
    board = role_world.client("board-member")
    f = role_world.home.slug
    board.post(
        f"/engagement/{f}/reviews/",
        {"title": "Leaders' review", "held_on-day": "20", "held_on-month": "9", "held_on-year": "2026",
         "event": str(event.pk)},
    )  # fmt: skip
    [session] = ReviewSession.objects.filter(force=role_world.home)
    form = board.get(f"/engagement/{f}/reviews/{session.pk}/themes/{follow.pk}").page
    assert "Call victims back." in text(form)  # the theme's description starts the answer
    missing = board.post(f"/engagement/{f}/reviews/{session.pk}/themes/{follow.pk}", {"why": "x"})
    assert "Choose do differently, do more or no change" in text(missing.page.select_one(".govuk-error-summary"))
    board.post(
        f"/engagement/{f}/reviews/{session.pk}/themes/{follow.pk}",
        {"decision": "differently", "why": "Victims stop reporting.", "you_said": "Call victims back.",
         "we_did": "Every victim gets a call.", "action_title": "Call back every victim", "plan_theme": "victims"},
    )  # fmt: skip
    page = text(board.get(f"/engagement/{f}/reviews/{session.pk}/").page)
    assert "Do differently: Victims stop reporting." in page and "Call back every victim" in page
    board.post(f"/engagement/{f}/reviews/{session.pk}/publish", {})
    assert ReviewDecision.objects.get().response.published
    public = text(CheckedClient().get(f"/engagement/public/{f}/").page)
    assert "Every victim gets a call." in public and "Call back every victim" in public


def _session(w: RoleWorld) -> int:
    if not hasattr(w, "session"):
        event, follow, _ = _talk(w.plan)  # type: ignore[attr-defined]
        w.session = review.add_session(w.home, title="Leaders", held_on=date(2026, 9, 20), event=event)  # type: ignore[attr-defined]
        w.follow = follow  # type: ignore[attr-defined]
    return w.session.pk  # type: ignore[attr-defined, no-any-return]


START = {
    "title": "R", "held_on-day": "1", "held_on-month": "10", "held_on-year": "2026",
    "period_start-day": "1", "period_start-month": "9", "period_start-year": "2026",
    "period_end-day": "30", "period_end-month": "9", "period_end-year": "2026",
}  # fmt: skip


def _r(w: RoleWorld) -> str:
    return f"/engagement/{w.home.slug}/reviews"


REVIEWS = RoleTable(
    routes={
        "list": lambda w: f"{_r(w)}/",
        "start": Route(lambda w: f"{_r(w)}/", "post", START),
        "session": lambda w: f"{_r(w)}/{_session(w)}/",
        "decide": lambda w: f"{_r(w)}/{_session(w)}/themes/{w.follow.pk}",  # type: ignore[attr-defined]
        "publish": Route(lambda w: f"{_r(w)}/{_session(w)}/publish", "post", {}),
    },
    table="""
        persona                   list     start    session  decide   publish
        anonymous                 sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                   403      403      403      403      403
        analyst                   403      403      403      403      403
        panel-chair               403      403      403      403      403
        action-owner              403      403      403      403      403
        board-member              200      302      200      200      302
        board-member@other-force  403      403      403      403      403
        board-member/unverified   200      302      200      200      302
    """,
)


@REVIEWS.parametrize
def test_who_may_hold_a_review(case: Case, role_world: RoleWorld, plan: Plan) -> None:
    case.check(role_world)
