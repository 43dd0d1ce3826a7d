"""Fetching a force's records from data.police.uk and importing them like any download."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from parity.powers.coverage import month_range
from parity.powers.importing.pipeline import IngestReport, ingest
from parity.powers.models import SourceFile
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


def months_due(today: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """Each force held from data.police.uk's files, and the months after its latest held one
    up to last month (none, if it is up to date)."""
    today = today or timezone.localdate()
    last = f"{today.year - (today.month == 1):04d}-{(today.month - 2) % 12 + 1:02d}"
    latest = (
        SourceFile.objects.filter(dataset="stop-search")  # not the stops officers record
        .values("force__slug")
        .annotate(latest=Max("month"))
        .order_by("force__slug")
    )
    due = {}
    for row in latest:
        following = month_range(row["latest"], last)[1:]
        if following:
            due[row["force__slug"]] = (following[0], following[-1])
    return due


def fetch_new_months(client: PoliceUkClient | None = None, today: dt.date | None = None) -> dict[str, FetchReport]:
    """The monthly update: fetch and import what data.police.uk has published since each
    held force's latest month. Months not published yet are simply asked for again next time."""
    own = client is None
    api = client or PoliceUkClient()
    try:
        return {force: fetch_police_uk(api, force, first, last) for force, (first, last) in months_due(today).items()}
    finally:
        if own:
            api.close()
