"""Which force-months are held, which are missing or suspiciously small, and how complete.

A month is flagged low when it holds fewer than half the median of the six months around it
(three before, three after, those that are held). Leicestershire's October to December 2019
files (116, 87 and 106 records against about 350) are the case this catches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

from parity.powers.importing.normalise import COMPLETENESS_FIELDS
from parity.powers.models import SourceFile

LOW_VOLUME_SHARE = 0.5
NEIGHBOURS = 3


@dataclass
class MonthCoverage:
    month: str
    records: int
    low_volume: bool
    rejected: int = 0
    flagged: int = 0


@dataclass
class ForceCoverage:
    force: str
    name: str
    months: list[MonthCoverage]
    gaps: list[str]
    completeness: dict[str, float]  # percent blank, per field
    records: int = 0
    first: str = ""
    last: str = ""
    warnings: list[str] = field(default_factory=list)


def month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def low_volume_months(counts: dict[str, int]) -> set[str]:
    """Months under half the median of up to three held months either side."""
    ordered = sorted(counts)
    low = set()
    for i, month in enumerate(ordered):
        around = ordered[max(0, i - NEIGHBOURS) : i] + ordered[i + 1 : i + 1 + NEIGHBOURS]
        if len(around) >= 2 and counts[month] < LOW_VOLUME_SHARE * median(counts[m] for m in around):
            low.add(month)
    return low


def coverage(force: str | None = None) -> list[ForceCoverage]:
    files = SourceFile.objects.filter(dataset="stop-search").select_related("force")
    if force:
        files = files.filter(force__slug=force)
    else:  # the demonstration's fictional force is no force's coverage, and in no list of forces held
        files = files.filter(force__fictional=False)
    by_force: dict[str, list[SourceFile]] = defaultdict(list)
    for source in files:
        by_force[source.force.slug].append(source)
    result = []
    for slug, sources in sorted(by_force.items()):
        counts = {s.month: s.rows_imported for s in sources}
        low = low_volume_months(counts)
        held = sorted(counts)
        gaps = [m for m in month_range(held[0], held[-1]) if m not in counts]
        total = sum(counts.values())
        blanks: dict[str, int] = defaultdict(int)
        for s in sources:
            for name, n in s.blank_counts.items():
                blanks[name] += n
        completeness = {name: round(100 * blanks[name] / total, 1) if total else 0.0 for name in COMPLETENESS_FIELDS}
        months = [
            MonthCoverage(s.month, s.rows_imported, s.month in low, s.rows_rejected, s.rows_flagged)
            for s in sorted(sources, key=lambda s: s.month)
        ]
        warnings = [f"{len(gaps)} months missing between {held[0]} and {held[-1]}"] if gaps else []
        warnings += [f"{m} holds {counts[m]} records, under half the months around it" for m in sorted(low)]
        warnings += [f"{name} is blank in {pct:g}% of records" for name, pct in completeness.items() if pct >= 90]
        result.append(
            ForceCoverage(slug, sources[0].force.name, months, gaps, completeness, total, held[0], held[-1], warnings)
        )
    return result


def as_json(forces: list[ForceCoverage]) -> dict[str, Any]:
    return {"forces": [asdict(f) for f in forces]}
