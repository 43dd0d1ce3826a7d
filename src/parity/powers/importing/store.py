"""Writing one force-month to the operational database, fast, in the caller's transaction.

The ORM writes the small things (the source file, its problems). Records go in bulk with
the fastest path each backend has: `executemany` on SQLite and `COPY` on PostgreSQL. This
is the only backend-specific SQL in the importer.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from django.db import connection

from parity.powers.importing.normalise import COLUMNS, Record
from parity.powers.models import StopSearch

TABLE = StopSearch._meta.db_table
# Month, financial year, minute and broad group are derived, so only the warehouse holds them.
DERIVED = frozenset({"local_month", "financial_year", "local_minute", "sde_group"})
STORED = tuple(c for c in COLUMNS if c not in DERIVED)
DB_COLUMNS: tuple[str, ...] = ("id", "source_file_id", "force_id", *STORED)
_pick = itemgetter(*(COLUMNS.index(c) for c in STORED))


def insert_records(source_file_id: int, force_id: int, records: Sequence[Record]) -> list[int]:
    """Insert one force-month's records; returns their ids in record order.

    Must run inside the import's transaction. On SQLite the transaction holds the write lock
    (BEGIN IMMEDIATE), so the importer can number the records itself; sqlite_sequence keeps
    ids of deleted records from being reused. On PostgreSQL the sequence numbers them during
    COPY and the ids are read back by line.
    """
    if not records:
        return []
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")  # atomic still; see docs
            with cursor.copy(f"COPY {TABLE} ({', '.join(DB_COLUMNS[1:])}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row((source_file_id, force_id, *_pick(record)))
            cursor.execute(f"SELECT line, id FROM {TABLE} WHERE source_file_id = %s", [source_file_id])
            by_line = dict(cursor.fetchall())
        return [by_line[record[0]] for record in records]
    highest = raw.execute(f"SELECT MAX(id) FROM {TABLE}").fetchone()[0] or 0
    row = raw.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (TABLE,)).fetchone()
    start = max(highest, row[0] if row else 0) + 1
    ids = list(range(start, start + len(records)))
    placeholders = ", ".join("?" * len(DB_COLUMNS))
    raw.executemany(
        f"INSERT INTO {TABLE} ({', '.join(DB_COLUMNS)}) VALUES ({placeholders})",
        [(ident, source_file_id, force_id, *_pick(record)) for ident, record in zip(ids, records, strict=True)],
    )
    raw.execute("INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES (?, ?)", (TABLE, ids[-1]))
    return ids
