"""What the public workforce pages, downloads and API show: gathered here, once per question.

Representation comes from the Home Office ethnicity table (through `statistics`, whose result
objects carry the small-number protection); headcounts over the years from the table without
ethnicity, which reveals no one's ethnic group and is shown in full. A trend is only drawn
between like years: the ethnicity table holds every officer rank for some years and only
chief officers for others, and a chief officers' figure is not the same workforce as all
officers'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Sum

from parity.analysis.representation import Representation, RepresentationTrend, representation_trend
from parity.reference.forces import force_by_slug
from parity.workforce.models import Headcount, WorkforceTotal, WorkforceUnit
from parity.workforce.statistics import WorkforceError, force_representation

CHIEF = "Chief Officer"
UPLIFT_BASE = 2019  # the police uplift programme counts from 31 March 2019
LABELS = dict(WorkforceTotal.WorkerType.choices)


def held_version() -> tuple[int, int]:
    """How much workforce data is held: part of the public pages' data version."""
    last = WorkforceUnit.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (WorkforceUnit.objects.count(), last or 0)


def _coverage(force: str | None = None) -> dict[tuple[str, int, str], set[str]]:
    """The ranks the ethnicity table holds for each force, year and worker type."""
    cells = Headcount.objects.all() if force is None else Headcount.objects.filter(force__slug=force)
    held: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for slug, as_at, worker, rank in cells.values_list("force__slug", "as_at", "worker_type", "rank").distinct():
        held[(slug, as_at.year, worker)].add(rank)
    return held


@dataclass(frozen=True)
class HeadcountSeries:
    """A force's headcount by worker type on 31 March of each year, and the officer uplift."""

    force: str
    force_name: str
    years: tuple[int, ...]
    headcount: dict[str, tuple[int | None, ...]]  # worker type -> headcount in each year (None: not held)
    officer_fte: tuple[float | None, ...]

    @property
    def uplift(self) -> tuple[int, int, int, float] | None:
        """(from year, to year, more officers, as a share of the first) from 2019 to the latest."""
        officers = dict(zip(self.years, self.headcount.get(Headcount.WorkerType.OFFICER, ()), strict=False))
        first, last = officers.get(UPLIFT_BASE), self.years[-1] if self.years else None
        if not first or last is None or last <= UPLIFT_BASE or officers.get(last) is None:
            return None
        more = int(officers[last] or 0) - first
        return (UPLIFT_BASE, last, more, more / first)

    def as_dict(self) -> dict[str, Any]:
        uplift = self.uplift
        return {
            "force": self.force,
            "force_name": self.force_name,
            "as_at": [date(y, 3, 31).isoformat() for y in self.years],
            "headcount": {worker: list(values) for worker, values in self.headcount.items()},
            "officer_fte": list(self.officer_fte),
            "uplift": None
            if uplift is None
            else {"from_year": uplift[0], "to_year": uplift[1], "officers_more": uplift[2], "change": uplift[3]},
        }


def headcount_series(force: str) -> HeadcountSeries | None:
    """Every year held of the table without ethnicity for one force; None when none is held."""
    rows = (
        WorkforceTotal.objects.filter(force__slug=force)
        .values_list("as_at", "worker_type")
        .annotate(people=Sum("headcount"), fte=Sum("fte"))
    )
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    fte: dict[int, float] = {}
    for as_at, worker, people, full_time in rows:
        by_year[as_at.year][worker] = int(people)
        if worker == WorkforceTotal.WorkerType.OFFICER and full_time is not None:
            fte[as_at.year] = float(full_time)
    if not by_year:
        return None
    years = tuple(sorted(by_year))
    workers = [w for w in WorkforceTotal.WorkerType.values if any(w in by_year[y] for y in years)]
    return HeadcountSeries(
        force,
        force_by_slug(force).name,
        years,
        {w: tuple(by_year[y].get(w) for y in years) for w in workers},
        tuple(fte.get(y) for y in years),
    )


@dataclass(frozen=True)
class ForceWorkforce:
    """Everything a force's public workforce page shows."""

    force: str
    force_name: str
    latest: Representation | None  # officers, the latest year with every rank held
    by_rank: tuple[Representation, ...]  # the same year, one rank at a time
    by_worker_type: tuple[Representation, ...]  # each worker type held, in its latest whole year
    trend: RepresentationTrend | None  # officers, every whole year held
    chief_trend: RepresentationTrend | None  # chief officers, every year held
    headcount: HeadcountSeries | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.force,
            "force_name": self.force_name,
            "officers": None if self.latest is None else self.latest.as_dict(),
            "by_rank": [r.as_dict() for r in self.by_rank],
            "by_worker_type": [r.as_dict() for r in self.by_worker_type],
            "trend": None if self.trend is None else self.trend.as_dict(),
            "chief_officer_trend": None if self.chief_trend is None else self.chief_trend.as_dict(),
            "headcount": None if self.headcount is None else self.headcount.as_dict(),
        }


def _ranks(force: str, year: int) -> list[str]:
    ranks = Headcount.objects.filter(force__slug=force, as_at=date(year, 3, 31), worker_type="officer")
    return sorted(set(ranks.values_list("rank", flat=True)))


def force_workforce(force: str) -> ForceWorkforce:
    """A force's representation (latest, by rank, by worker type, over time) and headcounts."""
    info = force_by_slug(force)
    coverage = _coverage(force)
    whole: dict[str, list[int]] = defaultdict(list)
    chief_years: list[int] = []
    for (_, year, worker), ranks in sorted(coverage.items()):
        if ranks != {CHIEF}:
            whole[worker].append(year)
        if worker == Headcount.WorkerType.OFFICER and CHIEF in ranks:
            chief_years.append(year)
    officer_years = whole.get(Headcount.WorkerType.OFFICER, [])
    latest = force_representation(force, officer_years[-1]) if officer_years else None
    by_rank = (
        tuple(force_representation(force, officer_years[-1], rank=r) for r in _ranks(force, officer_years[-1]))
        if officer_years
        else ()
    )
    by_worker = tuple(force_representation(force, years[-1], worker_type=w) for w, years in sorted(whole.items()))
    trend = representation_trend([force_representation(force, y) for y in officer_years]) if officer_years else None
    chief = (
        representation_trend([force_representation(force, y, rank=CHIEF) for y in chief_years]) if chief_years else None
    )
    return ForceWorkforce(force, info.name, latest, by_rank, by_worker, trend, chief, headcount_series(force))


@dataclass(frozen=True)
class NationalRepresentation:
    """Every force's officers' representation in one year, side by side."""

    year: int
    years: tuple[int, ...]  # every year some force holds whole
    forces: tuple[Representation, ...]
    not_held: tuple[str, ...]  # force names with no whole count that year

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_at": date(self.year, 3, 31).isoformat(),
            "years_held": list(self.years),
            "forces": [r.as_dict() for r in self.forces],
            "forces_not_held": list(self.not_held),
        }


def national_years() -> tuple[int, ...]:
    """Years in which at least one force's whole officer workforce is held by ethnicity."""
    held = _coverage()
    return tuple(sorted({y for (_, y, w), ranks in held.items() if w == "officer" and ranks != {CHIEF}}))


def national_representation(year: int | None = None) -> NationalRepresentation:
    """Each force's officers by ethnic group in `year` (default: the latest held whole)."""
    years = national_years()
    if not years:
        raise WorkforceError("no force's officers are held by ethnicity; import the Home Office tables")
    year = years[-1] if year is None else year
    if year not in years:
        raise WorkforceError(
            f"no force's officers are held by ethnicity as at 31 March {year}; years held: "
            + ", ".join(str(y) for y in years)
        )
    held = _coverage()
    forces: list[Representation] = []
    not_held: list[str] = []
    slugs = sorted({slug for slug, _, _ in held}, key=lambda s: force_by_slug(s).name)
    for slug in slugs:
        ranks = held.get((slug, year, "officer"), set())
        if ranks and ranks != {CHIEF}:
            forces.append(force_representation(slug, year))
        else:
            not_held.append(force_by_slug(slug).name)
    return NationalRepresentation(year, years, tuple(forces), tuple(not_held))
