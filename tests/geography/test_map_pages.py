"""The map pages on the real data: each draws the real boundaries, holds its figures in a
table twin, carries ONS's attribution, protects small counts, and says plainly when no
boundaries have been built."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

from parity.analysis.rules import Rules
from parity.presentation.formatting import number, ratio
from parity.public import compare as compare_
from parity.public import maps
from parity.public.query import Choice
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023."
)


@pytest.fixture(autouse=True)
def every_request_fresh(settings: object) -> Iterator[None]:
    settings.PARITY_DATA_VERSION_SECONDS = 0  # type: ignore[attr-defined]
    cache.clear()
    yield
    cache.clear()


def rows(page: object, selector: str) -> dict[str, list[str]]:
    table = page.select_one(selector)  # type: ignore[attr-defined]
    assert table is not None, f"no table {selector}"
    return {text(tr.select_one("th")): [text(td) for td in tr.select("td")] for tr in table.select("tbody tr")}


def test_without_boundaries_each_map_page_says_so_plainly(client: CheckedClient, loaded: object) -> None:
    for path in ("/compare/map", "/forces/wiltshire/stop-and-search/where"):
        response = client.get(path)
        assert response.status_code == 200
        assert "No map can be drawn yet" in text(response.page.select_one("main"))
        assert response.page.select_one("svg.parity-map__svg") is None


def test_the_compare_map_shades_every_force_area_and_links_each_held_force(
    client: CheckedClient, loaded: object, boundaries_home: Path
) -> None:
    page = client.get("/compare/map?period=2020/21").page
    figure = page.select_one("figure#force-map")
    svg = figure.select_one("svg")
    assert svg["role"] == "group" and svg["aria-labelledby"] == "force-map-caption"
    assert len(svg.select("path[fill^='url(#force-map-band-']")) == 43  # every force area of England and Wales
    assert ATTRIBUTION == text(figure.select_one(".parity-map__attribution"))
    result = compare_.compare("ratio", "Black", Choice(period="2020/21"))
    wiltshire = next(f for f in result.forces if f.slug == "wiltshire")
    table = rows(figure, "table")
    assert len(table) == 43
    assert table["Wiltshire"][0] == ratio(wiltshire.value)
    assert table["Kent"][0] == "no records held"
    link = svg.select_one("a[href^='/forces/wiltshire/stop-and-search']")
    assert link["tabindex"] == "-1" and link["aria-label"] == f"Wiltshire: {ratio(wiltshire.value)}"
    assert figure.select_one("table a[href^='/forces/wiltshire/stop-and-search']") is not None
    legend = [text(li) for li in figure.select(".parity-map__legend li")]
    assert legend[0] == "Below 1.0 (plain)" and legend[-1].startswith("No figure")
    assert "period=2020/21" in page.select_one("main a[href^='/compare?']")["href"]


def test_the_compare_map_follows_the_chosen_measure(
    client: CheckedClient, loaded: object, boundaries_home: Path
) -> None:
    page = client.get("/compare/map?measure=rate&group=White&period=2019/20").page
    assert "Searches per 1,000 White residents" in text(page.select_one("figure#force-map figcaption"))
    assert text(page.select_one("figure#force-map thead th:nth-of-type(2)")) == "Rate per 1,000"
    with client.unchecked():
        assert client.get("/compare/map?measure=nonsense").status_code == 400


def test_where_searches_happen_counts_each_district_and_protects_small_counts(
    client: CheckedClient, loaded: object, boundaries_home: Path
) -> None:
    page = client.get("/forces/wiltshire/stop-and-search/where?period=2020/21").page
    figure = page.select_one("figure#places-map")
    assert figure.select_one("svg")["role"] == "img"
    assert len(figure.select("svg path.parity-map__area")) == 2  # Wiltshire and Swindon
    assert ATTRIBUTION == text(figure.select_one(".parity-map__attribution"))
    found = maps.places("wiltshire", "2020/21", maps.geometry_version())
    assert found.counts is not None
    table = rows(figure, "table")
    assert set(table) == {
        "Swindon",
        "Wiltshire",
        "Elsewhere: a point outside the force’s areas",
        "No location recorded",
        "All searches",
    }
    for row in found.counts.rows:
        assert table[row.name][0] == number(row.searches)
    shown = [r.searches for r in found.counts.rows if r.searches is not None]
    assert all(n == 0 or n >= Rules().disclosure_threshold for n in shown)
    assert table["All searches"][0] == number(found.counts.total)
    assert found.counts.total == sum(r.searches or 0 for r in found.counts.rows) or found.counts.any_hidden
    assert found.counts.areas[0].searches is not None and found.counts.areas[0].searches > 100
    assert page.select_one("select#id_period option[selected]")["value"] == "2020/21"


def test_a_force_whose_records_have_no_district_of_their_own_is_told_plainly(
    client: CheckedClient, loaded: object, boundaries_home: Path
) -> None:
    page = client.get("/forces/city-of-london/stop-and-search/where?period=2020/21").page
    assert page.select_one("figure#places-map") is not None
    assert set(rows(page, "figure#places-map table")) >= {"City of London", "All searches"}
    with client.unchecked():
        assert client.get("/forces/wiltshire/stop-and-search/where?period=1999/00").status_code == 400
        assert client.get("/forces/kent/stop-and-search/where").status_code == 404


def test_the_compare_and_stop_and_search_pages_link_to_their_maps(client: CheckedClient, loaded: object) -> None:
    compare = client.get("/compare?measure=rate&group=White&period=2019/20").page
    assert compare.select_one("#compare-map-link")["href"] == "/compare/map?measure=rate&group=White&period=2019/20"
    force = client.get("/forces/wiltshire/stop-and-search").page
    assert force.select_one("#places-link")["href"] == "/forces/wiltshire/stop-and-search/where"
