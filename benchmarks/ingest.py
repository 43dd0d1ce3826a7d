"""Import benchmark: Parity against a pandas script, bare DuckDB and raw PostgreSQL COPY.

Every contender reads the same 319 data.police.uk files (305,071 rows). Each runs in a fresh
process and times only its own work, after its imports; the best of the repetitions counts
(every run's time is listed too, as these machines are shared and timings vary). Parity
validates every row and writes both the database and the Parquet warehouse; the others only
load. Parity's CPU time counts its worker process as well as itself. Peak memory of
Parity's import is measured on growing subsets of files, for the importing process and for
its worker process (a separate process, so counted separately).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]

PARITY = """
import os, resource, sys, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "parity.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from pathlib import Path
from parity.powers.importing.pipeline import ingest
paths = sorted(Path(sys.argv[1]).glob("*/*.csv"))[: int(sys.argv[2])]
def cpu():
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
start, cpu_start = time.perf_counter(), cpu()
report = ingest(paths)
elapsed, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
assert report.rows_imported + report.rows_rejected == report.rows_read
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu_seconds, "rows": report.rows_read, "files": len(paths),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

PANDAS = """
import sqlite3, sys, time
from pathlib import Path
import pandas as pd
paths = sorted(Path(sys.argv[1]).glob("*/*.csv"))
start = time.perf_counter()
con = sqlite3.connect(sys.argv[2])
rows = 0
for path in paths:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_sql("stop_search", con, if_exists="append", index=False)
    rows += len(frame)
con.commit()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))
"""

DUCKDB = """
import sys, time
import duckdb
con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
start = time.perf_counter()
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}/*/*.csv', all_varchar = true)")
rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))
"""

COPY = """
import sys, time
from pathlib import Path
import psycopg
paths = sorted(Path(sys.argv[1]).glob("*/*.csv"))
with psycopg.connect(sys.argv[2]) as con:
    con.execute("CREATE TABLE raw_stop_search (" + ", ".join(f"c{i} text" for i in range(15)) + ")")
    con.commit()
    start = time.perf_counter()
    with con.cursor() as cur:
        for path in paths:
            with cur.copy("COPY raw_stop_search FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(path.read_bytes())
    con.commit()
    elapsed = time.perf_counter() - start
    rows = con.execute("SELECT count(*) FROM raw_stop_search").fetchone()[0]
print(json.dumps({"seconds": elapsed, "rows": rows}))
"""


def _python(script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    code = "import json\n" + textwrap.dedent(script)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"benchmark step failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda r: r["seconds"])


def _times(runs: list[dict[str, Any]]) -> list[float]:
    return [round(r["seconds"], 3) for r in runs]


class _ScratchDatabase:
    def __init__(self, server: str, name: str) -> None:
        self.server, self.name = server.rsplit("/", 1)[0], name

    def __enter__(self) -> str:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return f"{self.server}/{self.name}"

    def __exit__(self, *exc: object) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run(args: Any) -> dict[str, Any]:
    records = Path(args.shared) / "police-uk"
    files = len(list(records.glob("*/*.csv")))
    repeats = 1 if args.quick else 2
    out: dict[str, Any] = {"files": files, "load_average_at_start": os.getloadavg()}

    def parity_sqlite(count: int) -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as home:
            env = {"PARITY_HOME": home, "DATABASE_URL": ""}
            return _python(PARITY, str(records), str(count), env=env)

    sqlite_runs = [parity_sqlite(files) for _ in range(repeats)]
    sqlite = _best(sqlite_runs)
    out["rows"] = sqlite["rows"]
    out["parity_sqlite_seconds"] = sqlite["seconds"]
    out["parity_sqlite_cpu_seconds"] = sqlite["cpu_seconds"]
    out["parity_sqlite_rows_per_second"] = sqlite["rows"] / sqlite["seconds"]
    out["parity_sqlite_runs"] = _times(sqlite_runs)

    pandas = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            pandas.append(_python(PANDAS, str(records), str(Path(folder) / "pandas.sqlite3")))
    out["pandas_to_sql_seconds"] = _best(pandas)["seconds"]
    out["pandas_to_sql_runs"] = _times(pandas)
    duckdb_runs = [_python(DUCKDB, str(records)) for _ in range(repeats)]
    out["duckdb_read_csv_seconds"] = _best(duckdb_runs)["seconds"]
    out["duckdb_read_csv_runs"] = _times(duckdb_runs)

    pg_runs, copy_runs = [], []
    for i in range(repeats):
        with _ScratchDatabase(args.postgres, f"parity_bench_{os.getpid()}_{i}") as url:
            with tempfile.TemporaryDirectory() as home:
                pg_runs.append(
                    _python(PARITY, str(records), str(files), env={"PARITY_HOME": home, "DATABASE_URL": url})
                )
        with _ScratchDatabase(args.postgres, f"parity_copy_{os.getpid()}_{i}") as url:
            copy_runs.append(_python(COPY, str(records), url))
    pg, copy = _best(pg_runs), _best(copy_runs)
    out["parity_postgresql_seconds"] = pg["seconds"]
    out["parity_postgresql_cpu_seconds"] = pg["cpu_seconds"]  # the importer's; the server's is not counted
    out["parity_postgresql_rows_per_second"] = pg["rows"] / pg["seconds"]
    out["parity_postgresql_runs"] = _times(pg_runs)
    out["raw_copy_seconds"] = copy["seconds"]
    out["raw_copy_rows_per_second"] = copy["rows"] / copy["seconds"]
    out["raw_copy_runs"] = _times(copy_runs)

    out["speedup_vs_pandas_sqlite"] = out["pandas_to_sql_seconds"] / out["parity_sqlite_seconds"]
    out["slowdown_vs_bare_duckdb"] = out["parity_sqlite_seconds"] / out["duckdb_read_csv_seconds"]
    out["share_of_raw_copy_speed_postgresql"] = out["raw_copy_seconds"] / out["parity_postgresql_seconds"]
    out["goals"] = {
        "speedup_vs_pandas_sqlite >= 2": out["speedup_vs_pandas_sqlite"] >= 2,
        "slowdown_vs_bare_duckdb <= 2": out["slowdown_vs_bare_duckdb"] <= 2,
        "share_of_raw_copy_speed_postgresql >= 0.5": out["share_of_raw_copy_speed_postgresql"] >= 0.5,
    }
    memory = {n: parity_sqlite(n) for n in (files // 8, files // 2, files)}
    out["peak_rss_mb_by_files"] = {str(n): run["peak_rss_mb"] for n, run in memory.items()}
    out["peak_rss_worker_mb_by_files"] = {str(n): run["peak_rss_worker_mb"] for n, run in memory.items()}
    out["load_average_at_end"] = os.getloadavg()
    return out
