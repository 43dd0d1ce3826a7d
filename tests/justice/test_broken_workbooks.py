"""Malformed Home Office arrests workbooks, made here from the published sheets: a renamed
sheet, a header moved, a truncated row. Each is refused whole with the file, sheet, line,
field and problem named, and what was stored before (the intact workbook) is left as it was."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parity.justice.importing.arrests import ingest
from parity.justice.models import JusticeUnit, StageCount
from parity.powers.importing.spreadsheets import read_sheet
from tests.conftest import SHARED
from tests.justice.workbooks import write_xlsx

TABLES = SHARED / "home-office" / "arrests" / "arrest-police-powers-procedures-mar19-hosb2519-tables.ods"
SHEETS = ("A_08", "A_01c", "A_04")
Sheets = dict[str, list[list[Any]]]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published() -> Sheets:
    """The three sheets the importer reads, as published (read once: the workbook is large)."""
    return {name: [list(row) for row in read_sheet(TABLES, name)] for name in SHEETS}


@pytest.fixture
def stored(published: Sheets, tmp_path: Path) -> Iterator[Path]:
    """The intact sheets written as a workbook and imported: the state a broken copy must not change."""
    path = write_xlsx(tmp_path / "arrests.xlsx", published)
    report = ingest([path])
    assert not report.refused and report.rows_imported > 600
    yield path


def _held() -> list[tuple[Any, ...]]:
    return [
        *StageCount.objects.order_by("pk").values_list("pk", "source", "area", "period", "group", "count", "unit_id"),
        *JusticeUnit.objects.order_by("pk").values_list("pk", "name"),
    ]


def _header_line(sheet: list[list[Any]], first: str) -> int:
    return next(i for i, row in enumerate(sheet) if any(str(c).strip() == first for c in row[:2]))


def _refused(path: Path, sheets: Sheets, before: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Write the broken sheets over the stored workbook's file, import, check nothing changed."""
    write_xlsx(path, sheets)
    report = ingest([path])
    assert report.refused and report.rows_imported == 0
    assert [f.status for f in report.files] == ["refused"]
    assert _held() == before  # nothing stored changed: not a row replaced, added or removed
    # what the report says of the file: its name (with the sheet, when one sheet is at fault) and why
    return {"message": f"{report.files[0].name}: {report.files[0].message}", "problems": report.problems}


def test_a_renamed_sheet_is_refused_by_name(stored: Path, published: Sheets) -> None:
    before = _held()
    sheets = {("A.08" if name == "A_08" else name): rows for name, rows in published.items()}
    got = _refused(stored, sheets, before)
    assert str(stored) in got["message"] and "has no sheet called 'A_08'" in got["message"]


def test_a_header_moved_is_refused_naming_sheet_line_and_columns(stored: Path, published: Sheets) -> None:
    before = _held()
    sheets = copy.deepcopy(published)
    head = _header_line(sheets["A_08"], "Police Force Area")
    sheets["A_08"][head].insert(1, "")  # the header row moved one column right: the groups no longer line up
    got = _refused(stored, sheets, before)
    message = got["message"]
    assert message.startswith(f"{stored}: sheet A_08: ")
    # the Total column no longer sits under its year, and the importer says where it looked
    assert f"line {head}: no year such as 2018/19 above the Total column" in message


def test_a_header_pushed_down_past_the_title_rows_is_refused(stored: Path, published: Sheets) -> None:
    before = _held()
    sheets = copy.deepcopy(published)
    sheets["A_04"] = [[] for _ in range(20)] + sheets["A_04"]  # the header no longer where the layout has it
    got = _refused(stored, sheets, before)
    assert got["message"].startswith(f"{stored}: sheet A_04: ")
    assert "no header row starting 'Self-defined ethnicity'" in got["message"]


def test_a_truncated_row_is_refused_naming_line_field_and_value(stored: Path, published: Sheets) -> None:
    before = _held()
    sheets = copy.deepcopy(published)
    head = _header_line(sheets["A_08"], "Police Force Area")
    line = next(i for i, row in enumerate(sheets["A_08"]) if i > head and str(row[0]).startswith("Kent"))
    sheets["A_08"][line] = sheets["A_08"][line][:5]  # the row cut off after its fifth cell
    got = _refused(stored, sheets, before)
    found = {(p["file"], p["line"], p["field"], p["value"]) for p in got["problems"]}
    assert (f"{stored} (sheet A_08)", line + 1, "2018/19 Total", "") in found
    cut = next(p for p in got["problems"] if p["line"] == line + 1 and p["field"] == "2018/19 Total")
    assert "not a number" in cut["reason"]
