"""The public arrests pages and their downloads: England and Wales, a force's arrests and stage
table, CSV and JSON from the same result objects, small numbers protected everywhere."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from parity.justice import example
from parity.justice.importing import arrests, counts
from parity.justice.statistics import force_stages
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db
TABLES = SHARED / "home-office" / "arrests" / "arrest-police-powers-procedures-mar19-hosb2519-tables.ods"
EFF = SHARED / "reference" / "ethnicity-facts-figures" / "criminal-justice"


@pytest.fixture
def held(tmp_path: Path) -> None:
    kent = example.write(tmp_path / "kent.csv", example.rows("kent", n=800, seed=5))
    few = [r for r in example.rows("essex", n=300, seed=6) if r[3] != "B2"]
    few += [
        ["essex", f"FEW-{i}", f"q{i:05d}", "B2", "18-24", "male", "robbery", "2019-06-01", "caution", ""]
        for i in range(3)
    ]
    report = arrests.ingest([TABLES, kent, example.write(tmp_path / "essex.csv", few)])
    assert not report.refused
    assert not counts.ingest([EFF / "eff-prosecutions-and-convictions-by-pfa-2009-2017.csv"]).refused


def test_the_national_page_shows_the_home_office_rates_and_the_forces(client: CheckedClient, held: None) -> None:
    response = client.get("/arrests")
    assert response.status_code == 200
    page = text(response.page)
    assert "England and Wales, 2018/19" in page and "32.3" in page  # Black arrests per 1,000, as published
    assert "Avon and Somerset" in page and "Kent" in page


def test_a_force_page_has_its_arrests_and_stage_table(client: CheckedClient, held: None) -> None:
    page = text(client.get("/forces/kent/arrests?period=2019/20").page)
    assert "Charge or summons" in page and "Out-of-court disposal" in page and "For every 100 White people" in page
    published = text(client.get("/forces/west-midlands/arrests?period=2018/19").page)
    assert "4,677" in published  # Black arrests in West Midlands, 2018/19, as the Home Office published them
    assert client.get("/forces/west-midlands/arrests?period=1999/00").status_code == 404
    assert client.get("/forces/not-a-force/arrests").status_code == 404


def test_downloads_are_the_result_objects_with_small_counts_hidden(client: CheckedClient, held: None) -> None:
    response = client.get("/forces/kent/arrests/stages.csv?period=2019/20")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    table = force_stages("kent", "2019/20")
    assert len(rows) == sum(len(r.cells) for r in table.rows)
    black = next(r for r in rows if r["stage"] == "charge" and r["group"] == "Black")
    cell = table.row("charge").cell("black")
    assert black["index"] == repr(cell.index) and black["people"] == str(cell.count)
    data = json.loads(client.get("/forces/kent/arrests/stages.json?period=2019/20").content)
    assert data == json.loads(json.dumps(table.as_dict()))
    arrests_csv = list(
        csv.DictReader(io.StringIO(client.get("/forces/kent/arrests/arrests.csv?period=2019/20").content.decode()))
    )
    assert all(r["arrests"] for r in arrests_csv if r["suppressed"] == "false")
    got = client.get("/forces/essex/arrests/arrests.csv?period=2019/20")
    assert got.status_code == 200, got.content
    few = csv.DictReader(io.StringIO(got.content.decode()))
    black = next(r for r in few if r["group"] == "Black")
    assert (black["suppressed"], black["arrests"], black["ratio"]) == ("true", "", "")  # 3 arrests: never shown
    shown = client.get("/forces/essex/arrests?period=2019/20").page.find("table")
    assert shown is not None
    row = next(tr for tr in shown.find_all("tr") if text(tr.find("th")) == "Black")
    assert text(row.find("td")) == "not published"
    national = json.loads(client.get("/arrests.json?period=2017/18").content)
    assert [g["count"] for g in national["groups"]] == [485885, 64670, 45603, 23137, 10810]
    assert client.get("/arrests.csv").status_code == 400
    assert client.get("/forces/kent/arrests/nothing.csv").status_code == 404


def test_the_api_gives_the_same_figures(client: CheckedClient, held: None) -> None:
    from parity.justice.statistics import force_arrests

    answer = client.get("/api/justice/arrests/west-midlands?period=2018/19")
    assert answer.status_code == 200
    assert answer.json() == json.loads(json.dumps(force_arrests("west-midlands", "2018/19").as_dict()))
    stages = client.get("/api/justice/stages/kent?period=2019/20").json()
    assert [s["stage"] for s in stages["stages"]] == ["arrest", "charge", "out_of_court"]
    assert client.get("/api/justice/arrests/kent?period=2001/02").status_code == 404
    assert client.get("/api/justice/arrests?period=not-a-year").status_code in {400, 422}


def test_out_of_court_disposal_against_charge_children_apart(client: CheckedClient, held: None) -> None:
    from parity.justice.statistics import force_disposal_split

    split = force_disposal_split("kent", "2019/20")
    page = client.get("/forces/kent/arrests?period=2019/20").page
    section = text(page)
    assert "Out-of-court disposal against charge, children apart" in section
    assert "Children (10 to 17)" in section and "Adults (18 and over)" in section
    rows = list(
        csv.DictReader(io.StringIO(client.get("/forces/kent/arrests/disposals.csv?period=2019/20").content.decode()))
    )
    assert len(rows) == sum(len(t.rows[0].cells) for _, t in split.ages)
    child = next(r for r in rows if r["age"] == "children" and r["group"] == "Black")
    cell = dict(split.ages)["children"].rows[0].cell("black")
    assert child["out_of_court"] == ("" if cell.suppressed else str(cell.count))
    assert child["index"] == ("" if cell.index is None else repr(cell.index))
    data = json.loads(client.get("/forces/kent/arrests/disposals.json?period=2019/20").content)
    assert data == json.loads(json.dumps(split.as_dict()))
    assert client.get("/api/justice/disposals/kent?period=2019/20").json() == data
    # the Home Office tables hold no ages, so a force with only those says why, on the page and in the API
    west = text(client.get("/forces/west-midlands/arrests?period=2018/19").page)
    assert "needs a force's own records" in west
    assert client.get("/api/justice/disposals/west-midlands?period=2018/19").status_code == 404
    assert client.get("/forces/west-midlands/arrests/disposals.csv?period=2018/19").status_code == 404


def test_open_data_lists_the_arrests_downloads_that_exist(client: CheckedClient, held: None) -> None:
    page = client.get("/open-data").page
    links = [a["href"] for a in page.select("#arrests ~ p a, #arrests ~ ul a")]
    assert "/arrests.csv?period=2018/19" in links and "/arrests.json?period=2017/18" in links
    assert "/forces/kent/arrests/disposals.csv?period=2019/20" in links
    assert "/forces/west-midlands/arrests/stages.json?period=2018/19" in links
    assert not any(h.startswith("/forces/west-midlands/arrests/disposals") for h in links)  # no records of its own
    for href in [h for h in links if ".csv" in h or ".json" in h]:
        if "/forces/" in href and not href.startswith(("/forces/kent/", "/forces/west-midlands/")):
            continue
        assert client.get(href).status_code == 200, href
