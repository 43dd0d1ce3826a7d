"""Searches binned into areas, with small-number protection: where searches happen, safely.

A force's person searches for a period are counted per area (a local authority district),
with two more rows: searches recorded at a point in none of the force's areas, and searches
with no location. The areas and those two rows add up to the force's total, which other
pages publish, so the table is one line (total = sum of parts) and is protected as every
table is (`parity.analysis.protection`): counts from 1 to threshold-1 are hidden, and more
are hidden until no hidden count can be worked out from the rest. A map point never
appears: only the area counts do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parity.analysis.protection import Line, Status, suppress

ELSEWHERE = "elsewhere"
UNLOCATED = "unlocated"


@dataclass(frozen=True)
class AreaCount:
    code: str  # an area's code, or ELSEWHERE or UNLOCATED
    name: str
    searches: int | None  # None: hidden
    share: float | None  # of the total, as a fraction; None when hidden or no total

    @property
    def suppressed(self) -> bool:
        return self.searches is None

    def as_dict(self) -> dict[str, Any]:
        return {"area": self.code, "area_name": self.name, "searches": self.searches, "share": self.share}


@dataclass(frozen=True)
class AreaCounts:
    areas: tuple[AreaCount, ...]  # in the order given (alphabetical by name)
    elsewhere: AreaCount
    unlocated: AreaCount
    total: int | None  # None: hidden (too few searches to show even the total)
    threshold: int

    @property
    def rows(self) -> tuple[AreaCount, ...]:
        return (*self.areas, self.elsewhere, self.unlocated)

    @property
    def any_hidden(self) -> bool:
        return any(r.suppressed for r in self.rows)


def area_counts(
    areas: Sequence[tuple[str, str]],
    counts: Mapping[str, int],
    *,
    elsewhere: int,
    unlocated: int,
    threshold: int,
) -> AreaCounts:
    """Protected counts for `areas` ((code, name) pairs) from `counts` by area code.

    A count for a code not among `areas` is an error: the caller places points only in them.
    """
    codes = [code for code, _ in areas]
    unknown = set(counts) - set(codes)
    if unknown:
        raise ValueError(f"counts for areas not in the table: {sorted(unknown)}")
    values = [int(counts.get(code, 0)) for code in codes] + [int(elsewhere), int(unlocated)]
    total = sum(values)
    parts = tuple(range(len(values)))
    tiers = [0] * len(values) + [1]  # hide parts before the total
    status = suppress([*values, total], [Line(len(values), parts)], threshold, tiers=tiers)
    total_hidden = Status(int(status[-1])).hidden

    def row(i: int, code: str, name: str) -> AreaCount:
        if total_hidden or Status(int(status[i])).hidden:
            return AreaCount(code, name, None, None)
        return AreaCount(code, name, values[i], values[i] / total if total else None)

    names = [name for _, name in areas]
    rows = [row(i, codes[i], names[i]) for i in range(len(codes))]
    n = len(codes)
    return AreaCounts(
        tuple(rows),
        row(n, ELSEWHERE, "Elsewhere: a point outside the force’s areas"),
        row(n + 1, UNLOCATED, "No location recorded"),
        None if total_hidden else total,
        threshold,
    )
