"""The fixed grid of periods figures are published for, and every period on it a force's months touch.

A reader may ask only for a month, a quarter, a financial or calendar year, or twelve whole
months ending at a month end. Every such period is a sum of months, so every published
table is tied to the tables of its months by addition; protection is decided for all of
them together (`every_period` lists them), so that no two can be differenced.
"""

from __future__ import annotations

from collections.abc import Iterable

from parity.analysis.period import Period, parse_period

GRID = ("month", "quarter", "financial-year", "year")
ROLLING_MONTHS = 12


def on_grid(period: Period) -> bool:
    """A month, a quarter, a financial or calendar year, or twelve whole months."""
    if period.kind in GRID:
        return True
    return period.kind == "range" and period.whole_months and len(period.months) == ROLLING_MONTHS


def every_period(months_held: Iterable[str]) -> list[Period]:
    """Every period on the grid that touches a month held, one per distinct run of months
    (a financial year and the twelve months April to March are one), months first, then by
    start and length, so the list is the same whatever order the months come in."""
    held = sorted(set(months_held))
    if not held:
        return []
    first, last = _index(held[0]), _index(held[-1])
    labels = [_month(i) for i in range(first, last + 1) if _month(i) in held]
    quarters = {(i // 3) * 3 for i in range(first, last + 1) if _month(i) in held}
    labels += [f"{q // 12:04d}-Q{q % 12 // 3 + 1}" for q in sorted(quarters)]
    labels += sorted({_month(i)[:4] for i in range(first, last + 1) if _month(i) in held})
    labels += [f"{_month(end - 11)}..{_month(end)}" for end in range(first, last + 12)]
    found: dict[tuple[str, ...], Period] = {}
    for label in labels:
        period = parse_period(label)
        found.setdefault(tuple(period.months), period)
    return sorted(found.values(), key=lambda p: (len(p.months) > 1, p.start, p.end))


def months_between(start: str, end: str) -> list[str]:
    """The YYYY-MM months from the one holding date `start` to the one holding `end` (ISO dates)."""
    return [_month(i) for i in range(_index(start[:7]), _index(end[:7]) + 1)]


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:]) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
