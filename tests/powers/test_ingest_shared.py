"""All 11 shared forces import with every row accounted for, and again changes nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb

from parity.powers.importing.pipeline import IngestReport, ingest
from parity.powers.models import SourceFile, StopSearch
from parity.warehouse.layout import glob
from tests.conftest import POLICE_UK

SHARED_ROWS = 305_071
FORCES = {
    "avon-and-somerset": 25_691,
    "bedfordshire": 9_930,
    "city-of-london": 7_939,
    "greater-manchester": 4_188,
    "leicestershire": 11_888,
    "metropolitan": 117_629,
    "nottinghamshire": 13_669,
    "south-wales": 38_707,
    "west-mercia": 13_735,
    "west-midlands": 57_639,
    "wiltshire": 4_056,
}


def test_every_row_of_every_shared_file_is_accounted_for(loaded_data: IngestReport) -> None:
    report = loaded_data
    assert len(report.files) == 319
    assert {f.status for f in report.files} == {"imported"}
    assert report.rows_read == SHARED_ROWS
    assert report.rows_imported + report.rows_unchanged + report.rows_rejected == report.rows_read
    per_force: Counter[str] = Counter()
    for f in report.files:
        per_force[f.force] += f.rows_read
    assert dict(per_force) == FORCES


def test_the_database_holds_what_the_report_says(loaded: Path) -> None:
    assert StopSearch.objects.count() == SHARED_ROWS
    assert SourceFile.objects.count() == 319
    assert not SourceFile.objects.filter(warehouse_written=False).exists()


def test_the_warehouse_holds_the_same_records_as_the_database(loaded: Path) -> None:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    rows = con.execute(
        f"SELECT force, count(*), count(DISTINCT id) FROM read_parquet('{glob('stop_search')}', "
        "hive_partitioning = true) GROUP BY force ORDER BY force"
    ).fetchall()
    assert {force: n for force, n, _ in rows} == FORCES
    assert all(n == distinct for _, n, distinct in rows)


def test_importing_the_same_files_again_changes_nothing(loaded: Path) -> None:
    before = (StopSearch.objects.count(), list(SourceFile.objects.values_list("id", "sha256")))
    report = ingest([POLICE_UK])
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.rows_imported == 0
    assert report.rows_unchanged + report.rows_rejected == report.rows_read == SHARED_ROWS
    assert (StopSearch.objects.count(), list(SourceFile.objects.values_list("id", "sha256"))) == before


def test_raw_values_are_kept_beside_the_normalised_ones(loaded: Path) -> None:
    record = StopSearch.objects.filter(force__slug="avon-and-somerset", sde_code="B1").first()
    assert record is not None
    raw = record.raw_values()
    assert raw["Self-defined ethnicity"] == "Black/African/Caribbean/Black British - Caribbean"
    assert record.sde_group == "black"
    assert raw["Date"].endswith("+00:00")


def test_a_search_just_after_midnight_bst_on_1_april_belongs_to_april_and_the_new_year(loaded: Path) -> None:
    # data.police.uk put this 00:04 BST search in its March 2019 file, by its UTC date.
    record = StopSearch.objects.get(
        force__slug="avon-and-somerset",
        source_file__month="2019-03",
        raw__startswith="Person and Vehicle search,2019-03-31T23:04:00+00:00",
    )
    when = record.local_time
    assert (when.local_month, when.financial_year, when.local_minute) == ("2019-04", "2019/20", 4)
    assert record.local_date.isoformat() == "2019-04-01"


def test_only_late_evening_utc_records_fall_outside_their_files_month(loaded: Path) -> None:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    rows = con.execute(
        f"SELECT local_month, month, hour(occurred_at AT TIME ZONE 'UTC') FROM read_parquet("
        f"'{glob('stop_search')}', hive_partitioning = true) WHERE local_month <> month"
    ).fetchall()
    assert len(rows) == 38
    assert {hour for _, _, hour in rows} == {23}
