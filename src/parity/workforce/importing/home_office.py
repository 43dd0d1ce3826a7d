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

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import Group
from parity.reference.forces import find_force
from parity.reference.models import Force
from parity.workforce.importing.files import Progress, csv_lines, ingest_files
from parity.workforce.models import Headcount, WorkforceUnit

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
KEY = ("gender", "rank", "worker_type", "ethnicity")


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
    raw: dict[str, str]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.gender, self.rank, self.worker_type, self.ethnicity)


@dataclass
class Parsed:
    header: str
    rows_read: int
    units: dict[tuple[int, str], list[Row]]
    problems: list[Problem]


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


def _check(line: int, cells: list[str], header: Sequence[str], problems: list[Problem]) -> Row | None:
    """One row as a Row, or None with its problems added."""
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
    year_text = cells[YEAR].strip()
    year = int(year_text) if year_text.isdigit() else 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        bad(YEAR, f"not a year from {FIRST_YEAR} to {LAST_YEAR}")
    force = find_force(cells[FORCE])
    coded = find_force(cells[GEO]) if cells[GEO].strip() else None
    if force is None:
        bad(FORCE, "not a force Parity knows (see `parity forces`)")
    elif coded is not None and coded != force:
        bad(GEO, f"the code of {coded.name}, not of {force.name}")
    gender = cells[GENDER].strip()
    if gender.lower() not in GENDERS:
        bad(GENDER, f"not a Home Office gender ({', '.join(sorted(GENDERS))})")
    rank = " ".join(cells[RANK].split())
    if not rank:
        bad(RANK, "blank")
    worker = WORKER_TYPES.get(" ".join(cells[WORKER].split()).lower())
    if worker is None:
        bad(WORKER, "not a Home Office worker type (police officer, police staff, PCSO, special constable)")
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
    raw = {name: cells[i] for i, name in enumerate(HEADER)}
    return Row(line, force.slug, year, gender, rank, worker, ethnicity, group.value, int(headcount), fte, raw)


def parse(name: str, data: bytes) -> Parsed:
    """Check every row of one file; InputRefused if it is not this layout at all."""
    header, reader = csv_lines(name, data, "the Home Office workforce ethnicity table")
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
    problems: list[Problem] = []
    units: dict[tuple[int, str], list[Row]] = defaultdict(list)
    seen: dict[tuple[int, str, tuple[str, str, str, str]], int] = {}
    rows_read = 0
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows_read += 1
        row = _check(line, cells, columns, problems)
        if row is None:
            continue
        where = (row.year, row.force, row.key)
        if where in seen:
            problems.append(
                Problem(line, "row", ",".join(cells), f"the same cell as line {seen[where]} (a duplicate)", True)
            )
            continue
        seen[where] = line
        units[(row.year, row.force)].append(row)
    return Parsed(",".join(header), rows_read, dict(units), problems)


def _digest(rows: Iterable[Row]) -> str:
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update("\x1f".join(row.raw.values()).encode() + b"\x1e")
    return hashed.hexdigest()


def import_unit(name: str, header: str, rows: list[Row], force: Force) -> tuple[int, int]:
    """Store one force-year in one transaction; (imported, unchanged). Same rows again: no write."""
    as_at = date(rows[0].year, 3, 31)
    digest = _digest(rows)
    same = WorkforceUnit.objects.filter(force=force, as_at=as_at, sha256=digest).first()
    # The same rows again change nothing, unless another file has since rewritten some cells.
    if same is not None and not Headcount.objects.filter(force=force, as_at=as_at, unit_id__gt=same.pk).exists():
        return 0, len(rows)
    with transaction.atomic():
        held = {
            (gender, rank, worker, ethnicity): (pk, (headcount, Decimal(fte), group))
            for pk, gender, rank, worker, ethnicity, headcount, fte, group in Headcount.objects.filter(
                force=force, as_at=as_at
            ).values_list("pk", "gender", "rank", "worker_type", "ethnicity", "headcount", "fte", "group")
        }
        unit = same or WorkforceUnit.objects.create(
            force=force,
            as_at=as_at,
            name=name[-500:],
            header=header,
            sha256=digest,
            rows_read=len(rows),
            rows_imported=0,
            rows_unchanged=0,
        )
        new: list[Row] = []
        changed = 0
        for row in rows:
            cell = held.get(row.key)
            if cell is None:
                new.append(row)
            elif cell[1] != (row.headcount, row.fte, row.group):
                changed += Headcount.objects.filter(pk=cell[0]).update(
                    unit=unit, headcount=row.headcount, fte=row.fte, group=row.group, line=row.line, raw=row.raw
                )
        _insert(unit.pk, force.pk, as_at, new)
        imported = len(new) + changed
        unchanged = len(rows) - imported
        WorkforceUnit.objects.filter(pk=unit.pk).update(rows_imported=imported, rows_unchanged=unchanged)
    return imported, unchanged


_COLUMNS = (
    "unit_id", "force_id", "as_at", "gender", "rank", "worker_type", "ethnicity", "group", "headcount", "fte",
    "line", "raw",
)  # fmt: skip


def _insert(unit: int, force: int, as_at: date, rows: list[Row]) -> None:
    """One parameterised INSERT for many cells: building a model per cell for bulk_create
    cost most of an import, and these plain values need none of what it does."""
    if not rows:
        return
    table = connection.ops.quote_name(Headcount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    values = [
        (
            unit, force, as_at, r.gender, r.rank, r.worker_type, r.ethnicity, r.group, r.headcount, str(r.fte),
            r.line, json.dumps(r.raw),
        )
        for r in rows
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})", values)


def ingest(
    paths: Iterable[Path], *, progress: Progress | None = None, on_units: Callable[[int], None] | None = None
) -> IngestReport:
    """Import Home Office workforce ethnicity tables, reporting each file's fate."""
    forces = {f.slug: f for f in Force.objects.all()}

    def store(name: str, parsed: Parsed, key: tuple[int, str], rows: list[Row]) -> tuple[int, int, str]:
        year, slug = key
        return (*import_unit(name, parsed.header, rows, forces[slug]), f"{slug} {year}")

    return ingest_files(
        paths, parse, store, format_of=lambda _: "home-office-workforce-ethnicity", progress=progress,
        on_units=on_units,
    )  # fmt: skip
