"""The open data API: the pages' figures as JSON, paginated, rate-limited, cacheable."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from parity.public import figures
from parity.public.query import Choice
from parity.web.throttle import describe, limits
from tests.pagecheck import CheckedClient

pytestmark = pytest.mark.django_db
TABLES = ["rates", "legislation", "powers", "age", "gender", "outcomes", "strip-searches", "trend", "change"]


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_forces_are_listed_by_name_and_paginated(client: CheckedClient, loaded: object) -> None:
    body = client.get("/api/forces").json()
    assert body["count"] == 11 and body["limit"] == 20 and body["offset"] == 0
    names = [f["name"] for f in body["items"]]
    assert names == sorted(names)
    wiltshire = next(f for f in body["items"] if f["force"] == "wiltshire")
    assert wiltshire["records"] == 4056 and wiltshire["latest_complete_year"] == "2020/21"
    assert wiltshire["links"]["rates"] == "/api/stop-and-search/wiltshire/rates"
    page = client.get("/api/forces?limit=3&offset=9").json()
    assert [f["name"] for f in page["items"]] == names[9:12] and page["count"] == 11
    assert client.get("/api/forces/metropolitan").json()["months_missing"][:2] == ["2019-03", "2019-04"]


def test_coverage_per_force(client: CheckedClient, loaded: object) -> None:
    body = client.get("/api/coverage?force=leicestershire").json()
    assert body["count"] == 1
    months = {m["month"]: m for m in body["items"][0]["months"]}
    assert months["2019-11"]["low_volume"] is True
    assert client.get("/api/coverage?limit=100").json()["count"] == 11


@pytest.mark.parametrize("table", TABLES)
def test_each_figure_is_the_pages_result_as_dict(client: CheckedClient, loaded: object, table: str) -> None:
    response = client.get(f"/api/stop-and-search/wiltshire/{table}")
    assert response.status_code == 200
    expected = figures.table("wiltshire", table, Choice(period="2020/21"))
    assert response.json() == as_json(expected.as_dict())


def test_suppression_is_the_same_as_on_the_pages(client: CheckedClient, loaded: object) -> None:
    body = client.get("/api/stop-and-search/wiltshire/rates?period=2020/21").json()
    hidden = [g for g in body["groups"] if g["suppressed"]]
    assert hidden and all(g["searches"] is None and g["rate_per_1000"] is None for g in hidden)


def test_parameters_are_the_pages(client: CheckedClient, loaded: object) -> None:
    url = "/api/stop-and-search/avon-and-somerset/rates?period=2019/20&power=s60&ethnicity=officer&reference=Black"
    body = client.get(url).json()
    assert body["period"]["label"] == "2019/20" and body["filters"] == {"power": "s60"}
    assert body["ethnicity"] == "officer-defined" and body["reference_group"] == "Black"


def test_errors_share_one_envelope(client: CheckedClient, loaded: object) -> None:
    bad_period = client.get("/api/stop-and-search/wiltshire/rates?period=someday")
    assert bad_period.status_code == 400
    assert set(bad_period.json()) == {"status", "error", "detail", "errors"}
    assert bad_period.json()["error"] == "bad-request" and "not a period" in bad_period.json()["detail"]
    invalid = client.get("/api/stop-and-search/wiltshire/rates?ethnicity=astrological")
    assert invalid.status_code == 422
    assert invalid.json()["error"] == "invalid-parameters"
    assert invalid.json()["errors"][0]["loc"] == ["query", "ethnicity"]
    not_held = client.get("/api/stop-and-search/kent/rates")
    assert not_held.status_code == 404 and not_held.json()["error"] == "not-found"
    nothing = client.get("/api/stop-and-search/metropolitan/rates?period=2020/21")
    assert nothing.status_code == 404 and "no stop-and-search records are held" in nothing.json()["detail"]
    no_year = client.get("/api/stop-and-search/metropolitan/rates")  # no financial year: its latest quarter
    assert no_year.status_code == 200 and no_year.json()["period"]["label"] == "2021-Q3"
    same = client.get("/api/stop-and-search/compare?group=White&reference=White")
    assert same.status_code == 400


def test_compare_and_the_national_table(client: CheckedClient, loaded: object) -> None:
    body = client.get("/api/stop-and-search/compare").json()
    assert body["period"] == "2020/21" and body["measure"] == "ratio" and body["group"] == "Black"
    names = [f["force_name"] for f in body["forces"]]
    assert names == sorted(names) and len(names) == 11
    assert body["average"] > 1 and len(body["funnel_limits"]) == 40
    table = client.get("/api/stop-and-search/all-forces?force=wiltshire&financial_year=2020/21").json()
    assert table["count"] == 1 and table["items"][0]["period"]["label"] == "2020/21"
    assert client.get("/api/stop-and-search/all-forces?limit=100").json()["count"] == len(figures.all_forces())


def test_answers_carry_an_etag_and_honour_if_none_match(client: CheckedClient, loaded: object) -> None:
    first = client.get("/api/stop-and-search/wiltshire/rates")
    assert first["Cache-Control"] == "public, max-age=300" and first["ETag"]
    again = client.get("/api/stop-and-search/wiltshire/rates", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    other = client.get("/api/stop-and-search/wiltshire/outcomes", headers={"If-None-Match": first["ETag"]})
    assert other.status_code == 200, "an ETag belongs to one address and its query"


def test_anonymous_clients_are_rate_limited(client: CheckedClient, loaded: object, settings: object) -> None:
    settings.PARITY_API_RATE_LIMITS = "3/m,100/h"  # type: ignore[attr-defined]
    cache.clear()
    answers = [client.get("/api/forces?limit=1").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/forces?limit=1")
    assert refused.json()["error"] == "rate-limited" and int(refused["Retry-After"]) > 0
    other = client.get("/api/forces?limit=1", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200, "limits are per address"
    settings.PARITY_API_RATE_LIMITS = "off"  # type: ignore[attr-defined]
    assert client.get("/api/forces?limit=1").status_code == 200


def test_the_limits_also_hold_for_answers_served_from_memory(
    client: CheckedClient, loaded: object, settings: object
) -> None:
    url = "/api/stop-and-search/wiltshire/rates"
    first = client.get(url)  # computed, kept, and counted by the API
    settings.PARITY_API_RATE_LIMITS = "3/m"  # type: ignore[attr-defined]
    cache.clear()
    answers = [client.get(url) for _ in range(4)]  # replayed from memory
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].content == first.content and answers[0]["ETag"] == first["ETag"]
    assert answers[3].json()["error"] == "rate-limited" and int(answers[3]["Retry-After"]) > 0
    settings.PARITY_API_RATE_LIMITS = "off"  # type: ignore[attr-defined]
    unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


def test_limits_are_read_and_described() -> None:
    assert limits("20/s, 1000/h") == ["20/s", "1000/h"] and limits("off") == []
    assert describe("20/s,1000/h") == "up to 20 a second and 1,000 an hour from one address"
    assert describe("100/5m") == "up to 100 every 5 minutes from one address"
    for bad in ("lots", "0/s", "10/0m", "10/w"):
        with pytest.raises(ValueError, match=f"the rate '{bad}' is not a number of requests per period"):
            limits(bad)


def test_openapi_lists_every_endpoint(client: CheckedClient, loaded: object) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {"/api/forces", "/api/forces/{force}", "/api/coverage", "/api/stop-and-search/compare"}
    expected |= {f"/api/stop-and-search/{{force}}/{table}" for table in TABLES}
    assert expected <= set(paths)
    params = {p["name"] for p in paths["/api/stop-and-search/{force}/rates"]["get"]["parameters"]}
    assert {"period", "power", "legislation", "ethnicity", "reference"} <= params


def test_the_api_front_door_lists_what_is_there(client: CheckedClient) -> None:
    """The open-data page points people at /api/: it answers with every endpoint, not a 404."""
    index = client.get("/api/")
    assert index.status_code == 200
    body = index.json()
    listed = {(e["method"], e["path"]): e for e in body["endpoints"]}
    assert listed["GET", "/api/forces"]["open"] is True
    assert listed["GET", "/api/actions/forces/{force}/register"]["open"] is False
    schema_paths = client.get(body["openapi"]).json()["paths"]
    assert {path for _, path in listed} == set(schema_paths) - {"/api/"}
    assert client.get(body["documentation"]).status_code == 200
