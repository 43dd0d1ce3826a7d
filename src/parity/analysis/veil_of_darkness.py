"""The veil-of-darkness test for vehicle stops (METHODS.md §5.4; Grogger & Ridgeway 2006).

Officers can see a driver's ethnicity less easily after dark. At a clock time that is light
on some dates and dark on others (the inter-twilight window), a bias against a group implies
that the group makes up a smaller share of stops when it is dark than when it is light, once
clock time is allowed for. The test needs no population benchmark, which is why it is the
benchmark-free check for section 163 stops.

The implementation follows the Stanford Open Policing Project code (`stanford-policylab/opp`):

1. sunset and civil dusk for each stop's date and place (astral, `daylight`); a place is the
   stop's own coordinates, or a reference point for its area, or one for the whole data;
2. minute of the day on the local clock, seconds dropped;
3. the inter-twilight window: keep stops whose minute lies between the earliest and the latest
   dusk minute over all the dates and places in the data;
4. drop the ambiguous twilight, sunset ≤ minute ≤ dusk; dark means minute > dusk;
5. round the minute to the nearest 5;
6. design: "clock-change" (the primary one) keeps stops within ±30 days of each clock change,
   labelled spring or fall, so that the same clock time is light before a change and dark
   after it within a few weeks, which holds the season nearly constant; "full-year" keeps
   every date, dropping partial years so that seasons are balanced;
7. a binomial GLM with logit link on cells of (dark, rounded minute, season-year, area) with
   counts of the two groups: darkness + natural cubic spline of the rounded minute (df 6) +
   season × year (clock-change design) + area fixed effects where stops have more than one
   area (on by default: an area east of another is dark earlier at the same clock time, so
   leaving area out lets darkness stand in for it) (+ optional spline × area).

The spline is patsy's `cr` with interior knots at the type-7 quantiles of the rounded minute
and boundary knots at its range, which spans the same space as R's `splines::ns(x, df)` (with
the intercept) and so gives the same darkness coefficient; patsy's own default puts knots at
quantiles of the *distinct* values and differs on heaped data.

Input is a DataFrame with one row per stop (or `VehicleStop` records, whose driver is used):
`stopped_at` (naive local clock time, or aware and converted; NaT when not recorded),
`ethnicity` (the driver's group: a 5+1 value or label, a 19+1 code, or another label such
as "hispanic"; blank when not recorded), and optionally `latitude`, `longitude` and `area`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
import patsy  # type: ignore[import-untyped]
import statsmodels.api as sm
from numpy.typing import NDArray
from statsmodels.tools.sm_exceptions import PerfectSeparationError

from parity.analysis import daylight, intervals
from parity.analysis.results import Exclusion, clean
from parity.analysis.vehicle_stops import VehicleStop, driver_frame
from parity.reference import ethnicity

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


# --- preparing the stops ------------------------------------------------------------------------


def _normalise_group(value: object) -> str | None:
    """A driver's group as a lower-case key: 5+1 value for 5+1 or 19+1 input, else the label.

    "not_stated" for "prefer not to say"; None for blank.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    lower = text.lower()
    if lower in {"ns", "not stated", "not_stated", "prefer not to say", "prefer_not_to_say"}:
        return ethnicity.Group.NOT_STATED.value
    code = ethnicity.self_defined_code(text)
    if code is not None:
        return ethnicity.group_of(code).value
    officer = ethnicity.officer_defined_group(text)
    if officer is not None:
        return officer.value
    return lower


_OFFSET = re.compile(r"(?:[+-]\d\d:?\d\d|Z)$")


def _local_times(values: pd.Series, zone: str) -> pd.Series:
    """Local clock times: naive values are taken as local, aware ones converted.

    Accepts a datetime64 column, datetime objects or ISO 8601 text; a zone or offset on
    some values but not others is refused rather than guessed.
    """
    converted = values
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        present = [v for v in values.tolist() if not _blank(v)]
        aware = {
            bool(_OFFSET.search(v.strip())) if isinstance(v, str) else getattr(v, "tzinfo", None) is not None
            for v in present
        }
        if aware == {True, False}:
            raise ValueError("stopped_at mixes times with and without a time zone; give all one way")
        converted = pd.to_datetime(values, utc=aware == {True})
    if isinstance(converted.dtype, pd.DatetimeTZDtype):
        return cast("pd.Series", converted.dt.tz_convert(zone))
    return converted


def _blank(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@dataclass
class _Prepared:
    frame: pd.DataFrame
    exclusions: list[Exclusion]
    warnings: list[str]
    stops_input: int
    midnight_share: float | None
    window: Window | None
    changes: tuple[daylight.ClockChange, ...]
    gate: str | None
    provenance: dict[str, Any]


def _exclude(frame: pd.DataFrame, drop: pd.Series, reason: str, out: list[Exclusion]) -> pd.DataFrame:
    n = int(drop.sum())
    if n:
        out.append(Exclusion(reason, n))
    return frame.loc[~drop]


def _prepare(
    stops: pd.DataFrame,
    *,
    design: Design,
    minority: tuple[str, ...],
    reference: tuple[str, ...],
    zone: str,
    clock_rule: daylight.ClockRule,
    reference_point: Place | None,
    area_points: Mapping[str, Place],
    window_days: int,
    midnight_limit: float,
    full_years_only: bool,
    min_stops_per_group: int,
    area_effects: bool,
) -> _Prepared:
    """Every step before the model, each exclusion counted with its reason, in this order."""
    if "stopped_at" not in stops.columns or "ethnicity" not in stops.columns:
        raise ValueError(
            "the veil-of-darkness test needs one row per stop with columns stopped_at and ethnicity "
            f"(and optionally latitude, longitude, area); got {', '.join(map(str, stops.columns))}"
        )
    stops = stops.reset_index(drop=True)
    out: list[Exclusion] = []
    notes: list[str] = []
    provenance: dict[str, Any] = {}
    frame, share, gate = _clock(stops, zone, midnight_limit, out, notes)
    frame = _compared(frame, stops, minority, reference, out)
    frame = _locate(
        frame, stops, reference_point=reference_point, area_points=area_points, out=out, provenance=provenance
    )
    frame = _add_sun(frame, zone, out)
    window = _window(frame)
    changes: tuple[daylight.ClockChange, ...] = ()
    if len(frame):
        years = sorted(set(frame["year"]))
        changes = daylight.clock_changes_for(years, clock_rule)
        if not daylight.rule_matches_zone(clock_rule, zone, years):
            notes.append(
                f"The {clock_rule.upper()} clock-change dates do not match the clock changes of {zone}; "
                "check the clock rule."
            )
    if design == "clock-change":
        frame = _clock_change_windows(frame, changes, window_days, out)
    else:
        frame["season"] = "all"
        if full_years_only:
            frame = _full_years(frame, area_effects, out)
    if window is not None:
        outside = (frame["minute"] < window.earliest_minute) | (frame["minute"] > window.latest_minute)
        frame = _exclude(
            frame,
            outside,
            f"Clock time outside the inter-twilight window ({daylight.minute_label(window.earliest_minute)} to "
            f"{daylight.minute_label(window.latest_minute)})",
            out,
        )
    twilight = (frame["minute"] >= frame["sunset_minute"]) & (frame["minute"] <= frame["dusk_minute"])
    frame = _exclude(frame, twilight, "Between sunset and the end of civil twilight (neither light nor dark)", out)
    frame["dark"] = (frame["minute"] > frame["dusk_minute"]).astype(int)
    frame["rounded"] = (np.round(frame["minute"].to_numpy() / 5) * 5).astype(int)
    if min_stops_per_group > 0 and len(frame):
        frame = _enough_per_group(frame, min_stops_per_group, area_effects, out)
    return _Prepared(frame, out, notes, len(stops), share, window, changes, gate, provenance)


def _clock(
    stops: pd.DataFrame, zone: str, midnight_limit: float, out: list[Exclusion], notes: list[str]
) -> tuple[pd.DataFrame, float | None, str | None]:
    """Local date and clock minute; the midnight gate; stops with no time or at 00:00 dropped."""
    frame = pd.DataFrame(index=stops.index)
    local = _local_times(stops["stopped_at"], zone)
    frame = _exclude(frame, local.isna(), "No date and time recorded", out)
    local = local.loc[frame.index]
    frame["day"] = local.dt.date
    frame["year"] = local.dt.year.astype(int)
    frame["month"] = local.dt.month.astype(int)
    frame["minute"] = (local.dt.hour * 60 + local.dt.minute).astype(int)
    midnight = (frame["minute"] == 0) & (local.dt.second == 0)
    share = float(midnight.mean()) if len(frame) else None
    gate = None
    if share is not None and share >= midnight_limit:
        gate = (
            f"{share:.1%} of stops are timed exactly 00:00, at or above the {midnight_limit:.0%} limit: the "
            "times look like dates without a time of day, so the test cannot be run"
        )
    on_hour = float((frame["minute"] % 60 == 0).mean()) if len(frame) else 0.0
    if on_hour >= ON_THE_HOUR_WARNING:
        notes.append(
            f"{on_hour:.0%} of stop times are on the hour, so many times are rounded; stops near dusk may be "
            "classed as light or dark wrongly."
        )
    frame = _exclude(frame, midnight, "Time recorded as exactly 00:00, which usually means a date with no time", out)
    return frame, share, gate


def _compared(
    frame: pd.DataFrame,
    stops: pd.DataFrame,
    minority: tuple[str, ...],
    reference: tuple[str, ...],
    out: list[Exclusion],
) -> pd.DataFrame:
    """Keep stops whose driver is in one of the two compared groups; mark the minority."""
    frame = frame.assign(group=stops.loc[frame.index, "ethnicity"].map(_normalise_group))
    frame = _exclude(frame, frame["group"].isna(), "Driver's ethnicity not recorded", out)
    not_stated = frame["group"] == ethnicity.Group.NOT_STATED.value
    frame = _exclude(frame, not_stated, "Driver's ethnicity not stated (prefer not to say)", out)
    compared = set(minority) | set(reference)
    others = sorted(set(frame["group"]) - compared)
    frame = _exclude(
        frame,
        ~frame["group"].isin(compared),
        f"Driver in neither compared group ({', '.join(others) if others else 'none'})",
        out,
    )
    return frame.assign(is_minority=frame["group"].isin(minority).astype(int))


def _window(frame: pd.DataFrame) -> Window | None:
    """The earliest and latest dusk minute over every date and place left in the data."""
    if not len(frame):
        return None
    dusks = frame["dusk_minute"].to_numpy()
    first, last = int(dusks.argmin()), int(dusks.argmax())
    days = frame["day"].tolist()
    return Window(int(dusks[first]), int(dusks[last]), days[first], days[last])


def _enough_per_group(frame: pd.DataFrame, minimum: int, by_area: bool, out: list[Exclusion]) -> pd.DataFrame:
    """Stanford's rule: drop (area-)years with fewer than `minimum` stops of either group."""
    key = ["area_key", "year"] if by_area else ["year"]
    counts = frame.groupby(key)["is_minority"].agg(["sum", "count"])
    small = counts[(counts["sum"] < minimum) | (counts["count"] - counts["sum"] < minimum)]
    drop = frame.set_index(key).index.isin(small.index)
    return _exclude(
        frame,
        pd.Series(drop, index=frame.index),
        f"{'Area-year' if by_area else 'Year'} with fewer than {minimum} analysed stops of a compared group",
        out,
    )


def _locate(
    frame: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    reference_point: Place | None,
    area_points: Mapping[str, Place],
    out: list[Exclusion],
    provenance: dict[str, Any],
) -> pd.DataFrame:
    """Coordinates for the sun: the stop's own, else its area's point, else the reference point."""
    n = len(frame)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    source = np.full(n, "", dtype=object)
    if {"latitude", "longitude"} <= set(stops.columns):
        own_lat = pd.to_numeric(stops.loc[frame.index, "latitude"], errors="coerce").to_numpy(dtype=float)
        own_lon = pd.to_numeric(stops.loc[frame.index, "longitude"], errors="coerce").to_numpy(dtype=float)
        has = ~np.isnan(own_lat) & ~np.isnan(own_lon)
        lat[has], lon[has] = own_lat[has], own_lon[has]
        source[has] = "coordinates"
    areas = (
        stops.loc[frame.index, "area"].astype("object").where(stops.loc[frame.index, "area"].notna(), None).to_numpy()
        if "area" in stops.columns
        else np.full(n, None, dtype=object)
    )
    for i in np.flatnonzero(source == ""):
        point = area_points.get(areas[i]) if areas[i] is not None else None
        if point is None:
            point = reference_point
            tag = "reference point"
        else:
            tag = "area point"
        if point is not None:
            lat[i], lon[i], source[i] = point.latitude, point.longitude, tag
    frame = frame.assign(
        lat=np.round(lat, PLACE_DECIMALS),
        lon=np.round(lon, PLACE_DECIMALS),
        area_key=[a if a is not None else "" for a in areas],
        located=source,
    )
    provenance["located_by"] = {k: int(v) for k, v in pd.Series(source[source != ""]).value_counts().items()}
    return _exclude(frame, frame["located"] == "", "No location, and no reference point for its area", out)


def _add_sun(frame: pd.DataFrame, zone: str, out: list[Exclusion]) -> pd.DataFrame:
    """Sunset and dusk minutes, computed once per date and place and joined back."""
    if not len(frame):
        return frame.assign(sunset_minute=pd.Series(dtype=float), dusk_minute=pd.Series(dtype=float))
    keys = frame[["day", "lat", "lon"]].drop_duplicates()
    found = [daylight.sun_times(d, la, lo, zone) for d, la, lo in keys.itertuples(index=False)]
    keys = keys.assign(
        sunset_minute=np.array([s.sunset_minute for s in found], dtype=object),
        dusk_minute=np.array([s.dusk_minute for s in found], dtype=object),
        problem=np.array([s.problem for s in found], dtype=object),
    )
    merged = frame.reset_index().merge(keys, on=["day", "lat", "lon"], how="left").set_index("index")
    merged.index.name = frame.index.name
    for problem in (daylight.NO_SUNSET, daylight.NO_DUSK):
        merged = _exclude(merged, merged["problem"] == problem, f"No darkness: {problem}", out)
    merged["sunset_minute"] = merged["sunset_minute"].astype(int)
    merged["dusk_minute"] = merged["dusk_minute"].astype(int)
    return merged.drop(columns="problem")


def _clock_change_windows(
    frame: pd.DataFrame, changes: Sequence[daylight.ClockChange], window_days: int, out: list[Exclusion]
) -> pd.DataFrame:
    """Keep stops within ±window_days of a clock change, labelled with its season."""
    if not len(frame):
        return frame.assign(season=pd.Series(dtype=object))
    days = pd.to_datetime(pd.Series(frame["day"].to_numpy(), index=frame.index))
    season = pd.Series(None, index=frame.index, dtype=object)
    for change in changes:
        distance = (days - pd.Timestamp(change.local_date)).dt.days.abs()
        season = season.mask(season.isna() & (distance <= window_days), change.season)
    frame = frame.assign(season=season)
    return _exclude(frame, frame["season"].isna(), f"More than {window_days} days from a clock change", out)


def _full_years(frame: pd.DataFrame, by_area: bool, out: list[Exclusion]) -> pd.DataFrame:
    """Drop partial years (stops in fewer than 12 months or on fewer than 100 days)."""
    key = ["area_key", "year"] if by_area else ["year"]
    cover = frame.groupby(key).agg(months=("month", "nunique"), days=("day", "nunique"))
    partial = cover[(cover["months"] < 12) | (cover["days"] < 100)]
    drop = frame.set_index(key).index.isin(partial.index)
    return _exclude(
        frame,
        pd.Series(drop, index=frame.index),
        "Part of a year with stops in fewer than 12 months or on fewer than 100 days (a partial year would "
        "unbalance the seasons)",
        out,
    )


# --- the model ----------------------------------------------------------------------------------


def spline_knots(x: NDArray[np.float64] | Sequence[float], df: int) -> tuple[float, ...]:
    """Interior knots as R's `ns(x, df)` places them: type-7 quantiles at 1/df ... (df-1)/df."""
    values = np.asarray(x, dtype=float)
    if df < 2 or values.size == 0:
        return ()
    probs = np.arange(1, df) / df
    return tuple(float(q) for q in np.quantile(values, probs, method="linear"))


def spline_basis(x: NDArray[np.float64], knots: Sequence[float], lower: float, upper: float) -> NDArray[np.float64]:
    """Natural cubic spline basis (centred, without intercept) with the given knots.

    With no interior knot a natural spline is a straight line, so the basis is x centred.
    """
    values = np.asarray(x, dtype=float)
    inner = [k for k in knots if lower < k < upper]
    if not inner:
        line: NDArray[np.float64] = (values - float(values.mean())).reshape(-1, 1)
        return line
    basis = patsy.cr(values, knots=np.asarray(inner), lower_bound=lower, upper_bound=upper, constraints="center")
    out: NDArray[np.float64] = np.asarray(basis, dtype=np.float64)
    return out


def _dummies(values: pd.Series, prefix: str) -> pd.DataFrame:
    levels = sorted(set(values))
    return pd.DataFrame(
        {f"{prefix}[{level}]": (values == level).astype(float).to_numpy() for level in levels[1:]},
        index=values.index,
    )


def _independent(design: pd.DataFrame, keep_first: int) -> tuple[pd.DataFrame, list[str]]:
    """Drop columns that add nothing (no variation in these data), keeping the first ones."""
    kept: list[str] = []
    dropped: list[str] = []
    rank = 0
    for i, column in enumerate(design.columns):
        trial = design[[*kept, column]].to_numpy()
        new_rank = int(np.linalg.matrix_rank(trial))
        if new_rank > rank or i < keep_first:
            kept.append(column)
            rank = new_rank
        else:
            dropped.append(column)
    return design[kept], dropped


@dataclass
class _Fit:
    estimate: DarknessEstimate | None
    problem: str | None
    notes: list[str]
    formula: str


def _design(
    cells: pd.DataFrame,
    knots: Sequence[float],
    lower: float,
    upper: float,
    df: int,
    *,
    design: Design,
    area_effects: bool,
    spline_by_area: bool,
) -> tuple[pd.DataFrame, list[str]]:
    """The model matrix (intercept, dark, spline, season-year, area ...) and its terms in words."""
    columns: dict[str, NDArray[np.float64]] = {
        "intercept": np.ones(len(cells)),
        "dark": cells["dark"].to_numpy(dtype=float),
    }
    spline = spline_basis(cells["rounded"].to_numpy(dtype=float), knots, lower, upper)
    for j in range(spline.shape[1]):
        columns[f"time[{j + 1}]"] = spline[:, j]
    terms = ["dark", f"ns(minute, df={df})"]
    frame = pd.DataFrame(columns, index=cells.index)
    if design == "clock-change":
        frame = frame.join(_dummies(cells["season"] + " " + cells["year"].astype(str), "season_year"))
        terms.append("season × year")
    if area_effects and cells["area_key"].nunique() > 1:
        areas = _dummies(cells["area_key"], "area")
        frame = frame.join(areas)
        terms.append("area")
        if spline_by_area:
            for name in areas.columns:
                for j in range(spline.shape[1]):
                    frame[f"time[{j + 1}]:{name}"] = spline[:, j] * areas[name].to_numpy()
            terms.append(f"ns(minute, df={df}) × area")
    return frame, terms


def _fit(
    cells: pd.DataFrame,
    knots: Sequence[float],
    lower: float,
    upper: float,
    df: int,
    *,
    design: Design,
    area_effects: bool,
    spline_by_area: bool,
    confidence: float,
) -> _Fit:
    notes: list[str] = []
    frame, terms = _design(
        cells, knots, lower, upper, df, design=design, area_effects=area_effects, spline_by_area=spline_by_area
    )
    formula = "cbind(minority, reference) ~ " + " + ".join(terms)
    rank = int(np.linalg.matrix_rank(frame.to_numpy()))
    if rank < frame.shape[1]:  # some term has no variation of its own in these data
        if rank == np.linalg.matrix_rank(frame.drop(columns="dark").to_numpy()):
            return _Fit(
                None, "darkness cannot be separated from clock time and the other terms in these data", notes, formula
            )
        frame, dropped = _independent(frame, keep_first=2)
        notes.append(f"{len(dropped)} model term(s) could not be estimated from these data and were left out.")
    endog = np.column_stack([cells["minority"].to_numpy(float), (cells["stops"] - cells["minority"]).to_numpy(float)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.GLM(endog, frame.to_numpy(), family=sm.families.Binomial()).fit()
        except (PerfectSeparationError, np.linalg.LinAlgError, ValueError) as error:
            return _Fit(None, f"the model could not be fitted: {error}", notes, formula)
    for item in caught:  # what the fit says about these data; library deprecations are not for readers
        if not issubclass(item.category, DeprecationWarning | PendingDeprecationWarning | FutureWarning):
            notes.append(f"Model fitting: {item.message}")
    coef = float(result.params[1])
    se = float(result.bse[1])
    if not (math.isfinite(coef) and math.isfinite(se)) or se <= 0:
        return _Fit(None, "the darkness coefficient is not finite (the groups separate perfectly)", notes, formula)
    z = intervals.z_value(confidence)
    low, high = coef - z * se, coef + z * se
    converged = bool(getattr(result, "converged", True))
    if not converged:
        notes.append("The model did not converge; treat the estimate with caution.")
    estimate = DarknessEstimate(
        spline_df=df,
        coefficient=coef,
        std_error=se,
        ci_low=low,
        ci_high=high,
        p_value=float(result.pvalues[1]),
        odds_ratio=math.exp(coef),
        odds_ratio_ci_low=math.exp(low),
        odds_ratio_ci_high=math.exp(high),
        converged=converged,
    )
    return _Fit(estimate, None, notes, formula)


def _cells(frame: pd.DataFrame, design: Design, area_effects: bool) -> pd.DataFrame:
    key = ["dark", "rounded"]
    if design == "clock-change":
        key += ["season", "year"]
    if area_effects:
        key.append("area_key")
    cells = frame.groupby(key, as_index=False).agg(stops=("is_minority", "size"), minority=("is_minority", "sum"))
    if "season" not in cells:
        cells["season"] = "all"
    if "area_key" not in cells:
        cells["area_key"] = ""
    return cells


def veil_of_darkness(
    stops: pd.DataFrame | Sequence[VehicleStop],
    *,
    design: Design = "clock-change",
    minority: Sequence[str] = ("black",),
    reference: Sequence[str] = ("white",),
    ethnicity_basis: Literal["self-defined", "officer-defined"] = "self-defined",
    timezone: str = "Europe/London",
    clock_rule: daylight.ClockRule = "uk",
    reference_point: Place | None = None,
    area_points: Mapping[str, Place] | None = None,
    window_days: int = 30,
    spline_df: int = 6,
    knots_from: KnotsFrom = "stops",
    area_effects: bool = True,
    spline_by_area: bool = False,
    full_years_only: bool = True,
    min_stops_per_group: int = 0,
    midnight_limit: float = MIDNIGHT_LIMIT,
    robustness_dfs: Sequence[int] = (1, 2, 3, 4, 5, 6),
    confidence: float = 0.95,
) -> VeilOfDarkness:
    """Is the compared group a smaller share of stops after dark than in daylight?

    `minority` and `reference` name the two groups compared (5+1 values or other labels
    in the data); the model is P(driver in `minority` | stop by a driver in either). A
    negative darkness coefficient (odds ratio below 1) is what daylight profiling of the
    minority group predicts. `ethnicity_basis` picks the driver's self-defined or
    officer-defined ethnicity when records are given, and labels the result otherwise.
    """
    _check_options(design, spline_df, knots_from, window_days)
    mino, refs = _compared_groups(minority, reference)
    frame = stops if isinstance(stops, pd.DataFrame) else driver_frame(stops, basis=ethnicity_basis)
    prepared = _prepare(
        frame,
        design=design,
        minority=mino,
        reference=refs,
        zone=timezone,
        clock_rule=clock_rule,
        reference_point=reference_point,
        area_points=area_points or {},
        window_days=window_days,
        midnight_limit=midnight_limit,
        full_years_only=full_years_only,
        min_stops_per_group=min_stops_per_group,
        area_effects=area_effects,
    )
    data = prepared.frame
    notes = list(prepared.warnings)
    provenance = {
        **prepared.provenance,
        "astral": daylight.ASTRAL_VERSION,
        "statsmodels": version("statsmodels"),
        "patsy": version("patsy"),
        "timezone": timezone,
        "clock_rule": clock_rule,
        "window_days": window_days if design == "clock-change" else None,
        "knots_from": knots_from,
        "area_effects": area_effects,
        "spline_by_area": spline_by_area,
        "reference_point": reference_point.as_dict() if reference_point else None,
        "area_points": {k: v.as_dict() for k, v in (area_points or {}).items()},
        "coordinates_rounded_to_decimals": PLACE_DECIMALS,
    }
    if reference_point is not None and provenance.get("located_by", {}).get("reference point"):
        notes.append(
            f"Sun times for stops without coordinates use one reference point ({reference_point.name}); dusk "
            "comes about 4 minutes earlier for each degree east of it and later to the west, so stops near "
            "dusk far from it may be classed wrongly."
        )
    minority_n = int(data["is_minority"].sum()) if len(data) else 0
    dark_n = int(data["dark"].sum()) if len(data) else 0
    seasons = data["season"].value_counts().items() if len(data) else ()
    base: dict[str, Any] = {
        "design": design,
        "minority": mino,
        "reference": refs,
        "ethnicity_basis": ethnicity_basis,
        "shares": _shares(data, confidence),
        "stops_input": prepared.stops_input,
        "stops_analysed": len(data),
        "minority_stops": minority_n,
        "reference_stops": len(data) - minority_n,
        "dark_stops": dark_n,
        "light_stops": len(data) - dark_n,
        "stops_by_season": tuple(sorted((str(k), int(v)) for k, v in seasons)),
        "window": prepared.window,
        "clock_changes": prepared.changes,
        "exclusions": tuple(prepared.exclusions),
        "midnight_share": prepared.midnight_share,
        "spline_df": spline_df,
        "confidence": confidence,
        "provenance": provenance,
    }
    unfit: dict[str, Any] = {
        "estimate": None,
        "robustness": (),
        "cells": 0,
        "model": "",
        "knots": (),
        "warnings": tuple(notes),
    }
    if prepared.gate:
        return VeilOfDarkness(**base, **unfit, status="not run", reason=prepared.gate)
    problem = _not_estimable(len(data), minority_n, dark_n)
    if problem:
        return VeilOfDarkness(**base, **unfit, status="not estimable", reason=problem)
    for label, count, names in (("minority", minority_n, mino), ("reference", len(data) - minority_n, refs)):
        if count < FEW_STOPS:
            notes.append(
                f"Only {count} analysed stops of the {label} group ({', '.join(names)}); Stanford required at "
                f"least {FEW_STOPS} per group, so the estimate is imprecise."
            )
    model = _Model(
        cells=_cells(data, design, area_effects),
        times=data["rounded"],
        knots_from=knots_from,
        design=design,
        area_effects=area_effects,
        spline_by_area=spline_by_area,
        confidence=confidence,
    )
    main, knots, effective_df = model.run(spline_df)
    if effective_df < spline_df:
        notes.append(
            f"Clock times take too few distinct values for a spline with {spline_df} degrees of freedom; "
            f"{effective_df} were used."
        )
    notes.extend(main.notes)
    robustness = tuple(fit.estimate for fit, _, _ in (model.run(df) for df in robustness_dfs) if fit.estimate)
    return VeilOfDarkness(
        **base,
        status="estimated" if main.estimate else "not estimable",
        reason=main.problem,
        estimate=main.estimate,
        robustness=robustness,
        cells=len(model.cells),
        model=main.formula,
        knots=knots,
        warnings=tuple(dict.fromkeys(notes)),
    )


def _check_options(design: str, spline_df: int, knots_from: str, window_days: int) -> None:
    if design not in ("clock-change", "full-year"):
        raise ValueError(f"design must be clock-change or full-year, not {design!r}")
    if spline_df < 1:
        raise ValueError(f"spline_df must be at least 1, not {spline_df}")
    if knots_from not in ("stops", "cells"):
        raise ValueError(f"knots_from must be stops or cells, not {knots_from!r}")
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, not {window_days}")


def _compared_groups(minority: Sequence[str], reference: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if isinstance(minority, str) or isinstance(reference, str):
        raise ValueError("give minority and reference as sequences of groups, e.g. ('black',)")
    mino = tuple(dict.fromkeys(g for g in (_normalise_group(m) for m in minority) if g))
    refs = tuple(dict.fromkeys(g for g in (_normalise_group(r) for r in reference) if g))
    if not mino or not refs:
        raise ValueError("name at least one minority group and one reference group to compare")
    both = set(mino) & set(refs)
    if both:
        raise ValueError(f"a group cannot be in both compared groups: {', '.join(sorted(both))}")
    return mino, refs


def _not_estimable(stops: int, minority: int, dark: int) -> str | None:
    if not stops:
        return "no stops are left after the exclusions"
    if minority in (0, stops):
        return "only one of the two compared groups appears among the analysed stops"
    if dark in (0, stops):
        return "the analysed stops are all in daylight or all after dark"
    return None


@dataclass(frozen=True)
class _Model:
    """The aggregated cells and the model options, fitted at any spline df."""

    cells: pd.DataFrame
    times: pd.Series
    knots_from: KnotsFrom
    design: Design
    area_effects: bool
    spline_by_area: bool
    confidence: float

    def run(self, df: int) -> tuple[_Fit, tuple[float, ...], int]:
        """Fit with a spline of `df` degrees of freedom (fewer if times take few values)."""
        source = self.times if self.knots_from == "stops" else self.cells["rounded"]
        lower, upper = float(source.min()), float(source.max())
        usable = max(1, min(df, int(source.nunique()) - 1))
        knots = tuple(dict.fromkeys(spline_knots(source.to_numpy(dtype=float), usable)))
        inner = [k for k in knots if lower < k < upper]
        fit = _fit(
            self.cells,
            knots,
            lower,
            upper,
            df,
            design=self.design,
            area_effects=self.area_effects,
            spline_by_area=self.spline_by_area,
            confidence=self.confidence,
        )
        return fit, knots, len(inner) + 1


def _shares(data: pd.DataFrame, confidence: float) -> tuple[ShareInLight, ...]:
    out = []
    for dark, label in ((0, "daylight"), (1, "dark")):
        part = data[data["dark"] == dark] if len(data) else data
        n, k = len(part), int(part["is_minority"].sum()) if len(part) else 0
        if n:
            low, high, _ = intervals.proportion_limits([k], [n], confidence=confidence)
            out.append(ShareInLight(label, n, k, k / n, clean(low[0]), clean(high[0])))
        else:
            out.append(ShareInLight(label, 0, 0, None, None, None))
    return tuple(out)


# --- words -----------------------------------------------------------------------------------


def _names(groups: Sequence[str]) -> str:
    labels = []
    for g in groups:
        try:
            labels.append(ethnicity.Group(g).label)
        except ValueError:
            labels.append(g.title())
    return " or ".join(labels)


def _interpretation(result: VeilOfDarkness) -> str:
    minority, reference = _names(result.minority), _names(result.reference)
    if result.status != "estimated" or result.estimate is None:
        return f"The test could not give a result: {result.reason}."
    est = result.estimate
    light, dark = result.shares
    window = result.window
    span = (
        f" between {daylight.minute_label(window.earliest_minute)} and {daylight.minute_label(window.latest_minute)}"
        if window
        else ""
    )
    pct = f"{result.confidence:.0%}"
    opening = (
        f"Among {result.stops_analysed:,} stops of {minority} or {reference} drivers{span} (clock times that are "
        f"light on some days and dark on others), {minority} drivers were "
        f"{_percent(light.share)} of stops in daylight and {_percent(dark.share)} after dark. "
    )
    controls = "clock time and season" if result.design == "clock-change" else "clock time"
    model = (
        f"Comparing stops at the same clock time (the model allows for {controls}), the odds that a stopped "
        f"driver was {minority} were {est.odds_ratio:.2f} times as high after dark as in daylight ({pct} interval "
        f"{est.odds_ratio_ci_low:.2f} to {est.odds_ratio_ci_high:.2f}; darkness coefficient {est.coefficient:.3f}, "
        f"standard error {est.std_error:.3f}, p = {_p(est.p_value)}). "
    )
    if est.ci_high < 0:
        meaning = (
            f"{minority} drivers were a smaller share of stops when it was dark and officers could less easily "
            f"see who was driving. That is consistent with {minority} drivers being stopped more in daylight "
            "because of their ethnicity (daylight profiling). It is evidence, not proof: the caveats below list "
            "other explanations."
        )
    elif est.ci_low > 0:
        meaning = (
            f"{minority} drivers were a larger share of stops after dark. That is the opposite of what daylight "
            "profiling would produce; it may reflect who is on the road after dark, where officers are deployed, "
            "or what can be seen of a vehicle at night (see the caveats)."
        )
    else:
        meaning = (
            "The interval includes no difference, so these stops give no clear evidence that the share changes "
            "with darkness. That is not proof that there is no bias: street lighting and small numbers both make "
            "a real difference harder to detect."
        )
    agree = ""
    if len(result.robustness) > 1:
        negative = sum(1 for r in result.robustness if r.ci_high < 0)
        positive = sum(1 for r in result.robustness if r.ci_low > 0)
        agree = (
            f" With between {min(r.spline_df for r in result.robustness)} and "
            f"{max(r.spline_df for r in result.robustness)} degrees of freedom for clock time, "
            f"{negative} of {len(result.robustness)} models found a significantly lower share after dark and "
            f"{positive} a significantly higher one."
        )
    return opening + model + meaning + agree


def _percent(share: float | None) -> str:
    return "an unknown share" if share is None else f"{100 * share:.1f}%"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"
