"""Progress on an action: updates, evidence, sign-off and the board's decisions, and where
an action stood on a past day (what snapshots and reports read)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from parity.accounts.models import AuditEvent
from parity.accounts.roles import Role
from parity.actions import progress
from parity.actions.history import history_of, said
from parity.actions.models import Action, DecisionKind, Status
from parity.actions.rag import Rag
from parity.actions.state import standing, with_progress
from parity.reference.models import Force
from tests.actions.helpers import Plan, make_plan, person

pytestmark = pytest.mark.django_db
START = date(2026, 7, 1)


@pytest.fixture
def built() -> tuple[Plan, object]:
    force = Force.objects.get(slug="kent")
    owner = person("owner@kent.test", Role.ACTION_OWNER, force, "Olu Owner")
    board = person("chair@kent.test", Role.BOARD_MEMBER, force, "Bea Chair")
    return make_plan(force, owner, added_on=START), board


def _fresh(action: Action) -> Action:
    return with_progress(Action.objects.filter(pk=action.pk)).get()


def test_an_update_sets_the_status_and_is_dated(built: tuple[Plan, object]) -> None:
    plan, _ = built
    progress.add_update(plan.action, plan.owner, status="at-risk", note="Short of trainers.", on=date(2026, 7, 20))
    action = _fresh(plan.action)
    assert action.status == Status.AT_RISK
    s = standing(action, date(2026, 7, 25))
    assert s.rating.rag == Rag.AMBER and s.last_update is not None and s.last_update.written_on == date(2026, 7, 20)


def test_an_update_needs_a_note_and_a_status_the_owner_may_report(built: tuple[Plan, object]) -> None:
    plan, _ = built
    with pytest.raises(ValidationError) as blank:
        progress.add_update(plan.action, plan.owner, status="on-track", note="  ")
    assert blank.value.message_dict == {"note": ["Write what has happened since the last update"]}
    with pytest.raises(ValidationError) as complete:
        progress.add_update(plan.action, plan.owner, status="complete", note="Done!")
    assert "status" in complete.value.message_dict


def test_status_on_a_past_day_comes_from_the_updates_written_by_then(built: tuple[Plan, object]) -> None:
    plan, _ = built
    progress.add_update(plan.action, plan.owner, status="on-track", note="Started.", on=date(2026, 7, 10))
    progress.add_update(plan.action, plan.owner, status="off-track", note="Stalled.", on=date(2026, 8, 10))
    action = _fresh(plan.action)
    assert standing(action, date(2026, 7, 5)).status == Status.NOT_STARTED
    assert standing(action, date(2026, 7, 31)).status == Status.ON_TRACK
    assert standing(action, date(2026, 8, 31)).status == Status.OFF_TRACK
    assert standing(action, date(2026, 8, 31)).rating.rag == Rag.RED


def test_the_board_cannot_approve_without_evidence_then_can(built: tuple[Plan, object]) -> None:
    plan, board = built
    progress.request_completion(plan.action, plan.owner, note="All briefed.", on=date(2026, 9, 1))
    action = _fresh(plan.action)
    assert standing(action, date(2026, 9, 2)).awaiting == "evidence"
    with pytest.raises(ValidationError) as refused:
        progress.decide(action, board, kind=DecisionKind.APPROVED, on=date(2026, 9, 3))  # type: ignore[arg-type]
    assert "no evidence yet" in refused.value.message_dict["kind"][0]
    progress.add_link(action, plan.owner, title="Briefing record", url="https://example.org/b", on=date(2026, 9, 4))
    action = _fresh(plan.action)
    assert standing(action, date(2026, 9, 5)).awaiting == "decision"
    progress.decide(action, board, kind=DecisionKind.APPROVED, note="Seen.", on=date(2026, 9, 6))  # type: ignore[arg-type]
    action = _fresh(plan.action)
    assert action.status == Status.COMPLETE and action.completed_on == date(2026, 9, 6)
    assert standing(action, date(2026, 9, 5)).status == Status.ON_TRACK  # asking for sign-off means it started
    assert standing(action, date(2026, 9, 30)).rating.rag == Rag.COMPLETE
    with pytest.raises(ValidationError):
        progress.add_update(action, plan.owner, status="on-track", note="More.")


def test_a_measure_counts_as_evidence(built: tuple[Plan, object]) -> None:
    plan, board = built
    progress.request_completion(plan.action, plan.owner, note="Done.", on=date(2026, 9, 1))
    progress.add_measure(plan.action, plan.owner, kind="stop-search-ratio", group="Black", on=date(2026, 9, 1))
    decision = progress.decide(_fresh(plan.action), board, kind="approved", on=date(2026, 9, 2))  # type: ignore[arg-type]
    assert decision.kind == DecisionKind.APPROVED


def test_nobody_approves_their_own_action(built: tuple[Plan, object]) -> None:
    plan, _ = built
    owner_on_board = person(plan.owner.email, Role.BOARD_MEMBER, plan.force)
    progress.add_link(plan.action, plan.owner, title="Record", url="https://example.org/r")
    progress.request_completion(plan.action, plan.owner, note="Done.")
    with pytest.raises(ValidationError) as refused:
        progress.decide(_fresh(plan.action), owner_on_board, kind="approved")
    assert refused.value.message_dict["kind"] == ["You own this action, so another board member must decide on it"]


def test_returning_needs_a_note_and_reopens_the_request(built: tuple[Plan, object]) -> None:
    plan, board = built
    progress.add_link(plan.action, plan.owner, title="Record", url="https://example.org/r")
    progress.request_completion(plan.action, plan.owner, note="Done.")
    with pytest.raises(ValidationError) as silent:
        progress.decide(_fresh(plan.action), board, kind="returned")  # type: ignore[arg-type]
    assert silent.value.message_dict["note"] == ["Say what is still needed"]
    progress.decide(_fresh(plan.action), board, kind="returned", note="Show the records.")  # type: ignore[arg-type]
    action = _fresh(plan.action)
    assert action.completion_requested_on is None and action.status == Status.ON_TRACK
    progress.request_completion(action, plan.owner, note="Records attached.")  # may ask again


def test_closing_without_completion_needs_a_reason_which_is_kept(built: tuple[Plan, object]) -> None:
    plan, board = built
    with pytest.raises(ValidationError) as silent:
        progress.decide(plan.action, board, kind="closed")  # type: ignore[arg-type]
    assert silent.value.message_dict["note"] == ["Say why it is being closed without completion"]
    progress.decide(plan.action, board, kind="closed", note="Replaced by the national receipt.", on=date(2026, 8, 1))  # type: ignore[arg-type]
    action = _fresh(plan.action)
    assert action.status == Status.CLOSED and action.closure_reason == "Replaced by the national receipt."
    assert standing(action, date(2026, 8, 2)).rating.rag == Rag.CLOSED
    assert standing(action, date(2026, 7, 31)).status == Status.NOT_STARTED


def test_overdue_and_late_requests(built: tuple[Plan, object]) -> None:
    plan, _ = built
    action = _fresh(plan.action)
    due = action.due_on
    assert due is not None
    assert not standing(action, due).overdue
    assert standing(action, due + timedelta(days=1)).overdue
    progress.request_completion(action, plan.owner, note="Done in time.", on=due)
    assert not standing(_fresh(plan.action), due + timedelta(days=30)).overdue


def test_every_change_is_in_the_action_history_with_who_did_it(built: tuple[Plan, object]) -> None:
    plan, board = built
    from parity.accounts.audit import acting_as

    with acting_as(plan.owner):
        progress.add_update(plan.action, plan.owner, status="on-track", note="Started.")
        progress.add_milestone(plan.action, title="Plan agreed", due_on=date(2026, 12, 1))
    with acting_as(board):  # type: ignore[arg-type]
        progress.decide(plan.action, board, kind="closed", note="Superseded.")  # type: ignore[arg-type]
    events = list(history_of(plan.action))
    summaries = [e.summary for e in events]
    assert any(s.startswith("Created update") for s in summaries)
    assert any(s.startswith("Created milestone") for s in summaries)
    assert any(s.startswith("Created decision") for s in summaries)
    status_changes = [
        e.changes["status"] for e in events if "status" in e.changes and e.object_type == "actions.action"
    ]
    assert {"before": "on-track", "after": "closed"} in status_changes
    assert {"before": "not-started", "after": "on-track"} in status_changes
    closing = next(e for e in events if e.object_type == "actions.decision")
    assert closing.actor == board and closing.force == plan.force
    # Read back as sentences, people by name, never "decided by: (none) → 15".
    sentences = [line for e in events for line in said(e.changes or {})]
    assert "Status changed from on track to closed." in sentences
    assert f"Decided by: {board}." in sentences or f"Decided by set to {board}." in sentences
    assert not any("→" in line or "(none)" in line for line in sentences)
    assert AuditEvent.objects.filter(object_type="actions.update", actor=plan.owner).exists()
