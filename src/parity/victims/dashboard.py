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
from parity.victims.models import ComplaintUnit, VictimUnit


@dataclass(frozen=True)
class Dashboard:
    force: Force
    period: Period
    victims: VictimMeasures
    complaints: ComplaintMeasures
    fictional: bool
    strands: dict[str, str]


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
    )
