"""Shared set-up for the recording tests: what the form sends, and stops saved through the service."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from parity.accounts.models import User
from parity.recording.models import Stop
from parity.recording.services import PersonData, StopData, record_stop
from parity.reference.models import Force

PERSON = {"self_defined": "B1", "officer_defined": "black", "age_band": "25-34", "gender": "male"}


def when(minutes_ago: int = 10) -> datetime:
    return timezone.localtime() - timedelta(minutes=minutes_ago)


def common(minutes_ago: int = 10, **extra: Any) -> dict[str, Any]:
    """The fields every kind of stop sends, as the web form sends them."""
    at = when(minutes_ago)
    return {
        "submission_key": uuid.uuid4().hex,
        "day-day": str(at.day),
        "day-month": str(at.month),
        "day-year": str(at.year),
        "clock": at.strftime("%H:%M"),
        "location": "Soho Road, near the library",
        "neighbourhood": "Handsworth",
        "station": "Thornhill Road",
        "officer_identifier": "PC 4821",
        "bwv_recorded": "yes",
        "action": "save",
        **extra,
    }


def person_fields(prefix: str, **values: str) -> dict[str, str]:
    return {f"{prefix}-{name}": value for name, value in {**PERSON, **values}.items()}


def vehicle_form(passengers: list[dict[str, str]] | None = None, **extra: Any) -> dict[str, Any]:
    """A vehicle stop: a driver (Black Caribbean by default) and the passengers given."""
    data = common(
        **({"vehicle_reason": "defect", "outcome": "advice", "passengers": str(len(passengers or []))} | extra)
    )
    data |= person_fields("driver")
    for i, values in enumerate(passengers or []):
        data |= person_fields(f"passenger-{i}", **values)
    return data


def search_form(**extra: Any) -> dict[str, Any]:
    data = common(
        search_type="person",
        legislation="mda-s23",
        object_of_search="drugs",
        grounds="Smell of cannabis from the car; he put something in his waistband when he saw us.",
        outcome="nfa",
        removal_more_than_outer="no",
    )
    data |= person_fields("person")
    return data | extra


def account_form(**extra: Any) -> dict[str, Any]:
    data = common(account_reason="Standing by a car with the window smashed", outcome="nfa")
    data |= person_fields("person")
    return data | extra


def save_stop(
    officer: User,
    force: Force,
    kind: str = "vehicle",
    *,
    people: tuple[PersonData, ...] | None = None,
    contact: tuple[str, str] | None = None,
    occurred_at: datetime | None = None,
    follows: Stop | None = None,
    **fields: Any,
) -> Stop:
    """A stop saved through the same service the form and API use."""
    role = "driver" if kind == "vehicle" else "subject"
    defaults: dict[str, dict[str, Any]] = {
        "vehicle": {"vehicle_reason": "documents", "outcome": "nfa"},
        "search": {
            "search_type": "person",
            "legislation": "pace-s1",
            "object_of_search": "stolen-goods",
            "grounds": "Matched the description of a shoplifter given over the radio minutes earlier.",
            "outcome": "arrest",
            "outcome_linked": True,
            "removal_more_than_outer": False,
        },
        "account": {"account_reason": "Seen running from a shop", "outcome": "nfa"},
    }
    data = StopData(
        kind=kind,
        occurred_at=occurred_at or when(),
        location="Broad Street",
        station="Steelhouse Lane",
        officer_identifier="PC 2175",
        people=people or (PersonData(role, "B2", "black", "18-24", "male"),),
        bwv_recorded=True,
        contact=contact,
        **(defaults[kind] | fields),
    )
    saved = record_stop(officer, force, data, follows=follows)
    _SURVEY_CODES[saved.stop.pk] = saved.survey_code
    return saved.stop


# The survey codes of the stops saved here: in life only the person is given theirs.
_SURVEY_CODES: dict[int, str] = {}


def survey_url(stop: Stop) -> str:
    """The receipt page as the person's own link opens it: with their survey code."""
    return f"/receipt/{stop.reference}?code={_SURVEY_CODES[stop.pk]}"
