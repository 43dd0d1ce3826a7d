"""Sheets of the Home Office's OpenDocument and Excel tables, read as rows of cells.

Several published sources (workforce, use of force, arrests) come only as `.ods` or `.xlsx`
workbooks. python-calamine reads them in Rust, sheet by sheet, without a spreadsheet
program; every importer reads them through here so a broken workbook or a missing sheet is
refused the same way, naming the file and the sheet.
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from parity.powers.importing.errors import InputRefused

Cell = str | float | int | bool | None | object
"""What a cell holds: text, a number, a boolean, a date or time, or None when empty."""


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets, in order (InputRefused if it is not a readable workbook)."""
    return list(_open(path).sheet_names)


def read_sheet(path: Path, sheet: str) -> list[list[Cell]]:
    """Every row of one sheet, each a list of cells; trailing empty rows are dropped."""
    book = _open(path)
    if sheet not in book.sheet_names:
        held = ", ".join(book.sheet_names)
        raise InputRefused(path.name, f"has no sheet called {sheet!r} (it holds: {held})")
    try:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as error:
        raise InputRefused(path.name, f"sheet {sheet!r} cannot be read ({error})") from None
    while rows and all(cell in ("", None) for cell in rows[-1]):
        rows.pop()
    return [list(row) for row in rows]


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        raise InputRefused(path.name, f"is not a readable spreadsheet ({error})") from None
