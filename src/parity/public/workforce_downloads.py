"""The workforce tables as CSV rows (`parity.public.downloads.rows_for`), one row a figure.

Each row carries what it is (which table, force, date, worker type, rank, census) so it reads
on its own; suppressed counts are empty with `suppressed` true, as everywhere else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from parity.analysis.representation import Representation
from parity.workforce.figures import ForceWorkforce, HeadcountSeries, NationalRepresentation

Row = dict[str, Any]

COLUMNS = (
    "table", "force", "force_name", "as_at", "census_year", "worker_type", "rank", "stated", "not_stated", "group",
    "group_code", "headcount", "share", "population", "population_share", "representation_ratio", "ratio_ci_low",
    "ratio_ci_high", "interval_method", "people_needed", "suppressed", "warnings",
)  # fmt: skip
HEADCOUNT_COLUMNS = ("force", "force_name", "as_at", "worker_type", "headcount", "fte")
DICTIONARY = {
    "table": "Which figure the row belongs to: officers (the latest year held with every rank), by-rank, "
    "by-worker-type, trend (officers, each year), chief-officer-trend, or national.",
    "as_at": "The date the workforce was counted (31 March), YYYY-MM-DD.",
    "worker_type": "officer, staff, pcso (police community support officers), special (special constables), "
    "designated (designated officers) or volunteer (police support volunteers).",
    "rank": "The rank, for a figure of one rank only; empty for every rank.",
    "stated": "People who stated an ethnicity: the denominator of share. Empty when suppressed.",
    "not_stated": "People who did not state an ethnicity. Empty when suppressed.",
    "headcount": "People (each counted once, whatever their hours). Empty when suppressed.",
    "population_share": "The group's share of the force area's residents at the census, from 0 to 1.",
    "representation_ratio": "share divided by population_share: 1 means the workforce looks like the area.",
    "interval_method": "How the ratio's interval was computed: katz-log, or exact-share below 10 people.",
    "people_needed": "People of the group a workforce of the same size would need in addition (negative: fewer) "
    "to match the group's share of residents.",
    "fte": "Full-time equivalent (police officers only; empty for other worker types).",
}


def representation_rows(table: str, result: Representation) -> list[Row]:
    base = {
        "table": table,
        "force": result.context.force,
        "force_name": result.context.force_name,
        "as_at": result.as_at,
        "census_year": result.context.census_year,
        "worker_type": result.worker_type,
        "rank": result.rank,
        "stated": result.stated,
        "not_stated": result.not_stated,
        "warnings": list(result.warnings),
    }
    return [
        {
            **base,
            "group": g.group,
            "group_code": g.code,
            "headcount": g.headcount,
            "share": g.share,
            "population": g.population,
            "population_share": g.population_share,
            "representation_ratio": g.representation_ratio,
            "ratio_ci_low": g.ratio_ci_low,
            "ratio_ci_high": g.ratio_ci_high,
            "interval_method": g.method,
            "people_needed": g.needed,
            "suppressed": g.suppressed,
            "warnings": [*result.warnings, *g.warnings],
        }
        for g in result.groups
    ]


def workforce_rows(result: ForceWorkforce | NationalRepresentation) -> list[Row]:
    """Every figure of a force's workforce page, or of the national page."""
    if isinstance(result, NationalRepresentation):
        return [row for r in result.forces for row in representation_rows("national", r)]
    parts: list[tuple[str, Representation]] = []
    if result.latest is not None:
        parts.append(("officers", result.latest))
    parts += [("by-rank", r) for r in result.by_rank]
    parts += [("by-worker-type", r) for r in result.by_worker_type]
    parts += [("trend", r) for r in (result.trend.years if result.trend else ())]
    parts += [("chief-officer-trend", r) for r in (result.chief_trend.years if result.chief_trend else ())]
    return [row for table, r in parts for row in representation_rows(table, r)]


def headcount_rows(series: HeadcountSeries) -> list[Row]:
    rows: list[Row] = []
    for i, year in enumerate(series.years):
        for worker, values in series.headcount.items():
            rows.append(
                {
                    "force": series.force,
                    "force_name": series.force_name,
                    "as_at": date(year, 3, 31).isoformat(),
                    "worker_type": worker,
                    "headcount": values[i],
                    "fte": series.officer_fte[i] if worker == "officer" else None,
                }
            )
    return rows
