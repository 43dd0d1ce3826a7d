"""Re-runs, replacements, crashes and kills never leave a force-month half-written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pyarrow.parquet as pq
import pytest
from django.db import connection

from parity.powers.importing.pipeline import IngestReport, PartitionWriter, import_unit, ingest
from parity.powers.importing.prepare import read
from parity.powers.importing.units import Unit, discover
from parity.powers.importing.worker import Worker
from parity.powers.models import ImportProblem, SourceFile, StopSearch
from parity.reference.models import Force
from parity.warehouse.layout import partition_dir
from tests.conftest import POLICE_UK, ROOT
from tests.powers.helpers import copy_as, real_lines, write

pytestmark = pytest.mark.django_db


def test_a_different_file_for_a_held_month_replaces_it_and_says_so(tmp_path: Path, scratch_home: Path) -> None:
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    kent = StopSearch.objects.filter(force__slug="kent")
    held = kent.count()
    shorter = write(tmp_path / "corrected", "kent", "2020-06", real_lines("wiltshire", "2020-06", 10))
    report = ingest([shorter], replace=True)  # far fewer records: refused without it
    [result] = report.files
    assert result.status == "replaced"
    assert f"replaced {held} records" in result.message
    assert kent.count() == 10
    assert SourceFile.objects.get(force__slug="kent").name == str(shorter)
    table = pq.read_table(partition_dir("stop_search", force="kent", month="2020-06") / "part.parquet")
    assert table.num_rows == 10


def test_record_ids_follow_the_lines_are_never_reused_and_are_the_warehouse_ids(
    tmp_path: Path, scratch_home: Path
) -> None:
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    kent = StopSearch.objects.filter(force__slug="kent")
    first = list(kent.order_by("line").values_list("id", flat=True))
    assert first == sorted(first) and len(set(first)) == len(first)
    ingest([write(tmp_path / "corrected", "kent", "2020-06", real_lines("wiltshire", "2020-06", 10))], replace=True)
    second = list(kent.order_by("line").values_list("id", flat=True))
    assert second == sorted(second) and min(second) > max(first)
    table = pq.read_table(partition_dir("stop_search", force="kent", month="2020-06") / "part.parquet")
    assert sorted(table.column("id").to_pylist()) == second


@pytest.mark.parametrize("with_worker", [False, True])
def test_a_file_that_looked_held_when_read_but_is_not_is_read_again(
    tmp_path: Path, scratch_home: Path, with_worker: bool
) -> None:
    [unit] = discover([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    assert isinstance(unit, Unit)
    held = {("kent", read(unit).digest)}
    worker = Worker(held) if with_worker else None
    try:
        number = worker.read(unit) if worker else None
        looked_held = worker.result() if worker else read(unit, held)
        assert looked_held.parsed is None
        writer = PartitionWriter(worker)
        result = import_unit(looked_held, {f.slug: f for f in Force.objects.all()}, IngestReport(), writer, number)
        writer.mark(every=True)
    finally:
        if worker:
            worker.close()
    assert result.status == "imported"
    assert result.rows_imported == StopSearch.objects.filter(force__slug="kent").count() > 0
    assert SourceFile.objects.get(force__slug="kent").warehouse_written
    table = pq.read_table(partition_dir("stop_search", force="kent", month="2020-06") / "part.parquet")
    assert table.num_rows == result.rows_imported


def test_a_crash_inside_the_transaction_leaves_the_held_month_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    kent = StopSearch.objects.filter(force__slug="kent")
    before = list(kent.order_by("id").values_list("id", "raw"))

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated crash after the records were written")

    monkeypatch.setattr(ImportProblem.objects, "bulk_create", crash)
    shorter = write(tmp_path / "corrected", "kent", "2020-06", real_lines("wiltshire", "2020-06", 10))
    with pytest.raises(RuntimeError):
        ingest([shorter], replace=True)
    assert list(kent.order_by("id").values_list("id", "raw")) == before
    assert SourceFile.objects.get(force__slug="kent").rows_imported == len(before)


def _scratch_database() -> tuple[dict[str, str], Callable[[], None] | None]:
    """Environment for a subprocess with its own database on the backend under test."""
    if connection.vendor != "postgresql":
        return {}, None
    name = f"parity_kill_{os.getpid()}"
    params = connection.settings_dict
    dsn = f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT']}"
    with psycopg.connect(f"{dsn}/{params['NAME']}", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{dsn}/{params['NAME']}", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return {"DATABASE_URL": f"{dsn}/{name}"}, drop


def _count(env: dict[str, str], home: Path, sql: str) -> list[tuple[Any, ...]]:
    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"]) as con:
            return con.execute(sql).fetchall()
    with sqlite3.connect(home / "parity.sqlite3") as con:
        return con.execute(sql).fetchall()


def test_killing_an_import_leaves_every_held_month_whole_and_a_rerun_finishes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    extra, drop = _scratch_database()
    env = {**os.environ, "PARITY_HOME": str(home), **extra}
    env.pop("PARITY_DB_PASS", None)
    parity = [sys.executable, "-m", "parity"]
    try:
        migrate = subprocess.run([*parity, "migrate"], env=env, capture_output=True, text=True, cwd=ROOT, check=False)
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        process = subprocess.Popen(
            [*parity, "ingest", "police-uk", str(POLICE_UK / "metropolitan")],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # kill once the first month is in
            if _count(env, home, "SELECT count(*) FROM powers_sourcefile")[0][0] >= 1:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        held = _count(
            env,
            home,
            "SELECT s.id, s.rows_imported, count(r.id) FROM powers_sourcefile s "
            "LEFT JOIN powers_stopsearch r ON r.source_file_id = s.id GROUP BY s.id, s.rows_imported",
        )
        assert held, "the import was killed before any month committed"
        assert all(expected == found for _, expected, found in held)
        orphans = _count(
            env,
            home,
            "SELECT count(*) FROM powers_stopsearch WHERE source_file_id NOT IN (SELECT id FROM powers_sourcefile)",
        )
        assert orphans == [(0,)]
        rerun = subprocess.run(
            [*parity, "ingest", "police-uk", str(POLICE_UK / "metropolitan"), "--format", "json"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert '"rows_read": 117629' in rerun.stdout
        assert _count(env, home, "SELECT count(*) FROM powers_stopsearch") == [(117_629,)]
        assert _count(env, home, "SELECT count(*) FROM powers_sourcefile WHERE NOT warehouse_written") == [(0,)]
        assert len(list((home / "warehouse" / "stop_search" / "force=metropolitan").iterdir())) == 7
    finally:
        if drop:
            drop()
