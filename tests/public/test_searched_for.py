"""What officers searched for, the whole trend, the period and power lists, on the real data.

The counts on the page of what officers searched for are checked against the shared
data.police.uk files read directly (not through Parity's import), so a wrong join, filter or
date would show.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Hashable
from zoneinfo import ZoneInfo

import pytest

from parity.analysis.rules import Rules
from parity.presentation.formatting import number
from parity.public import figures
from parity.public.query import Choice
from tests import attacker
from tests.attacker import Published
from tests.conftest import POLICE_UK
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
THRESHOLD = Rules().disclosure_threshold
NO_FURTHER_ACTION = {"A no further action disposal", "Nothing found - no further action"}


def direct_counts(
    force: str, first: dt.date, last: dt.date
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(object label, self-defined group) -> person searches, and -> finds, read straight from the files."""
    searches: Counter[tuple[str, str]] = Counter()
    finds: Counter[tuple[str, str]] = Counter()
    for path in sorted((POLICE_UK / force).glob("*-stop-and-search.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Type"] not in {"Person search", "Person and Vehicle search"}:
                    continue
                day = dt.datetime.fromisoformat(row["Date"]).astimezone(LONDON).date()
                if not first <= day <= last:
                    continue
                described = row["Self-defined ethnicity"]
                group = "not stated" if "Not stated" in described else (described.split() or [""])[0].split("/")[0]
                key = (row["Object of search"], group)
                searches[key] += 1
                outcome = row["Outcome"]
                if outcome and outcome not in NO_FURTHER_ACTION and row["Outcome linked to object of search"] == "True":
                    finds[key] += 1
    return searches, finds


def rows_of(page: object, selector: str) -> dict[str, list[str]]:
    table = page.select_one(selector)  # type: ignore[attr-defined]
    assert table is not None, f"no table {selector}"
    return {text(tr.select_one("th")): [text(td) for td in tr.select("td")] for tr in table.select("tbody tr")}


def test_what_officers_searched_for_gives_searches_finds_and_find_rates_by_group(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/avon-and-somerset/stop-and-search/what-was-searched-for").page
    assert text(page.select_one("h1")) == "What officers searched for in Avon and Somerset"
    assert page.select_one("select#id_period option[selected]")["value"] == "2020/21"
    searches, finds = direct_counts("avon-and-somerset", dt.date(2020, 4, 1), dt.date(2021, 3, 31))
    rows = rows_of(page, "#object-drugs-table")
    drugs_black, drugs_white = ("Controlled drugs", "Black"), ("Controlled drugs", "White")
    assert rows["Black"][0] == number(searches[drugs_black]) and searches[drugs_black] > 100
    assert rows["White (reference)"][0] == number(searches[drugs_white])
    assert rows["White (reference)"][1] == number(finds[drugs_white]) and finds[drugs_white] > 100
    assert rows["All"][0] == number(sum(n for (o, _), n in searches.items() if o == "Controlled drugs"))
    result = figures.objects("avon-and-somerset", Choice(period="2020/21"))
    white = result.object("drugs").outcomes.group("White")
    assert white.find is not None and white.find.ci_low is not None and white.find.share is not None
    assert (
        rows["White (reference)"][2].startswith(f"{100 * white.find.share:.1f}%")
        and " to " in rows["White (reference)"][2]
    )
    for o in result.objects:  # a count is hidden, or it is the count in the files
        for g in o.outcomes.groups:
            if g.searches is not None and o.code != "other":
                assert g.searches == searches[(o.label, g.group)] or o.label not in {k[0] for k in searches}
    weapons = rows_of(page, "#object-offensive-weapons-table")
    assert weapons["White (reference)"][0] == number(searches[("Offensive weapons", "White")])
    # every object searched for has its section, linked from the list at the top
    listed = {a["href"] for a in page.select("nav a")}
    assert {"#object-drugs", "#object-offensive-weapons", "#object-stolen-goods", "#object-other"} <= listed
    assert page.select_one("figure#finds-drugs table"), "the find-rate chart has its table twin"
    notes = text(page.select_one(".parity-notes"))
    assert "infra-marginality" in notes.lower() or "thresholds" in notes
    assert page.select_one("a[href='/methodology/what-was-searched-for']")
    csv_link = page.select_one("a[href^='/forces/avon-and-somerset/stop-and-search/objects.csv']")["href"]
    assert client.get(csv_link).status_code == 200


def test_small_counts_of_what_was_searched_for_are_not_published(client: CheckedClient, loaded: object) -> None:
    result = figures.objects("wiltshire", Choice(period="2020/21"))
    hidden = [(o, g) for o in result.objects for g in o.outcomes.groups if g.suppressed]
    assert hidden, "Wiltshire 2020/21 has small groups for some objects; the test needs one"
    assert all(g.searches is None and g.find is not None and g.find.count is None for _, g in hidden)
    page = client.get("/forces/wiltshire/stop-and-search/what-was-searched-for").page
    o, g = hidden[0]
    assert rows_of(page, f"#object-{o.code}-table")[g.group][0] == "not published"
    assert f"{o.label}, {g.group}: not published" in text(page.select_one(".parity-notes"))
    # the objects' tables add up to the outcome table, which is published: what it hides, they hide too
    whole = figures.outcomes("wiltshire", Choice(period="2020/21"))
    for group in whole.groups:
        if group.suppressed:
            assert any(o.outcomes.group(group.group).suppressed for o in result.objects)


def test_the_trend_covers_every_month_held(client: CheckedClient, loaded: object) -> None:
    held = figures.force_held("avon-and-somerset")
    trend = figures.trend("avon-and-somerset", Choice(period="2020/21"))
    months = sorted(held.months)
    assert [p.month for p in trend.points] == months[11:], "one point for every month that ends 12 held"
    assert len(trend.points) > 12
    page = client.get("/forces/avon-and-somerset/stop-and-search").page
    figure = page.select_one("figure#trend")
    assert len(figure.select("table tbody tr")) == len(trend.points)
    assert "Over time: the 12 months to each month held" in [text(h) for h in page.select("main h2")]


def test_the_period_list_offers_years_quarters_and_months_and_the_power_list_only_powers_used(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/wiltshire/stop-and-search").page
    options = {o["value"]: text(o) for o in page.select("select#id_period option")}
    assert options["2020/21"] == "2020/21"
    assert options["2020"].startswith("2020 (calendar year")
    assert options["2020-Q3"] == "July to September 2020 (quarter)"
    assert options["2020-05"] == "May 2020"
    used = figures.powers_used("wiltshire")
    powers = [o["value"] for o in page.select("select#id_power option")]
    assert powers == ["", *used]
    assert "s47a" not in used, "no force in the shared records searched under section 47A"
    page = client.get("/forces/wiltshire/stop-and-search?period=2020-05").page
    assert "By ethnic group, 2020-05" in text(page.select_one("#by-ethnicity"))
    # a shared link naming a power the force never used still says what it shows
    response = client.get("/forces/wiltshire/stop-and-search?power=s47a")
    assert response.status_code == 200
    assert response.page.select_one("select#id_power option[selected]")["value"] == "s47a"


def test_the_stop_and_search_page_links_its_sections_and_the_page_of_what_was_searched_for(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/wiltshire/stop-and-search?power=s1").page
    contents = page.select_one("nav[aria-labelledby=contents-heading]")
    hrefs = [str(a["href"]) for a in contents.select("a")]
    assert "/forces/wiltshire/stop-and-search/what-was-searched-for?period=2020/21&power=s1" in hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert page.select_one(href), f"{href} jumps to a section"
    assert len(page.select("a[href='#contents-heading']")) >= 5
    sub = client.get("/forces/wiltshire/stop-and-search/what-was-searched-for?period=2020/21&power=s1").page
    assert sub.select_one("select#id_power option[selected]")["value"] == "s1"


def _prefixed(into: Published, table: Published, prefix: str) -> None:
    def key(k: Hashable) -> Hashable:
        return (prefix, *(k if isinstance(k, tuple) else (k,)))

    for k, v in table.cells.items():
        into.cell(key(k), v)
    into.lines += [(key(total), tuple(key(p) for p in parts)) for total, parts in table.lines]
    into.at_most += [(key(a), key(b)) for a, b in table.at_most]
    into.unpublished |= {key(k) for k in table.unpublished}


@pytest.mark.parametrize("force", ["avon-and-somerset", "wiltshire"])
def test_no_small_count_can_be_worked_out_from_the_objects_and_the_outcome_table_together(
    loaded: object, force: str
) -> None:
    """The attacker (tests/attacker.py) gets every object's table and the outcome table of all
    searches, bound by the sums a reader knows: the objects add up to all searches."""
    choice = Choice(period="2020/21")
    data = json.loads(json.dumps(figures.table(force, "objects", choice).as_dict()))
    whole = attacker.outcome_table(json.loads(json.dumps(figures.table(force, "outcomes", choice).as_dict())))
    published = Published(f"{force} objects")
    _prefixed(published, whole, "all objects")
    parts = []
    for found in data["objects"]:
        table = attacker.outcome_table(found, found["object"])
        _prefixed(published, table, found["object"])
        parts.append(found["object"])
    for k in list(published.cells):
        if k[0] == "all objects" and all((p, *k[1:]) in published.cells for p in parts):
            published.line(k, [(p, *k[1:]) for p in parts])
    assert published.hidden, "the tables have small counts to protect"
    assert attacker.recovered(published, THRESHOLD) == []
