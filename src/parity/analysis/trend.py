"""Trends: rolling 12-month rates and ratios, and change on the previous year.

A rolling 12-month figure ending in month M counts the searches of M and the eleven months
before it against a year's census population, so every point is an annual rate and the
seasonal swing drops out. A window with a month missing is withheld like any other
incomplete year. Each point is a full `RateTable`.

Overlapping windows differ by one month at each end, so each window is protected together
with every other published period of the force (`TrendInputs.linked`): a count hidden in
one month is hidden in every window, and no two windows can be differenced.

Change on the previous year compares a period with the same dates a year earlier, both
divided by the same census (the current period's), so the change reflects searches, not a
new denominator: the rate change is a Poisson rate ratio with its interval (exact when
small) and the change in the disproportionality ratio is a ratio of ratios with a log-Wald
interval, SE = sqrt(1/a1 + 1/b1 + 1/a0 + 1/b0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parity.analysis import intervals, statements
from parity.analysis.groups import Scheme
from parity.analysis.quality import QualityInputs, assess
from parity.analysis.rates import GroupRate, RateInput, RateTable, build_rate_tables
from parity.analysis.results import Context, clean, find_group
from parity.analysis.rules import Rules


def window(end: str) -> tuple[str, ...]:
    """The twelve months ending with `end` (YYYY-MM), oldest first."""
    year, month = int(end[:4]), int(end[5:])
    index = year * 12 + month - 1
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - 11, index + 1))


@dataclass(frozen=True)
class TrendInputs:
    context: Context  # the whole trend: period from the first window's start to the last end
    scheme: Scheme
    reference: str
    monthly: Mapping[tuple[str | None, str], int]  # (group, month) -> searches
    ends: tuple[str, ...]  # the months the windows end in
    populations: Mapping[int, Mapping[str, int]]  # census year -> group -> residents
    census_year_of: Mapping[str, int]  # window end month -> census year
    held: Mapping[str, int]
    low: frozenset[str]
    rate_note: str = ""
    warnings: tuple[str, ...] = ()
    linked: tuple[RateInput, ...] = ()  # every published period's counts (see build_rate_tables)


@dataclass(frozen=True)
class TrendPoint:
    month: str  # the window's last month
    table: RateTable

    def as_dict(self) -> dict[str, Any]:
        t = self.table
        return {
            "month": self.month,
            "period": t.context.period,
            "census_year": t.context.census_year,
            "groups": [_compact(g) for g in t.groups],
            "total": _compact(t.total),
            "not_stated_share": t.not_stated_share,
            "hidden_may_be_zero": t.hidden_may_be_zero,
            "warnings": list(t.warnings),
        }


def _compact(g: GroupRate) -> dict[str, Any]:
    return {
        "group": g.group,
        "searches": g.searches,
        "population": g.population,
        "rate_per_1000": g.rate_per_1000,
        "ratio": g.ratio,
        "ratio_ci_low": g.ratio_ci_low,
        "ratio_ci_high": g.ratio_ci_high,
        "unreliable": g.unreliable,
        "suppressed": g.suppressed,
        "warnings": list(g.warnings),
    }


@dataclass(frozen=True)
class Trend:
    context: Context
    reference_group: str
    points: tuple[TrendPoint, ...]
    warnings: tuple[str, ...]
    rules: Rules

    def series(self, group: str) -> list[tuple[str, float | None, float | None, float | None]]:
        """(month, ratio, low, high) for one group across the windows."""
        out = []
        for p in self.points:
            g = p.table.group(group)
            out.append((p.month, g.ratio, g.ratio_ci_low, g.ratio_ci_high))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.context.head(),
            "reference_group": self.reference_group,
            "window_months": 12,
            "points": [p.as_dict() for p in self.points],
            "warnings": list(self.warnings),
            "method": "rolling 12 months ending in each month; searches per 1,000 residents and ratios as for a year",
            "rules": self.rules.as_dict(),
        }


def rolling_trend(item: TrendInputs, rules: Rules | None = None) -> Trend:
    """One protected rate table per 12-month window, all built in one pass."""
    rules = rules or Rules()
    inputs = []
    for end in item.ends:
        months = window(end)
        counts: dict[tuple[str | None, str | None], int] = {}
        for (group, month), n in item.monthly.items():
            if month in months:
                counts[(group, None)] = counts.get((group, None), 0) + n
        quality = assess(
            QualityInputs(
                item.context.force_name,
                f"the 12 months to {end}",
                months,
                item.held,
                item.low,
                0,
                {},
                (),
                item.rate_note,
            ),
            rules,
        )
        year = item.census_year_of[end]
        pops = item.populations.get(year)
        context = Context(
            item.context.force,
            item.context.force_name,
            f"{months[0]}-01",
            _month_end(end),
            f"12 months to {end}",
            year,
            item.context.ethnicity,
            item.context.classification,
            item.context.filters,
        )
        inputs.append(
            RateInput(
                context=context,
                scheme=item.scheme,
                reference=item.reference,
                counts=counts,
                populations=pops,
                no_rate_reason=quality.no_rate_reason
                or (None if pops else f"No {year} census populations are held, so no rates can be given."),
                warnings=quality.warnings,
            )
        )
    tables = build_rate_tables(inputs, rules, linked=item.linked)
    points = tuple(TrendPoint(end, t) for end, t in zip(item.ends, tables, strict=True))
    reference = tables[0].reference_group if tables else item.reference
    return Trend(item.context, reference, points, item.warnings, rules)


def _month_end(month: str) -> str:
    from calendar import monthrange

    year, m = int(month[:4]), int(month[5:])
    return f"{month}-{monthrange(year, m)[1]:02d}"


# --- change on the previous year ------------------------------------------------------


@dataclass(frozen=True)
class GroupChange:
    group: str
    code: str
    searches: int | None
    searches_before: int | None
    rate_per_1000: float | None
    rate_before: float | None
    rate_change: float | None  # rate now / rate before
    rate_change_ci_low: float | None
    rate_change_ci_high: float | None
    rate_change_method: str | None
    ratio: float | None
    ratio_before: float | None
    ratio_change: float | None  # ratio now / ratio before
    ratio_change_ci_low: float | None
    ratio_change_ci_high: float | None
    reference: bool
    warnings: tuple[str, ...]
    reference_label: str = field(default="", repr=False)
    basis: str = field(default="self-defined", repr=False)
    confidence: float = field(default=0.95, repr=False)

    @property
    def statement(self) -> str:
        who = statements.people(self.group, self.basis)  # type: ignore[arg-type]
        if self.rate_change is None:
            reason = self.warnings[0] if self.warnings else "the figures for one of the years are not available."
            return f"No change can be given for {who}: {reason[0].lower()}{reason[1:]}"
        parts = [f"The rate at which {who} were searched {_movement(self.rate_change)} on the previous year"]
        if self.rate_change_ci_low is not None and self.rate_change_ci_high is not None:
            parts[0] += (
                f" ({self.confidence:.0%} interval {_signed(self.rate_change_ci_low)} to "
                f"{_signed(self.rate_change_ci_high)})"
            )
        parts[0] += "."
        if self.ratio_change is not None and self.ratio is not None and self.ratio_before is not None:
            line = (
                f"The ratio to {statements.people(self.reference_label, self.basis)} went from "  # type: ignore[arg-type]
                f"{statements.one_dp(self.ratio_before)} to {statements.one_dp(self.ratio)}"
            )
            if self.ratio_change_ci_low is not None and self.ratio_change_ci_high is not None:
                line += (
                    f" (a change of {_signed(self.ratio_change)}, {self.confidence:.0%} interval "
                    f"{_signed(self.ratio_change_ci_low)} to {_signed(self.ratio_change_ci_high)}"
                )
                if self.ratio_change_ci_low <= 1 <= self.ratio_change_ci_high:
                    line += "; consistent with no change"
                line += ")"
            parts.append(line + ".")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in CHANGE_FIELDS}
        out["statement"] = self.statement
        out["warnings"] = list(self.warnings)
        return out


# A group's change, in the order its JSON and its CSV download (parity.public.downloads) give it.
CHANGE_FIELDS = (
    "group",
    "code",
    "searches",
    "searches_before",
    "rate_per_1000",
    "rate_before",
    "rate_change",
    "rate_change_ci_low",
    "rate_change_ci_high",
    "rate_change_method",
    "ratio",
    "ratio_before",
    "ratio_change",
    "ratio_change_ci_low",
    "ratio_change_ci_high",
    "reference",
)


def _signed(change: float) -> str:
    """A ratio of rates as a percentage change: 0.877 -> "-12.3%"."""
    pct = 100 * (change - 1)
    return f"{'+' if pct >= 0 else ''}{statements.one_dp(pct)}%"


def _movement(change: float) -> str:
    pct = 100 * (change - 1)
    if statements.one_dp(abs(pct)) == "0.0":
        return "was unchanged"
    return f"{'rose' if pct > 0 else 'fell'} by {statements.one_dp(abs(pct))}%"


@dataclass(frozen=True)
class Change:
    current: RateTable
    previous: RateTable
    groups: tuple[GroupChange, ...]
    total: GroupChange
    warnings: tuple[str, ...]

    def group(self, code_or_label: str) -> GroupChange:
        return find_group(self.groups, code_or_label)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.current.context.head(),
            "previous_period": self.previous.context.period,
            "previous_census_year": self.previous.context.census_year,
            "reference_group": self.current.reference_group,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "warnings": list(self.warnings),
            "method": {
                "rate_change": (
                    "Poisson rate ratio, this period against the same dates a year earlier (exact when small)"
                ),
                "ratio_change": "ratio of disproportionality ratios, log-Wald interval sqrt(1/a1+1/b1+1/a0+1/b0)",
                "denominators": "both periods divided by the same census, so the change reflects searches",
            },
            "current": self.current.as_dict(),
            "previous": self.previous.as_dict(),
        }


def compare(current: RateTable, previous: RateTable, rules: Rules | None = None) -> Change:
    """Change on the previous year from two protected tables: only shown counts are used."""
    rules = rules or Rules()
    before = {g.code: g for g in previous.groups}
    ref_now = next((g for g in current.groups if g.reference), None)
    ref_before = before.get(ref_now.code) if ref_now else None
    label = current.reference_group
    reasons = (current.no_rate_reason, previous.no_rate_reason)
    groups = tuple(
        _change(
            g,
            then=before.get(g.code),
            ref_now=ref_now,
            ref_then=ref_before,
            reference_label=label,
            rules=rules,
            reasons=reasons,
        )
        for g in current.groups
    )
    total = _change(
        current.total,
        then=previous.total,
        ref_now=None,
        ref_then=None,
        reference_label=label,
        rules=rules,
        reasons=reasons,
    )
    warnings = [*current.warnings, *(f"Previous year: {w}" for w in previous.warnings)]
    if current.context.census_year != previous.context.census_year:
        warnings.append(
            "The two periods are divided by different censuses, so part of any change is the new denominator."
        )
    return Change(current, previous, groups, total, tuple(dict.fromkeys(warnings)))


def _change(
    now: GroupRate,
    *,
    then: GroupRate | None,
    ref_now: GroupRate | None,
    ref_then: GroupRate | None,
    reference_label: str,
    rules: Rules,
    reasons: tuple[str | None, str | None] = (None, None),
) -> GroupChange:
    warnings: list[str] = []
    a1, a0 = now.searches, then.searches if then else None
    rate_change = low = high = None
    method = None
    if then is None or now.rate_per_1000 is None or then.rate_per_1000 is None:
        warnings.append(_why(now, then, reasons))
    elif a1 is not None and a0 is not None and now.population and then.population:
        est = intervals.rate_ratio(
            a1, now.population, a0, then.population, exact_below=rules.exact_below, confidence=rules.confidence
        )
        rate_change, low, high, method = est.ratio, est.low, est.high, est.method
        if est.reason:
            warnings.append(est.reason)
    ratio_change = r_low = r_high = None
    if (
        now.ratio is not None
        and then is not None
        and then.ratio is not None
        and not now.reference
        and ref_now is not None
        and ref_then is not None
    ):
        b1, b0 = ref_now.searches, ref_then.searches
        if a1 and a0 and b1 and b0 and then.ratio > 0:
            ratio_change = now.ratio / then.ratio
            se = math.sqrt(1 / a1 + 1 / b1 + 1 / a0 + 1 / b0)
            z = intervals.z_value(rules.confidence)
            r_low, r_high = ratio_change * math.exp(-z * se), ratio_change * math.exp(z * se)
            if min(a1, a0) < rules.unreliable_below:
                warnings.append(
                    f"Fewer than {rules.unreliable_below} searches in a year: treat the change as unreliable."
                )
    return GroupChange(
        group=now.group,
        code=now.code,
        searches=a1,
        searches_before=a0,
        rate_per_1000=now.rate_per_1000,
        rate_before=then.rate_per_1000 if then else None,
        rate_change=clean(rate_change),
        rate_change_ci_low=clean(low),
        rate_change_ci_high=clean(high),
        rate_change_method=method,
        ratio=now.ratio,
        ratio_before=then.ratio if then else None,
        ratio_change=clean(ratio_change),
        ratio_change_ci_low=clean(r_low),
        ratio_change_ci_high=clean(r_high),
        reference=now.reference,
        warnings=tuple(warnings),
        reference_label=reference_label,
        basis=now.basis,
        confidence=rules.confidence,
    )


def _why(now: GroupRate, then: GroupRate | None, reasons: tuple[str | None, str | None]) -> str:
    if then is None:
        return "The previous year has no figure for this group."
    for side, g, reason in (("This period", now, reasons[0]), ("The previous year", then, reasons[1])):
        if g.rate_per_1000 is None:
            detail = reason or (g.warnings[0] if g.warnings else "no rate is given.")
            return f"{side}: {detail[0].lower()}{detail[1:]}"
    return "No rate for one of the years."
