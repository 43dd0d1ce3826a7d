"""What every workforce importer does with its files before and after storing them: read each
one (a file that is not its layout at all is refused with the reason), and refuse whole a file
with any bad row, listing every problem in the report. One place, so the Home Office tables
and a force's HR extract report alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import FileResult, IngestReport, problem_dict
from parity.powers.importing.units import Unit

P = TypeVar("P")


def read_files(
    paths: Iterable[Path], parse: Callable[[str, bytes], P], report: IngestReport
) -> list[tuple[Path, P | None]]:
    """Each path with what `parse` made of it, or None when refused (the refusal reported)."""
    read: list[tuple[Path, P | None]] = []
    for path in paths:
        try:
            if not path.is_file():
                raise InputRefused(str(path), "no such file")
            read.append((path, parse(str(path), path.read_bytes())))
        except InputRefused as refused:
            report.files.append(FileResult(str(path), "refused", message=refused.problem))
            read.append((path, None))
    return read


def refused_for_problems(report: IngestReport, path: Path, result: FileResult, problems: list[Problem]) -> bool:
    """List every problem of a file; True (and the file marked refused whole) if it has any."""
    unit = Unit(str(path), None, None, "", path.read_bytes)
    for problem in problems:
        report.problems.append(problem_dict(unit, problem))
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
