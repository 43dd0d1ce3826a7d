"""Bring the warehouse in step with the database: pending partitions, or everything.

Rebuilding partitions from stored records belongs with the records, so the warehouse (Parquet
and DuckDB) never imports them (docs/decisions/0007-layers.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC

from django.db.models import QuerySet

from parity.powers.importing.normalise import COLUMNS, records_table
from parity.powers.importing.store import STORED
from parity.powers.models import SourceFile, StopSearch
from parity.reference.calendar import localise
from parity.reference.ethnicity import group_of
from parity.reference.models import Population
from parity.warehouse import layout
from parity.warehouse.population import write_population
from parity.warehouse.stop_search import write_partition


def _write_from_database(source: SourceFile) -> None:
    rows = StopSearch.objects.filter(source_file=source).order_by("id").values_list("id", *STORED)
    ids, records = [], []
    for row in rows:
        ids.append(row[0])
        records.append(_record(dict(zip(STORED, row[1:], strict=True))))
    write_partition(source.force.slug, source.month, ids, records_table(records))
    SourceFile.objects.filter(pk=source.pk).update(warehouse_written=True)


def _record(values: dict[str, object]) -> tuple[object, ...]:
    """A stored record back into the importer's full record, derived fields included."""
    when = localise(values["occurred_at"].astimezone(UTC).isoformat())  # type: ignore[attr-defined]
    sde = values["sde_code"]
    values.update(
        occurred_at=when.utc_text,
        local_date=when.local_date_text,
        local_month=when.local_month,
        financial_year=when.financial_year,
        local_minute=when.local_minute,
        sde_group=group_of(sde).value if isinstance(sde, str) else None,
    )
    return tuple(values[c] for c in COLUMNS)


# Only imported stop-and-search files make up the published warehouse; searches officers
# record in Parity (dataset "recorded") are held in the database only, and so are the
# demonstration's fictional force's (reference.forces.FICTIONAL), so no figure counts them.
PUBLISHED = "stop-search"


def _published_files() -> QuerySet[SourceFile]:
    return SourceFile.objects.filter(dataset=PUBLISHED, force__fictional=False)


def sync_pending() -> int:
    """Write partitions whose import committed but whose Parquet was never written."""
    pending = list(_published_files().filter(warehouse_written=False).select_related("force"))
    for source in pending:
        _write_from_database(source)
    return len(pending)


def rebuild(progress: Callable[[str], None] | None = None) -> int:
    """Regenerate the whole warehouse from the database; returns the partitions written."""
    staging = layout.root()
    if staging.exists():
        shutil.rmtree(staging)
    sources = list(_published_files().select_related("force").order_by("force__slug", "month"))
    for source in sources:
        _write_from_database(source)
        if progress:
            progress(f"{source.force.slug} {source.month}")
    for year in Population.objects.values_list("census_year", flat=True).distinct():
        write_population(year)
    return len(sources)
