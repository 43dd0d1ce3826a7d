"""The recording API, under /api/recording/: force systems push the records officers make,
officers and supervisors read them, and anyone reads the published figures.

A pushed record is checked by the same forms as the web page (`to_form_data`), so it is held
to exactly the same rules, and saved by the same service. Send `external_reference` (the
force system's own id): sending the same record again returns the first, never a duplicate.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NoReturn

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from parity.accounts import audit
from parity.accounts.api import ApiAuth
from parity.accounts.models import RoleAssignment, User
from parity.accounts.permissions import require_role
from parity.accounts.roles import Role
from parity.recording import access, figures, moderation, presentation, references
from parity.recording.delivery import receipt_url
from parity.recording.feedback import feedback_on
from parity.recording.formgroup import FormGroup
from parity.recording.forms import FORMS, PersonForm
from parity.recording.models import Stop
from parity.recording.services import RECORDING_ROLES, PersonData, StopData, record_stop, send_receipt
from parity.reference.models import Force

router = Router(tags=["recording"])
FOLLOWS_RULE = (
    "Only a search can follow, and only the same officer's own vehicle stop or stop and account that no "
    "search has followed yet."
)


class PersonIn(Schema):
    role: Literal["subject", "driver", "passenger"] = "subject"
    self_defined: str  # 2021 census 19+1 code (W1 ... O9), or NS for "prefer not to say"
    officer_defined: str  # the officer's perception: asian, black, mixed, white or other
    age_band: str  # under-10, 10-17, 18-24, 25-34, over-34
    gender: str  # male, female, other


class StopIn(Schema):
    force: str
    kind: Literal["search", "account", "vehicle"]
    occurred_at: datetime
    location: str
    station: str
    officer_identifier: str  # the officer's warrant or collar number, shown on the receipt (PACE)
    outcome: str
    people: list[PersonIn]
    bwv_recorded: bool  # body-worn video switched on
    neighbourhood: str = ""
    latitude: float | None = None
    longitude: float | None = None
    search_type: str = ""
    legislation: str = ""
    object_of_search: str = ""
    grounds: str = ""
    outcome_linked: bool | None = None
    removal_more_than_outer: bool | None = None
    account_reason: str = ""
    vehicle_reason: str = ""
    contact: str = ""
    external_reference: str = ""
    follows: int | None = None  # id of the vehicle stop or stop and account this search followed
    officer: str | None = None  # e-mail of the officer, when a force administrator's system sends it


class StopOut(Schema):
    id: int
    kind: str
    reference: str
    # The person's link and survey code: give them to the person only. Only a hash is kept,
    # so a retry of the same record (created false) gets neither the code nor a link with it.
    receipt_url: str
    survey_code: str
    created: bool
    receipt_sent: bool | None


class PersonOut(Schema):
    role: str
    self_defined: str
    officer_defined: str
    age_band: str
    gender: str


class FeedbackOut(Schema):
    submitted_at: datetime
    about: str
    respect: str
    told_why: str
    satisfaction: str
    negative: bool
    comments: str  # once a moderator has approved them, with personal details removed; else ""
    comments_status: str  # none, pending, approved or rejected


class RecordOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    officer: str
    station: str
    location: str
    neighbourhood: str
    outcome: str
    details: dict[str, str]
    people: list[PersonOut]
    feedback: list[FeedbackOut]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def to_form_data(payload: StopIn) -> dict[str, Any]:
    """The API record as the web form would have sent it."""
    local = timezone.localtime(payload.occurred_at) if timezone.is_aware(payload.occurred_at) else payload.occurred_at
    data: dict[str, Any] = {
        "submission_key": payload.external_reference,
        "day-day": str(local.day),
        "day-month": str(local.month),
        "day-year": str(local.year),
        "clock": f"{local.hour:02d}:{local.minute:02d}",
        "bwv_recorded": _yes_no(payload.bwv_recorded),
        "outcome_linked": _yes_no(payload.outcome_linked),
        "removal_more_than_outer": _yes_no(payload.removal_more_than_outer),
    }
    for name in (
        "location", "station", "officer_identifier", "outcome", "neighbourhood", "search_type", "legislation",
        "object_of_search", "grounds", "account_reason", "vehicle_reason", "contact",
    ):  # fmt: skip
        data[name] = getattr(payload, name)
    for name in ("latitude", "longitude"):
        value = getattr(payload, name)
        data[name] = "" if value is None else str(value)
    return data


def _refuse(problems: list[tuple[str, str]]) -> NoReturn:
    """422 in the API's one error envelope (parity.api_errors): each problem's field and the
    web form's own words for it, such as ("people-0-gender", "Choose their gender")."""
    raise ValidationError([{"loc": ["body", field], "msg": message, "type": "invalid"} for field, message in problems])


def _problems(group: FormGroup) -> list[tuple[str, str]]:
    return [
        (member.add_prefix(name) if name != "__all__" else "record", str(message))
        for member in group.members
        for name, messages in member.errors.items()
        for message in messages
    ]


def _officer(request: HttpRequest, payload: StopIn, force: Force) -> User:
    """The caller, or (for a force administrator's system) the officer named in the record."""
    if payload.officer is None:
        require_role(request, *RECORDING_ROLES, force=force)
        return request.user  # type: ignore[return-value]
    require_role(request, Role.FORCE_ADMIN, force=force)
    officer = User.objects.filter(email=payload.officer.strip().lower(), is_active=True).first()
    if (
        officer is None
        or not RoleAssignment.objects.filter(user=officer, force=force, role__in=RECORDING_ROLES).exists()
    ):
        raise HttpError(422, f"{payload.officer} is not an officer or supervisor in {force.name}")
    return officer


@router.post(
    "/stops",
    response={201: StopOut, 200: StopOut},
    auth=ApiAuth(Role.OFFICER, Role.SUPERVISOR, Role.FORCE_ADMIN),
    summary="Record a stop (search, account or vehicle) and issue its receipt",
)
def create_stop(request: HttpRequest, payload: StopIn) -> Status[Any]:
    force = Force.objects.filter(slug=payload.force).first()
    if force is None:
        raise HttpError(422, f"{payload.force!r} is not a force; use a data.police.uk slug such as 'west-midlands'")
    officer = _officer(request, payload, force)
    form = FORMS[payload.kind](data=to_form_data(payload))
    roles = [p.role for p in payload.people]
    if payload.kind == "vehicle" and roles.count("driver") != 1:
        _refuse([("people", "A vehicle stop has exactly one driver; everyone else is a passenger.")])
    if payload.kind != "vehicle" and (len(roles) != 1 or roles[0] != "subject"):
        _refuse([("people", "A stop and search or stop and account has one person, role subject.")])
    people = [
        (
            p.role,
            PersonForm(data={f"people-{i}-{k}": v for k, v in p.dict(exclude={"role"}).items()}, prefix=f"people-{i}"),
        )
        for i, p in enumerate(payload.people)
    ]
    group = FormGroup(form, *(f for _, f in people))
    if not group.is_valid():
        _refuse(_problems(group))
    follows = None
    if payload.follows is not None:
        follows = Stop.objects.filter(
            pk=payload.follows, officer=officer, kind__in=[Stop.Kind.VEHICLE, Stop.Kind.ACCOUNT], followed_by=None
        ).first()
        if follows is None or payload.kind != "search":
            _refuse([("follows", FOLLOWS_RULE)])
    data = StopData.from_forms(
        payload.kind, form.cleaned_data, [PersonData(role=r, **f.cleaned_data) for r, f in people]
    )
    saved = record_stop(officer, force, data, channel=Stop.Channel.API, follows=follows)
    sent = send_receipt(saved.stop) if saved.created else None
    out = StopOut(
        id=saved.stop.pk,
        kind=saved.stop.kind,
        reference=saved.stop.reference,
        receipt_url=receipt_url(saved.stop, saved.survey_code),
        survey_code=references.display_code(saved.survey_code) if saved.survey_code else "",
        created=saved.created,
        receipt_sent=sent,
    )
    return Status(201 if saved.created else 200, out)


def _record(stop: Stop) -> RecordOut:
    items = list(feedback_on(stop))
    return RecordOut(
        id=stop.pk,
        kind=stop.kind,
        occurred_at=stop.occurred_at,
        officer=stop.officer_pseudonym,
        station=stop.station,
        location=stop.location,
        neighbourhood=stop.neighbourhood,
        outcome=stop.outcome_label,
        details=dict(presentation.details(stop)),
        people=[PersonOut(**vars(p)) for p in presentation.people_rows(stop.people.all())],
        feedback=[
            FeedbackOut(
                submitted_at=f.submitted_at,
                about=row.about,
                respect=row.respect,
                told_why=row.told_why,
                satisfaction=row.satisfaction,
                negative=f.negative,
                comments=moderation.shown(f) or "",
                comments_status=f.moderation,
            )
            for f, row in zip(items, presentation.feedback_rows(items), strict=True)
        ],
    )


@router.get(
    "/stops",
    response=list[RecordOut],
    auth=ApiAuth(*RECORDING_ROLES),
    summary="Recorded stops you may see: your own, and your team's if you supervise one",
)
def list_stops(request: HttpRequest, kind: Literal["search", "account", "vehicle"] | None = None) -> list[RecordOut]:
    stops = access.visible_stops(request.user).prefetch_related("people")
    if kind:
        stops = stops.filter(kind=kind)
    shown = list(stops[:200])
    audit.record(audit.Action.VIEW, object_type="recording.stop", summary=f"Listed {len(shown)} recorded stops (API)")
    return [_record(s) for s in shown]


@router.get("/stops/{stop_id}", response=RecordOut, auth=ApiAuth(*RECORDING_ROLES), summary="One recorded stop")
def get_stop(request: HttpRequest, stop_id: int) -> RecordOut:
    return _record(access.stop_for(request, stop_id, summary="Viewed a recorded stop (API)"))


@router.get("/figures/{force}/vehicle-stops", summary="Vehicle stops by ethnicity and the veil-of-darkness test")
def vehicle_figures(request: HttpRequest, force: str) -> dict[str, Any]:
    return figures.vehicle_figures(get_object_or_404(Force, slug=force)).as_dict()


@router.get("/figures/{force}/feedback", summary="Receipt feedback by ethnic group (small numbers protected)")
def feedback_figures(request: HttpRequest, force: str) -> dict[str, Any]:
    return figures.feedback_figures(get_object_or_404(Force, slug=force)).as_dict()
