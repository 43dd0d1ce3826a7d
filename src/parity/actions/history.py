"""The full history of an action: every change to it and to its updates, evidence,
milestones, measures and decisions, read back from the audit trail."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from parity.accounts.models import AuditEvent
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
