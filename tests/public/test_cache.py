"""Figures are computed once per data version; pages are shared only when they are the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from parity.powers.models import SourceFile
from parity.public import figures
from parity.public.query import Choice
from parity.reference.models import Population
from parity.web.cache import LRU, PublishedPagesMiddleware, cached_page, data_version

pytestmark = pytest.mark.django_db


def test_the_version_moves_with_imports_census_loads_rules_and_warehouse(
    loaded: Path, settings: object, tmp_path: Path
) -> None:
    start = data_version()
    assert data_version() == start, "the same data gives the same version"
    source = SourceFile.objects.order_by("pk").first()
    assert source is not None
    SourceFile.objects.filter(pk=source.pk).update(warehouse_written=False)
    after_file = data_version()
    assert after_file != start
    row = Population.objects.order_by("pk").first()
    assert row is not None
    Population.objects.filter(pk=row.pk).update(population=row.population + 1)
    after_census = data_version()
    assert after_census != after_file
    settings.PARITY_DISCLOSURE_THRESHOLD = 10  # type: ignore[attr-defined]
    after_rules = data_version()
    assert after_rules != after_census
    settings.WAREHOUSE_DIR = tmp_path  # type: ignore[attr-defined]
    assert data_version() != after_rules


def test_results_are_reused_until_the_data_changes(loaded: Path) -> None:
    choice = Choice(period="2020/21")
    first = figures.rates("wiltshire", choice)
    assert figures.rates("wiltshire", choice) is first
    source = SourceFile.objects.filter(force__slug="wiltshire").order_by("pk").first()
    assert source is not None
    SourceFile.objects.filter(pk=source.pk).update(rows_imported=source.rows_imported + 1)
    again = figures.rates("wiltshire", choice)
    assert again is not first and again.as_dict() == first.as_dict()


def test_a_request_that_cannot_be_answered_is_cached_as_its_error(loaded: Path) -> None:
    from parity.powers.statistics import NoRecords

    with pytest.raises(NoRecords) as first:
        figures.rates("metropolitan", Choice(period="2020/21"))
    with pytest.raises(NoRecords) as second:
        figures.rates("metropolitan", Choice(period="2020/21"))
    assert first.value is second.value


def published(calls: list[str], answers: list[HttpResponse] | None = None) -> PublishedPagesMiddleware:
    """The middleware in front of a public view that counts its calls."""
    queue = list(answers or [])

    @cached_page
    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request.get_full_path())
        response = queue.pop(0) if queue else HttpResponse(f"page {len(calls)}")
        response["X-Frame-Options"] = "DENY"  # as the middleware below would add
        return response

    return PublishedPagesMiddleware(view)


def test_pages_are_shared_only_by_people_not_signed_in(loaded: Path) -> None:
    calls: list[str] = []
    middleware = published(calls)
    factory = RequestFactory()
    assert middleware(factory.get("/x?a=1")).content == b"page 1"
    again = middleware(factory.get("/x?a=1"))
    assert again.content == b"page 1" and again["X-Frame-Options"] == "DENY", "replayed with its headers"
    assert middleware(factory.get("/x?a=2")).content == b"page 2", "the query string is part of the key"
    signed_in = factory.get("/x?a=1")
    signed_in.COOKIES["sessionid"] = "abc"
    assert middleware(signed_in).content == b"page 3"
    with_message = factory.get("/x?a=1")
    with_message.COOKIES["messages"] = "m"
    assert middleware(with_message).content == b"page 4"
    assert middleware(factory.post("/x?a=1")).content == b"page 5"
    assert calls == ["/x?a=1", "/x?a=2", "/x?a=1", "/x?a=1", "/x?a=1"]


def test_a_kept_page_is_made_again_when_the_data_changes(loaded: Path) -> None:
    calls: list[str] = []
    middleware = published(calls)
    factory = RequestFactory()
    assert middleware(factory.get("/z")).content == b"page 1"
    source = SourceFile.objects.order_by("pk").first()
    assert source is not None
    SourceFile.objects.filter(pk=source.pk).update(rows_imported=source.rows_imported + 1)
    assert middleware(factory.get("/z")).content == b"page 2"


def test_failed_pages_and_pages_setting_cookies_are_not_kept(loaded: Path) -> None:
    calls: list[str] = []
    with_cookie = HttpResponse("cookie")
    with_cookie.set_cookie("csrftoken", "x")
    middleware = published(calls, [HttpResponse("broken", status=400), with_cookie])
    factory = RequestFactory()
    assert middleware(factory.get("/y")).status_code == 400
    assert middleware(factory.get("/y")).content == b"cookie"
    assert middleware(factory.get("/y")).content == b"page 3"
    assert middleware(factory.get("/y")).content == b"page 3"
    assert len(calls) == 3


def test_pages_other_views_did_not_mark_are_never_looked_up(loaded: Path) -> None:
    calls: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request.path)
        return HttpResponse("private")

    middleware = PublishedPagesMiddleware(view)
    middleware(RequestFactory().get("/account/"))
    middleware(RequestFactory().get("/account/"))
    assert calls == ["/account/", "/account/"]


def test_the_version_is_read_once_per_request(client: object, loaded: Path) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/stop-and-search/wiltshire/rates")  # type: ignore[attr-defined]
    assert sum("powers_sourcefile" in q["sql"] and "SUM(population)" in q["sql"] for q in queries) == 1


def test_the_store_forgets_the_least_recently_used() -> None:
    store = LRU(2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1
    store.put("c", 3)
    assert store.get("b") is None and store.get("a") == 1 and store.get("c") == 3


def test_the_database_is_asked_at_most_once_per_interval(loaded: Path, settings: object) -> None:
    settings.PARITY_DATA_VERSION_SECONDS = 3600  # type: ignore[attr-defined]
    before = data_version()
    source = SourceFile.objects.order_by("pk").first()
    assert source is not None
    SourceFile.objects.filter(pk=source.pk).update(rows_imported=source.rows_imported + 1)
    assert data_version() == before, "within the interval the version is not read again"
    settings.PARITY_DATA_VERSION_SECONDS = 0  # type: ignore[attr-defined]
    assert data_version() != before
