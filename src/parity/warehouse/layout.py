"""Where each dataset's Parquet partitions live under PARITY_HOME/warehouse."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

STOP_SEARCH = "stop_search"
POPULATION = "population"


def root() -> Path:
    return Path(settings.WAREHOUSE_DIR)


def partition_dir(dataset: str, **keys: str) -> Path:
    path = root() / dataset
    for key, value in keys.items():
        path = path / f"{key}={value}"
    return path


def glob(dataset: str) -> str:
    """A DuckDB glob over every partition of a dataset."""
    depth = {STOP_SEARCH: 2, POPULATION: 1}[dataset]
    return str(root() / dataset / "/".join(["*"] * depth) / "*.parquet")


def write_table(directory: Path, table: pa.Table) -> None:
    """Write a partition atomically: a reader sees the old file or the new, never half.

    The file is encoded in memory and written in one go (cheaper than Arrow's file output
    for these small files), to a temporary name that replaces the partition's."""
    encoded = pa.BufferOutputStream()
    pq.write_table(table, encoded, compression="zstd")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(encoded.getvalue())
        os.replace(tmp, directory / "part.parquet")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
