"""What the operational database holds, summed up in one small SQL statement.

Published figures are cached per version of the data (`parity.web.cache`); this is the
database's part of that version: the stop-and-search files imported, whether their
warehouse partitions are written, the census tables and the use-of-force units loaded. Any import changes it. It is
read on every request that may be answered from memory, so it is one statement, without the
ORM's overhead: storage code, like the importer's bulk insert.
"""

from __future__ import annotations

from django.db import connection

from parity.powers.models import SourceFile, UseOfForceUnit
from parity.reference.models import Population


def held_summary() -> tuple[object, ...]:
    """Counts, highest ids and sums that move whenever records or populations are imported."""
    files, census = SourceFile._meta.db_table, Population._meta.db_table
    sql = (
        "SELECT * FROM (SELECT COUNT(*), MAX(id), SUM(rows_imported), "
        "SUM(CASE WHEN warehouse_written THEN 1 ELSE 0 END), MAX(imported_at) "
        f"FROM {files} WHERE dataset = %s) AS f, (SELECT COUNT(*), MAX(id), SUM(population) FROM {census}) AS c"
    )
    # use-of-force units are rewritten in place, so their latest time moves with every change
    units = UseOfForceUnit._meta.db_table
    sql += f", (SELECT COUNT(*), MAX(id), MAX(imported_at) FROM {units}) AS u"
    with connection.cursor() as cursor:
        cursor.execute(sql, ["stop-search"])
        row = cursor.fetchone()
    return tuple(row)
