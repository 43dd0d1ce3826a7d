"""The monthly snapshot for the steering group: the register as it stood at a month's end,
and what changed since the month before, what is overdue and what awaits evidence.

A snapshot is stored (not recomputed) so that the comparison next month is with what the
steering group actually saw, even if someone later adds a back-dated note.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from parity.accounts.models import User
from parity.actions.models import Action, Snapshot, Status
from parity.actions.rag import Rag
from parity.actions.state import standing, with_progress
from parity.presentation.formatting import govuk_date
from parity.reference.models import Force


def month_bounds(month: str) -> tuple[date, date]:
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def register_on(force: Force, on: date) -> list[Action]:
    """The actions that existed on `on`, with everything the state functions read."""
    return list(with_progress(Action.objects.filter(force=force, added_on__lte=on)))


def rows_on(force: Force, on: date, month: str) -> list[dict[str, Any]]:
    """One JSON-ready row per action: where it stood on `on`, and its updates in `month`."""
    start, end = month_bounds(month)
    rows = []
    for action in register_on(force, on):
        s = standing(action, on)
        rows.append(
            {
                "id": action.pk,
                "reference": action.reference,
                "title": action.title,
                "recommendation": str(action.recommendation),
                "theme": action.recommendation.get_theme_display(),
                "owner": str(action.owner) if action.owner else "",
                "due_on": action.due_on.isoformat() if action.due_on else None,
                "status": s.status,
                "rag": s.rating.rag.value,
                "reasons": list(s.rating.reasons),
                "last_update_on": s.last_update.written_on.isoformat() if s.last_update else None,
                "completion_requested_on": s.completion_requested_on.isoformat() if s.completion_requested_on else None,
                "evidence": s.evidence,
                "overdue": s.overdue,
                "awaiting": s.awaiting,
                "updates_in_month": sum(1 for u in action.updates.all() if start <= u.written_on <= min(end, on)),
                "published": action.published,
            }
        )
    return rows


@transaction.atomic
def take(force: Force, month: str, *, by: User | None = None, on: date | None = None) -> Snapshot:
    """Record the register for `month` as it stands on `on` (default: the month's last day,
    or today while the month is still running). Taking it again replaces it, audited."""
    _, end = month_bounds(month)
    on = on or min(end, timezone.localdate())
    data = {"on": on.isoformat(), "rows": rows_on(force, on, month)}
    snapshot, _ = Snapshot.objects.update_or_create(
        force=force, month=month, defaults={"taken_on": on, "taken_by": by, "data": data}
    )
    return snapshot


@dataclass(frozen=True)
class Change:
    reference: str
    title: str
    what: tuple[str, ...]


def _day(value: date | None) -> str:
    return govuk_date(value) if value else "none"


def _label(status: str) -> str:
    return Status(status).label.lower()


def changes(current: list[dict[str, Any]], previous: list[dict[str, Any]] | None) -> list[Change]:
    """What is different from last month's snapshot, action by action, in words."""
    if previous is None:
        return []
    before = {row["id"]: row for row in previous}
    out = []
    for row in current:
        old = before.get(row["id"])
        if old is None:
            out.append(Change(row["reference"], row["title"], ("added to the plan",)))
            continue
        what = []
        if row["status"] != old["status"]:
            what.append(f"status {_label(old['status'])} → {_label(row['status'])}")
        if row["rag"] != old["rag"] and row["status"] not in (Status.COMPLETE, Status.CLOSED):
            what.append(f"rating {Rag(old['rag']).label} → {Rag(row['rag']).label}")
        if row["completion_requested_on"] and not old["completion_requested_on"]:
            what.append("owner asked for sign-off as complete")
        if (
            old["completion_requested_on"]
            and not row["completion_requested_on"]
            and row["status"]
            not in (
                Status.COMPLETE,
                Status.CLOSED,
            )
        ):
            what.append("returned to the owner by the board")
        if row["due_on"] != old["due_on"]:
            what.append(f"due date changed from {_day(old['due_on'])} to {_day(row['due_on'])}")
        if row["evidence"] > old["evidence"]:
            what.append(f"{row['evidence'] - old['evidence']} more evidence")
        if what:
            out.append(Change(row["reference"], row["title"], tuple(what)))
    return out


@dataclass(frozen=True)
class Monthly:
    """Everything the steering group reads for a month."""

    snapshot: Snapshot
    previous: Snapshot | None
    rows: list[dict[str, Any]]
    changes: list[Change]
    overdue: list[dict[str, Any]]
    awaiting_evidence: list[dict[str, Any]]
    awaiting_decision: list[dict[str, Any]]
    no_update: list[dict[str, Any]]
    by_rag: dict[str, int]


DATE_FIELDS = ("due_on", "last_update_on", "completion_requested_on")


def dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as stored (JSON: ISO dates) with their dates as dates again."""
    return [{**r, **{k: date.fromisoformat(r[k]) if r[k] else None for k in DATE_FIELDS}} for r in rows]


def monthly(snapshot: Snapshot) -> Monthly:
    previous = Snapshot.objects.filter(force_id=snapshot.force_id, month__lt=snapshot.month).order_by("-month").first()
    rows = dated(snapshot.data["rows"])
    open_rows = [r for r in rows if r["status"] not in (Status.COMPLETE, Status.CLOSED)]
    by_rag = {rag.value: sum(1 for r in rows if r["rag"] == rag.value) for rag in Rag}
    return Monthly(
        snapshot=snapshot,
        previous=previous,
        rows=rows,
        changes=changes(rows, dated(previous.data["rows"]) if previous else None),
        overdue=[r for r in rows if r["overdue"]],
        awaiting_evidence=[r for r in rows if r["awaiting"] == "evidence"],
        awaiting_decision=[r for r in rows if r["awaiting"] == "decision"],
        no_update=[r for r in open_rows if r["updates_in_month"] == 0],
        by_rag=by_rag,
    )
