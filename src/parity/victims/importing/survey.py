"""Import the Ethnicity facts and figures "Victims of crime" table (Crime Survey for England
and Wales): the share of adults who were victims of crime, by ethnic group.

Layout: `Measure, Ethnicity, Ethnicity_type, Time, Time_type, Geography, Geography_type,
Geography code, Gender, Age, Socio-economic classification, Household income, Value,
Value_type, Sample size, Standard Error, Lower CI, Upper CI`, latin-1 text. `?` is a figure
the survey withheld: it is stored as None and never worked out from the others, because the
survey withheld it for a reason (too few respondents). Later sample sizes are written with
thousands separators. A unit is one survey year or pooled window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import Group
from parity.reference.forces import find_force
from parity.reference.models import Force
from parity.victims.importing.files import Parsed, Progress, digest, ingest_files, problem, read_rows
from parity.victims.models import SurveyEstimate, SurveyUnit

FORMAT = "eff-victims-of-crime"
HEADER = (
    "Measure", "Ethnicity", "Ethnicity_type", "Time", "Time_type", "Geography", "Geography_type",
    "Geography code", "Gender", "Age", "Socio-economic classification", "Household income", "Value",
    "Value_type", "Sample size", "Standard Error", "Lower CI", "Upper CI",
)  # fmt: skip
(MEASURE, ETHNICITY, ETHNICITY_TYPE, TIME, TIME_TYPE, GEOGRAPHY, _GEO_TYPE, CODE, GENDER, AGE, SEC, INCOME, VALUE,
 VALUE_TYPE, SAMPLE, SE, LOW, HIGH) = range(len(HEADER))  # fmt: skip
WITHHELD = "?"
# The survey's broad groups (ONS 2011 5+1) and their Parity group.
BROAD_GROUPS: dict[str, Group] = {
    "white": Group.WHITE,
    "mixed/multiple": Group.MIXED,
    "asian/asian british": Group.ASIAN,
    "black/african/caribbean/black british": Group.BLACK,
    "other": Group.OTHER,
}
KEY = ("time", "geography", "ethnicity_type", "ethnicity", "gender", "age", "socio_economic", "income")
FIGURES = ("value", "sample_size", "standard_error", "ci_low", "ci_high", "group", "force_id", "kind")


@dataclass(frozen=True)
class Row:
    line: int
    fields: dict[str, object]
    raw: dict[str, str]

    @property
    def key(self) -> tuple[object, ...]:
        return tuple(self.fields[k] for k in KEY)


def _words(text: str) -> str:
    return " ".join(text.split())


def _number(text: str, *, whole: bool) -> Decimal | str | None:
    """The figure written, None where withheld, or the reason it is neither."""
    value = text.strip().replace(",", "")
    if value == WITHHELD:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return "not a number (expected e.g. 17.4, or ? where the survey withheld it)"
    if not number.is_finite() or number < 0:
        return "not a figure the survey publishes (expected 0 or more)"
    if whole and number != number.to_integral_value():
        return "not a whole number of respondents"
    return number


def _geography(name: str, code: str) -> tuple[str, Force | None] | str:
    """(kind, force) of a geography, or why it is not one Parity knows.

    The code decides first, because a region and a force can share a name (the West Midlands);
    the one exception is the Met's row, which the survey gives London's region code and names
    "City of London / Metropolitan Police".
    """
    if code.startswith(("K04", "K03")):
        return SurveyEstimate.Kind.COUNTRY, None
    if code.startswith("W92") or (code.startswith("E12") and "/" not in name):
        return SurveyEstimate.Kind.REGION, None
    named = find_force(name) or find_force(name.split("/")[-1])
    coded = find_force(code) if code else None
    if named is None:
        return "not a police force area, region or England and Wales that Parity knows"
    if coded is not None and coded != named:
        return f"the name of {named.name}, but the code {code} is {coded.name}'s"
    return SurveyEstimate.Kind.FORCE, Force.objects.get(slug=named.slug)


def _check(line: int, cells: list[str], header: list[str], problems: list[Problem]) -> Row | None:
    found: list[Problem] = []

    def bad(column: int, reason: str) -> None:
        found.append(problem(line, header, cells, column, reason))

    if len(cells) != len(HEADER):
        problems.append(Problem(line, "row", ",".join(cells), f"has {len(cells)} values, expected {len(HEADER)}", True))
        return None
    for column in (MEASURE, ETHNICITY, ETHNICITY_TYPE, TIME, GEOGRAPHY, GENDER, AGE, SEC, INCOME):
        if not cells[column].strip():
            bad(column, "blank")
    if cells[VALUE_TYPE].strip() != "%":
        bad(VALUE_TYPE, "not % (the table gives shares of adults in per cent)")
    figures: dict[str, object] = {}
    for column, name, whole in (
        (VALUE, "value", False),
        (SAMPLE, "sample_size", True),
        (SE, "standard_error", False),
        (LOW, "ci_low", False),
        (HIGH, "ci_high", False),
    ):
        number = _number(cells[column], whole=whole)
        if isinstance(number, str):
            bad(column, number)
        elif column in (VALUE, LOW, HIGH) and number is not None and number > 100:
            bad(column, "more than 100 per cent")
        figures[name] = int(number) if whole and isinstance(number, Decimal) else number
    value, low, high = figures.get("value"), figures.get("ci_low"), figures.get("ci_high")
    if (
        isinstance(value, Decimal)
        and isinstance(low, Decimal)
        and isinstance(high, Decimal)
        and not low <= value <= high
    ):
        bad(VALUE, f"outside its own interval {low} to {high}")
    where = _geography(_words(cells[GEOGRAPHY]), cells[CODE].strip())
    if isinstance(where, str):
        bad(GEOGRAPHY, where)
    if found:
        problems.extend(found)
        return None
    assert not isinstance(where, str)
    kind, force = where
    ethnicity = _words(cells[ETHNICITY])
    group = BROAD_GROUPS.get(ethnicity.lower())
    fields: dict[str, object] = {
        "measure": _words(cells[MEASURE]),
        "time": _words(cells[TIME]),
        "time_type": _words(cells[TIME_TYPE]),
        "geography": _words(cells[GEOGRAPHY]),
        "geography_code": cells[CODE].strip(),
        "kind": kind,
        "force_id": force.pk if force else None,
        "ethnicity_type": _words(cells[ETHNICITY_TYPE]),
        "ethnicity": ethnicity,
        "group": group.value if group else "",
        "gender": _words(cells[GENDER]),
        "age": _words(cells[AGE]),
        "socio_economic": _words(cells[SEC]),
        "income": _words(cells[INCOME]),
        **figures,
    }
    return Row(line, fields, {name: cells[i] for i, name in enumerate(HEADER)})


def parse(name: str, data: bytes) -> Parsed[Row]:
    """Check every row of one file; InputRefused if it is not this table at all."""
    rows = read_rows(name, data, encodings=("utf-8-sig", "latin-1"))
    header = [h.strip() for h in rows[0]]
    if tuple(header) != HEADER:
        raise InputRefused(
            name,
            f"line 1, header = {','.join(rows[0])!r}: not the Ethnicity facts and figures victims of crime "
            f"table; expected the columns {', '.join(HEADER)}",
        )
    parsed: Parsed[Row] = Parsed(FORMAT, ",".join(rows[0]))
    units: dict[Hashable, list[Row]] = defaultdict(list)
    seen: dict[tuple[object, ...], int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        row = _check(line, cells, header, parsed.problems)
        if row is None:
            continue
        if row.key in seen:
            parsed.problems.append(
                Problem(line, "row", ",".join(cells), f"the same cell as line {seen[row.key]} (a duplicate)", True)
            )
            continue
        seen[row.key] = line
        units[row.fields["time"]].append(row)
    parsed.units = dict(units)
    return parsed


def store(name: str, parsed: Parsed[Row], time: Hashable, rows: list[Row]) -> tuple[int, int]:
    """Store one survey window in one transaction; (imported, unchanged). Same rows: no write."""
    sha = digest(r.raw for r in rows)
    same = SurveyUnit.objects.filter(time=time, sha256=sha).first()
    if same is not None and not SurveyEstimate.objects.filter(time=time, unit_id__gt=same.pk).exists():
        return 0, len(rows)
    with transaction.atomic():
        held = {
            tuple(values[k] for k in KEY): values
            for values in SurveyEstimate.objects.filter(time=time).values("pk", *KEY, *FIGURES)
        }
        unit = same or SurveyUnit.objects.create(
            time=str(time), name=name[-500:], header=parsed.header, sha256=sha, rows_read=len(rows), rows_imported=0,
            rows_unchanged=0,
        )  # fmt: skip
        new: list[SurveyEstimate] = []
        changed = 0
        for row in rows:
            cell = held.get(row.key)
            if cell is None:
                new.append(SurveyEstimate(unit=unit, line=row.line, raw=row.raw, **row.fields))
            elif any(cell[f] != row.fields[f] for f in FIGURES):
                figures = {f: row.fields[f] for f in FIGURES}
                changed += SurveyEstimate.objects.filter(pk=cell["pk"]).update(
                    unit=unit, line=row.line, raw=row.raw, **figures
                )
        SurveyEstimate.objects.bulk_create(new, batch_size=500)
        imported = len(new) + changed
        SurveyUnit.objects.filter(pk=unit.pk).update(rows_imported=imported, rows_unchanged=len(rows) - imported)
    return imported, len(rows) - imported


def ingest(paths: Iterable[Path], *, progress: Progress | None = None) -> IngestReport:
    """Import Ethnicity facts and figures victims of crime tables, reporting each file's fate."""
    return ingest_files(paths, parse, store, progress=progress)
