"""A stop-and-search record's fields are declared once (parity.warehouse.record_fields)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from django.db import models

from parity.powers.importing import normalise, store
from parity.powers.models import StopSearch
from parity.warehouse import record_fields, stop_search

KINDS: dict[type[models.Field[object, object]], set[pa.DataType]] = {
    models.CharField: {pa.string()},
    models.TextField: {pa.string()},
    models.BooleanField: {pa.bool_()},
    models.FloatField: {pa.float64()},
    models.PositiveIntegerField: {pa.int64()},
    models.DateTimeField: {pa.string()},
    models.DateField: {pa.string()},
}


def test_the_model_stores_exactly_the_declared_fields_with_matching_types() -> None:
    model = {f.name: f for f in StopSearch._meta.concrete_fields if f.name not in {"id", "source_file", "force"}}
    assert set(model) == record_fields.STORED, "declare a new field in record_fields, or store a declared one"
    for name, field in model.items():
        assert record_fields.BY_NAME[name].carried in KINDS[type(field)], name


def test_the_importer_the_store_and_the_warehouse_take_their_columns_from_the_declaration() -> None:
    assert set(normalise.RECORD_SCHEMA.names) == record_fields.CARRIED
    assert all(normalise.RECORD_SCHEMA.field(f).type == record_fields.BY_NAME[f].carried for f in normalise.COLUMNS)
    assert set(store.STORED) == record_fields.STORED
    assert stop_search.SCHEMA.names == [f.name for f in record_fields.FIELDS if f.warehouse is not None]
    empty = stop_search.to_table([], normalise.records_table([]))
    assert empty.schema == stop_search.SCHEMA


def test_an_importer_that_misses_a_declared_field_is_refused() -> None:
    with pytest.raises(ValueError, match="not the carried fields"):
        record_fields.carried_schema(tuple(c for c in normalise.COLUMNS if c != "outcome"))
