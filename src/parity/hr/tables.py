"""The workforce dashboard's tables as JSON and CSV, for its downloads and its API.

JSON is the dashboard's result objects' `as_dict()`, so small numbers are protected exactly
as on the page (a hidden count is `null` with `suppressed: true`); CSV is one row a figure,
flattened from the same JSON and written with `parity.safe_csv`. Only counts and rates,
never a pseudonym.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from parity import safe_csv
from parity.errors import ParityError
from parity.hr.dashboard import Dashboard, dashboard, state
from parity.reference.models import Force
from parity.web.cache import memoised

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class TableMissing(ParityError, LookupError):
    """The table's records are not held for the force; the message says which."""


def _representation(board: Dashboard) -> dict[str, Any] | None:
    if not board.by_worker_type:
        return None
    tables = [("worker type", name, rep) for name, rep in board.by_worker_type]
    tables += [("officer rank", name, rep) for name, rep in board.by_rank]
    return {"tables": [{"breakdown": kind, "part": name, **rep.as_dict()} for kind, name, rep in tables]}


def _targets(board: Dashboard) -> dict[str, Any] | None:
    if not board.targets:
        return None
    return {
        "targets": [
            {
                "title": t.answer.target.title,
                "kind": t.answer.target.kind,
                "group": t.answer.target.group,
                "worker_type": t.answer.target.worker_type,
                "deadline": t.answer.target.deadline.isoformat(),
                "goal": t.answer.goal,
                "statement": t.statement,
                "on_time": t.answer.on_time,
                "history": [{"as_at": p.as_at.isoformat(), "value": p.value} for p in t.answer.history],
                "projection": t.answer.projection.as_dict() if t.answer.projection else None,
                "unavailable": t.answer.unavailable,
            }
            for t in board.targets
        ]
    }


# name -> (how to read it from the dashboard, what is missing when it is absent)
TABLES: dict[str, tuple[Callable[[Dashboard], dict[str, Any] | None], str]] = {
    "representation": (_representation, "No HR extract of people in post is held for this force."),
    "recruitment": (
        lambda b: b.funnel.as_dict() if b.funnel else None,
        "No decided recruitment applications are held for this force.",
    ),
    "positive-action": (
        lambda b: b.support.as_dict() if b.support else None,
        "No decided recruitment applications are held for this force.",
    ),
    "retention": (
        lambda b: b.retention.as_dict() if b.retention else None,
        "Leaving and promotion rates need the people in post a year apart.",
    ),
    "targets": (_targets, "The force has not recorded a workforce target."),
}


def _flat(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _flat(f"{prefix}_{key}" if prefix else key, inner)
    elif isinstance(value, list):
        yield prefix, "; ".join(str(v) for v in value)
    else:
        yield prefix, value


def _rows(name: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row a figure: each group of each table, with what the table is about first."""
    if name == "representation":
        parts = [
            ({"breakdown": t["breakdown"], "part": t["part"], "as_at": t["as_at"], "census_year": t["census_year"]}, g)
            for t in data["tables"]
            for g in [*t["groups"], {"group": "Not stated", "headcount": t["not_stated"]}]
        ]
    elif name == "recruitment":
        parts = [({"stage": s["stage"]}, g) for s in data["steps"] for g in s["groups"]]
    elif name == "positive-action":
        parts = [({}, g) for g in data["groups"]]
    elif name == "retention":
        tables = [data["leaving"], *data["leaving_by_reason"], *data["leaving_by_rank"], *data["promotion"]]
        span = {"start": data["start"], "end": data["end"]}
        parts = [({**span, "event": t["event"]}, g) for t in tables for g in t["groups"]]
    else:
        parts = [({}, {k: v for k, v in t.items() if k not in {"history", "projection"}}) for t in data["targets"]]
    return [{**head, **dict(_flat("", row))} for head, row in parts]


def to_csv(rows: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = safe_csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def figures(force: Force, version: str | None = None) -> dict[str, Any]:
    """Every table of the dashboard at once (the API's answer)."""
    board = dashboard(force, version)
    return {
        "force": force.slug,
        "fictional": board.fictional,
        "as_at": board.as_at.isoformat() if board.as_at else None,
        "missing": board.missing,
        **{name.replace("-", "_"): read(board) for name, (read, _) in TABLES.items()},
    }


def figures_json(force: Force) -> bytes:
    """The API's answer, serialised once per state of the force's HR extracts and targets:
    turning every protected table into JSON on each request cost most of the request."""
    return _figures_json(force.pk, state(force))


@memoised("hr-dashboard-json")
def _figures_json(force_pk: int, version: str) -> bytes:
    answer = figures(Force.objects.get(pk=force_pk), version)
    return json.dumps(answer, ensure_ascii=False, allow_nan=False).encode()


@dataclass(frozen=True)
class Download:
    body: str
    content_type: str
    filename: str


def download(force: Force, table: str, fmt: str) -> Download:
    """One table as CSV or JSON, made once per state of the force's HR extracts and targets;
    LookupError (TableMissing) when the force holds nothing for it."""
    if table not in TABLES or fmt not in FORMATS:
        raise TableMissing(f"There is no table {table!r} in {fmt!r}: the tables are {', '.join(TABLES)}.")
    return _download(force.pk, table, fmt, state(force))


@memoised("hr-dashboard-download")
def _download(force_pk: int, table: str, fmt: str, version: str) -> Download:
    force = Force.objects.get(pk=force_pk)
    read, missing = TABLES[table]
    board = dashboard(force, version)
    data = read(board)
    if data is None:
        raise TableMissing(missing)
    data = {"force": force.slug, "fictional": board.fictional, **data}
    name = f"{force.slug}-workforce-{table}{'-fictional' if board.fictional else ''}.{fmt}"
    if fmt == "json":
        return Download(json.dumps(data, ensure_ascii=False, allow_nan=False), FORMATS[fmt], name)
    return Download(to_csv(_rows(table, data)), FORMATS[fmt], name)
