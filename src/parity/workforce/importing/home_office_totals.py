"""Import the Home Office "Police workforce open data table" (headcounts without ethnicity).

The layout, sheet "Data" of the published workbook: `As at 31 March..., Geo code, Force
Name, Region, Sex, Rank description, Worker type, Total (headcount), Total (FTE)`, one row
per year x force x sex x rank x worker type. Traps, all real: years and counts are numbers
in the sheet but may be text (`" 1,976 "`, `-` for none) in a re-saved copy; the FTE of
special constables and volunteers is `N/A` (they are unpaid: held as no FTE, not zero);
worker-type labels change case across years (`Police Staff`, `Police staff`); British
Transport Police has the code `N/A`; force names follow the Home Office.

The same guarantees as the ethnicity table (`home_office`): every row is checked and a
sheet with any bad row is refused whole; each force-year is stored in one transaction;
the row as written is kept; the same rows again change nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.spreadsheets import Cell, read_sheet
from parity.workforce.importing.home_office import (
    FIRST_YEAR,
    GENDERS,
    LAST_YEAR,
    WORKER_TYPES,
    Parsed,
    _count,
    _forces,
    _tidy,
    check_person,
)
from parity.workforce.importing.home_office_store import Table
from parity.workforce.totals import WorkforceTotal

SHEET = "Data"
FORMAT = "home-office-workforce-headcount"
YEAR, GEO, FORCE, REGION, SEX, RANK, WORKER, HEADCOUNT, FTE = range(9)
HEADER = (
    "As at 31 March...",
    "Geo code",
    "Force Name",
    "Region",
    "Sex",
    "Rank description",
    "Worker type",
    "Total (headcount)",
    "Total (FTE)",
)
TOTAL_WORKER_TYPES: dict[str, str] = {
    **WORKER_TYPES,
    "police support volunteer": WorkforceTotal.WorkerType.VOLUNTEER,
    "police support volunteers": WorkforceTotal.WorkerType.VOLUNTEER,
}
NO_FTE = {"n/a"}
FTE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class TotalRow:
    line: int
    force: str
    year: int
    sex: str
    rank: str
    worker_type: str
    headcount: int
    fte: Decimal | None
    cells: tuple[str, ...]  # the row as written, column by column

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.sex, self.rank, self.worker_type)

    @property
    def values(self) -> tuple[int, Decimal | None]:
        return (self.headcount, self.fte)


TABLE = Table(WorkforceTotal, ("sex", "rank", "worker_type"), ("headcount", "fte"), HEADER)


def is_headcount_table(path: Path) -> bool:
    """A workbook, which only the headcount table (of the layouts read here) comes as."""
    return path.suffix.lower() in {".ods", ".xlsx", ".xls"}


def _text(cell: Cell) -> str:
    """A cell as the sheet shows it: whole numbers without '.0', text as written."""
    if type(cell) is str:
        return cell
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


@lru_cache(maxsize=4096)
def _worker(text: str) -> str | None:
    return TOTAL_WORKER_TYPES.get(" ".join(text.split()).lower())


def _check(line: int, cells: tuple[str, ...], problems: list[Problem]) -> TotalRow | None:
    """One row as a TotalRow, or None with its problems added: a good row through the small
    caches, a row with a problem cell by cell so that every problem is named."""
    year = int(cells[YEAR]) if cells[YEAR].isdigit() else 0
    force, coded = _forces(cells[FORCE], cells[GEO])
    rank = _tidy(cells[RANK])
    worker = _worker(cells[WORKER])
    headcount = _count(cells[HEADCOUNT], whole=True)
    no_fte = cells[FTE].strip().lower() in NO_FTE
    fte = None if no_fte else _count(cells[FTE], whole=False)
    if (
        FIRST_YEAR <= year <= LAST_YEAR
        and force is not None
        and (coded is None or coded == force)
        and cells[SEX].strip().lower() in GENDERS
        and rank
        and worker is not None
        and isinstance(headcount, Decimal)
        and (fte is None or isinstance(fte, Decimal))
    ):
        held_fte = None if fte is None else fte.quantize(FTE_PLACES)
        return TotalRow(line, force.slug, year, cells[SEX].strip(), rank, worker, int(headcount), held_fte, cells)
    return _named_problems(line, cells, problems)


def _named_problems(line: int, cells: tuple[str, ...], problems: list[Problem]) -> TotalRow | None:
    found: list[Problem] = []

    def bad(column: int, reason: str) -> None:
        found.append(Problem(line, HEADER[column], cells[column], reason, True))

    workers = "police officer, staff, PCSO, designated, special, volunteer"
    year, force, sex, rank, worker = check_person(cells, bad, _worker, "sex", workers)
    headcount = _count(cells[HEADCOUNT], whole=True)
    if isinstance(headcount, str):
        bad(HEADCOUNT, headcount)
    fte: Decimal | str | None = None
    if cells[FTE].strip().lower() not in NO_FTE:
        fte = _count(cells[FTE], whole=False)
        if isinstance(fte, str):
            bad(FTE, fte + "; N/A where there is none")
    if found:
        problems.extend(found)
        return None
    assert force is not None and worker is not None and isinstance(headcount, Decimal)
    held_fte = fte.quantize(FTE_PLACES) if isinstance(fte, Decimal) else None
    return TotalRow(line, force.slug, year, sex, rank, worker, int(headcount), held_fte, cells)


def parse(path: Path) -> Parsed[TotalRow]:
    """Check every row of the workbook's data sheet; InputRefused if it is not this layout."""
    return parse_rows(path, read_sheet(path, SHEET))


def parse_rows(path: Path, rows: list[list[Cell]]) -> Parsed[TotalRow]:
    """Check every row as read from the sheet (the first is the header)."""
    if not rows:
        raise InputRefused(str(path), f"sheet {SHEET!r} is empty; expected the Home Office workforce table")
    names = [_text(c).strip() for c in rows[0]]
    while names and not names[-1]:
        names.pop()
    if tuple(names) != HEADER:
        raise InputRefused(
            str(path),
            f"sheet {SHEET!r}, row 1 = {','.join(names)!r}: not the Home Office workforce headcount table; "
            f"expected the columns {', '.join(HEADER)}",
        )
    parsed: Parsed[TotalRow] = Parsed(",".join(HEADER), 0, defaultdict(list), [])
    problems = parsed.problems
    seen: dict[tuple[Any, ...], int] = {}
    width = len(HEADER)
    for line, raw in enumerate(rows[1:], start=2):
        cells = tuple(map(_text, raw))
        if not "".join(cells).strip():
            continue
        parsed.rows_read += 1
        if len(cells) < width:
            cells = cells + ("",) * (width - len(cells))
        extra = [i for i in range(width, len(cells)) if cells[i].strip()]
        if extra:
            column = f"column {extra[0] + 1}"
            problems.append(Problem(line, column, cells[extra[0]], "a value in a column this layout lacks", True))
            continue
        parsed.keep(_check(line, cells[:width], problems), ",".join(cells), seen)
    parsed.units = dict(parsed.units)
    return parsed
