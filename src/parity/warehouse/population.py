"""The population partitions: one Parquet file per census year, at force level."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from parity.reference.census import PopulationReport, ingest_population
from parity.reference.models import Population
from parity.warehouse.layout import POPULATION, partition_dir, write_table

SCHEMA = pa.schema(
    [
        ("force", pa.string()),
        ("classification", pa.string()),
        ("group", pa.string()),
        ("population", pa.int64()),
    ]
)


def write_population(census_year: int) -> None:
    rows = list(
        Population.objects.filter(census_year=census_year).values_list(
            "force__slug", "classification", "group", "population"
        )
    )
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    table = pa.table([pa.array(c, f.type) for c, f in zip(columns, SCHEMA, strict=True)], schema=SCHEMA)
    write_table(partition_dir(POPULATION, census_year=str(census_year)), table)


def import_census(paths: list[Path], *, census_year: int | None = None) -> PopulationReport:
    """Import census tables into the database, then write each year's population partition.

    Reference data knows nothing of the warehouse, so the write is here, not in the import."""
    report = ingest_population(paths, census_year=census_year)
    for year in sorted({t.census_year for t in report.tables}):
        write_population(year)
    return report
