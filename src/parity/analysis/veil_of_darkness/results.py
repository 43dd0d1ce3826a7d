"""The test's result objects, constants and the method's words (METHODS.md §5.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from parity.analysis import daylight
from parity.analysis.results import Exclusion

Design = Literal["clock-change", "full-year"]
Status = Literal["estimated", "not estimable", "not run"]
KnotsFrom = Literal["stops", "cells"]

MIDNIGHT_LIMIT = 0.05  # searchlight's gate: at least this share at 00:00 means dates without times
ON_THE_HOUR_WARNING = 0.25  # a quarter of times on :00 (1/60 expected) means coarse times
FEW_STOPS = 100  # Stanford keeps location-years with at least this many stops of each group
PLACE_DECIMALS = 2  # coordinates rounded to 0.01° (about 1 km; under 3 seconds of sun time)

CAVEATS = (
    "Seasons: who is on the road, and why, changes through the year as well as with the light. The "
    "clock-change design compares stops a few weeks apart to limit this; the full-year design relies "
    "on the clock-time controls alone.",
    "Street lighting: where roads are lit, officers can still see drivers after dark, which pulls the "
    "estimate towards zero. A result near zero therefore does not show that there is no bias.",
    "Vehicles and reasons: what officers can see at night (lights, number plates, the vehicle itself), "
    "and reasons for stopping that vary with both time of day and ethnicity, can change the share of "
    "each group stopped after dark for reasons other than seeing the driver.",
    "Behaviour and deployment: drivers may drive differently under daylight scrutiny, and where and how "
    "officers are deployed may change after dark (Kalinowski, Ross and Ross).",
    "The test compares the two groups named; it says nothing about other groups, and it measures "
    "stops, not what happened after them.",
)
REFERENCES = (
    "Grogger, J. and Ridgeway, G. (2006) Testing for racial profiling in traffic stops from behind a "
    "veil of darkness. Journal of the American Statistical Association 101(475): 878-887.",
    "Pierson, E. et al. (2020) A large-scale analysis of racial disparities in police stops across the "
    "United States. Nature Human Behaviour 4: 736-745. Code: github.com/stanford-policylab/opp.",
    "Knode, J. et al. (2024) Best practices for the veil of darkness test. CrimRxiv.",
)


@dataclass(frozen=True)
class Place:
    """A reference point for sun times when stops have no coordinates of their own."""

    name: str
    latitude: float
    longitude: float

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "latitude": self.latitude, "longitude": self.longitude}


PROVIDENCE = Place("Providence, Rhode Island", 41.82, -71.41)
LONDON = Place("London (Charing Cross)", 51.5072, -0.1276)


@dataclass(frozen=True)
class DarknessEstimate:
    """The darkness coefficient from one model: log-odds, its interval, and as an odds ratio."""

    spline_df: int
    coefficient: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    odds_ratio: float
    odds_ratio_ci_low: float
    odds_ratio_ci_high: float
    converged: bool = True

    @property
    def significant(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "spline_df": self.spline_df,
            "coefficient": self.coefficient,
            "std_error": self.std_error,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "odds_ratio": self.odds_ratio,
            "odds_ratio_ci_low": self.odds_ratio_ci_low,
            "odds_ratio_ci_high": self.odds_ratio_ci_high,
            "converged": self.converged,
        }


@dataclass(frozen=True)
class ShareInLight:
    """The compared group's share of analysed stops in daylight or after dark (no controls)."""

    light: str  # "daylight" or "dark"
    stops: int
    minority: int
    share: float | None
    ci_low: float | None
    ci_high: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "light": self.light,
            "stops": self.stops,
            "minority": self.minority,
            "share": self.share,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


@dataclass(frozen=True)
class Window:
    """The inter-twilight window: the earliest and latest civil dusk in the data."""

    earliest_minute: int
    latest_minute: int
    earliest_date: date
    latest_date: date

    def as_dict(self) -> dict[str, Any]:
        return {
            "earliest_minute": self.earliest_minute,
            "latest_minute": self.latest_minute,
            "earliest": daylight.minute_label(self.earliest_minute),
            "latest": daylight.minute_label(self.latest_minute),
            "earliest_date": self.earliest_date.isoformat(),
            "latest_date": self.latest_date.isoformat(),
        }


@dataclass(frozen=True)
class VeilOfDarkness:
    """The result of the test, with everything needed to judge it.

    `status` is "estimated", "not estimable" (the data cannot identify the effect: one group
    only, no stops after dark ...) or "not run" (a gate failed: times look like dates only);
    `reason` says why when not estimated.
    """

    design: Design
    status: Status
    reason: str | None
    minority: tuple[str, ...]
    reference: tuple[str, ...]
    ethnicity_basis: str
    estimate: DarknessEstimate | None
    robustness: tuple[DarknessEstimate, ...]
    shares: tuple[ShareInLight, ...]
    stops_input: int
    stops_analysed: int
    minority_stops: int
    reference_stops: int
    dark_stops: int
    light_stops: int
    stops_by_season: tuple[tuple[str, int], ...]
    cells: int
    window: Window | None
    clock_changes: tuple[daylight.ClockChange, ...]
    exclusions: tuple[Exclusion, ...]
    midnight_share: float | None
    model: str
    spline_df: int
    knots: tuple[float, ...]
    confidence: float
    warnings: tuple[str, ...]
    provenance: Mapping[str, Any] = field(default_factory=dict)
    caveats: tuple[str, ...] = CAVEATS

    @property
    def interpretation(self) -> str:
        """What the result means, in plain English, for a panel member."""
        from parity.analysis.veil_of_darkness.words import _interpretation

        return _interpretation(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "veil-of-darkness",
            "design": self.design,
            "status": self.status,
            "reason": self.reason,
            "minority": list(self.minority),
            "reference": list(self.reference),
            "ethnicity": self.ethnicity_basis,
            "estimate": self.estimate.as_dict() if self.estimate else None,
            "robustness": [r.as_dict() for r in self.robustness],
            "shares": [s.as_dict() for s in self.shares],
            "counts": {
                "input": self.stops_input,
                "analysed": self.stops_analysed,
                "minority": self.minority_stops,
                "reference": self.reference_stops,
                "dark": self.dark_stops,
                "light": self.light_stops,
                "by_season": dict(self.stops_by_season),
                "cells": self.cells,
            },
            "window": self.window.as_dict() if self.window else None,
            "clock_changes": [c.as_dict() for c in self.clock_changes],
            "exclusions": [e.as_dict() for e in self.exclusions],
            "midnight_share": self.midnight_share,
            "model": self.model,
            "spline_df": self.spline_df,
            "knots": list(self.knots),
            "confidence": self.confidence,
            "interpretation": self.interpretation,
            "caveats": list(self.caveats),
            "warnings": list(self.warnings),
            "method": METHOD,
            "references": list(REFERENCES),
            "provenance": dict(self.provenance),
        }


METHOD = (
    "Veil-of-darkness test (Grogger and Ridgeway 2006) as implemented by the Stanford Open Policing "
    "Project: sunset and civil dusk (sun 6° below the horizon) from astral for each stop's date and place; "
    "stops kept if their clock minute lies between the earliest and latest dusk in the data, and dropped "
    "between sunset and dusk; dark = after dusk; minute rounded to 5; binomial GLM (logit) on cells of "
    "stop counts: darkness + natural cubic spline of clock time + season × year (clock-change design) "
    "[+ area fixed effects]; Wald interval for the darkness coefficient."
)
