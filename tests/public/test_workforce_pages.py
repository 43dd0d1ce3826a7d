"""The public workforce pages, downloads and API: open to everyone, figures from the Home
Office files reproduced, small numbers never published."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from parity.analysis.rules import Rules
from parity.powers.importing.spreadsheets import read_sheet
from parity.presentation.formatting import proportion
from parity.reference.models import Population
from parity.workforce.importing.home_office import ingest
from parity.workforce.models import Headcount, WorkforceTotal, WorkforceUnit
from tests import attacker
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld

WORKFORCE = SHARED / "home-office" / "police-workforce"
RANKS = WORKFORCE / "officers-by-rank-ethnicity-2003-2006.csv"
TABLE = WORKFORCE / "open-data-table-police-workforce-260723.ods"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def held(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Officers of every rank by ethnicity (2003-2006) and the headcount table, once for the module."""
    with django_db_blocker.unblock():
        report = ingest([RANKS, TABLE])
        assert not report.refused
    yield
    with django_db_blocker.unblock():
        WorkforceTotal.objects.all().delete()
        Headcount.objects.all().delete()
        WorkforceUnit.objects.all().delete()


PAGES = RoleTable(
    routes={
        "national": "/workforce",
        "force": "/forces/west-midlands/workforce",
        "csv": "/forces/west-midlands/workforce/representation.csv",
        "all-forces": "/workforce/all-forces.json",
        "api": "/api/workforce/forces/west-midlands",
    },
    table="""
        persona        national  force  csv  all-forces  api
        anonymous      200       200    200  200         200
        no-role        200       200    200  200         200
        panel-member   200       200    200  200         200
        analyst        200       200    200  200         200
    """,
)


@PAGES.parametrize
def test_the_workforce_pages_need_no_sign_in(case: Case, role_world: RoleWorld, held: None) -> None:
    case.check(role_world)


def _file_counts(force: str, year: str) -> Counter[str]:
    """Officers by Home Office broad category, read straight from the file."""
    counts: Counter[str] = Counter()
    with RANKS.open(newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            if row["Force Name"] == force and row["As at 31 March..."] == year:
                n = row["Total (headcount)"].strip().replace(",", "")
                counts[row["Ethnicity"]] += 0 if n == "-" else int(n)
    return counts


def test_the_force_page_gives_the_people_needed_to_match_the_area(client: CheckedClient, held: None) -> None:
    """West Midlands, 31 March 2006: Black officers needed = the census share of everyone who
    stated an ethnicity, rounded, less the Black officers counted in the file."""
    counts = _file_counts("West Midlands", "2006")
    stated = sum(n for category, n in counts.items() if category != "Not stated")
    black = counts["Black or Black British"]
    residents = dict(
        Population.objects.filter(census_year=2011, force__slug="west-midlands", classification="5+1").values_list(
            "group", "population"
        )
    )
    share = residents["black"] / sum(v for k, v in residents.items() if k != "not_stated")
    expected = math.floor(share * stated + 0.5) - black
    assert stated > 8000 and black > 100 and expected > 0
    page = client.get("/forces/west-midlands/workforce").page
    table = page.select_one("#officers-table")
    assert table is not None
    row = next(tr for tr in table.select("tbody tr") if text(tr.select_one("th")) == "Black")
    cells = [text(td) for td in row.select("td")]
    assert cells[0] == f"{black:,}" and cells[-1] == f"{expected:,} more"
    assert f"{expected:,} more Black officers" in text(page)
    # the methodology, the national page and the downloads are linked
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"/workforce", "/methodology/workforce-representation", "/methodology/workforce-headcount"} <= hrefs


def test_the_uplift_is_read_from_the_headcount_table(client: CheckedClient, held: None) -> None:
    rows = read_sheet(TABLE, "Data")
    officers = {
        year: sum(
            int(float(str(r[7])))
            for r in rows[1:]
            if r[2] == "West Midlands" and r[6] == "Police Officer" and r[0] == float(year)
        )
        for year in (2019, 2023)
    }
    more = officers[2023] - officers[2019]
    assert more > 0
    page = client.get("/forces/west-midlands/workforce").page
    assert f"rose by {more:,} ({proportion(more / officers[2019])})" in text(page)
    data = json.loads(client.get("/forces/west-midlands/workforce/headcount.json").content)
    assert data["uplift"]["officers_more"] == more and data["uplift"]["from_year"] == 2019


def test_small_numbers_are_never_published_in_the_downloads(client: CheckedClient, held: None) -> None:
    """Rank x group cells are small: every published headcount is 0 or at least 5, and a hidden
    cell is empty (not 0) and says so."""
    body = client.get("/forces/west-midlands/workforce/representation.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["table"] for r in rows} >= {"officers", "by-rank", "trend"}
    published = [int(r["headcount"]) for r in rows if r["headcount"]]
    assert published and not [n for n in published if 0 < n < 5]
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden and all(r["headcount"] == "" and r["representation_ratio"] == "" for r in hidden)
    chief = [r for r in rows if r["rank"] == "Chief Officer"]
    assert chief and all(r["suppressed"] == "true" or r["headcount"] in {"0", ""} for r in chief)


def test_the_national_page_puts_every_force_side_by_side(client: CheckedClient, held: None) -> None:
    data = json.loads(client.get("/workforce/all-forces.json?year=2005").content)
    assert data["as_at"] == "2005-03-31" and data["years_held"] == [2003, 2004, 2005, 2006]
    assert len(data["forces"]) == 43  # the 43 forces of England and Wales (no British Transport Police)
    api = json.loads(client.get("/api/workforce/national?year=2005").content)
    assert api == data
    west = next(f for f in data["forces"] if f["force"] == "west-midlands")
    counts = _file_counts("West Midlands", "2005")
    stated = sum(n for category, n in counts.items() if category != "Not stated")
    black = next(g for g in west["groups"] if g["group"] == "Black")
    assert black["headcount"] == counts["Black or Black British"]
    assert black["share"] == pytest.approx(counts["Black or Black British"] / stated, abs=1e-15)
    page = client.get("/workforce?group=black&year=2005").page
    table = page.select_one("#all-groups")
    assert table is not None
    names = [text(tr.select_one("th")) for tr in table.select("tbody tr")]
    assert names == sorted(names) and "West Midlands" in names
    chart_rows = page.select("#national-chart table tbody tr")
    assert len(chart_rows) == 43


def test_a_year_not_held_is_refused_plainly(client: CheckedClient, held: None) -> None:
    response = client.get("/workforce/all-forces.json?year=1999")
    assert response.status_code == 404
    assert "years held: 2003, 2004, 2005, 2006" in json.loads(response.content)["detail"]
    assert client.get("/workforce/all-forces.csv?year=soon").status_code == 400
    assert client.get("/forces/atlantis/workforce").status_code == 404
    assert client.get("/api/workforce/national?year=1999").status_code == 404


def _representation_table(data: dict[str, Any]) -> attacker.Published:
    """What a force's workforce download publishes for its latest year: the officers' table and
    each rank's, where the ranks add up to the whole, group by group."""
    table = attacker.Published("workforce by rank")
    keys = ["stated", "not_stated"]
    for name, rep in [("whole", data["officers"]), *((r["rank"], r) for r in data["by_rank"])]:
        groups = [g["group"] for g in rep["groups"]]
        for g in rep["groups"]:
            table.cell((name, g["group"]), g["headcount"])
        table.cell((name, "stated"), rep["stated"])
        table.cell((name, "not_stated"), rep["not_stated"])
        table.line((name, "stated"), [(name, g) for g in groups])
        keys = [*groups, "stated", "not_stated"]
    ranks = [r["rank"] for r in data["by_rank"]]
    for key in keys:
        table.line(("whole", key), [(r, key) for r in ranks])
    return table


def test_no_hidden_rank_count_can_be_worked_out_from_the_whole(client: CheckedClient, held: None) -> None:
    """West Midlands, 31 March 2006: rank by rank some groups are 1 to 4 officers; with the
    whole force's table beside them, an attacker still pins none of them down."""
    data = json.loads(client.get("/forces/west-midlands/workforce/representation.json").content)
    assert data["officers"]["as_at"] == data["by_rank"][0]["as_at"] == "2006-03-31"
    published = _representation_table(data)
    assert published.hidden
    assert attacker.recovered(published, Rules().disclosure_threshold) == []
    assert data["officers"] == json.loads(client.get("/api/workforce/forces/west-midlands").content)["officers"]


def test_the_open_data_page_and_the_api_index_list_the_workforce_tables(client: CheckedClient, held: None) -> None:
    page = client.get("/open-data").page
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"/workforce/all-forces.csv", "/workforce/all-forces.json"} <= hrefs
    assert "/forces/FORCE/workforce/representation.csv" in text(page)
    index = {e["path"]: e for e in json.loads(client.get("/api/").content)["endpoints"]}
    for path in ("/api/workforce/forces/{force}", "/api/workforce/forces/{force}/headcount", "/api/workforce/national"):
        assert index[path]["open"] is True
    assert index["/api/hr/forces/{force}/dashboard"]["open"] is False  # the force's own figures need a sign-in
