"""The answers an officer chooses from, in the words the person stopped will read on the receipt.

Stop and search reuses the national vocabularies (`parity.reference.vocab`: legislation, object,
outcome, age band, gender) so a recorded search is coded exactly like an imported one. Stop and
account and section 163 stops have no national standard, so their reasons and outcomes are
defined here, short enough to scan on a phone.
"""

from __future__ import annotations

from django.db import models

from parity.reference import ethnicity, vocab

# Self-defined ethnicity: the 2021 census 19+1 list, and "prefer not to say" (stored as NS).
PREFER_NOT_TO_SAY = "NS"
SELF_DEFINED: list[tuple[str, str]] = [
    (code, ethnicity.DETAILED_BY_CODE[code].label) for code in ethnicity.CLASSIFICATION_2021 if code != "NS"
] + [(PREFER_NOT_TO_SAY, "Prefer not to say")]
SELF_DEFINED_LABELS: dict[str, str] = dict(SELF_DEFINED)

# Officer-perceived ethnicity: the five broad groups, never mixed with the self-defined answer.
OFFICER_DEFINED: list[tuple[str, str]] = [(g.value, g.label) for g in ethnicity.GROUPS_STATED]

AGE_BANDS: list[tuple[str, str]] = [(t.code, t.label) for t in vocab.AGE_BANDS.values()]
GENDERS: list[tuple[str, str]] = [(t.code, t.label) for t in vocab.GENDERS.values()]

SEARCH_TYPES: list[tuple[str, str]] = [
    ("person", "The person"),
    ("person_and_vehicle", "The person and their vehicle"),
    ("vehicle", "Only the vehicle"),
]
LEGISLATION: list[tuple[str, str]] = [(t.code, t.label) for _, t in vocab.LEGISLATION if t.code != "tact-s44"]
OBJECTS: list[tuple[str, str]] = [(t.code, t.label) for _, t in vocab.OBJECTS if t.code != "unavailable"]
SEARCH_OUTCOMES: list[tuple[str, str]] = [
    (o.value, o.label) for o in vocab.Outcome if o is not vocab.Outcome.FOUND_UNSPECIFIED
]


class AccountOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Words of advice"
    SEARCHED = "searched", "A search followed"
    ARREST = "arrest", "Arrest"
    OTHER = "other", "Something else"


class VehicleReason(models.TextChoices):
    MOVING_OFFENCE = "moving-offence", "Driving offence seen (speed, phone, lights, lane)"
    DEFECT = "defect", "Something wrong with the vehicle"
    DOCUMENTS = "documents", "To check the driver's licence, insurance or MOT"
    IMPAIRED = "impaired", "Suspected drink or drug driving"
    INTELLIGENCE = "intelligence", "Information or intelligence about the vehicle"
    STOLEN = "stolen", "Suspected stolen vehicle"
    OPERATION = "operation", "A road-safety check or operation"
    OTHER = "other", "Another reason"


class VehicleOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Words of advice"
    TRAFFIC_REPORT = "traffic-report", "Traffic offence report"
    FIXED_PENALTY = "fixed-penalty", "Fixed penalty notice"
    DEFECT_NOTICE = "defect-notice", "Vehicle defect rectification notice"
    SEARCHED = "searched", "A search followed"
    ARREST = "arrest", "Arrest"
    OTHER = "other", "Something else"


class PersonRole(models.TextChoices):
    SUBJECT = "subject", "Person stopped"
    DRIVER = "driver", "Driver"
    PASSENGER = "passenger", "Passenger"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very-satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Fairly satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Fairly dissatisfied"
    VERY_DISSATISFIED = "very-dissatisfied", "Very dissatisfied"


SATISFIED = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED})
DISSATISFIED = frozenset({Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED})


def label(choices: list[tuple[str, str]], code: str | None) -> str:
    """The words for a stored code; the code itself if it is not in the list (never blank)."""
    return dict(choices).get(code or "", code or "")
