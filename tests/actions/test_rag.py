"""The RAG rule, date by date: each reason, and each boundary, on its own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from parity.actions.rag import DUE_SOON_DAYS, QUIET_DAYS, SILENT_DAYS, Facts, Rag, rate

TODAY = date(2026, 11, 21)


def facts(**changes: object) -> Facts:
    """An action going well: on track, owned, due in three months, updated a week ago."""
    base = {
        "status": "on-track",
        "added_on": TODAY - timedelta(days=200),
        "due_on": TODAY + timedelta(days=90),
        "has_owner": True,
        "last_update_on": TODAY - timedelta(days=7),
    }
    return Facts(**{**base, **changes})  # type: ignore[arg-type]


def test_an_action_going_well_is_green_with_no_reasons() -> None:
    rating = rate(facts(), TODAY)
    assert rating.rag == Rag.GREEN and rating.reasons == ()


@pytest.mark.parametrize(("status", "rag"), [("complete", Rag.COMPLETE), ("closed", Rag.CLOSED)])
def test_finished_actions_have_no_rating_even_when_late_and_silent(status: str, rag: Rag) -> None:
    late = facts(status=status, due_on=TODAY - timedelta(days=300), last_update_on=None, has_owner=False)
    assert rate(late, TODAY).rag == rag


def test_past_its_due_date_is_red_and_says_when_it_was_due() -> None:
    rating = rate(facts(due_on=date(2026, 10, 1)), TODAY)
    assert rating.rag == Rag.RED
    assert rating.reasons == ("was due on 1 October 2026, 7 weeks ago",)
    assert rating.explanation == "Was due on 1 October 2026, 7 weeks ago."


def test_due_today_is_not_late() -> None:
    assert rate(facts(due_on=TODAY), TODAY).rag == Rag.GREEN


def test_asking_for_sign_off_by_the_due_date_stops_it_counting_as_late() -> None:
    due = TODAY - timedelta(days=20)
    in_time = facts(due_on=due, completion_requested_on=due)
    too_late = facts(due_on=due, completion_requested_on=due + timedelta(days=1))
    assert rate(in_time, TODAY).rag == Rag.GREEN
    assert rate(too_late, TODAY).rag == Rag.RED


def test_the_owner_saying_off_track_is_red_even_before_the_due_date() -> None:
    rating = rate(facts(status="off-track"), TODAY)
    assert rating.rag == Rag.RED and rating.reasons == ("the owner's latest update says it is off track",)


def test_the_owner_saying_at_risk_is_amber() -> None:
    rating = rate(facts(status="at-risk"), TODAY)
    assert rating.rag == Rag.AMBER and rating.reasons == ("the owner's latest update says it is at risk",)


@pytest.mark.parametrize(
    ("days", "rag"),
    [(QUIET_DAYS, Rag.GREEN), (QUIET_DAYS + 1, Rag.AMBER), (SILENT_DAYS, Rag.AMBER), (SILENT_DAYS + 1, Rag.RED)],
)
def test_silence_turns_amber_after_45_days_and_red_after_90(days: int, rag: Rag) -> None:
    rating = rate(facts(last_update_on=TODAY - timedelta(days=days)), TODAY)
    assert rating.rag == rag
    if rag != Rag.GREEN:
        assert rating.reasons == (
            f"no update for {days} days (more than {QUIET_DAYS if rag == Rag.AMBER else SILENT_DAYS})",
        )


def test_an_action_never_updated_counts_its_silence_from_when_it_was_added() -> None:
    fresh = facts(last_update_on=None, added_on=TODAY - timedelta(days=10))
    forgotten = facts(last_update_on=None, added_on=TODAY - timedelta(days=100))
    assert rate(fresh, TODAY).rag == Rag.GREEN
    rating = rate(forgotten, TODAY)
    assert rating.rag == Rag.RED and rating.reasons == ("no update since it was added for 100 days (more than 90)",)


def test_a_missed_milestone_is_amber_and_named() -> None:
    rating = rate(facts(missed_milestones=(("Policy drafted", date(2026, 11, 1)),)), TODAY)
    assert rating.rag == Rag.AMBER
    assert rating.reasons == ("milestone “Policy drafted” was due on 1 November 2026 and is not done",)


@pytest.mark.parametrize(
    ("days", "status", "rag"),
    [
        (DUE_SOON_DAYS, "not-started", Rag.AMBER),
        (DUE_SOON_DAYS + 1, "not-started", Rag.GREEN),
        (5, "on-track", Rag.GREEN),
    ],
)
def test_due_within_30_days_and_not_started_is_amber(days: int, status: str, rag: Rag) -> None:
    assert rate(facts(due_on=TODAY + timedelta(days=days), status=status), TODAY).rag == rag


def test_no_owner_or_no_due_date_is_amber() -> None:
    assert rate(facts(has_owner=False), TODAY).reasons == ("no one owns it",)
    assert rate(facts(due_on=None), TODAY).reasons == ("it has no due date",)


def test_red_lists_its_amber_reasons_too_red_first() -> None:
    rating = rate(facts(due_on=TODAY - timedelta(days=3), has_owner=False, status="at-risk"), TODAY)
    assert rating.rag == Rag.RED
    assert rating.reasons == (
        "was due on 18 November 2026, 3 days ago",
        "the owner's latest update says it is at risk",
        "no one owns it",
    )
