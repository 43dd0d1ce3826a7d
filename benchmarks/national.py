"""National scale: every force for eight years, imported on SQLite and PostgreSQL, then the
public pages under load from two machines' worth of servers and workers sharing Redis.

    python benchmarks/run.py national --json                 # 43 forces x 8 years, 10 minutes
    python benchmarks/run.py national --quick                # 4 forces x 1 year, 30 seconds
    python benchmarks/run.py national --forces 10 --years 2 --minutes 2

1. **A scaled copy of the shared records.** Each of the 43 territorial forces gets eight
   calendar years (2015 to 2022), about 5 million records in all. Each force-year joins two
   whole years of shared forces' data.police.uk files (2019 or 2020 of the nine forces
   holding both, taken in turn), re-labelled with the force and shifted to the year: the
   file names, and the year of every row's date (29 February becomes the 28th outside leap
   years). Written as data.police.uk CSVs into a scratch folder, one sub-folder per import
   step; every step has the same make-up, so their figures compare.
2. **Import, step by step.** The force-years are split into `--steps` equal parts, each
   imported with `parity ingest police-uk` into the same database, on SQLite and then on
   a scratch PostgreSQL database. For each step: rows added, seconds, rows per second and
   the import's peak memory (resident set, largest process). Linear time means rows per
   second stays level as the database grows; flat memory means the peak stays level. The
   ratios last step / first step are printed (1.0 is perfectly linear and flat).
3. **Load, on PostgreSQL.** Two `parity serve` instances (two gunicorn workers each, as two
   machines would run) and two `parity worker` instances share one Redis server (the page
   cache and rate limits through PARITY_CACHE_URL, the job queue through
   PARITY_TASK_BROKER_URL, with a queue name of this run's own). 50 clients ask for the
   force overview and stop-and-search pages of all the forces, in turn from each server,
   for `--minutes` (default 10). Reported: p50/p95/p99, throughput and errors (connection
   failures and 5xx). Goal: p95 under 100 ms with 0 errors.

Figures are measured, never asserted; the machines are shared, so the 1-minute load average
is recorded with each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.web import (
    CLIENTS,
    GOAL_P95_MS,
    PARITY,
    _env,
    _get,
    _load_test,
    _run,
    _scratch_postgres,
    _server,
    load_population,
)

YEARS = tuple(range(2015, 2023))
SOURCE_YEARS = (2019, 2020)
REDIS_URL = os.environ.get("PARITY_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SERVERS = 2
# Shared force-years joined into each force-year: about 15,000 records, near a real force's year.
SOURCES_EACH = 2


def _territorial_forces() -> list[str]:
    from parity.reference.forces import SLUGS

    return sorted(SLUGS - {"btp"})


def _sources(shared: Path) -> list[tuple[Path, int]]:
    """(force folder, year) for every shared force holding all twelve months of a year."""
    units = []
    for folder in sorted(p for p in (shared / "police-uk").iterdir() if p.is_dir()):
        for year in SOURCE_YEARS:
            if len(list(folder.glob(f"{year}-*-stop-and-search.csv"))) == 12:
                units.append((folder, year))
    return units


def _shift(date: str, year: int) -> str:
    text = f"{year:04d}{date[4:]}"
    if text[5:10] == "02-29" and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        text = text[:8] + "28" + text[10:]
    return text


def _write_copy(sources: list[tuple[Path, int]], force: str, year: int, into: Path) -> int:
    """One force-year of data.police.uk CSVs, each month the same month of `sources` one
    after the other, re-labelled and shifted; returns the rows written."""
    rows = 0
    target = into / force
    target.mkdir(parents=True, exist_ok=True)
    for month in range(1, 13):
        out_path = target / f"{year}-{month:02d}-{force}-stop-and-search.csv"
        with out_path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            for n, (source, source_year) in enumerate(sources):
                [path] = source.glob(f"{source_year}-{month:02d}-*-stop-and-search.csv")
                with path.open(newline="", encoding="utf-8-sig") as src:
                    reader = csv.reader(src)
                    header = next(reader)
                    if n == 0:
                        writer.writerow(header)
                    date_at = header.index("Date")
                    for row in reader:
                        if len(row) > date_at and row[date_at]:
                            row[date_at] = _shift(row[date_at], year)
                        writer.writerow(row)
                        rows += 1
    return rows


def generate(shared: Path, into: Path, forces: int, years: int, steps: int) -> list[tuple[Path, int]]:
    """The scaled copy, as `steps` folders of equal make-up: [(folder, rows)]. Each
    force-year joins SOURCES_EACH shared force-years, taken in turn; each step starts the
    turn again, so steps differ only in the forces and years they are labelled with."""
    sources = _sources(shared)
    units = [(force, year) for force in _territorial_forces()[:forces] for year in YEARS[-years:]]
    per_step = -(-len(units) // steps)
    made = []
    for step in range(steps):
        folder = into / f"step-{step + 1}"
        rows = 0
        for i, (force, year) in enumerate(units[step * per_step : (step + 1) * per_step]):
            these = [sources[(SOURCES_EACH * i + k) % len(sources)] for k in range(SOURCES_EACH)]
            rows += _write_copy(these, force, year, folder)
        if rows:
            made.append((folder, rows))
    return made


def _timed(args: list[str | Path], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; (seconds, peak resident memory in MB of its largest process)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({process.returncode}):\n{stderr.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def _import(label: str, env: dict[str, str], steps: list[tuple[Path, int]]) -> dict[str, Any]:
    _run([PARITY, "migrate"], env)
    total = 0
    measured = []
    for number, (folder, rows) in enumerate(steps, start=1):
        print(f"[{label}] import step {number}/{len(steps)}: {rows:,} rows ...", file=sys.stderr)
        before = os.getloadavg()[0]
        seconds, peak = _timed([PARITY, "ingest", "police-uk", folder], env)
        total += rows
        measured.append(
            {
                "step": number,
                "rows_added": rows,
                "rows_held_after": total,
                "seconds": round(seconds, 1),
                "rows_per_second": round(rows / seconds),
                "peak_memory_mb": round(peak),
                "load_average_1min": round(before, 2),
            }
        )
    first, last = measured[0], measured[-1]
    return {
        "rows": total,
        "seconds": round(sum(m["seconds"] for m in measured), 1),
        "steps": measured,
        "speed_last_over_first": round(last["rows_per_second"] / first["rows_per_second"], 2),
        "memory_last_over_first": round(last["peak_memory_mb"] / first["peak_memory_mb"], 2),
    }


@contextlib.contextmanager
def _workers(env: dict[str, str], home: Path, count: int) -> Iterator[None]:
    """`parity worker` processes, as each machine would run one."""
    logs = [(home / f"worker-{n}.log").open("wb") for n in range(count)]
    started = [subprocess.Popen([PARITY, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=log) for log in logs]
    try:
        yield
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()


async def _measure(ports: list[int], paths: list[str], seconds: float) -> dict[str, Any]:
    for port in ports:  # the first request of each page computes its figures: not timed
        for path in paths:
            await _get(port, path)
    before = os.getloadavg()[0]
    result = await _load_test(ports, paths, 10**9, seconds)
    result["load_average_1min"] = [round(before, 2), round(os.getloadavg()[0], 2)]
    result["goal_met"] = result["p95_ms"] < GOAL_P95_MS and result["errors"] == 0
    return result


def _load(env: dict[str, str], home: Path, forces: list[str], seconds: float) -> dict[str, Any]:
    queue = f"parity-bench-{uuid.uuid4().hex[:10]}"
    shared_env = {
        **env,
        "PARITY_CACHE_URL": REDIS_URL,
        "PARITY_TASK_BROKER_URL": REDIS_URL,
        "PARITY_TASK_QUEUE": queue,
    }
    paths = [p for f in forces for p in (f"/forces/{f}", f"/forces/{f}/stop-and-search")]
    try:
        with contextlib.ExitStack() as stack:
            ports = [stack.enter_context(_server(shared_env, home, f"server-{n}.log")) for n in range(SERVERS)]
            stack.enter_context(_workers(shared_env, home, SERVERS))
            print(f"[postgresql] {CLIENTS} clients on {SERVERS} servers for {seconds:.0f} s ...", file=sys.stderr)
            result = asyncio.run(_measure(ports, paths, seconds))
    finally:
        _forget_queue(queue)
    return {"servers": SERVERS, "gunicorn_workers_each": 2, "job_workers": SERVERS, "pages": len(paths), **result}


def _forget_queue(queue: str) -> None:
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(REDIS_URL)
        keys = [queue, *client.keys(f"django_q:{queue}:*")]
        client.delete(*keys)
        client.close()


def run(args: argparse.Namespace) -> dict[str, Any]:
    forces = args.forces or (4 if args.quick else 43)
    years = args.years or (1 if args.quick else len(YEARS))
    minutes = args.minutes if args.minutes is not None else (0.5 if args.quick else 10.0)
    steps = args.steps or (2 if args.quick else 4)
    result: dict[str, Any] = {"forces": forces, "years": years, "cpus": os.cpu_count(), "minutes": minutes}
    with tempfile.TemporaryDirectory(prefix="parity-national-") as tmp:
        root = Path(tmp)
        print(f"Writing {forces} forces x {years} years of records ...", file=sys.stderr)
        started = time.perf_counter()
        copy = generate(args.shared, root / "data", forces, years, steps)
        result["generated_rows"] = sum(rows for _, rows in copy)
        result["generate_seconds"] = round(time.perf_counter() - started, 1)
        sqlite_home = root / "sqlite"
        sqlite_home.mkdir()
        result["sqlite"] = _import("sqlite", _env(sqlite_home, None), copy)
        shutil.rmtree(sqlite_home)
        try:
            with _scratch_postgres(args.postgres) as url:
                home = root / "postgresql"
                home.mkdir()
                env = _env(home, url)
                result["postgresql"] = _import("postgresql", env, copy)
                load_population(env, args.shared)
                result["load"] = _load(env, home, _territorial_forces()[:forces], 60 * minutes)
        except Exception as error:  # report the server's absence; keep SQLite's figures
            result.setdefault("postgresql", {"error": f"{type(error).__name__}: {error}"})
            result.setdefault("load", {"error": f"{type(error).__name__}: {error}"})
    result["goal_met"] = bool(result.get("load", {}).get("goal_met"))
    _print(result)
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"\n{result['generated_rows']:,} rows ({result['forces']} forces x {result['years']} years)", file=sys.stderr)
    for db in ("sqlite", "postgresql"):
        found = result.get(db, {})
        if "steps" not in found:
            print(f"{db}: {found.get('error')}", file=sys.stderr)
            continue
        print(f"\n{db}: {found['rows']:,} rows in {found['seconds']} s", file=sys.stderr)
        print(f"{'step':>5} {'rows held':>12} {'seconds':>9} {'rows/s':>9} {'peak MB':>8}", file=sys.stderr)
        for s in found["steps"]:
            print(
                f"{s['step']:>5} {s['rows_held_after']:>12,} {s['seconds']:>9} {s['rows_per_second']:>9,} "
                f"{s['peak_memory_mb']:>8}  (load average {s['load_average_1min']})",
                file=sys.stderr,
            )
        print(
            f"speed last/first step {found['speed_last_over_first']} (1.0 = linear), "
            f"memory last/first {found['memory_last_over_first']} (1.0 = flat)",
            file=sys.stderr,
        )
    load = result.get("load", {})
    if "p95_ms" in load:
        print(
            f"\nLoad on PostgreSQL, {load['servers']} servers + {load['job_workers']} job workers sharing Redis: "
            f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, {load['throughput_rps']} req/s, "
            f"{load['errors']} errors over {load['seconds']} s. Goal (p95 under {GOAL_P95_MS:.0f} ms, "
            f"0 errors): {'met' if load['goal_met'] else 'NOT met'}",
            file=sys.stderr,
        )
    else:
        print(f"load: {load.get('error')}", file=sys.stderr)
