"""Import stop-and-search units: each force-month in one transaction, then its partition.

Re-importing a file already held changes nothing (same content hash). A different file for
a force-month already held replaces that month, and the report says so. A crash before the
commit leaves the database as it was; a crash after it leaves the partition marked unwritten
and the next import (or `parity warehouse sync`) writes it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from parity.powers.importing import store
from parity.powers.importing.adapters import adapter_for, decode
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import COLUMNS, DETAIL_COLUMNS, Normaliser, Problem
from parity.powers.importing.units import Skipped, Unit, check_force, discover
from parity.powers.models import ImportProblem, SourceFile, StopSearchDetail
from parity.reference.models import Force
from parity.warehouse import stop_search as warehouse


@dataclass
class FileResult:
    name: str
    status: str  # imported, replaced, unchanged, refused, skipped
    force: str | None = None
    month: str | None = None
    format: str | None = None
    rows_read: int = 0
    rows_imported: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    rows_flagged: int = 0
    message: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    exclusions: Counter[str] = field(default_factory=Counter)

    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def rows_read(self) -> int:
        return self._sum("rows_read")

    @property
    def rows_imported(self) -> int:
        return self._sum("rows_imported")

    @property
    def rows_unchanged(self) -> int:
        return self._sum("rows_unchanged")

    @property
    def rows_rejected(self) -> int:
        return self._sum("rows_rejected")

    @property
    def refused(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "refused"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": [asdict(f) for f in self.files],
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_unchanged": self.rows_unchanged,
            "rows_rejected": self.rows_rejected,
            "problems": self.problems,
            "exclusions": [{"reason": r, "count": n} for r, n in self.exclusions.most_common()],
        }


Progress = Callable[[FileResult], None]
LOCAL_MONTH = COLUMNS.index("local_month")


def _month_of(unit: Unit, records: list[tuple[object, ...]]) -> str:
    if unit.month:
        return unit.month
    months = Counter(str(r[LOCAL_MONTH]) for r in records)
    if len(months) != 1:
        found = ", ".join(sorted(months)) or "none"
        raise InputRefused(
            unit.name,
            f"cannot tell which month this file is for (records fall in: "
            f"{found}); name it YYYY-MM-<force>-stop-and-search.json or pass --month",
        )
    return next(iter(months))


def _problem_dict(unit: Unit, problem: Problem) -> dict[str, Any]:
    return {
        "file": unit.name,
        "line": problem.line,
        "field": problem.field,
        "value": problem.value,
        "reason": problem.reason,
        "action": "rejected" if problem.rejected else "kept, flagged",
    }


def import_unit(unit: Unit, forces: dict[str, Force], report: IngestReport) -> FileResult:
    """Import one force-month. Raises InputRefused for an input that cannot be read."""
    data = unit.read()
    digest = hashlib.sha256(data).hexdigest()
    slug = check_force(unit)
    force = forces[slug]
    held = SourceFile.objects.filter(force=force, sha256=digest).first()
    if held is not None:
        return FileResult(
            unit.name,
            "unchanged",
            slug,
            held.month,
            held.format,
            rows_read=held.rows_read,
            rows_unchanged=held.rows_read - held.rows_rejected,
            rows_rejected=held.rows_rejected,
            rows_flagged=held.rows_flagged,
            message=f"already held (imported {held.imported_at:%Y-%m-%d %H:%M})",
        )
    text = decode(unit, data)
    adapter = adapter_for(unit, text)
    normaliser = Normaliser(adapter.width)
    records = []
    rows_read = 0
    for line, raw, fields in adapter.rows(unit, text):
        rows_read += 1
        record = normaliser.row(line, raw, fields)
        if record is not None:
            records.append(record)
    month = _month_of(unit, records)
    columns = warehouse.columns_of(records)
    result = FileResult(
        unit.name,
        "imported",
        slug,
        month,
        adapter.format,
        rows_read=rows_read,
        rows_imported=len(records),
        rows_rejected=normaliser.rejected,
        rows_flagged=normaliser.flagged,
    )
    with transaction.atomic():
        previous = SourceFile.objects.filter(dataset="stop-search", force=force, month=month).first()
        if previous is not None:
            result.status = "replaced"
            result.message = f"replaced {previous.rows_imported} records from {previous.name}"
            previous.delete()
        source = SourceFile.objects.create(
            force=force,
            month=month,
            format=adapter.format,
            name=unit.name[-500:],
            header=adapter.header,
            sha256=digest,
            rows_read=rows_read,
            rows_imported=len(records),
            rows_rejected=normaliser.rejected,
            rows_flagged=normaliser.flagged,
            blank_counts=normaliser.blank_counts(columns),
        )
        ids = store.insert_records(source.pk, force.pk, records)
        StopSearchDetail.objects.bulk_create(
            StopSearchDetail(record_id=ids[i], **dict(zip(DETAIL_COLUMNS, detail, strict=True)))
            for i, detail in normaliser.details.items()
        )
        ImportProblem.objects.bulk_create(
            ImportProblem(
                source_file=source,
                line=p.line,
                field=p.field,
                value=p.value[:1000],
                reason=p.reason,
                rejected=p.rejected,
            )
            for p in normaliser.problems
        )
    warehouse.write_partition(slug, month, ids, columns)
    SourceFile.objects.filter(pk=source.pk).update(warehouse_written=True)
    for problem in normaliser.problems:
        report.problems.append(_problem_dict(unit, problem))
        action = "rejected" if problem.rejected else "kept and flagged"
        report.exclusions[f"{problem.field}: {problem.reason} ({action})"] += 1
    return result


def ingest(
    paths: Iterable[Path],
    *,
    force: str | None = None,
    month: str | None = None,
    progress: Progress | None = None,
    on_units: Callable[[int], None] | None = None,
) -> IngestReport:
    """Import every stop-and-search unit under `paths`, reporting each file's fate."""
    report = IngestReport()
    forces = {f.slug: f for f in Force.objects.all()}
    try:
        found = list(discover(list(paths), force=force, month=month))
    except InputRefused as refused:
        report.files.append(FileResult(refused.name, "refused", message=refused.problem))
        found = []
    if on_units:
        on_units(len(found))
    for item in found:
        if isinstance(item, Skipped):
            result = FileResult(item.name, "skipped", message=item.reason)
        else:
            try:
                result = import_unit(item, forces, report)
            except InputRefused as refused:
                result = FileResult(item.name, "refused", item.force, item.month, message=refused.problem)
        report.files.append(result)
        if progress:
            progress(result)
    return report
