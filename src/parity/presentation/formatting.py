"""Numbers and dates as people read them on GOV.UK-style pages, one rule for every page.

Figures follow the GOV.UK style guide and Ethnicity facts and figures: thousands separators,
rates and ratios to one decimal place (always computed from unrounded values upstream; these
functions only display), dates as "21 November 2026". A suppressed figure is passed as
`None` (or with `suppressed=True`) and shows as "not published", never as 0 or a blank.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

SUPPRESSED = "not published"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _round(value: float | Decimal, places: int) -> Decimal:
    """Round half away from zero, as published statistics do (Python's round() goes to even)."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _fixed(value: float | Decimal | None, places: int, suppressed: bool) -> str | None:
    if suppressed or value is None:
        return None
    return f"{_round(value, places):,.{places}f}"


def number(value: float | Decimal | None, places: int = 0, *, suppressed: bool = False) -> str:
    """A count or amount with thousands separators: 305071 -> "305,071"."""
    return _fixed(value, places, suppressed) or SUPPRESSED


def rate(value: float | Decimal | None, places: int = 1, *, suppressed: bool = False) -> str:
    """A rate (for example per 1,000 people) to one decimal place: 12.345 -> "12.3"."""
    return _fixed(value, places, suppressed) or SUPPRESSED


def ratio(value: float | Decimal | None, places: int = 1, *, suppressed: bool = False) -> str:
    """A ratio to one decimal place: 3.456 -> "3.5" (pages add "times" where it reads better)."""
    return _fixed(value, places, suppressed) or SUPPRESSED


def percent(value: float | Decimal | None, places: int = 1, *, suppressed: bool = False) -> str:
    """A percentage given in points (0 to 100): 12.34 -> "12.3%"."""
    text = _fixed(value, places, suppressed)
    return f"{text}%" if text else SUPPRESSED


def proportion(value: float | Decimal | None, places: int = 1, *, suppressed: bool = False) -> str:
    """A proportion given from 0 to 1, shown as a percentage: 0.1234 -> "12.3%"."""
    if value is None or suppressed:
        return SUPPRESSED
    return percent(Decimal(str(value)) * 100, places)


def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """ "21 November 2026": no leading zero, month in full (GOV.UK style guide)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def govuk_time(value: dt.datetime | dt.time) -> str:
    """ "9:05am", "2:30pm", "midday", "midnight" (GOV.UK style guide), in UK local time."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d}{suffix}"


def govuk_datetime(value: dt.datetime | None) -> str:
    """ "21 November 2026 at 2:30pm", in UK local time."""
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def month(value: str | dt.date) -> str:
    """A month as "November 2021", from a date or a "2021-11" string as the warehouse keeps it."""
    if isinstance(value, str):
        year, number_ = int(value[:4]), int(value[5:7])
        return f"{MONTHS[number_ - 1]} {year}"
    return f"{MONTHS[value.month - 1]} {value.year}"


def month_span(first: str | dt.date, last: str | dt.date) -> str:
    """ "January 2019 to November 2021" ("to", not a dash, for ranges in running text)."""
    start, end = month(first), month(last)
    return start if start == end else f"{start} to {end}"


def counted(count: int, word: str, words: str | None = None) -> str:
    """ "1 case", "2 cases", "1 power used", "3 powers used": the count with its noun agreeing."""
    return f"{number(count)} {word if count == 1 else (words or word + 's')}"


FILTERS = {
    "counted": counted,
    "number": number,
    "rate": rate,
    "ratio": ratio,
    "percent": percent,
    "proportion": proportion,
    "govuk_date": govuk_date,
    "govuk_time": govuk_time,
    "govuk_datetime": govuk_datetime,
    "month": month,
    "month_span": month_span,
}
