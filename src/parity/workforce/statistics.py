"""Workforce statistics: gather the held counts and census populations, then call the pure
functions of `parity.analysis` (which do the arithmetic and the protection)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Sum

from parity.analysis.representation import Representation, protect_ranks, representation
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.errors import ParityError
from parity.reference.ethnicity import Group
from parity.reference.forces import force_by_slug
from parity.reference.models import Population
from parity.workforce.models import Headcount

CENSUS_YEARS = (2011, 2021)
CHINESE = "A4"  # the detailed census code for Chinese
CATEGORY_CHANGE_YEAR = 2021  # the Home Office counts Chinese people as Asian from 31 March 2021


class WorkforceError(ParityError, ValueError):
    """A question the held workforce data cannot answer; the message says why."""


def census_for(year: int) -> int:
    """The census nearest the year of the count; the earlier one when equally near."""
    return min(CENSUS_YEARS, key=lambda census: (abs(census - year), census))


def benchmark(force: str, census_year: int, *, chinese_with_other: bool) -> tuple[dict[str, int], list[str]]:
    """Residents by 5+1 group, with Chinese residents moved to Other when the counts put them there."""
    rows = Population.objects.filter(census_year=census_year, force__slug=force)
    broad = dict(rows.filter(classification="5+1").values_list("group", "population"))
    notes: list[str] = []
    if not chinese_with_other:
        return broad, notes
    chinese = rows.filter(classification="detailed", group=CHINESE).values_list("population", flat=True).first()
    if chinese is None:
        notes.append(
            "Before 2021 the Home Office counted Chinese people under Other, but the census counts "
            "them as Asian, and the census detail needed to match them is not held: the Asian and "
            "Other ratios are not like for like."
        )
        return broad, notes
    moved = dict(broad)
    moved[Group.ASIAN.value] = moved.get(Group.ASIAN.value, 0) - chinese
    moved[Group.OTHER.value] = moved.get(Group.OTHER.value, 0) + chinese
    notes.append(
        "Before 2021 the Home Office counted Chinese people under Other; the census population's "
        "Chinese residents are counted under Other too, so that like is compared with like."
    )
    return moved, notes


def force_representation(
    force: str, year: int, *, worker_type: str = Headcount.WorkerType.OFFICER, rank: str | None = None
) -> Representation:
    """Representation of a force's workforce as at 31 March `year`, against the nearest census."""
    info = force_by_slug(force)
    if worker_type not in Headcount.WorkerType.values:
        raise WorkforceError(
            f"unknown worker type {worker_type!r}; expected one of {', '.join(Headcount.WorkerType.values)}"
        )
    as_at = date(year, 3, 31)
    cells = Headcount.objects.filter(force__slug=force, as_at=as_at, worker_type=worker_type)
    if rank is not None:
        ranks = set(cells.values_list("rank", flat=True))
        matched = [r for r in ranks if r.lower() == rank.lower()]
        if not matched:
            held = ", ".join(sorted(ranks)) or "none"
            raise WorkforceError(f"no {worker_type} counts for rank {rank!r} in {force} at {as_at}; ranks held: {held}")
        rank = matched[0]
        cells = cells.filter(rank=rank)
    if not cells.exists():
        raise WorkforceError(
            f"no {worker_type} counts held for {force} as at {as_at}; import the Home Office tables "
            "with `parity ingest workforce`"
        )
    by_group: dict[str, int] = defaultdict(int)
    for group, total in cells.values_list("group").annotate(total=Sum("headcount")):
        by_group[group] += int(total)
    rules = Rules.from_settings()
    every_rank = Headcount.objects.filter(force__slug=force, as_at=as_at, worker_type=worker_type)
    by_rank: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for held, group, total in every_rank.values_list("rank", "group").annotate(total=Sum("headcount")):
        by_rank[held][group] += int(total)
    hidden = protect_ranks(by_rank, rules.disclosure_threshold)[rank]  # the same cells hidden on every page
    census_year = census_for(year)
    population, notes = benchmark(force, census_year, chinese_with_other=year < CATEGORY_CHANGE_YEAR)
    warnings = [f"Compared with the {census_year} census, the one nearest to 31 March {year}.", *notes]
    if rank is None:
        if sorted(set(cells.values_list("rank", flat=True))) == ["Chief Officer"]:
            warnings.append("Only chief officers are held for this year, so these figures are for chief officers.")
    if not info.resident_population:
        warnings.append(info.rate_note)
    context = Context(
        force=force,
        force_name=info.name,
        period_start=as_at.isoformat(),
        period_end=as_at.isoformat(),
        period_label=f"31 March {year}",
        census_year=census_year,
        ethnicity="self-defined",
        classification="5+1",
        filters=(("worker_type", worker_type), *((("rank", rank),) if rank else ())),
    )
    sources = tuple(sorted(set(cells.values_list("unit__name", flat=True))))
    return representation(
        by_group,
        population,
        context=context,
        as_at=as_at.isoformat(),
        worker_type=worker_type,
        rank=rank,
        rules=rules,
        warnings=tuple(warnings),
        sources=sources,
        also_hidden=hidden,
    )
