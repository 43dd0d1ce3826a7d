"""Arrest statistics: gather held counts and census populations, then call `parity.analysis`.

The Home Office counts Chinese people arrested under "Chinese or Other", and divides by 2011
census populations with Chinese residents moved to Other likewise; so does Parity (the
workforce tables face the same change, so the census benchmark is theirs).
"""

from __future__ import annotations

from collections import defaultdict

from parity.analysis.arrests import ArrestRates, arrest_rates
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.errors import ParityError
from parity.justice.models import StageCount
from parity.reference.forces import force_by_slug
from parity.workforce.statistics import benchmark

ARREST_SOURCES = ("home-office-arrests A_08", "arrests-extract")
NOT_AVAILABLE = "The Home Office shows no arrests figures for this force and year (not available)."


class JusticeError(ParityError, ValueError):
    """A question the held arrests or stage counts cannot answer; the message says why."""


def _period(period: str) -> tuple[str, str, str]:
    """(label, first day, last day) of a financial year written 2018/19."""
    if len(period) != 7 or period[4] != "/" or not (period[:4] + period[5:]).isdigit():
        raise JusticeError(f"period must be a financial year such as 2018/19, not {period!r}")
    start = int(period[:4])
    if (start + 1) % 100 != int(period[5:]):
        raise JusticeError(f"{period!r} is not a financial year: the second year must follow the first")
    return period, f"{start}-04-01", f"{start + 1}-03-31"


def force_arrests(force: str, period: str, *, rules: Rules | None = None) -> ArrestRates:
    """Arrests per 1,000 residents by self-defined group in one force area and financial year."""
    rules = rules or Rules.from_settings()
    try:
        info = force_by_slug(force)
    except KeyError as error:
        raise JusticeError(str(error.args[0])) from None
    label, start, end = _period(period)
    cells = StageCount.objects.filter(area=force, period=label, stage="arrest", offence_group="all")
    source = next((s for s in ARREST_SOURCES if cells.filter(source=s).exists()), None)
    if source is None:
        raise JusticeError(
            f"no arrests held for {force} in {label}; import the Home Office arrests tables or a force extract "
            "with `parity ingest arrests`"
        )
    cells = cells.filter(source=source)
    held = dict(cells.values_list("group", "count"))
    census_year = rules.census_year_for(label)
    warnings = [f"Divided by the {census_year} census, the one in use for {label}."]
    populations, notes = benchmark(force, census_year, chinese_with_other=True)
    warnings += notes
    if not info.resident_population:
        warnings.append(info.rate_note)
    no_rate = None
    if any(v is None for v in held.values()):
        no_rate = NOT_AVAILABLE
    elif not populations:
        no_rate = f"No {census_year} census populations are held, so no rates can be given."
    counts: dict[str, int] = defaultdict(int)
    for group, value in held.items():
        counts[group] += value or 0
    context = Context(
        force=force,
        force_name=info.name,
        period_start=start,
        period_end=end,
        period_label=label,
        census_year=census_year,
        ethnicity="self-defined",
        classification="5+1",
    )
    sources = tuple(sorted(set(cells.values_list("unit__name", flat=True))))
    return arrest_rates(
        counts,
        {**populations, "all": sum(populations.values())} if populations else None,
        context=context,
        rules=rules,
        warnings=tuple(warnings),
        no_rate_reason=no_rate,
        sources=sources,
    )


NATIONAL = "england-and-wales"
NATIONAL_NAME = "England and Wales"
NATIONAL_NOTE = (
    "Lancashire could not give complete arrests figures for 2017/18 and 2018/19, so the Home Office "
    "leaves it out of England and Wales; its residents are left out of the population too."
)


def national_population(census_year: int, period: str) -> tuple[dict[str, int], list[str]]:
    """Residents of the force areas whose arrests the national count covers, Chinese under Other."""
    from parity.reference.forces import FORCES

    missing = set(
        StageCount.objects.filter(source="home-office-arrests A_08", period=period, count__isnull=True)
        .exclude(area__in=("england", "wales", NATIONAL))
        .values_list("area", flat=True)
    )
    total: dict[str, int] = defaultdict(int)
    notes: set[str] = set()
    for info in FORCES:
        if info.slug in missing or not info.resident_population:
            continue
        people, said = benchmark(info.slug, census_year, chinese_with_other=True)
        for group, n in people.items():
            total[group] += n
        notes.update(said)
    return dict(total), [*sorted(notes), *([NATIONAL_NOTE] if missing else [])]


def national_arrests(period: str, *, rules: Rules | None = None) -> ArrestRates:
    """Arrests per 1,000 residents by group for England and Wales, from the Home Office tables."""
    rules = rules or Rules.from_settings()
    label, start, end = _period(period)
    cells = StageCount.objects.filter(area=NATIONAL, period=label, stage="arrest", offence_group="all")
    source = next(
        (s for s in ("home-office-arrests A_08", "home-office-arrests A_01c") if cells.filter(source=s).exists()), None
    )
    if source is None:
        raise JusticeError(f"no England and Wales arrests held for {label}; import the Home Office arrests tables")
    cells = cells.filter(source=source)
    census_year = rules.census_year_for(label)
    populations, notes = national_population(census_year, label)
    context = Context(NATIONAL, NATIONAL_NAME, start, end, label, census_year, "self-defined", "5+1")
    return arrest_rates(
        {g: n or 0 for g, n in cells.values_list("group", "count")},
        {**populations, "all": sum(populations.values())} if populations else None,
        context=context,
        rules=rules,
        warnings=(f"Divided by the {census_year} census, the one in use for {label}.", *notes),
        no_rate_reason=None if populations else f"No {census_year} census populations are held.",
        sources=tuple(sorted(set(cells.values_list("unit__name", flat=True)))),
    )


def published_rates(period: str) -> dict[str, float]:
    """The Home Office's own rates per 1,000 for England and Wales (table A_04), by group."""
    cells = StageCount.objects.filter(source="home-office-arrests A_04", area=NATIONAL, period=period)
    return {g: r for g, r in cells.values_list("group", "published_rate") if r is not None}
