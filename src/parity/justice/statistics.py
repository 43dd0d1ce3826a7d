"""Arrest statistics: gather held counts and census populations, then call `parity.analysis`.

The Home Office counts Chinese people arrested under "Chinese or Other", and divides by 2011
census populations with Chinese residents moved to Other likewise; so does Parity (the
workforce tables face the same change, so the census benchmark is theirs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from parity.analysis.arrests import ArrestRates, arrest_rates
from parity.analysis.convictions import ConvictionRatio, conviction_ratio
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.stages import (
    ADULTS,
    CHILDREN,
    POPULATION,
    DisposalSplit,
    StageInput,
    StageSpec,
    StageTable,
    build_stage_tables,
    disposal_split,
    stage_table,
)
from parity.errors import ParityError
from parity.justice.example import FICTIONAL
from parity.justice.models import ArrestRecord, StageCount
from parity.powers.statistics.common import held_months
from parity.reference.calendar import financial_year_months
from parity.reference.ethnicity import GROUPS_STATED
from parity.reference.forces import ForceInfo, force_by_slug
from parity.warehouse import queries
from parity.warehouse.arrests import stage_counts as stage_counts_records
from parity.workforce.statistics import benchmark

FICTIONAL_NOTE = "These arrests and disposals are fictional, made up to show how the page works."
NOT_AVAILABLE = "The Home Office shows no arrests figures for this force and year (not available)."


class JusticeError(ParityError, ValueError):
    """A question the held arrests or stage counts cannot answer; the message says why."""


def _force(force: str) -> ForceInfo:
    try:
        return force_by_slug(force)
    except KeyError as error:
        raise JusticeError(str(error.args[0])) from None


def _period(period: str) -> tuple[str, str, str]:
    """(label, first day, last day) of a financial year written 2018/19."""
    if len(period) != 7 or period[4] != "/" or not (period[:4] + period[5:]).isdigit():
        raise JusticeError(f"period must be a financial year such as 2018/19, not {period!r}")
    start = int(period[:4])
    if (start + 1) % 100 != int(period[5:]):
        raise JusticeError(f"{period!r} is not a financial year: the second year must follow the first")
    return period, f"{start}-04-01", f"{start + 1}-03-31"


def _held_arrests(force: str, period: str) -> tuple[dict[str, int | None], bool, tuple[str, ...]]:
    """Arrests by group (not stated included), whether Chinese people are under Other, the sources.

    A force's own records come first; the Home Office table A_08 (which counts Chinese people
    under Other) otherwise."""
    records = stage_counts_records([force], [period])
    if records:
        held: dict[str, int | None] = defaultdict(int)
        for _, _, group, arrests, _, _ in records:
            held[group] = (held[group] or 0) + arrests
        names = set(ArrestRecord.objects.filter(force__slug=force, period=period).values_list("unit__name", flat=True))
        return dict(held), False, tuple(sorted(names))
    cells = StageCount.objects.filter(
        source="home-office-arrests A_08", area=force, period=period, stage="arrest", offence_group="all"
    )
    if not cells.exists():
        raise JusticeError(
            f"no arrests held for {force} in {period}; import the Home Office arrests tables or a force extract "
            "with `parity ingest arrests`"
        )
    return (
        dict(cells.values_list("group", "count")),
        True,
        tuple(sorted(set(cells.values_list("unit__name", flat=True)))),
    )


def force_arrests(force: str, period: str, *, rules: Rules | None = None) -> ArrestRates:
    """Arrests per 1,000 residents by self-defined group in one force area and financial year."""
    rules = rules or Rules.from_settings()
    info = _force(force)
    label, start, end = _period(period)
    held, chinese_with_other, sources = _held_arrests(force, label)
    census_year = rules.census_year_for(label)
    warnings = [f"Divided by the {census_year} census, the one in use for {label}."]
    if any(FICTIONAL in Path(name).name for name in sources):
        warnings.insert(0, FICTIONAL_NOTE)
    populations, notes = benchmark(force, census_year, chinese_with_other=chinese_with_other)
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


# --- the stage table --------------------------------------------------------------------

STAGE_SPECS: dict[str, StageSpec] = {
    "search": StageSpec("search", "Stop and search", over=POPULATION),
    "arrest": StageSpec("arrest", "Arrest", over=POPULATION),
    "charge": StageSpec("charge", "Charge or summons", over="arrest"),
    "out_of_court": StageSpec("out_of_court", "Out-of-court disposal", favourable=True, over="arrest"),
    "prosecution": StageSpec("prosecution", "Prosecution", over="charge"),
    "conviction": StageSpec("conviction", "Conviction", over="prosecution"),
    "remand": StageSpec("remand", "Remand in custody", over="charge"),
    "custody": StageSpec("custody", "Custodial sentence", over="conviction"),
}
LATER_SOURCES = ("stage-counts", "eff-convictions")
STATED_GROUPS = {g.value for g in GROUPS_STATED}
Counts = tuple[dict[tuple[str, str], int], dict[tuple[str, str, str], int]]  # (stage, group); (stage, offence, group)


def _census_year(period: str, rules: Rules) -> int:
    if len(period) == 4:  # a calendar year: the financial year it ends
        return rules.census_year_for(f"{int(period) - 1}/{period[2:]}")
    return rules.census_year_for(period)


def _searches(force: str, period: str, warnings: list[str]) -> dict[str, int] | None:
    """Person searches by self-defined group over a whole financial year, or None when not all held."""
    if len(period) != 7:
        return None
    months = financial_year_months(period)
    held = held_months([force]).get(force, {})
    if not all(m in held for m in months):
        if any(m in held for m in months):
            warnings.append(f"Stop and search is left out: not every month of {period} is held.")
        return None
    start, end = (
        date.fromisoformat(f"{months[0]}-01"),
        date.fromisoformat(f"{period[:4]}-03-31").replace(year=int(period[:4]) + 1),
    )
    tally = queries.tally(queries.Selection((force,), start, end), ["sde_group"], ("searches",))
    return {k[0]: n for k, n in tally.counts("searches", ["sde_group"]).items() if k[0] in STATED_GROUPS}


def _arrest_stages(force: str, period: str, into: Counts, warnings: list[str]) -> None:
    """Arrests, charges and out-of-court disposals: the force's records, else the published arrests."""
    counts, strata = into
    records = stage_counts_records([force], [period], by_offence=True)
    for _, _, group, offence, arrests, charged, ooc in records:
        if group not in STATED_GROUPS:
            continue
        for stage, n in (("arrest", arrests), ("charge", charged), ("out_of_court", ooc)):
            counts[(stage, group)] = counts.get((stage, group), 0) + n
            strata[(stage, offence, group)] = strata.get((stage, offence, group), 0) + n
    if records:
        warnings.append("Arrests and what followed them are from the force's own records.")
        names = ArrestRecord.objects.filter(force__slug=force, period=period).values_list("unit__name", flat=True)
        if any(FICTIONAL in Path(n).name for n in set(names)):
            warnings.append(FICTIONAL_NOTE)
        return
    published = StageCount.objects.filter(
        source="home-office-arrests A_08", area=force, period=period, group__in=STATED_GROUPS, count__isnull=False
    )
    if published.exists():
        counts.update({("arrest", g): n or 0 for g, n in published.values_list("group", "count")})
        warnings.append(
            "Arrests are the Home Office's published counts, which put Chinese people under Other; "
            "the census puts them under Asian, so the Asian and Other arrest indices are not like for like."
        )


def _later_stages(force: str, period: str, into: Counts) -> None:
    counts, strata = into
    later = StageCount.objects.filter(
        source__in=LATER_SOURCES, area=force, period=period, breakdown="all", group__in=STATED_GROUPS
    ).exclude(count__isnull=True)
    for stage, offence, group, n in later.values_list("stage", "offence_group", "group", "count"):
        if offence == "all":
            counts[(stage, group)] = n or 0
        else:
            strata[(stage, offence, group)] = n or 0


def _specs(held: list[str]) -> tuple[StageSpec, ...]:
    """The held stages, each over its usual base, or the nearest base before it that is held."""
    specs = []
    for name in held:
        spec = STAGE_SPECS[name]
        over = spec.over or POPULATION
        while over not in (POPULATION, *held):
            over = STAGE_SPECS[over].over or POPULATION
        specs.append(replace(spec, over=over))
    return tuple(specs)


def stage_input(force: str, period: str, *, rules: Rules | None = None) -> tuple[StageInput, list[str]]:
    """What a force's stage table is made from: residents and each stage's counts held for the period."""
    rules = rules or Rules.from_settings()
    info = _force(force)
    if not (len(period) == 4 and period.isdigit()):
        _period(period)
    census_year = _census_year(period, rules)
    warnings = [f"Residents from the {census_year} census."]
    population, notes = benchmark(force, census_year, chinese_with_other=False)
    counts: dict[tuple[str, str], int] = {}
    strata: dict[tuple[str, str, str], int] = {}
    searches = _searches(force, period, warnings)
    if searches:
        counts.update({("search", g): n for g, n in searches.items()})
    _arrest_stages(force, period, (counts, strata), warnings)
    _later_stages(force, period, (counts, strata))
    held = [name for name in STAGE_SPECS if any(s == name for s, _ in counts)]
    if not held:
        raise JusticeError(
            f"nothing held for {force} in {period} at any stage; import arrests (`parity ingest arrests`) "
            "or stage counts (`parity ingest stage-counts`)"
        )
    context = Context(force, info.name, "", "", period, census_year, "self-defined", "5+1")
    return StageInput(context, population, _specs(held), counts, strata), [*warnings, *notes]


def force_stages(force: str, period: str, *, rules: Rules | None = None) -> StageTable:
    """The stage table for one force and period: each stage's index over the stage before."""
    rules = rules or Rules.from_settings()
    item, warnings = stage_input(force, period, rules=rules)
    table = stage_table(item, rules)
    return replace(table, warnings=(*warnings, *table.warnings))


CHILD_BAND = "10-17"


def force_disposal_split(force: str, period: str, *, rules: Rules | None = None) -> DisposalSplit:
    """Out-of-court disposal against charge by group, children (10 to 17) apart from adults:
    of the people charged or given an out-of-court disposal, how many had the disposal.

    Only a force's own records give ages, so the Home Office tables cannot answer this."""
    rules = rules or Rules.from_settings()
    info = _force(force)
    label, start, end = _period(period)
    records = stage_counts_records([force], [label], by_age=True)
    if not records:
        raise JusticeError(
            f"no arrest records held for {force} in {label}: out-of-court disposal against charge by age needs "
            "a force's own records (`parity ingest arrests`)"
        )
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    unknown = 0
    for _, _, group, age, _, charged, ooc in records:
        if group not in STATED_GROUPS:
            continue
        if age == "unknown":
            unknown += charged + ooc
            continue
        key = CHILDREN if age == CHILD_BAND else ADULTS
        counts[(key, group, "charge")] += charged
        counts[(key, group, "out_of_court")] += ooc
    warnings = [
        "Counted among those charged or given an out-of-court disposal; no further action is left out.",
        "Ethnicity is as the person defined it; arrests whose ethnicity was not stated are left out.",
    ]
    if unknown:
        warnings.append(f"{unknown:,} people whose age is not known are left out of both age groups.")
    names = ArrestRecord.objects.filter(force__slug=force, period=label).values_list("unit__name", flat=True)
    if any(FICTIONAL in Path(n).name for n in set(names)):
        warnings.insert(0, FICTIONAL_NOTE)
    context = Context(force, info.name, start, end, label, rules.census_year_for(label), "self-defined", "5+1")
    return disposal_split(context, counts, rules=rules, warnings=warnings)


def conviction_ratios(area: str, period: str) -> list[ConvictionRatio]:
    """Ethnicity facts and figures conviction ratios for an area and year, worked out and as published."""
    cells = StageCount.objects.filter(
        source="eff-convictions", area=area, period=period, offence_group="all", breakdown="all"
    )
    by_group: dict[str, dict[str, tuple[int | None, float | None]]] = defaultdict(dict)
    for group, stage, n, rate in cells.values_list("group", "stage", "count", "published_rate"):
        by_group[group][stage] = (n, rate)
    out = []
    for group, stages in sorted(by_group.items()):
        prosecuted, convicted = stages.get("prosecution", (0, None)), stages.get("conviction", (0, None))
        out.append(conviction_ratio(group, convicted[0] or 0, prosecuted[0] or 0, convicted[1]))
    return out


# --- every force's stage table at once -----------------------------------------------------

RECORD_STAGES = (STAGE_SPECS["arrest"], STAGE_SPECS["charge"], STAGE_SPECS["out_of_court"])


def record_stage_tables(
    populations: Mapping[str, Mapping[str, int]],
    *,
    census_year: int,
    rules: Rules | None = None,
    path: str | None = None,
) -> list[StageTable]:
    """The stage table (arrest, charge, out-of-court disposal) for every force and year held in
    the warehouse's arrests: one GROUP BY, then every interval in one vectorised pass.

    `populations` is residents by force and group (the caller chooses the census)."""
    rules = rules or Rules.from_settings()
    counts: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    strata: dict[tuple[str, str], dict[tuple[str, str, str], int]] = defaultdict(dict)
    totals: dict[tuple[str, str, str], list[int]] = {}
    # one pass over the strata, each group's totals summed beside them (not stage by stage)
    for force, period, group, offence, arrests, charged, ooc in stage_counts_records(by_offence=True, path=path):
        if group not in STATED_GROUPS:
            continue
        s = strata[(force, period)]
        s[("arrest", offence, group)] = arrests
        s[("charge", offence, group)] = charged
        s[("out_of_court", offence, group)] = ooc
        total = totals.get((force, period, group))
        if total is None:
            totals[(force, period, group)] = [arrests, charged, ooc]
        else:
            total[0] += arrests
            total[1] += charged
            total[2] += ooc
    for (force, period, group), (arrests, charged, ooc) in totals.items():
        c = counts[(force, period)]
        c[("arrest", group)], c[("charge", group)], c[("out_of_court", group)] = arrests, charged, ooc
    inputs = [
        StageInput(
            Context(force, force, "", "", period, census_year, "self-defined", "5+1"),
            populations.get(force, {}),
            RECORD_STAGES,
            counts[(force, period)],
            strata[(force, period)],
        )
        for force, period in sorted(counts)
    ]
    return build_stage_tables(inputs, rules)
