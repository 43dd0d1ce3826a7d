"""The public victims' and complaints pages: a force's figures for a whole quarter, with a chart
and its table twin for every share, CSV and JSON downloads and the API from the same result
objects, small numbers protected everywhere, and the fictional label wherever made-up records
show."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from parity.public import downloads
from parity.reference.models import Force
from parity.victims import example
from parity.victims.importing.detect import ingest
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld
from tests.victims.extracts import allegation, victim, write, write_complaints

pytestmark = pytest.mark.django_db
PAGE = "/forces/kent/victims-and-complaints"
SURVEY_TABLE = SHARED / "reference" / "ethnicity-facts-figures" / "victims" / "eff-victims-of-crime-data.csv"


def _victims(month: int, n: int, start: int, *, on_time: bool, **fields: str) -> list[dict[str, str]]:
    """n victims reported on the 2nd of a 2024 month, first update due on the 9th, made on the
    8th if on time, never if not."""
    made = {"first_update_made": f"2024-{month:02d}-08", "updates_made": "1"} if on_time else {}
    return [
        victim(f"KT/{start + i}", f"2024-{month:02d}-02", first_update_due=f"2024-{month:02d}-09", updates_due="1",
               **made, **fields)
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def kent(tmp_path: Path) -> None:
    """Kent, 2024-Q1 (every month held): 15 White victims, 10 updated on time; 11 Asian victims,
    6 on time; 3 Black victims (too few to publish, so Asian victims' figures are hidden too, or
    Black victims' would follow from the total); and 13 complaints. April alone of 2024-Q2 is held."""
    rows = _victims(1, 10, 0, on_time=True) + _victims(2, 5, 100, on_time=False)
    rows += _victims(2, 6, 200, on_time=True, self_defined_ethnicity="A1")
    rows += _victims(3, 5, 300, on_time=False, self_defined_ethnicity="A1")
    rows += _victims(3, 3, 400, on_time=False, self_defined_ethnicity="B1") + _victims(4, 2, 500, on_time=False)
    complaints = [
        allegation(f"CO/{i}", 1, f"2024-0{1 + i % 3}-05", allegation_result="upheld" if i < 5 else "not-upheld",
                   finalised_date=f"2024-0{1 + i % 3}-25")
        for i in range(12)
    ] + [allegation("CO/99", 1, "2024-04-05")]  # fmt: skip
    report = ingest([write(tmp_path / "v.csv", rows), write_complaints(tmp_path / "c.csv", complaints)])
    assert not report.refused, report


PAGES = RoleTable(
    routes={
        "index": "/victims-and-complaints",
        "force": PAGE,
        "csv": f"{PAGE}/victims.csv?quarter=2024-Q1",
        "json": f"{PAGE}/complaints.json?quarter=2024-Q1",
        "api": "/api/victims-and-complaints/forces/kent/victims?quarter=2024-Q1",
        "forces": "/api/victims-and-complaints/forces",
    },
    table="""
        persona              index  force  csv  json  api  forces
        anonymous            200    200    200  200   200  200
        no-role              200    200    200  200   200  200
        panel-member         200    200    200  200   200  200
        analyst              200    200    200  200   200  200
        analyst@other-force  200    200    200  200   200  200
        officer              200    200    200  200   200  200
    """,
)


@PAGES.parametrize
def test_the_public_victims_pages_need_no_sign_in(case: Case, role_world: RoleWorld, kent: None) -> None:
    case.check(role_world)


def test_a_quarter_shows_each_share_as_a_chart_and_its_table_small_numbers_unpublished(
    client: CheckedClient, kent: None
) -> None:
    response = client.get(f"{PAGE}?quarter=2024-Q1")
    assert response.status_code == 200
    page = response.page
    assert "fictional" not in text(page.select_one("main")).lower()
    chart = page.select_one("#chart-victims-kept-informed-on-time")
    assert chart is not None and chart.select_one("svg") is not None
    twin = {text(r.select_one("th")): [text(c) for c in r.select("td")] for r in chart.select("tbody tr")}
    assert twin["White (reference)"][0] == "66.7%"  # 10 of 15, by hand
    assert twin["Black"][0] == twin["Asian"][0] == "not published"  # 3 victims; 11, hidden beside them
    table = page.select_one("#table-chart-victims-kept-informed-on-time").find_parent("table")
    rows = {text(r.select_one("th")): [text(c) for c in r.select("td")] for r in table.select("tbody tr")}
    assert rows["White"][0] == "15" and rows["White"][1].startswith("66.7%")
    assert rows["Black"][:2] == rows["Asian"][:2] == ["not published", "not published"]
    assert rows["Everyone"][0] == "29" and rows["Everyone"][1].startswith("55.2%")  # 16 of 29
    # every chart on the page has its table twin
    for figure in page.select("figure.parity-chart"):
        assert figure.select_one("svg") and figure.select_one("table"), figure.get("id")
    assert len(page.select("figure.parity-chart")) == 3 + 5 + 3
    assert "Allegations upheld, of those decided" in text(page)
    options = [o.get("value") for o in page.select("#quarter option")]
    assert options == ["2024-Q2", "2024-Q1"]


def test_the_newest_quarter_is_shown_and_a_part_with_a_month_missing_says_so(client: CheckedClient, kent: None) -> None:
    page = client.get(PAGE).page
    assert "2024-Q2" in text(page.select_one("#victims"))
    main = text(page.select_one("main"))
    assert "Months held in 2024-Q2: April 2024." in main
    assert page.select_one("figure.parity-chart") is None
    response = client.get("/forces/kent/victims-and-complaints/victims.csv?quarter=2024-Q2")
    assert response.status_code == 404 and b"three months" in response.content


@pytest.mark.parametrize(
    ("query", "status"),
    [("?quarter=2024/25", 404), ("?quarter=2024-06", 404), ("?quarter=2030-Q1", 404), ("?quarter=2023-Q4", 404)],
)
def test_only_quarters_held_and_ended_are_published(client: CheckedClient, kent: None, query: str, status: int) -> None:
    assert client.get(f"{PAGE}{query}").status_code == status
    assert client.get(f"/forces/kent/victims-and-complaints/victims.json{query}").status_code in {400, 404}


def test_a_force_with_nothing_held_has_no_page(client: CheckedClient, kent: None) -> None:
    assert client.get("/forces/essex/victims-and-complaints").status_code == 404
    assert client.get("/forces/nowhere/victims-and-complaints").status_code == 404


def test_the_downloads_and_the_api_give_the_same_protected_figures(client: CheckedClient, kent: None) -> None:
    body = client.get("/forces/kent/victims-and-complaints/victims.json?quarter=2024-Q1").json()
    api = client.get("/api/victims-and-complaints/forces/kent/victims?quarter=2024-Q1").json()
    assert body == api
    assert body["quarter"] == "2024-Q1" and body["fictional"] is False and body["period_end"] == "2024-03-31"
    measure = body["victims"]["records"][0]
    groups = {g["group"]: g for g in measure["groups"]}
    assert (groups["white"]["count"], groups["white"]["denominator"]) == (10, 15)
    assert groups["black"]["suppressed"] is True and groups["black"]["denominator"] is None
    response = client.get("/forces/kent/victims-and-complaints/victims.csv?quarter=2024-Q1")
    assert response["Content-Disposition"] == 'attachment; filename="kent-victims-2024-Q1.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert set(rows[0]) == set(downloads.COLUMNS["victims"]) <= set(downloads.DICTIONARY)
    white = next(r for r in rows if r["measure"] == "kept_informed_on_time" and r["group"] == "white")
    black = next(r for r in rows if r["measure"] == "kept_informed_on_time" and r["group"] == "black")
    assert (white["count"], white["denominator"], white["share"]) == ("10", "15", str(10 / 15))
    assert (black["count"], black["denominator"], black["suppressed"]) == ("", "", "true")
    assert {r["table"] for r in rows} == {"records", "days_to_first_update", "satisfaction", "hate_crime"}
    complaints = client.get("/api/victims-and-complaints/forces/kent/complaints?quarter=2024-Q1").json()
    upheld = {g["group"]: g for g in complaints["complaints"]["shares"][1]["groups"]}
    assert (upheld["white"]["count"], upheld["white"]["denominator"]) == (5, 12)
    listed = client.get("/api/victims-and-complaints/forces").json()
    kent_listed = {"force": "kent", "force_name": "Kent", "latest_quarter": "2024-Q2", "fictional": False}
    assert listed["items"] == [kent_listed] and listed["count"] == 1
    assert client.get("/api/victims-and-complaints/forces/kent/victims?quarter=soon").status_code in {400, 422}
    paths = {e["path"] for e in client.get("/api/").json()["endpoints"] if e["open"]}
    assert "/api/victims-and-complaints/forces/{force}/{table}" in paths


def test_the_open_data_page_and_the_index_list_the_force(client: CheckedClient, kent: None) -> None:
    page = client.get("/open-data").page
    hrefs = {a.get("href") for a in page.select("#victims ~ ul a")}
    assert "/forces/kent/victims-and-complaints/victims.csv" in hrefs
    assert "/forces/kent/victims-and-complaints/complaints.json" in hrefs
    index = client.get("/victims-and-complaints").page
    assert index.select_one(f'main a[href="{PAGE}"]') is not None
    dictionary = text(client.get("/open-data/data-dictionary").page)
    assert "Victims by ethnic group, each quarter" in dictionary


def test_fictional_records_are_labelled_on_the_page_downloads_and_api(client: CheckedClient, tmp_path: Path) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    example.load(wiltshire, tmp_path, today=date(2025, 6, 30))
    page = client.get("/forces/wiltshire/victims-and-complaints").page
    assert "These figures are fictional" in text(page.select_one(".govuk-warning-text"))
    assert "fictional" in text(client.get("/victims-and-complaints").page.select_one("main"))
    assert client.get("/api/victims-and-complaints/forces/wiltshire/victims").json()["fictional"] is True
    rows = list(
        csv.DictReader(io.StringIO(client.get("/forces/wiltshire/victims-and-complaints/victims.csv").content.decode()))
    )
    assert rows and {r["fictional"] for r in rows} == {"true"}


def test_the_survey_shows_beside_the_force_figures_as_published(client: CheckedClient, kent: None) -> None:
    ingest([SURVEY_TABLE])
    page = client.get(PAGE).page
    table = page.select_one("#survey").find_parent("table")
    assert "2017/18, 2018/19 and 2019/20" in text(table.select_one("caption"))
    rows = {text(r.select_one("th")): [text(c) for c in r.select("td")] for r in table.select("tbody tr")}
    assert rows["White"] == ["2,469", "15.0% (13.3% to 16.7%)"]
    assert rows["Black/African/Caribbean/Black British"] == ["40", "withheld by the survey"]
    assert "not how the police treated them" in text(page.select_one("#survey-heading").find_next("p"))
