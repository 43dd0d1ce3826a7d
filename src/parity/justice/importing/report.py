"""Running an importer of this app over files: parse each whole, refuse it whole, store it by unit.

Shared by every source here (the Home Office arrests tables, Ethnicity facts and figures, a
partner's stage counts, a force's arrests extract), so each reports the same way as stop and
search (`parity.powers.importing.pipeline.IngestReport`): a file with any bad value is refused
whole, naming file, line, field, value and reason, and nothing from it is stored.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parity.justice.importing.store import store_unit
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, problem_dict
from parity.powers.importing.units import Unit
from parity.reference.models import Force

Progress = Callable[[str, int], None]  # (unit description, rows in it)
Store = Callable[[str, str, list[Any], dict[str, Force]], tuple[int, int]]  # (file, key, rows, forces)


@dataclass
class Parsed:
    """One file, checked: its rows by unit, and every problem found (any problem refuses it)."""

    kind: str
    rows_read: int = 0
    units: dict[str, list[Any]] = field(default_factory=dict)  # unit key -> its rows (CountRows for counts)
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (where, e.g. "file (sheet A_08)", problem)
    excluded: Counter[str] = field(default_factory=Counter)  # rows read but not stored by design, and why
    store: Store | None = None  # how a unit is stored; counts by default
    after: Callable[[], None] | None = None  # once the file's units are stored (e.g. warehouse partitions)

    def save(self, name: str, key: str, rows: list[Any], forces: dict[str, Force]) -> tuple[int, int]:
        if self.store is not None:
            return self.store(name, key, rows, forces)
        return store_unit(self.kind, key, name, rows, forces)


Parser = Callable[[Path], Parsed]


def csv_rows(path: Path, layout: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (cells stripped) and the non-blank rows with their line numbers of a UTF-8 CSV
    file; InputRefused naming `layout` when it is not text or is empty."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputRefused(str(path), f"not UTF-8 text (byte {error.start}); expected a CSV file") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise InputRefused(str(path), f"the file is empty; expected the {layout} layout")
    return [h.strip() for h in header], [(i, r) for i, r in enumerate(reader, start=2) if any(c.strip() for c in r)]


def run(paths: Iterable[Path], parse: Parser, *, progress: Progress | None = None) -> IngestReport:
    """Parse every file, then store the good ones unit by unit."""
    report = IngestReport()
    forces = {f.slug: f for f in Force.objects.all()}
    for path in paths:
        try:
            if not path.is_file():
                raise InputRefused(str(path), "no such file")
            parsed = parse(path)
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.message_for(str(path))))
            continue
        result = FileResult(str(path), "refused", format=parsed.kind, rows_read=parsed.rows_read)
        report.files.append(result)
        report.exclusions.update(parsed.excluded)
        for where, problem in parsed.problems:
            report.problems.append(problem_dict(Unit(where, None, None, "", path.read_bytes), problem))
            report.exclusions[f"{problem.field}: {problem.reason} (rejected)"] += 1
        if parsed.problems:
            where, first = parsed.problems[0]
            result.rows_rejected = parsed.rows_read
            result.message = (
                f"refused: {where}, line {first.line}, {first.field} = {first.value!r}: {first.reason}"
                + (f" (and {len(parsed.problems) - 1} more problems)" if len(parsed.problems) > 1 else "")
                + "; nothing from this file was stored"
            )
            continue
        for key, rows in sorted(parsed.units.items()):
            imported, unchanged = parsed.save(str(path), key, rows, forces)
            result.rows_imported += imported
            result.rows_unchanged += unchanged
            if progress:
                progress(key, len(rows))
        if parsed.after is not None:
            parsed.after()
        result.status = "imported" if result.rows_imported else "unchanged"
        result.message = f"{len(parsed.units)} units"
    return report
