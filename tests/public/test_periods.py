"""Public periods come from a fixed grid, and periods with nothing held are refused at once.

Two tables whose periods differ by a day give that day's counts by subtraction, however well
each is protected: the audit took 1 May from 1 to 31 May and got Asian 4, Black 1, White 3.
"""

from __future__ import annotations

import pytest

from parity.powers.statistics import AnalysisError, NoRecords
from parity.public.periods import public_period
from tests.pagecheck import CheckedClient, text

HELD = [f"2020-{m:02d}" for m in range(1, 13)] + [f"2021-{m:02d}" for m in range(1, 4)]


@pytest.mark.parametrize(
    ("asked", "start", "end"),
    [
        ("2020-05", "2020-05-01", "2020-05-31"),
        ("2020/21", "2020-04-01", "2021-03-31"),
        ("2020/21-Q2", "2020-07-01", "2020-09-30"),
        ("2020", "2020-01-01", "2020-12-31"),
        ("2020-Q2", "2020-04-01", "2020-06-30"),
        ("2020-06..2021-05", "2020-06-01", "2021-05-31"),  # twelve months ending at a month end
    ],
)
def test_the_grid_takes_months_quarters_years_and_rolling_years(asked: str, start: str, end: str) -> None:
    period = public_period(asked, HELD, "Wiltshire")
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "asked",
    [
        "2020-05-01",  # a day
        "2020-05-02..2020-05-31",  # a run of days
        "2020-05-01..2020-05-31",  # a month written as days: still not on the grid
        "2020-04..2020-05",  # two months: differenced with one month, it gives the other
        "2020-01..2021-03",  # fifteen months
        "0001-01..",  # half a range
        "someday",
    ],
)
def test_anything_off_the_grid_is_refused_with_the_reason(asked: str) -> None:
    with pytest.raises(AnalysisError, match="Choose a month") as refused:
        public_period(asked, HELD, "Wiltshire")
    assert not isinstance(refused.value, NoRecords)


@pytest.mark.parametrize("asked", ["9999-12", "0001-01", "9998/99", "2030"])
def test_a_period_with_no_month_held_is_refused_before_any_figure_is_made(asked: str) -> None:
    with pytest.raises(NoRecords, match="it holds months from 2020-01 to 2021-03"):
        public_period(asked, HELD, "Wiltshire")


def test_a_reader_cannot_difference_a_day_out_of_two_periods(client: CheckedClient, loaded: object) -> None:
    """The attack: figures for 1 May and for 2 to 31 May, each from the API, the downloads
    and the page. Every request for either is refused, so there is nothing to subtract."""
    whole = client.get("/api/stop-and-search/wiltshire/rates?period=2020-05")
    assert whole.status_code == 200
    for period in ("2020-05-01", "2020-05-02..2020-05-31"):
        api = client.get(f"/api/stop-and-search/wiltshire/rates?period={period}")
        assert api.status_code == 400 and api.json()["error"] == "bad-request"
        assert "not published for single days" in api.json()["detail"]
        csv = client.get(f"/forces/wiltshire/stop-and-search/rates.csv?period={period}")
        assert csv.status_code == 400 and b"not published for single days" in csv.content
        page = client.get(f"/forces/wiltshire/stop-and-search?period={period}")
        assert page.status_code == 400
        assert "not published for single days" in text(page.page.select_one(".govuk-error-summary"))


def test_far_periods_and_half_ranges_get_the_usual_errors(client: CheckedClient, loaded: object) -> None:
    half = client.get("/api/stop-and-search/wiltshire/trend?period=0001-01..")
    assert half.status_code == 400 and set(half.json()) == {"status", "error", "detail", "errors"}
    for period in ("0001-01", "9999-12"):
        for table in ("rates", "trend", "change"):
            far = client.get(f"/api/stop-and-search/wiltshire/{table}?period={period}")
            assert far.status_code == 404 and "no stop-and-search records are held" in far.json()["detail"]
    page = client.get("/forces/wiltshire/stop-and-search?period=9999-12")
    assert page.status_code == 400
    assert "No stop-and-search records are held for Wiltshire in 9999-12" in text(
        page.page.select_one(".govuk-error-summary")
    )


def test_every_period_a_reader_can_ask_for_is_listed_once_with_its_months() -> None:
    """What protection across periods must hold against: every period on the grid touching
    a month held, one per run of months (2020/21 and 2020-04..2021-03 are the same months)."""
    from parity.analysis.grid import every_period, on_grid

    periods = every_period(HELD)
    runs = [tuple(p.months) for p in periods]
    assert len(runs) == len(set(runs))
    assert all(on_grid(p) for p in periods)
    assert sum(len(r) == 1 for r in runs) == 15 and sum(len(r) == 3 for r in runs) == 5
    assert tuple(public_period("2020/21", HELD, "Wiltshire").months) in runs
    assert ("2021-03", *[f"2021-{m:02d}" for m in range(4, 12)], "2021-12", "2022-01", "2022-02") in runs
    assert all(set(r) & set(HELD) for r in runs)  # none without a month held
