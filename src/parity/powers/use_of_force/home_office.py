"""Read the Home Office "Police use of force statistics" Table 16, as published or cleaned.

Table 16 counts the times each tactic was used, by police force and the officer's perception
of the person's ethnicity. It comes two ways, and both are read: the OpenDocument workbook
as published (sheet `Table_16`, a title and notes around the table, `:` for "not available")
and a cleaned CSV of the same rows (the same columns, an empty cell for "not available",
counts written `12788.0`). The 2018/19 table has two columns the 2019/20 one has not
(Chinese, Don't know).

Rows are understood, not copied: a unit's hash is of the counts, so the workbook and the
CSV of the same year are the same unit, and importing one after the other changes nothing.
A file with any bad row is refused whole, naming file, line, field, value and problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.spreadsheets import Cell, read_sheet
from parity.reference.forces import find_force

SHEET = "Table_16"
NATIONAL = "england-and-wales"
NATIONAL_LABEL = "Total England and Wales"
TOTAL_TACTICS = "*Total Tactics"
NOT_AVAILABLE = ":"
FORMAT = "home-office-use-of-force-table-16"
# The header's labels and the field each fills; the first nine are in every year's table.
COLUMNS: dict[str, str] = {
    "police force": "area",
    "type of force": "type_of_force",
    "tactic": "tactic",
    "white": "white",
    "black (or black british)": "black",
    "asian (or asian british)": "asian",
    "mixed": "mixed",
    "other": "other",
    "not reported": "not_reported",
    "number of times tactic reported": "total",
    "chinese": "chinese",
    "don't know": "dont_know",
}
REQUIRED = tuple(list(COLUMNS.values())[:10])
COUNTS = ("white", "black", "asian", "chinese", "mixed", "other", "dont_know", "not_reported")
_PERIOD = re.compile(r"apr(?:il)?[-_ ]?(\d{4})[-_ ]?mar(?:ch)?[-_ ]?(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One row of the table, understood: counts are None where the table has none."""

    line: int
    area: str
    position: int
    type_of_force: str
    tactic: str
    counts: dict[str, int | None]
    raw: dict[str, str]

    def key(self) -> str:
        values = ",".join("" if self.counts.get(c) is None else str(self.counts[c]) for c in (*COUNTS, "total"))
        return f"{self.type_of_force}\x1f{self.tactic}\x1f{values}"


@dataclass
class Parsed:
    period: str
    rows_read: int
    units: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def digest(rows: Sequence[Row]) -> str:
    """The hash of a unit's counts as understood (the same in the workbook and the CSV)."""
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update(row.key().encode() + b"\x1e")
    return hashed.hexdigest()


def period_of(name: str) -> str:
    """The financial year the file name says (…apr2019-mar2020…, …april2019-march2020…)."""
    found = _PERIOD.search(Path(name).name)
    if found is None or int(found.group(2)) != int(found.group(1)) + 1:
        raise InputRefused(
            name,
            "the financial year cannot be told from the file name; name it as the Home Office does, "
            "e.g. police-use-of-force-apr2019-mar2020-tables.ods or april2019-march2020.csv",
        )
    start = int(found.group(1))
    return f"{start}/{(start + 1) % 100:02d}"


def is_table_16_csv(header: Sequence[str]) -> bool:
    return [h.strip().lower() for h in header[:3]] == ["police force", "type of force", "tactic"]


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


CUT_OFF = "missing: the row ends before this column (a truncated row)"
# The published workbooks write ":" for not available and leave no count blank, so a blank
# there is a cell lost (a row cut off, say); the cleaned CSVs write not available as blank.
BLANK_IN_WORKBOOK = "blank: the published table has a count, or : for not available, in every cell"


def _count(cell: Cell) -> int | str | None:
    """A count, None for "not available", or why the cell is neither."""
    if isinstance(cell, bool):
        return "not a count (expected a whole number, or : for not available)"
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        text = str(cell or "").strip().replace(",", "")
        if text in ("", NOT_AVAILABLE):
            return None
        try:
            number = float(text)
        except ValueError:
            return "not a count (expected a whole number, or : for not available)"
    if not number.is_integer() or number < 0:
        return "not a count of uses (expected a whole number of 0 or more)"
    return int(number)


def _cell_count(cells: Sequence[Cell], i: int, *, workbook: bool) -> int | str | None:
    """The count in column `i`: a blank CSV cell is "not available"; no cell at all is a row cut off."""
    if i >= len(cells):
        return CUT_OFF
    if workbook and not _text(cells[i]).strip():
        return BLANK_IN_WORKBOOK
    return _count(cells[i])


def _fields(name: str, line: int, header: Sequence[Cell]) -> dict[str, int]:
    """Where each field is, from the header; InputRefused if it is not Table 16's."""
    where: dict[str, int] = {}
    for i, cell in enumerate(header):
        label = " ".join(_text(cell).split()).lower()
        if label in COLUMNS:
            where[COLUMNS[label]] = i
        elif label:
            raise InputRefused(name, f"line {line}, column {i + 1} = {_text(cell)!r}: not a column of Table 16")
    missing = [f for f in REQUIRED if f not in where]
    if missing:
        raise InputRefused(
            name,
            f"line {line}: not Table 16 of the Home Office use of force statistics; the header lacks "
            + ", ".join(missing),
        )
    return where


def _check(
    line: int, cells: Sequence[Cell], where: dict[str, int], header: Sequence[Cell], *, workbook: bool
) -> Row | list[Problem]:
    problems: list[Problem] = []

    def cell(name: str) -> Cell:
        i = where[name]
        return cells[i] if i < len(cells) else ""

    def bad(name: str, reason: str) -> None:
        problems.append(Problem(line, _text(header[where[name]]).strip(), _text(cell(name)), reason, True))

    label = " ".join(_text(cell("area")).split())
    area = NATIONAL if label.lower() == NATIONAL_LABEL.lower() else None
    if area is None:
        force = find_force(label)
        if force is None:
            bad("area", "not a police force Parity knows (see `parity forces`), nor Total England and Wales")
        else:
            area = force.slug
    type_of_force = " ".join(_text(cell("type_of_force")).split())
    tactic = " ".join(_text(cell("tactic")).split())
    if not tactic:
        bad("tactic", "blank")
    counts: dict[str, int | None] = {}
    for name in (*COUNTS, "total"):
        if name not in where:
            continue
        value = _cell_count(cells, where[name], workbook=workbook)
        if isinstance(value, str):
            bad(name, value)
        else:
            counts[name] = value
    if not problems:
        parts = [counts.get(c) for c in COUNTS if c in where]
        total = counts.get("total")
        if total is not None and all(p is not None for p in parts):
            added = sum(p for p in parts if p is not None)
            if added != total:
                bad("total", f"the ethnicity columns add to {added}, not to this total")
    if problems:
        return problems
    assert area is not None
    raw = {_text(header[i]).strip(): _text(cells[i] if i < len(cells) else "") for i in sorted(where.values())}
    return Row(line, area, 0, type_of_force, tactic, counts, raw)


def _rows(
    name: str, rows: list[tuple[int, Sequence[Cell]]], header_at: int, period: str, *, workbook: bool = False
) -> Parsed:
    line, header = rows[header_at]
    where = _fields(name, line, header)
    parsed = Parsed(period, 0)
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in rows[header_at + 1 :]:
        first = " ".join(_text(cells[0] if cells else "").split())
        if not first and not any(_text(c).strip() for c in cells):
            if parsed.rows_read:
                break  # the table ends at its first blank row; the notes follow
            continue
        parsed.rows_read += 1
        checked = _check(line, cells, where, header, workbook=workbook)
        if isinstance(checked, list):
            parsed.problems.extend(checked)
            continue
        key = (checked.area, checked.type_of_force, checked.tactic)
        if key in seen:
            parsed.problems.append(
                Problem(
                    line, "row", checked.tactic, f"the same force and tactic as line {seen[key]} (a duplicate)", True
                )
            )
            continue
        seen[key] = line
        unit = parsed.units.setdefault(checked.area, [])
        unit.append(
            Row(line, checked.area, len(unit), checked.type_of_force, checked.tactic, checked.counts, checked.raw)
        )
    if not parsed.rows_read:
        raise InputRefused(name, "Table 16 has no rows")
    return parsed


def parse_workbook(path: Path) -> Parsed:
    """Table 16 of the published workbook: the table starts at the row headed `Police force`."""
    period = period_of(str(path))
    rows: list[tuple[int, Sequence[Cell]]] = list(enumerate(read_sheet(path, SHEET), start=1))
    for at, (_, cells) in enumerate(rows):
        if cells and _text(cells[0]).strip().lower() == "police force":
            return _rows(f"{path} (sheet {SHEET})", rows, at, period, workbook=True)
    raise InputRefused(f"{path} (sheet {SHEET})", "no header row starting 'Police force': not Table 16")


def parse_csv(name: str, data: bytes) -> Parsed:
    """The cleaned CSV of Table 16: the same rows, one header line."""
    period = period_of(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputRefused(name, f"not UTF-8 text (byte {error.start}); expected a CSV file") from None
    rows: list[tuple[int, Sequence[Cell]]] = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    if not rows:
        raise InputRefused(name, "the file is empty; expected Table 16 of the Home Office use of force statistics")
    return _rows(name, rows, 0, period)
