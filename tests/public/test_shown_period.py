"""Every force shows what can be shown: a force with no complete financial year opens on
the latest complete period on the public grid, says why, and its data-quality notes are
sentences. The shared data's Metropolitan Police holds January and February 2019 and June to
October 2021 only: no financial year, no calendar year, no twelve months in a row."""

from __future__ import annotations

import datetime as dt

import pytest

from parity.analysis.grid import on_grid
from parity.analysis.period import parse_period
from parity.presentation.formatting import month, ratio
from parity.public import figures
from parity.public.figures import data_age, shown_period
from parity.public.query import Choice
from tests.pagecheck import CheckedClient, text


def months(first: str, last: str) -> list[str]:
    start, end = int(first[:4]) * 12 + int(first[5:]) - 1, int(last[:4]) * 12 + int(last[5:]) - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(start, end + 1)]


@pytest.mark.parametrize(
    ("held", "period", "label"),
    [
        (months("2019-04", "2020-05"), "2019/20", "the financial year 2019/20"),
        (months("2019-06", "2020-08"), "2019-09..2020-08", "September 2019 to August 2020"),
        (months("2019-01", "2019-02") + months("2021-06", "2021-10"), "2021-Q3", "July to September 2021"),
        (months("2021-04", "2021-08"), "2021-Q2", "April to June 2021"),
        (["2021-07", "2021-08"], "2021-08", "August 2021"),
    ],
)
def test_the_period_shown_first_is_the_latest_complete_one_on_the_grid(
    held: list[str], period: str, label: str
) -> None:
    shown = shown_period(held, "Kent Police")
    assert shown is not None
    assert (shown.period, shown.label) == (period, label)
    assert on_grid(parse_period(shown.period))
    assert all(m in held for m in parse_period(shown.period).months)
    if period.count("/") == 1 and "-" not in period:
        assert shown.why is None
    else:
        assert shown.why and shown.why.startswith("No financial year (April to March) is complete for Kent Police")
        assert label in shown.why


def test_nothing_held_shows_nothing() -> None:
    assert shown_period([], "Kent Police") is None


@pytest.mark.django_db
def test_the_met_shows_a_figure_and_says_why_it_is_a_quarter(client: CheckedClient, loaded: object) -> None:
    page = client.get("/forces/metropolitan").page
    assert "Stop and search in July to September 2021" in text(page.select_one("#headline"))
    assert "latest complete quarter, July to September 2021" in text(page.select_one("#why-period"))
    black = figures.rates("metropolitan", Choice(period="2021-Q3")).group("Black")
    assert black.ratio is not None
    assert text(page.select_one(".parity-headline__figure")) == f"{ratio(black.ratio)} times"
    quality = text(page.select_one("#quality + ul"))
    assert "No records were published from March 2019 to May 2021." in quality
    assert "months missing" not in text(page)
    detail = client.get("/forces/metropolitan/stop-and-search").page
    assert detail.select_one("select#id_period option[selected]")["value"] == "2021-Q3"
    home = client.get("/").page
    assert "in July to September 2021" in text(home)


@pytest.mark.parametrize(
    ("last", "today", "said"),
    [
        ("2026-10", dt.date(2026, 12, 4), "The latest records are from October 2026."),
        ("2026-07", dt.date(2026, 12, 4), "The latest records are from July 2026. That is 5 months ago"),
        ("2021-11", dt.date(2026, 12, 4), "The latest records are from November 2021. That is over 5 years ago"),
        ("2025-11", dt.date(2026, 12, 4), "The latest records are from November 2025. That is over 1 year ago"),
    ],
)
def test_the_age_of_the_data_is_plain(last: str, today: dt.date, said: str) -> None:
    sentence = data_age(last, today)
    assert sentence.startswith(said)
    assert ("may not describe stop and search today" in sentence) == ("ago" in said)


@pytest.mark.django_db
def test_every_public_figure_page_says_when_the_latest_month_held_is(client: CheckedClient, loaded: object) -> None:
    newest = max(f.last for f in figures.forces_held())
    met = figures.force_held("metropolitan")
    for address, last in [
        ("/", newest),
        ("/compare", newest),
        ("/forces/metropolitan", met.last),
        ("/forces/metropolitan/stop-and-search", met.last),
    ]:
        age = text(client.get(address).page.select_one("#data-age"))
        assert age.startswith(f"The latest records are from {month(last)}."), address
        assert "ago: nothing since then is held" in age, f"{address}: the shared data is years old"
