"""The stop-and-search partitions: their schema and how records become a Parquet table."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from parity.powers.importing.normalise import COLUMNS, Record
from parity.reference.vocab import LEGISLATION_BY_CODE
from parity.warehouse.layout import STOP_SEARCH, partition_dir, remove_partition, write_table

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
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
_TEXT = (
    "type",
    "gender",
    "age_band",
    "sde_code",
    "sde_group",
    "ode_group",
    "legislation",
    "object_of_search",
    "outcome",
)
_POWER_GROUP = {code: leg.power_group.value for code, leg in LEGISLATION_BY_CODE.items()}

Columns = list[tuple[object, ...]]


def columns_of(records: Sequence[Record]) -> Columns:
    """Records turned column-wise, once, for the warehouse and the blank counts."""
    return list(zip(*records, strict=True)) if records else [() for _ in COLUMNS]


def to_table(ids: Sequence[int], columns: Columns) -> pa.Table:
    """Arrow table of normalised records; codes already hold None where blank."""

    def col(name: str) -> tuple[object, ...]:
        return columns[_INDEX[name]]

    data: dict[str, pa.Array] = {
        "id": pa.array(ids, pa.int64()),
        "occurred_at": pa.array(col("occurred_at"), pa.string())
        .cast(pa.timestamp("us"))
        .cast(pa.timestamp("us", tz="UTC")),
        "local_date": pa.array(col("local_date"), pa.string()).cast(pa.date32()),
        "local_month": pa.array(col("local_month"), pa.string()),
        "financial_year": pa.array(col("financial_year"), pa.string()),
        "local_minute": pa.array(col("local_minute"), pa.int16()),
        "latitude": pa.array(col("latitude"), pa.float64()),
        "longitude": pa.array(col("longitude"), pa.float64()),
        "power_group": pa.array(
            [_POWER_GROUP.get(str(c)) for c in col("legislation")],
            pa.string(),
        ),
        "flags": pa.array([f or None for f in col("flags")], pa.string()),
    }
    for name in ("part_of_operation", "outcome_linked", "removal_more_than_outer"):
        data[name] = pa.array(col(name), pa.bool_())
    for name in _TEXT:
        data[name] = pa.array(col(name), pa.string())
    return pa.table([data[f.name] for f in SCHEMA], schema=SCHEMA)


def write_partition(force: str, month: str, ids: Sequence[int], columns: Columns) -> None:
    write_table(partition_dir(STOP_SEARCH, force=force, month=month), to_table(ids, columns))


def drop_partition(force: str, month: str) -> None:
    remove_partition(partition_dir(STOP_SEARCH, force=force, month=month))
