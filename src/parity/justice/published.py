"""What the public arrests pages show: gathered here, so each view makes one call.

Every figure is a result object of `parity.analysis` (arrest rates, the stage table), with
small numbers already protected; this module only chooses what is held and what is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from parity.analysis.arrests import ArrestRates
from parity.analysis.stages import DisposalSplit, StageTable
from parity.errors import ParityError
from parity.justice.models import ArrestRecord, StageCount
from parity.justice.statistics import (
    NATIONAL,
    JusticeError,
    force_arrests,
    force_disposal_split,
    force_stages,
    national_arrests,
    published_rates,
)
from parity.reference.forces import ForceInfo, force_by_slug

A08, A01C = "home-office-arrests A_08", "home-office-arrests A_01c"


class NotHeld(ParityError, LookupError):
    """Nothing about arrests is held for the force (or the period asked for)."""


@dataclass(frozen=True)
class ForceArrests:
    force: ForceInfo
    periods: tuple[str, ...]  # every period held, any stage, newest first
    period: str
    arrests: ArrestRates | None
    arrests_problem: str | None
    stages: StageTable | None
    stages_problem: str | None
    disposals: DisposalSplit | None = None
    disposals_problem: str | None = None


@dataclass(frozen=True)
class NationalArrests:
    periods: tuple[str, ...]
    tables: tuple[ArrestRates, ...]
    published: dict[str, dict[str, float]]  # period -> group -> the Home Office's own rate
    forces: tuple[ForceInfo, ...]  # forces with arrests held
    trend: tuple[tuple[str, dict[str, int | None]], ...]  # (year, group -> arrests), England and Wales, A_01c


def periods_held(slug: str) -> tuple[str, ...]:
    counted = StageCount.objects.filter(area=slug, breakdown="all").values_list("period", flat=True)
    records = ArrestRecord.objects.filter(force__slug=slug).values_list("period", flat=True)
    return tuple(sorted({*counted, *records}, key=lambda p: (p[:4], len(p)), reverse=True))


def force_page(slug: str, period: str | None = None) -> ForceArrests:
    """A force's arrests and stage table for one period (the newest held unless asked)."""
    try:
        force = force_by_slug(slug)
    except KeyError:
        raise NotHeld(f"no force {slug!r}") from None
    periods = periods_held(slug)
    if not periods:
        raise NotHeld(f"nothing about arrests is held for {force.name}")
    if period is None:
        period = periods[0]
    elif period not in periods:
        raise NotHeld(f"nothing about arrests is held for {force.name} in {period}")
    arrests = arrests_problem = None
    try:
        arrests = force_arrests(slug, period) if len(period) == 7 else None
    except JusticeError as error:
        arrests_problem = str(error)
    if arrests is None and arrests_problem is None:
        arrests_problem = "Arrests are counted by financial year; this period is a calendar year."
    stages = stages_problem = None
    try:
        stages = force_stages(slug, period)
    except JusticeError as error:
        stages_problem = str(error)
    disposals = disposals_problem = None
    try:
        disposals = force_disposal_split(slug, period) if len(period) == 7 else None
    except JusticeError:
        disposals_problem = (
            f"This needs a force's own records of arrests, with each person's age, and none are held for "
            f"{force.name} in {period}: the Home Office tables do not give ages."
        )
    if disposals is None and disposals_problem is None:
        disposals_problem = "Arrests are counted by financial year; this period is a calendar year."
    return ForceArrests(
        force, periods, period, arrests, arrests_problem, stages, stages_problem, disposals, disposals_problem
    )


def national_page() -> NationalArrests:
    """England and Wales: rates for the years the force table gives (so the areas left out of the
    count are known and left out of the residents too), counts for every year; the forces held."""
    national = StageCount.objects.filter(area=NATIONAL, stage="arrest")
    periods = tuple(sorted(set(national.filter(source=A08).values_list("period", flat=True)), reverse=True))
    trend: dict[str, dict[str, int | None]] = {}
    for period, group, count in national.filter(source=A01C).values_list("period", "group", "count"):
        trend.setdefault(period, {})[group] = count
    tables = []
    for period in periods:
        try:
            tables.append(national_arrests(period))
        except JusticeError:
            continue
    published = {p: published_rates(p) for p in periods}
    return NationalArrests(periods, tuple(tables), published, forces_held(), tuple(sorted(trend.items())))


def forces_held() -> tuple[ForceInfo, ...]:
    """The forces with arrests held (the Home Office table or their own records), by name."""
    slugs = set(StageCount.objects.filter(stage="arrest", force__isnull=False).values_list("area", flat=True))
    slugs |= set(ArrestRecord.objects.values_list("force__slug", flat=True).distinct())
    return tuple(sorted((force_by_slug(s) for s in slugs), key=lambda f: f.name))


@dataclass(frozen=True)
class OpenData:
    """What the open data page lists for arrests: the England and Wales years, and each force
    with arrests held, its newest period and the tables it has for it."""

    national_periods: tuple[str, ...]
    forces: tuple[tuple[ForceInfo, str, tuple[str, ...]], ...]  # (force, period, tables)


def open_data() -> OpenData:
    national = StageCount.objects.filter(area=NATIONAL, stage="arrest", source=A08).values_list("period", flat=True)
    forces = []
    for force in forces_held():
        period = periods_held(force.slug)[0]
        yearly = len(period) == 7
        records = yearly and ArrestRecord.objects.filter(force__slug=force.slug, period=period).exists()
        forces.append((force, period, ("arrests",) * yearly + ("stages",) + ("disposals",) * records))
    return OpenData(tuple(sorted(set(national), reverse=True)), tuple(forces))
