"""One measure across forces, with intervals and funnel-plot limits (METHODS.md §3.1).

Forces are never ranked on the point estimate: with 43 forces and several groups some will
look extreme by chance. Each force's figure is set against the average of the forces shown
(their pooled value) with control limits that depend on how many searches the figure rests
on (Spiegelhalter 2005): inside the 95% limits is what chance alone would give; outside the
99.8% limits is very unlikely to be chance.

For a force, O is the group's searches and E the searches expected at the pooled value:
for a rate, E = residents x pooled rate; for a ratio, E = residents x the force's reference
rate x pooled ratio. Under "no difference from the average", O is Poisson with mean E, so
the limits are exact Poisson (Garwood) limits of O, divided by E and multiplied by the
pooled value. The reference group's own count is treated as fixed, which is close to true
when it is large (it usually is: White residents are the majority in every force area).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from parity.analysis.intervals import funnel_limits
from parity.analysis.rates import GroupRate, RateTable
from parity.public import figures
from parity.public.query import Choice
from parity.web.cache import memoised

Measure = Literal["ratio", "rate"]
MEASURES: dict[str, str] = {
    "ratio": "Disproportionality ratio: the group’s rate divided by the reference group’s",
    "rate": "Searches per 1,000 residents of the group",
}
LIMITS = (0.95, 0.998)


@dataclass(frozen=True)
class ForceFigure:
    slug: str
    name: str
    value: float | None
    low: float | None
    high: float | None
    observed: int | None  # the group's searches
    expected: float | None  # at the pooled value
    unreliable: bool
    reason: str | None  # why there is no value
    position: str | None = None  # against the funnel's limits

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.slug,
            "force_name": self.name,
            "value": self.value,
            "ci_low": self.low,
            "ci_high": self.high,
            "searches": self.observed,
            "expected_at_average": self.expected,
            "unreliable": self.unreliable,
            "against_average": self.position,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    group: str
    choice: Choice
    forces: tuple[ForceFigure, ...]  # alphabetical, never by value
    average: float | None  # the pooled value of the forces with a figure
    funnel: tuple[tuple[float, float, float, float, float], ...]  # (E, low95, high95, low998, high998)

    @property
    def title(self) -> str:
        if self.measure == "ratio":
            return f"{self.group} to {self.choice.reference} disproportionality ratio, by force, {self.choice.period}"
        return f"Searches per 1,000 {self.group} residents, by force, {self.choice.period}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "definition": MEASURES[self.measure],
            "group": self.group,
            "reference_group": self.choice.reference if self.measure == "ratio" else None,
            "period": self.choice.period,
            "ethnicity": "officer-defined" if self.choice.ethnicity == "officer" else "self-defined",
            "filters": self.choice.filters,
            "average": self.average,
            "forces": [f.as_dict() for f in self.forces],
            "funnel_limits": [
                {"expected": e, "low_95": a, "high_95": b, "low_99_8": c, "high_99_8": d}
                for e, a, b, c, d in self.funnel
            ],
            "method": (
                "Average: the pooled value of the forces with a figure. Limits: exact Poisson limits of the group's "
                "searches around what the average would give, 95% and 99.8%. Intervals per force as in the "
                "rate and ratio methodology."
            ),
        }


def _figure(slug: str, name: str, table: RateTable, group: str, measure: Measure) -> ForceFigure:
    row = table.group(group) if group != "All" else table.total
    ref = next((g for g in table.groups if g.reference), None)
    value, low, high = _value(row, measure)
    reason = None
    if value is None:
        reason = _reason(table, row, measure)
    expected_base = _expected_base(row, ref, measure)
    return ForceFigure(slug, name, value, low, high, row.searches, expected_base, row.unreliable, reason)


def _value(row: GroupRate, measure: Measure) -> tuple[float | None, float | None, float | None]:
    if measure == "ratio":
        return row.ratio, row.ratio_ci_low, row.ratio_ci_high
    return row.rate_per_1000, row.rate_ci_low, row.rate_ci_high


def _expected_base(row: GroupRate, ref: GroupRate | None, measure: Measure) -> float | None:
    """Searches expected at a value of 1 (ratio) or 1 per 1,000 (rate); None without one."""
    if row.population is None or row.searches is None or _value(row, measure)[0] is None:
        return None
    if measure == "rate":
        return row.population / 1000
    if ref is None or ref.rate_per_1000 is None:
        return None
    return row.population * ref.rate_per_1000 / 1000


def _reason(table: RateTable, row: GroupRate, measure: Measure) -> str:
    if row.suppressed:
        return "Not published: too few searches to show without identifying people."
    if table.no_rate_reason:
        return figures._sentence(table.no_rate_reason)
    if row.reference and measure == "ratio":
        return "This is the reference group."
    reason = next(iter(row.warnings), None) or next(iter(table.warnings), None)
    return figures._sentence(reason) if reason else "No figure can be given."


def _position(value: float, expected: float, average: float) -> str:
    inner = funnel_limits(expected, confidence=LIMITS[0])
    outer = funnel_limits(expected, confidence=LIMITS[1])
    if value > average * outer[1]:
        return "Higher than the average, beyond the 99.8% limit"
    if value < average * outer[0]:
        return "Lower than the average, beyond the 99.8% limit"
    if value > average * inner[1]:
        return "Higher than the average, beyond the 95% limit"
    if value < average * inner[0]:
        return "Lower than the average, beyond the 95% limit"
    return "Within the range chance would give"


def default_period() -> str | None:
    """The latest financial year complete for the most forces held."""
    counts: dict[str, int] = {}
    for force in figures.forces_held():
        for year in force.years:
            if year.complete:
                counts[year.label] = counts.get(year.label, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    return max(label for label, n in counts.items() if n == best)


def period_options() -> list[tuple[str, str]]:
    """Every financial year complete for at least one force, newest first, with how many."""
    counts: dict[str, int] = {}
    for force in figures.forces_held():
        for year in force.years:
            if year.complete:
                counts[year.label] = counts.get(year.label, 0) + 1
    return [
        (label, f"{label} ({n} {'force' if n == 1 else 'forces'} complete)")
        for label, n in sorted(counts.items(), reverse=True)
    ]


@memoised("compare")
def compare(measure: Measure, group: str, choice: Choice) -> Comparison:
    """The measure for `group` in every force held, for one period; the period must be set."""
    rows = []
    for force in figures.forces_held():
        found = figures.answer(figures.rates, force.slug, choice)
        if found.result is None:
            rows.append(ForceFigure(force.slug, force.name, None, None, None, None, None, False, found.problem))
        else:
            rows.append(_figure(force.slug, force.name, found.result, group, measure))
    usable = [r for r in rows if r.value is not None and r.expected and r.observed is not None]
    total_o = sum(r.observed or 0 for r in usable)
    total_e = sum(r.expected or 0.0 for r in usable)
    average = total_o / total_e if total_e else None
    placed = []
    for r in rows:
        if average and r.value is not None and r.expected:
            expected = r.expected * average
            placed.append(_with(r, expected=expected, position=_position(r.value, expected, average)))
        else:
            placed.append(_with(r, expected=None, position=None))
    funnel: list[tuple[float, float, float, float, float]] = []
    expecteds = [r.expected for r in placed if r.expected]
    if average and expecteds:
        funnel = _funnel(min(expecteds), max(expecteds), average)
    return Comparison(measure, group, choice, tuple(placed), average, tuple(funnel))


def _with(row: ForceFigure, *, expected: float | None, position: str | None) -> ForceFigure:
    return ForceFigure(
        row.slug,
        row.name,
        row.value,
        row.low,
        row.high,
        row.observed,
        expected,
        row.unreliable,
        row.reason,
        position,
    )


def _funnel(
    low: float, high: float, average: float, points: int = 40
) -> list[tuple[float, float, float, float, float]]:
    """The limits at expected counts spread evenly on a log scale across the forces shown."""
    start, end = max(low / 2, 1.0), high * 1.5
    out = []
    for i in range(points):
        e = start * (end / start) ** (i / (points - 1))
        a, b = funnel_limits(e, confidence=LIMITS[0])
        c, d = funnel_limits(e, confidence=LIMITS[1])
        out.append((e, average * a, average * b, average * c, average * d))
    return out
