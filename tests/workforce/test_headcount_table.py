"""The Home Office headcount table without ethnicity: every row accounted for, the Home
Office's published totals reproduced, re-imports that change nothing, bad workbooks refused
whole, and the check that it agrees with the ethnicity table where both hold a year."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db.models import Sum

from parity.cli import main
from parity.powers.importing.pipeline import IngestReport
from parity.powers.importing.spreadsheets import read_sheet
from parity.workforce.importing.home_office import ingest
from parity.workforce.importing.home_office_totals import HEADER, parse_rows
from parity.workforce.models import Headcount, WorkforceTotal, WorkforceUnit
from parity.workforce.reconciliation import held_reconciliation
from tests.conftest import SHARED
from tests.workforce.workbooks import write_ods

WORKFORCE = SHARED / "home-office" / "police-workforce"
TABLE = WORKFORCE / "open-data-table-police-workforce-260723.ods"
CHIEFS = WORKFORCE / "chief-officers-by-ethnicity-2003-2021.csv"
ROW = [2021.0, "E23000036", "Avon & Somerset", "South West", "Female", "Constable", "Police Officer", 1976.0, 1950.5]


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    """The headcount table and the chief-officer ethnicity cut, imported once for this module."""
    with django_db_blocker.unblock():
        report = ingest([TABLE, CHIEFS])
    yield report
    with django_db_blocker.unblock():
        WorkforceTotal.objects.all().delete()
        Headcount.objects.all().delete()
        WorkforceUnit.objects.all().delete()


@pytest.mark.django_db
def test_the_table_imports_with_every_row_accounted_for(imported: IngestReport) -> None:
    assert not imported.refused and not imported.problems
    table = imported.files[0]
    assert table.format == "home-office-workforce-headcount"
    assert (table.rows_read, table.rows_imported, table.rows_unchanged, table.rows_rejected) == (29304, 29304, 0, 0)
    assert WorkforceTotal.objects.count() == 29304
    # 44 forces (the 43 and British Transport Police) x 17 years, one unit each
    assert WorkforceUnit.objects.filter(totals__isnull=False).distinct().count() == 44 * 17
    assert set(WorkforceTotal.objects.values_list("worker_type", flat=True)) == set(WorkforceTotal.WorkerType.values)


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "fte"), [(2010, 143734), (2023, 147430)])
def test_the_published_officer_numbers_are_reproduced(imported: IngestReport, year: int, fte: int) -> None:
    """The Home Office's headline full-time equivalent officers in the 43 forces of England and
    Wales (the 2010 peak, and 31 March 2023), and the same from the sheet read directly."""
    rows = read_sheet(TABLE, "Data")
    from_sheet = sum(
        float(str(r[8]))
        for r in rows[1:]
        if r[0] == year and r[6] == "Police Officer" and r[2] != "British Transport Police"
    )
    held = (
        WorkforceTotal.objects.filter(as_at=date(year, 3, 31), worker_type="officer")
        .exclude(force__slug="btp")
        .aggregate(fte=Sum("fte"))["fte"]
    )
    assert round(held) == round(from_sheet) == fte


@pytest.mark.django_db
def test_unpaid_roles_have_no_fte_and_the_row_as_written_is_kept(imported: IngestReport) -> None:
    special = WorkforceTotal.objects.get(
        force__slug="avon-and-somerset", as_at=date(2007, 3, 31), sex="Female", worker_type="special"
    )
    assert special.fte is None and special.raw["Total (FTE)"] == "N/A"
    assert special.raw["Force Name"] == "Avon & Somerset" and special.raw["As at 31 March..."] == "2007"
    # both spellings of the label became one worker type
    staff = WorkforceTotal.objects.filter(worker_type="staff", force__slug="kent", sex="Male")
    assert {str(cell.raw["Worker type"]) for cell in staff} == {"Police Staff", "Police staff"}


@pytest.mark.django_db
def test_importing_the_table_again_changes_nothing(imported: IngestReport) -> None:
    before = list(WorkforceTotal.objects.order_by("pk").values_list("pk", "unit_id", "headcount", "fte"))
    units = WorkforceUnit.objects.count()
    again = ingest([TABLE])
    assert [f.status for f in again.files] == ["unchanged"]
    assert (again.rows_read, again.rows_imported, again.rows_unchanged) == (29304, 0, 29304)
    assert list(WorkforceTotal.objects.order_by("pk").values_list("pk", "unit_id", "headcount", "fte")) == before
    assert WorkforceUnit.objects.count() == units


def _chief_officers_from_files() -> dict[tuple[str, int], tuple[int, int]]:
    """Chief officers by Home Office force name and year, summed straight from both files."""
    ethnicity: Counter[tuple[str, int]] = Counter()
    with CHIEFS.open(newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            text = row["Total (headcount)"].strip().replace(",", "")
            ethnicity[(row["Force Name"], int(row["As at 31 March..."]))] += 0 if text == "-" else int(text)
    totals: Counter[tuple[str, int]] = Counter()
    for r in read_sheet(TABLE, "Data")[1:]:
        if r[5] == "Chief Officer":
            totals[(str(r[2]), int(float(str(r[0]))))] += int(float(str(r[7])))
    return {k: (ethnicity[k], totals[k]) for k in ethnicity.keys() & totals.keys()}


@pytest.mark.django_db
def test_the_two_tables_are_compared_and_every_difference_listed(imported: IngestReport) -> None:
    """Where both hold a year (chief officers, 2007-2021) the reconciliation finds exactly the
    differences the files themselves show."""
    result = held_reconciliation()
    assert result.years == tuple(range(2007, 2022)) and result.compared == 44 * 15
    found = {(d.force, d.year): (d.ethnicity_headcount, d.total_headcount) for d in result.differences if not d.sex}
    by_files = {k: v for k, v in _chief_officers_from_files().items() if v[0] != v[1]}
    assert len(by_files) == 2  # the Met in 2015 and North Yorkshire in 2019 (methodology page)
    assert {v: k[1] for k, v in by_files.items()} == {v: year for (_, year), v in found.items() if v[0] != v[1]}
    met = [d for d in result.differences if d.force == "metropolitan" and d.year == 2015]
    assert [(d.sex, d.headcount_difference) for d in met] == [(None, 3), ("Female", 1), ("Male", 2)]
    assert result.as_dict()["agree"] is False


@pytest.mark.django_db
def test_the_reconciliation_command_lists_the_differences(imported: IngestReport) -> None:
    result = CliRunner().invoke(
        main, ["analyse", "workforce-reconcile", "--force", "north-yorkshire", "--format", "json"]
    )
    assert result.exit_code == 1
    assert '"headcount_difference": 1' in result.stdout and '"year": 2019' in result.stdout


def _parsed(*rows: list[object]) -> Any:
    return parse_rows(Path("t.ods"), [list(HEADER), *rows])


def test_counts_written_as_text_and_dashes_are_read() -> None:
    parsed = _parsed(
        [*ROW[:7], " 1,976 ", "-"], [*ROW[:4], "Male", "Special Constable", "Special constable", 3.0, "N/A"]
    )
    assert not parsed.problems
    first, second = [r for rows in parsed.units.values() for r in rows]
    assert (first.headcount, first.fte, first.worker_type) == (1976, Decimal(0), "officer")
    assert (second.headcount, second.fte, second.worker_type) == (3, None, "special")


def test_every_bad_cell_is_named() -> None:
    parsed = _parsed(
        [*ROW[:2], "Atlantis", *ROW[3:]],
        [*ROW[:4], "Unknown", *ROW[5:]],
        [*ROW[:6], "Police Dog", *ROW[7:]],
        [*ROW[:7], 2.5, 1.0],
        [*ROW[:8], "lots"],
        [*ROW[:7], 1e30, 1.0],
        ROW,
        ROW,
    )
    assert [(p.line, p.field, p.value) for p in parsed.problems] == [
        (2, "Force Name", "Atlantis"),
        (3, "Sex", "Unknown"),
        (4, "Worker type", "Police Dog"),
        (5, "Total (headcount)", "2.5"),
        (6, "Total (FTE)", "lots"),
        (7, "Total (headcount)", str(int(1e30))),
        (9, "row", ",".join(["2021", *(str(c) for c in ROW[1:7]), "1976", "1950.5"])),
    ]
    assert "duplicate" in parsed.problems[-1].reason


@pytest.mark.django_db
def test_a_workbook_with_a_bad_row_is_refused_whole(tmp_path: Path) -> None:
    bad = write_ods(tmp_path / "workforce.ods", {"Data": [list(HEADER), ROW, [*ROW[:7], "many", 1.0]]})
    before = (WorkforceTotal.objects.count(), WorkforceUnit.objects.count())
    report = ingest([bad])
    [result] = report.files
    assert result.status == "refused" and result.rows_rejected == 2
    assert "line 3, Total (headcount) = 'many'" in result.message
    assert (WorkforceTotal.objects.count(), WorkforceUnit.objects.count()) == before


@pytest.mark.django_db
def test_a_workbook_in_another_layout_or_without_the_sheet_is_refused(tmp_path: Path) -> None:
    other = write_ods(tmp_path / "other.ods", {"Data": [["Force", "Officers"], ["Kent", 3.0]]})
    missing = write_ods(tmp_path / "missing.ods", {"Table 1": [list(HEADER)]})
    before = WorkforceTotal.objects.count()
    report = ingest([other, missing])
    assert [f.status for f in report.files] == ["refused", "refused"]
    assert "not the Home Office workforce headcount table" in report.files[0].message
    assert "no sheet called 'Data'" in report.files[1].message
    assert WorkforceTotal.objects.count() == before
