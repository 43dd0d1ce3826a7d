"""Periods: every accepted form, the errors, and the year before."""

from __future__ import annotations

from datetime import date

import pytest

from parity.analysis.period import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "months", "fy"),
    [
        ("2019/20", date(2019, 4, 1), date(2020, 3, 31), 12, "2019/20"),
        ("2019/20-Q1", date(2019, 4, 1), date(2019, 6, 30), 3, "2019/20"),
        ("2019/20-Q4", date(2020, 1, 1), date(2020, 3, 31), 3, "2019/20"),
        ("2020", date(2020, 1, 1), date(2020, 12, 31), 12, "2020/21"),
        ("2020-Q1", date(2020, 1, 1), date(2020, 3, 31), 3, "2019/20"),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), 1, "2019/20"),
        ("2020-02-29", date(2020, 2, 29), date(2020, 2, 29), 1, "2019/20"),
        ("2019-04..2019-09", date(2019, 4, 1), date(2019, 9, 30), 6, "2019/20"),
        ("2019/20..2020/21", date(2019, 4, 1), date(2021, 3, 31), 24, "2020/21"),
    ],
)
def test_forms(text: str, start: date, end: date, months: int, fy: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, len(period.months), period.financial_year) == (start, end, months, fy)


@pytest.mark.parametrize(
    ("text", "previous", "end"),
    [
        ("2019/20", "2018/19", date(2019, 3, 31)),
        ("2019/20-Q4", "2018/19-Q4", date(2019, 3, 31)),
        ("2020-02", "2019-02", date(2019, 2, 28)),
        ("2019/20..2020/21", "2018/19..2019/20", date(2020, 3, 31)),
    ],
)
def test_the_previous_year(text: str, previous: str, end: date) -> None:
    earlier = parse_period(text).shifted_years(-1)
    assert (earlier.label, earlier.end) == (previous, end)


def test_february_keeps_its_last_day_a_year_on() -> None:
    assert parse_period("2019-02").shifted_years(1).end == date(2020, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019/21", "not a financial year"),
        ("2019-13", "not a real date"),
        ("last year", "not a period Parity understands"),
        ("2020..2019", "ends"),
    ],
)
def test_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        parse_period(text)
