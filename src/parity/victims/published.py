"""What the public victims' and complaints pages show: a force's figures for one quarter.

Public figures are published by calendar quarter only, and only for quarters that have
ended: quarters never overlap, so no two published tables can be differenced into a
smaller group of people, and a quarter's figures are worked out as at its last day, so they
stay the same whenever they are read. Every figure is a result object of `parity.analysis`
with small numbers already protected; this module only chooses what is held and asked for.
A part (victims or complaints) is shown only when all three months of the quarter are held
for it; otherwise the page says which months are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from parity.analysis.complaints import ComplaintMeasures
from parity.analysis.period import Period, parse_period
from parity.analysis.rules import Rules
from parity.analysis.victims import VictimMeasures
from parity.errors import ParityError
from parity.reference.models import Force
from parity.victims import statistics, vocabulary
from parity.victims.dashboard import SurveyFigures, survey_figures
from parity.victims.models import ComplaintUnit, VictimUnit

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
QUARTER_HELP = "Choose a calendar quarter, for example 2024-Q3 (July to September 2024)."


class NotHeld(ParityError, LookupError):
    """No figures are published for the force, or for the quarter asked for."""


class BadQuarter(ParityError, ValueError):
    """The quarter asked for is not one Parity publishes figures for."""


@dataclass(frozen=True)
class Part:
    """Victims' or complaints' months held in the quarter, and why figures are not shown if not."""

    months_held: tuple[str, ...]
    problem: str | None


@dataclass(frozen=True)
class QuarterFigures:
    force: Force
    quarter: str  # 2024-Q3
    period: Period
    quarters: tuple[str, ...]  # every quarter published for the force, newest first
    victims: VictimMeasures | None
    victims_part: Part
    complaints: ComplaintMeasures | None
    complaints_part: Part
    fictional: bool
    survey: SurveyFigures | None
    strands: dict[str, str]

    def part(self, name: str) -> PublishedPart:
        """The victims' or the complaints' figures alone, as a download or the API gives them;
        NotHeld if the quarter's months are not all held for them."""
        part = self.victims_part if name == "victims" else self.complaints_part
        if part.problem:
            raise NotHeld(part.problem)
        return PublishedPart(self, name)


@dataclass(frozen=True)
class PublishedPart:
    figures: QuarterFigures
    name: str  # victims or complaints

    @property
    def result(self) -> VictimMeasures | ComplaintMeasures:
        found = self.figures.victims if self.name == "victims" else self.figures.complaints
        assert found is not None  # QuarterFigures.part() made sure
        return found

    def as_dict(self) -> dict[str, Any]:
        f = self.figures
        return {
            "force": f.force.slug,
            "force_name": f.force.name,
            "quarter": f.quarter,
            "period_start": f.period.start.isoformat(),
            "period_end": f.period.end.isoformat(),
            "fictional": f.fictional,
            self.name: self.result.as_dict(),
        }


def held_version() -> tuple[int, int, int, int]:
    """How much victims' and complaints' data is held: part of the public pages' data version."""
    last_victims = VictimUnit.objects.order_by("-pk").values_list("pk", flat=True).first()
    last_complaints = ComplaintUnit.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (VictimUnit.objects.count(), last_victims or 0, ComplaintUnit.objects.count(), last_complaints or 0)


def quarter_of(month: date) -> str:
    return f"{month.year:04d}-Q{(month.month - 1) // 3 + 1}"


def _months(model: type[VictimUnit | ComplaintUnit], force: Force) -> set[str]:
    return {f"{m:%Y-%m}" for m in model.objects.filter(force=force).values_list("month", flat=True)}


def quarters_held(force: Force, *, today: date) -> tuple[str, ...]:
    """Every quarter that has ended and has a month of victims or complaints held, newest first."""
    months = _months(VictimUnit, force) | _months(ComplaintUnit, force)
    ended = {q for q in (quarter_of(date.fromisoformat(f"{m}-01")) for m in months) if parse_period(q).end < today}
    return tuple(sorted(ended, reverse=True))


def _part(noun: str, held: set[str], period: Period) -> Part:
    months = tuple(m for m in period.months if m in held)
    if len(months) == len(period.months):
        return Part(months, None)
    names = ", ".join(date.fromisoformat(f"{m}-01").strftime("%B %Y") for m in months) or "none"
    return Part(months, f"Figures for {noun} are given only for a quarter whose three months are all held. "
                        f"Months held in {period.label}: {names}.")  # fmt: skip


def force_quarter(slug: str, quarter: str | None, *, today: date) -> QuarterFigures:
    """A force's published victims' and complaints' figures for one quarter (the newest if None).

    Raises BadQuarter for anything that is not a calendar quarter, NotHeld for a force or
    quarter with nothing published; both before any figure is worked out.
    """
    if quarter is not None and not QUARTER.match(quarter):
        raise BadQuarter(f"{quarter[:20]!r} is not a quarter. {QUARTER_HELP}")
    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise NotHeld(f"no force {slug!r}")
    quarters = quarters_held(force, today=today)
    if not quarters:
        raise NotHeld(f"no figures on victims or complaints are published for {force.name}")
    chosen = quarter or quarters[0]
    if chosen not in quarters:
        raise NotHeld(f"no figures on victims or complaints are published for {force.name} for {chosen}")
    period = parse_period(chosen)
    rules = Rules.from_settings()
    victims_part = _part("victims", _months(VictimUnit, force), period)
    complaints_part = _part("complaints", _months(ComplaintUnit, force), period)
    victims = (
        None
        if victims_part.problem
        else statistics.force_measures(force, start=period.start, end=period.end, as_at=period.end, rules=rules)
    )
    complaints = (
        None
        if complaints_part.problem
        else statistics.force_complaints(force, start=period.start, end=period.end, rules=rules)
    )
    fictional = is_fictional(force)
    return QuarterFigures(
        force=force,
        quarter=chosen,
        period=period,
        quarters=quarters,
        victims=victims,
        victims_part=victims_part,
        complaints=complaints,
        complaints_part=complaints_part,
        fictional=fictional,
        survey=survey_figures(force),
        strands={**vocabulary.STRANDS, "all": "All hate crimes"},
    )


def is_fictional(force: Force) -> bool:
    """Whether the force is the demonstration's fictional one, or any of its victims' or
    complaints' records were made up for the demonstration."""
    return (
        force.fictional
        or VictimUnit.objects.filter(force=force, fictional=True).exists()
        or ComplaintUnit.objects.filter(force=force, fictional=True).exists()
    )


def forces_published(*, today: date) -> tuple[tuple[Force, str, bool], ...]:
    """Each force with a quarter published, its newest quarter, and whether its records are fictional."""
    slugs = set(VictimUnit.objects.values_list("force__slug", flat=True)) | set(
        ComplaintUnit.objects.values_list("force__slug", flat=True)
    )
    found: list[tuple[Force, str, bool]] = []
    for force in Force.objects.filter(slug__in=slugs).order_by("name"):
        quarters = quarters_held(force, today=today)
        if quarters:
            found.append((force, quarters[0], is_fictional(force)))
    return tuple(found)
