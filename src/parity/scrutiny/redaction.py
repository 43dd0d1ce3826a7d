"""The record as a panel sees it: no names, no exact address, officer as a pseudonym,
place as a neighbourhood.

A case keeps this redacted copy (`snapshot`) because the record it came from can be
replaced when a force re-imports a corrected month. Only the fields listed here reach a
panel: the raw source text, map points and anything else on the record never do.

Grounds and neighbourhood are free text typed by officers, which may mention a person or
an address ("outside 14 Gloucester Road, BS7 8AE, home of Mr Ahmed Khan"). Forces are asked
to supply them without names (docs/reference/force-extract.md); as a second line of defence
`redact_text` removes what patterns can recognise: titles with names, e-mail addresses,
phone numbers, postcodes, house numbers with street names and dates of birth. Each removal
is counted and the case pack says how many were made, and that patterns can miss things;
it never claims more was removed than was. Receipt comments and what the public write to
community engagement get the same patterns and then a person, who takes out more with
`remove_phrases` (`parity.recording.moderation`, `parity.engagement.moderation`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError

from parity.powers.models import StopSearch, StopSearchDetail
from parity.presentation.formatting import govuk_date
from parity.reference.ethnicity import DETAILED_BY_CODE, Group
from parity.reference.vocab import GENDERS, OBJECT_BY_CODE, SEARCH_TYPES
from parity.scrutiny.sampling import age_label, ethnicity_label, legislation_label, outcome_label

SNAPSHOT_VERSION = 2  # 2: the neighbourhood is redacted too
_GROUPS = {g.value for g in Group}

_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|place|court|gardens|grove|"
    "terrace|walk|hill|square|parade|mews|row|park"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("e-mail address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("phone number", re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")),
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    (
        "address",
        re.compile(
            rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?",
            re.IGNORECASE,
        ),
    ),
    (
        "date of birth",
        re.compile(r"\b(?:dob|d\.o\.b\.?|date of birth|born)\b[:\s]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", re.IGNORECASE),
    ),
    ("name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?")),
    ("name", re.compile(r"\b(?:named|called|name(?:d| is| was|:))\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?")),
)


def redact_text(text: str) -> tuple[str, int]:
    """The text with recognisable personal details replaced by [removed: what], and how many."""
    removed = 0
    for what, pattern in _PATTERNS:
        text, count = pattern.subn(f"[removed: {what}]", text)
        removed += count
    return text, removed


# --- a person's further removals, after the patterns: every free-text moderation step uses these
# (receipt comments, `parity.recording.moderation`; engagement's, `parity.engagement.moderation`).

REMOVED = "[removed]"


def phrases(text: str) -> list[str]:
    """The words or phrases a moderator typed to remove, one a line, blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for line in text.splitlines():
        phrase = " ".join(line.split())
        if phrase and phrase.casefold() not in seen:
            seen[phrase.casefold()] = phrase
    return list(seen.values())


def remove_phrases(text: str, remove: list[str], *, what: str = "comment") -> str:
    """The text with every occurrence of each phrase (any case, any spacing) replaced by [removed].

    Raises ValidationError naming each phrase that is not in the text, so a typing slip is
    seen rather than leaving the name in place.
    """
    missing = []
    for phrase in sorted(remove, key=len, reverse=True):  # longest first: "Ahmed Khan" before "Ahmed"
        pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)
        text, count = pattern.subn(REMOVED, text)
        if not count:
            missing.append(phrase)
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        raise ValidationError({"remove": f"Not found in the {what}: {names}. Copy the words exactly as shown."})
    return text


def record_key(record: StopSearch, detail: StopSearchDetail | None) -> str:
    """What identifies the record when its month is re-imported: the force's own reference
    when it gave one, else a hash of the source line (the same line re-imported matches)."""
    if detail is not None and detail.force_reference:
        return f"ref:{detail.force_reference}"[:100]
    digest = hashlib.sha256(f"{record.force_id}\n{record.raw}".encode()).hexdigest()
    return f"raw:{digest}"


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not recorded"}[value]


def _type_label(code: str | None) -> str:
    labels = {t.code: t.label for t in SEARCH_TYPES.values()}
    return labels.get(code or "", "Not recorded")


def snapshot(record: StopSearch) -> dict[str, Any]:
    """The redacted record for the case pack, as plain JSON values."""
    detail = StopSearchDetail.objects.filter(record=record).first()
    local = record.local_time
    minute = local.local_minute
    time_text = f"{minute // 60:02d}:{minute % 60:02d}"
    grounds: str | None = None
    removed = 0
    if detail is not None and detail.grounds.strip():
        grounds, removed = redact_text(detail.grounds.strip())
    neighbourhood, removed_there = redact_text(detail.neighbourhood.strip()) if detail else ("", 0)
    detailed = DETAILED_BY_CODE.get(record.sde_code or "")
    genders = {t.code: t.label for t in GENDERS.values()}
    objects = OBJECT_BY_CODE.get(record.object_of_search or "")
    from_extract = record.source_file.format == "force-extract"
    return {
        "version": SNAPSHOT_VERSION,
        "source": "force extract" if from_extract else "data.police.uk",
        "force_reference": detail.force_reference if detail else "",
        "date": local.local_date_text,
        "date_text": govuk_date(local.local_date),
        "time": time_text,
        "type": _type_label(record.type),
        "legislation": legislation_label(record.legislation),
        "object_of_search": objects.label if objects else "Not recorded",
        "outcome": outcome_label(record.outcome),
        "outcome_linked": _yes_no(record.outcome_linked),
        "removal_more_than_outer": _yes_no(record.removal_more_than_outer),
        "part_of_operation": _yes_no(record.part_of_operation),
        "gender": genders.get(record.gender or "", "Not recorded"),
        "age": age_label(record.age_band),
        "ethnic_group": ethnicity_label(record.sde_code),
        "self_defined_ethnicity": detailed.label if detailed else "Not stated",
        "officer_defined_ethnicity": Group(record.ode_group).label if record.ode_group in _GROUPS else "Not stated",
        "officer": detail.officer_pseudonym if detail else "",
        "neighbourhood": neighbourhood,
        "neighbourhood_removed": removed_there,
        "grounds": grounds,  # None: the source carries no grounds
        "grounds_removed": removed,
        "bwv_recorded": detail.bwv_recorded if detail else None,
    }
