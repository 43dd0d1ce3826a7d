"""Import stop-and-search units: each force-month in one transaction, then its partition.

Re-importing a file already held changes nothing (same content hash). A different file for
a force-month already held replaces that month, and the report says so, unless it would
lose held data: a file with fewer than half the held records (an empty or header-only
download, one row where hundreds were), or with many more exact duplicate rows than the
held file, is refused, saying what would be lost, unless `replace` is given. A crash before the
commit leaves the database as it was; a crash after it leaves the partition marked unwritten
and the next import (or `parity warehouse sync`) writes it.

An import of several units uses two cores (docs/decisions/0003-fast-import.md): a worker
process reads and normalises units a few ahead and writes each partition once its commit
is done, while this process writes the database, the only thing that must be serial.
"""

from __future__ import annotations

import itertools
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Sequence, Set
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import transaction

from parity.powers.importing import store
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import DETAIL_COLUMNS, Problem
from parity.powers.importing.prepare import Read, parse, read
from parity.powers.importing.units import Skipped, Unit, discover
from parity.powers.importing.worker import Worker
from parity.powers.models import ImportProblem, SourceFile, StopSearch, StopSearchDetail
from parity.reference.models import Force
from parity.warehouse import stop_search as warehouse
from parity.warehouse.layout import STOP_SEARCH, partition_dir


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
# Units the worker reads ahead of the one being stored: enough to keep both cores busy,
# few enough to keep memory flat.
READ_AHEAD = 2
# Starting the worker process costs about a third of a second, so fewer units are read
# and written in the importer's own process.
WORKER_FROM_UNITS = 4
# Exact duplicate rows a replacing file may add to the held file's before it is refused:
# this many, or a tenth of its rows if more (some forces' files repeat rows legitimately).
MIN_DUPLICATES = 10


def problem_dict(unit: Unit, problem: Problem) -> dict[str, Any]:
    """A problem as every import report gives it (the workforce importer uses it too)."""
    return {
        "file": unit.name,
        "line": problem.line,
        "field": problem.field,
        "value": problem.value,
        "reason": problem.reason,
        "action": "rejected" if problem.rejected else "kept, flagged",
    }


def refuse_whole(report: IngestReport, result: FileResult, problems: Sequence[Problem]) -> bool:
    """Report a checked table's problems; with any, refuse the file whole and say so (True).

    For the importers that refuse a table with any bad row (workforce, victims), because a
    table missing some of its cells would give wrong figures without saying so."""
    for problem in problems:
        report.problems.append(problem_dict(Unit(result.name, None, None, "", bytes), problem))
        report.exclusions[f"{problem.field}: {problem.reason} (rejected)"] += 1
    if not problems:
        return False
    first = problems[0]
    result.rows_rejected = result.rows_read
    result.message = (
        f"refused: line {first.line}, {first.field} = {first.value!r}: {first.reason}"
        + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
        + "; nothing from this file was stored"
    )
    return True


class PartitionWriter:
    """Writes each committed force-month's partition, then marks it written.

    With a worker, the worker writes it from the records it read (its partition is written
    while this process stores the next unit); otherwise it is written here. If the import
    stops between a commit and the mark, `sync_pending` writes the partition again.
    """

    def __init__(self, worker: Worker | None) -> None:
        self.worker = worker
        self._pending: dict[int, int] = {}  # worker's unit number -> SourceFile id

    def write(self, source: SourceFile, number: int | None, records: pa.Table, ids: store.Ids) -> None:
        """Call after the commit: a partition never shows what the database does not hold."""
        force, month = source.force.slug, source.month
        if source.force.fictional:
            # The demonstration's fictional force is held for panels to sample, never in the
            # warehouse every published, national and compared figure is worked out from.
            self.skip(number)
            return
        if self.worker is None or number is None:
            warehouse.write_partition(force, month, ids, records)
            SourceFile.objects.filter(pk=source.pk).update(warehouse_written=True)
            return
        self.worker.write(number, partition_dir(STOP_SEARCH, force=force, month=month), ids)
        self._pending[number] = source.pk
        self.mark()

    def skip(self, number: int | None) -> None:
        """The unit was not imported (unchanged or refused): its records are not needed."""
        if self.worker is not None and number is not None:
            self.worker.forget(number)

    def mark(self, *, every: bool = False) -> None:
        """Mark the partitions written so far; with `every`, wait for all of them."""
        done = []
        while self.worker is not None and self._pending:
            number = self.worker.written(wait=every)
            if number is None:
                break
            done.append(self._pending.pop(number))
        if done:
            SourceFile.objects.filter(pk__in=done).update(warehouse_written=True)


def _duplicates(raw: pa.Array | pa.ChunkedArray) -> int:
    """Rows whose source text repeats an earlier row's exactly."""
    return len(raw) - int(pc.count_distinct(raw).as_py())


def check_replacement(name: str, previous: SourceFile, records: pa.Table) -> None:
    """Refuse a replacement that would silently lose held data (see the module's docstring)."""
    held, kept = previous.rows_imported, records.num_rows
    what = f"{held:,} records held for {previous.month} from {previous.name} (imported {previous.imported_at:%Y-%m-%d})"
    advice = "Nothing was changed; if this file is right, import it again with --replace"
    if kept * 2 < held:
        raise InputRefused(
            name,
            f"it would replace the {what} with {kept:,}: {held - kept:,} records would be lost. {advice}",
        )
    duplicates = _duplicates(records.column("raw"))
    if duplicates > max(MIN_DUPLICATES, kept // 10):
        raws = StopSearch.objects.filter(source_file=previous)
        held_duplicates = held - raws.values("raw").distinct().count()
        if duplicates - held_duplicates > max(MIN_DUPLICATES, kept // 10):
            raise InputRefused(
                name,
                f"{duplicates:,} of its {kept:,} records are exact copies of another line (the held file "
                f"had {held_duplicates:,}); it would replace the {what} with {kept - duplicates:,} different "
                f"records. {advice}",
            )


def import_unit(
    read: Read,
    forces: dict[str, Force],
    report: IngestReport,
    writer: PartitionWriter,
    number: int | None = None,
    *,
    replace: bool = False,
) -> FileResult:
    """Import one force-month in one transaction, then have its partition written.

    `number` is the unit's number at the worker that read it, if one did. `replace` lets a
    file replace a held month even when it would lose records (`check_replacement`)."""
    unit, slug = read.unit, read.force
    force = forces[slug]
    held = SourceFile.objects.filter(force=force, sha256=read.digest).order_by("pk").first()
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
    parsed = read.parsed
    if parsed is None:  # it looked held when read, but is not: read it here, write it here
        parsed, number = parse(unit, unit.read()), None
    records, month = parsed.records, parsed.month
    result = FileResult(
        unit.name,
        "imported",
        slug,
        month,
        parsed.format,
        rows_read=parsed.rows_read,
        rows_imported=records.num_rows,
        rows_rejected=parsed.rejected,
        rows_flagged=parsed.flagged,
    )
    with transaction.atomic():
        previous = SourceFile.objects.filter(dataset="stop-search", force=force, month=month).order_by("pk").first()
        if previous is not None:
            if not replace:
                check_replacement(unit.name, previous, records)
            result.status = "replaced"
            result.message = f"replaced {previous.rows_imported} records from {previous.name}"
            previous.delete()
        source = SourceFile.objects.create(
            force=force,
            month=month,
            format=parsed.format,
            name=unit.name[-500:],
            header=parsed.header,
            sha256=read.digest,
            rows_read=parsed.rows_read,
            rows_imported=records.num_rows,
            rows_rejected=parsed.rejected,
            rows_flagged=parsed.flagged,
            blank_counts=parsed.blank_counts,
        )
        ids = store.insert_records(source.pk, force.pk, records)
        StopSearchDetail.objects.bulk_create(
            StopSearchDetail(record_id=ids[i], **dict(zip(DETAIL_COLUMNS, detail, strict=True)))
            for i, detail in parsed.details.items()
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
            for p in parsed.problems
        )
    writer.write(source, number, records, ids)
    for problem in parsed.problems:
        report.problems.append(problem_dict(unit, problem))
        action = "rejected" if problem.rejected else "kept and flagged"
        report.exclusions[f"{problem.field}: {problem.reason} ({action})"] += 1
    return result


Reading = tuple[Callable[[], Read], int | None] | None  # how to get a unit read, and its number


def _read_ahead(
    items: list[Unit | Skipped], worker: Worker | None, held: Set[tuple[str, str]]
) -> Generator[tuple[Unit | Skipped, Reading], None, None]:
    """Each item with how to get it read (None for a skipped file): by the worker, which
    is kept READ_AHEAD units ahead, or else here, when it is needed."""
    queue = deque(items)
    sent: deque[int] = deque()  # the worker's numbers for the units at the head of the queue
    while queue:
        if worker is not None:
            for item in itertools.islice(queue, len(sent), READ_AHEAD + 1):
                sent.append(worker.read(item) if isinstance(item, Unit) else -1)
        item = queue.popleft()
        if isinstance(item, Skipped):
            if worker is not None:
                sent.popleft()
            yield item, None
        elif worker is not None:
            yield item, (worker.result, sent.popleft())
        else:
            yield item, (partial(read, item, held), None)


def ingest(
    paths: Iterable[Path],
    *,
    force: str | None = None,
    month: str | None = None,
    progress: Progress | None = None,
    on_units: Callable[[int], None] | None = None,
    replace: bool = False,
) -> IngestReport:
    """Import every stop-and-search unit under `paths`, reporting each file's fate.

    `replace` lets files replace held months even where records would be lost. Then, with
    PARITY_WARM_AFTER_IMPORT, the protection of the forces changed is worked out and kept
    (`parity.powers.statistics.kept.warm`), so no request waits for it."""
    report = IngestReport()
    forces = {f.slug: f for f in Force.objects.all()}
    max_bytes = settings.PARITY_IMPORT_MAX_FILE_MB * 1024 * 1024
    try:
        found = list(discover(list(paths), force=force, month=month, max_bytes=max_bytes))
    except InputRefused as refused:
        report.files.append(FileResult(refused.name, "refused", message=refused.problem))
        found = []
    if on_units:
        on_units(len(found))
    held = set(SourceFile.objects.values_list("force__slug", "sha256"))
    worker = Worker(held) if sum(isinstance(item, Unit) for item in found) >= WORKER_FROM_UNITS else None
    writer = PartitionWriter(worker)
    try:
        for item, reading in _read_ahead(found, worker, held):
            if reading is None:
                assert isinstance(item, Skipped)
                result = FileResult(item.name, "skipped", message=item.reason)
            else:
                assert isinstance(item, Unit)
                get, number = reading
                try:
                    result = import_unit(get(), forces, report, writer, number, replace=replace)
                except InputRefused as refused:
                    result = FileResult(item.name, "refused", item.force, item.month, message=refused.problem)
                if result.status not in {"imported", "replaced"}:
                    writer.skip(number)
            report.files.append(result)
            if progress:
                progress(result)
        writer.mark(every=True)
    finally:
        if worker is not None:
            worker.close()
    changed = {r.force for r in report.files if r.status in {"imported", "replaced"} and r.force}
    if changed and settings.WARM_AFTER_IMPORT:
        from parity.powers.statistics.kept import warm  # statistics reads what importing writes

        warm(changed)
    return report
