"""Where an action stood on a given day: status, rating, evidence, what it waits for.

Worked out from the dated records (updates, milestones, evidence, decisions) rather than
from the current row alone, so a monthly snapshot taken late, or a report for a past
quarter, shows the register as it was on that day. Querysets should come through
`with_progress` so that a whole register costs a handful of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from parity.actions.models import Action, Status, Update
from parity.actions.rag import Facts, Rating, rate


def with_progress(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Everything the state functions read, fetched in one go."""
    return actions.select_related("owner", "recommendation__source", "force").prefetch_related(
        Prefetch("updates", queryset=Update.objects.select_related("author")),
        "milestones",
        "evidence",
        "measures",
        "decisions",
    )


def status_on(action: Action, on: date) -> str:
    """The status on `on`: the board's decision if made by then, else the owner's latest word."""
    if action.completed_on is not None and action.completed_on <= on:
        return Status.COMPLETE
    if action.closed_on is not None and action.closed_on <= on:
        return Status.CLOSED
    latest = last_update(action, on)
    return latest.status if latest is not None else action.initial_status


def last_update(action: Action, on: date) -> Update | None:
    written = [u for u in action.updates.all() if u.written_on <= on]
    return max(written, key=lambda u: (u.written_on, u.pk), default=None)


def requested_on(action: Action, on: date) -> date | None:
    """When the owner asked for sign-off, if that request still stood on `on`."""
    asked = action.completion_requested_on
    return asked if asked is not None and asked <= on else None


def evidence_count(action: Action, on: date) -> int:
    """Files, links and Parity measures attached by `on`: all three count as evidence."""
    return sum(1 for e in action.evidence.all() if e.added_on <= on) + sum(
        1 for m in action.measures.all() if m.added_on <= on
    )


def facts(action: Action, on: date) -> Facts:
    latest = last_update(action, on)
    return Facts(
        status=status_on(action, on),
        added_on=action.added_on,
        due_on=action.due_on,
        has_owner=action.owner_id is not None,
        last_update_on=latest.written_on if latest is not None else None,
        completion_requested_on=requested_on(action, on),
        missed_milestones=tuple(
            (m.title, m.due_on)
            for m in action.milestones.all()
            if m.due_on < on and (m.done_on is None or m.done_on > on)
        ),
    )


def rating(action: Action, on: date | None = None) -> Rating:
    on = on or timezone.localdate()
    return rate(facts(action, on), on)


@dataclass(frozen=True)
class Standing:
    """An action's position on a day, as the register, snapshots and reports show it."""

    action: Action
    on: date
    status: str
    rating: Rating
    last_update: Update | None
    evidence: int
    completion_requested_on: date | None

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def overdue(self) -> bool:
        due = self.action.due_on
        return (
            due is not None
            and due < self.on
            and self.status not in (Status.COMPLETE, Status.CLOSED)
            and (self.completion_requested_on is None or self.completion_requested_on > due)
        )

    @property
    def awaiting(self) -> str | None:
        """ "evidence" when the owner asked for sign-off with nothing to show; "decision"
        when the board has everything it needs to decide."""
        if self.completion_requested_on is None or self.status in (Status.COMPLETE, Status.CLOSED):
            return None
        return "decision" if self.evidence else "evidence"


def standing(action: Action, on: date | None = None) -> Standing:
    on = on or timezone.localdate()
    return Standing(
        action=action,
        on=on,
        status=status_on(action, on),
        rating=rate(facts(action, on), on),
        last_update=last_update(action, on),
        evidence=evidence_count(action, on),
        completion_requested_on=requested_on(action, on),
    )
