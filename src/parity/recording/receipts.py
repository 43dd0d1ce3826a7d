"""The public side of a receipt: finding it by reference, slowing guessers, saying it plainly.

Anyone holding a reference may read that one receipt; nothing else is reachable from it.
Every reference not found is counted per address: after `PARITY_RECEIPT_GUESS_LIMIT` failures
in a clock hour that address is refused every look-up (right or wrong) until the hour ends,
and each failure and refusal is written to the audit trail with the address, so a force can
see guessing. The count is kept in Django's cache like every other limit
(`parity.web.throttle.Limit`): shared by every worker when the cache is Redis, and gone, with
the address in its key, when its hour ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from parity.accounts import audit
from parity.presentation.formatting import govuk_datetime
from parity.recording import choices, references
from parity.recording.models import Stop
from parity.reference import vocab
from parity.web import throttle

VIEWED = "receipt.viewed"
NOT_FOUND = "receipt.not-found"
REFUSED = "receipt.too-many-tries"
WRONG_CODE = "receipt.wrong-survey-code"
RECEIPT = "recording.receipt"
# The guessing limit counts failed look-ups in windows of this length.
GUESS_WINDOW = timedelta(hours=1)


def guesses() -> throttle.Limit:
    return throttle.Limit("receipt-guesses", settings.PARITY_RECEIPT_GUESS_LIMIT, int(GUESS_WINDOW.total_seconds()))


def blocked_until(request: HttpRequest) -> datetime | None:
    """When this address may try again, if it has used up its failed look-ups; else None."""
    return guesses().blocked_until(throttle.client_key(request))


@dataclass(frozen=True)
class Lookup:
    stop: Stop | None
    blocked_until: datetime | None = None
    canonical: str | None = None  # the reference in its stored form, when the text was one


def find(request: HttpRequest, text: str) -> Lookup:
    """The stop whose reference this is, counting the attempt; None if not found or blocked."""
    until = blocked_until(request)
    if until is not None:
        summary = "Receipt look-up refused: too many tries"
        audit.record(REFUSED, object_type=RECEIPT, summary=summary, allowed=False, request=request)
        return Lookup(None, until)
    reference = references.normalise(text)
    stop = Stop.objects.select_related("force").filter(reference=reference).first() if reference else None
    if stop is None:
        guesses().hit(throttle.client_key(request))
        tried = "".join(ch for ch in text[:5] if ch.isalnum())
        summary = f"No receipt has the reference tried (“{tried}…”)"
        audit.record(NOT_FOUND, object_type=RECEIPT, summary=summary, allowed=False, request=request)
    return Lookup(stop, None, reference)


# --- the survey code: the person's, not the officer's ---------------------------------------------
#
# The officer holds the reference, so the reference alone must not open the survey (one answer
# per person closes it: an officer's answer would shut the person out). The survey code goes to
# the person only: in the QR code and under the reference on the officer's screen at the
# hand-over (for HAND_OVER, in that session only, so a reload does not lose it), and in the
# message sent to them; Parity keeps only its hash (docs/decisions/0004-recording-and-receipts.md).

HAND_OVER = timedelta(minutes=30)


def hand_over(request: HttpRequest, stop: Stop, code: str) -> None:
    """Keep the new code in the officer's session while they show the receipt to the person:
    one code at a time (the last stop's), gone with the next record or the session."""
    for key in [key for key in request.session.keys() if key.startswith("survey-code:")]:
        del request.session[key]
    until = (timezone.now() + HAND_OVER).timestamp()
    request.session[f"survey-code:{stop.pk}"] = [code, until]


def handed_over_code(request: HttpRequest, stop: Stop) -> str:
    """The code to show with the receipt, during the hand-over only; afterwards "" for ever."""
    key = f"survey-code:{stop.pk}"
    kept = request.session.get(key)
    if not kept:
        return ""
    code, until = kept
    if until < timezone.now().timestamp():
        del request.session[key]
        return ""
    return str(code)


def survey_code_accepted(request: HttpRequest, stop: Stop, typed: str) -> bool:
    """Is this the person's survey code? A wrong one counts as a failed guess, like a wrong
    reference. A stop recorded before survey codes needs none."""
    if not stop.survey_digest:
        return True
    if typed and references.code_matches(typed, stop.survey_digest):
        return True
    guesses().hit(throttle.client_key(request))
    summary = "Refused a receipt survey answer without the person's survey code"
    audit.record(WRONG_CODE, obj=stop, summary=summary, allowed=False, request=request)
    return False


def record_view(request: HttpRequest, stop: Stop) -> None:
    audit.record(VIEWED, obj=stop, summary="The receipt page was opened with its reference", request=request)


def refuse_answer(request: HttpRequest, stop: Stop) -> None:
    """A signed-in Parity user (the officer who holds the reference, say) tried to answer the
    survey: it is the person stopped's, and one answer per person closes it, so it is refused
    and audited (without the reference, which is the key to it)."""
    summary = "Refused a receipt survey answer from someone signed in to Parity"
    audit.record(audit.Action.DENIED, obj=stop, summary=summary, allowed=False, request=request)


def feedback_open(stop: Stop) -> bool:
    """One response per person recorded on the stop (at least one)."""
    return stop.feedback.count() < max(stop.people.count(), 1)


# --- in plain English ----------------------------------------------------------------------------

WHAT_HAPPENED = {
    Stop.Kind.SEARCH: "You were stopped and searched",
    Stop.Kind.ACCOUNT: "You were stopped and asked to account for yourself",
    Stop.Kind.VEHICLE: "Your vehicle was stopped",
}
VEHICLE_POWER = "Section 163 of the Road Traffic Act 1988: a police officer in uniform can stop any vehicle"
ACCOUNT_POWER = "No power was used: you did not have to stop or answer"


@dataclass(frozen=True)
class Line:
    key: str
    value: str


def summary(stop: Stop) -> list[Line]:
    """What was recorded about the stop, as the person stopped would want to read it."""
    lines = [
        Line("Reference", stop.display_reference),
        Line("What happened", WHAT_HAPPENED[Stop.Kind(stop.kind)]),
        Line("When", govuk_datetime(stop.occurred_at)),
        Line("Where", stop.location),
    ]
    if stop.kind == Stop.Kind.SEARCH:
        legislation = vocab.LEGISLATION_BY_CODE.get(stop.legislation)
        lines += [
            Line("Power used", legislation.label if legislation else stop.legislation),
            Line("What the officer was looking for", choices.label(choices.OBJECTS, stop.object_of_search)),
            Line("Why the officer searched you", stop.grounds),
            Line("What was searched", choices.label(choices.SEARCH_TYPES, stop.search_type)),
        ]
    elif stop.kind == Stop.Kind.ACCOUNT:
        lines += [
            Line("Power used", ACCOUNT_POWER),
            Line("What you were asked about", stop.account_reason),
        ]
    else:
        people = stop.people.count()
        lines += [
            Line("Power used", VEHICLE_POWER),
            Line("Why the vehicle was stopped", choices.label(choices.VehicleReason.choices, stop.vehicle_reason)),
            Line("People recorded", _people(people)),
        ]
    lines += [
        Line("Outcome", stop.outcome_label),
        Line("Officer", officer_shown(stop)),
        Line("Station", stop.station),
        Line("Police force", stop.force.name),
    ]
    if stop.bwv_recorded is not None:
        lines.append(Line("Body-worn video", "On" if stop.bwv_recorded else "Not on"))
    return lines


def officer_shown(stop: Stop) -> str:
    """How the receipt names the officer: the warrant or collar number PACE requires, never
    the pseudonym panels see (which would tie what the person reads to a panel's case pack)."""
    if stop.officer_identifier:
        return f"Warrant or collar number {stop.officer_identifier}"
    return "Not recorded: ask the station for the officer's number"


def _people(count: int) -> str:
    if count <= 1:
        return "The driver"
    passengers = count - 1
    return f"The driver and {passengers} passenger{'s' if passengers > 1 else ''}"


def record_months(stop: Stop) -> int:
    """How long the person can ask for the full record: 3 months, or 12 after an arrest."""
    return 12 if stop.outcome == vocab.Outcome.ARREST.value else 3
