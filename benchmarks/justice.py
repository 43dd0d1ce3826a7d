"""The full criminal-justice stage table, against pandas and against the bare DuckDB group-by.

    python benchmarks/run.py justice --json

The table is every force x financial year x ethnic group x stage (arrest over residents,
charge and out-of-court disposal over arrests): counts, each stage's index over White with
its 95% interval (Poisson or exact over residents, Katz over arrests), the index pooled over
offence groups (Mantel-Haenszel), the flag rule, small-number protection and the telescoping
check, as finished result objects (`parity.justice.statistics.record_stage_tables`).

The records are made by code (fictional, seeded): 5 million arrests-and-disposals rows over
43 forces and 5 years, written as the warehouse's arrests partitions. Populations are made by
code too. Setting up is not timed; timings are the best of several runs, never asserted.

Compared, in the same run and over the same Parquet files:

- bare: the DuckDB GROUP BY alone (the counts Parity's table starts from), fetched;
- pandas: the same table as a plain pandas script: read, group, pivot, indices, Poisson and
  Katz intervals, the pooled index, the flag rule and suppression.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.analysis import _best

ROWS = 5_000_000
YEARS = ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20")
GROUPS = ("white", "black", "asian", "mixed", "other", "not_stated")
SHARES = (0.78, 0.08, 0.07, 0.035, 0.015, 0.02)
OFFENCES = (
    "violence against the person", "sexual offences", "robbery", "theft offences", "criminal damage and arson",
    "drug offences", "possession of weapons", "public order offences", "miscellaneous crimes against society",
    "fraud offences", "other",
)  # fmt: skip
AGES = ("10-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
STAGES = ("charge", "out_of_court", "nfa", "pending")
GROUP_BY = (
    "SELECT force, period, \"group\", offence_group, count(*), count(*) FILTER (stage = 'charge'), "
    "count(*) FILTER (stage = 'out_of_court') FROM read_parquet('{glob}', hive_partitioning = true) "
    'GROUP BY force, period, "group", offence_group'
)


def _setup(home: Path) -> tuple[str, dict[str, dict[str, int]]]:
    """Django settings on a scratch home, then 5 million code-made rows in the warehouse layout."""
    os.environ["PARITY_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    import django

    django.setup()
    import numpy as np
    import pyarrow as pa

    from parity.reference.forces import FORCES
    from parity.warehouse.arrests import ARRESTS, SCHEMA, glob
    from parity.warehouse.layout import partition_dir, write_table

    rng = np.random.default_rng(14)
    forces = [f.slug for f in FORCES if f.resident_population][:43]
    per_force = ROWS // len(forces)
    populations = {}
    for i, force in enumerate(forces):
        n = per_force + (ROWS - per_force * len(forces) if i == 0 else 0)
        group = rng.choice(len(GROUPS), n, p=SHARES)
        # the Black group a little less often given an out-of-court disposal, so flags appear
        stage_p = np.where(group[:, None] == 1, [0.32, 0.18, 0.42, 0.08], [0.28, 0.24, 0.40, 0.08])
        stage = (rng.random(n)[:, None] > np.cumsum(stage_p, axis=1)).sum(axis=1)
        columns = {
            "period": pa.DictionaryArray.from_arrays(rng.integers(0, len(YEARS), n), list(YEARS)),
            "group": pa.DictionaryArray.from_arrays(group, list(GROUPS)),
            "age_band": pa.DictionaryArray.from_arrays(rng.integers(0, len(AGES), n), list(AGES)),
            "offence_group": pa.DictionaryArray.from_arrays(rng.integers(0, len(OFFENCES), n), list(OFFENCES)),
            "stage": pa.DictionaryArray.from_arrays(stage, list(STAGES)),
        }
        table = pa.table([columns[f.name].cast(f.type) for f in SCHEMA], schema=SCHEMA)
        write_table(partition_dir(ARRESTS, force=force), table)
        populations[force] = {g: int(1_000_000 * s * (0.5 + rng.random())) for g, s in zip(GROUPS, SHARES, strict=True)}
        del populations[force]["not_stated"]
    return glob(), populations


def _bare(glob: str) -> list[tuple[Any, ...]]:
    from parity.warehouse.connection import connect

    return connect().execute(GROUP_BY.format(glob=glob)).fetchall()


def _parity(populations: dict[str, dict[str, int]]) -> list[Any]:
    from parity.analysis.rules import Rules
    from parity.justice.statistics import record_stage_tables

    return record_stage_tables(populations, census_year=2011, rules=Rules())


def _pandas(warehouse: Path, populations: dict[str, dict[str, int]]) -> Any:  # noqa: PLR0915
    """The same table as an analyst's plain pandas script (vectorised where pandas makes it natural)."""
    import numpy as np
    import pandas as pd
    from scipy import stats

    frame = pd.read_parquet(warehouse / "arrests")
    frame["force"] = frame["force"].astype(str)
    frame = frame[frame["group"] != "not_stated"]
    frame["charge"] = frame["stage"] == "charge"
    frame["out_of_court"] = frame["stage"] == "out_of_court"
    keys = ["force", "period", "group", "offence_group"]
    strata = frame.groupby(keys, observed=True).agg(
        arrest=("stage", "size"), charge=("charge", "sum"), out_of_court=("out_of_court", "sum")
    )
    cells = strata.groupby(level=[0, 1, 2], observed=True).sum().reset_index()
    pops = pd.DataFrame(
        [(f, g, n) for f, d in populations.items() for g, n in d.items()], columns=["force", "group", "population"]
    )
    cells = cells.merge(pops, on=["force", "group"], how="left")
    cells["arrests"] = cells["arrest"]
    long = cells.melt(
        id_vars=["force", "period", "group", "arrests", "population"], value_vars=["arrest", "charge", "out_of_court"],
        var_name="stage", value_name="count",
    )  # fmt: skip
    long["base"] = np.where(long["stage"] == "arrest", long["population"], long["arrests"])
    white = long[long["group"] == "white"][["force", "period", "stage", "count", "base"]]
    long = long.merge(white, on=["force", "period", "stage"], suffixes=("", "_white"))
    a, n1, b, n0 = long["count"], long["base"], long["count_white"], long["base_white"]
    z = stats.norm.ppf(0.975)
    with np.errstate(divide="ignore", invalid="ignore"):
        long["index"] = (a / n1) / (b / n0)
        poisson = long["stage"] == "arrest"
        se = np.where(poisson, np.sqrt(1 / a + 1 / b), np.sqrt(np.maximum(1 / a - 1 / n1 + 1 / b - 1 / n0, 0)))
        long["low"], long["high"] = long["index"] * np.exp(-z * se), long["index"] * np.exp(z * se)
    small = poisson & (np.minimum(a, b) < 10) & (b > 0)
    for i in long.index[small]:
        x, y = long.at[i, "count"], long.at[i, "count_white"]
        scale = long.at[i, "base_white"] / long.at[i, "base"]
        lo = stats.beta.ppf(0.025, x, y + 1) if x > 0 else 0.0
        hi = stats.beta.ppf(0.975, x + 1, y) if y > 0 else 1.0
        long.at[i, "low"], long.at[i, "high"] = lo / (1 - lo) * scale, hi / (1 - hi) * scale
    # Mantel-Haenszel over offence groups, Greenland-Robins interval
    s = strata.reset_index()
    pooled = []
    for stage in ("charge", "out_of_court"):
        w = s[s["group"] == "white"][["force", "period", "offence_group", stage, "arrest"]]
        m = s.merge(w, on=["force", "period", "offence_group"], suffixes=("", "_w"))
        n = m["arrest"] + m["arrest_w"]
        m["top"] = m[stage] * m["arrest_w"] / n
        m["bottom"] = m[f"{stage}_w"] * m["arrest"] / n
        m["var"] = (m["arrest"] * m["arrest_w"] * (m[stage] + m[f"{stage}_w"]) - m[stage] * m[f"{stage}_w"] * n) / n**2
        g = m.groupby(["force", "period", "group"], observed=True)[["top", "bottom", "var"]].sum().reset_index()
        g["pooled"] = g["top"] / g["bottom"]
        half = z * np.sqrt(g["var"] / (g["top"] * g["bottom"]))
        g["pooled_low"], g["pooled_high"] = g["pooled"] * np.exp(-half), g["pooled"] * np.exp(half)
        g["stage"] = stage
        pooled.append(g[["force", "period", "group", "stage", "pooled", "pooled_low", "pooled_high"]])
    long = long.merge(pd.concat(pooled), on=["force", "period", "group", "stage"], how="left")
    favourable = long["stage"] == "out_of_court"
    share = long["base"] / long.groupby(["force", "period", "stage"])["base"].transform("sum")
    enough = (long["count"] >= 10) & (share >= 0.01)
    flagged = np.where(
        favourable, (long["index"] <= 0.8) & (long["high"] < 1), (long["index"] >= 1.25) & (long["low"] > 1)
    )
    long["assessment"] = np.where(~enough, "not assessable", np.where(flagged, "flagged", "not flagged"))
    hidden = (long["count"] > 0) & (long["count"] < 5)
    long.loc[hidden, ["count", "index", "low", "high"]] = np.nan
    return long


def run(args: argparse.Namespace) -> dict[str, Any]:
    repeat = 2 if args.quick else 5
    home = Path(tempfile.mkdtemp(prefix="parity-bench-justice-"))
    try:
        start = time.perf_counter()
        glob, populations = _setup(home)
        setup = time.perf_counter() - start
        rows = sum(r[4] for r in _bare(glob))
        bare, _ = _best(lambda: _bare(glob), repeat)
        parity, tables = _best(lambda: _parity(populations), repeat)
        serialised, _ = _best(lambda: [t.as_dict() for t in _parity(populations)], max(1, repeat // 2))
        pandas, frame = _best(lambda: _pandas(home / "warehouse", populations), max(1, repeat // 2))
        flagged = sum(c.assessment == "flagged" for t in tables for r in t.rows for c in r.cells)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    cells = sum(len(r.cells) for t in tables for r in t.rows)
    return {
        "suite": "justice",
        "what": "every force x year x ethnic group x stage: indices, 95% intervals, pooled index, flags, suppression",
        "repeat": repeat,
        "setup_s": round(setup, 1),
        "rows": rows,
        "tables": len(tables),
        "cells": cells,
        "flagged_cells": flagged,
        "pandas_rows": len(frame),
        "bare_groupby_s": round(bare, 4),
        "parity_s": round(parity, 4),
        "parity_with_as_dict_s": round(serialised, 4),
        "pandas_s": round(pandas, 4),
        "parity_over_bare": round(parity / bare, 2),
        "pandas_over_parity": round(pandas / parity, 1),
        "goals": {
            "under_1s": parity < 1.0,
            "within_2x_of_bare_groupby": parity / bare <= 2.0,
            "at_least_10x_faster_than_pandas": pandas / parity >= 10.0,
        },
        "cpus": os.cpu_count(),
    }
