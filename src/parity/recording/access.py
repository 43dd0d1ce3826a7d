"""Whose recorded stops a person may see: an officer their own, a supervisor their team's.

Force-wide roles (analyst, force administrator) see the published figures, not individual
records: every route to a named officer's records is one the officer or their supervisor holds.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import AnyUser, forces_for, visible_officers
from parity.recording.models import Stop
from parity.recording.services import RECORDING_ROLES


def visible_stops(user: AnyUser) -> QuerySet[Stop]:
    """Every stop this person may see, in any force where they record or supervise."""
    if not isinstance(user, User) or not user.is_authenticated:
        return Stop.objects.none()
    scope = Q(pk__in=[])
    for force in forces_for(user, *RECORDING_ROLES):
        scope |= Q(force=force, officer__in=visible_officers(user, force))
    return Stop.objects.filter(scope)


def stop_for(request: HttpRequest, pk: int, *, summary: str) -> Stop:
    """One stop the person may see, its view written to the audit trail; 404 (audited) if not.

    A stop the person may not see answers exactly as one that does not exist, so record ids
    cannot be probed; the refusal still reaches the audit trail.
    """
    stop = visible_stops(request.user).select_related("force").filter(pk=pk).first()
    if stop is None:
        if Stop.objects.filter(pk=pk).exists():
            audit.record_denied(request, "the stop was recorded by someone outside their team")
        raise Http404("No such record")
    audit.record_view(stop, summary=summary, request=request)
    return stop
