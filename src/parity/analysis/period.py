"""Periods of analysis: a month, quarter, financial or calendar year, or a range of them.

Dates are London dates (the warehouse's `local_date`), so a search at 00:30 BST on
1 April belongs to April and to the new financial year, as the Home Office counts it.

Accepted forms:

    2019/20            financial year, April 2019 to March 2020
    2019/20-Q1         quarter of a financial year (April to June 2019)
    2019               calendar year
    2019-Q2            calendar quarter (April to June 2019)
    2019-05            month
    2019-05-01         day
    A..B               from the start of A to the end of B, e.g. 2019-04..2019-09
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from parity.errors import ParityError
from parity.reference.calendar import financial_year

_FY = re.compile(r"^(\d{4})/(\d{2})$")
_FY_QUARTER = re.compile(r"^(\d{4})/(\d{2})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class PeriodError(ParityError, ValueError):
    """A period that cannot be read; the message says what forms are accepted."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str
    kind: str  # financial-year, year, quarter, month, day, range

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"period {self.label!r} ends ({self.end}) before it starts ({self.start})")

    @property
    def months(self) -> list[str]:
        """The YYYY-MM months the period touches, in order."""
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    @property
    def whole_months(self) -> bool:
        return self.start.day == 1 and self.end.day == monthrange(self.end.year, self.end.month)[1]

    @property
    def financial_year(self) -> str:
        """The financial year the period ends in; it decides the census denominators."""
        return financial_year(self.end)

    @property
    def financial_years(self) -> list[str]:
        return sorted({financial_year(self.start), financial_year(self.end)})

    def shifted_dates(self, years: int) -> Period:
        return Period(_shift(self.start, years), _shift(self.end, years), self.label, self.kind)

    def shifted_years(self, years: int) -> Period:
        """The same dates `years` later (earlier when negative): the comparison period."""
        moved = self.shifted_dates(years)
        return Period(moved.start, moved.end, _relabel(self.label, years), self.kind)

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def _shift(day: date, years: int) -> date:
    """Move a date by whole years; the last day of February stays the last day of February."""
    year = day.year + years
    last = monthrange(year, day.month)[1]
    at_end = day.day == monthrange(day.year, day.month)[1]
    return date(year, day.month, last if at_end else min(day.day, last))


def _relabel(label: str, years: int) -> str:
    """The label of a period moved by whole years: 2019/20 -> 2018/19, 2019-05 -> 2018-05."""
    if ".." in label:
        first, _, last = label.partition("..")
        return f"{_relabel(first, years)}..{_relabel(last, years)}"
    shifted = _one(label).shifted_dates(years)
    if m := _FY_QUARTER.match(label):
        return f"{financial_year(shifted.start)}-Q{m.group(3)}"
    if _FY.match(label):
        return financial_year(shifted.start)
    if m := _QUARTER.match(label):
        return f"{shifted.start.year}-Q{m.group(2)}"
    if _YEAR.match(label):
        return str(shifted.start.year)
    if _MONTH.match(label):
        return shifted.start.strftime("%Y-%m")
    return shifted.start.isoformat()


def _one(text: str) -> Period:
    t = text.strip()
    try:
        if m := _FY.match(t):
            start = int(m.group(1))
            if int(m.group(2)) != (start + 1) % 100:
                raise PeriodError(f"{t!r} is not a financial year: after {start} comes {(start + 1) % 100:02d}")
            return Period(date(start, 4, 1), date(start + 1, 3, 31), t, "financial-year")
        if m := _FY_QUARTER.match(t):
            fy = _one(f"{m.group(1)}/{m.group(2)}")
            month = 4 + 3 * (int(m.group(3)) - 1)  # 4, 7, 10, 13 (January of the next year)
            year = fy.start.year + (month > 12)
            month = (month - 1) % 12 + 1
            end = date(year, month + 2, monthrange(year, month + 2)[1])
            return Period(date(year, month, 1), end, t, "quarter")
        if m := _YEAR.match(t):
            year = int(m.group(1))
            return Period(date(year, 1, 1), date(year, 12, 31), t, "year")
        if m := _QUARTER.match(t):
            year, q = int(m.group(1)), int(m.group(2))
            first_month = 3 * q - 2
            end = date(year, first_month + 2, monthrange(year, first_month + 2)[1])
            return Period(date(year, first_month, 1), end, t, "quarter")
        if m := _MONTH.match(t):
            year, month = int(m.group(1)), int(m.group(2))
            return Period(date(year, month, 1), date(year, month, monthrange(year, month)[1]), t, "month")
        if m := _DAY.match(t):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Period(day, day, t, "day")
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise PeriodError(f"{t!r} is not a real date: {error}") from None
    raise PeriodError(
        f"{t!r} is not a period Parity understands. Use a financial year (2019/20), a quarter "
        "(2019/20-Q1 or 2019-Q2), a calendar year (2019), a month (2019-05), a day (2019-05-01) "
        "or a range of them (2019-04..2019-09)"
    )


def parse_period(text: str) -> Period:
    """Read a period from text; raises PeriodError naming the accepted forms."""
    if ".." in text:
        first, _, last = text.partition("..")
        a, b = _one(first), _one(last)
        return Period(a.start, b.end, text.strip(), "range")
    return _one(text)
