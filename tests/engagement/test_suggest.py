"""Theme suggestions in the force's records: made from the comments with no theme, and changed
by nobody until a person accepts, renames, merges or rejects them, each step audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from parity.accounts.models import AuditEvent
from parity.engagement import review, services, suggest
from parity.engagement.models import Event, Feedback, SuggestionStatus, Theme, ThemeSuggestion
from tests.actions.helpers import Plan
from tests.engagement.test_suggest_model import JOBS, SEARCHES
from tests.pagecheck import text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _conversation(plan: Plan) -> Event:
    event = services.add_event(
        plan.force, kind="community-conversation", title="Big talk (test)", held_on=date(2026, 9, 1), published=True
    )
    for said in SEARCHES + JOBS:
        services.add_feedback(plan.force, text=said, event=event)
    return event


def _two(plan: Plan) -> tuple[ThemeSuggestion, ThemeSuggestion]:
    made = suggest.make_suggestions(plan.force, groups=2)
    assert len(made) == 2
    searches = next(s for s in made if "search" in s.name.lower())
    jobs = next(s for s in made if s is not searches)
    return searches, jobs


def test_suggestions_hold_the_comments_with_no_theme_and_change_nothing(plan: Plan) -> None:
    _conversation(plan)
    themed = services.add_feedback(
        plan.force, text="Searches are unfair.", theme=services.add_theme(plan.force, name="X")
    )
    searches, jobs = _two(plan)
    assert {f.text for f in searches.feedback.all()} == set(SEARCHES)
    assert {f.text for f in jobs.feedback.all()} == set(JOBS)
    assert themed not in searches.feedback.all()
    assert Feedback.objects.filter(theme__isnull=True).count() == 8  # nothing themed yet
    assert searches.terms.startswith("search")
    again = suggest.make_suggestions(plan.force, groups=2)
    searches.refresh_from_db()
    assert searches.status == SuggestionStatus.REPLACED and len(again) == 2


def test_accept_under_a_new_name_themes_only_the_comments_chosen(plan: Plan, role_world: RoleWorld) -> None:
    _conversation(plan)
    searches, _ = _two(plan)
    keep = list(searches.feedback.order_by("pk"))[:3]
    theme = suggest.accept(searches, name="Explaining searches", feedback=keep, by=plan.owner)
    assert theme.name == "Explaining searches" and set(theme.feedback.all()) == set(keep)
    assert Feedback.objects.filter(theme__isnull=True).count() == 5  # the unticked one keeps no theme
    searches.refresh_from_db()
    assert (
        searches.status == SuggestionStatus.ACCEPTED and searches.theme == theme and searches.decided_by == plan.owner
    )
    with pytest.raises(ValidationError, match="already been decided"):
        suggest.reject(searches)
    changes = AuditEvent.objects.filter(object_type="engagement.themesuggestion", object_id=str(searches.pk))
    assert changes.filter(action="update").exists()
    assert AuditEvent.objects.filter(object_type="engagement.feedback", action="update").count() == 3


def test_a_name_already_used_is_refused_and_nothing_changes(plan: Plan) -> None:
    _conversation(plan)
    services.add_theme(plan.force, name="Searches")
    searches, _ = _two(plan)
    with pytest.raises(ValidationError, match="already a theme"):
        suggest.accept(searches, name="searches")
    searches.refresh_from_db()
    assert searches.status == SuggestionStatus.PENDING
    assert Feedback.objects.filter(theme__isnull=True).count() == 8


def test_merge_moves_the_comments_and_reject_leaves_them(plan: Plan) -> None:
    _conversation(plan)
    searches, jobs = _two(plan)
    suggest.merge(jobs, searches)
    assert searches.feedback.count() == 8
    jobs.refresh_from_db()
    assert jobs.status == SuggestionStatus.MERGED and jobs.merged_into == searches
    with pytest.raises(ValidationError):
        suggest.merge(searches, searches)
    suggest.reject(searches)
    assert Theme.objects.filter(force=plan.force).count() == 0
    assert Feedback.objects.filter(theme__isnull=True).count() == 8


def test_suggestions_of_one_event_and_within_the_force(plan: Plan, role_world: RoleWorld) -> None:
    event = _conversation(plan)
    services.add_feedback(plan.force, text="Searches without grounds are unlawful searches.")  # no event
    made = suggest.make_suggestions(plan.force, event=event, groups=2)
    assert sum(s.feedback.count() for s in made) == 8
    other = services.add_event(role_world.other, kind="other", title="Elsewhere", held_on=date(2026, 9, 1))
    with pytest.raises(ValidationError, match="of this force"):
        suggest.make_suggestions(plan.force, event=other)


def test_through_the_pages(role_world: RoleWorld, plan: Plan) -> None:
    _conversation(plan)
    owner = role_world.client("action-owner")
    f = role_world.home.slug
    owner.post(f"/engagement/{f}/suggestions/", {"groups": "2"})
    page = text(owner.get(f"/engagement/{f}/suggestions/").page)
    searches = ThemeSuggestion.objects.get(status="pending", name__icontains="search")
    assert searches.name in page and SEARCHES[0] in page
    response = owner.post(
        f"/engagement/{f}/suggestions/{searches.pk}/accept",
        {"name": "Explaining searches", "feedback": [str(x.pk) for x in searches.feedback.all()]},
    )
    assert response.status_code == 302
    assert Theme.objects.get(name="Explaining searches").feedback.count() == 4
    jobs = ThemeSuggestion.objects.get(status="pending")
    owner.post(f"/engagement/{f}/suggestions/{jobs.pk}/reject", {})
    jobs.refresh_from_db()
    assert jobs.status == "rejected"
    again = owner.post(f"/engagement/{f}/suggestions/{jobs.pk}/reject", {})  # decided already: said, not an error
    assert again.status_code == 302


def _pending(w: RoleWorld) -> int:
    if not hasattr(w, "suggestion"):
        _conversation(w.plan)  # type: ignore[attr-defined]
        w.suggestion = suggest.make_suggestions(w.home, groups=2)[0]  # type: ignore[attr-defined]
    return w.suggestion.pk  # type: ignore[attr-defined, no-any-return]


def _s(w: RoleWorld) -> str:
    return f"/engagement/{w.home.slug}/suggestions"


SUGGESTIONS = RoleTable(
    routes={
        "list": lambda w: f"{_s(w)}/",
        "suggest": Route(lambda w: f"{_s(w)}/", "post", {"groups": "2"}),
        "accept": lambda w: f"{_s(w)}/{_pending(w)}/accept",
        "merge": lambda w: f"{_s(w)}/{_pending(w)}/merge",
        "reject": Route(lambda w: f"{_s(w)}/{_pending(w)}/reject", "post", {}),
    },
    table="""
        persona                   list     suggest  accept   merge    reject
        anonymous                 sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                   403      403      403      403      403
        analyst                   403      403      403      403      403
        panel-member              403      403      403      403      403
        action-owner              200      302      200      200      302
        board-member              200      302      200      200      302
        board-member@other-force  403      403      403      403      403
        action-owner/unverified   200      302      200      200      302
        engagement-officer        200      302      200      200      302
        engagement-officer@other-force 403 403     403      403      403
    """,
)


@SUGGESTIONS.parametrize
def test_who_may_theme_with_suggestions(case: Case, role_world: RoleWorld, plan: Plan) -> None:
    case.check(role_world)


def test_another_forces_suggestion_or_review_is_not_found_through_this_force(role_world: RoleWorld, plan: Plan) -> None:
    elsewhere = services.add_event(role_world.other, kind="other", title="Elsewhere", held_on=date(2026, 9, 1))
    for said in SEARCHES:
        services.add_feedback(role_world.other, text=said, event=elsewhere)
    [theirs] = suggest.make_suggestions(role_world.other, groups=2)
    session = review.add_session(role_world.other, title="Theirs", held_on=date(2026, 9, 2), event=elsewhere)
    board = role_world.client("board-member")
    f = role_world.home.slug
    assert board.get(f"/engagement/{f}/suggestions/{theirs.pk}/accept").status_code == 404
    assert board.post(f"/engagement/{f}/suggestions/{theirs.pk}/reject", {}).status_code == 404
    assert board.get(f"/engagement/{f}/reviews/{session.pk}/").status_code == 404
    assert board.post(f"/engagement/{f}/reviews/{session.pk}/publish", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SuggestionStatus.PENDING
