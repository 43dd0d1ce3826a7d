"""Open data: every table as CSV and JSON, with the pages' filters and the same protection."""

from __future__ import annotations

import csv
import io
import json

import pytest

from parity.public import downloads, figures
from parity.public.query import Choice
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_rates_csv_matches_the_result_object_with_suppressed_counts_empty(
    client: CheckedClient, loaded: object
) -> None:
    response = client.get("/forces/wiltshire/stop-and-search/rates.csv?period=2020/21")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="wiltshire-rates-2020-21.csv"' in response["Content-Disposition"]
    rows = read_csv(response.content)
    table = figures.rates("wiltshire", Choice(period="2020/21"))
    by_group = {r["group"]: r for r in rows if r["section_label"] == "All"}
    assert list(by_group) == [g.group for g in table.groups] + ["All"]
    for g in table.groups:
        row = by_group[g.group]
        assert row["suppressed"] == ("true" if g.suppressed else "false")
        assert row["searches"] == ("" if g.searches is None else str(g.searches))
        assert row["ratio"] == ("" if g.ratio is None else repr(g.ratio))
        assert row["census_year"] == "2021" and row["period_label"] == "2020/21" and row["force"] == "wiltshire"
    assert any(r["suppressed"] == "true" and r["searches"] == "" for r in rows), "Wiltshire has suppressed cells"


def test_json_is_the_result_objects_as_dict(client: CheckedClient, loaded: object) -> None:
    response = client.get("/forces/wiltshire/stop-and-search/outcomes.json")
    assert response["Content-Type"] == "application/json"
    assert response.json() == json.loads(json.dumps(figures.outcomes("wiltshire", Choice(period="2020/21")).as_dict()))


@pytest.mark.parametrize("table", sorted(figures.TABLES))
def test_every_force_table_downloads_in_both_formats(client: CheckedClient, loaded: object, table: str) -> None:
    csv_response = client.get(f"/forces/avon-and-somerset/stop-and-search/{table}.csv?power=s1")
    assert csv_response.status_code == 200, csv_response.content[:300]
    rows = read_csv(csv_response.content)
    assert rows and set(rows[0]) == set(downloads.COLUMNS[downloads.KIND[table]])
    json_response = client.get(f"/forces/avon-and-somerset/stop-and-search/{table}.json?power=s1")
    assert json_response.status_code == 200
    body = json_response.json()
    context = body["current"] if table == "change" else body
    assert context["filters"] == {"power": "s1"}


def test_filters_and_bad_parameters(client: CheckedClient, loaded: object) -> None:
    rows = read_csv(client.get("/forces/wiltshire/stop-and-search/rates.csv?power=s60&ethnicity=officer").content)
    assert {r["filters"] for r in rows} == {"power=s60"} and {r["ethnicity"] for r in rows} == {"officer-defined"}
    bad = client.get("/forces/wiltshire/stop-and-search/rates.csv?power=s99")
    assert bad.status_code == 400 and b"power 's99' is not known" in bad.content
    unknown = client.get("/forces/wiltshire/stop-and-search/rates.json?colour=red")
    assert unknown.status_code == 400 and unknown.json()["detail"].startswith("Unknown parameter 'colour'")
    nothing = client.get("/forces/wiltshire/stop-and-search/rates.json?period=2030/31")
    assert nothing.status_code == 404 and "no stop-and-search records are held" in nothing.json()["detail"]
    assert client.get("/forces/kent/stop-and-search/rates.csv").status_code == 404
    with client.unchecked():
        assert client.get("/forces/wiltshire/stop-and-search/horoscope.csv").status_code == 404


def test_etags_answer_not_modified_until_the_data_changes(client: CheckedClient, loaded: object) -> None:
    from parity.powers.models import SourceFile

    url = "/forces/wiltshire/stop-and-search/rates.csv"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    etag = first["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    source = SourceFile.objects.filter(force__slug="wiltshire").order_by("month").last()
    assert source is not None
    SourceFile.objects.filter(pk=source.pk).update(rows_imported=source.rows_imported + 1)  # as a re-import would
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_national_tables(client: CheckedClient, loaded: object) -> None:
    forces = read_csv(client.get("/open-data/forces.csv").content)
    assert len(forces) == 11
    met = next(r for r in forces if r["force"] == "metropolitan")
    assert met["months_missing"].startswith("2019-03 2019-04") and met["latest_complete_year"] == ""
    assert client.get("/open-data/forces.json").json()["forces"][0]["force"] == "avon-and-somerset"
    every = read_csv(client.get("/open-data/all-forces-by-year.csv").content)
    tables = figures.all_forces()
    assert len(every) == sum(1 + len(t.groups) + sum(1 + len(s.groups) for s in t.sections) for t in tables)
    assert len(client.get("/open-data/all-forces-by-year.json").json()) == len(tables)
    compare = read_csv(client.get("/compare.csv?measure=rate&group=Black").content)
    assert [r["force_name"] for r in compare] == sorted(r["force_name"] for r in compare)
    assert {r["measure"] for r in compare} == {"rate"}
    assert client.get("/compare.json?group=White").status_code == 400


def test_every_csv_column_is_in_the_data_dictionary(client: CheckedClient, loaded: object) -> None:
    every = {name for columns in downloads.COLUMNS.values() for name in columns}
    assert every <= set(downloads.DICTIONARY), every - set(downloads.DICTIONARY)
    page = client.get("/open-data/data-dictionary").page
    listed = {text(code) for code in page.select("#layouts ~ table code, table code")}
    assert every <= listed


def test_the_downloads_page_links_only_to_working_downloads(
    client: CheckedClient, loaded: object, settings: object
) -> None:
    settings.PARITY_API_RATE_LIMITS = "20/s,1000/h"  # type: ignore[attr-defined]
    page = client.get("/open-data").page
    links = [a["href"] for a in page.select("main a") if ".csv" in a["href"] or ".json" in a["href"]]
    assert len(links) > 11 * len(figures.TABLES)
    for href in links[:: max(1, len(links) // 25)] + links[-6:]:
        response = client.get(href)
        assert response.status_code == 200, href
    assert "up to 20 a second and 1,000 an hour from one address" in text(page.select_one("#api").find_next("p"))
