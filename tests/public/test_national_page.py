"""The England and Wales page, its downloads and its API answer: Parity's figure labelled with
the forces it counts, the published series from 2006/07 beside it as a chart with its table,
and how old each is."""

from __future__ import annotations

import csv
import io
import json

import pytest

from parity.justice.importing.stop_search import ingest
from parity.public import downloads
from tests.justice.test_published_stop_search import EDITION, SMALL
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(loaded: object) -> None:
    report = ingest([EDITION, *SMALL])
    assert not report.refused


def test_the_page_labels_what_parity_counts_and_shows_the_long_series(client: CheckedClient, held: None) -> None:
    response = client.get("/england-and-wales")
    assert response.status_code == 200
    page = text(response.page)
    assert "Stop and search in England and Wales" in page
    # Parity's latest figure: the forces it counts, named, and those held but left out
    assert "2020/21 it counts 9 of 43 forces held" in page
    assert "Forces counted: Avon and Somerset, Bedfordshire, City of London" in page
    assert "Greater Manchester: none of the year's months are held" in page
    # how old the data is: the published series and Parity's own records
    assert "published figures held here run to 2022/23" in page
    assert "The latest records are from November 2021" in page and "nothing since then is held" in page
    # the long view: the chart and its table twin, 2006/07 onwards, the census break said
    html = response.content.decode()
    assert 'id="national-series"' in html and "2006/07" in page and "2017/18" in page
    assert "18.5" in page  # 2006/07, all searches per 1,000, as published
    assert "breaks between those years" in page
    assert "2018/19 not held not held none none" in page  # a year the Home Office published, not held here
    assert "April 2021 to March 2022 none held" in page  # the chart's table twin says so too
    assert 'href="/methodology/england-and-wales"' in html
    assert client.get("/methodology/england-and-wales").status_code == 200
    assert 'href="/england-and-wales"' in client.get("/").content.decode()


def test_the_downloads_and_the_api_give_the_same_series(client: CheckedClient, held: None) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/england-and-wales/stop-and-search.csv").content.decode())))
    assert rows and set(rows[0]) == set(downloads.COLUMNS["national"])
    first = next(r for r in rows if r["period_label"] == "2006/07" and r["group_code"] == "all")
    assert (first["source"], first["searches"], first["rate_per_1000"]) == ("published", "1037735", "18.51")
    ours = [r for r in rows if r["source"] == "parity" and r["period_label"] == "2019/20"]
    assert ours and all(r["coverage"] == "9 of 43 forces held" for r in ours)
    assert all(r["searches"] == "" for r in ours if r["suppressed"] == "true")
    answer = client.get("/api/england-and-wales/stop-and-search").json()
    download = json.loads(client.get("/england-and-wales/stop-and-search.json").content)
    assert answer == download
    assert answer["published"][0]["period"] == "2006/07"
    assert [p["coverage"] for p in answer["parity"] if p["period"] == "2019/20"] == ["9 of 43 forces held"]
    listed = client.get("/open-data").content.decode()
    assert "/england-and-wales/stop-and-search.csv" in listed
    assert any(e["path"] == "/api/england-and-wales/stop-and-search" for e in client.get("/api/").json()["endpoints"])


def test_with_nothing_held_the_page_says_so(client: CheckedClient) -> None:
    page = text(client.get("/england-and-wales").page)
    assert "holds no force’s records for a whole financial year" in page
    assert "holds none of the Home Office’s published figures yet" in page
