"""`parity ingest use-of-force`: tell each file's kind, check it whole, store it unit by unit.

Three kinds of file come in: the Home Office workbook (.ods, Table 16), the cleaned CSV of
Table 16, and a force's own record-level export (docs/reference/use-of-force-extract.md).
The report is the stop-and-search importer's (`IngestReport`), so every import reads the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, problem_dict
from parity.powers.importing.units import Unit
from parity.powers.use_of_force import extract, home_office
from parity.powers.use_of_force.store import store_table_unit
from parity.reference.models import Force

Progress = Callable[[str, int], None]  # (unit description, rows in it)
Checked = tuple[str, int, list[Problem], Callable[[dict[str, Force], Progress | None], tuple[int, int, int]]]


def _read(path: Path) -> Checked:
    """(format, rows read, problems, store): the file checked whole, nothing written yet."""
    if not path.is_file():
        raise InputRefused(str(path), "no such file")
    if path.suffix.lower() in {".ods", ".xlsx"}:
        return _table(str(path), home_office.parse_workbook(path))
    data = path.read_bytes()
    first = data[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    header = next(csv.reader(io.StringIO(first[0])), []) if first else []
    if home_office.is_table_16_csv(header):
        return _table(str(path), home_office.parse_csv(str(path), data))
    if extract.is_extract(header):
        parsed = extract.parse(str(path), data)

        def store_reports(forces: dict[str, Force], progress: Progress | None) -> tuple[int, int, int]:
            return extract.store(str(path), parsed, forces, progress)

        return extract.FORMAT, parsed.rows_read, parsed.problems, store_reports
    raise InputRefused(
        str(path),
        "not a use-of-force file Parity reads: expected the Home Office tables (.ods, Table 16), "
        "the cleaned Table 16 CSV (Police Force, Type of force, Tactic, ...) or a force's records "
        f"({', '.join(extract.HEADER[:3])}, ...)",
    )


def _table(name: str, parsed: home_office.Parsed) -> Checked:
    def store(forces: dict[str, Force], progress: Progress | None) -> tuple[int, int, int]:
        imported = unchanged = 0
        for area, rows in sorted(parsed.units.items()):
            done, same = store_table_unit(name, parsed.period, area, rows, forces)
            imported += done
            unchanged += same
            if progress:
                progress(f"{area} {parsed.period}", len(rows))
        return imported, unchanged, len(parsed.units)

    return home_office.FORMAT, parsed.rows_read, parsed.problems, store


def ingest(
    paths: Iterable[Path], *, progress: Progress | None = None, on_units: Callable[[int], None] | None = None
) -> IngestReport:
    """Import use-of-force files; a file with any bad row is refused whole, naming each problem."""
    report = IngestReport()
    forces = {f.slug: f for f in Force.objects.all()}
    checked: list[tuple[Path, Checked | None]] = []
    for path in paths:
        try:
            checked.append((path, _read(path)))
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.message_for(str(path))))
            checked.append((path, None))
    if on_units:
        on_units(len([c for _, c in checked if c is not None and not c[2]]))
    for path, item in checked:
        if item is None:
            continue
        fmt, rows_read, problems, store = item
        name = str(path)
        result = FileResult(name, "refused", format=fmt, rows_read=rows_read)
        report.files.append(result)
        # a workbook's problems name the sheet their lines are in
        where = f"{name} (sheet {home_office.SHEET})" if path.suffix.lower() in {".ods", ".xlsx"} else name
        for problem in problems:
            report.problems.append(problem_dict(Unit(where, None, None, "", path.read_bytes), problem))
            report.exclusions[f"{problem.field}: {problem.reason} (rejected)"] += 1
        if problems:
            first = problems[0]
            result.rows_rejected = rows_read
            result.message = (
                f"refused: line {first.line}, {first.field} = {first.value!r}: {first.reason}"
                + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
                + "; nothing from this file was stored"
            )
            continue
        imported, unchanged, units = store(forces, progress)
        result.rows_imported, result.rows_unchanged = imported, unchanged
        result.status = "imported" if imported else "unchanged"
        result.message = f"{units} units"
    return report
