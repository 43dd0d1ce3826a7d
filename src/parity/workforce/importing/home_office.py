"""Import the Home Office "Police workforce open data tables" ethnicity table.

The layout (one row per year x force x gender x rank x worker type x ethnicity):
`As at 31 March..., Geo code, Force Name, Region, Gender, Rank description, Worker type,
Ethnicity, Ethnic group, Total (headcount), Total (FTE)`, sometimes with empty trailing
columns. Counts are written `" 1,976 "` and a dash means none.

The same guarantees as stop and search (`parity.powers.importing`): every row is checked, and
a file with any bad row is refused whole, naming file, line, field, value and reason, because
a table missing some of its cells would give wrong shares without saying so. A good file is
stored one force-year at a time, each in one transaction; the raw row is kept beside each
cell; importing the same rows again changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, refuse_whole
from parity.reference.ethnicity import Group
from parity.reference.forces import ForceInfo, find_force
from parity.reference.models import Force
from parity.workforce.importing.home_office_store import Progress, Table, store
from parity.workforce.models import Headcount

YEAR, GEO, FORCE, REGION, GENDER, RANK, WORKER, ETHNICITY, HO_GROUP, HEADCOUNT, FTE = range(11)
HEADER = (
    "As at 31 March...",
    "Geo code",
    "Force Name",
    "Region",
    "Gender",
    "Rank description",
    "Worker type",
    "Ethnicity",
    "Ethnic group",
    "Total (headcount)",
    "Total (FTE)",
)
WORKER_TYPES: dict[str, str] = {
    "police officer": Headcount.WorkerType.OFFICER,
    "police officers": Headcount.WorkerType.OFFICER,
    "police staff": Headcount.WorkerType.STAFF,
    "pcso": Headcount.WorkerType.PCSO,
    "police community support officer": Headcount.WorkerType.PCSO,
    "police community support officers": Headcount.WorkerType.PCSO,
    "special constable": Headcount.WorkerType.SPECIAL,
    "special constables": Headcount.WorkerType.SPECIAL,
    "designated officer": Headcount.WorkerType.DESIGNATED,
    "designated officers": Headcount.WorkerType.DESIGNATED,
}
# The Home Office categories and their 5+1 group. Before 31 March 2021 the Home Office put
# Chinese officers with "Other" ("Chinese or Other Ethnic Group"); from 2021 it follows the
# 2021 census and counts them as Asian. docs/methodology/workforce-representation.md says how
# the census benchmark is matched to each.
ETHNICITIES: dict[str, Group] = {
    "white": Group.WHITE,
    "asian or asian british": Group.ASIAN,
    "asian": Group.ASIAN,
    "black or black british": Group.BLACK,
    "black": Group.BLACK,
    "mixed": Group.MIXED,
    "mixed or multiple ethnic groups": Group.MIXED,
    "chinese or other ethnic group (pre 2021 category)": Group.OTHER,
    "chinese or other ethnic group": Group.OTHER,
    "other ethnic group": Group.OTHER,
    "other": Group.OTHER,
    "not stated": Group.NOT_STATED,
}
HO_GROUPS = {"white": Group.WHITE, "not stated": Group.NOT_STATED}
MINORITY_LABELS = {"black, asian and minority ethnic", "minority ethnic", "ethnic minority", "bame"}
GENDERS = {"female", "male", "not stated", "prefer not to say", "prefer to self-describe"}
FIRST_YEAR, LAST_YEAR = 1990, 2100
MOST_PEOPLE = 10_000_000  # more than every police workforce in England and Wales many times over
KEY = ("gender", "rank", "worker_type", "ethnicity")


class Checked(Protocol):
    """What a checked row of either Home Office layout tells about where it belongs."""

    @property
    def line(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def force(self) -> str: ...
    @property
    def key(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=Checked)


@dataclass(frozen=True)
class Row:
    line: int
    force: str
    year: int
    gender: str
    rank: str
    worker_type: str
    ethnicity: str
    group: str
    headcount: int
    fte: Decimal
    cells: tuple[str, ...]  # the row as written, column by column

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.gender, self.rank, self.worker_type, self.ethnicity)

    @property
    def values(self) -> tuple[int, Decimal, str]:
        return (self.headcount, self.fte, self.group)


@dataclass
class Parsed(Generic[R]):
    header: str
    rows_read: int
    units: dict[tuple[int, str], list[R]]
    problems: list[Problem]

    def keep(self, row: R | None, text: str, seen: dict[tuple[Any, ...], int]) -> None:
        """Add a checked row to its force-year, or a problem if the file already had its cell."""
        if row is None:
            return
        where = (row.year, row.force, row.key)
        if where in seen:
            reason = f"the same cell as line {seen[where]} (a duplicate)"
            self.problems.append(Problem(row.line, "row", text, reason, True))
            return
        seen[where] = row.line
        self.units[(row.year, row.force)].append(row)


@lru_cache(maxsize=4096)
def _forces(name: str, code: str) -> tuple[ForceInfo | None, ForceInfo | None]:
    """The force a row names and the force its code names (None when blank): asked once per
    distinct pair, as every force's name repeats on thousands of rows."""
    return find_force(name), find_force(code) if code.strip() else None


@lru_cache(maxsize=4096)
def _worker(text: str) -> str | None:
    return WORKER_TYPES.get(" ".join(text.split()).lower())


@lru_cache(maxsize=4096)
def _count(text: str, *, whole: bool) -> Decimal | str:
    """The number written, or the reason it is not one ('-' is none, ' 1,976 ' is 1976)."""
    value = text.strip().replace(",", "")
    if value == "-":
        return Decimal(0)
    try:
        number = Decimal(value)
    except InvalidOperation:
        return "not a number (expected e.g. 1,976, or - for none)"
    if not number.is_finite() or number < 0:
        return "not a count of people (expected 0 or more)"
    if number >= MOST_PEOPLE:
        return f"not a plausible count of people (expected fewer than {MOST_PEOPLE:,})"
    if whole and number != number.to_integral_value():
        return "not a whole number of people"
    return number


def _group(
    ethnicity: str, ho_group: str, bad_ethnicity: Callable[[str], None], bad_group: Callable[[str], None]
) -> Group | None:
    """The 5+1 group of a Home Office category, checked against the table's own broad group."""
    group = ETHNICITIES.get(ethnicity.lower())
    if group is None:
        bad_ethnicity("not a Home Office ethnicity category")
        return None
    written = " ".join(ho_group.split()).lower()
    expected = HO_GROUPS.get(written, "minority" if written in MINORITY_LABELS else None)
    if expected is None:
        bad_group("not a Home Office broad group (White, Black, Asian and Minority Ethnic, Not stated)")
    elif expected != (group if group in {Group.WHITE, Group.NOT_STATED} else "minority"):
        bad_group(f"does not agree with the ethnicity {ethnicity!r}")
    return group


@lru_cache(maxsize=4096)
def _categories(ethnicity: str, ho_group: str) -> str | None:
    """The 5+1 group code of a good pair of ethnicity cells, None if either is a problem."""
    found: list[str] = []
    group = _group(" ".join(ethnicity.split()), ho_group, found.append, found.append)
    return None if found or group is None else group.value


@lru_cache(maxsize=4096)
def _tidy(text: str) -> str:
    return " ".join(text.split())


def _check(line: int, cells: list[str], header: Sequence[str], problems: list[Problem]) -> Row | None:
    """One row as a Row, or None with its problems added.

    A good row is read through small caches (a table of 25,000 rows holds a few hundred
    distinct names and numbers), which made checking about three times faster; a row with
    any problem is checked again cell by cell, so that every problem is named."""
    width = len(HEADER)
    if len(cells) >= width and not any(c.strip() for c in cells[width:]):
        year_text = cells[YEAR].strip()
        year = int(year_text) if year_text.isdigit() else 0
        force, coded = _forces(cells[FORCE], cells[GEO])
        gender = cells[GENDER].strip()
        rank = _tidy(cells[RANK])
        worker = _worker(cells[WORKER])
        group = _categories(cells[ETHNICITY], cells[HO_GROUP])
        headcount = _count(cells[HEADCOUNT], whole=True)
        fte = _count(cells[FTE], whole=False)
        if (
            FIRST_YEAR <= year <= LAST_YEAR
            and force is not None
            and (coded is None or coded == force)
            and gender.lower() in GENDERS
            and rank
            and worker is not None
            and group is not None
            and isinstance(headcount, Decimal)
            and isinstance(fte, Decimal)
        ):
            kept = tuple(cells[:width])
            ethnicity = _tidy(cells[ETHNICITY])
            return Row(line, force.slug, year, gender, rank, worker, ethnicity, group, int(headcount), fte, kept)
    return _named_problems(line, cells, header, problems)


WORKER_KINDS = "police officer, police staff, PCSO, special constable"
Bad = Callable[[int, str], None]  # (column, reason)


def check_person(
    cells: Sequence[str], bad: Bad, worker_of: Callable[[str], str | None], sex_word: str, workers: str
) -> tuple[int, ForceInfo | None, str, str, str | None]:
    """The columns both Home Office workforce layouts begin with, in the same order (year,
    code, force, region, gender or sex, rank, worker type), each checked, problems to `bad`."""
    year_text = cells[YEAR].strip()
    year = int(year_text) if year_text.isdigit() else 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        bad(YEAR, f"not a year from {FIRST_YEAR} to {LAST_YEAR}")
    force, coded = _forces(cells[FORCE], cells[GEO])
    if force is None:
        bad(FORCE, "not a force Parity knows (see `parity forces`)")
    elif coded is not None and coded != force:
        bad(GEO, f"the code of {coded.name}, not of {force.name}")
    sex = cells[GENDER].strip()
    if sex.lower() not in GENDERS:
        bad(GENDER, f"not a Home Office {sex_word} ({', '.join(sorted(GENDERS))})")
    rank = " ".join(cells[RANK].split())
    if not rank:
        bad(RANK, "blank")
    worker = worker_of(cells[WORKER])
    if worker is None:
        bad(WORKER, f"not a Home Office worker type ({workers})")
    return year, force, sex, rank, worker


def _named_problems(line: int, cells: list[str], header: Sequence[str], problems: list[Problem]) -> Row | None:
    """Every problem of a row, each naming its field, value and reason."""
    found: list[Problem] = []

    def bad(column: int, reason: str) -> None:
        value = cells[column] if column < len(cells) else ""
        found.append(
            Problem(line, header[column] if column < len(header) else f"column {column + 1}", value, reason, True)
        )

    if len(cells) < len(HEADER):
        found.append(Problem(line, "row", ",".join(cells), f"has {len(cells)} values, expected {len(HEADER)}", True))
        problems.extend(found)
        return None
    for extra in range(len(HEADER), len(cells)):
        if cells[extra].strip():
            bad(extra, "a value in a column the layout does not have")
    year, force, gender, rank, worker = check_person(cells, bad, _worker, "gender", WORKER_KINDS)
    ethnicity = " ".join(cells[ETHNICITY].split())
    group = _group(
        ethnicity, cells[HO_GROUP], lambda reason: bad(ETHNICITY, reason), lambda reason: bad(HO_GROUP, reason)
    )
    headcount = _count(cells[HEADCOUNT], whole=True)
    if isinstance(headcount, str):
        bad(HEADCOUNT, headcount)
    fte = _count(cells[FTE], whole=False)
    if isinstance(fte, str):
        bad(FTE, fte)
    if found:
        problems.extend(found)
        return None
    assert force is not None and worker is not None and group is not None
    assert isinstance(headcount, Decimal) and isinstance(fte, Decimal)
    kept = tuple(cells[: len(HEADER)])
    return Row(line, force.slug, year, gender, rank, worker, ethnicity, group.value, int(headcount), fte, kept)


def parse(name: str, data: bytes) -> Parsed[Row]:
    """Check every row of one file; InputRefused if it is not this layout at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputRefused(name, f"not UTF-8 text (byte {error.start}); expected a CSV file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise InputRefused(name, "the file is empty; expected the Home Office workforce ethnicity table")
    names = [h.strip() for h in header]
    while names and not names[-1]:
        names.pop()
    if tuple(names) != HEADER:
        raise InputRefused(
            name,
            f"line 1, header = {','.join(header)!r}: not the Home Office workforce ethnicity table; "
            f"expected the columns {', '.join(HEADER)}",
        )
    columns = [*HEADER, *(f"column {i + 1}" for i in range(len(HEADER), len(header)))]
    parsed: Parsed[Row] = Parsed(",".join(header), 0, defaultdict(list), [])
    seen: dict[tuple[Any, ...], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        parsed.keep(_check(line, cells, columns, parsed.problems), ",".join(cells), seen)
    parsed.units = dict(parsed.units)
    return parsed


FORMAT = "home-office-workforce-ethnicity"
TABLE = Table(Headcount, ("gender", "rank", "worker_type", "ethnicity"), ("headcount", "fte", "group"), HEADER)


def _read(path: Path) -> tuple[Parsed[Any], Table, str]:
    """A file checked by the layout it is in: a workbook is the headcount table, a CSV the
    ethnicity table (InputRefused when it is neither)."""
    from parity.workforce.importing import home_office_totals as totals  # it reuses this module's checks

    if not path.is_file():
        raise InputRefused(str(path), "no such file")
    if totals.is_headcount_table(path):
        return totals.parse(path), totals.TABLE, totals.FORMAT
    return parse(str(path), path.read_bytes()), TABLE, FORMAT


def ingest(
    paths: Iterable[Path], *, progress: Progress | None = None, on_units: Callable[[int], None] | None = None
) -> IngestReport:
    """Import Home Office workforce tables (by ethnicity, and headcounts without), reporting
    each file's fate."""
    report = IngestReport()
    forces = {f.slug: f for f in Force.objects.all()}
    read: list[tuple[Path, tuple[Parsed[Any], Table, str]]] = []
    for path in paths:
        try:
            read.append((path, _read(path)))
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.problem))
    if on_units:
        on_units(sum(len(p.units) for _, (p, _, _) in read if not p.problems))
    for path, (parsed, table, layout) in read:
        name = str(path)
        result = FileResult(name, "refused", format=layout, rows_read=parsed.rows_read)
        report.files.append(result)
        if refuse_whole(report, result, parsed.problems):
            continue
        result.rows_imported, result.rows_unchanged = store(
            table, name, parsed.header, parsed.units, forces, progress=progress
        )
        result.status = "imported" if result.rows_imported else "unchanged"
        result.message = f"{len(parsed.units)} force-years"
    return report
