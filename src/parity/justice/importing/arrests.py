"""`parity ingest arrests`: each file to its importer, by what it is."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from parity.justice.importing import extract, home_office
from parity.justice.importing.report import Parsed, Progress, run
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.pipeline import IngestReport


def _parse(path: Path) -> Parsed:
    if path.suffix.lower() in {".ods", ".xlsx"}:
        return home_office.parse(path)
    if path.suffix.lower() == ".csv":
        return extract.parse(path)
    raise InputRefused(str(path), "not a Home Office arrests workbook (.ods, .xlsx) nor a force arrests extract (.csv)")


def ingest(paths: Iterable[Path], *, progress: Progress | None = None) -> IngestReport:
    """Import Home Office arrests tables and force arrests extracts, reporting each file's fate."""
    return run(paths, _parse, progress=progress)
