"""The arrests partitions: one Parquet file per force, a row per arrest and its disposal.

The stage table for every force, year, group and stage is one GROUP BY over these files
(`stage_counts`), which is why record-level arrests live here as well as in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from parity.warehouse.connection import connect
from parity.warehouse.layout import partition_dir, root, write_table

ARRESTS = "arrests"
SCHEMA = pa.schema(
    [
        ("period", pa.string()),  # financial year of the arrest, 2019/20
        ("group", pa.string()),  # 5+1 group, not_stated included
        ("age_band", pa.string()),
        ("offence_group", pa.string()),
        ("stage", pa.string()),  # charge, out_of_court, nfa or pending: the decision after arrest
    ]
)
DECISIONS = ("charge", "out_of_court")  # the stages after arrest a count is kept for


def write_arrests(force: str, columns: dict[str, Sequence[Any]]) -> None:
    """Replace one force's partition with these rows (columns named as SCHEMA)."""
    table = pa.table([pa.array(columns[f.name], f.type) for f in SCHEMA], schema=SCHEMA)
    write_table(partition_dir(ARRESTS, force=force), table)


def glob() -> str:
    return str(root() / ARRESTS / "*" / "*.parquet")


def held() -> bool:
    return next((root() / ARRESTS).glob("*/part.parquet"), None) is not None


def source(path: str | None = None) -> str:
    return f"read_parquet('{(path or glob()).replace(chr(39), chr(39) * 2)}', hive_partitioning = true)"


def stage_counts(
    forces: Sequence[str] = (), periods: Sequence[str] = (), *, by_offence: bool = False, by_age: bool = False,
    path: str | None = None,
) -> list[tuple[Any, ...]]:  # fmt: skip
    """(force, period, group, [offence_group], [age_band], arrests, charged, out_of_court) for every cell."""
    if path is None and not held():
        return []
    extra = [c for c, on in (("offence_group", by_offence), ("age_band", by_age)) if on]
    keys = ", ".join(["force", "period", '"group"', *extra])
    clauses, params = [], []
    if forces:
        clauses.append(f"force IN ({', '.join('?' * len(forces))})")
        params += list(forces)
    if periods:
        clauses.append(f"period IN ({', '.join('?' * len(periods))})")
        params += list(periods)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (
        f"SELECT {keys}, count(*), count(*) FILTER (stage = 'charge'), count(*) FILTER (stage = 'out_of_court') "
        f"FROM {source(path)}{where} GROUP BY {keys}"
    )
    return connect().execute(sql, params).fetchall()
