"""The arrests, stage and disposal tables as CSV rows: the layouts `parity.public.downloads` adds to its own.

Kept apart so the stop-and-search layouts stay readable; `downloads.rows_for(kind, result)` (kind
"arrests", "stages" or "disposals") and the data dictionary include these. Suppressed figures
are already None in the result objects.
"""

from __future__ import annotations

from typing import Any

from parity.analysis.arrests import ArrestRates
from parity.analysis.stages import AGE_LABELS, DisposalSplit, StageTable

Row = dict[str, Any]
HEAD = ("force", "force_name", "period_label", "census_year", "reference_group")
JUSTICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "arrests": (
        *HEAD, "unit", "group", "group_code", "arrests", "population", "rate_per_1000", "rate_ci_low", "rate_ci_high",
        "ratio", "ratio_ci_low", "ratio_ci_high", "ratio_method", "unreliable", "suppressed", "not_reported",
        "warnings",
    ),
    "stages": (
        *HEAD, "stage", "stage_label", "over", "favourable", "group", "group_code", "people", "base", "rate", "index",
        "index_ci_low", "index_ci_high", "index_method", "per_100", "direction", "assessment", "reason", "suppressed",
        "pooled_index", "pooled_ci_low", "pooled_ci_high", "warnings",
    ),
    "disposals": (
        *HEAD, "age", "age_label", "group", "group_code", "out_of_court", "decided", "rate", "index",
        "index_ci_low", "index_ci_high", "index_method", "per_100", "direction", "assessment", "reason", "suppressed",
        "warnings",
    ),
}  # fmt: skip
JUSTICE_DICTIONARY: dict[str, str] = {
    "unit": "What one count is, as the source counts it.",
    "arrests": "Arrests of people in the group. Empty when suppressed.",
    "not_reported": "Arrests whose ethnicity was not stated, left out of every group. Empty when suppressed.",
    "stage": "The stage: search, arrest, charge, out_of_court, prosecution, conviction, remand, custody.",
    "stage_label": "The stage in words.",
    "over": "The stage the rate is taken over: population (residents) or an earlier stage.",
    "favourable": "true where reaching the stage is the better outcome for the person (an out-of-court disposal).",
    "people": "People (or cases) of the group at the stage. Empty when suppressed.",
    "base": "People of the group at the stage before (or residents). Empty when suppressed.",
    "rate": "people / base.",
    "index": "The relative rate index: the group's rate divided by White people's.",
    "index_ci_low": "Lower limit of the 95% interval of the index.",
    "index_ci_high": "Upper limit of the 95% interval of the index.",
    "index_method": "poisson-log-wald or exact-conditional over residents; katz-log over a stage.",
    "per_100": "For every 100 White people at the stage, this many of the group: 100 x the index, rounded.",
    "direction": "What the index means for the group: adverse, favourable or even.",
    "assessment": "flagged, not flagged, not assessable (too few people), or reference.",
    "pooled_index": "The index pooled over offence groups (Mantel-Haenszel), where counts by offence are held.",
    "pooled_ci_low": "Lower limit of the 95% interval of pooled_index (Greenland-Robins).",
    "pooled_ci_high": "Upper limit of the 95% interval of pooled_index.",
    "age": "children (aged 10 to 17) or adults (18 and over).",
    "age_label": "The age group in words.",
    "out_of_court": "Arrests of the group and age that ended in an out-of-court disposal. Empty when suppressed.",
    "decided": "Arrests of the group and age that ended in a charge (or summons) or an out-of-court disposal. "
    "Empty when suppressed.",
}


def _head(force: str, name: str, period: str, census_year: int | None) -> Row:
    return {"force": force, "force_name": name, "period_label": period, "census_year": census_year,
            "reference_group": "White"}  # fmt: skip


def arrest_rows(result: ArrestRates) -> list[Row]:
    c = result.context
    head = _head(c.force, c.force_name, c.period_label, c.census_year)
    warnings = " | ".join(result.warnings)
    return [
        {
            **head, "unit": result.unit, "group": g.group, "group_code": g.code, "arrests": g.count,
            "population": g.population, "rate_per_1000": g.rate_per_1000, "rate_ci_low": g.rate_ci_low,
            "rate_ci_high": g.rate_ci_high, "ratio": g.ratio, "ratio_ci_low": g.ratio_ci_low,
            "ratio_ci_high": g.ratio_ci_high, "ratio_method": g.ratio_method, "unreliable": g.unreliable,
            "suppressed": g.suppressed, "not_reported": result.not_reported, "warnings": warnings,
        }
        for g in result.groups
    ]  # fmt: skip


def stage_rows(table: StageTable) -> list[Row]:
    c = table.context
    head = _head(c.force, c.force_name, c.period_label, c.census_year)
    warnings = " | ".join(table.warnings)
    rows = []
    for row in table.rows:
        for cell in row.cells:
            pooled = cell.pooled
            rows.append(
                {
                    **head, "stage": row.stage, "stage_label": row.label, "over": row.over,
                    "favourable": row.favourable, "group": cell.label, "group_code": cell.group,
                    "people": cell.count, "base": cell.base, "rate": cell.rate, "index": cell.index,
                    "index_ci_low": cell.ci_low, "index_ci_high": cell.ci_high, "index_method": cell.method,
                    "per_100": cell.per_100, "direction": cell.direction, "assessment": cell.assessment,
                    "reason": cell.reason, "suppressed": cell.suppressed,
                    "pooled_index": pooled.index if pooled else None,
                    "pooled_ci_low": pooled.ci_low if pooled else None,
                    "pooled_ci_high": pooled.ci_high if pooled else None, "warnings": warnings,
                }
            )  # fmt: skip
    return rows


def disposal_rows(split: DisposalSplit) -> list[Row]:
    c = split.context
    head = _head(c.force, c.force_name, c.period_label, c.census_year)
    warnings = " | ".join(split.warnings)
    return [
        {
            **head, "age": age, "age_label": AGE_LABELS[age], "group": cell.label, "group_code": cell.group,
            "out_of_court": cell.count, "decided": cell.base, "rate": cell.rate, "index": cell.index,
            "index_ci_low": cell.ci_low, "index_ci_high": cell.ci_high, "index_method": cell.method,
            "per_100": cell.per_100, "direction": cell.direction, "assessment": cell.assessment,
            "reason": cell.reason, "suppressed": cell.suppressed, "warnings": warnings,
        }
        for age, table in split.ages
        for cell in table.rows[0].cells
    ]  # fmt: skip
