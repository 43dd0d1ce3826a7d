"""No two published periods give back a small number: a year minus its months, a quarter
minus its months, one rolling year minus the next.

The attacker (tests/attacker.py) takes every table of one shape published for a run of
periods on the grid, ties each period's cells to its months' by addition, and solves for
every hidden count as an integer programme. Each period's table protected on its own gives
counts back this way (the first test shows it on the same data); protected together, none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parity.analysis.period import parse_period
from parity.analysis.rates import RateTable, build_rate_tables
from parity.analysis.rules import Rules
from parity.powers import statistics
from parity.powers.statistics.common import grouping_of
from parity.powers.statistics.rates import linked_tables
from parity.public import figures
from parity.public.query import Choice
from tests import attacker
from tests.attacker import Published


@pytest.fixture(autouse=True)
def across_periods(settings: Any) -> None:
    """These tests are of the protection across periods (on by default; a site can switch it off)."""
    settings.PROTECT_ACROSS_PERIODS = True


THRESHOLD = Rules().disclosure_threshold


def _periods(year: str) -> list[str]:
    """A financial year, its quarters and months, the calendar years it touches, and the
    twelve rolling years ending in each of its months."""
    fy = parse_period(year)
    months = fy.months
    rolling = [f"{parse_period(m).shifted_years(-1).months[0][:4]}-{m[5:]}" for m in months]
    windows = [f"{_next(start)}..{end}" for start, end in zip(rolling, months, strict=True)]
    quarters = [f"{year}-Q{q}" for q in range(1, 5)]
    return [*months, *quarters, year, months[0][:4], months[-1][:4], *windows]


def _next(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year + (m == 12):04d}-{m % 12 + 1:02d}"


def _plain(result: Any) -> dict[str, Any]:
    return json.loads(json.dumps(result.as_dict()))  # type: ignore[no-any-return]


def _attack(tables: list[tuple[str, RateTable]], held: list[str]) -> tuple[Published, list[tuple[Any, int]]]:
    published = [(attacker.rate_table(_plain(t), f"{label}"), parse_period(label).months) for label, t in tables]
    merged = attacker.linked(published, held)
    return merged, attacker.recovered(merged, THRESHOLD)


CASES = [("wiltshire", None, "2019/20"), ("city-of-london", "power", "2020/21")]


@pytest.mark.parametrize(("force", "by", "year"), CASES)
def test_each_period_protected_on_its_own_gives_counts_back(
    loaded: Path, force: str, by: str | None, year: str
) -> None:
    """The attack works: the same periods' tables, each protected as if alone, leak."""
    basis, chosen, eth = grouping_of("self", "5+1", "White")
    family = {item.context.period_label: item for item in linked_tables(force, by, (basis, chosen, eth), "White", None)}
    labels = [
        p for p in _periods(year) if tuple(parse_period(p).months) in {tuple(parse_period(f).months) for f in family}
    ]
    by_months = {tuple(parse_period(f).months): item for f, item in family.items()}
    alone = build_rate_tables([by_months[tuple(parse_period(p).months)] for p in labels])
    held = list(figures.force_held(force).months)
    _, found = _attack(list(zip(labels, alone, strict=True)), held)
    assert found, "protected one by one, some small count comes back by subtraction"


@pytest.mark.parametrize(("force", "by", "year"), CASES)
def test_no_two_published_periods_give_back_a_small_count(loaded: Path, force: str, by: str | None, year: str) -> None:
    held = list(figures.force_held(force).months)
    tables = []
    for label in _periods(year):
        if any(m in held for m in parse_period(label).months):
            choice = Choice(period=label)
            table = figures.rates(force, choice, by) if by else figures.table(force, "rates", choice)
            tables.append((label, table))
    merged, found = _attack(tables, held)
    assert len(tables) > 25 and merged.hidden, "the periods have small counts to protect"
    assert found == []


def _counts(table: RateTable) -> dict[str, Any]:
    """Each group's count (None when hidden), in all and in each section."""
    data = table.as_dict()
    sections = data["breakdown"]["sections"] if data["breakdown"] else []
    return {
        str(column): {g["code"]: (g["searches"], g["ratio"]) for g in source["groups"]}
        for column, source in [("all", data), *((s["key"], s) for s in sections)]
    }


def test_the_all_forces_download_hides_what_the_force_tables_hide(loaded: Path) -> None:
    """The same year by legislation, published twice, is hidden alike in both (the download
    leaves out only the shared-out sensitivity figure, which needs the reasons for search)."""
    national = {(t.context.force, t.context.period_label): t for t in figures.all_forces()}
    table = national[("wiltshire", "2019/20")]
    own = statistics.stop_search_rates("wiltshire", "2019/20", by="legislation")
    assert _counts(table) == _counts(own)


def test_a_small_force_keeps_its_financial_year_ratios(loaded: Path) -> None:
    """Wiltshire 2019/20 (1,000 searches of people): the groups whose counts are large keep
    their counts and ratios, as when the year is protected alone; the months, quarters,
    calendar years and rolling years hide the groups that are small in some month, zeros too."""
    year = figures.table("wiltshire", "rates", Choice(period="2019/20")).as_dict()
    shown = {g["code"]: (g["searches"], g["ratio"] is not None) for g in year["groups"]}
    assert shown["asian"] == (36, True)
    assert shown["black"] == (57, True)
    assert shown["white"] == (747, True)
    assert year["hidden_may_be_zero"] is False
    month = figures.table("wiltshire", "rates", Choice(period="2020-06")).as_dict()
    assert month["hidden_may_be_zero"] is True
    assert month["total"]["searches"] == 238
    assert all(g["searches"] is None for g in month["groups"])
