"""Published workbooks are read cell for cell; broken ones are refused naming file and sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.spreadsheets import read_sheet, sheet_names
from tests.conftest import SHARED

WORKFORCE = SHARED / "home-office" / "police-workforce" / "open-data-table-police-workforce-260723.ods"


def test_a_home_office_workbook_reads_row_by_row() -> None:
    assert sheet_names(WORKFORCE) == ["Notes", "Data"]
    rows = read_sheet(WORKFORCE, "Data")
    assert rows[0][:3] == ["As at 31 March...", "Geo code", "Force Name"]
    assert rows[1][:3] == [2007.0, "E23000036", "Avon & Somerset"]
    assert all(len(row) == len(rows[0]) for row in rows)


def test_a_missing_sheet_is_named_with_the_sheets_held() -> None:
    with pytest.raises(InputRefused, match=r"open-data-table.*no sheet called 'Table 9'.*Notes, Data"):
        read_sheet(WORKFORCE, "Table 9")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "tables.ods"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputRefused, match=r"tables\.ods: is not a readable spreadsheet"):
        sheet_names(broken)
