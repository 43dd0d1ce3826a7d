"""No published table gives a small number back: every narrow table Parity publishes, built
from the real records, is attacked as an integer programme over its published counts and
totals (tests/attacker.py), and no count from 1 to 4 may be pinned down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parity.analysis.rules import Rules
from parity.powers import statistics
from parity.public import figures
from parity.public.query import Choice
from tests import attacker
from tests.attacker import Published
from tests.pagecheck import CheckedClient

THRESHOLD = Rules().disclosure_threshold
RATE_TABLES = ("rates", "legislation", "powers", "age", "gender")


def _plain(result: Any) -> dict[str, Any]:
    """What the API sends: the result's JSON, read back."""
    return json.loads(json.dumps(result.as_dict()))  # type: ignore[no-any-return]


def _published(slug: str, period: str) -> Iterator[Published]:
    choice = Choice(period=period)
    for name in RATE_TABLES:
        yield attacker.rate_table(_plain(figures.table(slug, name, choice)), f"{slug} {period} {name}")
    for by in ("object", "month"):
        table = statistics.stop_search_rates(slug, period, by=by)
        yield attacker.rate_table(_plain(table), f"{slug} {period} by {by}")
    yield attacker.outcome_table(_plain(figures.table(slug, "outcomes", choice)), f"{slug} {period} outcomes")
    yield attacker.strip_table(_plain(figures.table(slug, "strip-searches", choice)), f"{slug} {period} strips")
    for point in _plain(figures.table(slug, "trend", choice))["points"]:
        yield attacker.trend_point(point, f"{slug} {period} trend to {point['month']}")


def _attack(tables: Iterator[Published]) -> tuple[int, list[str]]:
    seen, found = 0, list[str]()
    for table in tables:
        seen += 1
        found += [f"{table.name}: {key!r} = {value}" for key, value in attacker.recovered(table, THRESHOLD)]
    return seen, found


def test_no_narrow_table_of_any_force_gives_back_a_small_count(loaded: Path) -> None:
    seen, found = 0, list[str]()
    for force in figures.forces_held():
        years = {force.latest_complete, *(["2019/20"] if force.slug == "wiltshire" else [])} - {None}
        for year in sorted(str(y) for y in years):
            n, leaks = _attack(_published(force.slug, year))
            seen, found = seen + n, found + leaks
    assert seen > 50
    assert found == []


def test_the_all_forces_download_gives_back_no_small_count(loaded: Path, client: CheckedClient) -> None:
    # The audit recovered one Mixed search under Firearms Act s47 from this table.
    data = client.get("/open-data/all-forces-by-year.json").json()
    seen, found = _attack(attacker.rate_table(t, f"{t['force']} {t['period']}") for t in data)
    assert seen > 30
    assert found == []


def test_wiltshire_by_age_through_the_api_keeps_every_hidden_count_uncertain(
    loaded: Path, client: CheckedClient
) -> None:
    # The audit recovered Asian with no age recorded = 1 and Asian 25-34 = 3 here.
    data = client.get("/api/stop-and-search/wiltshire/age?period=2019/20").json()
    table = attacker.rate_table(data, "wiltshire 2019/20 by age")
    assert table.hidden, "the table has small counts to protect"
    assert attacker.recovered(table, THRESHOLD) == []
    assert attacker.narrow(table, THRESHOLD) == []  # nor any range of 5 or fewer values
    assert all("suppression" not in g for g in data["groups"])  # nothing says which hidden count is small


@pytest.mark.parametrize("table", ["age", "legislation"])
def test_the_csv_download_hides_the_same_cells_as_the_api(loaded: Path, client: CheckedClient, table: str) -> None:
    import csv
    import io

    api = client.get(f"/api/stop-and-search/wiltshire/{table}?period=2019/20").json()
    text = client.get(f"/forces/wiltshire/stop-and-search/{table}.csv?period=2019/20").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "suppression" not in rows[0]
    hidden_csv = {(r["section"], r["group"]) for r in rows if r["suppressed"] == "true"}
    columns = [(None, api), *((s["key"], s) for s in api["breakdown"]["sections"])]
    hidden_api = {(key or "", g["group"]) for key, c in columns for g in [*c["groups"], c["total"]] if g["suppressed"]}
    assert hidden_csv == hidden_api
