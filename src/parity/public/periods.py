"""Which financial years a force's figures can be shown for, and which one to show first.

Published figures default to the latest *complete* financial year: the latest April to
March whose twelve months are all held. A year with a month missing still has counts, but
the analysis withholds rates for it (PARITY_REQUIRE_COMPLETE_PERIOD), so it is offered,
marked incomplete, never chosen by default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parity.powers.statistics.common import fy_of_month
from parity.reference.calendar import financial_year_months


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
