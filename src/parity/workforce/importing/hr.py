"""Import a force's own HR extract: people at a date, joiners, leavers, promotions, applications.

Each file is one of the layouts of docs/reference/workforce-hr-extract.md, told apart by its
header. The guarantees are those of the Home Office table (`home_office.py`) and of stop and
search: every row is checked, and a file with any bad row is refused whole, naming file, line,
field, value and reason, because a funnel or a leaving rate missing some people is wrong
without saying so. A good file is stored one unit at a time (a force's people at a date, its
moves in a year, or one campaign), each in one transaction that replaces the unit whole, so a
corrected extract replaces the old one; the row as written is kept; the same rows again change
nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import group_of
from parity.reference.forces import find_force
from parity.reference.models import Force
from parity.workforce.hr_models import HrApplication, HrEvent, HrExtract, HrPerson
from parity.workforce.importing.files import Progress, csv_lines, ingest_files
from parity.workforce.importing.hr_layouts import CHECKS, COLUMNS, KEYS, OFFICER_RANKS, STAGES, Bad, Layout

FORMAT = "hr-extract"
EVENT_DATE: dict[str, str] = {Layout.JOINERS: "joined", Layout.LEAVERS: "left", Layout.PROMOTIONS: "promoted"}
EVENT_KIND: dict[str, str] = {Layout.JOINERS: HrEvent.Kind.JOINER, Layout.LEAVERS: HrEvent.Kind.LEAVER,
              Layout.PROMOTIONS: HrEvent.Kind.PROMOTION}  # fmt: skip
UNIQUE = {"pseudonym", "applicant"}  # one a row: nothing to gain from remembering their checks
# What makes a row the same record as another in its file (a duplicate is refused).
IDENTITY: dict[str, tuple[str, ...]] = {
    Layout.PEOPLE: ("as_at", "pseudonym"),
    Layout.JOINERS: ("pseudonym", "joined"),
    Layout.LEAVERS: ("pseudonym", "left"),
    Layout.PROMOTIONS: ("pseudonym", "promoted"),
    Layout.APPLICATIONS: ("campaign", "applicant"),
}


@dataclass
class Parsed:
    layout: str
    header: str
    rows_read: int
    units: dict[tuple[str, str], list[tuple[int, dict[str, Any], dict[str, str]]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def layout_of(header: list[str]) -> str | None:
    """The HR layout a header belongs to, or None if it names none of the layouts' key columns."""
    names = {h.strip().lower() for h in header}
    return next((layout for key, layout in KEYS.items() if key in names), None)


def is_hr_extract(path: Path) -> bool:
    """Whether a file's first line is the header of an HR extract layout."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
    except (OSError, UnicodeDecodeError):
        return False
    return layout_of(header) is not None


def _force_check(text: str) -> str | Bad:
    info = find_force(text)
    return info.slug if info else Bad("not a force Parity knows (see `parity forces`)")


def _check_cells(
    line: int, cells: list[str], columns: list[str], memo: dict[tuple[str, str], Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """Each value checked on its own; a value that repeats (force, rank, code, date) once."""
    values: dict[str, Any] = {}
    found: list[Problem] = []
    for name, text in zip(columns, cells, strict=True):
        key = (name, text)
        checked = memo.get(key, memo)
        if checked is memo:
            checked = _force_check(text) if name == "force" else CHECKS[name](text)
            if name not in UNIQUE:
                memo[key] = checked
        if isinstance(checked, Bad):
            found.append(Problem(line, name, text, checked.reason, True))
        values[name] = checked
    return values, found


def _check_rules(layout: str, line: int, values: dict[str, Any], raw: dict[str, str]) -> list[Problem]:
    """The checks between values of one row."""
    found: list[Problem] = []
    if values.get("worker_type") == "officer":
        for name in ("rank", "from_rank", "to_rank"):
            if name in values and values[name] not in OFFICER_RANKS:
                found.append(Problem(line, name, values[name], f"not a police rank ({', '.join(OFFICER_RANKS)})", True))
    if layout == Layout.PEOPLE and values["start_date"] > values["as_at"]:
        found.append(Problem(line, "start_date", raw["start_date"], "after the as_at date", True))
    appointed = values.get("stage_reached") == len(STAGES) - 1
    if layout == Layout.APPLICATIONS and (values["outcome"] == "appointed") != appointed:
        reason = "appointed only when stage_reached is appointment, and then always"
        found.append(Problem(line, "outcome", values["outcome"], reason, True))
    return found


def _unit_period(layout: str, values: dict[str, Any]) -> str:
    if layout == Layout.PEOPLE:
        return str(values["as_at"].isoformat())
    if layout == Layout.APPLICATIONS:
        return str(values["campaign"])
    return str(values[EVENT_DATE[layout]].year)


def parse(name: str, data: bytes) -> Parsed:
    """Check every row of one file; InputRefused if it is not an HR extract layout at all."""
    header, reader = csv_lines(name, data, "an HR extract (docs/reference/workforce-hr-extract.md)")
    layout = layout_of(header)
    if layout is None:
        raise InputRefused(name, f"line 1, header = {','.join(header)!r}: not an HR extract layout")
    columns = [h.strip().lower() for h in header]
    expected = COLUMNS[layout]
    missing = [c for c in expected if c not in columns]
    unknown = [c for c in columns if c not in expected]
    if missing or unknown or len(set(columns)) != len(columns):
        said = "; ".join(
            part
            for part in (
                f"missing column {', '.join(missing)}" if missing else "",
                f"unknown column {', '.join(unknown)}" if unknown else "",
                "a column named twice" if len(set(columns)) != len(columns) else "",
            )
            if part
        )
        raise InputRefused(name, f"line 1, header: the {layout} layout, but {said}; expected {', '.join(expected)}")
    parsed = Parsed(layout, ",".join(header), 0)
    units: dict[tuple[str, str], list[tuple[int, dict[str, Any], dict[str, str]]]] = defaultdict(list)
    seen: dict[tuple[Any, ...], int] = {}
    memo: dict[tuple[str, str], Any] = {}
    identity = IDENTITY[layout]
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        if len(cells) != len(columns):
            reason = f"has {len(cells)} values, expected {len(columns)}"
            parsed.problems.append(Problem(line, "row", ",".join(cells), reason, True))
            continue
        raw = dict(zip(columns, cells, strict=True))
        values, found = _check_cells(line, cells, columns, memo)
        found = found or _check_rules(layout, line, values, raw)
        if found:
            parsed.problems.extend(found)
            continue
        key = (values["force"], *(values[c] for c in identity))
        if key in seen:
            field_name = "applicant" if layout == Layout.APPLICATIONS else "pseudonym"
            parsed.problems.append(
                Problem(
                    line,
                    field_name,
                    str(values[field_name]),
                    f"the same record as line {seen[key]} (a duplicate)",
                    True,
                )
            )
            continue
        seen[key] = line
        units[(values["force"], _unit_period(layout, values))].append((line, values, raw))
    parsed.units = dict(units)
    return parsed


def _record(layout: str, extract: HrExtract, line: int, v: dict[str, Any], raw: str) -> dict[str, Any]:
    """One record's columns, as stored."""
    code = v["ethnicity"]
    common = {"extract_id": extract.pk, "force_id": extract.force_id, "ethnicity": code,
              "group": group_of(code).value, "gender": v["gender"], "age_band": v["age_band"], "line": line,
              "raw": raw}  # fmt: skip
    if layout == Layout.APPLICATIONS:
        return {
            **common, "campaign": v["campaign"], "applicant": v["applicant"], "stage_reached": v["stage_reached"],
            "outcome": v["outcome"], "positive_action": v["positive_action"],
        }  # fmt: skip
    person = {**common, "pseudonym": v["pseudonym"], "worker_type": v["worker_type"]}
    if layout == Layout.PEOPLE:
        return {**person, "rank": v["rank"], "as_at": v["as_at"], "start_date": v["start_date"], "org_unit": v["unit"]}
    return {
        **person, "kind": EVENT_KIND[layout], "on": v[EVENT_DATE[layout]], "rank": v.get("rank") or v["to_rank"],
        "from_rank": v.get("from_rank", ""), "reason": v.get("reason", ""), "board": v.get("board", ""),
    }  # fmt: skip


def _insert(model: type[models.Model], records: list[dict[str, Any]]) -> None:
    """One parameterised INSERT for many records, as the Home Office importer does: building a
    model per row for bulk_create cost most of a 200,000-row import."""
    if not records:
        return
    names = list(records[0])
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in names)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        for first in range(0, len(records), 5000):
            cursor.executemany(sql, [[r[c] for c in names] for r in records[first : first + 5000]])


MODELS: dict[str, type[models.Model]] = {
    Layout.PEOPLE: HrPerson,
    Layout.JOINERS: HrEvent,
    Layout.LEAVERS: HrEvent,
    Layout.PROMOTIONS: HrEvent,
    Layout.APPLICATIONS: HrApplication,
}


def _dump(raw: dict[str, str]) -> str:
    return json.dumps(raw, sort_keys=True)


def import_unit(
    name: str,
    parsed: Parsed,
    force: Force,
    period: str,
    rows: list[tuple[int, dict[str, Any], dict[str, str]]],
    *,
    fictional: bool = False,
) -> tuple[int, int]:
    """Store one unit in one transaction, replacing what it held; (imported, unchanged)."""
    layout = parsed.layout
    hashed = hashlib.sha256()
    dumped = [_dump(raw) for _, _, raw in rows]
    for text in dumped:
        hashed.update(text.encode() + b"\x1e")
    digest = hashed.hexdigest()
    held = HrExtract.objects.filter(force=force, layout=layout, period=period).first()
    if held is not None and held.sha256 == digest and held.fictional == fictional:
        return 0, len(rows)
    model = MODELS[layout]
    with transaction.atomic():
        if held is None:
            held = HrExtract.objects.create(
                force=force, layout=layout, period=period, name=name[-500:], header=parsed.header, sha256=digest,
                rows_read=len(rows), rows_imported=0, rows_unchanged=0, fictional=fictional,
            )  # fmt: skip
            before: set[str] = set()
        else:
            old = model.objects.filter(extract=held)  # type: ignore[attr-defined]
            before = {_dump(raw) for raw in old.values_list("raw", flat=True)}
            old.delete()
        unchanged = sum(1 for text in dumped if text in before)
        _insert(model, [_record(layout, held, line, values, json.dumps(raw)) for line, values, raw in rows])
        imported = len(rows) - unchanged
        HrExtract.objects.filter(pk=held.pk).update(
            name=name[-500:], header=parsed.header, sha256=digest, rows_read=len(rows),
            rows_imported=imported, rows_unchanged=unchanged, fictional=fictional,
        )  # fmt: skip
    return imported, unchanged


def ingest(
    paths: Iterable[Path],
    *,
    progress: Progress | None = None,
    on_units: Callable[[int], None] | None = None,
    fictional: bool = False,
) -> IngestReport:
    """Import HR extract files, reporting each file's fate; `fictional` marks the demonstration's."""
    forces = {f.slug: f for f in Force.objects.all()}

    def store(name: str, parsed: Parsed, key: tuple[str, str], rows: list[Any]) -> tuple[int, int, str]:
        slug, period = key
        done = import_unit(name, parsed, forces[slug], period, rows, fictional=fictional)
        return (*done, f"{slug} {parsed.layout} {period}")

    return ingest_files(
        paths, parse, store, format_of=lambda p: f"{FORMAT}-{p.layout}", progress=progress, on_units=on_units
    )


def merge(first: IngestReport, second: IngestReport) -> IngestReport:
    """One report for a run that read both Home Office tables and HR extracts."""
    merged = IngestReport(first.files + second.files, first.problems + second.problems)
    merged.exclusions = first.exclusions + second.exclusions
    return merged
