"""The England and Wales series as CSV rows: one row a year, source and group.

`downloads.rows_for("national", series)` and the data dictionary include these. Parity's
figures are its result objects' (suppressed figures already None); the published figures are
as the Home Office printed them.
"""

from __future__ import annotations

from typing import Any

from parity.analysis.national import GROUPS, NationalSeries

Row = dict[str, Any]
LABELS = {"all": "All", "asian": "Asian", "black": "Black", "mixed": "Mixed", "white": "White", "other": "Other"}
NATIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "national": (
        "period_label", "source", "coverage", "forces", "census_year", "group", "group_code", "searches",
        "population", "rate_per_1000", "rate_ci_low", "rate_ci_high", "ratio", "ratio_ci_low", "ratio_ci_high",
        "suppressed", "warnings",
    ),
}  # fmt: skip
NATIONAL_DICTIONARY: dict[str, str] = {
    "source": "published (the Home Office's figure, as printed in Ethnicity facts and figures) or parity "
    "(Parity's own, from the forces it holds for the whole year).",
    "coverage": "Which forces the figure counts: all 43 for the published series, else how many of the 43 "
    "Parity holds for the whole year.",
    "forces": "The forces Parity's figure counts, by name; empty for the published series (all 43).",
}


def national_rows(series: NationalSeries) -> list[Row]:
    rows: list[Row] = []
    for year in series.years:
        published = series.published_for(year)
        if published is not None:
            for code in GROUPS:
                figure = published.groups.get(code)
                if figure is None:
                    continue
                rows.append(
                    {
                        "period_label": year,
                        "source": "published",
                        "coverage": "43 of 43 forces",
                        "census_year": published.census_year,
                        "group": LABELS[code],
                        "group_code": code,
                        **figure.as_dict(),
                        "ratio": published.ratio(code) if code != "all" else None,
                    }
                )
        ours = series.parity_for(year)
        if ours is not None:
            for g in (ours.table.total, *ours.table.groups):
                data = g.as_dict()
                rows.append(
                    {
                        "period_label": year,
                        "source": "parity",
                        "coverage": ours.coverage,
                        "forces": list(ours.forces),
                        "census_year": ours.table.context.census_year,
                        **data,
                        "group_code": data["code"],
                        "warnings": [*data["warnings"], *ours.table.warnings],
                    }
                )
    return rows
