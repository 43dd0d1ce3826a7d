"""Independent counts for checking the analyses: plain DuckDB SQL over the loaded warehouse.

These queries are written separately from `parity.warehouse.queries` (London dates come
from converting the UTC timestamp here, not from the stored `local_date`), so a test that
compares the two checks Parity's figures rather than repeating them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def sql(warehouse: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    source = f"read_parquet('{warehouse}/stop_search/*/*/*.parquet', hive_partitioning = true)"
    con = duckdb.connect(config=CONFIG)
    try:
        return con.execute(query.replace("SEARCHES", source), list(params)).fetchall()
    finally:
        con.close()


LONDON_DATE = "CAST(timezone('Europe/London', occurred_at) AS DATE)"


def person_searches(warehouse: Path, force: str, start: str, end: str, where: str = "TRUE") -> dict[Any, int]:
    """Person searches by self-defined 5+1 group between two London dates, inclusive."""
    rows = sql(
        warehouse,
        f"SELECT sde_group, count(*) FROM SEARCHES WHERE force = ? AND type <> 'vehicle' "
        f"AND {LONDON_DATE} BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND ({where}) GROUP BY 1",
        force,
        start,
        end,
    )
    return {group: int(n) for group, n in rows}
