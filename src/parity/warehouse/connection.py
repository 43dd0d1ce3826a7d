"""The DuckDB connection that reads the warehouse: offline, one per thread, reused.

DuckDB must never try the network (extensions.duckdb.org is unreachable here and would be a
surprise in production), so automatic extension install and load are off. Opening a
connection costs about 15 ms, so each thread keeps one; results are always fetched in full,
because DuckDB 2.0 leaves a connection busy until they are.
"""

from __future__ import annotations

import threading

import duckdb

CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
_local = threading.local()


def connect() -> duckdb.DuckDBPyConnection:
    """This thread's in-memory DuckDB connection (the warehouse is read by path, per query)."""
    con: duckdb.DuckDBPyConnection | None = getattr(_local, "con", None)
    if con is None:
        con = duckdb.connect(config=CONFIG)
        _local.con = con
    return con
