"""Fetching a force's records from data.police.uk and importing them like any download."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from parity.powers.coverage import month_range
from parity.powers.importing.pipeline import IngestReport, ingest
from parity.powers.police_uk_api import PoliceUkClient


@dataclass
class FetchReport:
    saved: list[Path] = field(default_factory=list)
    not_published: list[str] = field(default_factory=list)
    imported: IngestReport | None = None


def raw_path(force: str, month: str) -> Path:
    """Where a fetched month is kept, named as data.police.uk names its files."""
    return Path(settings.RAW_DIR) / "police-uk" / force / f"{month}-{force}-stop-and-search.json"


def _save(path: Path, records: Sequence[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)
    os.replace(tmp, path)


def fetch_police_uk(
    client: PoliceUkClient,
    force: str,
    first: str,
    last: str,
    *,
    import_records: bool = True,
    progress: Callable[[str, int | None], None] | None = None,
) -> FetchReport:
    """Fetch each month from `first` to `last`, save it, then import what was saved."""
    report = FetchReport()
    for month in month_range(first, last):
        records = client.stops_force(force, month)
        if records is None:
            report.not_published.append(month)
        else:
            path = raw_path(force, month)
            _save(path, records)
            report.saved.append(path)
        if progress:
            progress(month, None if records is None else len(records))
    if import_records and report.saved:
        report.imported = ingest(report.saved)
    return report
