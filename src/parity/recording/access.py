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
from parity.recording.models import ReceiptContact, Stop
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


def followed(user: User, kind: str, after: str | None) -> Stop | None:
    """The officer's own vehicle stop or stop and account that a search follows (?after=id):
    only a search follows, only once, and only the officer's own stop."""
    if kind != "search" or not after or not after.isdigit():
        return None
    return Stop.objects.filter(
        pk=int(after), officer=user, kind__in=[Stop.Kind.VEHICLE, Stop.Kind.ACCOUNT], followed_by=None
    ).first()


def own_receipt(request: HttpRequest, pk: int) -> tuple[Stop, ReceiptContact | None]:
    """A stop's receipt and its contact, for the officer who recorded it alone; 404 (the
    refusal audited) for anyone else, and the showing audited."""
    stop = visible_stops(request.user).filter(pk=pk, officer=request.user).first()  # type: ignore[misc]
    if stop is None:
        if Stop.objects.filter(pk=pk).exists():
            audit.record_denied(request, "only the officer who recorded a stop can show its receipt")
        raise Http404("No such receipt")
    audit.record_view(stop, summary="Showed the receipt for a recorded stop", request=request)
    return stop, ReceiptContact.objects.filter(stop=stop).first()
