"""Which periods a force's figures can be published for, and which one to show first.

Published figures default to the latest *complete* financial year: the latest April to
March whose twelve months are all held. A year with a month missing still has counts, but
the analysis withholds rates for it (PARITY_REQUIRE_COMPLETE_PERIOD), so it is offered,
marked incomplete, never chosen by default.

A reader may ask only for a period on a fixed grid: a month, a quarter, a financial or
calendar year, or twelve whole months ending at a month end. Never a day or a run of days:
two tables whose periods differ by a day (1 May, and 2 to 31 May) would give that day's
counts by subtraction, however well each table is protected on its own. The periods on the
grid overlap too (a year and its months, two rolling years a month apart), so their tables
are protected together (`parity.analysis.grid`). A period in which
no month is held is refused before any figure is worked out, so a period in the year 9999
costs nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from parity.analysis.grid import on_grid
from parity.analysis.period import Period, PeriodError, parse_period
from parity.powers.statistics.common import AnalysisError, NoRecords, fy_of_month
from parity.reference.calendar import financial_year_months

GRID_HELP = (
    "Choose a month (2020-05), a quarter (2020/21-Q1 or 2020-Q2), a financial year (2020/21), a calendar "
    "year (2020) or twelve whole months (2020-06..2021-05). Figures are not published for single days or "
    "other runs of days, because comparing two such periods could reveal a small number of people."
)


@dataclass(frozen=True)
class YearHeld:
    label: str  # "2020/21"
    months_held: int

    @property
    def complete(self) -> bool:
        return self.months_held == 12


def years_held(months: Iterable[str]) -> list[YearHeld]:
    """Every financial year with at least one month held, newest first."""
    held = set(months)
    labels = sorted({fy_of_month(m) for m in held}, reverse=True)
    return [YearHeld(fy, sum(m in held for m in financial_year_months(fy))) for fy in labels]


def latest_complete_year(months: Iterable[str]) -> str | None:
    return next((y.label for y in years_held(months) if y.complete), None)


def public_period(text: str, months_held: Collection[str], force_name: str) -> Period:
    """The period a reader asked for, if it is on the public grid and touches a month held.

    Raises AnalysisError (a bad request) for anything off the grid, NoRecords when no month
    of it is held. Both are decided from the text and the months held, before any query.
    """
    try:
        period = parse_period(text)
    except PeriodError:
        raise AnalysisError(f"{text.strip()!r} is not a period Parity understands. {GRID_HELP}") from None
    if not on_grid(period):
        raise AnalysisError(f"{text.strip()!r} is not a period Parity publishes figures for. {GRID_HELP}")
    if not any(m in months_held for m in period.months):
        held = sorted(months_held)
        span = f"it holds months from {held[0]} to {held[-1]}" if held else "it holds none"
        raise NoRecords(f"no stop-and-search records are held for {force_name} in {period.label}; {span}")
    return period
