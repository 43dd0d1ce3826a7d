"""When will a workforce reach its target at the present rate? (METHODS.md §7.3)

The stock-and-flow model: each year a share λ_m of minority and λ_w of other people leave,
and joiners, a share j of them minority, come in. For a share target the headcount is held
steady (joiners replace leavers), so the minority share moves as

    s(t+1) = a·s(t) + j·λ_w,   a = (1 − λ_m) + j(λ_m − λ_w),

towards the steady state s* = (j/λ_m) / (j/λ_m + (1 − j)/λ_w), reached only in the limit:
s(t) = s* + (s₀ − s*)·aᵗ. A target between s₀ and s* is reached after
t = ln[(target − s*)/(s₀ − s*)] / ln a years; any other is "never at the present rate". When
λ_m = λ_w this is the closed form of METHODS.md (s* = j: a workforce can never become more
diverse than its recruits).

A headcount target ("1,000 more") uses the force's own joiners a year J instead:
M(t+1) = M(t)(1 − λ_m) + jJ, which tends to M* = jJ/λ_m by the same kind of path.

The recruit share needed is the j whose steady state is the target; the cost of the gap in
leaving rates is how far the steady state falls short of j because minority people leave
faster (or, if they leave slower, the negative of it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

DAYS_A_YEAR = 365.25
Kind = Literal["share", "headcount"]


@dataclass(frozen=True)
class Point:
    when: date
    value: float  # a share (0-1) or a headcount


@dataclass(frozen=True)
class Projection:
    """The answer for one target; `years` is None when it is never reached at the present rate."""

    kind: Kind
    start: float  # s₀, or M₀
    target: float
    joiner_share: float
    leaving_minority: float
    leaving_other: float
    joiners_a_year: float | None
    steady_state: float
    years: float | None
    reached_on: date | None
    already_met: bool
    recruit_share_needed: float | None  # None when no share of recruits would do it
    steady_state_if_equal_leaving: float
    leaving_gap_cost: float  # steady state lost to the gap in leaving rates (share or people)
    extra_leavers_a_year: float  # minority leavers above what the other rate would give
    path: tuple[Point, ...]

    @property
    def never(self) -> bool:
        return self.years is None and not self.already_met

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "target": self.target,
            "joiner_share": self.joiner_share,
            "leaving_rate_minority": self.leaving_minority,
            "leaving_rate_other": self.leaving_other,
            "joiners_a_year": self.joiners_a_year,
            "steady_state": self.steady_state,
            "already_met": self.already_met,
            "years_to_target": self.years,
            "reached_on": self.reached_on.isoformat() if self.reached_on else None,
            "never_at_present_rate": self.never,
            "recruit_share_needed": self.recruit_share_needed,
            "steady_state_if_equal_leaving": self.steady_state_if_equal_leaving,
            "leaving_gap_cost": self.leaving_gap_cost,
            "extra_leavers_a_year": self.extra_leavers_a_year,
            "path": [{"date": p.when.isoformat(), "value": p.value} for p in self.path],
        }


def steady_state(j: float, leaving_minority: float, leaving_other: float) -> float:
    """s* = (j/λ_m) / (j/λ_m + (1 − j)/λ_w): the share the workforce tends to."""
    _check(j, leaving_minority, leaving_other)
    if j == 0:
        return 0.0
    return (j / leaving_minority) / (j / leaving_minority + (1 - j) / leaving_other)


def recruit_share_needed(target: float, leaving_minority: float, leaving_other: float) -> float:
    """The joiner share whose steady state is `target` (s* = target solved for j)."""
    _check(target, leaving_minority, leaving_other)
    return (target / leaving_other) / ((1 - target) / leaving_minority + target / leaving_other)


def _check(share: float, leaving_minority: float, leaving_other: float) -> None:
    if not 0 <= share <= 1:
        raise ValueError(f"a share must be from 0 to 1, not {share!r}")
    for rate in (leaving_minority, leaving_other):
        if not 0 < rate < 1:
            raise ValueError(f"a leaving rate must be above 0 and below 1, not {rate!r}")


def _years(start: float, target: float, limit: float, a: float) -> tuple[float | None, bool]:
    """Years for x(t) = limit + (start − limit)·aᵗ to rise to `target` (targets are "at least"):
    (0, True) when already met, (None, False) when the path levels off below it."""
    if start >= target:
        return 0.0, True
    if limit <= target:
        return None, False
    return math.log((target - limit) / (start - limit)) / math.log(a), False


def project(
    *,
    start: float,
    target: float,
    joiner_share: float,
    leaving_minority: float,
    leaving_other: float,
    as_at: date,
    kind: Kind = "share",
    joiners_a_year: float | None = None,
    headcount: float | None = None,
    horizon_years: int = 30,
) -> Projection:
    """Project a share (`start` s₀, `target` 0-1) or a minority headcount (`start` M₀, needing
    `joiners_a_year`) from `as_at`, yearly for `horizon_years`."""
    lm, lw, j = leaving_minority, leaving_other, joiner_share
    s_star = steady_state(j, lm, lw)
    if kind == "share":
        _check(start, lm, lw)
        _check(target, lm, lw)
        a = (1 - lm) + j * (lm - lw)
        limit = s_star
        needed: float | None = recruit_share_needed(target, lm, lw)
        people = headcount or 0.0
        gap_cost = j - s_star
        extra = (lm - lw) * start * people
    else:
        if joiners_a_year is None or joiners_a_year < 0:
            raise ValueError("a headcount target needs the number of joiners a year")
        a = 1 - lm
        limit = j * joiners_a_year / lm
        needed = target * lm / joiners_a_year if joiners_a_year else None
        if needed is not None and needed > 1:
            needed = None
        gap_cost = j * joiners_a_year / lw - limit
        extra = (lm - lw) * start
    years, met = _years(start, target, limit, a)
    reached = as_at + timedelta(days=round(years * DAYS_A_YEAR)) if years is not None else None
    path = tuple(
        Point(as_at + timedelta(days=round(t * DAYS_A_YEAR)), limit + (start - limit) * a**t)
        for t in range(horizon_years + 1)
    )
    return Projection(
        kind, start, target, j, lm, lw, joiners_a_year, limit, years, reached, met, needed,
        j if kind == "share" else j * (joiners_a_year or 0) / lw, gap_cost, extra, path,
    )  # fmt: skip
