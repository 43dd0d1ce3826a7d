"""Saving a recorded stop: the record, its people, the StopSearch mirror, memory and receipt.

The web form and the API both end here with validated data, so what is saved, audited,
mirrored for panels and sent to the person is the same whichever way a record arrives.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.recording import delivery, mirror, references
from parity.recording.models import OfficerProfile, Person, ReceiptContact, Stop
from parity.reference.models import Force

RECORDING_ROLES = (Role.OFFICER, Role.SUPERVISOR)
_PSEUDONYM_SYMBOLS = references.ALPHABET[2:]  # no 0 or 1: a pseudonym is read aloud


@dataclass(frozen=True)
class PersonData:
    role: str
    self_defined: str
    officer_defined: str
    age_band: str
    gender: str


@dataclass(frozen=True)
class StopData:
    """A validated record, as the forms' cleaned data give it."""

    kind: str
    occurred_at: datetime
    location: str
    station: str
    outcome: str
    people: tuple[PersonData, ...]
    neighbourhood: str = ""
    officer_identifier: str = ""
    latitude: float | None = None
    longitude: float | None = None
    bwv_recorded: bool | None = None
    search_type: str = ""
    legislation: str = ""
    object_of_search: str = ""
    grounds: str = ""
    outcome_linked: bool | None = None
    removal_more_than_outer: bool | None = None
    account_reason: str = ""
    vehicle_reason: str = ""
    contact: tuple[str, str] | None = None
    submission_key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_forms(cls, kind: str, data: dict[str, Any], people: list[PersonData]) -> StopData:
        names = {f for f in cls.__dataclass_fields__ if f not in {"kind", "people", "extra"}}
        values = {k: v for k, v in data.items() if k in names and v is not None}
        return cls(kind=kind, people=tuple(people), **values)


@dataclass(frozen=True)
class Saved:
    stop: Stop
    created: bool  # False when the same submission was saved before (a retry)
    # The person's survey code, known only here, as the stop is saved: a retry gets "" (only
    # its hash is kept, so no one can read it back, the officer included).
    survey_code: str = ""


def profile_for(user: User, force: Force) -> OfficerProfile:
    """The officer's profile in this force, made with a fresh pseudonym the first time."""
    profile = OfficerProfile.objects.filter(user=user, force=force).first()
    if profile is not None:
        return profile
    for _ in range(20):
        pseudonym = "Officer " + "".join(secrets.choice(_PSEUDONYM_SYMBOLS) for _ in range(4))
        if not OfficerProfile.objects.filter(pseudonym=pseudonym).exists():
            return OfficerProfile.objects.create(user=user, force=force, pseudonym=pseudonym)
    raise RuntimeError("could not find a free officer pseudonym")


def recording_forces(user: User) -> list[Force]:
    """Forces where this person may record stops (as an officer or supervisor)."""
    ids = RoleAssignment.objects.filter(user=user, role__in=RECORDING_ROLES).values("force_id")
    return list(Force.objects.filter(pk__in=ids))


def _team_id(user: User, force: Force) -> int | None:
    assignment = RoleAssignment.objects.filter(user=user, force=force, role=Role.OFFICER, team__isnull=False).first()
    return assignment.team_id if assignment else None


def _remember(profile: OfficerProfile, data: StopData) -> None:
    profile.station = data.station
    if data.officer_identifier:
        profile.identifier = data.officer_identifier
    profile.last_location = data.location
    profile.last_neighbourhood = data.neighbourhood
    if data.kind == Stop.Kind.SEARCH:
        profile.last_legislation = data.legislation
        profile.last_object = data.object_of_search
    if data.bwv_recorded is not None:
        profile.last_bwv = data.bwv_recorded
    profile.save()


def _create(officer: User, force: Force, profile: OfficerProfile, data: StopData, *, channel: str, code: str) -> Stop:
    fields = {
        name: getattr(data, name)
        for name in (
            "kind", "occurred_at", "location", "neighbourhood", "station", "officer_identifier", "latitude",
            "longitude", "bwv_recorded", "search_type", "legislation", "object_of_search", "grounds", "outcome_linked",
            "removal_more_than_outer", "account_reason", "vehicle_reason", "outcome", "submission_key",
        )
    }  # fmt: skip
    for _ in range(3):
        try:
            with transaction.atomic():
                return Stop.objects.create(
                    reference=references.new_reference(),
                    survey_digest=references.survey_digest(code),
                    force=force,
                    officer=officer,
                    team_id=_team_id(officer, force),
                    officer_pseudonym=profile.pseudonym,
                    channel=channel,
                    **fields,
                )
        except IntegrityError:
            if data.submission_key and Stop.objects.filter(force=force, submission_key=data.submission_key).exists():
                raise
    raise RuntimeError("could not issue a unique receipt reference")


def record_stop(
    officer: User, force: Force, data: StopData, *, channel: str = Stop.Channel.WEB, follows: Stop | None = None
) -> Saved:
    """Save one stop with everyone in it; a search also becomes a StopSearch row.

    `follows`: the vehicle stop or stop and account this search followed, linked both ways.
    A submission key seen before returns the first record instead of saving a second.
    """
    if data.submission_key:
        existing = Stop.objects.filter(force=force, submission_key=data.submission_key).first()
        if existing is not None:
            return Saved(existing, created=False)
    try:
        with transaction.atomic():
            profile = profile_for(officer, force)
            code = references.new_survey_code()
            stop = _create(officer, force, profile, data, channel=channel, code=code)
            for position, person in enumerate(data.people):
                Person.objects.create(
                    stop=stop,
                    position=position,
                    role=person.role,
                    self_defined=person.self_defined,
                    officer_defined=person.officer_defined,
                    age_band=person.age_band,
                    gender=person.gender,
                )
            if stop.kind == Stop.Kind.SEARCH:
                mirror.mirror(stop)
            if follows is not None:
                follows.followed_by = stop
                follows.save(update_fields=["followed_by"])
            if data.contact is not None:
                ReceiptContact.objects.create(
                    stop=stop, channel=data.contact[0], address=data.contact[1], survey_code=code
                )
            _remember(profile, data)
    except IntegrityError:
        existing = Stop.objects.filter(force=force, submission_key=data.submission_key).first()
        if data.submission_key and existing is not None:
            return Saved(existing, created=False)  # the same form, sent twice at once
        raise
    return Saved(stop, created=True, survey_code=code)


def send_receipt(stop: Stop) -> bool | None:
    """Send the receipt if the person gave contact details: True sent, False failed, None none given."""
    contact = ReceiptContact.objects.filter(stop=stop).first()
    if contact is None:
        return None
    return delivery.send(contact)
