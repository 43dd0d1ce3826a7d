"""Pages for officers and supervisors: record a stop, show its receipt, see records.

Every page checks the role on the server; a record is shown only to the officer who made it
and the supervisor of their team, and every view of one is written to the audit trail.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import role_required
from parity.accounts.roles import Role
from parity.recording import access, delivery, presentation, qr, receipts, references
from parity.recording.feedback import feedback_on
from parity.recording.formgroup import FormGroup, people_forms, resent
from parity.recording.forms import FORMS, StopForm
from parity.recording.models import OfficerProfile, Stop
from parity.recording.services import PersonData, StopData, profile_for, record_stop, recording_forces, send_receipt
from parity.reference.models import Force

RECORDERS = (Role.OFFICER, Role.SUPERVISOR)
TITLES = {
    "search": "Record a stop and search",
    "account": "Record a stop and account",
    "vehicle": "Record a vehicle stop",
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _force(request: HttpRequest) -> Force:
    """The force the person records in: their only one, or the one chosen (?force=slug)."""
    forces = recording_forces(_user(request))
    wanted = request.GET.get("force") or request.POST.get("force")
    chosen = next((f for f in forces if f.slug == wanted), None)
    if chosen is None and len(forces) > 1 and wanted:
        raise Http404("You do not record stops in that force")
    return chosen or forces[0]


def _initial(profile: OfficerProfile, kind: str) -> dict[str, Any]:
    """Sensible defaults: now, the last place and power, video as last time (on if unknown)."""
    now = timezone.localtime()
    initial: dict[str, Any] = {
        "submission_key": uuid.uuid4().hex,
        "day": now.date(),
        "clock": now.strftime("%H:%M"),
        "location": profile.last_location,
        "neighbourhood": profile.last_neighbourhood,
        "station": profile.station,
        "officer_identifier": profile.identifier,
        "bwv_recorded": "no" if profile.last_bwv is False else "yes",
    }
    if kind == "search":
        initial |= {
            "search_type": "person",
            "legislation": profile.last_legislation,
            "object_of_search": profile.last_object,
            "removal_more_than_outer": "no",
        }
    return initial


def _follows(request: HttpRequest, kind: str) -> Stop | None:
    """The officer's own vehicle stop or stop and account that this search followed (?after=id)."""
    return access.followed(_user(request), kind, request.GET.get("after") or request.POST.get("after"))


def _site_url(path: str) -> str:
    """An address under PARITY_SITE_URL, as the receipt's QR code and printed links give it."""
    return settings.SITE_URL.rstrip("/") + path


@role_required(*RECORDERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Start recording, and the person's latest records."""
    user = _user(request)
    recent = access.visible_stops(user).filter(officer=user).select_related("force")[:10]
    supervises = user.roles.filter(role=Role.SUPERVISOR).exists()
    return render(request, "recording/home.html", {"recent": recent, "supervises": supervises})


@role_required(*RECORDERS)
@require_http_methods(["GET", "POST"])
@never_cache
@gzip_page  # about 30 KB of form is 4 to 5 KB compressed: it matters on a weak signal
def record(request: HttpRequest, kind: str) -> HttpResponse:
    """The recording form for one kind of stop; saving issues the receipt.

    Compressing a page with a secret and reflected input invites BREACH; this page's only
    secret is the CSRF token, which Django masks afresh on every response.
    """
    if kind not in FORMS:
        raise Http404("No such kind of stop")
    user, force = _user(request), _force(request)
    follows = _follows(request, kind)
    form_class = FORMS[kind]
    if request.method == "GET":
        form: StopForm = form_class(initial=_initial(profile_for(user, force), kind))
        people = people_forms(kind, None)
    else:
        action = request.POST.get("action", "save")
        form = form_class(data=request.POST)
        people = people_forms(kind, request.POST, action=action)
        if action != "save":
            form = resent(form)
        elif FormGroup(form, *(p for _, p in people)).is_valid():
            data = StopData.from_forms(
                kind,
                form.cleaned_data,
                [PersonData(role=role, **p.cleaned_data) for role, p in people if p.is_bound],
            )
            saved = record_stop(user, force, data, follows=follows)
            if saved.created:
                send_receipt(saved.stop)
                receipts.hand_over(request, saved.stop, saved.survey_code)
            return redirect("recording:receipt", pk=saved.stop.pk)
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "form": FormGroup(form, *(p for _, p in people)),
        "stop_form": form,
        "people": people,
        "force": force,
        "follows": follows,
        "several_forces": len(recording_forces(user)) > 1,
    }
    return render(request, "recording/record.html", context)


@role_required(*RECORDERS)
@require_safe
@never_cache
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt to show or print for the person stopped: only the officer who recorded it."""
    stop, contact = access.own_receipt(request, pk)
    code = receipts.handed_over_code(request, stop)
    url = delivery.receipt_url(stop, code)
    context = {
        "stop": stop,
        "survey_code": references.display_code(code) if code else "",
        "needs_code": bool(stop.survey_digest),
        "qr": qr.svg(url),
        "receipt_url": url,
        "lookup_url": _site_url(reverse("receipt:find")),
        "contact": contact,
        "masked": delivery.mask(contact.address) if contact and contact.address else "",
        "officer": receipts.officer_shown(stop),
        "can_follow": stop.kind != Stop.Kind.SEARCH and stop.followed_by_id is None,
    }
    return render(request, "recording/receipt.html", context)


@role_required(*RECORDERS)
@require_safe
def records(request: HttpRequest) -> HttpResponse:
    """Records the person may see: their own, and their team's if they supervise one."""
    user = _user(request)
    kind = request.GET.get("kind", "")
    stops = access.visible_stops(user).select_related("officer", "force").annotate(feedback_count=Count("feedback"))
    if kind in FORMS:
        stops = stops.filter(kind=kind)
    shown = list(stops[:200])
    audit.record(
        audit.Action.VIEW,
        object_type="recording.stop",
        summary=f"Listed {len(shown)} recorded stops" + (f" ({kind})" if kind in FORMS else ""),
        request=request,
    )
    return render(request, "recording/records.html", {"stops": shown, "kind": kind, "user_id": user.pk})


@role_required(*RECORDERS)
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything recorded about one stop, and the feedback on it."""
    stop = access.stop_for(request, pk, summary="Viewed a recorded stop")
    context = {
        "stop": stop,
        "details": presentation.details(stop),
        "people": presentation.people_rows(stop.people.all()),
        "feedback": presentation.feedback_rows(feedback_on(stop)),
        "own": stop.officer_id == _user(request).pk,
    }
    return render(request, "recording/detail.html", context)
