"""The full disproportionality table, against pandas and against the bare DuckDB group-by.

    python benchmarks/run.py analysis --json

The table is every force x financial year x self-defined ethnic group (5+1) x legislation:
searches, rates per 1,000 residents, ratios to White with 95% intervals (exact where small),
small-number protection with secondary suppression, and the data-quality warnings; from the
stored Parquet to finished result objects (`parity.powers.statistics.full_table`).

It runs over the shared records (305,071) and over a copy scaled up to 5 million rows: each
partition's rows repeated, with new ids, into a second warehouse of the same layout, so the
same 11 forces, months and months-held records apply. Timings are the best of several runs
(fewer with --quick) and are measured, never asserted. Setting up (importing the shared
files into a scratch database, writing the scaled copy) is not timed.

Compared, in the same run and over the same Parquet files:

- bare: the DuckDB GROUP BY alone (the counts Parity's table starts from), fetched;
- pandas: the same table as a plain pandas script: read the partitions, filter, group,
  join the census, rates, ratios, log-Wald and exact intervals, primary and secondary
  suppression.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCALED_ROWS = 5_000_000
LOOKUP_2016 = (
    "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__December_2016__"
    "Lookup_in_England_and_Wales.csv"
)
GROUP_BY = (
    "SELECT force, financial_year, sde_group, legislation, "
    "count(*) FILTER (WHERE type IN ('person', 'person_and_vehicle')) AS searches, "
    "count(*) FILTER (WHERE type = 'vehicle') AS vehicle_only, "
    "count(*) FILTER (WHERE type IS NULL) AS type_unknown "
    "FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY 1, 2, 3, 4"
)


def _setup(home: Path, shared: Path) -> None:
    os.environ["PARITY_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from parity.powers.importing.pipeline import ingest
    from parity.warehouse.population import import_census

    call_command("migrate", interactive=False, verbosity=0)
    report = ingest([shared / "police-uk"])
    if report.refused:
        raise SystemExit(f"the shared records did not import: {report.refused}")
    population = shared / "population"
    import_census(
        [
            population / "census-2011" / "la-ethnic-groups.csv",
            population / "lookups" / LOOKUP_2016,
            population / "census-2021" / "census_2021_ethnic_group_20cat_by_ltla.csv",
            population / "lookups" / "LAD22_CSP22_PFA22_lookup.csv",
        ]
    )


def _scale(source: Path, target: Path, rows: int) -> int:
    """Copy the warehouse with every partition's rows repeated to make about `rows` in all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = sorted((source / "stop_search").glob("*/*/part.parquet"))
    total = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    factor = rows / total
    written = 0
    next_id = 1
    for part in parts:
        table = pq.read_table(part)
        want = round(table.num_rows * factor)
        if table.num_rows and want:
            repeats = math.ceil(want / table.num_rows)
            big = pa.concat_tables([table] * repeats).slice(0, want)
            ids = pa.array(range(next_id, next_id + want), pa.int64())
            big = big.set_column(big.schema.get_field_index("id"), "id", ids)
            next_id += want
        else:
            big = table
        out = target / "stop_search" / part.parent.parent.name / part.parent.name
        out.mkdir(parents=True, exist_ok=True)
        pq.write_table(big, out / "part.parquet", compression="zstd")
        written += big.num_rows
    shutil.copytree(source / "population", target / "population")
    return written


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _bare(warehouse: Path) -> list[tuple[Any, ...]]:
    from parity.warehouse.connection import connect

    glob = str(warehouse / "stop_search" / "*" / "*" / "*.parquet")
    return connect().execute(GROUP_BY.format(glob=glob)).fetchall()


def _pandas(warehouse: Path) -> Any:
    """The same table as an analyst's plain pandas script (vectorised where pandas makes it natural)."""
    import numpy as np
    import pandas as pd
    from scipy import stats

    columns = ["force", "type", "financial_year", "sde_group", "legislation"]
    frame = pd.read_parquet(warehouse / "stop_search", columns=columns)  # force from the hive path
    frame["force"] = frame["force"].astype(str)
    person = frame[frame["type"].isin(["person", "person_and_vehicle"])]
    keys = ["force", "financial_year", "legislation", "sde_group"]
    counts = person.groupby(keys, dropna=False, observed=True).size().rename("searches").reset_index()
    overall = counts.groupby(["force", "financial_year", "sde_group"], dropna=False).searches.sum().reset_index()
    overall["legislation"] = "ALL"
    cells = pd.concat([counts, overall], ignore_index=True)
    cells["sde_group"] = cells["sde_group"].fillna("not_recorded")
    cells["legislation"] = cells["legislation"].fillna("not_recorded")
    wide = cells.pivot_table(
        index=["force", "financial_year", "legislation"], columns="sde_group", values="searches", fill_value=0
    )
    for group in ("asian", "black", "mixed", "white", "other", "not_stated", "not_recorded"):
        if group not in wide:
            wide[group] = 0
    wide["all"] = wide[["asian", "black", "mixed", "white", "other", "not_stated", "not_recorded"]].sum(axis=1)
    long = wide.stack().rename("searches").reset_index()
    pops = pd.read_parquet(warehouse / "population")
    pops["census_year"] = pops["census_year"].astype(int)
    pops = pops[pops["classification"].isin(["5+1", "all"])]
    long["census_year"] = np.where(long["financial_year"] >= "2020/21", 2021, 2011)
    long = long.merge(
        pops.rename(columns={"group": "sde_group"})[["force", "census_year", "sde_group", "population"]],
        on=["force", "census_year", "sde_group"],
        how="left",
    )
    # primary suppression, then secondary: a table column with one hidden cell hides its smallest other
    long["hidden"] = (long["searches"] > 0) & (long["searches"] < 5)
    block = ["force", "financial_year", "legislation"]
    part = long["sde_group"] != "all"
    long["lone"] = long["hidden"].where(part, False).groupby([long[k] for k in block]).transform("sum") == 1
    candidate = long["searches"].where(part & ~long["hidden"] & (long["searches"] > 0), np.inf)
    smallest = candidate.groupby([long[k] for k in block]).transform("min")
    long["hidden"] |= long["lone"] & (candidate == smallest) & np.isfinite(candidate)
    long["rate_per_1000"] = np.where(long["searches"] >= 3, 1000 * long["searches"] / long["population"], np.nan)
    white = long[long["sde_group"] == "white"][["force", "financial_year", "legislation", "searches", "population"]]
    long = long.merge(white, on=["force", "financial_year", "legislation"], how="left", suffixes=("", "_white"))
    a, g, b, r = long["searches"], long["population"], long["searches_white"], long["population_white"]
    with np.errstate(divide="ignore", invalid="ignore"):
        long["ratio"] = (a / g) / (b / r)
        se = np.sqrt(1 / a + 1 / b)
        long["ratio_low"] = long["ratio"] * np.exp(-1.959964 * se)
        long["ratio_high"] = long["ratio"] * np.exp(1.959964 * se)
    small = (np.minimum(a, b) < 10) & (b > 0) & long["population"].notna()
    for i in long.index[small]:
        x, y = long.at[i, "searches"], long.at[i, "searches_white"]
        n = x + y
        pi_low = stats.beta.ppf(0.025, x, n - x + 1) if x > 0 else 0.0
        pi_high = stats.beta.ppf(0.975, x + 1, n - x) if x < n else 1.0
        scale = long.at[i, "population_white"] / long.at[i, "population"]
        long.at[i, "ratio_low"] = pi_low / (1 - pi_low) * scale
        long.at[i, "ratio_high"] = pi_high / (1 - pi_high) * scale if pi_high < 1 else np.inf
    long.loc[long["hidden"], ["searches", "rate_per_1000", "ratio", "ratio_low", "ratio_high"]] = np.nan
    return long


def _measure(warehouse: Path, repeat: int) -> dict[str, Any]:
    from django.conf import settings

    from parity.powers.statistics import full_table

    settings.WAREHOUSE_DIR = warehouse
    rows = sum(r[4] + r[5] + r[6] for r in _bare(warehouse))
    bare, _ = _best(lambda: _bare(warehouse), repeat)
    parity, tables = _best(full_table, repeat)
    serialised, _ = _best(lambda: [t.as_dict() for t in full_table()], max(1, repeat // 2))
    pandas, frame = _best(lambda: _pandas(warehouse), max(1, repeat // 2))
    cells = sum((len(t.groups) + 3) * (len(t.sections) + 1) for t in tables)
    return {
        "rows": rows,
        "tables": len(tables),
        "cells": cells,
        "pandas_rows": len(frame),
        "bare_groupby_s": round(bare, 4),
        "parity_s": round(parity, 4),
        "parity_with_as_dict_s": round(serialised, 4),
        "pandas_s": round(pandas, 4),
        "parity_over_bare": round(parity / bare, 2),
        "pandas_over_parity": round(pandas / parity, 1),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    repeat = 2 if args.quick else 5
    home = Path(tempfile.mkdtemp(prefix="parity-bench-analysis-"))
    try:
        start = time.perf_counter()
        _setup(home, Path(args.shared))
        shared_warehouse = home / "warehouse"
        scaled_warehouse = home / "scaled"
        scaled_rows = _scale(shared_warehouse, scaled_warehouse, SCALED_ROWS)
        setup = time.perf_counter() - start
        shared = _measure(shared_warehouse, repeat)
        scaled = _measure(scaled_warehouse, repeat)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {
        "suite": "analysis",
        "what": "every force x financial year x ethnic group x legislation: rates, ratios, 95% intervals, suppression",
        "repeat": repeat,
        "setup_s": round(setup, 1),
        "scaled_rows_written": scaled_rows,
        "shared": shared,
        "scaled_5m": scaled,
        "goals": {
            "under_1s_at_5m": scaled["parity_s"] < 1.0,
            "within_2x_of_bare_groupby_at_5m": scaled["parity_over_bare"] <= 2.0,
            "at_least_10x_faster_than_pandas_at_5m": scaled["pandas_over_parity"] >= 10.0,
        },
        "cpus": os.cpu_count(),
    }
