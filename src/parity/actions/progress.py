"""Progress on an action: the owner's updates, evidence and milestones, and the board's
decisions on completion.

Completion is two steps on purpose: the owner asks for sign-off, the board approves (or
returns it, or closes the action without completion, with a reason). The board cannot
approve an action with no evidence, and nobody approves their own action.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parity.accounts.models import User
from parity.actions import evidence_files, notices
from parity.actions.models import (
    REPORTED,
    Action,
    Decision,
    DecisionKind,
    Evidence,
    EvidenceKind,
    Measure,
    MeasureKind,
    Milestone,
    Status,
    Update,
)
from parity.actions.state import evidence_count


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _not_finished(action: Action) -> None:
    if action.finished:
        raise ValidationError(f"Action {action.reference} is {action.get_status_display().lower()}: nothing more to do")


@transaction.atomic
def add_update(
    action: Action, author: User, *, status: str, note: str, public: bool = False, on: date | None = None
) -> Update:
    """A dated note with the status the owner reports; the action takes that status."""
    _not_finished(action)
    if status not in REPORTED:
        raise ValidationError({"status": "Choose not started, on track, at risk or off track"})
    if not note.strip():
        raise ValidationError({"note": "Write what has happened since the last update"})
    update = Update(
        action=action, author=author, written_on=_today(on), status=status, note=note.strip(), public=public
    )
    update.full_clean()
    update.save()
    if action.status != status:
        action.status = status
        action.save(update_fields=["status"])
    return update


@transaction.atomic
def add_link(
    action: Action, by: User, *, title: str, url: str, public: bool = False, on: date | None = None
) -> Evidence:
    _not_finished(action)
    evidence = Evidence(
        action=action,
        kind=EvidenceKind.LINK,
        title=title.strip(),
        url=url,
        added_by=by,
        added_on=_today(on),
        public=public,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def add_file(
    action: Action,
    by: User,
    *,
    title: str,
    name: str,
    content: bytes,
    public: bool = False,
    on: date | None = None,
) -> Evidence:
    """Keep the file under PARITY_HOME/evidence and record it; the row names its checksum.

    Its type is Parity's reading of the content (`evidence_files`), never the uploader's."""
    _not_finished(action)
    stored = evidence_files.store(action, name, content)
    evidence = Evidence(
        action=action,
        kind=EvidenceKind.FILE,
        title=title.strip() or stored.name,
        file_name=stored.name,
        file_path=stored.path,
        file_size=len(content),
        content_type=evidence_files.content_type(stored.name, content),
        sha256=stored.sha256,
        added_by=by,
        added_on=_today(on),
        public=public,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def add_measure(
    action: Action, by: User | None, *, kind: str, group: str, note: str = "", on: date | None = None
) -> Measure:
    if action.measures.filter(kind=kind, group=group).exists():
        raise ValidationError(
            {"group": f"This action already follows the {MeasureKind(kind).label.lower()} for {group}"}
        )
    measure = Measure(action=action, kind=kind, group=group, note=note.strip(), added_by=by, added_on=_today(on))
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def add_milestone(action: Action, *, title: str, due_on: date) -> Milestone:
    _not_finished(action)
    milestone = Milestone(action=action, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def mark_milestone_done(milestone: Milestone, *, on: date | None = None) -> Milestone:
    if milestone.done_on is None:
        milestone.done_on = _today(on)
        milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def request_completion(action: Action, by: User, *, note: str, on: date | None = None) -> Update:
    """The owner says the action is done and asks the board to sign it off."""
    _not_finished(action)
    if action.completion_requested_on is not None:
        raise ValidationError(f"Sign-off for {action.reference} was asked for on {action.completion_requested_on}")
    day = _today(on)
    going = action.status if action.status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK) else Status.ON_TRACK
    update = add_update(action, by, status=going, note=note, on=day)
    action.completion_requested_on = day
    action.save(update_fields=["completion_requested_on"])
    notices.sign_off_asked(action, by=by)
    return update


@transaction.atomic
def decide(action: Action, by: User, *, kind: str, note: str = "", on: date | None = None) -> Decision:
    """The board's decision: approve completion, return it to the owner, or close it."""
    _not_finished(action)
    day = _today(on)
    kind = DecisionKind(kind)
    if action.owner_id is not None and action.owner_id == by.pk:
        raise ValidationError({"kind": "You own this action, so another board member must decide on it"})
    if kind in (DecisionKind.APPROVED, DecisionKind.RETURNED) and action.completion_requested_on is None:
        raise ValidationError({"kind": "The owner has not asked for this action to be signed off as complete"})
    if kind == DecisionKind.APPROVED and evidence_count(action, day) == 0:
        raise ValidationError(
            {"kind": "This action has no evidence yet: the owner adds a file, a link or a measure before approval"}
        )
    if kind in (DecisionKind.RETURNED, DecisionKind.CLOSED) and not note.strip():
        what = "why it is being closed without completion" if kind == DecisionKind.CLOSED else "what is still needed"
        raise ValidationError({"note": f"Say {what}"})
    decision = Decision(action=action, kind=kind, note=note.strip(), decided_by=by, decided_on=day)
    decision.full_clean()
    decision.save()
    if kind == DecisionKind.APPROVED:
        action.status, action.completed_on = Status.COMPLETE, day
    elif kind == DecisionKind.CLOSED:
        action.status, action.closed_on, action.closure_reason = Status.CLOSED, day, note.strip()
    else:
        action.completion_requested_on = None
    action.save()
    notices.sign_off_decided(decision)
    return decision
