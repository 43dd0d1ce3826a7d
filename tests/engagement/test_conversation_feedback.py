"""Feedback after a conversation, from the public and without a name, with an optional ethnic
group and area that are only ever shown as protected totals ("30 people from ethnic minorities")."""

from __future__ import annotations

from datetime import date

import pytest

from parity.engagement import moderation, services
from parity.engagement.models import Event, Feedback
from parity.engagement.reach import reach
from tests.actions.helpers import Plan
from tests.pagecheck import text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _event(w: RoleWorld, *, published: bool = True) -> Event:
    return services.add_event(
        w.home, kind="community-conversation", title="Big conversation (test)", held_on=date(2026, 9, 1),
        published=published,
    )  # fmt: skip


def test_the_figure_counts_minorities_and_withholds_small_numbers() -> None:
    thirty = reach(["black"] * 12 + ["asian"] * 10 + ["mixed"] * 5 + ["white-other"] * 3 + ["white-british"] * 9
                   + [""] * 6, 5)  # fmt: skip
    assert (thirty.total, thirty.minority, thirty.white_british, thirty.not_said) == (45, 30, 9, 6)
    assert not thirty.withheld and thirty.as_dict()["minority"] == 30
    small = reach(["black"] * 2 + ["white-british"] * 10 + [""] * 7, 5)
    assert small.minority is None  # 2: too small
    assert small.white_british is None  # and one more must go (White British first), or 19 - 17 gives it away
    assert small.total == 19


def test_anyone_may_leave_feedback_after_a_published_conversation(role_world: RoleWorld, plan: Plan) -> None:
    event = _event(role_world)
    public = role_world.client("anonymous")
    url = f"/engagement/public/{role_world.home.slug}/events/{event.pk}/feedback"
    empty = public.post(url, {"text": ""})
    assert "Write what you would like to tell us" in text(empty.page.select_one(".govuk-error-summary"))
    for group in ["black"] * 4 + ["asian"] * 2 + ["white-british"] * 8:
        public.post(url, {"text": f"Said by someone {group}.", "ethnicity": group, "area": "Salisbury"})
    public.post(url, {"text": "No group given."})
    assert not Feedback.objects.filter(event=event).exists()  # each waits for the engagement officer
    for held in moderation.queue(role_world.home):
        moderation.approve(held.record, [], by=role_world.user("engagement-officer"))
    comments = Feedback.objects.filter(event=event)
    assert comments.count() == 15
    assert all(c.theme is None and c.created_by is None for c in comments)  # to be themed; nobody named

    officer = role_world.client("board-member")
    page = officer.get(f"/engagement/{role_world.home.slug}/events/{event.pk}/")
    figures = text(page.page.select_one("dl.govuk-summary-list:last-of-type"))
    assert "Comments 15" in figures and "From people of ethnic minorities 6" in figures
    assert "Ethnic group not given withheld" in figures  # 1 is too small,
    assert "From White British people withheld" in figures  # and 15 - 6 - 8 would give it away
    force_page = officer.get(f"/engagement/{role_world.home.slug}/")
    assert "From people of ethnic minorities 6" in text(force_page.page.select_one("main"))


def test_an_unpublished_event_takes_no_public_feedback(role_world: RoleWorld) -> None:
    event = _event(role_world, published=False)
    url = f"/engagement/public/{role_world.home.slug}/events/{event.pk}/feedback"
    assert role_world.client("anonymous").post(url, {"text": "Hello"}).status_code == 404
    assert not Feedback.objects.exists()


def _pk(w: RoleWorld) -> int:
    if not hasattr(w, "conversation"):
        w.conversation = _event(w)  # type: ignore[attr-defined]
    return w.conversation.pk  # type: ignore[attr-defined, no-any-return]


FEEDBACK = RoleTable(
    routes={
        "form": lambda w: f"/engagement/public/{w.home.slug}/events/{_pk(w)}/feedback",
        "send": Route(
            lambda w: f"/engagement/public/{w.home.slug}/events/{_pk(w)}/feedback", "post", {"text": "Good."}
        ),
        "other-force": lambda w: f"/engagement/public/{w.other.slug}/events/{_pk(w)}/feedback",
    },
    table="""
        persona                   form  send  other-force
        anonymous                 200   302   404
        no-role                   200   302   404
        board-member              200   302   404
    """,
)


@FEEDBACK.parametrize
def test_who_may_leave_feedback(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)
