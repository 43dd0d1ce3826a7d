"""Every published table as CSV (and JSON), flattened from the same result objects.

JSON is the result's `as_dict()`, exactly what the API returns. CSV is one row per figure,
each row carrying its context (force, period, census year, ethnicity basis, reference
group, filters) so a row read on its own still says what it is. Suppressed counts are
already None inside the objects: they are written as empty cells with `suppressed` true,
never as 0. Numbers are unrounded. The data dictionary below describes every column, and a
test checks that every column written is described.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from parity import safe_csv
from parity.analysis.outcomes import OutcomesByObject, OutcomeTest
from parity.analysis.rates import GroupRate, RateTable
from parity.analysis.results import Context, Proportion
from parity.analysis.strip_search import AGE_LABELS, StripSearches
from parity.analysis.trend import CHANGE_FIELDS, Change, Trend
from parity.analysis.use_of_force import UseOfForceRates, UseOfForceShares
from parity.public.compare import Comparison
from parity.public.figures import ForceHeld
from parity.public.justice_downloads import (
    JUSTICE_COLUMNS,
    JUSTICE_DICTIONARY,
    arrest_rows,
    disposal_rows,
    stage_rows,
)
from parity.public.national_downloads import NATIONAL_COLUMNS, NATIONAL_DICTIONARY, national_rows
from parity.public.participation_downloads import (
    PARTICIPATION_COLUMNS,
    PARTICIPATION_DICTIONARY,
    participation_rows,
)
from parity.public.victims_downloads import VICTIMS_COLUMNS, VICTIMS_DICTIONARY, complaints_rows, victims_rows
from parity.public.workforce_downloads import COLUMNS as WORKFORCE_COLUMNS
from parity.public.workforce_downloads import DICTIONARY as WORKFORCE_DICTIONARY
from parity.public.workforce_downloads import HEADCOUNT_COLUMNS, headcount_rows, workforce_rows

Row = dict[str, Any]


def _csv_name(field: str) -> str:
    """A result's field as its CSV column: `code` is `group_code`, beside the context's codes."""
    return "group_code" if field == "code" else field


CONTEXT = (
    "force",
    "force_name",
    "period_start",
    "period_end",
    "period_label",
    "census_year",
    "ethnicity",
    "classification",
    "filters",
    "reference_group",
)
RATE = (
    "breakdown",
    "section",
    "section_label",
    "group",
    "group_code",
    "searches",
    "population",
    "rate_per_1000",
    "rate_ci_low",
    "rate_ci_high",
    "share_of_stated",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "ratio_method",
    "p_value",
    "reference",
    "unreliable",
    "suppressed",
    "warnings",
)
PROPORTION = (
    "count",
    "denominator",
    "share",
    "ci_low",
    "ci_high",
    "method",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "unreliable",
    "suppressed",
    "warnings",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "rates": (*CONTEXT, *RATE),
    "outcomes": (*CONTEXT, "group", "group_code", "searches", "measure", *PROPORTION),
    "objects": (*CONTEXT, "object", "object_label", "group", "group_code", "searches", "measure", *PROPORTION),
    "strip-searches": (
        *CONTEXT,
        "group",
        "group_code",
        "age",
        *PROPORTION,
        "strip_searches_per_1000",
        "per_1000_ratio",
        "per_1000_ratio_ci_low",
        "per_1000_ratio_ci_high",
    ),
    "trend": (*CONTEXT, "window_end", "window_start_date", "window_end_date", "window_census_year", *RATE),
    "change": (
        *CONTEXT,
        "previous_period_start",
        "previous_period_end",
        *(_csv_name(name) for name in CHANGE_FIELDS),
        "warnings",
    ),
    "compare": (
        "measure",
        "group",
        "reference_group",
        "period_label",
        "ethnicity",
        "filters",
        "average",
        "force",
        "force_name",
        "value",
        "ci_low",
        "ci_high",
        "searches",
        "expected_at_average",
        "against_average",
        "unreliable",
        "reason",
    ),
    "use-of-force": (
        *CONTEXT,
        "unit",
        "group",
        "count",
        "population",
        "rate_per_1000",
        "rate_ci_low",
        "rate_ci_high",
        "ratio",
        "ratio_ci_low",
        "ratio_ci_high",
        "ratio_method",
        "unreliable",
        "suppressed",
        "not_reported",
        "warnings",
    ),
    "use-of-force-shares": (*CONTEXT, "measure", "measure_label", "caveat", "group", *PROPORTION),
    "forces": (
        "force",
        "force_name",
        "records",
        "first_month",
        "last_month",
        "months_held",
        "months_missing",
        "low_volume_months",
        "latest_complete_year",
        "warnings",
    ),
    **JUSTICE_COLUMNS,
    **NATIONAL_COLUMNS,
}
COLUMNS["workforce"] = WORKFORCE_COLUMNS
COLUMNS["workforce-headcount"] = HEADCOUNT_COLUMNS
COLUMNS["victims"] = COLUMNS["complaints"] = VICTIMS_COLUMNS
COLUMNS["participation"] = PARTICIPATION_COLUMNS
# Which CSV layout each published table uses.
KIND = {
    "rates": "rates",
    "legislation": "rates",
    "powers": "rates",
    "age": "rates",
    "gender": "rates",
    "all-forces": "rates",
    "outcomes": "outcomes",
    "objects": "objects",
    "strip-searches": "strip-searches",
    "trend": "trend",
    "change": "change",
    "compare": "compare",
    "forces": "forces",
    "use-of-force-rates": "use-of-force",
    "use-of-force-records": "use-of-force",
    "use-of-force-all-forces": "use-of-force",
    "use-of-force-shares": "use-of-force-shares",
    "workforce": "workforce",
    "workforce-headcount": "workforce-headcount",
    "arrests": "arrests",
    "stages": "stages",
    "victims": "victims",
    "complaints": "complaints",
    "disposals": "disposals",
    "participation": "participation",
}

DICTIONARY: dict[str, str] = {
    "force": "The force's data.police.uk identifier, e.g. avon-and-somerset.",
    "force_name": "The force's name.",
    "period_start": "First day of the period (London dates), YYYY-MM-DD.",
    "period_end": "Last day of the period, YYYY-MM-DD, inclusive.",
    "period_label": "The period as asked for: 2020/21 is April 2020 to March 2021.",
    "census_year": "The census whose residents are the denominators (2011 or 2021); empty where no rate is given.",
    "ethnicity": "self-defined (how the person searched describes themselves; the Home Office basis) or "
    "officer-defined (the officer's perception).",
    "classification": "5+1: the five broad groups, with not stated counted separately.",
    "filters": "Filters applied to the records, as field=code pairs separated by semicolons; empty for all searches.",
    "reference_group": "The group other groups are compared with.",
    "breakdown": "What the table is broken down by (legislation, power, age, gender); empty for the whole period.",
    "section": "The code of the breakdown's value (e.g. s60, 18-24); empty for the whole period.",
    "section_label": "The breakdown's value in words; 'All' for the whole period.",
    "group": "The ethnic group; 'All' is every search, stated ethnicity or not.",
    "group_code": "The group's code: asian, black, mixed, other, white, all.",
    "searches": "Person searches (vehicle-only searches excluded). Empty when suppressed.",
    "population": "Usual residents of the group in the force area at the census. Empty where none is held.",
    "rate_per_1000": "Searches per 1,000 residents of the group. Empty where no rate can be given (see warnings).",
    "rate_ci_low": "Lower limit of the 95% interval of the rate (Byar; exact below 10 searches).",
    "rate_ci_high": "Upper limit of the 95% interval of the rate.",
    "share_of_stated": "The group's share of searches whose ethnicity was stated, from 0 to 1.",
    "ratio": "The group's unrounded rate divided by the reference group's: how many times as likely to be searched.",
    "ratio_ci_low": "Lower limit of the 95% interval of the ratio.",
    "ratio_ci_high": "Upper limit of the 95% interval of the ratio.",
    "ratio_method": "How the ratio's interval was computed: poisson-log-wald, exact-conditional, or katz-log.",
    "p_value": "Two-sided p-value for 'no difference from the reference group'.",
    "reference": "true for the reference group's row.",
    "unreliable": "true when fewer than 20 events lie behind the figure: treat it with caution.",
    "suppressed": "true when the count is not published, to protect the few people involved.",
    "warnings": "Data-quality warnings and reasons a figure is missing, separated by ' | '.",
    "measure": "find (outcome linked to the object of search), arrest, or no_further_action; for comparisons, "
    "ratio or rate.",
    "count": "Searches with this outcome (or strip searches). Empty when suppressed.",
    "denominator": "Searches the share is taken of (where the outcome or field was recorded).",
    "share": "count / denominator, from 0 to 1.",
    "ci_low": "Lower limit of the 95% interval (Wilson; Clopper-Pearson for small counts).",
    "ci_high": "Upper limit of the 95% interval.",
    "method": "The interval's method: wilson or clopper-pearson.",
    "object": "The object of search's code (drugs, offensive-weapons, stolen-goods ...); empty where not recorded.",
    "object_label": "What officers searched for, in words.",
    "age": "Age band; 'Children (under 18)' sums under 10 and 10 to 17; 'All ages' is every age.",
    "strip_searches_per_1000": "Strip searches per 1,000 residents of the group (all ages rows only).",
    "per_1000_ratio": "Strip searches per 1,000 residents, divided by the reference group's.",
    "per_1000_ratio_ci_low": "Lower limit of the 95% interval of per_1000_ratio.",
    "per_1000_ratio_ci_high": "Upper limit of the 95% interval of per_1000_ratio.",
    "window_end": "The last month of the rolling 12-month window, YYYY-MM.",
    "window_start_date": "First day of the 12-month window.",
    "window_end_date": "Last day of the 12-month window.",
    "window_census_year": "The census used for this window.",
    "previous_period_start": "First day of the same dates a year earlier.",
    "previous_period_end": "Last day of the same dates a year earlier.",
    "searches_before": "Searches in the previous period.",
    "rate_before": "Rate per 1,000 in the previous period, on the same census as the current one.",
    "rate_change": "Rate now divided by rate before: 1.10 is a rise of 10%.",
    "rate_change_ci_low": "Lower limit of the 95% interval of rate_change.",
    "rate_change_ci_high": "Upper limit of the 95% interval of rate_change.",
    "rate_change_method": "How the interval of rate_change was computed.",
    "ratio_before": "The disproportionality ratio in the previous period.",
    "ratio_change": "Ratio now divided by ratio before.",
    "ratio_change_ci_low": "Lower limit of the 95% interval of ratio_change.",
    "ratio_change_ci_high": "Upper limit of the 95% interval of ratio_change.",
    "average": "The pooled value of the forces with a figure: their searches over the searches expected.",
    "value": "The force's value of the measure.",
    "expected_at_average": "Searches the force would have had at the average (the funnel plot's x axis).",
    "against_average": "Where the force falls against the funnel plot's 95% and 99.8% limits.",
    "reason": "Why the force has no value.",
    "records": "Stop-and-search records held for the force.",
    "first_month": "First month held, YYYY-MM.",
    "last_month": "Last month held, YYYY-MM.",
    "months_held": "Number of months held.",
    "months_missing": "Months not published between the first and last, separated by spaces.",
    "low_volume_months": "Months held with far fewer records than those around them, separated by spaces.",
    "latest_complete_year": "The latest financial year with all twelve months held, empty if there is none. "
    "The force's figures open on this year; with no complete year, on its latest twelve months all held, "
    "else its latest complete quarter, else its latest month.",
    "unit": "What a use-of-force count counts: tactics (the Home Office table: each use of a tactic) or reports "
    "(a force's records: one officer's use of force on one person). Neither is a count of people.",
    "not_reported": "Uses of force where the person's perceived ethnicity was not reported. Empty when suppressed.",
    "measure_label": "What the share is of, in words (a tactic, a child, an injury).",
    "caveat": "What the share's denominator is.",
    **WORKFORCE_DICTIONARY,
    **JUSTICE_DICTIONARY,
    **VICTIMS_DICTIONARY,
    **PARTICIPATION_DICTIONARY,
    **NATIONAL_DICTIONARY,
}


def _context(context: Context, reference: str | None) -> Row:
    return {
        "force": context.force,
        "force_name": context.force_name,
        "period_start": context.period_start,
        "period_end": context.period_end,
        "period_label": context.period_label,
        "census_year": context.census_year,
        "ethnicity": context.ethnicity,
        "classification": context.classification,
        "filters": ";".join(f"{k}={v}" for k, v in context.filters),
        "reference_group": reference,
    }


def _rate(g: GroupRate, breakdown: str | None, section: str | None, label: str) -> Row:
    return {
        "breakdown": breakdown,
        "section": section,
        "section_label": label,
        "group": g.group,
        "group_code": g.code,
        "searches": g.searches,
        "population": g.population,
        "rate_per_1000": g.rate_per_1000,
        "rate_ci_low": g.rate_ci_low,
        "rate_ci_high": g.rate_ci_high,
        "share_of_stated": g.share_of_stated,
        "ratio": g.ratio,
        "ratio_ci_low": g.ratio_ci_low,
        "ratio_ci_high": g.ratio_ci_high,
        "ratio_method": g.ratio_method,
        "p_value": g.p_value,
        "reference": g.reference,
        "unreliable": g.unreliable,
        "suppressed": g.suppressed,
        "warnings": list(g.warnings),
    }


def rate_rows(table: RateTable) -> list[Row]:
    head = _context(table.context, table.reference_group)
    rows = [{**head, **_rate(g, table.breakdown, None, "All")} for g in (*table.groups, table.total)]
    for section in table.sections:
        rows += [
            {**head, **_rate(g, table.breakdown, section.key, section.label)} for g in (*section.groups, section.total)
        ]
    return rows


def _proportion(p: Proportion | None) -> Row:
    if p is None:
        return dict.fromkeys(PROPORTION)
    data = p.as_dict()
    return {name: data[name] for name in PROPORTION}


def outcome_rows(result: OutcomeTest) -> list[Row]:
    head = _context(result.context, result.reference_group)
    rows = []
    for g in (*result.groups, result.total):
        for measure in ("find", "arrest", "no_further_action"):
            rows.append(
                {
                    **head,
                    "group": g.group,
                    "group_code": g.code,
                    "searches": g.searches,
                    "measure": measure,
                    **_proportion(getattr(g, measure)),
                }
            )
    return rows


def object_rows(result: OutcomesByObject) -> list[Row]:
    """Each object's outcome rows, the object first."""
    rows = []
    for found in result.objects:
        own = {"object": found.code, "object_label": found.label}
        rows += [{**row, **own} for row in outcome_rows(found.outcomes)]
    return rows


def strip_rows(result: StripSearches) -> list[Row]:
    head = _context(result.context, result.reference_group)
    rows = []
    for g in (*result.groups, result.total):
        ages: list[tuple[str | None, Proportion]] = [("all", g.all_ages), ("under-18", g.children), *g.by_age]
        for age, p in ages:
            whole = age == "all"
            rows.append(
                {
                    **head,
                    "group": g.group,
                    "group_code": g.code,
                    "age": AGE_LABELS[age],
                    **_proportion(p),
                    "strip_searches_per_1000": g.per_1000 if whole else None,
                    "per_1000_ratio": g.per_1000_ratio if whole else None,
                    "per_1000_ratio_ci_low": g.per_1000_ratio_ci_low if whole else None,
                    "per_1000_ratio_ci_high": g.per_1000_ratio_ci_high if whole else None,
                }
            )
    return rows


def trend_rows(result: Trend) -> list[Row]:
    head = _context(result.context, result.reference_group)
    rows = []
    for point in result.points:
        ctx = point.table.context
        window = {
            "window_end": point.month,
            "window_start_date": ctx.period_start,
            "window_end_date": ctx.period_end,
            "window_census_year": ctx.census_year,
        }
        for g in (*point.table.groups, point.table.total):
            rows.append({**head, **window, **_rate(g, None, None, "All")})
    return rows


def change_rows(result: Change) -> list[Row]:
    head = _context(result.current.context, result.current.reference_group)
    previous = {
        "previous_period_start": result.previous.context.period_start,
        "previous_period_end": result.previous.context.period_end,
    }
    rows = []
    for g in (*result.groups, result.total):
        data = g.as_dict()
        data = {_csv_name(name): value for name, value in data.items()}
        data.pop("statement")
        rows.append({**head, **previous, **data})
    return rows


def compare_rows(result: Comparison) -> list[Row]:
    head = {
        "measure": result.measure,
        "group": result.group,
        "reference_group": result.choice.reference if result.measure == "ratio" else None,
        "period_label": result.choice.period,
        "ethnicity": "officer-defined" if result.choice.ethnicity == "officer" else "self-defined",
        "filters": ";".join(f"{k}={v}" for k, v in result.choice.filters.items()),
        "average": result.average,
    }
    return [{**head, **f.as_dict()} for f in result.forces]


def force_rows(forces: Sequence[ForceHeld]) -> list[Row]:
    rows = []
    for f in forces:
        missing = [m for first, last in f.gaps for m in _span(first, last)]
        rows.append(
            {
                "force": f.slug,
                "force_name": f.name,
                "records": f.records,
                "first_month": f.first,
                "last_month": f.last,
                "months_held": len(f.months),
                "months_missing": " ".join(missing),
                "low_volume_months": " ".join(f.low_volume),
                "latest_complete_year": f.latest_complete,
                "warnings": list(f.warnings),
            }
        )
    return rows


def _span(first: str, last: str) -> list[str]:
    from parity.powers.coverage import month_range

    return month_range(first, last)


def use_of_force_rows(result: UseOfForceRates | list[UseOfForceRates]) -> list[Row]:
    rows = []
    for item in result if isinstance(result, list) else [result]:
        head = _context(item.context, "White")
        data = item.as_dict()
        for g in data["groups"]:
            rows.append(
                {
                    **head,
                    "unit": item.unit,
                    **{k: g[k] for k in COLUMNS["use-of-force"] if k in g},
                    "not_reported": item.not_reported,
                    "warnings": [*g["warnings"], *item.warnings],
                }
            )
    return rows


def use_of_force_share_rows(result: UseOfForceShares) -> list[Row]:
    head = _context(result.context, "White")
    return [
        {**head, "measure": row.key, "measure_label": row.label, "caveat": row.caveat, "group": name, **_proportion(p)}
        for row in result.rows
        for name, p in row.groups
    ]


def rows_for(kind: str, result: Any) -> list[Row]:
    if kind == "rates":
        tables = result if isinstance(result, list) else [result]
        return [row for t in tables for row in rate_rows(t)]
    makers: dict[str, Callable[[Any], list[Row]]] = {
        "outcomes": outcome_rows,
        "objects": object_rows,
        "strip-searches": strip_rows,
        "trend": trend_rows,
        "change": change_rows,
        "compare": compare_rows,
        "forces": force_rows,
        "use-of-force": use_of_force_rows,
        "use-of-force-shares": use_of_force_share_rows,
        "workforce": workforce_rows,
        "workforce-headcount": headcount_rows,
        "arrests": arrest_rows,
        "stages": stage_rows,
        "victims": victims_rows,
        "complaints": complaints_rows,
        "disposals": disposal_rows,
        "participation": participation_rows,
        "national": national_rows,
    }
    rows: list[Row] = makers[kind](result)
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    return str(value)


def to_csv(kind: str, rows: Iterable[Row]) -> str:
    columns = COLUMNS[kind]
    out = io.StringIO()
    writer = safe_csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return out.getvalue()
