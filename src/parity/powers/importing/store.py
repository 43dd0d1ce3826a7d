"""Writing one force-month to the operational database, fast, in the caller's transaction.

The ORM writes the small things (the source file, its problems). Records go in bulk with
the fastest path each backend has: `executemany` on SQLite and `COPY` on PostgreSQL. This
is the only backend-specific SQL in the importer.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from django.db import connection

from parity.powers.importing.normalise import COLUMNS
from parity.powers.models import StopSearch
from parity.warehouse import record_fields

TABLE = StopSearch._meta.db_table
# Month, financial year, minute and broad group are derived, so only the warehouse holds them.
STORED = tuple(c for c in COLUMNS if c in record_fields.STORED)
DB_COLUMNS: tuple[str, ...] = ("id", "source_file_id", "force_id", *STORED)
ROWS_PER_INSERT = 32  # SQLite allows 32,766 parameters to a statement
Ids = range | list[int]  # a range when consecutive, as they nearly always are


def insert_records(source_file_id: int, force_id: int, records: pa.Table) -> Ids:
    """Insert one force-month's records (a table of normalise.COLUMNS); their ids, in order.

    Must run inside the import's transaction. On SQLite the transaction holds the write lock
    (BEGIN IMMEDIATE), so the table's AUTOINCREMENT numbers the records consecutively from
    one past the highest id ever used; the importer checks that it did. On PostgreSQL the
    ids are drawn from the table's sequence first and sent with the records in one COPY.
    """
    if not records.num_rows:
        return range(0)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return _copy(int(source_file_id), int(force_id), records)
    return _executemany(int(source_file_id), int(force_id), records)


def _executemany(source_file_id: int, force_id: int, records: pa.Table) -> Ids:
    raw = connection.connection
    highest = raw.execute(f"SELECT MAX(id) FROM {TABLE}").fetchone()[0] or 0
    row = raw.execute("SELECT MAX(seq) FROM sqlite_sequence WHERE name = ?", (TABLE,)).fetchone()
    start = max(highest, row[0] or 0) + 1
    count = records.num_rows
    values = f"({source_file_id}, {force_id}, {', '.join('?' * len(STORED))})"
    insert = f"INSERT INTO {TABLE} ({', '.join(DB_COLUMNS[1:])}) VALUES "
    # The records' values in order, one flat stream; each statement takes the next
    # ROWS_PER_INSERT rows (SQLite does less per row that way), the rest one at a time.
    # zip over one iterator repeated k times takes k values at a time.
    flat = itertools.chain.from_iterable(zip(*(records.column(name).to_pylist() for name in STORED), strict=True))
    whole, rest = divmod(count, ROWS_PER_INSERT)
    if whole:
        statement = insert + ", ".join([values] * ROWS_PER_INSERT)
        raw.executemany(
            statement, itertools.islice(zip(*[flat] * (len(STORED) * ROWS_PER_INSERT), strict=False), whole)
        )
    if rest:
        raw.executemany(insert + values, zip(*[flat] * len(STORED), strict=False))
    last = raw.execute("SELECT last_insert_rowid()").fetchone()[0]
    if last != start + count - 1:
        raise RuntimeError(f"SQLite numbered {TABLE} from {last - count + 1}, not {start}")
    return range(start, last + 1)


def _copy(source_file_id: int, force_id: int, records: pa.Table) -> Ids:
    count = records.num_rows
    with connection.connection.cursor() as cursor:
        # Atomic still (see docs/decisions/0001); the record times are UTC texts.
        cursor.execute("SET LOCAL synchronous_commit TO OFF; SET LOCAL TIME ZONE 'UTC'")
        cursor.execute(
            "WITH s AS (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [TABLE, count],
        )
        ids: Ids = [row[0] for row in cursor.fetchall()]
        text = pa.BufferOutputStream()
        columns = [
            pa.array(ids, pa.int64()),
            pa.repeat(pa.scalar(source_file_id, pa.int64()), count),
            pa.repeat(pa.scalar(force_id, pa.int64()), count),
        ]
        table = pa.table([*columns, *(records.column(name) for name in STORED)], names=list(DB_COLUMNS))
        pa_csv.write_csv(table, text, pa_csv.WriteOptions(include_header=False))
        with cursor.copy(f"COPY {TABLE} ({', '.join(DB_COLUMNS)}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(memoryview(text.getvalue()))
    return range(ids[0], ids[-1] + 1) if ids[-1] - ids[0] == count - 1 else ids


SQLITE_PARAMETERS = 32_766  # the most parameters SQLite takes in one statement


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows into a table of the operational database, in the caller's transaction,
    the fastest way each backend has: INSERTs of many rows at a time on SQLite, COPY on
    PostgreSQL. For other importers' records (workforce HR extracts), which keep their own ids."""
    if not rows:
        return
    connection.ensure_connection()
    name = connection.ops.quote_name(table)
    listed = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {name} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    width = len(columns)
    per = max(1, min(ROWS_PER_INSERT, SQLITE_PARAMETERS // width))
    one = f"({', '.join('?' * width)})"
    insert = f"INSERT INTO {name} ({listed}) VALUES "
    flat = itertools.chain.from_iterable(rows)  # taken k values at a time, as in _executemany
    whole, rest = divmod(len(rows), per)
    raw = connection.connection
    if whole:
        raw.executemany(
            insert + ", ".join([one] * per), itertools.islice(zip(*[flat] * (width * per), strict=False), whole)
        )
    if rest:
        raw.executemany(insert + one, zip(*[flat] * width, strict=False))
