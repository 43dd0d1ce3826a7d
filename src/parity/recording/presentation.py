"""Recorded stops and feedback in words, ready for a page: staff pages and panels' case packs.

Templates get plain strings, so the officer's page, the supervisor's and the panel's case-pack
section all say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parity.presentation.formatting import govuk_datetime
from parity.recording import choices, moderation
from parity.recording.models import Feedback, Person, Stop
from parity.reference import vocab


@dataclass(frozen=True)
class FeedbackRow:
    heading: str
    negative: bool
    about: str
    respect: str
    told_why: str
    satisfaction: str
    ethnicity: str
    comments: str


@dataclass(frozen=True)
class PersonRow:
    role: str
    self_defined: str
    officer_defined: str
    age_band: str
    gender: str


def feedback_rows(items: Iterable[Feedback]) -> list[FeedbackRow]:
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append(
            FeedbackRow(
                heading=f"Feedback {number}, {govuk_datetime(item.submitted_at)}",
                negative=item.negative,
                about=f"The {item.stop.get_kind_display().lower()} on {govuk_datetime(item.stop.occurred_at)}",
                respect=item.get_respect_display() or "Not answered",
                told_why=item.get_told_why_display() or "Not answered",
                satisfaction=item.get_satisfaction_display() or "Not answered",
                ethnicity=choices.SELF_DEFINED_LABELS.get(item.self_defined, "Not given"),
                comments=moderation.shown_or_status(item),
            )
        )
    return rows


def people_rows(people: Iterable[Person]) -> list[PersonRow]:
    return [
        PersonRow(
            role=p.get_role_display(),
            self_defined=choices.SELF_DEFINED_LABELS.get(p.self_defined, p.self_defined),
            officer_defined=choices.label(choices.OFFICER_DEFINED, p.officer_defined),
            age_band=choices.label(choices.AGE_BANDS, p.age_band),
            gender=choices.label(choices.GENDERS, p.gender),
        )
        for p in people
    ]


def details(stop: Stop) -> list[tuple[str, str]]:
    """The fields only this kind of stop has."""
    if stop.kind == Stop.Kind.SEARCH:
        legislation = vocab.LEGISLATION_BY_CODE.get(stop.legislation)
        linked = {True: "Yes", False: "No", None: "Not applicable"}[stop.outcome_linked]
        return [
            ("What was searched", choices.label(choices.SEARCH_TYPES, stop.search_type)),
            ("Power used", legislation.label if legislation else stop.legislation),
            ("Looking for", choices.label(choices.OBJECTS, stop.object_of_search)),
            ("Grounds", stop.grounds),
            ("Outcome linked to what was looked for", linked),
            ("More than outer clothing removed", "Yes" if stop.removal_more_than_outer else "No"),
        ]
    if stop.kind == Stop.Kind.ACCOUNT:
        return [("Asked to account for", stop.account_reason)]
    rows = [("Why the vehicle was stopped", choices.label(choices.VehicleReason.choices, stop.vehicle_reason))]
    if stop.followed_by_id:
        rows.append(("A search followed", "Yes, recorded and linked"))
    return rows
