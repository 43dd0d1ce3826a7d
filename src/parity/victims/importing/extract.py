"""Import a force's victims' extract (docs/reference/victims-extract.md).

One row is one victim of one crime, known only by the force's crime reference pseudonym: the
layout has no column for a name or contact details, and a reference with spaces (a name
written in it) is refused. A unit is one force's victims reported in one month. A unit held
with the same rows is unchanged; different rows replace it whole, in one transaction, but
never with fewer victims than are held unless the import is told to (`--replace`), so a
partial re-export cannot quietly lose victims.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import models

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.reference import ethnicity
from parity.reference.models import Force
from parity.victims import vocabulary
from parity.victims.importing.files import Parsed, RowCheck, read_rows
from parity.victims.importing.monthly import Monthly, check_held, store_month
from parity.victims.models import Victim, VictimUnit

FORMAT = "victims-extract"
HEADER = (
    "force", "crime_reference", "team", "date_reported", "self_defined_ethnicity", "age_band", "gender",
    "offence_group", "hate_crime", "hate_strand", "needs_assessment_date", "first_update_due",
    "first_update_made", "updates_due", "updates_made", "outcome", "outcome_date", "outcome_notified_date",
    "sat_ease_of_contact", "sat_actions_taken", "sat_kept_informed", "sat_treatment", "sat_whole_experience",
    "survey_weight",
)  # fmt: skip
PSEUDONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
ANSWERS = {
    "sat_ease_of_contact": "ease_of_contact",
    "sat_actions_taken": "actions_taken",
    "sat_kept_informed": "kept_informed",
    "sat_treatment": "treatment",
    "sat_whole_experience": "whole_experience",
}


@dataclass(frozen=True)
class Row:
    line: int
    force: str
    month: date
    fields: dict[str, object]
    raw: dict[str, str]


Bad = Callable[[str, str], None]  # (column, reason)
DATES = (
    "date_reported", "needs_assessment_date", "first_update_due", "first_update_made", "outcome_date",
    "outcome_notified_date",
)  # fmt: skip


def date_or_reason(text: str) -> date | str | None:
    value = text.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return "not a date (expected YYYY-MM-DD)"


def _whole(text: str) -> int | str:
    value = text.strip() or "0"
    return int(value) if value.isdigit() else "not a whole number (expected 0 or more)"


def _who(cell: dict[str, str], bad: Bad) -> dict[str, object]:
    """The victim and the crime: pseudonym, team, ethnicity, age band, gender, offence, hate crime."""
    if not PSEUDONYM.fullmatch(cell["crime_reference"]):
        bad("crime_reference", "not a pseudonym: 1 to 64 letters, digits and / _ . - only, no spaces or names")
    for name in ("team", "offence_group"):
        if not cell[name] or len(cell[name]) > 80:
            bad(name, "blank or longer than 80 characters")
    code = ethnicity.self_defined_code(cell["self_defined_ethnicity"]) if cell["self_defined_ethnicity"] else "NS"
    if code is None:
        bad("self_defined_ethnicity", "not a self-defined ethnicity Parity knows (a 19+1 code such as W1, or NS)")
        code = "NS"
    if cell["age_band"] and cell["age_band"] not in vocabulary.AGE_BANDS:
        bad("age_band", f"not an age band ({', '.join(vocabulary.AGE_BANDS)}, or blank)")
    if len(cell["gender"]) > 40:
        bad("gender", "longer than 40 characters")
    hate_text = cell["hate_crime"].lower()
    hate = hate_text in YES
    if not hate and hate_text not in NO:
        bad("hate_crime", "not yes or no")
    strand = cell["hate_strand"].lower().replace(" ", "-")
    if hate and strand not in vocabulary.STRANDS:
        bad("hate_strand", f"not a hate crime strand ({', '.join(vocabulary.STRANDS)})")
    elif not hate and strand:
        bad("hate_strand", "a strand for a crime not flagged as a hate crime")
    return {
        "crime_reference": cell["crime_reference"],
        "team": " ".join(cell["team"].split()),
        "self_defined": code,
        "group": ethnicity.Group.NOT_STATED.value if code == "NS" else ethnicity.group_of(code).value,
        "age_band": cell["age_band"],
        "gender": cell["gender"],
        "offence_group": " ".join(cell["offence_group"].split()),
        "hate_crime": hate,
        "hate_strand": strand if hate else "",
    }


def _dates(cell: dict[str, str], bad: Bad) -> dict[str, date | None]:
    """Every date, checked against the date reported."""
    dates: dict[str, date | None] = {}
    for name in DATES:
        value = date_or_reason(cell[name])
        if isinstance(value, str):
            bad(name, value)
        dates[name] = None if isinstance(value, str) else value
    reported = dates["date_reported"]
    if reported is None and not cell["date_reported"]:
        bad("date_reported", "blank (every victim has the date the crime was reported)")
    for name in ("needs_assessment_date", "first_update_due", "first_update_made", "outcome_date"):
        when = dates[name]
        if reported is not None and when is not None and when < reported:
            bad(name, f"before the crime was reported ({reported})")
    return dates


def _contacts(cell: dict[str, str], dates: dict[str, date | None], bad: Bad) -> dict[str, object]:
    """The Victims' Code contacts and the outcome."""
    counts: dict[str, int] = {}
    for name in ("updates_due", "updates_made"):
        number = _whole(cell[name])
        if isinstance(number, str):
            bad(name, number)
        counts[name] = 0 if isinstance(number, str) else number
    if dates["first_update_made"] and counts["updates_made"] == 0 and cell["updates_made"].strip():
        bad("updates_made", "0, but a first update is recorded")
    outcome = cell["outcome"].lower()
    outcome = "" if outcome == "open" else outcome
    if outcome and outcome not in vocabulary.OUTCOMES:
        bad("outcome", "not a Home Office outcome type (1 to 22, not 19), or blank or open while under investigation")
    decided, notified = dates["outcome_date"], dates["outcome_notified_date"]
    if outcome and decided is None and not cell["outcome_date"]:
        bad("outcome_date", "blank, but the crime has an outcome")
    if not outcome and decided is not None:
        bad("outcome_date", "a date for a crime with no outcome")
    if notified is not None and (decided is None or notified < decided):
        bad("outcome_notified_date", "before the outcome, or with no outcome")
    return {
        "needs_assessed": dates["needs_assessment_date"],
        "first_update_due": dates["first_update_due"],
        "first_update_made": dates["first_update_made"],
        **counts,
        "outcome": outcome,
        "outcome_date": decided,
        "outcome_notified": notified,
    }


def _answers(cell: dict[str, str], bad: Bad) -> dict[str, object]:
    """The satisfaction answers (1 to 5) and the survey weight."""
    answers: dict[str, object] = {}
    for column, field in ANSWERS.items():
        text = cell[column]
        if text and text not in {"1", "2", "3", "4", "5"}:
            bad(column, "not an answer from 1 (very satisfied) to 5 (very dissatisfied), or blank")
        answers[field] = int(text) if text in {"1", "2", "3", "4", "5"} else None
    weight: Decimal | None = None
    if cell["survey_weight"]:
        try:
            weight = Decimal(cell["survey_weight"])
        except InvalidOperation:
            weight = None
        if weight is None or not weight.is_finite() or weight <= 0:
            bad("survey_weight", "not a positive number")
            weight = None
    answers["weight"] = weight
    return answers


def _check(line: int, cells: list[str], problems: list[Problem]) -> Row | None:
    """One row as a Row, or None with its problems added."""
    check = RowCheck.of(line, cells, HEADER, problems)
    if check is None:
        return None
    cell, bad = check.cell, check.bad
    force = check.force()
    who = _who(cell, bad)
    dates = _dates(cell, bad)
    fields = {**who, "date_reported": dates["date_reported"], **_contacts(cell, dates, bad), **_answers(cell, bad)}
    if not check.done(problems):
        return None
    reported = dates["date_reported"]
    assert force is not None and reported is not None
    return Row(line, force.slug, reported.replace(day=1), fields, {n: cells[i] for i, n in enumerate(HEADER)})


def parse(name: str, data: bytes, *, replace: bool = False) -> Parsed[Row]:
    """Check every row of one extract; InputRefused if it is not the layout, or would lose victims."""
    rows = read_rows(name, data)
    if tuple(h.strip().lower() for h in rows[0]) != HEADER:
        raise InputRefused(
            name, f"line 1, header = {','.join(rows[0])!r}: not a victims' extract; expected {','.join(HEADER)}"
        )
    parsed: Parsed[Row] = Parsed(FORMAT, ",".join(rows[0]))
    units: dict[Hashable, list[Row]] = defaultdict(list)
    seen: dict[tuple[str, object], int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        row = _check(line, cells, parsed.problems)
        if row is None:
            continue
        key = (row.force, row.fields["crime_reference"])
        if key in seen:
            parsed.problems.append(
                Problem(line, "crime_reference", str(key[1]), f"the same victim as line {seen[key]}", True)
            )
            continue
        seen[key] = line
        units[(row.force, row.month)].append(row)
    parsed.units = dict(units)
    _weights_all_or_none(parsed)
    if not parsed.problems:
        check_held(MONTHLY, name, parsed, replace=replace)
    return parsed


def _weights_all_or_none(parsed: Parsed[Row]) -> None:
    """A survey is weighted or not: one weighted answer means every answer needs its weight,
    or the weighted shares would quietly leave people out."""
    rows = [r for rows in parsed.units.values() for r in rows]
    if not any(r.fields["weight"] is not None for r in rows):
        return
    for row in rows:
        if row.fields["weight"] is None and any(row.fields[f] is not None for f in ANSWERS.values()):
            parsed.problems.append(
                Problem(row.line, "survey_weight", "", "blank, but other answers in this file are weighted", True)
            )


def _build(unit: models.Model, force: Force, rows: Sequence[Row]) -> None:
    assert isinstance(unit, VictimUnit)
    Victim.objects.bulk_create(
        [Victim(unit=unit, force=force, line=r.line, raw=r.raw, **r.fields) for r in rows], batch_size=500
    )


MONTHLY = Monthly(
    unit=VictimUnit,
    record=Victim,
    reference="crime_reference",
    noun="victims",
    once="one victim of one crime is reported once",
    references=lambda rows: {str(r.fields["crime_reference"]): r.line for r in rows},
    build=_build,
)


def store(name: str, parsed: Parsed[Row], key: Hashable, rows: list[Row]) -> tuple[int, int]:
    """Store one force-month in one transaction, replacing what was held; same rows: no write."""
    return store_month(MONTHLY, name, parsed, key, rows)
