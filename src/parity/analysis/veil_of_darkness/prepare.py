"""Preparing the stops: local clock times, places, sun times, the inter-twilight window and design."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from parity.analysis import daylight
from parity.analysis.results import Exclusion
from parity.analysis.veil_of_darkness.results import ON_THE_HOUR_WARNING, PLACE_DECIMALS, Design, Place, Window
from parity.reference import ethnicity


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
