"""The warehouse is a derived read model: rebuilt from the database, it is the same."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from django.conf import settings

from parity.powers.models import SourceFile
from parity.powers.partitions import rebuild, sync_pending
from parity.warehouse.layout import glob

CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def _snapshot(warehouse: Path) -> list[tuple[object, ...]]:
    previous = settings.WAREHOUSE_DIR
    settings.WAREHOUSE_DIR = warehouse
    try:
        con = duckdb.connect(config=CONFIG)
        records = con.execute(
            f"SELECT * EXCLUDE (occurred_at), epoch_us(occurred_at) FROM read_parquet('{glob('stop_search')}', "
            "hive_partitioning = true) ORDER BY id"
        ).fetchall()
        people = con.execute(
            f"SELECT * FROM read_parquet('{glob('population')}', hive_partitioning = true) ORDER BY ALL"
        ).fetchall()
        return [*records, *people]
    finally:
        settings.WAREHOUSE_DIR = previous


@pytest.mark.slow
def test_a_rebuild_from_the_database_equals_what_the_imports_wrote(
    loaded: Path, tmp_path: Path, settings: object
) -> None:
    settings.WAREHOUSE_DIR = tmp_path / "rebuilt"  # type: ignore[attr-defined]
    assert rebuild() == 319
    assert _snapshot(tmp_path / "rebuilt") == _snapshot(loaded)


def test_sync_writes_what_an_interrupted_import_left_unwritten(loaded: Path, tmp_path: Path, settings: object) -> None:
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"  # type: ignore[attr-defined]
    SourceFile.objects.filter(force__slug="wiltshire").update(warehouse_written=False)
    assert sync_pending() == 34
    assert not SourceFile.objects.filter(warehouse_written=False).exists()
    con = duckdb.connect(config=CONFIG)
    [(n,)] = con.execute(f"SELECT count(*) FROM read_parquet('{glob('stop_search')}')").fetchall()
    assert n == 4_056


def test_searches_recorded_in_parity_stay_out_of_the_published_warehouse(
    loaded: Path, tmp_path: Path, settings: object
) -> None:
    from parity.reference.models import Force

    settings.WAREHOUSE_DIR = tmp_path / "warehouse"  # type: ignore[attr-defined]
    SourceFile.objects.create(
        force=Force.objects.get(slug="wiltshire"),
        month="2020-06",
        dataset="recorded",
        format="parity-recorded",
        name="recorded in Parity",
        sha256="0" * 64,
        rows_read=0,
        rows_imported=0,
        rows_rejected=0,
        warehouse_written=False,
    )
    assert sync_pending() == 0
    assert rebuild() == 319
