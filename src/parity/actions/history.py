"""The full history of an action: every change to it and to its updates, evidence,
milestones, measures and decisions, read back from the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from parity.accounts.models import AuditEvent, User
from parity.actions.models import Action

CHILDREN = ("updates", "evidence", "milestones", "measures", "decisions")


def history_of(action: Action) -> QuerySet[AuditEvent]:
    wanted = Q(object_type="actions.action", object_id=str(action.pk))
    for name in CHILDREN:
        related = getattr(action, name)
        label = f"actions.{related.model._meta.model_name}"
        ids = [str(pk) for pk in related.values_list("pk", flat=True)]
        if ids:
            wanted |= Q(object_type=label, object_id__in=ids)
    return AuditEvent.objects.filter(wanted, allowed=True).order_by("-at", "-id")


# Fields that hold a person, stored in the audit trail by their account number.
PEOPLE = {"owner", "author", "decided_by", "added_by", "created_by", "requested_by"}


def said(changes: dict[str, Any]) -> list[str]:
    """Each change as a sentence ("Decided by set to Sam Jones."), never a field dump
    ("decided by: (none) → 15"): the history is read by board members, not developers."""
    ids = set()
    for name, change in changes.items():
        if name in PEOPLE and isinstance(change, dict):
            ids |= {v for v in change.values() if isinstance(v, int)}
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    sentences = []
    for name, change in sorted(changes.items()):
        field = name.replace("_", " ").capitalize()
        if not (isinstance(change, dict) and {"before", "after"} <= set(change)):
            sentences.append(f"{field}: {_value(change, name in PEOPLE, people)}.")
            continue
        before, after = (_value(change[k], name in PEOPLE, people) for k in ("before", "after"))
        if change["before"] in (None, ""):
            sentences.append(f"{field} set to {after}.")
        elif change["after"] in (None, ""):
            sentences.append(f"{field} cleared (it was {before}).")
        else:
            sentences.append(f"{field} changed from {before} to {after}.")
    return sentences


def _value(value: Any, person: bool, people: dict[int, str]) -> str:
    if person and isinstance(value, int):
        return people.get(value, "a former account")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.replace("-", " ") if value.islower() and " " not in value and "-" in value else value
    return str(value)


def history_page(action: Action, number: str | None, per_page: int = 50) -> Page[AuditEvent]:
    """One page of the action's history, each event with its changes as sentences (`said`)."""
    page = Paginator(history_of(action), per_page).get_page(number)
    for event in page.object_list:
        event.said = said(event.changes or {})  # type: ignore[attr-defined]
    return page
