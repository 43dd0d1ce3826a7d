"""The CSV layouts of a force's own HR extract (docs/reference/workforce-hr-extract.md), and
the checks of each value: one place that says what every column may hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from parity.reference.ethnicity import DETAILED, self_defined_code
from parity.workforce.hr_models import HrExtract
from parity.workforce.importing.home_office import WORKER_TYPES

Layout = HrExtract.Layout

# Each layout's columns, in any order; the first column named in KEYS tells the layouts apart.
COLUMNS: dict[str, tuple[str, ...]] = {
    Layout.PEOPLE: (
        "force", "as_at", "pseudonym", "worker_type", "rank", "ethnicity", "gender", "age_band", "start_date", "unit",
    ),
    Layout.JOINERS: ("force", "pseudonym", "joined", "worker_type", "rank", "ethnicity", "gender", "age_band"),
    Layout.LEAVERS: (
        "force", "pseudonym", "left", "reason", "worker_type", "rank", "ethnicity", "gender", "age_band",
    ),
    Layout.PROMOTIONS: (
        "force", "pseudonym", "from_rank", "to_rank", "promoted", "board", "worker_type", "ethnicity", "gender",
        "age_band",
    ),
    Layout.APPLICATIONS: (
        "force", "campaign", "applicant", "stage_reached", "outcome", "positive_action", "ethnicity", "gender",
        "age_band",
    ),
}  # fmt: skip
KEYS: dict[str, str] = {
    "as_at": Layout.PEOPLE,
    "joined": Layout.JOINERS,
    "left": Layout.LEAVERS,
    "promoted": Layout.PROMOTIONS,
    "campaign": Layout.APPLICATIONS,
}

# Recruitment stages in order (METHODS.md §7.2); stage_reached names the furthest one.
STAGES = ("application", "sift", "assessment", "interview", "vetting and medical", "appointment")
STAGE_LABELS = ("Applied", "Passed the sift", "Passed the assessment", "Passed the interview",
                "Passed vetting and medical", "Appointed")  # fmt: skip
OUTCOMES = ("appointed", "failed", "withdrew", "in progress")
LEAVING_REASONS = (
    "resigned", "retired", "dismissed", "transferred", "end of probation", "medical", "died", "other",
)  # fmt: skip
OFFICER_RANKS = (
    "constable", "sergeant", "inspector", "chief inspector", "superintendent", "chief superintendent",
    "commander", "assistant chief constable", "deputy chief constable", "chief constable",
)  # fmt: skip
GENDERS = ("female", "male", "non-binary", "other", "prefer not to say", "not stated")
PREFER_NOT = {"prefer not to say", "prefer not to state"}
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")
AGE_BAND = re.compile(r"^(1[6-9]|[2-9][0-9])(-(1[6-9]|[2-9][0-9])|\+)$|^not stated$|^prefer not to say$")
FIRST_DATE = date(1950, 1, 1)
SHORT_LABELS = {d.label.lower(): d.code for d in DETAILED}  # "Black: Caribbean", as Parity shows them

Check = Callable[[str], "object | Bad"]


@dataclass(frozen=True)
class Bad:
    """The reason a value was refused (a value of this type is never a good answer)."""

    reason: str


def a_date(text: str) -> date | Bad:
    """2024-03-31 or 31/03/2024 (the two ways HR systems write dates)."""
    value = text.strip()
    if len(value) == 10 and value[4] == "-":
        try:
            iso = date.fromisoformat(value)
        except ValueError:
            return Bad("not a date (expected 2024-03-31 or 31/03/2024)")
        return iso if FIRST_DATE <= iso <= date.today() else Bad(f"not a date from {FIRST_DATE.isoformat()} to today")
    for pattern in ("%d/%m/%Y",):
        try:
            found = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if not FIRST_DATE <= found <= date.today():
            return Bad(f"not a date from {FIRST_DATE.isoformat()} to today")
        return found
    return Bad("not a date (expected 2024-03-31 or 31/03/2024)")


def ethnicity(text: str) -> str | Bad:
    """The detailed code of the 2021 census list (19 + not stated); prefer not to say is not stated."""
    value = " ".join(text.split())
    if value.lower() in PREFER_NOT:
        return "NS"
    code = SHORT_LABELS.get(value.lower()) or (self_defined_code(value) if value else None)
    if code is None:
        return Bad('not on the 2021 census list of 19 ethnic groups, "Not stated" or "Prefer not to say"')
    return code


def worker_type(text: str) -> str | Bad:
    value = " ".join(text.split()).lower()
    found = WORKER_TYPES.get(value) or (value if value in {"officer", "staff", "pcso", "special"} else None)
    return found or Bad("not a worker type (officer, staff, pcso, special)")


def rank(text: str) -> str | Bad:
    value = " ".join(text.split())
    return value.lower() if value else Bad("blank (a rank or grade is needed)")


def one_of(choices: tuple[str, ...], what: str) -> Check:
    allowed = set(choices)

    def check(text: str) -> str | Bad:
        value = " ".join(text.split()).lower()
        return value if value in allowed else Bad(f"not {what} ({', '.join(choices)})")

    return check


def pseudonym(text: str) -> str | Bad:
    value = text.strip()
    if PSEUDONYM.match(value):
        return value
    return Bad(
        "not a pseudonym (4 to 64 letters, digits, - or _, no spaces): names and email addresses must not be imported"
    )


def age_band(text: str) -> str | Bad:
    value = " ".join(text.split()).lower()
    return value if AGE_BAND.match(value) else Bad('not an age band (e.g. 25-34, 55+, or "not stated")')


def yes_no(text: str) -> bool | Bad:
    value = text.strip().lower()
    return True if value in YES else False if value in NO else Bad("not yes or no")


def stage(text: str) -> int | Bad:
    value = " ".join(text.split()).lower()
    return STAGES.index(value) if value in STAGES else Bad(f"not a recruitment stage ({', '.join(STAGES)})")


def free(limit: int, *, blank: bool = True) -> Check:
    def check(text: str) -> str | Bad:
        value = " ".join(text.split())
        if not value and not blank:
            return Bad("blank")
        return value if len(value) <= limit else Bad(f"longer than {limit} characters")

    return check


CHECKS: dict[str, Check] = {
    "as_at": a_date,
    "start_date": a_date,
    "joined": a_date,
    "left": a_date,
    "promoted": a_date,
    "pseudonym": pseudonym,
    "applicant": pseudonym,
    "worker_type": worker_type,
    "rank": rank,
    "from_rank": rank,
    "to_rank": rank,
    "ethnicity": ethnicity,
    "gender": one_of(GENDERS, "a gender"),
    "age_band": age_band,
    "unit": free(120),
    "reason": one_of(LEAVING_REASONS, "a leaving reason"),
    "board": free(120),
    "campaign": free(120, blank=False),
    "stage_reached": stage,
    "outcome": one_of(OUTCOMES, "an outcome"),
    "positive_action": yes_no,
}
