"""Sunset, civil dusk and clock changes: the light side of the veil-of-darkness test.

METHODS.md §5.4. Sun times come from astral 3.2 (the library Parity pins; suncalc is not used:
it differs by up to a minute or two, assumes nanosecond datetimes that pandas 3 no longer
gives, and at 00:00 UTC returns the previous day's times west of Greenwich). Two astral
traps are avoided here: times default to UTC unless `tzinfo` is given, and a `datetime`
passed as the date overrides `tzinfo` with its own zone, so only plain `date`s go in.

Clock minutes follow the Stanford Open Policing code: the local clock reading as
hour × 60 + minute, seconds dropped. Near 60°N in midsummer civil dusk falls after local
midnight; it is then counted as 1440 + minutes, so a window never wraps round midnight. Where
civil twilight never ends (Shetland in June) or the sun never sets, there is no dusk and no
darkness that night, and the caller is told why.

Clock changes are generated from the rules in force, never copied from a table: British
Summer Time starts on the last Sunday of March and ends on the last Sunday of October, both at
01:00 UTC (the rule since 1996); US daylight time starts on the second Sunday of March and
ends on the first Sunday of November at 02:00 local time (since 2007; before that, the first
Sunday of April and the last Sunday of October, from 1987).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib.metadata import version
from typing import Literal
from zoneinfo import ZoneInfo

from astral import Observer
from astral.sun import dusk, sunset

ClockRule = Literal["uk", "us"]
Season = Literal["spring", "fall"]

ASTRAL_VERSION = version("astral")
CIVIL_DEPRESSION = 6.0  # degrees below the horizon at the end of civil twilight
MINUTES_PER_DAY = 1440
# Dusk later than this after sunset is not the same evening's dusk (it is at most about
# two hours even at 60°N, where twilight is longest before it stops ending at all).
_LONGEST_TWILIGHT = timedelta(hours=4)
_ZONES = {"uk": "Europe/London", "us": "America/New_York"}  # a zone that follows each rule

NO_SUNSET = "the sun does not set that day at that place"
NO_DUSK = "civil twilight does not end that night at that place (far north in midsummer), so it never gets dark"


@dataclass(frozen=True)
class ClockChange:
    """One change of the clocks: `local_date` is the date of the change where it happens."""

    season: Season  # "spring" (clocks forward) or "fall" (clocks back; autumn in Britain)
    local_date: date
    utc: datetime

    def as_dict(self) -> dict[str, str]:
        return {"season": self.season, "date": self.local_date.isoformat(), "utc": self.utc.isoformat()}


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - calendar.SUNDAY) % 7)


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(calendar.SUNDAY - first.weekday()) % 7 + 7 * (n - 1))


def clock_changes(year: int, rule: ClockRule = "uk") -> tuple[ClockChange, ClockChange]:
    """The spring and autumn clock changes of one year under the British or US rule.

    Raises ValueError for years before the rule took its present form (1996 for Britain,
    1987 for the US), rather than give a wrong date.
    """
    if rule == "uk":
        if year < 1996:
            raise ValueError(f"the UK clock-change rule used here holds from 1996, not for {year}")
        spring, fall = _last_sunday(year, 3), _last_sunday(year, 10)
        return (
            ClockChange("spring", spring, datetime(spring.year, 3, spring.day, 1, tzinfo=UTC)),
            ClockChange("fall", fall, datetime(fall.year, 10, fall.day, 1, tzinfo=UTC)),
        )
    if rule == "us":
        if year < 1987:
            raise ValueError(f"the US clock-change rules used here hold from 1987, not for {year}")
        if year >= 2007:
            spring, fall = _nth_sunday(year, 3, 2), _nth_sunday(year, 11, 1)
        else:
            spring, fall = _nth_sunday(year, 4, 1), _last_sunday(year, 10)
        # 02:00 local time: 07:00 UTC in spring (from EST) and 06:00 UTC in autumn (from
        # EDT) for US Eastern time; each zone changes at its own local 02:00.
        return (
            ClockChange("spring", spring, datetime(spring.year, spring.month, spring.day, 7, tzinfo=UTC)),
            ClockChange("fall", fall, datetime(fall.year, fall.month, fall.day, 6, tzinfo=UTC)),
        )
    raise ValueError(f"clock-change rule must be 'uk' or 'us', not {rule!r}")


def clock_changes_for(years: Iterable[int], rule: ClockRule = "uk") -> tuple[ClockChange, ...]:
    """Every clock change in the given years, in date order."""
    return tuple(change for year in sorted(set(years)) for change in clock_changes(year, rule))


def rule_matches_zone(rule: ClockRule, zone: str, years: Iterable[int]) -> bool:
    """Whether a time zone's own offsets change on the rule's dates (a guard against a mismatch)."""
    tz = ZoneInfo(zone)
    for change in clock_changes_for(years, rule):
        before = (change.utc - timedelta(hours=1)).astimezone(tz).utcoffset()
        after = (change.utc + timedelta(hours=1)).astimezone(tz).utcoffset()
        if before == after:
            return False
    return True


@dataclass(frozen=True)
class SunTimes:
    """Sunset and civil dusk on one date at one place, as local clock times.

    Minutes are after local midnight of `day`, seconds dropped; dusk after midnight is
    1440 + minutes. None, with `problem` saying why, where the event does not happen.
    """

    day: date
    latitude: float
    longitude: float
    sunset: datetime | None
    dusk: datetime | None
    sunset_minute: int | None
    dusk_minute: int | None
    problem: str | None = None


def clock_minute(moment: datetime, day: date) -> int:
    """Minutes after local midnight of `day` on the clock, seconds dropped (Stanford's rule)."""
    return (moment.date() - day).days * MINUTES_PER_DAY + moment.hour * 60 + moment.minute


def sun_times(day: date, latitude: float, longitude: float, zone: str = "Europe/London") -> SunTimes:
    """Sunset and the end of civil twilight (sun's centre 6° below the horizon) on a local date.

    A datetime is refused: astral would take its zone in place of `zone`, and which local
    date it means is ambiguous.
    """
    if isinstance(day, datetime):
        raise TypeError("sun_times takes the local date of the stop, not a datetime")
    return _sun_times(day, round(float(latitude), 6), round(float(longitude), 6), zone)


@lru_cache(maxsize=131_072)
def _sun_times(day: date, latitude: float, longitude: float, zone: str) -> SunTimes:
    tz = ZoneInfo(zone)
    place = Observer(latitude=latitude, longitude=longitude)
    try:
        set_at = sunset(place, day, tzinfo=tz)
    except ValueError:
        return SunTimes(day, latitude, longitude, None, None, None, None, NO_SUNSET)
    dusk_at = _dusk_after(place, day, set_at, tz)
    if dusk_at is None:
        return SunTimes(day, latitude, longitude, set_at, None, clock_minute(set_at, day), None, NO_DUSK)
    return SunTimes(day, latitude, longitude, set_at, dusk_at, clock_minute(set_at, day), clock_minute(dusk_at, day))


def _dusk_after(place: Observer, day: date, set_at: datetime, tz: ZoneInfo) -> datetime | None:
    """The first civil dusk after this sunset, looking into the small hours of the next day.

    astral returns the crossing whose local date is the date asked for, which near 60°N in
    June is the previous evening's dusk at about 00:20; the evening's own dusk is then the
    next day's crossing.
    """
    for candidate_day in (day, day + timedelta(days=1)):
        try:
            found = dusk(place, candidate_day, depression=CIVIL_DEPRESSION, tzinfo=tz)
        except ValueError:
            continue
        if set_at < found <= set_at + _LONGEST_TWILIGHT:
            return found
    return None


def minute_label(minute: int) -> str:
    """Clock time for a minute of the day, "17:05"; past midnight reads "00:20 (next day)"."""
    day, rest = divmod(int(minute), MINUTES_PER_DAY)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{text} (next day)" if day else text
