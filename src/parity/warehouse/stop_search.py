"""The stop-and-search partitions: their schema and how records become a Parquet table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

from parity.reference.vocab import LEGISLATION_BY_CODE
from parity.warehouse.layout import STOP_SEARCH, partition_dir, write_table
from parity.warehouse.record_fields import FIELDS, WAREHOUSE_SCHEMA

SCHEMA = WAREHOUSE_SCHEMA
# Made here rather than copied from the importer's table (below); every other column is copied.
_MADE = frozenset({"id", "occurred_at", "local_date", "power_group", "flags"})
_SAME = tuple(f.name for f in FIELDS if f.warehouse is not None and f.name not in _MADE)
_LEGISLATION = pa.array(list(LEGISLATION_BY_CODE), pa.string())
_POWER_GROUP = pa.array([leg.power_group.value for leg in LEGISLATION_BY_CODE.values()], pa.string())

Ids: TypeAlias = Sequence[int] | pa.Array


def to_table(ids: Ids, records: pa.Table) -> pa.Table:
    """The warehouse table of one partition's records (a table of normalise.COLUMNS)."""
    column = records.column
    flags = column("flags")
    data: dict[str, pa.Array | pa.ChunkedArray] = {
        "id": ids if isinstance(ids, pa.Array) else pa.array(ids, pa.int64()),
        "occurred_at": column("occurred_at").cast(pa.timestamp("us")).cast(pa.timestamp("us", tz="UTC")),
        "local_date": column("local_date").cast(pa.date32()),
        "power_group": _POWER_GROUP.take(pc.index_in(column("legislation"), value_set=_LEGISLATION)),
        "flags": pc.if_else(pc.equal(flags, ""), None, flags),
    }
    for name in _SAME:
        data[name] = column(name)
    return pa.table([data[f.name] for f in SCHEMA], schema=SCHEMA)


def write_partition(force: str, month: str, ids: Ids, records: pa.Table) -> None:
    write_table(partition_dir(STOP_SEARCH, force=force, month=month), to_table(ids, records))
