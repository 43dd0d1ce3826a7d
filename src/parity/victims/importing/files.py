"""The loop every victims' importer shares: read each file whole, refuse it whole, store units.

The guarantees are those of stop and search (`parity.powers.importing`): every row is checked
before anything is stored, and a file with any bad row is refused whole, naming file, line,
field, value and reason, because a table missing some of its rows would give wrong figures
without saying so. A good file is stored one unit at a time, each in one transaction, and
the same rows again change nothing. The report is the `IngestReport` of every import.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, refuse_whole
from parity.reference.forces import ForceInfo, find_force

R = TypeVar("R")
Progress = Callable[[str, int], None]  # (unit description, rows in it)


@dataclass
class Parsed(Generic[R]):
    """One file checked: its rows by unit, or the problems that refuse it."""

    format: str
    header: str
    rows_read: int = 0
    units: dict[Hashable, list[R]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_rows(name: str, data: bytes, *, encodings: Sequence[str] = ("utf-8-sig",)) -> list[list[str]]:
    """The CSV rows of a file, header first; InputRefused if it is not text in one of `encodings`."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as error:
            failure = error
    else:
        raise InputRefused(name, f"not text in {' or '.join(encodings)} (byte {failure.start}); expected a CSV file")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(c.strip() for c in rows[0]):
        raise InputRefused(name, "the file is empty")
    return rows


def digest(raws: Iterable[dict[str, str]]) -> str:
    """A hash of rows as written, so the same rows again are known without comparing each."""
    hashed = hashlib.sha256()
    for raw in raws:
        hashed.update("\x1f".join(raw.values()).encode() + b"\x1e")
    return hashed.hexdigest()


def ingest_files(
    paths: Iterable[Path],
    parse: Callable[[str, bytes], Parsed[R]],
    store: Callable[[str, Parsed[R], Hashable, list[R]], tuple[int, int]],
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Check every file, then store each good file's units with `store` -> (imported, unchanged)."""
    report = IngestReport()
    checked: list[tuple[str, Parsed[R]]] = []
    for path in paths:
        try:
            if not path.is_file():
                raise InputRefused(str(path), "no such file")
            checked.append((str(path), parse(str(path), path.read_bytes())))
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.problem))
    for name, parsed in checked:
        result = FileResult(name, "refused", format=parsed.format, rows_read=parsed.rows_read)
        report.files.append(result)
        if refuse_whole(report, result, parsed.problems):
            continue
        try:
            for key, rows in sorted(parsed.units.items(), key=lambda item: str(item[0])):
                imported, unchanged = store(name, parsed, key, rows)
                result.rows_imported += imported
                result.rows_unchanged += unchanged
                if progress:
                    progress(str(key), len(rows))
        except InputRefused as refused:
            result.message = f"refused: {refused.problem}"
            if result.rows_imported or result.rows_unchanged:
                result.message += " (the units before it were stored, each whole)"
            result.rows_rejected = result.rows_read - result.rows_imported - result.rows_unchanged
            continue
        result.status = "imported" if result.rows_imported else "unchanged"
        result.message = f"{len(parsed.units)} units"
    return report


def problem(line: int, header: Sequence[str], cells: Sequence[str], column: int, reason: str) -> Problem:
    """A rejected cell, named by its column heading."""
    name = header[column] if column < len(header) else f"column {column + 1}"
    return Problem(line, name, cells[column] if column < len(cells) else "", reason, True)


class RowCheck:
    """One row of a force extract by column name, and the problems found in it so far."""

    def __init__(self, line: int, cells: Sequence[str], header: Sequence[str]) -> None:
        self.line, self.cells, self.header = line, cells, header
        self.cell = {name: cells[i].strip() for i, name in enumerate(header)}
        self.found: list[Problem] = []

    @classmethod
    def of(cls, line: int, cells: Sequence[str], header: Sequence[str], problems: list[Problem]) -> RowCheck | None:
        """The row, or None (with the problem added) when it has the wrong number of values."""
        if len(cells) != len(header):
            problems.append(
                Problem(line, "row", ",".join(cells), f"has {len(cells)} values, expected {len(header)}", True)
            )
            return None
        return cls(line, cells, header)

    def bad(self, name: str, reason: str) -> None:
        self.found.append(problem(self.line, self.header, self.cells, list(self.header).index(name), reason))

    def force(self) -> ForceInfo | None:
        found = find_force(self.cell["force"])
        if found is None:
            self.bad("force", "not a force Parity knows (see `parity forces`)")
        return found

    def done(self, problems: list[Problem]) -> bool:
        """True when the row is good; otherwise its problems are added."""
        problems.extend(self.found)
        return not self.found
