"""Small-number protection: primary and secondary suppression over additive tables.

A count from 1 to threshold-1 is suppressed (primary). A table also shows totals, and a
total minus the shown parts would give a lone suppressed cell back; so wherever a total and
its parts are shown (a "line": total = sum of parts) and exactly one of them is hidden,
another is hidden too (secondary): the smallest non-zero part still shown, or else the
total. This repeats until no line has exactly one hidden cell. Zero is never suppressed: it
discloses no one.

Everything derived from a hidden count (its rate, ratio, share, bounds) is hidden with it;
the result objects do that, so every output inherits the protection.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

MAX_ROUNDS = 100
_TIER = 1 << 40  # larger than any count: a lower tier always wins


class Status(IntEnum):
    SHOWN = 0
    PRIMARY = 1  # a small count
    SECONDARY = 2  # hidden so that a total cannot reveal a small count

    @property
    def label(self) -> str | None:
        return {Status.SHOWN: None, Status.PRIMARY: "primary", Status.SECONDARY: "secondary"}[self]


@dataclass(frozen=True)
class Line:
    """total = sum(parts), as indices into one flat array of counts."""

    total: int
    parts: tuple[int, ...]


def suppress(
    values: ArrayLike, lines: Sequence[Line], threshold: int, *, tiers: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Status (see `Status`) of each count after primary and secondary suppression.

    `tiers` ranks how costly a cell is to hide (0 cheapest): a secondary cell is taken from
    the lowest tier that has one, smallest count first, so a table keeps its reference group
    and its "not stated" count whenever another cell will do. Vectorised over all lines at
    once, so the tables of every force and year are protected in one call. Raises
    ValueError if a line does not add up, since the protection reasoning assumes it does.
    """
    counts = np.asarray(values, dtype=np.int64)
    rank = np.zeros(len(counts), dtype=np.int64) if tiers is None else np.asarray(tiers, dtype=np.int64)
    status = np.where((counts > 0) & (counts < threshold), Status.PRIMARY, Status.SHOWN).astype(np.int8)
    if not lines or not status.any():
        return status
    width = max(len(line.parts) for line in lines) + 1
    members = np.full((len(lines), width), -1, dtype=np.int64)
    for i, line in enumerate(lines):
        members[i, : len(line.parts)] = line.parts
        members[i, -1] = line.total
    present = members >= 0
    safe = np.where(present, members, 0)
    value = np.where(present, counts[safe], 0)
    sums = value[:, :-1].sum(axis=1)
    wrong = np.flatnonzero(sums != value[:, -1])
    if wrong.size:
        first = int(wrong[0])
        raise ValueError(
            f"a protected line does not add up: parts sum to {sums[first]} against a total of "
            f"{value[first, -1]} (total cell {lines[first].total})"
        )
    is_part = present.copy()
    is_part[:, -1] = False
    for _ in range(MAX_ROUNDS):
        hidden = present & (status[safe] > 0)
        lone = hidden.sum(axis=1) == 1
        if not lone.any():
            break
        rows = np.flatnonzero(lone)
        open_ = present[rows] & ~hidden[rows] & (value[rows] > 0)
        cost = np.where(open_ & is_part[rows], rank[safe[rows]] * _TIER + value[rows], np.iinfo(np.int64).max)
        choice = cost.argmin(axis=1)
        has_part = cost[np.arange(len(rows)), choice] < np.iinfo(np.int64).max
        total_open = open_[:, -1]
        pick = np.where(has_part, choice, np.where(total_open, width - 1, -1))
        chosen = members[rows[pick >= 0], pick[pick >= 0]]
        if chosen.size == 0:
            break  # nothing left to hide: only zero-valued cells remain shown
        status[chosen] = Status.SECONDARY
    return status


def grid_lines(rows: int, columns: int, *, offset: int = 0) -> list[Line]:
    """Lines of a rows x columns grid laid out row-major whose last row and column are totals."""
    lines: list[Line] = []

    def at(r: int, c: int) -> int:
        return offset + r * columns + c

    if columns > 1:
        lines += [Line(at(r, columns - 1), tuple(at(r, c) for c in range(columns - 1))) for r in range(rows)]
    if rows > 1:
        lines += [Line(at(rows - 1, c), tuple(at(r, c) for r in range(rows - 1))) for c in range(columns)]
    return lines


class Cells:
    """Named counts and the lines that bind them, protected together.

    For tables that are not a plain grid: an outcome table where each count has a
    complement (searches with an outcome = arrests + the rest), or a strip-search table
    with a "children" column summing two age bands.
    """

    def __init__(self) -> None:
        self._index: dict[Hashable, int] = {}
        self._values: list[int] = []
        self._lines: list[Line] = []

    def add(self, key: Hashable, value: int) -> None:
        if key in self._index:
            raise ValueError(f"cell {key!r} added twice")
        self._index[key] = len(self._values)
        self._values.append(int(value))

    def value(self, key: Hashable) -> int:
        return self._values[self._index[key]]

    def line(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        self._lines.append(Line(self._index[total], tuple(self._index[p] for p in parts)))

    def protect(self, threshold: int) -> dict[Hashable, Status]:
        status = suppress(self._values, self._lines, threshold)
        return {key: Status(int(status[i])) for key, i in self._index.items()}
