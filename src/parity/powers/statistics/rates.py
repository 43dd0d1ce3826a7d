"""Rates per 1,000 residents and disproportionality ratios, for one force or every force."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.conf import settings

from parity.analysis.grid import every_period, on_grid
from parity.analysis.groups import Basis, Scheme, scheme
from parity.analysis.period import Period
from parity.analysis.quality import QualityInputs, assess
from parity.analysis.rates import Breakdown, RateInput, RateTable, SectionKey, build_rate_tables
from parity.analysis.results import Context, Exclusion
from parity.analysis.rules import Rules
from parity.powers.coverage import low_volume_months
from parity.powers.statistics.common import (
    FIELD_QUALITY_NAME,
    NO_POPULATION_FIELDS,
    AnalysisError,
    Filters,
    census_year_for,
    checked_filters,
    context_for,
    first_day,
    force_info,
    grouping_of,
    held_months,
    missing_population_reasons,
    populations_for,
    prepare,
    protected_exclusions,
    quality_fields,
    rate_note_of,
)
from parity.reference import vocab
from parity.reference.calendar import financial_year_months
from parity.reference.forces import force_by_slug
from parity.warehouse import queries

BREAKDOWNS = ("ethnicity", "legislation", "power", "object", "age", "gender", "month")
POWER_LABELS = {
    "s1": "Section 1 PACE and associated legislation",
    "s60": "Section 60, Criminal Justice and Public Order Act 1994",
    "s47a": "Section 47A, Terrorism Act 2000",
    "other": "Other powers",
}
VEHICLE_ONLY = "Vehicle-only searches (no person searched; the Home Office leaves them out)"
TYPE_UNKNOWN = "Search type not recorded, so not known to be a search of a person"
STRATA = "object"  # unknown ethnicity is shared out within each object of search ("reason for search")


def excluded_searches(vehicle_only: int, type_unknown: int, rules: Rules) -> tuple[Exclusion, ...]:
    """Searches outside every table of searches of people, small counts hidden."""
    return protected_exclusions([(VEHICLE_ONLY, vehicle_only), (TYPE_UNKNOWN, type_unknown)], rules)


def stop_search_rates(
    force: str,
    period: str | Period,
    *,
    by: str | None = None,
    ethnicity: str = "self",
    classification: str = "5+1",
    reference: str = "White",
    filters: Filters | None = None,
    census_year: int | None = None,
    rules: Rules | None = None,
) -> RateTable:
    """Searches per 1,000 residents by ethnic group and the ratio to a reference group.

    `by` breaks the table down by legislation, power, object, age, gender or month;
    `filters` (e.g. {"gender": "male", "age": "18-24"}) narrow the records. Raises
    AnalysisError for a request that cannot be made, NoRecords when nothing is held.
    """
    rules = rules or Rules.from_settings()
    basis, chosen, eth = grouping_of(ethnicity, classification, reference)
    by = None if by in (None, "ethnicity") else by
    if by is not None and by not in BREAKDOWNS:
        raise AnalysisError(f"cannot break down by {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    own = [FIELD_QUALITY_NAME[by]] if by in FIELD_QUALITY_NAME else []
    prep = prepare(force, period, filters, quality_fields(eth, filters, *own), rules)
    warnings = list(prep.quality.warnings)
    year = census_year_for(prep.period, census_year, rules, warnings)
    found, population_problem = populations_for(year, chosen.classification, [prep.force.slug])
    dims = [eth, *([by] if by else []), *([STRATA] if by != STRATA else [])]
    tally = queries.tally(prep.selection, dims, ("searches", "vehicle_only", "type_unknown"))
    counts = tally.counts("searches", [eth, by] if by else [eth])
    grid = {(k[0], k[1] if by else None): n for k, n in counts.items()}
    unpopulated = [NO_POPULATION_FIELDS[name] for name in (filters or {}) if name in NO_POPULATION_FIELDS]
    no_rate = (
        prep.quality.no_rate_reason or population_problem or (_no_population(unpopulated) if unpopulated else None)
    )
    item = RateInput(
        context=context_for(prep, year, basis, chosen.classification, filters),
        scheme=chosen,
        reference=reference,
        counts=grid,
        populations=found.get(prep.force.slug),
        breakdown=breakdown_for(by, {k[1] for k in grid}, prep.period) if by else None,
        no_rate_reason=no_rate,
        exclusions=excluded_searches(tally.total("vehicle_only"), tally.total("type_unknown"), rules),
        warnings=tuple(warnings),
        strata=tally.counts("searches", [eth, STRATA]),
        missing_population_reasons=missing_population_reasons(year, chosen.classification),
        section_no_rate_reason=_no_population([NO_POPULATION_FIELDS[by]]) if by in NO_POPULATION_FIELDS else None,
    )
    if not on_grid(prep.period):  # an analyst's own period: never published, so protected alone
        return build_rate_tables([item], rules)[0]
    family = linked_tables(prep.force.slug, by, (basis, chosen, eth), reference, filters)
    return build_rate_tables([item], rules, linked=family)[0]


def linked_tables(
    force: str,
    by: str | None,
    grouping: tuple[Basis, Scheme, str],
    reference: str,
    filters: Filters | None,
) -> tuple[RateInput, ...]:
    """The counts of every period on the public grid for one force and one shape of table,
    from one query by month: what a table's protection must hold against (a reader can ask
    for any of them, and subtract). A by-month table is made of the months' own tables, so
    it is linked to the tables with no breakdown. Only counts: nothing else is worked out.
    None while PARITY_PROTECT_ACROSS_PERIODS is off (decision 10): each table is protected alone."""
    if not settings.PROTECT_ACROSS_PERIODS:
        return ()
    basis, chosen, eth = grouping
    shape = None if by in (None, "month") else by
    info = force_info(force)
    dims = [eth, *([shape] if shape else []), "month"]
    selection = queries.Selection((info.slug,), filters=checked_filters(filters))
    monthly = queries.tally(selection, dims).counts("searches", dims)
    months = {str(k[-1]) for k in monthly} | set(held_months([info.slug]).get(info.slug, {}))
    filtered = tuple((name, ",".join(codes)) for name, codes in checked_filters(filters))
    family = []
    for period in every_period(months):
        inside = set(period.months)
        counts: dict[tuple[str | None, str | None], int] = {}
        for key, n in monthly.items():
            if key[-1] in inside:
                cell = (key[0], key[1] if shape else None)
                counts[cell] = counts.get(cell, 0) + n
        context = Context(
            info.slug,
            info.name,
            period.start.isoformat(),
            period.end.isoformat(),
            period.label,
            None,
            basis,
            chosen.classification,
            filtered,
        )
        breakdown = breakdown_for(shape, {k[1] for k in counts}, period) if shape else None
        family.append(RateInput(context, chosen, reference, counts, None, breakdown))
    return tuple(family)


def _no_population(fields: Sequence[str]) -> str:
    what = " and ".join(fields)
    return (
        f"No rates per 1,000 residents by {what}: that needs census populations of each ethnic group by {what}, "
        "which Parity does not hold, so counts and shares of searches are given instead."
    )


def breakdown_for(by: str, present: Iterable[SectionKey], period: Period) -> Breakdown:
    """The sections of a breakdown in their natural order, all present values included."""
    keys = set(present)
    labels: dict[str, str]
    if by == "month":
        return Breakdown("month", "Month", tuple((m, m) for m in period.months))
    if by == "legislation":
        labels = {code: t.label for code, t in vocab.LEGISLATION_BY_CODE.items()}
    elif by == "power":
        labels = POWER_LABELS
    elif by == "object":
        labels = {code: t.label for code, t in vocab.OBJECT_BY_CODE.items()}
    elif by == "age":
        labels = {t.code: t.label for t in vocab.AGE_BANDS.values()}
        keys |= set(labels)
    elif by == "gender":
        labels = {t.code: t.label for t in vocab.GENDERS.values()}
        keys |= set(labels)
    else:
        raise AnalysisError(f"cannot break down by {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    ordered: list[tuple[SectionKey, str]] = [(k, v) for k, v in labels.items() if k in keys]
    ordered += [(k, k) for k in sorted(k for k in keys if k is not None and k not in labels)]
    if None in keys:
        ordered.append((None, "Not recorded"))
    return Breakdown(by, by.capitalize(), tuple(ordered))


def full_table(
    *,
    forces: Sequence[str] = (),
    financial_years: Sequence[str] = (),
    rules: Rules | None = None,
    held: Mapping[str, Mapping[str, int]] | None = None,
) -> list[RateTable]:
    """Every force x financial year x ethnic group x legislation, in one query and one pass.

    Self-defined 5+1 groups against White, each table broken down by legislation, with
    intervals, protection and data-quality warnings. `held` (force -> month -> records)
    defaults to the database's record of files held.
    """
    rules = rules or Rules.from_settings()
    selection = queries.Selection(tuple(forces))
    if financial_years:
        firsts = sorted(financial_year_months(fy)[0] for fy in financial_years)
        lasts = sorted(financial_year_months(fy)[-1] for fy in financial_years)
        selection = queries.Selection(tuple(forces), first_day(firsts[0]), _last_day(lasts[-1]))
    dims = ["force", "financial_year", "sde_group", "legislation"]
    tally = queries.tally(selection, dims, ("searches", "vehicle_only", "type_unknown"))
    held = held if held is not None else held_months(forces or None)
    cells: dict[tuple[str, str], dict[tuple[str | None, str | None], int]] = {}
    others: dict[tuple[str, str], list[int]] = {}
    for force, fy, group, legislation, searches, vehicle, unknown in tally.rows:
        if financial_years and fy not in financial_years:
            continue
        cells.setdefault((force, fy), {})[(group, legislation)] = int(searches)
        extra = others.setdefault((force, fy), [0, 0])
        extra[0] += int(vehicle)
        extra[1] += int(unknown)
    years = {rules.census_year_for(fy) for _, fy in cells}
    pops = {y: populations_for(y, "5+1", sorted({f for f, _ in cells})) for y in years}
    chosen = scheme("self-defined", "5+1")
    inputs = [
        _national_input(
            force,
            fy=fy,
            counts=counts,
            other=others[(force, fy)],
            held=held.get(force, {}),
            pops=pops,
            chosen=chosen,
            rules=rules,
        )
        for (force, fy), counts in sorted(cells.items())
    ]
    grouping: tuple[Basis, Scheme, str] = ("self-defined", chosen, "sde_group")
    family = [
        t
        for force in sorted({f for f, _ in cells})
        for t in linked_tables(force, "legislation", grouping, "White", None)
    ]
    return build_rate_tables(inputs, rules, linked=family)


def _national_input(
    force: str,
    *,
    fy: str,
    counts: Mapping[tuple[str | None, str | None], int],
    other: list[int],
    held: Mapping[str, int],
    pops: Mapping[int, tuple[dict[str, dict[str, int]], str | None]],
    chosen: Scheme,
    rules: Rules,
) -> RateInput:
    info = force_by_slug(force)
    months = financial_year_months(fy)
    searches = sum(counts.values())
    blanks = {
        "self-defined ethnicity": sum(n for (g, _), n in counts.items() if g is None),
        "legislation": sum(n for (_, leg), n in counts.items() if leg is None),
    }
    quality = assess(
        QualityInputs(
            info.name,
            fy,
            tuple(months),
            held,
            frozenset(low_volume_months(dict(held))),
            searches,
            blanks,
            ("self-defined ethnicity", "legislation"),
            rate_note_of(info),
        ),
        rules,
    )
    year = rules.census_year_for(fy)
    found, problem = pops[year]
    context = Context(
        force, info.name, f"{months[0]}-01", _last_day(months[-1]).isoformat(), fy, year, "self-defined", "5+1"
    )
    return RateInput(
        context=context,
        scheme=chosen,
        reference="White",
        counts=counts,
        populations=found.get(force),
        breakdown=breakdown_for("legislation", {leg for _, leg in counts}, _fy_period(fy)),
        no_rate_reason=quality.no_rate_reason or problem,
        exclusions=excluded_searches(other[0], other[1], rules),
        warnings=quality.warnings,
    )


def _last_day(month: str) -> date:
    from calendar import monthrange

    year, m = int(month[:4]), int(month[5:])
    return date(year, m, monthrange(year, m)[1])


def _fy_period(fy: str) -> Period:
    months = financial_year_months(fy)
    return Period(first_day(months[0]), _last_day(months[-1]), fy, "financial-year")
