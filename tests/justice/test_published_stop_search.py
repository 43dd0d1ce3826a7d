"""The Home Office's published stop-and-search series (Ethnicity facts and figures) imported from
the real downloads: every figure kept as printed, every published rate following from its
count and population, the same files again changing nothing, and bad files refused whole
naming file, line, field and value."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.justice.importing.stop_search import NATIONAL, NATIONAL_WITH_BTP, ingest
from parity.justice.models import JusticeUnit, PublishedSearch
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
EFF = SHARED / "reference" / "ethnicity-facts-figures"
EXTRACT = EFF / "stop-and-search-2006-2023_EXTRACT.csv"
EDITION = EFF / "edition-2006-07-to-2017-18" / "stop-and-search.csv"
BY_ETHNICITY = EFF / "by-ethnicity-table_2022-23.csv"
BY_AREA = EFF / "by-ethnicity-and-area-table_2022-23.csv"
SMALL = [EXTRACT, BY_ETHNICITY, BY_AREA]


def _figure(area: str, period: str, group: str, classification: str = "5+1") -> PublishedSearch:
    return PublishedSearch.objects.get(
        area=area, period=period, group=group, classification=classification, legislation="All"
    )


def test_the_older_edition_is_imported_whole_with_its_dashes_counted_as_none() -> None:
    report = ingest([EDITION])
    assert not report.refused and report.rows_read == report.rows_imported == 13_104
    assert PublishedSearch.objects.count() == 13_104
    dashes = sum(n for reason, n in report.exclusions.items() if "a dash read as 0" in reason)
    assert dashes > 0  # recoded values are counted, never silent
    first = _figure(NATIONAL, "2006/07", "all", "all")
    assert (first.searches, first.stated_total, first.population, first.published_rate) == (
        1_037_735,
        932_065,
        56_075_912,
        18.51,
    )
    black = _figure(NATIONAL, "2017/18", "black")
    assert black.basis == "ONS 2001 5+1" and black.label == "Black"
    # every published rate follows from its count and population, to the two places printed
    checked = 0
    for f in PublishedSearch.objects.filter(classification="5+1", population__gt=0, published_rate__isnull=False):
        assert f.searches is not None and f.population
        assert round(1000 * f.searches / f.population, 2) == pytest.approx(f.published_rate, abs=0.011), f
        checked += 1
    assert checked > 2_500
    # each figure keeps the line it came from, as written
    with EDITION.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    assert lines[first.line - 1][5] == "All - excluding BTP" and lines[first.line - 1][1] == "2006/07"


def test_the_extract_and_the_one_year_tables() -> None:
    report = ingest(SMALL)
    assert not report.refused, [f.message for f in report.refused]
    avon = _figure("avon-and-somerset", "2020/21", "black")
    assert (avon.searches, avon.population, avon.basis) == (859, 37_844, "ONS 2021 5+1")
    national = _figure(NATIONAL, "2019/20", "all", "all")
    assert (national.searches, national.population) == (564_198, 56_075_912)
    # the year of the one-year tables comes from their names; the two tables give the same
    # national figures and neither erases what the other gave
    black = _figure(NATIONAL_WITH_BTP, "2022/23", "black")
    assert (black.searches, black.published_rate) == (58_988, 24.5)
    assert _figure(NATIONAL, "2022/23", "black").published_rate == 23.7
    assert _figure("city-of-london", "2022/23", "all", "all").published_rate is None
    caribbean = PublishedSearch.objects.get(period="2022/23", label="Black Caribbean")
    assert caribbean.classification == "detailed" and caribbean.searches == 13_034


def test_importing_the_same_files_again_changes_nothing() -> None:
    first = ingest(SMALL)
    units = JusticeUnit.objects.count()
    held = list(PublishedSearch.objects.order_by("pk").values())
    again = ingest(list(reversed(SMALL)))
    assert first.rows_imported > 0 and again.rows_imported == 0
    assert again.rows_unchanged == first.rows_imported + first.rows_unchanged
    assert JusticeUnit.objects.count() == units
    assert list(PublishedSearch.objects.order_by("pk").values()) == held


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def _extract_rows() -> list[list[str]]:
    with EXTRACT.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


@pytest.mark.parametrize(
    ("column", "value", "field", "reason"),
    [
        (8, "lots", "number_of_stop_and_searches", "not a number"),
        (1, "2019/21", "time", "not a financial year"),
        (6, "Borsetshire", "geography", "not a police force area"),
        (3, "Purple", "Ethnicity", "the only group of the classification All"),
        (11, "-4", "rate_per_1_000_population_by_ethnicity", "cannot be below 0"),
    ],
)
def test_a_bad_value_refuses_the_whole_file_naming_line_and_field(
    tmp_path: Path, column: int, value: str, field: str, reason: str
) -> None:
    rows = _extract_rows()
    rows[7][column] = value
    bad = _write(tmp_path / "stop-and-search-bad.csv", rows)
    report = ingest([bad])
    (refused,) = report.refused
    assert str(bad) in refused.message and "line 8" in refused.message
    assert field in refused.message and repr(value) in refused.message and reason in refused.message
    assert "nothing from this file was stored" in refused.message
    assert not PublishedSearch.objects.exists() and not JusticeUnit.objects.exists()


def test_a_repeated_figure_and_a_table_without_its_year_are_refused(tmp_path: Path) -> None:
    rows = _extract_rows()
    twice = _write(tmp_path / "twice.csv", [*rows, rows[3]])
    (refused,) = ingest([twice]).refused
    assert f"line {len(rows) + 1}" in refused.message and "the same figure as line 4" in refused.message
    with BY_ETHNICITY.open(encoding="utf-8", newline="") as file:
        table = list(csv.reader(file))
    nameless = _write(tmp_path / "by-ethnicity-table.csv", table)
    (refused,) = ingest([nameless]).refused
    assert "does not say which financial year" in refused.message
    odd = _write(tmp_path / "odd.csv", [["a", "b"], ["1", "2"]])
    (refused,) = ingest([odd]).refused
    assert "line 1" in refused.message and "not the Ethnicity facts and figures" in refused.message
    assert not PublishedSearch.objects.exists()


def test_the_command_imports_and_exits_1_on_a_refused_file(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["ingest", "published-stop-search", str(EXTRACT)])
    assert done.exit_code == 0, done.output
    assert PublishedSearch.objects.filter(period="2020/21").count() == 12
    bad = _write(tmp_path / "bad.csv", [["a"], ["b"]])
    refused = runner.invoke(main, ["ingest", "published-stop-search", str(bad)])
    assert refused.exit_code == 1
