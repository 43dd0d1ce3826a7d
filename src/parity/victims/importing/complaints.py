"""Import a force's complaints extract (docs/reference/complaints-extract.md).

One row is one allegation; the case's own columns repeat on each of its allegations and must
agree. Cases are known by the force's case pseudonym: the layout has no column for the
complainant's name or contact details, so they never reach Parity, let alone an advisor. Two
optional last columns hold the complainant's account and the force's reply, for advisors'
case files; they are free text, so what patterns can recognise as a name, address, phone
number or e-mail address is removed before anything is stored (parity.scrutiny.redaction). A unit
is one force's complaints received in one month, stored as victims' extracts are
(`parity.victims.importing.monthly`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import models

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.reference import ethnicity
from parity.reference.models import Force
from parity.scrutiny.redaction import redact_text
from parity.victims import complaints_vocabulary as words
from parity.victims.importing.extract import PSEUDONYM
from parity.victims.importing.extract import date_or_reason as _date
from parity.victims.importing.files import Parsed, RowCheck, read_rows
from parity.victims.importing.monthly import Monthly, check_held, store_month
from parity.victims.models import Allegation, Complaint, ComplaintUnit

FORMAT = "complaints-extract"
HEADER = (
    "force", "case_reference", "allegation_reference", "received_date", "complainant_ethnicity", "handling",
    "finalised_date", "category", "protected_characteristic", "allegation_result",
)  # fmt: skip
TEXT_COLUMNS = ("complaint_account", "reply_text")  # optional, both or neither
CASE_FIELDS = ("received", "self_defined", "group", "handling", "finalised", "account", "reply")


@dataclass(frozen=True)
class Row:
    line: int
    force: str
    month: date
    case: dict[str, object]
    allegation: dict[str, object]
    raw: dict[str, str]


def _allegation(cell: dict[str, str], *, finalised: bool, bad: Callable[[str, str], None]) -> dict[str, object]:
    """An allegation's category, the protected characteristic if discriminatory, and its result."""
    category = cell["category"].lower()
    if category not in words.CATEGORIES:
        bad("category", f"not an allegation category ({', '.join(words.CATEGORIES)})")
    characteristic = cell["protected_characteristic"].lower().replace(" ", "-")
    if category == words.DISCRIMINATION and characteristic not in words.CHARACTERISTICS:
        bad("protected_characteristic", f"not a protected characteristic ({', '.join(words.CHARACTERISTICS)})")
    elif category != words.DISCRIMINATION and characteristic:
        bad("protected_characteristic", "given for an allegation that is not of discriminatory behaviour")
    result = cell["allegation_result"].lower() or "open"
    if result not in words.RESULTS:
        bad("allegation_result", f"not a result ({', '.join(words.RESULTS)})")
    elif result == "open" and finalised:
        bad("allegation_result", "open, but the complaint is finalised")
    return {
        "reference": cell["allegation_reference"],
        "category": category,
        "characteristic": characteristic,
        "result": result,
    }


def _check(line: int, cells: list[str], problems: list[Problem], header: tuple[str, ...] = HEADER) -> Row | None:
    if len(header) > len(HEADER) and len(cells) == len(header):
        cells = [*cells[: len(HEADER)], *(redact_text(c.strip())[0] for c in cells[len(HEADER) :])]
    check = RowCheck.of(line, cells, header, problems)
    if check is None:
        return None
    cell, bad = check.cell, check.bad
    force = check.force()
    for name in ("case_reference", "allegation_reference"):
        if not PSEUDONYM.fullmatch(cell[name]):
            bad(name, "not a pseudonym: 1 to 64 letters, digits and / _ . - only, no spaces or names")
    received, finalised = _date(cell["received_date"]), _date(cell["finalised_date"])
    for name, value in (("received_date", received), ("finalised_date", finalised)):
        if isinstance(value, str):
            bad(name, value)
    if received is None:
        bad("received_date", "blank (every complaint has the date it was received)")
    if isinstance(received, date) and isinstance(finalised, date) and finalised < received:
        bad("finalised_date", f"before the complaint was received ({received})")
    code = ethnicity.self_defined_code(cell["complainant_ethnicity"]) if cell["complainant_ethnicity"] else "NS"
    if code is None:
        bad("complainant_ethnicity", "not a self-defined ethnicity Parity knows (a 19+1 code such as W1, or NS)")
    handling = cell["handling"].lower()
    if handling not in words.HANDLING:
        bad("handling", f"not a way of handling a complaint ({', '.join(words.HANDLING)})")
    allegation = _allegation(cell, finalised=isinstance(finalised, date), bad=bad)
    if not check.done(problems):
        return None
    assert force is not None and isinstance(received, date) and code is not None
    return Row(
        line,
        force.slug,
        received.replace(day=1),
        {
            "received": received,
            "self_defined": code,
            "group": ethnicity.Group.NOT_STATED.value if code == "NS" else ethnicity.group_of(code).value,
            "handling": handling,
            "finalised": finalised,
            "case_reference": cell["case_reference"],
            "account": cell.get("complaint_account", ""),
            "reply": cell.get("reply_text", ""),
        },
        allegation,
        {n: cells[i] for i, n in enumerate(header)},
    )  # fmt: skip


def parse(name: str, data: bytes, *, replace: bool = False) -> Parsed[Row]:
    """Check every row of one extract; InputRefused if it is not the layout, or would lose complaints."""
    rows = read_rows(name, data)
    header = tuple(h.strip().lower() for h in rows[0])
    if header not in (HEADER, HEADER + TEXT_COLUMNS):
        raise InputRefused(
            name,
            f"line 1, header = {','.join(rows[0])!r}: not a complaints extract; expected {','.join(HEADER)}"
            f" (then, if held, {','.join(TEXT_COLUMNS)})",
        )
    parsed: Parsed[Row] = Parsed(FORMAT, ",".join(rows[0]))
    units: dict[Hashable, list[Row]] = defaultdict(list)
    cases: dict[tuple[str, object], Row] = {}
    seen: dict[tuple[str, object, object], int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        row = _check(line, cells, parsed.problems, header)
        if row is None:
            continue
        case_key = (row.force, row.case["case_reference"])
        key = (*case_key, row.allegation["reference"])
        if key in seen:
            parsed.problems.append(
                Problem(line, "allegation_reference", str(key[2]), f"the same allegation as line {seen[key]}", True)
            )
            continue
        seen[key] = line
        first = cases.setdefault(case_key, row)
        differs = [f for f in CASE_FIELDS if first.case[f] != row.case[f]]
        if differs:
            parsed.problems.append(
                Problem(line, "case_reference", str(case_key[1]),
                        f"the case's {', '.join(differs)} differ from line {first.line}", True)
            )  # fmt: skip
            continue
        units[(first.force, first.month)].append(row)
    parsed.units = dict(units)
    if not parsed.problems:
        check_held(MONTHLY, name, parsed, replace=replace)
    return parsed


def _build(unit: models.Model, force: Force, rows: Sequence[Row]) -> None:
    assert isinstance(unit, ComplaintUnit)
    by_case: dict[object, list[Row]] = defaultdict(list)
    for row in rows:
        by_case[row.case["case_reference"]].append(row)
    complaints = Complaint.objects.bulk_create(
        [Complaint(unit=unit, force=force, **group[0].case) for group in by_case.values()], batch_size=500
    )
    held = {c.case_reference: c for c in complaints}
    if any(c.pk is None for c in complaints):  # a backend that does not return keys from a bulk insert
        held = {c.case_reference: c for c in Complaint.objects.filter(unit=unit)}
    Allegation.objects.bulk_create(
        [
            Allegation(complaint=held[str(r.case["case_reference"])], line=r.line, raw=r.raw, **r.allegation)
            for r in rows
        ],
        batch_size=500,
    )


MONTHLY = Monthly(
    unit=ComplaintUnit,
    record=Complaint,
    reference="case_reference",
    noun="complaints",
    once="a complaint is received once",
    references=lambda rows: {str(r.case["case_reference"]): r.line for r in reversed(rows)},
    build=_build,
)


def store(name: str, parsed: Parsed[Row], key: Hashable, rows: list[Row]) -> tuple[int, int]:
    """Store one force-month in one transaction, replacing what was held; same rows: no write."""
    return store_month(MONTHLY, name, parsed, key, rows)
