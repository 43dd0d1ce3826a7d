"""Source times are UTC; months, financial years and times of day are London's."""

from __future__ import annotations

import pytest

from parity.reference.calendar import financial_year_months, localise, localise_fields


@pytest.mark.parametrize(
    ("raw", "day", "month", "fy", "minute"),
    [
        # 00:30 BST on 1 April belongs to April and to the new financial year
        ("2020-03-31T23:30:00+00:00", "2020-04-01", "2020-04", "2020/21", 30),
        # midnight GMT in winter: no shift
        ("2020-01-01T00:00:00+00:00", "2020-01-01", "2020-01", "2019/20", 0),
        # the spring clock change, 01:00 UTC on 29 March 2020
        ("2020-03-29T00:59:00+00:00", "2020-03-29", "2020-03", "2019/20", 59),
        ("2020-03-29T01:00:00+00:00", "2020-03-29", "2020-03", "2019/20", 120),
        # the autumn change, 01:00 UTC on 25 October 2020
        ("2020-10-25T00:30:00+00:00", "2020-10-25", "2020-10", "2020/21", 90),
        ("2020-10-25T01:30:00+00:00", "2020-10-25", "2020-10", "2020/21", 90),
        # other spellings of UTC take the general path
        ("2020-03-31T23:30:00Z", "2020-04-01", "2020-04", "2020/21", 30),
        ("2020-07-01T12:00:00+01:00", "2020-07-01", "2020-07", "2020/21", 720),
    ],
)
def test_local_date_month_financial_year_and_minute(raw: str, day: str, month: str, fy: str, minute: int) -> None:
    assert localise_fields(raw)[1:] == (day, month, fy, minute)
    when = localise(raw)
    assert (when.local_date.isoformat(), when.local_month, when.financial_year, when.local_minute) == (
        day,
        month,
        fy,
        minute,
    )


@pytest.mark.parametrize(
    "raw",
    [
        "2020-13-01T00:00:00+00:00",
        "yesterday",
        "2020-01-01T00:61:00+00:00",
        "2020-01-01T00:5\u0663:00+00:00",  # an Arabic-Indic digit: str.isdigit says yes
    ],
)
def test_nonsense_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        localise_fields(raw)
    with pytest.raises(ValueError):
        localise(raw)


def test_financial_year_months() -> None:
    assert financial_year_months("2019/20") == [f"2019-{m:02d}" for m in range(4, 13)] + [
        "2020-01",
        "2020-02",
        "2020-03",
    ]
