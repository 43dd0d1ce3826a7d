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
import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from django.db import models, transaction

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.powers.importing.store import insert_rows
from parity.reference.ethnicity import group_of
from parity.reference.forces import find_force
from parity.reference.models import Force
from parity.workforce.hr_models import HrApplication, HrEvent, HrExtract, HrPerson
from parity.workforce.importing.files import Progress, csv_lines, ingest_files, open_text
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


BATCH = 5000  # rows held in memory at a time, per unit, between checking and storing


@dataclass
class Unit:
    """One unit's rows, checked and made ready to store, written to a temporary file a batch at
    a time: memory stays flat however long the file, and nothing is stored until every row of
    the file has been checked."""

    rows: int = 0
    columns: tuple[str, ...] = ()
    hashed: Any = field(default_factory=hashlib.sha256)
    spool: IO[bytes] = field(default_factory=tempfile.TemporaryFile)
    pending: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return self.rows

    def add(self, record: dict[str, Any]) -> None:
        if not self.columns:
            self.columns = tuple(record)
        self.rows += 1
        self.hashed.update(record["raw"].encode() + b"\x1e")
        self.pending.append(tuple(record.values()))
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            marshal.dump(self.pending, self.spool)
            self.pending = []

    def batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """The records, a batch at a time, in the order of the file."""
        self._flush()
        self.spool.seek(0)
        while True:
            try:
                yield marshal.load(self.spool)  # noqa: S302 - our own temporary file, written above
            except EOFError:
                return

    def close(self) -> None:
        self.spool.close()


@dataclass
class Parsed:
    layout: str
    header: str
    rows_read: int
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def close(self) -> None:
        for unit in self.units.values():
            unit.close()


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


_UNSEEN = object()
Plan = list[tuple[str, Callable[[str], Any], dict[str, Any] | None]]


def _check_cells(line: int, cells: list[str], plan: Plan) -> tuple[dict[str, Any], list[Problem]]:
    """Each value checked on its own; a value that repeats (force, rank, code, date) once."""
    values: dict[str, Any] = {}
    found: list[Problem] = []
    for (name, check, memo), text in zip(plan, cells, strict=True):
        if memo is None:
            checked = check(text)
        else:
            checked = memo.get(text, _UNSEEN)
            if checked is _UNSEEN:
                checked = memo[text] = check(text)
        if checked.__class__ is Bad:
            found.append(Problem(line, name, text, checked.reason, True))
        values[name] = checked
    return values, found


def _plan(columns: list[str]) -> Plan:
    """Each column's check, with a memo of its answers unless every value is new (pseudonyms)."""
    return [
        (name, _force_check if name == "force" else CHECKS[name], None if name in UNIQUE else {}) for name in columns
    ]


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


def parse(name: str, path: Path) -> Parsed:
    """Check every row of one file, streaming it: each good row is made ready to store and put
    aside with its unit; InputRefused if it is not an HR extract layout at all."""
    with open_text(path) as file:
        parsed = _parse(name, file)
    if parsed.problems:
        parsed.close()  # nothing from the file will be stored
    return parsed


def _parse(name: str, file: TextIO) -> Parsed:
    header, reader = csv_lines(name, file, "an HR extract (docs/reference/workforce-hr-extract.md)")
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
    seen: dict[str, int] = {}  # each record's identity (a short text) with its line: duplicates are refused
    plan = _plan(columns)
    identity = IDENTITY[layout]
    in_order = sorted(columns)
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        if len(cells) != len(columns):
            reason = f"has {len(cells)} values, expected {len(columns)}"
            parsed.problems.append(Problem(line, "row", ",".join(cells), reason, True))
            continue
        values, found = _check_cells(line, cells, plan)
        raw = dict(zip(columns, cells, strict=True))
        found = found or _check_rules(layout, line, values, raw)
        if found:
            parsed.problems.extend(found)
            continue
        first = seen.setdefault("\x1f".join([values["force"], *(str(values[c]) for c in identity)]), line)
        if first != line:
            field_name = "applicant" if layout == Layout.APPLICATIONS else "pseudonym"
            reason = f"the same record as line {first} (a duplicate)"
            parsed.problems.append(Problem(line, field_name, str(values[field_name]), reason, True))
            continue
        if parsed.problems:
            continue  # the file will be refused: only its problems are wanted now
        key = (values["force"], _unit_period(layout, values))
        unit = parsed.units.get(key)
        if unit is None:
            unit = parsed.units[key] = Unit()
        # the row as written, its columns in order of name: stored, and compared on re-import
        unit.add(_record(layout, line, values, json.dumps({c: raw[c] for c in in_order})))
    return parsed


def _record(layout: str, line: int, v: dict[str, Any], raw: str) -> dict[str, Any]:
    """One record's columns, as stored (less its extract and force, given when it is stored):
    plain values (dates as ISO text, as SQLite keeps them), quick to put aside and read back."""
    code = v["ethnicity"]
    common = {"ethnicity": code, "group": group_of(code).value, "gender": v["gender"], "age_band": v["age_band"],
              "line": line, "raw": raw}  # fmt: skip
    if layout == Layout.APPLICATIONS:
        return {
            **common, "campaign": v["campaign"], "applicant": v["applicant"], "stage_reached": v["stage_reached"],
            "outcome": v["outcome"], "positive_action": v["positive_action"],
        }  # fmt: skip
    person = {**common, "pseudonym": v["pseudonym"], "worker_type": v["worker_type"]}
    if layout == Layout.PEOPLE:
        return {
            **person, "rank": v["rank"], "as_at": v["as_at"].isoformat(), "start_date": v["start_date"].isoformat(),
            "org_unit": v["unit"],
        }  # fmt: skip
    return {
        **person, "kind": str(EVENT_KIND[layout]), "on": v[EVENT_DATE[layout]].isoformat(),
        "rank": v.get("rank") or v["to_rank"],
        "from_rank": v.get("from_rank", ""), "reason": v.get("reason", ""), "board": v.get("board", ""),
    }  # fmt: skip


MODELS: dict[str, type[models.Model]] = {
    Layout.PEOPLE: HrPerson,
    Layout.JOINERS: HrEvent,
    Layout.LEAVERS: HrEvent,
    Layout.PROMOTIONS: HrEvent,
    Layout.APPLICATIONS: HrApplication,
}


def _fingerprint(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _held_fingerprints(model: type[models.Model], extract: HrExtract) -> set[bytes]:
    """What the unit held, row by row, as short fingerprints of the row as written (read a
    batch at a time), to count the rows a corrected extract leaves unchanged."""
    rows = model.objects.filter(extract=extract).values_list("raw", flat=True)  # type: ignore[attr-defined]
    return {_fingerprint(json.dumps(raw, sort_keys=True)) for raw in rows.iterator(chunk_size=BATCH)}


def import_unit(
    name: str, parsed: Parsed, force: Force, period: str, unit: Unit, *, fictional: bool = False
) -> tuple[int, int]:
    """Store one unit in one transaction, replacing what it held; (imported, unchanged)."""
    layout = parsed.layout
    digest = unit.hashed.hexdigest()
    held = HrExtract.objects.filter(force=force, layout=layout, period=period).first()
    if held is not None and held.sha256 == digest and held.fictional == fictional:
        return 0, unit.rows
    model = MODELS[layout]
    with transaction.atomic():
        if held is None:
            held = HrExtract.objects.create(
                force=force, layout=layout, period=period, name=name[-500:], header=parsed.header, sha256=digest,
                rows_read=unit.rows, rows_imported=0, rows_unchanged=0, fictional=fictional,
            )  # fmt: skip
            before: set[bytes] = set()
        else:
            before = _held_fingerprints(model, held)
            model.objects.filter(extract=held).delete()  # type: ignore[attr-defined]
        columns = ("extract_id", "force_id", *unit.columns)
        extract_id, force_id = held.pk, force.pk
        raw_at = unit.columns.index("raw")
        unchanged = 0
        for batch in unit.batches():
            if before:
                unchanged += sum(1 for r in batch if _fingerprint(r[raw_at]) in before)
            insert_rows(model._meta.db_table, columns, [(extract_id, force_id, *r) for r in batch])
        imported = unit.rows - unchanged
        HrExtract.objects.filter(pk=held.pk).update(
            name=name[-500:], header=parsed.header, sha256=digest, rows_read=unit.rows,
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

    def store(name: str, parsed: Parsed, key: tuple[str, str], unit: Unit) -> tuple[int, int, str]:
        slug, period = key
        try:
            done = import_unit(name, parsed, forces[slug], period, unit, fictional=fictional)
        finally:
            unit.close()
        return (*done, f"{slug} {parsed.layout} {period}")

    return ingest_files(
        paths, parse, store, format_of=lambda p: f"{FORMAT}-{p.layout}", progress=progress, on_units=on_units
    )


def merge(first: IngestReport, second: IngestReport) -> IngestReport:
    """One report for a run that read both Home Office tables and HR extracts."""
    merged = IngestReport(first.files + second.files, first.problems + second.problems)
    merged.exclusions = first.exclusions + second.exclusions
    return merged
