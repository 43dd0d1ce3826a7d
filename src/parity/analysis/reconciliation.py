"""Parity's figures set beside the Home Office's published ones, with the gaps measured.

Parity counts data.police.uk records; the Home Office publishes forces' annual data
returns. They are different extracts of the same searches, so counts differ a little (the
reconciliation methodology page explains why); census populations must agree exactly, and
the published rate must follow exactly from the published count and population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from parity.analysis.rates import RateTable
from parity.reference.published import PublishedFigure


@dataclass(frozen=True)
class ReconciledRow:
    force: str
    force_name: str
    financial_year: str
    group: str
    census_year: int | None
    searches: int | None  # Parity's count
    published_searches: int
    difference: int | None
    difference_percent: float | None
    population: int | None
    published_population: int | None
    population_matches: bool
    rate_per_1000: float | None
    published_rate: float | None
    rate_from_published_counts: float | None  # published count / Parity's population x 1000
    published_rate_reproduced: bool
    ratio: float | None = None  # Parity's ratio to White (groups other than White and All)
    ratio_ci_low: float | None = None
    ratio_ci_high: float | None = None
    published_ratio: float | None = None  # from the published rates
    published_ratio_in_interval: bool | None = None


@dataclass(frozen=True)
class Reconciliation:
    rows: tuple[ReconciledRow, ...]
    notes: tuple[str, ...]

    def row(self, force: str, financial_year: str, group: str) -> ReconciledRow:
        for r in self.rows:
            if (r.force, r.financial_year, r.group.lower()) == (force, financial_year, group.lower()):
                return r
        raise KeyError(f"no reconciled row for {force} {financial_year} {group}")

    def as_dict(self) -> dict[str, Any]:
        return {"rows": [asdict(r) for r in self.rows], "notes": list(self.notes)}


def reconcile(
    figures: Sequence[PublishedFigure], tables: Mapping[tuple[str, str, int | None], RateTable]
) -> Reconciliation:
    """Match each published force row (all legislation) with Parity's table for it.

    `tables` maps (force, financial year, census year) to Parity's table on that census.
    """
    published_white = {(f.force, f.financial_year): f.rate_per_1000 for f in figures if f.group == "White" and f.force}
    rows = []
    for f in figures:
        if f.force is None or f.legislation != "All":
            continue
        table = tables.get((f.force, f.financial_year, f.census_year))
        if table is None:
            continue
        ours = table.total if f.group == "All" else table.group(f.group)
        searches = ours.searches
        diff = None if searches is None else searches - f.searches
        from_counts = 1000 * f.searches / ours.population if ours.population else None
        reproduced = (
            from_counts is not None
            and f.rate_per_1000 is not None
            and abs(from_counts - f.rate_per_1000) <= 1e-6 * f.rate_per_1000
        )
        ratio = published_ratio = None
        inside = None
        white = published_white.get((f.force, f.financial_year))
        if f.group not in {"All", "White"} and ours.ratio is not None and white and f.rate_per_1000 is not None:
            ratio, published_ratio = ours.ratio, f.rate_per_1000 / white
            if ours.ratio_ci_low is not None and ours.ratio_ci_high is not None:
                inside = ours.ratio_ci_low <= published_ratio <= ours.ratio_ci_high
        rows.append(
            ReconciledRow(
                force=f.force,
                force_name=table.context.force_name,
                financial_year=f.financial_year,
                group=f.group,
                census_year=table.context.census_year,
                searches=searches,
                published_searches=f.searches,
                difference=diff,
                difference_percent=None if diff is None or not f.searches else 100 * diff / f.searches,
                population=ours.population,
                published_population=f.population,
                population_matches=ours.population == f.population,
                rate_per_1000=ours.rate_per_1000,
                published_rate=f.rate_per_1000,
                rate_from_published_counts=from_counts,
                published_rate_reproduced=reproduced,
                ratio=ratio,
                ratio_ci_low=ours.ratio_ci_low if ratio is not None else None,
                ratio_ci_high=ours.ratio_ci_high if ratio is not None else None,
                published_ratio=published_ratio,
                published_ratio_in_interval=inside,
            )
        )
    notes = (
        "Parity counts data.police.uk records; the Home Office publishes each force's annual data return. They are "
        "separate extracts of the same searches, taken at different times and by different rules, so the counts "
        "differ; see docs/methodology/reconciliation.md.",
        "Populations must match exactly, and each published rate must follow exactly from the published count and "
        "population; rows where they do not are errors in Parity's denominators.",
    )
    return Reconciliation(tuple(rows), notes)
