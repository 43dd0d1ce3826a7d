"""The internal figures page: every victims' measure and the complaints figures for a force
and period, for the force's own staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from parity.analysis.complaints import ComplaintMeasures
from parity.analysis.period import Period, parse_period
from parity.analysis.victims import VictimMeasures
from parity.reference.models import Force
from parity.victims import statistics, vocabulary
from parity.victims.models import ComplaintUnit, SurveyEstimate, VictimUnit


@dataclass(frozen=True)
class Dashboard:
    force: Force
    period: Period
    victims: VictimMeasures
    complaints: ComplaintMeasures
    fictional: bool
    strands: dict[str, str]
    survey: SurveyFigures | None


def last_year(today: date) -> Period:
    return Period(today - timedelta(days=364), today, "the last 12 months", "range")


def figures(force: Force, period_text: str, *, today: date) -> Dashboard:
    """The figures for a period ("2024/25", "2024-Q3", ...; blank: the last 12 months).
    PeriodError names the forms accepted."""
    period = parse_period(period_text) if period_text.strip() else last_year(today)
    as_at = min(period.end, today)
    return Dashboard(
        force=force,
        period=period,
        victims=statistics.force_measures(force, start=period.start, end=period.end, as_at=as_at),
        complaints=statistics.force_complaints(force, start=period.start, end=period.end),
        fictional=VictimUnit.objects.filter(force=force, fictional=True).exists()
        or ComplaintUnit.objects.filter(force=force, fictional=True).exists(),
        strands={**vocabulary.STRANDS, "all": "All hate crimes"},
        survey=survey_figures(force),
    )


SURVEY_CAVEAT = (
    "From the Crime Survey for England and Wales: the share of adults who said they were victims of crime "
    "(not counting fraud and computer misuse) in the survey's years, for the whole force area, pooled over three "
    "years because few people in some groups are asked. It is how likely people are to be victims, whether or not "
    "they reported it, not how the police treated them. Where the survey had too few answers it withheld the "
    "figure, and so does Parity."
)


@dataclass(frozen=True)
class SurveyFigures:
    """The survey's latest pooled window for a force area, its broad groups as published."""

    window: str
    rows: tuple[SurveyEstimate, ...]
    caveat: str = SURVEY_CAVEAT


def survey_figures(force: Force) -> SurveyFigures | None:
    """The latest window the survey published for the force's area, or None if none is held."""
    held = SurveyEstimate.objects.filter(force=force, age="16+", gender="All", income="All", socio_economic="All")
    broad = held.filter(ethnicity_type="ONS 2011 5 + 1")  # as stored: spaces tidied
    latest = broad.order_by("-time").values_list("time", flat=True).first()
    if latest is None:
        return None
    return SurveyFigures(latest, tuple(broad.filter(time=latest).order_by("line")))
