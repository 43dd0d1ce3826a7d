"""A force's own use-of-force records, one row a report (docs/reference/use-of-force-extract.md).

The layout follows the national use-of-force form: one row is one officer's use of force on
one person, with every tactic that officer used. Lists (tactics, reasons) are separated by
`;`. Dates carry their offset (`2019-06-01T14:30:00+01:00`), so the time is never guessed.

Checked whole before anything is stored: a file with any bad row is refused, naming file,
line, field, value and problem. A good file is stored one force-year at a time, each in one
transaction; the same rows again change nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.use_of_force import tactics as terms
from parity.powers.use_of_force.models import UseOfForceReport, UseOfForceUnit
from parity.powers.use_of_force.store import store_unit
from parity.reference.calendar import has_offset, localise
from parity.reference.ethnicity import GROUPS_STATED, Group, self_defined_code
from parity.reference.forces import find_force
from parity.reference.models import Force

FORMAT = "force-use-of-force-records"
HEADER = (
    "Force",
    "Report reference",
    "Date and time",
    "Officer pseudonym",
    "Perceived ethnicity",
    "Self-defined ethnicity",
    "Age band",
    "Gender",
    "Tactics",
    "Reasons",
    "Outcome",
    "Subject injury",
    "Officer injury",
    "Body-worn video",
    "Body-worn video log",
    "Location",
    "Stop and search record",
)
LONGEST = {"Report reference": 64, "Officer pseudonym": 64, "Location": 120, "Stop and search record": 64}
PERCEIVED = {g.label.lower(): g for g in (*GROUPS_STATED, Group.NOT_STATED)} | {"not reported": Group.NOT_STATED}
BOOLEANS = {"true": True, "yes": True, "false": False, "no": False, "": None}


@dataclass(frozen=True)
class Report:
    line: int
    force: str
    period: str
    values: dict[str, object]
    raw: dict[str, str]


@dataclass
class Parsed:
    rows_read: int = 0
    units: dict[tuple[str, str], list[Report]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def is_extract(header: Sequence[str]) -> bool:
    return tuple(h.strip() for h in header[:3]) == HEADER[:3]


def _list(text: str, vocabulary: dict[str, str], bad: Callable[[str], None], *, required: bool) -> list[str]:
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if required and not parts:
        bad("blank: every report names at least one tactic")
    codes: list[str] = []
    for part in parts:
        code = terms.lookup(vocabulary, part)
        if code is None:
            bad(f"{part!r} is not a term of the national form (see the layout's list)")
        elif code not in codes:
            codes.append(code)
    return codes


def _when(text: str) -> tuple[datetime | None, str]:
    """The instant in UTC and its financial year in London, or (None, "") if not a dated time."""
    when = text.strip()
    try:
        if not has_offset(when):
            return None, ""
        return datetime.fromisoformat(when).astimezone(UTC), localise(when).financial_year
    except ValueError:
        return None, ""


def _check(line: int, row: dict[str, str]) -> Report | list[Problem]:
    problems: list[Problem] = []

    def bad_in(column: str) -> Callable[[str], None]:
        return lambda reason: problems.append(Problem(line, column, row[column], reason, True))

    def term(column: str, vocabulary: dict[str, str]) -> str:
        code = terms.lookup(vocabulary, row[column])
        if code is None:
            bad_in(column)(f"not one of: {', '.join(vocabulary.values())}")
        return code or ""

    force = find_force(row["Force"])
    if force is None:
        bad_in("Force")("not a police force Parity knows (see `parity forces`)")
    for column, longest in LONGEST.items():
        if len(row[column].strip()) > longest:
            bad_in(column)(f"longer than {longest} characters")
    for column in ("Report reference", "Officer pseudonym"):
        if not row[column].strip():
            bad_in(column)("blank")
    occurred, period = _when(row["Date and time"])
    if occurred is None:
        bad_in("Date and time")("not a date and time with its offset, e.g. 2019-06-01T14:30:00+01:00")
    perceived = PERCEIVED.get(row["Perceived ethnicity"].strip().lower())
    if perceived is None:
        bad_in("Perceived ethnicity")("not White, Black, Asian, Mixed, Other or Not stated (the officer's perception)")
    self_defined = ""
    if row["Self-defined ethnicity"].strip():
        self_defined = self_defined_code(row["Self-defined ethnicity"]) or ""
        if not self_defined:
            bad_in("Self-defined ethnicity")("not a census ethnic group or code (e.g. W1, B2), or blank if not known")
    values: dict[str, object] = {
        "reference": row["Report reference"].strip(),
        "occurred_at": occurred,
        "officer_pseudonym": row["Officer pseudonym"].strip(),
        "perceived_group": perceived.value if perceived else "",
        "self_defined_code": self_defined,
        "age_band": term("Age band", terms.AGE_BANDS),
        "gender": term("Gender", terms.GENDERS),
        "tactics": _list(row["Tactics"], terms.TACTICS, bad_in("Tactics"), required=True),
        "reasons": _list(row["Reasons"], terms.REASONS, bad_in("Reasons"), required=False),
        "outcome": term("Outcome", terms.OUTCOMES),
        "subject_injury": term("Subject injury", terms.INJURIES),
        "officer_injury": term("Officer injury", terms.INJURIES),
        "bwv_log": row["Body-worn video log"].strip(),
        "location": row["Location"].strip(),
        "stop_search_reference": row["Stop and search record"].strip(),
    }
    bwv = row["Body-worn video"].strip().lower()
    if bwv not in BOOLEANS:
        bad_in("Body-worn video")("not True or False (or blank if not recorded)")
    values["bwv_on"] = BOOLEANS.get(bwv)
    if problems:
        return problems
    assert force is not None
    return Report(line, force.slug, period, values, dict(row))


def parse(name: str, data: bytes) -> Parsed:
    """Check every row of one file; InputRefused if it is not this layout at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputRefused(name, f"not UTF-8 text (byte {error.start}); expected a CSV file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(h.strip() for h in next(reader, []))
    if header != HEADER:
        raise InputRefused(
            name, f"line 1: not the use-of-force records layout; expected the columns {', '.join(HEADER)}"
        )
    parsed = Parsed()
    seen: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        if len(cells) != len(HEADER):
            reason = f"has {len(cells)} values, expected {len(HEADER)}"
            parsed.problems.append(Problem(line, "row", ",".join(cells), reason, True))
            continue
        checked = _check(line, dict(zip(HEADER, cells, strict=True)))
        if isinstance(checked, list):
            parsed.problems.extend(checked)
            continue
        key = (checked.force, str(checked.values["reference"]))
        if key in seen:
            reason = f"the same report reference as line {seen[key]} (a duplicate)"
            parsed.problems.append(Problem(line, "Report reference", key[1], reason, True))
            continue
        seen[key] = line
        parsed.units.setdefault((checked.force, checked.period), []).append(checked)
    return parsed


def _digest(rows: Sequence[Report]) -> str:
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update("\x1f".join(row.raw.values()).encode() + b"\x1e")
    return hashed.hexdigest()


def store(
    name: str, parsed: Parsed, forces: dict[str, Force], progress: Callable[[str, int], None] | None
) -> tuple[int, int, int]:
    """Store each force-year in one transaction: (imported, unchanged, units)."""
    imported = unchanged = 0
    for (slug, period), rows in sorted(parsed.units.items()):

        def write(unit: UseOfForceUnit, rows: list[Report] = rows, slug: str = slug, period: str = period) -> None:
            UseOfForceReport.objects.bulk_create(
                UseOfForceReport(unit=unit, force=forces[slug], period=period, line=r.line, raw=r.raw, **r.values)
                for r in rows
            )

        source = UseOfForceUnit.Source.FORCE_EXTRACT
        done, same = store_unit(
            source, slug, period, name=name, sha256=_digest(rows), rows_read=len(rows), write=write, forces=forces
        )
        imported += done
        unchanged += same
        if progress:
            progress(f"{slug} {period}", len(rows))
    return imported, unchanged, len(parsed.units)
