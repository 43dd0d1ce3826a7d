"""Import a force's arrests-and-disposals extract (docs/reference/arrests-extract.md).

One row is one arrest and what was decided after it. Every row is checked; a file with any
bad row is refused whole, naming file, line, field, value and reason. A good file is stored
one force-year at a time, each in one transaction, replacing what was held for that
force-year; the same rows again change nothing. After each force's years are stored, its
warehouse partition is written again from the database, so the stage table reads them.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from parity.justice.importing.report import Parsed, csv_rows
from parity.justice.models import ArrestRecord, JusticeUnit
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.reference.calendar import financial_year
from parity.reference.ethnicity import Group, group_of, self_defined_code
from parity.reference.forces import find_force
from parity.reference.models import Force
from parity.warehouse.arrests import write_arrests

KIND = "arrests-extract"
HEADER = (
    "force", "arrest_reference", "person", "self_defined_ethnicity", "age_band", "gender", "offence_group",
    "arrest_date", "outcome", "outcome_date",
)  # fmt: skip
AGE_BANDS = ("10-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown")
GENDERS = ("female", "male", "other", "unknown")
OFFENCE_GROUPS = (
    "violence against the person", "sexual offences", "robbery", "theft offences", "criminal damage and arson",
    "drug offences", "possession of weapons", "public order offences", "miscellaneous crimes against society",
    "fraud offences", "other",
)  # fmt: skip
Outcome = ArrestRecord.Outcome
OUTCOMES: dict[str, str] = {
    "charge": Outcome.CHARGE, "charged": Outcome.CHARGE, "summons": Outcome.CHARGE, "charge or summons": Outcome.CHARGE,
    "postal requisition": Outcome.CHARGE, "caution": Outcome.CAUTION, "simple caution": Outcome.CAUTION,
    "youth caution": Outcome.CAUTION, "conditional caution": Outcome.CONDITIONAL_CAUTION,
    "youth conditional caution": Outcome.CONDITIONAL_CAUTION, "community resolution": Outcome.COMMUNITY_RESOLUTION,
    "deferred prosecution": Outcome.DIVERSION, "diversion": Outcome.DIVERSION, "diversion scheme": Outcome.DIVERSION,
    "deferred prosecution or diversion scheme": Outcome.DIVERSION, "no further action": Outcome.NO_FURTHER_ACTION,
    "nfa": Outcome.NO_FURTHER_ACTION, "": Outcome.PENDING,
}  # fmt: skip
OUT_OF_COURT = {Outcome.CAUTION, Outcome.CONDITIONAL_CAUTION, Outcome.COMMUNITY_RESOLUTION, Outcome.DIVERSION}
STAGE_OF: dict[str, str] = {
    Outcome.CHARGE: "charge",
    **dict.fromkeys(OUT_OF_COURT, "out_of_court"),
    Outcome.NO_FURTHER_ACTION: "nfa",
}
PSEUDONYM = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Arrest:
    line: int
    force: str
    reference: str
    person: str
    ethnicity: str
    group: str
    age_band: str
    gender: str
    offence_group: str
    arrested_on: date
    period: str
    outcome: str
    outcome_on: date | None


def _date(text: str) -> date | None:
    text = text.strip()
    for pattern in (r"^(\d{4})-(\d{2})-(\d{2})$", r"^(\d{2})/(\d{2})/(\d{4})$"):
        match = re.match(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            y, m, d = parts if pattern.startswith("^(\\d{4})") else parts[::-1]
            try:
                return date(y, m, d)
            except ValueError:
                return None
    return None


def _check(line: int, cells: list[str], today: date, problems: list[Problem]) -> Arrest | None:  # noqa: C901, PLR0912
    found: list[Problem] = []
    value = dict(zip(HEADER, (c.strip() for c in cells), strict=False))

    def bad(field: str, reason: str) -> None:
        found.append(Problem(line, field, value.get(field, ""), reason, True))

    if len(cells) != len(HEADER):
        problems.append(Problem(line, "row", ",".join(cells), f"has {len(cells)} values, expected {len(HEADER)}", True))
        return None
    force = find_force(value["force"])
    if force is None:
        bad("force", "not a force Parity knows (see `parity forces`)")
    if not value["arrest_reference"]:
        bad("arrest_reference", "blank; every arrest needs the force's reference")
    if not PSEUDONYM.match(value["person"]):
        bad("person", "not a pseudonym (4 to 64 letters, digits, - or _; never a name)")
    code = self_defined_code(value["self_defined_ethnicity"])
    if code is None:
        bad("self_defined_ethnicity", "not a self-defined ethnicity code (W1 ... O9, or NS for not stated)")
    age = value["age_band"].lower().replace(" ", "")
    if age not in AGE_BANDS:
        bad("age_band", f"not an age band ({', '.join(AGE_BANDS)})")
    gender = value["gender"].lower()
    if gender not in GENDERS:
        bad("gender", f"not a gender ({', '.join(GENDERS)})")
    offence = " ".join(value["offence_group"].lower().split())
    if offence not in OFFENCE_GROUPS:
        bad("offence_group", "not a Home Office offence group (see the layout)")
    arrested = _date(value["arrest_date"])
    if arrested is None:
        bad("arrest_date", "not a date (YYYY-MM-DD or DD/MM/YYYY)")
    elif not EARLIEST <= arrested <= today:
        bad("arrest_date", f"not between {EARLIEST.isoformat()} and today")
    outcome = OUTCOMES.get(" ".join(value["outcome"].lower().split()))
    if outcome is None:
        bad("outcome", "not an outcome of the layout (charge or summons, caution, ... no further action)")
    decided = None
    if value["outcome_date"]:
        decided = _date(value["outcome_date"])
        if decided is None:
            bad("outcome_date", "not a date (YYYY-MM-DD or DD/MM/YYYY)")
        elif arrested is not None and decided < arrested:
            bad("outcome_date", "before the arrest")
        elif outcome == Outcome.PENDING:
            bad("outcome_date", "a date but no outcome")
    if found:
        problems.extend(found)
        return None
    assert force is not None and code is not None and arrested is not None and outcome is not None
    return Arrest(
        line, force.slug, value["arrest_reference"], value["person"], code, group_of(code).value if code != "NS"
        else Group.NOT_STATED.value, age, gender, offence, arrested, financial_year(arrested), outcome, decided,
    )  # fmt: skip


def parse(path: Path, *, today: date | None = None) -> Parsed:
    """Check every row; InputRefused if the file is not this layout at all."""
    header, lines = csv_rows(path, "arrests extract")
    if tuple(h.lower() for h in header) != HEADER:
        raise InputRefused(
            str(path),
            f"line 1, header = {','.join(header)!r}: not the arrests extract layout; expected {','.join(HEADER)}",
        )
    parsed = Parsed(KIND)
    problems: list[Problem] = []
    units: dict[tuple[str, str], list[Arrest]] = defaultdict(list)
    seen: dict[tuple[str, str], int] = {}
    for line, cells in lines:
        parsed.rows_read += 1
        # a reference seen before is a duplicate whether or not either row is otherwise good
        reference = (cells[0].strip().lower(), cells[1].strip()) if len(cells) > 1 else None
        if reference is not None and reference[1] and reference in seen:
            problems.append(Problem(line, "arrest_reference", reference[1], f"also on line {seen[reference]}", True))
            continue
        if reference is not None:
            seen[reference] = line
        row = _check(line, cells, today or date.today(), problems)
        if row is not None:
            units[(row.force, row.period)].append(row)
    problems += _held_elsewhere(units)
    parsed.problems = [(str(path), p) for p in sorted(problems, key=lambda p: p.line)]
    parsed.units = {f"{force} {period}": rows for (force, period), rows in units.items()}
    parsed.store = lambda name, key, rows, forces: store(name, forces[rows[0].force], rows[0].period, rows)
    slugs = {force for force, _ in units}

    def partitions() -> None:
        for force in Force.objects.filter(slug__in=slugs):
            write_partition(force)

    parsed.after = partitions
    return parsed


def _held_elsewhere(units: dict[tuple[str, str], list[Arrest]]) -> list[Problem]:
    """Rows whose reference the force already holds under another year: a reference names one
    arrest, so the file is refused rather than storing the same arrest twice (a re-import of
    the same year replaces that year, so its own references are no clash)."""
    problems = []
    for (force, period), rows in units.items():
        by_reference = {r.reference: r for r in rows}
        references = list(by_reference)
        for start in range(0, len(references), 500):
            held = ArrestRecord.objects.filter(force__slug=force, reference__in=references[start : start + 500])
            for reference, other in held.exclude(period=period).values_list("reference", "period"):
                row = by_reference[reference]
                reason = f"already held for this force under {other}; a reference names one arrest"
                problems.append(Problem(row.line, "arrest_reference", reference, reason, True))
    return problems


def _digest(rows: list[Arrest]) -> str:
    hashed = hashlib.sha256()
    for r in sorted(rows, key=lambda r: r.reference):
        hashed.update(repr((*r.__dict__.values(),)[1:]).encode() + b"\x1e")
    return hashed.hexdigest()


def store(name: str, force: Force, period: str, rows: list[Arrest]) -> tuple[int, int]:
    """One force-year in one transaction, replacing what was held for it; (imported, unchanged)."""
    sha = _digest(rows)
    key = f"{force.slug} {period}"
    held = ArrestRecord.objects.filter(force=force, period=period)
    if JusticeUnit.objects.filter(kind=KIND, key=key, sha256=sha).exists() and held.count() == len(rows):
        return 0, len(rows)
    with transaction.atomic():
        held.delete()
        JusticeUnit.objects.filter(kind=KIND, key=key).exclude(arrests__isnull=False).delete()
        unit = JusticeUnit.objects.create(kind=KIND, key=key, name=name[-500:], sha256=sha, rows_read=len(rows))
        ArrestRecord.objects.bulk_create(
            [
                ArrestRecord(
                    unit=unit, force=force, reference=r.reference, person=r.person, ethnicity=r.ethnicity,
                    group=r.group, age_band=r.age_band, gender=r.gender, offence_group=r.offence_group,
                    arrested_on=r.arrested_on, period=r.period, outcome=r.outcome, outcome_on=r.outcome_on,
                    line=r.line,
                )
                for r in rows
            ],
            batch_size=2000,
        )  # fmt: skip
        JusticeUnit.objects.filter(pk=unit.pk).update(rows_imported=len(rows))
    return len(rows), 0


def write_partition(force: Force) -> None:
    """The force's warehouse partition, written again from every arrest held for it."""
    rows = list(
        ArrestRecord.objects.filter(force=force).values_list("period", "group", "age_band", "offence_group", "outcome")
    )
    write_arrests(
        force.slug,
        {
            "period": [r[0] for r in rows],
            "group": [r[1] for r in rows],
            "age_band": [r[2] for r in rows],
            "offence_group": [r[3] for r in rows],
            "stage": [STAGE_OF.get(r[4], "pending") for r in rows],
        },
    )
