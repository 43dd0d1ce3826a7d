"""The public use-of-force pages, downloads and API: the figures of the result objects, small
numbers not published anywhere, the fictional records saying so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from parity import safe_csv
from parity.powers.use_of_force.example import example_rows
from parity.powers.use_of_force.ingest import ingest
from parity.powers.use_of_force.statistics import force_rates
from parity.public import downloads
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db
TABLE_2019 = SHARED / "home-office" / "use-of-force" / "cleaned-by-ethnicity-force" / "april2019-march2020.csv"


@pytest.fixture
def held(loaded: object, tmp_path: Path) -> None:
    """The Home Office 2019/20 table and a fictional Kent export."""
    path = tmp_path / "kent.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(example_rows("Kent", "2019/20", reports=400, seed=3))
    report = ingest([TABLE_2019, path])
    assert not report.refused


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_the_national_page_shows_every_force_with_small_numbers_not_published(
    client: CheckedClient, held: None
) -> None:
    response = client.get("/use-of-force")
    assert response.status_code == 200
    page = text(response.page)
    assert "England and Wales" in page and "2019/20" in page and "not published" in page
    assert 'href="/forces/metropolitan/use-of-force"' in response.content.decode()
    rows = _csv(client.get("/use-of-force/all-forces.csv?period=2019/20").content)
    assert len(rows) == 44 * 5 and set(rows[0]) == set(downloads.COLUMNS["use-of-force"])
    north_wales = {r["group"]: r for r in rows if r["force"] == "north-wales"}
    assert north_wales["Black"]["suppressed"] == "true" and north_wales["Black"]["count"] == ""  # 12, hidden beside 1
    assert client.get("/use-of-force?period=2016/17").status_code == 404


def test_a_forces_page_has_the_home_office_figures_and_its_records(client: CheckedClient, held: None) -> None:
    response = client.get("/forces/kent/use-of-force")
    assert response.status_code == 200
    page = text(response.page)
    assert "Home Office figures, 2019/20" in page and "From the force's own records, 2019/20" in page
    assert "Taser fired or drive-stun" in page and "fictional" in page
    result = force_rates("kent", "2019/20", source="home-office")
    black = result.group("Black")
    assert black.searches is not None and f"{black.searches:,}" in page
    assert client.get("/forces/nowhere/use-of-force").status_code == 404
    assert client.get("/forces/bedfordshire/use-of-force").status_code == 200  # in the table, no records


def test_downloads_and_api_are_the_result_objects(client: CheckedClient, held: None) -> None:
    result = force_rates("kent", "2019/20", source="records")
    answer = client.get("/forces/kent/use-of-force/records.json")
    assert answer.status_code == 200 and json.loads(answer.content) == json.loads(json.dumps(result.as_dict()))
    api = client.get("/api/use-of-force/kent/records?period=2019/20")
    assert api.status_code == 200 and json.loads(api.content) == json.loads(answer.content)
    shares = _csv(client.get("/forces/kent/use-of-force/shares.csv").content)
    assert {r["measure"] for r in shares} >= {"taser-discharge", "spit-guard", "child", "injured"}
    assert all(r["count"] == "" for r in shares if r["suppressed"] == "true")
    every = {c for kind in ("use-of-force", "use-of-force-shares") for c in downloads.COLUMNS[kind]}
    assert every <= set(downloads.DICTIONARY)
    assert client.get("/api/use-of-force/bedfordshire/records").status_code == 404
    national = json.loads(client.get("/api/use-of-force/all-forces").content)
    assert national["period"] == "2019/20" and national["items"][0]["force"] == "england-and-wales"


def test_open_data_lists_the_use_of_force_downloads_and_the_force_page_links_here(
    client: CheckedClient, held: None
) -> None:
    from parity.justice.importing import counts

    eff = SHARED / "reference" / "ethnicity-facts-figures" / "criminal-justice"
    assert not counts.ingest([eff / "eff-prosecutions-and-convictions-by-pfa-2009-2017.csv"]).refused
    page = client.get("/open-data").page
    links = [a["href"] for a in page.select("#use-of-force ~ p a, #use-of-force ~ ul a")]
    assert "/use-of-force/all-forces.csv?period=2019/20" in links
    assert "/forces/kent/use-of-force/records.csv" in links and "/forces/kent/use-of-force/shares.json" in links
    assert "/forces/north-wales/use-of-force/rates.csv" in links
    assert "/forces/north-wales/use-of-force/records.csv" not in links  # no records of its own: no dead link
    for href in [h for h in links if "/use-of-force" in h][:8]:
        assert client.get(href).status_code == 200, href
    # a force's page links to its use-of-force page and its arrests page (here, its court stages)
    force = client.get("/forces/wiltshire").page
    assert force.select_one('a[href="/forces/wiltshire/use-of-force"]') is not None
    assert force.select_one('a[href="/forces/wiltshire/arrests"]') is not None
    # and the site's menu has both
    menu = [text(a) for a in force.select("header nav a")]
    assert "Use of force" in menu and "Arrests" in menu
