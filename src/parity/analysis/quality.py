"""Data-quality warnings that travel with every figure, and the cases where a figure is refused.

- A month of the period with no file held is a missing submission, not zero searches; with
  the default rules, rates and ratios for the period are withheld (METHODS.md §1.6.3).
- A month held but far below the months around it (`parity.powers.coverage` decides which)
  is probably incomplete; figures are given with a warning.
- A field blank in most of the force's records for the period (West Midlands never records
  gender) makes any figure that depends on it unreliable or impossible.
- An area without a meaningful resident population (City of London, British Transport
  Police) gets no rate per 1,000 residents, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from parity.analysis import statements
from parity.analysis.rules import Rules


@dataclass(frozen=True)
class QualityInputs:
    force_name: str
    period_label: str
    period_months: tuple[str, ...]
    held: Mapping[str, int]  # month -> records held, for the force's whole history
    low: frozenset[str]  # months held but anomalously low (coverage.low_volume_months)
    searches: int  # person searches in the selection
    blanks: Mapping[str, int]  # field -> blank among those searches
    relevant: tuple[str, ...]  # the fields this statistic depends on
    rate_note: str = ""  # non-empty: the area has no meaningful resident population
    whole_year: bool = True


@dataclass(frozen=True)
class Quality:
    warnings: tuple[str, ...]
    missing_months: tuple[str, ...]
    low_months: tuple[str, ...]
    blank_percent: Mapping[str, float] = field(default_factory=dict)
    no_rate_reason: str | None = None  # the area, or an incomplete period
    never_recorded: tuple[str, ...] = ()
    field_warnings: tuple[str, ...] = ()  # the blank-field warnings alone


def assess(q: QualityInputs, rules: Rules) -> Quality:
    """Warnings for one selection, and whether its rates must be refused or withheld."""
    warnings: list[str] = []
    missing = tuple(m for m in q.period_months if m not in q.held)
    low = tuple(m for m in q.period_months if m in q.low)
    no_rate: str | None = q.rate_note or None
    if missing:
        listed = _months(missing)
        warnings.append(
            f"No records are held for {q.force_name} for {len(missing)} of the {len(q.period_months)} months "
            f"in {q.period_label} ({listed}). A missing month is a missing submission, not zero searches, "
            "so counts for the period are incomplete."
        )
        if rules.require_complete_period and not no_rate:
            no_rate = (
                f"Rates and ratios are withheld because {len(missing)} month{'s' * (len(missing) > 1)} of the "
                "period are missing; they are given only when every month is held."
            )
    for month in low:
        warnings.append(
            f"{month} holds only {statements.count(q.held[month])} records for {q.force_name}, under half the "
            "months around it; that month's submission looks incomplete, so counts are probably too low."
        )
    percent: dict[str, float] = {}
    never: list[str] = []
    fields: list[str] = []
    if q.searches:
        for name in q.relevant:
            share = 100 * q.blanks.get(name, 0) / q.searches
            percent[name] = share
            if share >= 100:
                never.append(name)
                fields.append(
                    f"{q.force_name} did not record {name} for any of the {statements.count(q.searches)} searches "
                    "in this period, so no figure that depends on it can be given."
                )
            elif share >= rules.mostly_blank_percent:
                fields.append(
                    f"{name[0].upper()}{name[1:]} is blank in {statements.one_dp(share)}% of {q.force_name}'s "
                    "searches in this period, so figures that depend on it rest on a minority of records."
                )
    warnings += fields
    if not q.whole_year:
        warnings.append(
            "The period is not one year, so rates are searches per 1,000 residents over the period, not per year; "
            "ratios are unaffected."
        )
    return Quality(tuple(warnings), missing, low, percent, no_rate, tuple(never), tuple(fields))


def _months(months: Sequence[str]) -> str:
    if len(months) <= 4:
        return ", ".join(months)
    return f"{months[0]} to {months[-1]}, with gaps" if _gappy(months) else f"{months[0]} to {months[-1]}"


def _gappy(months: Sequence[str]) -> bool:
    def index(m: str) -> int:
        return int(m[:4]) * 12 + int(m[5:]) - 1

    return index(months[-1]) - index(months[0]) + 1 != len(months)
