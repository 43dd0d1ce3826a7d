"""The whole register as one CSV file: one row per action, its recommendation and source
repeated on each row (a recommendation with no action yet has a row of its own).

Import adds what is new and brings descriptions, owners, due dates and publication up to
date; it never deletes. An action's status is set from the file only when the action is
new: after that it moves through the owner's updates and the board's decisions, so a
different status in the file is left alone and counted in the result. The file is read
whole before anything is saved; if any line is wrong, nothing is saved and every problem
is listed with its line, column, value and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from parity import safe_csv
from parity.accounts.models import User
from parity.actions import notices, progress, register
from parity.actions.findings import findings_in
from parity.actions.measures import GROUPS, RATIO_GROUPS, TARGET_GROUPS
from parity.actions.models import (
    RATIO_KINDS,
    REPORTED,
    Action,
    MeasureKind,
    Milestone,
    Pillar,
    PlanTheme,
    Recommendation,
    Source,
    SourceKind,
    Status,
)
from parity.errors import ParityError
from parity.reference.models import Force

COLUMNS = (
    "source_reference",
    "source_kind",
    "source_title",
    "source_published_on",
    "source_url",
    "source_illustrative",
    "recommendation_reference",
    "recommendation_text",
    "theme",
    "pillar",
    "panel_finding",
    "action_reference",
    "action_title",
    "action_description",
    "owner_email",
    "due_on",
    "status",
    "published",
    "milestones",
    "measures",
)
REQUIRED = ("source_reference", "recommendation_reference")
LIST_SEPARATOR = " | "
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}
_MILESTONE = re.compile(r"^(?P<due>\S+)\s+(?P<title>.+?)(?:\s+\(done (?P<done>\S+)\))?$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", {self.column}"
            if self.value:
                where += f" {self.value!r}"
        return f"{where}: {self.message}"


class ImportRefused(ParityError):
    """The file had problems; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class Result:
    created: dict[str, int] = field(default_factory=lambda: {"sources": 0, "recommendations": 0, "actions": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"sources": 0, "recommendations": 0, "actions": 0})
    milestones: int = 0
    measures: int = 0
    status_kept: list[str] = field(default_factory=list)  # references whose file status was not applied
    rows: int = 0

    def lines(self) -> list[str]:
        out = [f"{self.rows} rows read."]
        for kind in ("sources", "recommendations", "actions"):
            out.append(f"{kind.capitalize()}: {self.created[kind]} added, {self.updated[kind]} changed.")
        out.append(f"Milestones added: {self.milestones}. Measures added: {self.measures}.")
        if self.status_kept:
            out.append(
                f"Status left as it is in Parity for {len(self.status_kept)} existing "
                f"{'action' if len(self.status_kept) == 1 else 'actions'} ({', '.join(self.status_kept)}): "
                "status changes go through owners' updates and the board's decisions."
            )
        return out


# --- reading values ------------------------------------------------------------------------


class _Bad(ValueError):
    pass


def _choice(value: str, choices: Any, what: str, *, blank: bool = False) -> str:
    text = value.strip()
    if not text and blank:
        return ""
    wanted = text.lower().replace("_", "-")
    for option in choices:
        if wanted in {option.value, option.label.lower()}:
            return str(option.value)
    listed = ", ".join(o.value for o in choices)
    raise _Bad(f"is not a {what}; use one of {listed}")


def _date(value: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _Bad("is not a date; write it as 2026-09-30 (or 30/09/2026)")


def _bool(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad("should be yes or no")


def _finding_id(value: str) -> int | None:
    text = value.strip().lower().removeprefix("finding").strip()
    if not text:
        return None
    if not text.isdigit():
        raise _Bad("should be the number of a scrutiny panel finding, like 12")
    return int(text)


def _milestones(value: str) -> list[tuple[date, str, date | None]]:
    out = []
    for part in filter(None, (p.strip() for p in value.split(LIST_SEPARATOR.strip()))):
        match = _MILESTONE.match(part)
        due = _date(match.group("due")) if match else None
        if match is None or due is None:
            raise _Bad(f"milestone {part!r} should be a date then a title, like '2026-09-30 Draft the policy'")
        done = _date(match.group("done")) if match.group("done") else None
        out.append((due, match.group("title").strip(), done))
    return out


def _measures(value: str) -> list[tuple[str, str]]:
    out = []
    for part in filter(None, (p.strip() for p in value.split(LIST_SEPARATOR.strip()))):
        kind_text, _, group = part.rpartition(" ")
        kind = _choice(kind_text, MeasureKind, "measure")
        group = group.strip().capitalize()
        allowed = (
            RATIO_GROUPS if kind in RATIO_KINDS else TARGET_GROUPS if kind == MeasureKind.WORKFORCE_TARGET else GROUPS
        )
        if group not in allowed:
            raise _Bad(f"measure {part!r} needs an ethnic group: one of {', '.join(allowed)}")
        out.append((kind, group))
    return out


@dataclass
class Row:
    line: int
    raw: dict[str, str]
    source: dict[str, Any] = field(default_factory=dict)
    recommendation: dict[str, Any] = field(default_factory=dict)
    action: dict[str, Any] | None = None
    owner_email: str = ""
    milestones: list[tuple[date, str, date | None]] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)


def _parse_row(line: int, raw: dict[str, str], name: str, problems: list[Problem]) -> Row:
    row = Row(line, raw)

    def read(column: str, reader: Any) -> Any:
        value = raw.get(column) or ""
        try:
            return reader(value)
        except _Bad as error:
            problems.append(Problem(name, line, column, value.strip(), str(error)))
            return None

    for column in REQUIRED:
        if not (raw.get(column) or "").strip():
            problems.append(Problem(name, line, column, "", f"is empty: every row needs a {column.replace('_', ' ')}"))
    row.source = {
        "reference": (raw.get("source_reference") or "").strip(),
        "kind": read("source_kind", lambda v: _choice(v, SourceKind, "kind of source", blank=True)),
        "title": (raw.get("source_title") or "").strip(),
        "published_on": read("source_published_on", _date),
        "url": (raw.get("source_url") or "").strip(),
        "illustrative": read("source_illustrative", _bool),
    }
    row.recommendation = {
        "reference": (raw.get("recommendation_reference") or "").strip(),
        "text": (raw.get("recommendation_text") or "").strip(),
        "theme": read("theme", lambda v: _choice(v, PlanTheme, "theme", blank=True)),
        "pillar": read("pillar", lambda v: _choice(v, Pillar, "Race Action Plan pillar", blank=True)),
        "finding": read("panel_finding", _finding_id),
    }
    has_action = any((raw.get(c) or "").strip() for c in ("action_reference", "action_title"))
    if has_action:
        title = (raw.get("action_title") or "").strip()
        if not title:
            problems.append(Problem(name, line, "action_title", "", "is empty: an action needs a title"))
        status = read("status", lambda v: _choice(v, Status, "status", blank=True)) or Status.NOT_STARTED
        row.action = {
            "reference": (raw.get("action_reference") or "").strip(),
            "title": title,
            "description": (raw.get("action_description") or "").strip(),
            "due_on": read("due_on", _date),
            "status": status,
            "published": read("published", _bool),
        }
        row.owner_email = (raw.get("owner_email") or "").strip().lower()
        row.milestones = read("milestones", _milestones) or []
        row.measures = read("measures", _measures) or []
    return row


def read_rows(text: str, name: str) -> tuple[list[Row], list[Problem]]:
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in (*REQUIRED, "action_title") if c not in header]
    if missing:
        problems.append(
            Problem(
                name, 1, "", "", f"the header has no {', '.join(missing)} column; the columns are {', '.join(COLUMNS)}"
            )
        )
        return [], problems
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(
            Problem(name, 1, "", "", f"unknown columns {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}")
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        clean = {(k or "").strip(): safe_csv.unescape(v or "") for k, v in raw.items() if k is not None}
        if not any(v.strip() for v in clean.values()):
            continue
        rows.append(_parse_row(number, clean, name, problems))
    if not rows and not problems:
        problems.append(Problem(name, 2, "", "", "the file has a header but no rows"))
    return rows, problems


# --- applying ----------------------------------------------------------------------------------


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _source(force: Force, row: Row, result: Result) -> Source:
    data = row.source
    source = Source.objects.filter(force=force, reference__iexact=data["reference"]).first()
    if source is None:
        if not data["kind"] or not data["title"]:
            raise ValidationError({"source_title": "A new source needs a source_kind and a source_title"})
        result.created["sources"] += 1
        return register.add_source(
            force,
            kind=data["kind"],
            reference=data["reference"],
            title=data["title"],
            published_on=data["published_on"],
            url=data["url"],
            illustrative=bool(data["illustrative"]),
        )
    values: dict[str, Any] = {"illustrative": bool(data["illustrative"])}
    for name in ("kind", "title", "published_on", "url"):
        if data[name]:
            values[name] = data[name]
    if _changed(source, values):
        source.full_clean()
        source.save()
        result.updated["sources"] += 1
    return source


def _recommendation(source: Source, row: Row, result: Result) -> Recommendation:
    data = row.recommendation
    finding = None
    if data["finding"] is not None:
        finding = findings_in(source.force).filter(pk=data["finding"]).first()
        if finding is None:
            raise ValidationError({"panel_finding": f"{source.force.name}'s panels have no finding {data['finding']}"})
    found = source.recommendations.filter(reference__iexact=data["reference"]).first()
    if found is None:
        if not data["text"] or not data["theme"]:
            raise ValidationError({"recommendation_text": "A new recommendation needs its text and a theme"})
        result.created["recommendations"] += 1
        return register.add_recommendation(
            source,
            reference=data["reference"],
            text=data["text"],
            theme=data["theme"],
            pillar=data["pillar"] or "",
            finding=finding,
        )
    values = {k: data[k] for k in ("text", "theme") if data[k]}
    values["pillar"] = data["pillar"] or ""
    values["finding"] = finding
    if _changed(found, values):
        found.full_clean()
        found.save()
        result.updated["recommendations"] += 1
    return found


def _action(recommendation: Recommendation, row: Row, owner: User | None, result: Result, on: date | None) -> Action:
    data = row.action or {}
    existing = (
        Action.objects.filter(force_id=recommendation.force_id, reference__iexact=data["reference"]).first()
        if data["reference"]
        else None
    )
    if existing is None:
        if data["status"] not in REPORTED:  # an action held already keeps its status (below)
            raise ValidationError(
                {"status": "a new action cannot start complete or closed: the board decides that in Parity"}
            )
        result.created["actions"] += 1
        return register.add_action(
            recommendation,
            reference=data["reference"],
            title=data["title"],
            description=data["description"],
            owner=owner,
            due_on=data["due_on"],
            status=data["status"],
            published=bool(data["published"]),
            on=on,
        )
    if existing.recommendation_id != recommendation.pk:
        raise ValidationError(
            {"action_reference": f"{existing.reference} belongs to recommendation {existing.recommendation}"}
        )
    register.check_owner(owner, existing.force)
    before = existing.owner_id
    values = {
        "title": data["title"],
        "description": data["description"],
        "owner": owner,
        "due_on": data["due_on"],
        "published": bool(data["published"]),
    }
    if (row.raw.get("status") or "").strip() and data["status"] != existing.status:
        result.status_kept.append(existing.reference)
    if _changed(existing, values):
        existing.full_clean()
        existing.save()
        result.updated["actions"] += 1
        notices.owner_given(existing, before)
    return existing


def _extras(action: Action, row: Row, result: Result, on: date | None) -> None:
    titles = {m.title.lower() for m in action.milestones.all()}
    for due, title, done in row.milestones:
        if title.lower() not in titles:
            milestone = Milestone(action=action, title=title, due_on=due, done_on=done)
            milestone.full_clean()
            milestone.save()
            result.milestones += 1
    for kind, group in row.measures:
        if not action.measures.filter(kind=kind, group=group).exists():
            progress.add_measure(action, None, kind=kind, group=group, on=on)
            result.measures += 1


def _owners(force: Force, rows: list[Row], name: str, problems: list[Problem]) -> dict[str, User]:
    emails = {r.owner_email for r in rows if r.owner_email}
    found = {u.email: u for u in register.owners_in(force).filter(email__in=emails)}
    for row in rows:
        if row.owner_email and row.owner_email not in found:
            problems.append(
                Problem(
                    name,
                    row.line,
                    "owner_email",
                    row.owner_email,
                    f"is not an action owner in {force.name}: a force administrator gives them that role first",
                )
            )
    return found


class _Rollback(Exception):
    pass


def import_register(force: Force, text: str, *, name: str = "register.csv", on: date | None = None) -> Result:
    """Read the whole file, then save it all or nothing. Raises ImportRefused with every problem."""
    rows, problems = read_rows(text, name)
    owners = _owners(force, rows, name, problems)
    if problems:
        raise ImportRefused(problems)
    result = Result(rows=len(rows))
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        source = _source(force, row, result)
                        recommendation = _recommendation(source, row, result)
                        if row.action is not None:
                            action = _action(recommendation, row, owners.get(row.owner_email), result, on)
                            _extras(action, row, result, on)
                except ValidationError as error:
                    for column, message in _messages(error):
                        problems.append(Problem(name, row.line, column, row.raw.get(column, "").strip(), message))
            if problems:
                raise _Rollback
    except _Rollback:
        raise ImportRefused(problems) from None
    return result


# Model fields named as the file's columns, so a problem points at the cell to fix.
_COLUMN_OF = {
    "title": "action_title",
    "text": "recommendation_text",
    "owner": "owner_email",
    "finding": "panel_finding",
    "__all__": "",
}


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(_COLUMN_OF.get(k, k), m) for k, ms in error.message_dict.items() for m in ms]
    return [("", m) for m in error.messages]


# --- exporting ---------------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def export_rows(force: Force) -> Iterable[dict[str, str]]:
    recommendations = (
        Recommendation.objects.filter(force=force)
        .select_related("source")
        .prefetch_related("actions__owner", "actions__milestones", "actions__measures")
    )
    for rec in recommendations:
        source = rec.source
        base = {
            "source_reference": source.reference,
            "source_kind": source.kind,
            "source_title": source.title,
            "source_published_on": source.published_on.isoformat() if source.published_on else "",
            "source_url": source.url,
            "source_illustrative": _yes(source.illustrative),
            "recommendation_reference": rec.reference,
            "recommendation_text": rec.text,
            "theme": rec.theme,
            "pillar": rec.pillar,
            "panel_finding": str(rec.finding_id or ""),
        }
        actions = sorted(rec.actions.all(), key=lambda a: (a.position, a.pk))
        if not actions:
            yield {**dict.fromkeys(COLUMNS, ""), **base}
        for action in actions:
            yield {
                **base,
                "action_reference": action.reference,
                "action_title": action.title,
                "action_description": action.description,
                "owner_email": action.owner.email if action.owner else "",
                "due_on": action.due_on.isoformat() if action.due_on else "",
                "status": action.status,
                "published": _yes(action.published),
                "milestones": LIST_SEPARATOR.join(
                    f"{m.due_on.isoformat()} {m.title}" + (f" (done {m.done_on.isoformat()})" if m.done_on else "")
                    for m in action.milestones.all()
                ),
                "measures": LIST_SEPARATOR.join(f"{m.kind} {m.group}" for m in action.measures.all()),
            }


def write_csv(rows: Iterable[dict[str, str]], out: io.TextIOBase | Any) -> None:
    writer = safe_csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def export_register(force: Force) -> str:
    buffer = io.StringIO()
    write_csv(export_rows(force), buffer)
    return buffer.getvalue()
