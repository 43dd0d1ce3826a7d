"""Storing checked Home Office workforce cells, one force-year per transaction.

Both Home Office tables (the ethnicity table and the headcount table without ethnicity) are
stored the same way: a force-year is a `WorkforceUnit`; a cell is held once and remembers the
unit that last wrote it; the same rows again change nothing. What was held is read in two
queries for the whole file, not a handful per force-year: asking the database again for each
of a thousand small units cost most of an import (benchmarks/workforce.py).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils import timezone

from parity.reference.models import Force
from parity.workforce.models import WorkforceUnit


class Cell(Protocol):
    """One checked row: where it was read, its key within a force-year and its stored values."""

    @property
    def line(self) -> int: ...
    @property
    def key(self) -> tuple[Hashable, ...]: ...
    @property
    def values(self) -> tuple[Any, ...]: ...
    @property
    def cells(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Table:
    """Where a kind of cell is stored: its model, the fields of its key and of its values."""

    model: type[models.Model]
    key: tuple[str, ...]
    values: tuple[str, ...]
    header: tuple[str, ...]  # the layout's column names, for the raw row kept beside each cell

    @property
    def columns(self) -> tuple[str, ...]:
        return ("unit_id", "force_id", "as_at", *self.key, *self.values, "line", "raw")


def digest(rows: Sequence[Cell]) -> str:
    """The hash of a force-year's rows as read: the same rows give the same unit."""
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update("\x1f".join(row.cells).encode() + b"\x1e")
    return hashed.hexdigest()


Progress = Callable[[str, int], None]  # (unit description, rows in it)
Held = dict[tuple[Hashable, ...], tuple[int, int, tuple[Any, ...]]]  # key -> (pk, unit id, values)


def store(
    table: Table,
    name: str,
    header: str,
    units: dict[tuple[int, str], list[Any]],
    forces: dict[str, Force],
    *,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Store every force-year of one checked file; (rows imported, rows unchanged)."""
    dates = {date(year, 3, 31) for year, _ in units}
    ids = {forces[slug].pk for _, slug in units}
    digests = {where: digest(rows) for where, rows in units.items()}
    known = {
        (force, as_at, sha): pk
        for pk, force, as_at, sha in WorkforceUnit.objects.filter(
            force_id__in=ids, as_at__in=dates, sha256__in=set(digests.values())
        ).values_list("pk", "force_id", "as_at", "sha256")
    }
    held: dict[tuple[int, date], Held] = defaultdict(dict)
    for pk, unit, force, as_at, *rest in table.model._default_manager.filter(
        force_id__in=ids, as_at__in=dates
    ).values_list("pk", "unit_id", "force_id", "as_at", *table.key, *table.values):
        k = len(table.key)
        held[(force, as_at)][tuple(rest[:k])] = (pk, unit, tuple(rest[k:]))
    imported = unchanged = 0
    for (year, slug), rows in sorted(units.items()):
        force = forces[slug]
        as_at = date(year, 3, 31)
        cells = held.get((force.pk, as_at), {})
        same = known.get((force.pk, as_at, digests[(year, slug)]))
        new, changed = _compare(rows, cells)
        # The same rows again change nothing, unless another file has since rewritten some cells.
        if same is not None and not any(unit > same for _, unit, _ in cells.values()):
            new, changed = [], []
        if new or changed or same is None:
            unit = {"force": force, "as_at": as_at, "name": name[-500:], "header": header, "rows_read": len(rows)}
            _write(table, {**unit, "sha256": digests[(year, slug)]}, same, new, changed)
        imported += len(new) + len(changed)
        unchanged += len(rows) - len(new) - len(changed)
        if progress:
            progress(f"{slug} {year}", len(rows))
    return imported, unchanged


def _compare(rows: list[Any], held: Held) -> tuple[list[Any], list[tuple[int, Any]]]:
    new: list[Any] = []
    changed: list[tuple[int, Any]] = []
    for row in rows:
        cell = held.get(row.key)
        if cell is None:
            new.append(row)
        elif cell[2] != row.values:
            changed.append((cell[0], row))
    return new, changed


def _write(
    table: Table, unit: dict[str, Any], same: int | None, new: list[Any], changed: list[tuple[int, Any]]
) -> None:
    """One force-year in one transaction: its unit, the changed cells, the new ones."""
    counts = {"rows_imported": len(new) + len(changed), "rows_unchanged": unit["rows_read"] - len(new) - len(changed)}
    force, as_at = unit["force"], unit["as_at"]
    with transaction.atomic():
        if same is None:
            unit_id = _new_unit({**unit, "force_id": unit["force"].pk, **counts})
        else:
            unit_id = same
            WorkforceUnit.objects.filter(pk=same).update(**counts)
        manager = table.model._default_manager
        for pk, row in changed:
            manager.filter(pk=pk).update(
                unit_id=unit_id, line=row.line, raw=_raw(table, row), **dict(zip(table.values, row.values, strict=True))
            )
        _insert(table, unit_id, force.pk, as_at, new)


UNIT_COLUMNS = (
    "force_id", "as_at", "name", "header", "sha256", "rows_read", "rows_imported", "rows_unchanged", "imported_at",
)  # fmt: skip


def _new_unit(unit: dict[str, Any]) -> int:
    """One INSERT ... RETURNING for the unit: saving a model instance cost more than storing
    its few dozen cells (SQLite 3.35 and PostgreSQL both return the new id)."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in UNIT_COLUMNS)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(WorkforceUnit._meta.db_table)} ({quoted}) "
        f"VALUES ({', '.join(['%s'] * len(UNIT_COLUMNS))}) RETURNING {connection.ops.quote_name('id')}"
    )
    ops = connection.ops
    full = {
        **unit,
        "as_at": ops.adapt_datefield_value(unit["as_at"]),
        "imported_at": ops.adapt_datetimefield_value(timezone.now()),
    }
    values = [full[c] for c in UNIT_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def _raw(table: Table, row: Cell) -> dict[str, str]:
    return dict(zip(table.header, row.cells, strict=False))


def _insert(table: Table, unit: int, force: int, as_at: date, rows: list[Any]) -> None:
    """One parameterised INSERT for many cells: building a model per cell for bulk_create
    cost most of an import, and these plain values need none of what it does."""
    if not rows:
        return
    quoted = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table.model._meta.db_table)} ({quoted}) "
        f"VALUES ({', '.join(['%s'] * len(table.columns))})"
    )
    dumps = json.dumps
    values = [
        (unit, force, as_at, *r.key, *_db(r.values), r.line, dumps(dict(zip(table.header, r.cells, strict=False))))
        for r in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _db(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Decimals as text, which every database takes for a decimal column without rounding."""
    return tuple(str(v) if v is not None and not isinstance(v, int | str) else v for v in values)
