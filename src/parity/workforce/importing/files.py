"""What every workforce importer does with its files before and after storing them: read each
one (a file that is not its layout at all is refused with the reason), and refuse whole a file
with any bad row, listing every problem in the report. One place, so the Home Office tables
and a force's HR extract report alike."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, refuse_whole

P = TypeVar("P")


def csv_lines(name: str, file: TextIO, expected: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a UTF-8 CSV file opened as text (`open_text`), read as they
    are asked for, so a file is never held whole; InputRefused, saying what was `expected`,
    when it is not text or is empty."""
    reader = csv.reader(file)

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except UnicodeDecodeError:
            raise InputRefused(name, f"not UTF-8 text (line {reader.line_num + 1}); expected a CSV file") from None

    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        raise InputRefused(name, "not UTF-8 text (line 1); expected a CSV file") from None
    if header is None:
        raise InputRefused(name, f"the file is empty; expected {expected}")
    return header, rows()


def open_text(path: Path) -> TextIO:
    """A CSV file as UTF-8 text (a byte-order mark is fine), for `csv_lines`."""
    return path.open(encoding="utf-8-sig", newline="")


Progress = Callable[[str, int], None]  # (unit description, rows in it)


class ParsedFile(Protocol):
    """What an importer's parse makes of one file: its rows by unit, and every problem."""

    rows_read: int
    problems: list[Problem]

    @property
    def units(self) -> Mapping[Any, Sized]: ...


F = TypeVar("F", bound=ParsedFile)
# store(file name, parsed file, unit key, rows) -> (imported, unchanged, description of the unit)
Store = Callable[[str, F, Any, Any], tuple[int, int, str]]


def ingest_files(
    paths: Iterable[Path],
    parse: Callable[[str, Path], F],
    store: Store[F],
    *,
    format_of: Callable[[F], str],
    progress: Progress | None = None,
    on_units: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read every file, refuse whole those with problems, and store the others unit by unit
    (`store` holds one unit's transaction), reporting each file's fate."""
    report = IngestReport()
    read = read_files(paths, parse, report)
    if on_units:
        on_units(sum(len(p.units) for _, p in read if p is not None and not p.problems))
    for path, parsed in read:
        if parsed is None:
            continue
        result = FileResult(str(path), "refused", format=format_of(parsed), rows_read=parsed.rows_read)
        report.files.append(result)
        if refuse_whole(report, result, parsed.problems):
            continue
        for key, rows in sorted(parsed.units.items()):
            imported, unchanged, described = store(str(path), parsed, key, rows)
            result.rows_imported += imported
            result.rows_unchanged += unchanged
            if progress:
                progress(described, len(rows))
        result.status = "imported" if result.rows_imported else "unchanged"
        result.message = f"{len(parsed.units)} units"
    return report


def read_files(
    paths: Iterable[Path], parse: Callable[[str, Path], P], report: IngestReport
) -> list[tuple[Path, P | None]]:
    """Each path with what `parse` made of it, or None when refused (the refusal reported)."""
    read: list[tuple[Path, P | None]] = []
    for path in paths:
        try:
            if not path.is_file():
                raise InputRefused(str(path), "no such file")
            read.append((path, parse(str(path), path)))
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.problem))
            read.append((path, None))
    return read
