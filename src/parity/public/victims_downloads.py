"""The victims' and complaints' quarterly tables as CSV rows, one row a figure.

`parity.public.downloads.rows_for("victims" | "complaints", part)` and the data dictionary
include these. Each row says what it is (force, quarter, which table and measure, group) so
it reads on its own; suppressed figures are already None in the result objects, with
`suppressed` true, and every row says whether the records were made up for the demonstration.
"""

from __future__ import annotations

from typing import Any

from parity.analysis.complaints import ComplaintMeasures
from parity.analysis.victims import GroupDays, ShareMeasure, VictimMeasures
from parity.victims.published import PublishedPart

Row = dict[str, Any]
VICTIMS_COLUMNS = (
    "force", "force_name", "quarter", "period_start", "period_end", "fictional", "table", "measure",
    "measure_label", "group", "group_label", "strand", "assessable", "weighted", "count", "denominator", "share",
    "ci_low", "ci_high", "method", "gap_to_white", "gap_ci_low", "gap_ci_high", "gap_p_value", "gap_test",
    "median_days", "gap_to_white_days", "suppressed", "warnings",
)  # fmt: skip
VICTIMS_DICTIONARY: dict[str, str] = {
    "quarter": "The calendar quarter the figures are for, e.g. 2024-Q3 (July to September 2024).",
    "fictional": "true where the records were made up for the demonstration, not real people.",
    "table": "Which figure: records (the force's contacts with victims), satisfaction (its survey of victims), "
    "days_to_first_update, hate_crime; for complaints, shares or days_to_finalise.",
    "measure_label": "The measure in words.",
    "group_label": "The ethnic group in words; Everyone for the total.",
    "strand": "For hate crime: the strand (race, religion, sexual-orientation, disability, transgender, all).",
    "assessable": "false where too few people are behind the figure to give a share (10 people, 50 survey answers).",
    "weighted": "true where the survey's answers are weighted.",
    "gap_to_white": "The group's share minus White people's share (from -1 to 1).",
    "gap_ci_low": "Lower limit of the 95% interval of gap_to_white (Newcombe).",
    "gap_ci_high": "Upper limit of the 95% interval of gap_to_white.",
    "gap_p_value": "How likely a gap at least this large would be by chance if there were none.",
    "gap_test": "The test behind gap_p_value: fisher-exact, two-proportion-z, or mann-whitney-u for days.",
    "median_days": "The middle number of days (to the first update, or to finalise a complaint).",
    "gap_to_white_days": "The group's median days minus White people's.",
}


def _head(part: PublishedPart) -> Row:
    f = part.figures
    return {
        "force": f.force.slug,
        "force_name": f.force.name,
        "quarter": f.quarter,
        "period_start": f.period.start,
        "period_end": f.period.end,
        "fictional": f.fictional,
    }


def share_rows(head: Row, table: str, measure: ShareMeasure) -> list[Row]:
    rows = []
    for g in (*measure.groups, measure.total):
        data = g.share.as_dict()
        gap = g.gap
        rows.append(
            {
                **head, "table": table, "measure": measure.name, "measure_label": measure.label, "group": g.group,
                "group_label": g.label, "assessable": g.assessable, "weighted": measure.weighted,
                **{k: data[k] for k in ("count", "denominator", "share", "ci_low", "ci_high", "method")},
                "gap_to_white": gap.difference if gap else None, "gap_ci_low": gap.ci_low if gap else None,
                "gap_ci_high": gap.ci_high if gap else None, "gap_p_value": gap.p_value if gap else None,
                "gap_test": gap.test if gap else None, "suppressed": data["suppressed"], "warnings": data["warnings"],
            }
        )  # fmt: skip
    return rows


def days_rows(head: Row, table: str, days: tuple[GroupDays, ...]) -> list[Row]:
    return [
        {
            **head, "table": table, "measure": table, "group": d.group, "group_label": d.label,
            "assessable": d.assessable, "count": d.victims, "median_days": d.median, "ci_low": d.ci_low,
            "ci_high": d.ci_high, "method": "order-statistic" if d.assessable else None,
            "gap_to_white_days": d.gap_days, "gap_p_value": d.p_value,
            "gap_test": "mann-whitney-u" if d.p_value is not None else None, "suppressed": d.suppressed,
        }
        for d in days
    ]  # fmt: skip


def victims_rows(part: PublishedPart) -> list[Row]:
    """Every figure of a force's victims for a quarter: records, days, satisfaction, hate crime."""
    head = _head(part)
    result = part.result
    assert isinstance(result, VictimMeasures)
    rows = [row for m in result.records for row in share_rows(head, "records", m)]
    rows += days_rows(head, "days_to_first_update", result.days_to_first_update)
    rows += [row for m in result.satisfaction for row in share_rows(head, "satisfaction", m)]
    for h in result.hate:
        hate = {**head, "table": "hate_crime", "strand": h.strand}
        rows.append({**hate, "measure": "crimes", "count": h.crimes, "suppressed": h.crimes is None})
        rows += [
            {**hate, "measure": f"outcome_{outcome}", "count": count, "suppressed": count is None}
            for outcome, count in h.outcomes
        ]
        charged = h.charged.as_dict()
        rows.append(
            {
                **hate, "measure": "charged_share_of_finalised", "assessable": charged["share"] is not None,
                **{k: charged[k] for k in ("count", "denominator", "share", "ci_low", "ci_high", "method")},
                "suppressed": charged["suppressed"], "warnings": charged["warnings"],
            }
        )  # fmt: skip
    return rows


def complaints_rows(part: PublishedPart) -> list[Row]:
    """Every figure of a force's complaints for a quarter, by the complainant's ethnic group."""
    head = _head(part)
    result = part.result
    assert isinstance(result, ComplaintMeasures)
    rows = [row for m in result.shares for row in share_rows(head, "shares", m)]
    return rows + days_rows(head, "days_to_finalise", result.days_to_finalise)
