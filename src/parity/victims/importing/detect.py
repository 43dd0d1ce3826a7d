"""Which victims' layout a file is in, told from its header, so one command takes them all."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.pipeline import IngestReport
from parity.victims.importing import complaints, extract, survey
from parity.victims.importing.files import Parsed, Progress, ingest_files, read_rows

LAYOUTS = {survey.FORMAT: survey, extract.FORMAT: extract, complaints.FORMAT: complaints}


def parse(name: str, data: bytes, *, replace: bool = False) -> Parsed[Any]:
    first_line = data.split(b"\n", 1)[0]
    header = tuple(h.strip() for h in read_rows(name, first_line, encodings=("utf-8-sig", "latin-1"))[0])
    if header == survey.HEADER:
        return survey.parse(name, data)
    if tuple(h.lower() for h in header) == extract.HEADER:
        return extract.parse(name, data, replace=replace)
    if tuple(h.lower() for h in header) in (complaints.HEADER, complaints.HEADER + complaints.TEXT_COLUMNS):
        return complaints.parse(name, data, replace=replace)
    raise InputRefused(
        name,
        f"line 1, header = {','.join(header)!r}: neither the Ethnicity facts and figures victims of crime table "
        "nor a victims' or complaints' extract (see their layouts in the reference)",
    )


def store(name: str, parsed: Parsed[Any], key: Hashable, rows: list[Any]) -> tuple[int, int]:
    return LAYOUTS[parsed.format].store(name, parsed, key, rows)  # type: ignore[no-any-return]


def ingest(paths: Iterable[Path], *, progress: Progress | None = None, replace: bool = False) -> IngestReport:
    """Import victims' files of any layout Parity knows, reporting each file's fate.

    `replace` lets an extract replace a month held with fewer victims than it holds."""
    return ingest_files(paths, partial(parse, replace=replace), store, progress=progress)
