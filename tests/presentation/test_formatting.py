"""Numbers and dates as GOV.UK pages write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from parity.presentation import formatting as f


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (305071, "305,071"), (1234567.4, "1,234,567"), (-2500, "-2,500")],
)
def test_numbers_have_thousands_separators(value: float, text: str) -> None:
    assert f.number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.345, "12.3"), (0.05, "0.1"), (0.25, "0.3"), (2.25, "2.3"), (1999.95, "2,000.0"), (Decimal("3.15"), "3.2")],
)
def test_rates_and_ratios_round_half_away_from_zero_to_one_place(value: float, text: str) -> None:
    assert f.rate(value) == text
    assert f.ratio(value) == text


def test_suppressed_values_say_not_published_never_zero() -> None:
    assert f.number(None) == "not published"
    assert f.rate(None) == "not published"
    assert f.ratio(3.2, suppressed=True) == "not published"
    assert f.percent(None) == "not published"
    assert f.proportion(0.5, suppressed=True) == "not published"


def test_percent_takes_points_and_proportion_takes_a_share() -> None:
    assert f.percent(12.34) == "12.3%"
    assert f.proportion(0.27728) == "27.7%"
    assert f.proportion(1) == "100.0%"


def test_dates_follow_the_govuk_style_guide() -> None:
    assert f.govuk_date(dt.date(2026, 11, 1)) == "1 November 2026"
    london = ZoneInfo("Europe/London")
    summer = dt.datetime(2021, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in London
    assert f.govuk_date(summer) == "1 July 2021"
    assert f.govuk_datetime(summer) == "1 July 2021 at 12:30am"
    assert f.govuk_time(dt.datetime(2026, 1, 5, 12, 0, tzinfo=london)) == "midday"
    assert f.govuk_time(dt.datetime(2026, 1, 5, 0, 0, tzinfo=london)) == "midnight"
    assert f.govuk_time(dt.time(14, 5)) == "2:05pm"
    assert f.govuk_date(None) == ""


def test_months_and_spans() -> None:
    assert f.month("2019-01") == "January 2019"
    assert f.month(dt.date(2021, 11, 30)) == "November 2021"
    assert f.month_span("2019-01", "2021-11") == "January 2019 to November 2021"
    assert f.month_span("2020-03", "2020-03") == "March 2020"


def test_counted_nouns_agree_with_their_count() -> None:
    assert f.counted(1, "case") == "1 case"
    assert f.counted(2, "case") == "2 cases"
    assert f.counted(1234, "section 163 stop") == "1,234 section 163 stops"
    assert f.counted(1, "power used", "powers used") == "1 power used"
    assert f.counted(0, "power used", "powers used") == "0 powers used"
