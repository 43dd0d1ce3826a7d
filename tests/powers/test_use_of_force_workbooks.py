"""Malformed Home Office use-of-force workbooks, made here from the published Table 16: a
renamed sheet, a header moved, a column renamed, a truncated row. Each is refused whole with
the file, sheet, line, field and problem named, and the table stored before is left as it was."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parity.powers.importing.spreadsheets import read_sheet
from parity.powers.use_of_force.ingest import ingest
from parity.powers.use_of_force.models import TacticCount, UseOfForceUnit
from tests.conftest import SHARED
from tests.justice.workbooks import write_xlsx

PUBLISHED = SHARED / "home-office" / "use-of-force" / "police-use-of-force-apr2018-mar2019-hosb3319-tables.ods"
NAME = "police-use-of-force-apr2018-mar2019-tables.xlsx"  # the year is read from the name
SHEET = "Table_16"
Rows = list[list[Any]]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def table_16() -> Rows:
    """Table 16 as published (read once: the workbook is large)."""
    return [list(row) for row in read_sheet(PUBLISHED, SHEET)]


@pytest.fixture
def stored(table_16: Rows, tmp_path: Path) -> Iterator[Path]:
    """The intact table written as a workbook and imported: the state a broken copy must not change."""
    path = write_xlsx(tmp_path / NAME, {SHEET: table_16})
    report = ingest([path])
    assert not report.refused and report.rows_imported > 1000
    yield path


def _held() -> list[tuple[Any, ...]]:
    return [
        *TacticCount.objects.order_by("pk").values_list("pk", "area", "period", "tactic", "white", "black", "unit_id"),
        *UseOfForceUnit.objects.order_by("pk").values_list("pk", "name"),
    ]


def _header(rows: Rows) -> int:
    return next(i for i, row in enumerate(rows) if row and str(row[0]).strip() == "Police force")


def _refused(path: Path, sheets: dict[str, Rows]) -> dict[str, Any]:
    """Write the broken table over the stored workbook's file and import it: refused, nothing changed."""
    before = _held()
    write_xlsx(path, sheets)
    report = ingest([path])
    assert report.refused and report.rows_imported == 0
    assert [f.status for f in report.files] == ["refused"]
    assert _held() == before  # nothing stored changed: not a count replaced, added or removed
    return {"message": f"{report.files[0].name}: {report.files[0].message}", "problems": report.problems}


def test_a_renamed_sheet_is_refused_by_name(stored: Path, table_16: Rows) -> None:
    got = _refused(stored, {"Table 16": table_16})
    assert got["message"].startswith(f"{stored}: ") and "has no sheet called 'Table_16'" in got["message"]


def test_a_header_moved_is_refused_naming_the_sheet(stored: Path, table_16: Rows) -> None:
    rows = copy.deepcopy(table_16)
    rows[_header(rows)].insert(0, "")  # the header row moved one column right
    got = _refused(stored, {SHEET: rows})
    assert got["message"] == f"{stored}: sheet {SHEET}: no header row starting 'Police force': not Table 16"


def test_a_renamed_column_is_refused_naming_sheet_line_and_column(stored: Path, table_16: Rows) -> None:
    rows = copy.deepcopy(table_16)
    head = _header(rows)
    rows[head][rows[head].index("White")] = "White people"
    got = _refused(stored, {SHEET: rows})
    assert got["message"].startswith(f"{stored}: sheet {SHEET}: line {head + 1}, column 4 = 'White people'")
    assert "not a column of Table 16" in got["message"]


def test_a_truncated_row_is_refused_naming_sheet_line_field_and_value(stored: Path, table_16: Rows) -> None:
    rows = copy.deepcopy(table_16)
    cut = _header(rows) + 3
    rows[cut] = rows[cut][:5]  # the row cut off after its fifth cell
    got = _refused(stored, {SHEET: rows})
    problems = [p for p in got["problems"] if p["line"] == cut + 1]
    assert problems and all(p["file"] == f"{stored} (sheet {SHEET})" for p in problems)
    head = table_16[_header(table_16)]
    assert {p["field"] for p in problems} == {str(h).strip() for h in head[5:] if str(h).strip()}  # each one cut off
    assert all(p["value"] == "" and "blank" in p["reason"] for p in problems)
    assert "nothing from this file was stored" in got["message"]
