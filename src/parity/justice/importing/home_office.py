"""Import the Home Office "Police powers and procedures: arrests" tables (.ods or .xlsx).

Three sheets are read, each checked against its published layout:

- `A_08`: persons arrested by police force area and self-defined ethnicity, two years side
  by side (Total, White, Black, Asian, Mixed, Chinese or Other, Not stated);
- `A_01c`: England and Wales by ethnicity, one row a year since 2006/07;
- `A_04`: England and Wales, two years, each group's number and published rate per 1,000.

A row of the report is one count: area x year x group. Region subtotals are not stored (a
force's figures add up to them, and the report counts them as left out). `..` (not available,
Lancashire) is stored as no count; `-` is none. The published Total must equal the sum of the
groups, or the file is refused. A unit is one sheet's year.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from parity.justice.importing.report import Parsed, Progress, run
from parity.justice.importing.store import CountRow
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.powers.importing.spreadsheets import Cell, read_sheet
from parity.reference.ethnicity import Group
from parity.reference.forces import find_force

KIND = "home-office-arrests"
STAGE = "arrest"
GROUP_COLUMNS: dict[str, Group] = {
    "white": Group.WHITE,
    "black (or black british)": Group.BLACK,
    "asian (or asian british)": Group.ASIAN,
    "mixed": Group.MIXED,
    "chinese or other": Group.OTHER,
    "not stated": Group.NOT_STATED,
}
NATIONAL = {"england and wales": "england-and-wales", "england": "england", "wales": "wales"}
YEAR = re.compile(r"^(\d{4})/(\d{2})$")
FOOTNOTE = re.compile(r"(?<=[A-Za-z])\d+$")  # "Lancashire1": the footnote mark, not the name
NOT_AVAILABLE = ".."


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else " ".join(str(cell).split())


def _label(cell: Cell) -> str:
    return FOOTNOTE.sub("", _text(cell)).strip()


def _count(cell: Cell) -> int | str | None:
    """A count, None for not available, or why it is neither."""
    if isinstance(cell, bool):
        return "not a count of people"
    if isinstance(cell, int | float):
        if cell < 0 or float(cell) != int(cell):
            return "not a count of people (a whole number, 0 or more)"
        return int(cell)
    text = _text(cell).replace(",", "")
    if text == NOT_AVAILABLE:
        return None
    if text == "-":
        return 0
    if text.isdigit():
        return int(text)
    return "not a number (expected a count, '-' for none or '..' for not available)"


def _year(cell: Cell) -> str | None:
    match = YEAR.match(_text(cell))
    if match and (int(match[1]) + 1) % 100 == int(match[2]):
        return _text(cell)
    return None


class _Sheet:
    """One sheet being read: its rows, where problems go, and the units it fills."""

    def __init__(self, path: Path, sheet: str, parsed: Parsed) -> None:
        self.rows = read_sheet(path, sheet)
        self.sheet = sheet
        self.where = f"{path} (sheet {sheet})"
        self.parsed = parsed
        self.units: dict[str, list[CountRow]] = defaultdict(list)

    def problem(self, line: int, field: str, value: Cell, reason: str) -> None:
        self.parsed.problems.append((self.where, Problem(line, field, _text(value), reason, True)))

    def refuse(self, reason: str) -> InputRefused:
        return InputRefused(self.where, reason)

    def header_row(self, first: str) -> int:
        """The index of the header row: the first whose first cell (or second) reads `first`."""
        for i, row in enumerate(self.rows[:15]):
            if any(_text(c).lower() == first.lower() for c in row[:2]):
                return i
        raise self.refuse(f"no header row starting {first!r} in the first 15 rows; not the published layout")

    def groups(self, header: list[Cell], start: int, line: int) -> list[Group]:
        """The six group columns from `start`, checked against the published order."""
        names = [_label(c).lower() for c in header[start : start + 6]]
        found = [GROUP_COLUMNS.get(n) for n in names]
        if None in found:
            raise self.refuse(
                f"line {line}: the group columns read {', '.join(names)}; expected White, Black (or Black British), "
                "Asian (or Asian British), Mixed, Chinese or Other, Not stated"
            )
        return [g for g in found if g is not None]

    def add(self, unit: str, row: CountRow) -> None:
        self.units[unit].append(row)


def _area(label: str) -> str | None:
    if label.lower() in NATIONAL:
        return NATIONAL[label.lower()]
    force = find_force(label)
    return force.slug if force else None


def _a08(path: Path, parsed: Parsed) -> dict[str, list[CountRow]]:
    s = _Sheet(path, "A_08", parsed)
    head = s.header_row("Police Force Area")
    header = s.rows[head]
    years_row = s.rows[head - 1] if head else []
    blocks: list[tuple[int, str, list[Group]]] = []
    for col, cell in enumerate(header):
        if _text(cell).lower() == "total":
            year = _year(years_row[col] if col < len(years_row) else None)
            if year is None:
                raise s.refuse(f"line {head}: no year such as 2018/19 above the Total column {col + 1}")
            blocks.append((col, year, s.groups(header, col + 1, head + 1)))
    if not blocks:
        raise s.refuse(f"line {head + 1}: no Total column; not the published layout")
    for i, row in enumerate(s.rows[head + 1 :], start=head + 2):
        label = _label(row[0] if row else "")
        if not label or not any(_text(c) for c in row[1:]):
            continue
        if label.lower().startswith(("source", "note")):
            break
        if label.lower().endswith("region"):
            parsed.excluded["region subtotals (not stored; their forces are)"] += 6 * len(blocks)
            continue
        area = _area(label)
        if area is None:
            s.problem(i, "Police Force Area", row[0], "not a police force area Parity knows, nor a region or country")
            parsed.rows_read += 6 * len(blocks)
            continue
        for col, year, groups in blocks:
            _block(s, i, row, col=col, year=year, groups=groups, area=area, unit=f"A_08 {year}", header=header)
    return s.units


def _block(
    s: _Sheet, line: int, row: list[Cell], *, col: int, year: str, groups: list[Group], area: str, unit: str,
    header: list[Cell],
) -> None:  # fmt: skip
    """One area-year of six groups and a Total: checked, then added to its unit."""
    cells = row[col : col + 7] + [""] * max(0, col + 7 - len(row))
    s.parsed.rows_read += len(groups)
    values: list[int | None] = []
    bad = False
    for offset, cell in enumerate(cells):
        value = _count(cell)
        heading = _label(header[col + offset]) if col + offset < len(header) else f"column {col + offset + 1}"
        name = f"{year} {heading}"
        if isinstance(value, str):
            s.problem(line, name, cell, value)
            bad = True
        values.append(None if isinstance(value, str) else value)
    if bad:
        return
    total, parts = values[0], values[1:]
    if total is not None and None not in parts and sum(p or 0 for p in parts) != total:
        s.problem(line, f"{year} Total", cells[0], f"is not the sum of the groups ({sum(p or 0 for p in parts):,})")
        return
    raw = {"sheet": s.sheet, "area": _text(row[0]), "year": year, "cells": [_text(c) for c in cells]}
    for group, value in zip(groups, parts, strict=True):
        s.add(unit, CountRow(f"{KIND} {s.sheet}", area, year, STAGE, group.value, value, line, raw))


def _a01c(path: Path, parsed: Parsed) -> dict[str, list[CountRow]]:
    s = _Sheet(path, "A_01c", parsed)
    head = s.header_row("White")
    header = s.rows[head]
    groups = s.groups(header, 1, head + 1)
    if _label(header[7] if len(header) > 7 else "").lower() != "total":
        raise s.refuse(f"line {head + 1}: no Total column after the groups; not the published layout")
    for i, row in enumerate(s.rows[head + 1 :], start=head + 2):
        first = _text(row[0] if row else "")
        if not first or not any(_text(c) for c in row[1:]):
            continue
        if first.lower().startswith(("source", "note")):
            break
        year = _year(first)
        if year is None:
            s.problem(i, "Year", row[0], "not a financial year such as 2018/19")
            parsed.rows_read += len(groups)
            continue
        shifted = [row[0], row[7] if len(row) > 7 else "", *row[1:7]]  # Total first, as in A_08
        _block(
            s,
            i,
            shifted,
            col=1,
            year=year,
            groups=groups,
            area="england-and-wales",
            unit=f"A_01c {year}",
            header=["", header[7], *header[1:7]],
        )
    return s.units


def _a04(path: Path, parsed: Parsed) -> dict[str, list[CountRow]]:
    s = _Sheet(path, "A_04", parsed)
    head = s.header_row("Self-defined ethnicity")
    years = [(col, _year(c)) for col, c in enumerate(s.rows[head]) if _year(c)]
    measures = s.rows[head + 1] if head + 1 < len(s.rows) else []
    if not years:
        raise s.refuse(f"line {head + 1}: no year such as 2018/19 in the header; not the published layout")
    for col, _ in years:
        number = _text(measures[col] if col < len(measures) else "").lower()
        rate = _text(measures[col + 2] if col + 2 < len(measures) else "").lower()
        if number != "number" or not rate.startswith("arrest rate per 1,000"):
            raise s.refuse(
                f"line {head + 2}: columns {col + 1} and {col + 3} read {number!r} and {rate!r}; "
                "expected Number and Arrest rate per 1,000 population"
            )
    for i, row in enumerate(s.rows[head + 2 :], start=head + 3):
        label = _label(row[0] if row else "").lower()
        if not label or not any(_text(c) for c in row[1:]):
            continue
        if label.startswith(("source", "note")):
            break
        if label == "total":
            continue  # the sum of the rows above; A_01c and A_08 carry the same total
        group = GROUP_COLUMNS.get(label)
        parsed.rows_read += len(years)
        if group is None:
            s.problem(i, "Self-defined ethnicity", row[0], "not a Home Office arrests ethnic group")
            continue
        for col, year in years:
            assert year is not None
            count = _count(row[col] if col < len(row) else "")
            rate_cell = row[col + 2] if col + 2 < len(row) else ""
            published = (
                float(rate_cell) if isinstance(rate_cell, int | float) and not isinstance(rate_cell, bool) else None
            )
            if isinstance(count, str):
                s.problem(i, f"{year} Number", row[col], count)
                continue
            if published is None and _text(rate_cell) not in {"*", ""}:
                s.problem(i, f"{year} Arrest rate per 1,000 population", rate_cell, "not a rate (a number, or *)")
                continue
            raw = {
                "sheet": "A_04",
                "group": _text(row[0]),
                "year": year,
                "number": _text(row[col]),
                "rate": _text(rate_cell),
            }
            s.add(
                f"A_04 {year}",
                CountRow(
                    f"{KIND} A_04",
                    "england-and-wales",
                    year,
                    STAGE,
                    group.value,
                    count,
                    i,
                    raw,
                    published_rate=published,
                ),
            )
    return s.units


SHEETS = (_a08, _a01c, _a04)


def parse(path: Path) -> Parsed:
    """Every sheet of the workbook checked; InputRefused if it is not the arrests tables at all."""
    if path.suffix.lower() not in {".ods", ".xlsx"}:
        raise InputRefused(str(path), "not an .ods or .xlsx workbook; expected the Home Office arrests tables")
    parsed = Parsed(KIND)
    for sheet in SHEETS:
        parsed.units.update(sheet(path, parsed))
    return parsed


def ingest(paths: Iterable[Path], *, progress: Progress | None = None) -> IngestReport:
    """Import Home Office arrests tables, reporting each file's fate."""
    return run(paths, parse, progress=progress)
