"""Rolling 12-month trend and change on the previous year, for one force."""

from __future__ import annotations

from parity.analysis.period import Period
from parity.analysis.rules import Rules
from parity.analysis.trend import Change, Trend, TrendInputs, compare, rolling_trend, window
from parity.powers.coverage import low_volume_months
from parity.powers.statistics.common import (
    NO_POPULATION_FIELDS,
    AnalysisError,
    Filters,
    checked_filters,
    context_for,
    first_day,
    force_info,
    fy_of_month,
    grouping_of,
    held_months,
    period_of,
    populations_for,
    prepare,
    quality_fields,
    rate_note_of,
)
from parity.powers.statistics.rates import linked_tables, stop_search_rates
from parity.warehouse import queries


def stop_search_trend(
    force: str,
    period: str | Period,
    *,
    ethnicity: str = "self",
    reference: str = "White",
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> Trend:
    """Rates and ratios over the 12 months ending in each month of the period."""
    rules = rules or Rules.from_settings()
    basis, chosen, eth = grouping_of(ethnicity, "5+1", reference)
    if any(name in NO_POPULATION_FIELDS for name in filters or {}):
        raise AnalysisError("a trend of rates per 1,000 residents cannot be filtered by age or gender: no population")
    info = force_info(force)
    asked = period_of(period)
    ends = asked.months
    first = window(ends[0])[0]
    span = Period(first_day(first), asked.end, f"{first}..{ends[-1]}", "range")  # what the windows read
    held = held_months([info.slug]).get(info.slug, {})
    prep = prepare(info.slug, span, filters, quality_fields(eth, filters), rules, held=held)
    tally = queries.tally(
        queries.Selection((info.slug,), span.start, asked.end, checked_filters(filters)), [eth, "month"]
    )
    monthly = {(group, month): n for (group, month), n in tally.counts("searches", [eth, "month"]).items()}
    census_of = {end: rules.census_year_for(fy_of_month(end)) for end in ends}
    populations = {}
    for year in set(census_of.values()):
        found, _ = populations_for(year, "5+1", [info.slug])
        if info.slug in found:
            populations[year] = found[info.slug]
    item = TrendInputs(
        context=context_for(prep, None, basis, "5+1", filters),
        scheme=chosen,
        reference=reference,
        monthly=monthly,
        ends=tuple(ends),
        populations=populations,
        census_year_of=census_of,
        held=held,
        low=frozenset(low_volume_months(dict(held))),
        rate_note=rate_note_of(info),
        warnings=prep.quality.field_warnings,  # months missing or low are judged per window
        linked=linked_tables(info.slug, None, (basis, chosen, eth), reference, filters),
    )
    return rolling_trend(item, rules)


def stop_search_change(
    force: str,
    period: str | Period,
    *,
    ethnicity: str = "self",
    reference: str = "White",
    filters: Filters | None = None,
    rules: Rules | None = None,
) -> Change:
    """This period against the same dates a year earlier, on the same census."""
    rules = rules or Rules.from_settings()
    current = stop_search_rates(force, period, ethnicity=ethnicity, reference=reference, filters=filters, rules=rules)
    earlier = period_of(period).shifted_years(-1)
    previous = stop_search_rates(
        force,
        earlier,
        ethnicity=ethnicity,
        reference=reference,
        filters=filters,
        census_year=current.context.census_year,
        rules=rules,
    )
    return compare(current, previous, rules)
