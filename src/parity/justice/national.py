"""England and Wales: Parity's figure from the forces held, and the published series beside it.

The glue: counts from the warehouse and census populations for the forces held for a whole
financial year, protected by `parity.analysis.rates.build_sum_table` against the forces' own
published tables; the Home Office's series as imported (`PublishedSearch`); both handed to
`parity.analysis.national` result objects.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from parity.analysis.groups import scheme
from parity.analysis.national import (
    GROUPS,
    LeftOut,
    NationalFigure,
    NationalSeries,
    PublishedFigure,
    PublishedYear,
    same_forces,
)
from parity.analysis.rates import RateInput, build_sum_table
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.justice.importing.stop_search import NATIONAL
from parity.justice.models import PublishedSearch
from parity.powers.statistics.common import AnalysisError, first_day, held_months
from parity.powers.statistics.rates import excluded_searches, stop_search_rates
from parity.reference.calendar import financial_year_months
from parity.reference.forces import force_by_slug
from parity.warehouse import queries

SOURCE_NAMES = {
    "edition": "Ethnicity facts and figures, stop and search, 2006/07 to 2017/18 edition",
    "download": "Ethnicity facts and figures, stop and search download, 2006/07 onwards",
    "by-ethnicity": "Ethnicity facts and figures, stop and search by ethnicity (one year)",
    "by-area": "Ethnicity facts and figures, stop and search by ethnicity and area (one year)",
}
NOT_COUNTED = "British Transport Police polices no area of residents, so it has no rate and is not counted."
GAP_NOTE = (
    "Years with no published figure here are years whose tables Parity does not hold; the Home Office did publish them."
)
BREAK_NOTE = (
    "Published rates up to 2019/20 divide by the 2011 census, and from 2020/21 by the 2021 census, "
    "so the series breaks between those years."
)


def _source(raw: dict[str, str]) -> str:
    if "Rate of stop and search" in raw:
        return SOURCE_NAMES["by-ethnicity"]
    if "Police force area" in raw:
        return SOURCE_NAMES["by-area"]
    if "Time" in raw:
        return SOURCE_NAMES["edition"]
    return SOURCE_NAMES["download"]


def census_year_of(period: str, rules: Rules) -> int:
    """The census the Home Office divides a year by: 2011 to 2019/20, 2021 from 2020/21."""
    return rules.census_year_for(period)


def _rows(areas: list[str], periods: list[str] | None = None) -> list[PublishedSearch]:
    rows = PublishedSearch.objects.filter(area__in=areas, legislation="All", classification__in=("all", "5+1"))
    if periods is not None:
        rows = rows.filter(period__in=periods)
    return list(rows.order_by("period", "line"))


def published_series(rules: Rules | None = None) -> tuple[PublishedYear, ...]:
    """England and Wales (British Transport Police left out), every year imported."""
    rules = rules or Rules.from_settings()
    by_year: dict[str, dict[str, PublishedFigure]] = defaultdict(dict)
    sources: dict[str, set[str]] = defaultdict(set)
    for row in _rows([NATIONAL]):
        if row.group not in GROUPS:
            continue
        by_year[row.period][row.group] = PublishedFigure(row.searches, row.population, row.published_rate)
        sources[row.period].add(_source(row.raw))
    return tuple(
        PublishedYear(period, census_year_of(period, rules), dict(groups), tuple(sorted(sources[period])))
        for period, groups in sorted(by_year.items())
    )


def _published_by_force(period: str) -> dict[str, dict[str, PublishedFigure]]:
    out: dict[str, dict[str, PublishedFigure]] = defaultdict(dict)
    rows = PublishedSearch.objects.filter(
        period=period, legislation="All", classification__in=("all", "5+1"), force__isnull=False
    )
    for row in rows:
        if row.group in GROUPS:
            out[row.area][row.group] = PublishedFigure(row.searches, row.population, row.published_rate)
    return dict(out)


def _complete_years(held: dict[str, dict[str, int]]) -> list[str]:
    years = set()
    for months in held.values():
        for month in months:
            year = int(month[:4]) - (month[5:] < "04")
            fy = f"{year}/{(year + 1) % 100:02d}"
            if all(m in months for m in financial_year_months(fy)):
                years.add(fy)
    return sorted(years)


def parity_figures(rules: Rules | None = None, *, forces: Sequence[str] = ()) -> tuple[NationalFigure, ...]:
    """Parity's England and Wales figure for every financial year some force is held for whole
    (of `forces` only, when given: the same sum for a chosen set)."""
    rules = rules or Rules.from_settings()
    held = held_months(forces or None)
    years = _complete_years(held)
    if not years:
        return ()
    figures = []
    for fy in years:
        figure = _one_year(fy, held, rules)
        if figure is not None:
            figures.append(figure)
    return tuple(figures)


def _hidden_groups(force: str, fy: str, rules: Rules) -> set[str]:
    """The groups the force's own published table for the year hides (its force page's)."""
    try:
        table = stop_search_rates(force, fy, rules=rules)
    except AnalysisError:
        return set()
    return {g.code for g in table.groups if g.suppressed}


def _one_year(fy: str, held: dict[str, dict[str, int]], rules: Rules) -> NationalFigure | None:
    months = financial_year_months(fy)
    census = census_year_of(fy, rules)
    populations = queries.populations(census, "5+1")
    left_out: list[LeftOut] = []
    covered: list[str] = []
    for slug in sorted(held):
        name = force_by_slug(slug).name
        have = [m for m in months if m in held[slug]]
        if slug == "btp":
            left_out.append(LeftOut(name, NOT_COUNTED))
        elif not have:
            left_out.append(LeftOut(name, "none of the year's months are held"))
        elif len(have) < len(months):
            left_out.append(LeftOut(name, f"only {len(have)} of the year's 12 months are held"))
        elif slug not in populations:
            left_out.append(LeftOut(name, f"no {census} census population is held for its area"))
        else:
            covered.append(slug)
    if not covered:
        return None
    end = financial_year_months(fy)[-1]
    selection = queries.Selection(tuple(covered), first_day(months[0]), _last_day(end))
    tally = queries.tally(selection, ["force", "sde_group"], ("searches", "vehicle_only", "type_unknown"))
    per_force = tally.counts("searches", ["force", "sde_group"])
    counts: dict[tuple[str | None, str | None], int] = defaultdict(int)
    hidden_in_parts: dict[str, list[int]] = defaultdict(list)
    hidden = {force: _hidden_groups(force, fy, rules) for force in covered}
    for (force, group), n in per_force.items():
        counts[(group, None)] += n
        if group in hidden[force]:
            hidden_in_parts[group].append(n)
    people: dict[str, int] = defaultdict(int)
    for slug in covered:
        for group, n in populations[slug].items():
            people[group] += n
    names = tuple(force_by_slug(s).name for s in covered)
    context = Context(
        "england-and-wales",
        f"England and Wales: {len(covered)} of 43 forces held",
        first_day(months[0]).isoformat(),
        _last_day(end).isoformat(),
        fy,
        census,
        "self-defined",
        "5+1",
    )
    item = RateInput(
        context=context,
        scheme=scheme("self-defined", "5+1"),
        reference="White",
        counts=dict(counts),
        populations=dict(people),
        exclusions=excluded_searches(tally.total("vehicle_only"), tally.total("type_unknown"), rules),
        warnings=(f"Counts only the {len(covered)} forces held for the whole year, not all 43.",),
    )
    table = build_sum_table(item, hidden_in_parts, rules)
    return NationalFigure(fy, table, names, tuple(left_out), same_forces(_published_by_force(fy), covered))


def _last_day(month: str) -> date:
    year, m = int(month[:4]), int(month[5:])
    return date(year, m, monthrange(year, m)[1])


def national_series(rules: Rules | None = None) -> NationalSeries:
    """The published series and Parity's figures, with what a reader must know to read them."""
    rules = rules or Rules.from_settings()
    published = published_series(rules)
    notes = [BREAK_NOTE] if published else []
    if published:
        first, last = int(published[0].period[:4]), int(published[-1].period[:4])
        if len(published) < last - first + 1:
            notes.append(GAP_NOTE)
    return NationalSeries(published, parity_figures(rules), tuple(notes))
