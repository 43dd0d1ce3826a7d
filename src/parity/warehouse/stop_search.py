"""The stop-and-search partitions: their schema and how records become a Parquet table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

from parity.reference.vocab import LEGISLATION_BY_CODE
from parity.warehouse.layout import STOP_SEARCH, partition_dir, write_table

SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("type", pa.string()),
        ("occurred_at", pa.timestamp("us", tz="UTC")),
        ("local_date", pa.date32()),
        ("local_month", pa.string()),
        ("financial_year", pa.string()),
        ("local_minute", pa.int16()),
        ("part_of_operation", pa.bool_()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("gender", pa.string()),
        ("age_band", pa.string()),
        ("sde_code", pa.string()),
        ("sde_group", pa.string()),
        ("ode_group", pa.string()),
        ("legislation", pa.string()),
        ("power_group", pa.string()),
        ("object_of_search", pa.string()),
        ("outcome", pa.string()),
        ("outcome_linked", pa.bool_()),
        ("removal_more_than_outer", pa.bool_()),
        ("flags", pa.string()),
    ]
)
_TEXT = (
    "type",
    "local_month",
    "financial_year",
    "gender",
    "age_band",
    "sde_code",
    "sde_group",
    "ode_group",
    "legislation",
    "object_of_search",
    "outcome",
)
_SAME = (
    *_TEXT,
    "local_minute",
    "latitude",
    "longitude",
    "part_of_operation",
    "outcome_linked",
    "removal_more_than_outer",
)
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
