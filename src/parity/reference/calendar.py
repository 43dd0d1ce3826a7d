"""Local time for UK policing records.

data.police.uk writes every `Date` in UTC. Months, financial years and times of day are
all taken in Europe/London: a search at 00:30 BST on 1 April 2020 is recorded as
2020-03-31T23:30:00+00:00 and belongs to April and to the financial year 2020/21.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A UTC instant placed in London time; texts are what the stores and warehouse take."""

    utc_text: str  # "YYYY-MM-DD HH:MM:SS", UTC
    local_date_text: str  # "YYYY-MM-DD", Europe/London
    local_month: str  # YYYY-MM
    financial_year: str  # e.g. 2019/20
    local_minute: int  # minutes after local midnight

    @property
    def utc(self) -> datetime:
        return datetime.fromisoformat(self.utc_text + "+00:00")

    @property
    def local_date(self) -> date:
        return date.fromisoformat(self.local_date_text)


def financial_year(day: date) -> str:
    """The April-to-March year a date falls in, written as the Home Office does: 2019/20."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_months(fy: str) -> list[str]:
    """The twelve YYYY-MM months of a financial year such as 2019/20."""
    start = int(fy[:4])
    return [f"{start + (m > 12)}-{(m - 1) % 12 + 1:02d}" for m in range(4, 16)]


@lru_cache(maxsize=65_536)
def local_hour(utc_hour: str) -> tuple[str, str, str, int]:
    """Convert one UTC hour ("YYYY-MM-DDTHH") to its London (date, month, financial year, hour).

    Cached: records share hours, and the importer converts each distinct hour of a file once.
    Raises ValueError when the text is not a real hour.
    """
    local = datetime.fromisoformat(utc_hour + ":00:00+00:00").astimezone(LONDON)
    day = local.date()
    return day.isoformat(), f"{day.year:04d}-{day.month:02d}", financial_year(day), local.hour


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # str.isdigit alone takes other scripts' digits


def localise(value: str) -> LocalTime:
    """Parse an ISO-8601 timestamp and place it in London time.

    A value without an offset is read as UTC, the data.police.uk convention; callers that
    must count such values check `has_offset` first. Raises ValueError when unparseable.
    """
    if len(value) == 25 and value.endswith("+00:00") and value[10] == "T" and value[16] == ":":
        day, month, fy, hour = local_hour(value[:13])
        minute, second = value[14:16], value[17:19]
        if not (_digits(minute) and _digits(second) and minute < "60" and second < "60"):
            raise ValueError(f"invalid time {value!r}")
        return LocalTime(f"{value[:10]} {value[11:19]}", day, month, fy, hour * 60 + int(minute))
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    utc = parsed.astimezone(UTC)
    local = utc.astimezone(LONDON)
    local_day = local.date()
    return LocalTime(
        utc.strftime("%Y-%m-%d %H:%M:%S"),
        local_day.isoformat(),
        f"{local_day.year:04d}-{local_day.month:02d}",
        financial_year(local_day),
        local.hour * 60 + local.minute,
    )


def localise_fields(value: str) -> tuple[str, str, str, str, int]:
    """`localise` as a plain tuple (utc_text, local_date_text, month, financial year, minute).

    The importer calls this once per record, so the common data.police.uk form is parsed by
    position with the hour's conversion cached, and no object is built.
    """
    if len(value) == 25 and value.endswith("+00:00") and value[10] == "T" and value[16] == ":":
        day, month, fy, hour = local_hour(value[:13])
        minute, second = value[14:16], value[17:19]
        if _digits(minute) and _digits(second) and minute < "60" and second < "60":
            return f"{value[:10]} {value[11:19]}", day, month, fy, hour * 60 + int(minute)
        raise ValueError(f"invalid time {value!r}")
    when = localise(value)
    return (when.utc_text, when.local_date_text, when.local_month, when.financial_year, when.local_minute)


def has_offset(value: str) -> bool:
    return value.endswith("Z") or (len(value) > 6 and value[-6] in "+-" and value[-3] == ":")
