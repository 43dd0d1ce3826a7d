"""The published figures: what the public pages, downloads and the API show, in one place.

Each function asks `parity.powers.statistics` for result objects (small-number protection
already applied inside them) and caches them per data version (`parity.web.cache`), so
the home page, a force's pages, its downloads and the API all serve the same objects. A
figure that cannot be given comes back as an `Answer` holding the reason instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from parity.analysis.grid import ROLLING_MONTHS, every_period
from parity.analysis.outcomes import OutcomesByObject, OutcomeTest
from parity.analysis.rates import GroupRate, RateTable
from parity.analysis.strip_search import StripSearches
from parity.analysis.trend import Change, Trend
from parity.errors import ParityError
from parity.justice.published import periods_held as arrest_periods
from parity.powers import statistics
from parity.powers.coverage import ForceCoverage, coverage
from parity.powers.statistics import AnalysisError
from parity.powers.use_of_force.models import TacticCount, UseOfForceReport
from parity.presentation import formatting
from parity.public.periods import YearHeld, latest_complete_year, public_period, years_held
from parity.public.query import FOCUS_GROUP, Choice
from parity.web.cache import memoised

T = TypeVar("T")


class NotHeld(ParityError, LookupError):
    """No stop-and-search record is held for this force (or it is not a force)."""


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A result, or the reason there is none (a period with nothing held, a bad filter)."""

    result: T | None
    problem: str | None = None


def answer(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Answer[T]:
    try:
        return Answer(fn(*args, **kwargs))
    except AnalysisError as error:
        return Answer(None, _sentence(str(error)))


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


# --- what is held -------------------------------------------------------------------------


@dataclass(frozen=True)
class ForceHeld:
    """A force whose records are held: its months, the years they make and any gaps."""

    slug: str
    name: str
    records: int
    first: str
    last: str
    months: tuple[str, ...]
    gaps: tuple[tuple[str, str], ...]
    low_volume: tuple[str, ...]
    years: tuple[YearHeld, ...]
    latest_complete: str | None
    warnings: tuple[str, ...]
    completeness: tuple[tuple[str, float], ...]
    shown: Shown | None = None

    @property
    def default_period(self) -> str | None:
        return self.shown.period if self.shown else None

    @property
    def age(self) -> str:
        return data_age(self.last)

    def year_options(self) -> list[tuple[str, str]]:
        """The financial years held, after the period shown first when it is not one of them."""
        years = [(y.label, y.label + ("" if y.complete else " (incomplete)")) for y in self.years]
        if self.shown and self.shown.why:
            return [(self.shown.period, f"{self.shown.label} (latest complete)"), *years]
        return years

    def period_options(self) -> list[tuple[str, str]]:
        """Every period on the public grid that a month held falls in, newest first within
        each kind: financial years (as `year_options`), calendar years, quarters, months."""
        held = set(self.months)
        grid = [p for p in every_period(held) if p.kind in ("year", "quarter", "month")]
        options = self.year_options()
        for kind, name in (("year", "calendar year"), ("quarter", "quarter"), ("month", "")):
            for p in sorted((p for p in grid if p.kind == kind), key=lambda p: p.start, reverse=True):
                if kind == "month":
                    text = formatting.month(p.label)
                else:
                    span = p.label if kind == "year" else _span(p.months[0], p.months[-1])
                    complete = all(m in held for m in p.months)
                    text = f"{span} ({name}{'' if complete else ', incomplete'})"
                if p.label not in dict(options):
                    options.append((p.label, text))
        return options


# data.police.uk publishes a month about two months after it ends; twice that and more is old.
OLD_AFTER_MONTHS = 4
TODAY = "stop and search today"


def data_age(last: str, today: dt.date | None = None) -> str:
    """When the latest month held is, and, if it is old, that nothing since then is held.

    A reader must never take a five-year-old year for this year's picture because a page
    calls it "latest".
    """
    today = today or dt.date.today()
    said = f"The latest records are from {formatting.month(last)}."
    behind = (today.year * 12 + today.month) - (int(last[:4]) * 12 + int(last[5:]))
    if behind <= OLD_AFTER_MONTHS:
        return said
    years = behind // 12
    ago = f"over {years} year{'s' * (years > 1)}" if years else f"{behind} months"
    return f"{said} That is {ago} ago: nothing since then is held, so these figures may not describe {TODAY}."


def newest_held() -> str | None:
    """How old the newest records of any force are, for pages about every force."""
    held = forces_held()
    return data_age(max(f.last for f in held)) if held else None


@dataclass(frozen=True)
class Shown:
    """The period a force's figures open on, and, when it is not a financial year, why."""

    period: str
    label: str  # "the financial year 2020/21", "July to September 2021"
    why: str | None = None


def shown_period(months: Iterable[str], name: str) -> Shown | None:
    """The latest complete financial year; failing that the latest complete period on the grid.

    A force that has never sent twelve months in a row from April still has figures worth
    showing: the latest twelve whole months all held, else the latest complete quarter,
    else the latest month. Every one of these is on the public grid (`periods.on_grid`).
    """
    held = sorted(set(months))
    year = latest_complete_year(held)
    if year:
        return Shown(year, f"the financial year {year}")
    if not held:
        return None
    missing = f"No financial year (April to March) is complete for {name}"
    for last in reversed(held):
        window = _months_back(last, ROLLING_MONTHS)
        if all(m in held for m in window):
            span = _span(window[0], last)
            why = f"{missing}, so these figures are for the latest twelve months in a row that are all held, {span}."
            return Shown(f"{window[0]}..{last}", span, why)
    for last in reversed(held):
        if int(last[5:]) % 3 == 0 and all(m in held for m in _months_back(last, 3)):
            span = _span(_months_back(last, 3)[0], last)
            why = (
                f"{missing}, and no twelve months in a row are held, so these figures are for the latest complete "
                f"quarter, {span}. Rates count the searches in those three months only, so they are lower than "
                "yearly rates; the ratios between groups compare like with like."
            )
            return Shown(f"{last[:4]}-Q{int(last[5:]) // 3}", span, why)
    latest = formatting.month(held[-1])
    why = f"{missing}, and no quarter is complete, so these figures are for the latest month held, {latest}."
    return Shown(held[-1], latest, why)


def _span(first: str, last: str) -> str:
    """ "July to September 2021": the year once when both months share it."""
    if first[:4] == last[:4]:
        return f"{formatting.month(first).split()[0]} to {formatting.month(last)}"
    return formatting.month_span(first, last)


def _months_back(last: str, count: int) -> list[str]:
    """The `count` months ending with `last`, oldest first."""
    index = int(last[:4]) * 12 + int(last[5:]) - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def month_spans(months: list[str]) -> list[tuple[str, str]]:
    """Consecutive "YYYY-MM" months as (first, last) spans: gaps read better as ranges."""
    spans: list[tuple[str, str]] = []
    for month in sorted(months):
        year, number = int(month[:4]), int(month[5:])
        if spans:
            last_year, last_number = int(spans[-1][1][:4]), int(spans[-1][1][5:])
            if (year, number) == ((last_year + 1, 1) if last_number == 12 else (last_year, last_number + 1)):
                spans[-1] = (spans[-1][0], month)
                continue
        spans.append((month, month))
    return spans


def quality_sentences(force: ForceCoverage) -> tuple[str, ...]:
    """The force's data-quality notes as sentences a reader can take in at once.

    `coverage` words them for the status report ("27 months missing between 2019-01 and
    2021-10"); the public pages say what happened ("No records were published from March
    2019 to May 2021").
    """
    counts = {m.month: m.records for m in force.months}
    said = [
        f"No records were published for {formatting.month(first)}."
        if first == last
        else f"No records were published from {formatting.month(first)} to {formatting.month(last)}."
        for first, last in month_spans(force.gaps)
    ]
    said += [
        f"{formatting.month(m.month)} holds {formatting.number(counts[m.month])} records, under half the months "
        "around it, so it is probably incomplete."
        for m in force.months
        if m.low_volume
    ]
    said += [
        f"{name[:1].upper()}{name[1:]} is blank in {share:g}% of the records."
        for name, share in force.completeness.items()
        if share >= 90
    ]
    return tuple(said)


def _held(force: ForceCoverage) -> ForceHeld:
    months = tuple(m.month for m in force.months)
    return ForceHeld(
        slug=force.force,
        name=force.name,
        records=force.records,
        first=force.first,
        last=force.last,
        months=months,
        gaps=tuple(month_spans(force.gaps)),
        low_volume=tuple(m.month for m in force.months if m.low_volume),
        years=tuple(years_held(months)),
        latest_complete=latest_complete_year(months),
        warnings=quality_sentences(force),
        completeness=tuple(force.completeness.items()),
        shown=shown_period(months, force.name),
    )


@memoised("forces-held")
def forces_held() -> tuple[ForceHeld, ...]:
    """Every force with stop-and-search records held, by name."""
    return tuple(sorted((_held(f) for f in coverage()), key=lambda f: f.name))


def force_held(slug: str) -> ForceHeld:
    for force in forces_held():
        if force.slug == slug:
            return force
    raise NotHeld(f"Parity holds no stop-and-search records for {slug!r}")


@memoised("coverage")
def coverage_of(slug: str | None = None) -> tuple[ForceCoverage, ...]:
    return tuple(coverage(slug))


@memoised("powers-used")
def powers_used(slug: str) -> tuple[str, ...]:
    """The powers (s1, s60, s47a, other) the force used in any search held."""
    return statistics.codes_used(slug, "power")


def period_for(force: ForceHeld, choice: Choice) -> str | None:
    """The period asked for, or the force's latest complete period (`shown_period`)."""
    return choice.period or force.default_period


# --- one force's figures (each cached per data version) -----------------------------------


@memoised("rates")
def rates(slug: str, choice: Choice, by: str | None = None) -> RateTable:
    return statistics.stop_search_rates(
        slug,
        _period(choice),
        by=by,
        ethnicity=choice.ethnicity,
        reference=choice.reference,
        filters=choice.filters,
    )


@memoised("outcomes")
def outcomes(slug: str, choice: Choice) -> OutcomeTest:
    return statistics.stop_search_outcomes(
        slug, _period(choice), ethnicity=choice.ethnicity, reference=choice.reference, filters=choice.filters
    )


@memoised("objects")
def objects(slug: str, choice: Choice) -> OutcomesByObject:
    return statistics.stop_search_outcomes_by_object(
        slug, _period(choice), ethnicity=choice.ethnicity, reference=choice.reference, filters=choice.filters
    )


@memoised("strip-searches")
def strip_searches(slug: str, choice: Choice) -> StripSearches:
    return statistics.stop_search_strip_searches(
        slug, _period(choice), ethnicity=choice.ethnicity, reference=choice.reference, filters=choice.filters
    )


def trend(slug: str, choice: Choice) -> Trend:
    """The 12 months to each month held, from the first month that ends twelve, whatever
    period is chosen: the whole series, so a reader sees the year chosen in its history
    (worked out once for every period: the period is not part of the question)."""
    return _whole_trend(slug, replace(choice, period=None))


@memoised("trend")
def _whole_trend(slug: str, choice: Choice) -> Trend:
    return statistics.stop_search_trend(
        slug,
        _series(force_held(slug).months),
        ethnicity=choice.ethnicity,
        reference=choice.reference,
        filters=choice.filters,
    )


def _series(months: Iterable[str]) -> str:
    """From the twelfth month held (the first whose 12 months can all be held) to the last."""
    held = sorted(months)
    first = held[min(ROLLING_MONTHS - 1, len(held) - 1)]
    return f"{first}..{held[-1]}"


@memoised("change")
def change(slug: str, choice: Choice) -> Change:
    return statistics.stop_search_change(
        slug, _period(choice), ethnicity=choice.ethnicity, reference=choice.reference, filters=choice.filters
    )


def _period(choice: Choice) -> str:
    if not choice.period:
        raise AnalysisError("no complete financial year is held for this force; choose a period")
    return choice.period


def resolved(slug: str, choice: Choice) -> tuple[ForceHeld, Choice]:
    """The force (NotHeld if none of its records are held) and the choice with its period.

    A period asked for is checked against the public grid and the months held first
    (AnalysisError, or NoRecords), so nothing is worked out for a period that cannot be shown.
    """
    force = force_held(slug)
    if choice.period:
        public_period(choice.period, force.months, force.name)
    period = period_for(force, choice)
    return force, (choice.at(period) if period else choice)


# The tables a force's figures are published as: name -> how to get it. Pages, downloads
# and the API all go through here, so a table has one definition.
TABLES: dict[str, tuple[str, Callable[[str, Choice], Any]]] = {
    "rates": ("Rates per 1,000 residents and ratios, by ethnic group", lambda s, c: rates(s, c)),
    "legislation": ("Rates and ratios by legislation", lambda s, c: rates(s, c, "legislation")),
    "powers": ("Rates and ratios by power", lambda s, c: rates(s, c, "power")),
    "age": ("Searches by age band and ethnic group", lambda s, c: rates(s, c, "age")),
    "gender": ("Searches by gender and ethnic group", lambda s, c: rates(s, c, "gender")),
    "outcomes": ("Find, arrest and no-further-action rates by ethnic group", outcomes),
    "objects": ("What officers searched for: searches, finds and find rates by ethnic group", objects),
    "strip-searches": ("Strip searches by ethnic group and age", strip_searches),
    "trend": ("Rolling 12-month rates and ratios over every month held", trend),
    "change": ("Change on the previous year", change),
}


@memoised("all-forces")
def all_forces() -> tuple[RateTable, ...]:
    """Every force x financial year x ethnic group x legislation (self-defined, against White)."""
    return tuple(statistics.full_table())


def table(slug: str, name: str, choice: Choice) -> Any:
    """One published table for a force; raises KeyError for an unknown name."""
    return TABLES[name][1](slug, choice)


# --- pages' bundles -------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """A force's headline on the home page: the focus group's ratio, or why there is none."""

    force: ForceHeld
    period: str | None
    group: GroupRate | None
    reference: GroupRate | None
    reason: str | None

    @property
    def period_label(self) -> str | None:
        """A financial year by its label ("2020/21"), any other period in words."""
        shown = self.force.shown
        return shown.label if shown and shown.why and shown.period == self.period else self.period


def _no_ratio_reason(table: RateTable, group: GroupRate) -> str:
    if group.suppressed:
        return "Not published: too few searches to show without identifying people."
    if table.no_rate_reason:
        return _sentence(table.no_rate_reason)
    reason = next(iter(group.warnings), None) or next(iter(table.warnings), None)
    return _sentence(reason) if reason else "No ratio can be given."


@memoised("headline")
def headline(slug: str) -> Headline:
    force = force_held(slug)
    period = force.default_period
    if period is None:
        return Headline(force, None, None, None, "No month is held.")
    found = answer(rates, slug, Choice(period=period))
    if found.result is None:
        return Headline(force, period, None, None, found.problem)
    table = found.result
    group = table.group(FOCUS_GROUP)
    ref = table.group(table.reference_group)
    reason = None if group.ratio is not None else _no_ratio_reason(table, group)
    return Headline(force, period, group, ref, reason)


def headlines() -> list[Headline]:
    return [headline(f.slug) for f in forces_held()]


@dataclass(frozen=True)
class Overview:
    force: ForceHeld
    choice: Choice
    rates: Answer[RateTable]
    change: Answer[Change]
    use_of_force_held: bool = False  # the force has a use-of-force page
    arrests_held: bool = False  # the force has an arrests page


def _other_pages(slug: str) -> dict[str, bool]:
    """Which of the force's other public pages have figures, so the page links only to those."""
    return {
        "use_of_force_held": TacticCount.objects.filter(area=slug).exists()
        or UseOfForceReport.objects.filter(force__slug=slug).exists(),
        "arrests_held": bool(arrest_periods(slug)),
    }


def overview(slug: str) -> Overview:
    force, choice = resolved(slug, Choice())
    if not choice.period:
        missing = Answer[Any](None, "No month is held for this force.")
        return Overview(force, choice, missing, missing, **_other_pages(slug))
    return Overview(force, choice, answer(rates, slug, choice), answer(change, slug, choice), **_other_pages(slug))


@dataclass(frozen=True)
class StopSearchFigures:
    force: ForceHeld
    choice: Choice
    rates: Answer[RateTable]
    trend: Answer[Trend]
    by_legislation: Answer[RateTable]
    by_age: Answer[RateTable]
    by_gender: Answer[RateTable]
    outcomes: Answer[OutcomeTest]
    strip_searches: Answer[StripSearches]

    @property
    def legislation_table(self) -> str:
        """Within one power the breakdown is by Act and section; otherwise by power."""
        return "legislation" if self.choice.power or self.choice.legislation else "powers"


def stop_search(slug: str, choice: Choice) -> StopSearchFigures:
    force, choice = resolved(slug, choice)
    by_legislation = "legislation" if choice.power or choice.legislation else "power"
    return StopSearchFigures(
        force=force,
        choice=choice,
        rates=answer(rates, slug, choice),
        trend=answer(trend, slug, choice),
        by_legislation=answer(rates, slug, choice, by_legislation),
        by_age=answer(rates, slug, choice, "age"),
        by_gender=answer(rates, slug, choice, "gender"),
        outcomes=answer(outcomes, slug, choice),
        strip_searches=answer(strip_searches, slug, choice),
    )


@dataclass(frozen=True)
class SearchedFor:
    """A force's page of what officers searched for: the outcome test for each object of search."""

    force: ForceHeld
    choice: Choice
    objects: Answer[OutcomesByObject]


def searched_for(slug: str, choice: Choice) -> SearchedFor:
    force, choice = resolved(slug, choice)
    return SearchedFor(force, choice, answer(objects, slug, choice))
