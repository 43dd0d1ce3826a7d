"""The one way Parity writes CSV: no cell can be read as a formula by a spreadsheet.

Spreadsheets run a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula, so text someone typed (an action's title, a panel's note) could run in the
reader's spreadsheet. Such a text cell is written with a leading apostrophe, which
spreadsheets show as text (OWASP's advice). Numbers are left as they are (`-2.5` is a
number, not a formula), so figures stay figures. `unescape` undoes it for a file Parity
wrote and someone edited, when it is read back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def escape(value: Any) -> Any:
    """A cell value that no spreadsheet will run; anything but risky text unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape(value: str) -> str:
    """The text `escape` was given, for a cell read back from a file Parity wrote."""
    if value.startswith("'") and value[1:].startswith(TRIGGERS) and not _NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


class Writer:
    """`csv.writer` with every cell escaped."""

    def __init__(self, out: IO[str] | Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([escape(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """`csv.DictWriter` with every cell escaped."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: escape(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def writer(out: IO[str] | Any, **options: Any) -> Writer:
    return Writer(out, **options)
