"""The fields of a stop-and-search record, each declared once.

A record passes through three shapes: the Arrow table the importer carries (`carried`), the
database's record table (`stored`: the importer's value is kept there) and the warehouse's
Parquet partitions (`warehouse`). Each is derived from this one list: the importer's record
schema (`parity.powers.importing.normalise.RECORD_SCHEMA`), the columns the store inserts
(`parity.powers.importing.store.STORED`) and the warehouse schema
(`parity.warehouse.stop_search.SCHEMA`). The Django model declares the stored fields as
Django fields (migrations need them spelled out); a test checks it names exactly these.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class RecordField:
    name: str
    carried: pa.DataType | None  # as the importer carries it; None: made later (the id) or derived
    warehouse: pa.DataType | None  # its Parquet column; None: only the database keeps it
    stored: bool = True  # the database keeps the importer's value (False: derived from another field)


_TEXT = pa.string()
_FLAG = pa.bool_()
_NUMBER = pa.float64()

# In the warehouse's column order; the fields only the database keeps come last.
FIELDS: tuple[RecordField, ...] = (
    RecordField("id", None, pa.int64(), stored=False),  # the database's, given to the warehouse
    RecordField("type", _TEXT, _TEXT),
    RecordField("occurred_at", _TEXT, pa.timestamp("us", tz="UTC")),  # carried as "YYYY-MM-DD HH:MM:SS", UTC
    RecordField("local_date", _TEXT, pa.date32()),  # carried as "YYYY-MM-DD", Europe/London
    RecordField("local_month", _TEXT, _TEXT, stored=False),
    RecordField("financial_year", _TEXT, _TEXT, stored=False),
    RecordField("local_minute", pa.int16(), pa.int16(), stored=False),
    RecordField("part_of_operation", _FLAG, _FLAG),
    RecordField("latitude", _NUMBER, _NUMBER),
    RecordField("longitude", _NUMBER, _NUMBER),
    RecordField("gender", _TEXT, _TEXT),
    RecordField("age_band", _TEXT, _TEXT),
    RecordField("sde_code", _TEXT, _TEXT),
    RecordField("sde_group", _TEXT, _TEXT, stored=False),
    RecordField("ode_group", _TEXT, _TEXT),
    RecordField("legislation", _TEXT, _TEXT),
    RecordField("power_group", None, _TEXT, stored=False),  # from the legislation, in the warehouse only
    RecordField("object_of_search", _TEXT, _TEXT),
    RecordField("outcome", _TEXT, _TEXT),
    RecordField("outcome_linked", _FLAG, _FLAG),
    RecordField("removal_more_than_outer", _FLAG, _FLAG),
    RecordField("flags", _TEXT, _TEXT),  # "" in the importer and database, null in the warehouse
    RecordField("line", pa.int64(), None),
    RecordField("raw", _TEXT, None),
)
BY_NAME: dict[str, RecordField] = {f.name: f for f in FIELDS}
CARRIED: frozenset[str] = frozenset(f.name for f in FIELDS if f.carried is not None)
STORED: frozenset[str] = frozenset(f.name for f in FIELDS if f.carried is not None and f.stored)
WAREHOUSE_SCHEMA = pa.schema([(f.name, f.warehouse) for f in FIELDS if f.warehouse is not None])


def carried_schema(order: tuple[str, ...]) -> pa.Schema:
    """The importer's record schema, in the importer's own column order (every carried field once)."""
    if sorted(order) != sorted(CARRIED):
        raise ValueError(f"the importer's columns {order} are not the carried fields {sorted(CARRIED)}")
    return pa.schema([(name, BY_NAME[name].carried) for name in order])
