"""Sun times and clock changes for the veil-of-darkness test (METHODS.md §5.4, T8 and T10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from parity.analysis import daylight

LONDON = (51.5072, -0.1276)


def _days(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]


def _zone_changes(zone: str, year: int) -> list[date]:
    """Dates whose local offset at noon differs from the day before: the zone's own record."""
    tz = ZoneInfo(zone)
    offsets = [datetime(d.year, d.month, d.day, 12, tzinfo=tz).utcoffset() for d in _days(year)]
    return [d for d, before, after in zip(_days(year)[1:], offsets, offsets[1:], strict=False) if before != after]


# --- T10: London 2023, astral 3.2 ---------------------------------------------------------


def test_t10_london_2023_inter_twilight_window_matches_methods() -> None:
    """METHODS.md T10 [C]: civil dusk from 16:31:47 GMT (11 December) to 22:10:10 BST (24 June)."""
    times = [daylight.sun_times(d, *LONDON) for d in _days(2023)]

    def clock(s: daylight.SunTimes) -> int:  # to the second, as METHODS reports it; ties go to the first date
        assert s.dusk is not None
        return s.dusk.hour * 3600 + s.dusk.minute * 60 + s.dusk.second

    earliest, latest = min(times, key=clock), max(times, key=clock)
    assert earliest.day == date(2023, 12, 11)
    assert earliest.dusk is not None and earliest.dusk.strftime("%H:%M:%S %Z") == "16:31:47 GMT"
    assert latest.day == date(2023, 6, 24)
    assert latest.dusk is not None and latest.dusk.strftime("%H:%M:%S %Z") == "22:10:10 BST"
    assert (earliest.dusk_minute, latest.dusk_minute) == (16 * 60 + 31, 22 * 60 + 10)


def test_london_2023_sunset_to_dusk_gap_is_34_to_49_minutes() -> None:
    """METHODS.md §5.4: the excluded twilight band in London lasts 34-49 minutes."""
    gaps = []
    for d in _days(2023):
        s = daylight.sun_times(d, *LONDON)
        assert s.sunset is not None and s.dusk is not None
        gaps.append((s.dusk - s.sunset).total_seconds() / 60)
    assert round(min(gaps)) == 34
    assert round(max(gaps)) == 49


def test_stack_check_values_for_london_2024() -> None:
    """STACK.md: London 21 June 2024 sunset 20:21:17 UTC, dusk 21:09:59 UTC; 21 December sunset 15:53:18."""
    june = daylight.sun_times(date(2024, 6, 21), *LONDON)
    december = daylight.sun_times(date(2024, 12, 21), *LONDON)
    assert june.sunset is not None and june.dusk is not None and december.sunset is not None
    assert june.sunset.astimezone(UTC).strftime("%H:%M:%S") == "20:21:17"
    assert june.dusk.astimezone(UTC).strftime("%H:%M:%S") == "21:09:59"
    assert december.sunset.strftime("%H:%M:%S %Z") == "15:53:18 GMT"


def test_times_are_local_clock_times_not_astral_default_utc() -> None:
    """astral returns UTC unless told the zone; in summer that would put dusk an hour early."""
    s = daylight.sun_times(date(2023, 6, 24), *LONDON)
    assert s.dusk is not None and s.dusk.utcoffset() == timedelta(hours=1)
    assert s.dusk_minute == 22 * 60 + 10  # 21:10 if UTC had leaked through


def test_a_datetime_is_refused_because_astral_would_take_its_zone() -> None:
    with pytest.raises(TypeError, match="local date"):
        daylight.sun_times(datetime(2023, 6, 24, 23, 30, tzinfo=UTC), *LONDON)


def test_t8_philadelphia_astral_is_within_three_minutes_of_stanfords_suncalc() -> None:
    """METHODS.md T8: suncalc gives sunset 20:34:40 and dusk 21:07:26 EDT on 2017-06-27.

    astral (the library Parity pins) is documented to differ by up to about 1.5 minutes at
    sunset and 2.8 minutes at dusk.
    """
    s = daylight.sun_times(date(2017, 6, 27), 39.9525839, -75.1652215, "America/New_York")
    assert s.sunset is not None and s.dusk is not None
    stanford_sunset = datetime(2017, 6, 27, 20, 34, 40, tzinfo=ZoneInfo("America/New_York"))
    stanford_dusk = datetime(2017, 6, 27, 21, 7, 26, tzinfo=ZoneInfo("America/New_York"))
    assert abs((s.sunset - stanford_sunset).total_seconds()) <= 180
    assert abs((s.dusk - stanford_dusk).total_seconds()) <= 180
    assert s.sunset != stanford_sunset  # a different library: equal to the second would be a copied value


# --- the far north ------------------------------------------------------------------------


def test_civil_twilight_that_never_ends_gives_no_dusk_and_a_reason() -> None:
    """North of about 60.5°N in midsummer astral raises ValueError; Parity reports it instead."""
    s = daylight.sun_times(date(2023, 6, 21), 60.9, -0.9)
    assert s.dusk is None and s.dusk_minute is None
    assert s.sunset is not None
    assert s.problem == daylight.NO_DUSK


def test_dusk_after_midnight_is_counted_past_1440() -> None:
    """At 60°N on 21 June dusk is at about 00:21 the next day; astral's own answer for that date
    is the previous evening's dusk, which would make every late stop look dark."""
    s = daylight.sun_times(date(2023, 6, 21), 60.0, -1.2)
    assert s.dusk is not None and s.sunset is not None and s.dusk_minute is not None
    assert s.dusk.date() == date(2023, 6, 22)
    assert s.dusk_minute > daylight.MINUTES_PER_DAY
    assert s.sunset < s.dusk
    assert daylight.minute_label(s.dusk_minute).endswith("(next day)")


def test_a_sun_that_does_not_set_is_reported() -> None:
    s = daylight.sun_times(date(2023, 6, 21), 69.65, 18.96, "Europe/Oslo")
    assert s.problem == daylight.NO_SUNSET and s.sunset is None


# --- clock changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "spring", "fall"),
    [
        (2019, date(2019, 3, 31), date(2019, 10, 27)),
        (2022, date(2022, 3, 27), date(2022, 10, 30)),
        (2023, date(2023, 3, 26), date(2023, 10, 29)),
        (2024, date(2024, 3, 31), date(2024, 10, 27)),
        (2025, date(2025, 3, 30), date(2025, 10, 26)),
        (2026, date(2026, 3, 29), date(2026, 10, 25)),
    ],
)
def test_uk_clock_changes_are_the_last_sundays_of_march_and_october(year: int, spring: date, fall: date) -> None:
    first, second = daylight.clock_changes(year, "uk")
    assert (first.season, first.local_date, second.season, second.local_date) == ("spring", spring, "fall", fall)
    assert first.utc == datetime(year, 3, spring.day, 1, tzinfo=UTC)
    assert second.utc == datetime(year, 10, fall.day, 1, tzinfo=UTC)


def test_uk_rule_agrees_with_the_time_zone_database_for_every_year_from_1996() -> None:
    for year in range(1996, 2041):
        generated = [c.local_date for c in daylight.clock_changes(year, "uk")]
        assert generated == _zone_changes("Europe/London", year), year
    assert daylight.rule_matches_zone("uk", "Europe/London", range(1996, 2041))


def test_uk_change_instant_is_when_the_offset_changes() -> None:
    london = ZoneInfo("Europe/London")
    spring, fall = daylight.clock_changes(2023, "uk")
    minute = timedelta(minutes=1)
    assert (spring.utc - minute).astimezone(london).utcoffset() == timedelta(0)
    assert spring.utc.astimezone(london).utcoffset() == timedelta(hours=1)
    assert (fall.utc - minute).astimezone(london).utcoffset() == timedelta(hours=1)
    assert fall.utc.astimezone(london).utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("year", "spring", "fall"),
    [
        (2005, date(2005, 4, 3), date(2005, 10, 30)),
        (2006, date(2006, 4, 2), date(2006, 10, 29)),
        (2007, date(2007, 3, 11), date(2007, 11, 4)),
        (2008, date(2008, 3, 9), date(2008, 11, 2)),
        (2017, date(2017, 3, 12), date(2017, 11, 5)),
    ],
)
def test_us_clock_changes_follow_the_rule_of_their_year(year: int, spring: date, fall: date) -> None:
    """The Rhode Island data span 2005-2008, across the 2007 change of the US rule."""
    first, second = daylight.clock_changes(year, "us")
    assert (first.local_date, second.local_date) == (spring, fall)


def test_us_rule_agrees_with_the_time_zone_database_for_every_year_from_1987() -> None:
    for year in range(1987, 2041):
        generated = [c.local_date for c in daylight.clock_changes(year, "us")]
        assert generated == _zone_changes("America/New_York", year), year
    eastern = ZoneInfo("America/New_York")
    spring, fall = daylight.clock_changes(2008, "us")
    assert spring.utc.astimezone(eastern).strftime("%H:%M %Z") == "03:00 EDT"
    assert fall.utc.astimezone(eastern).strftime("%H:%M %Z") == "01:00 EST"


def test_a_rule_that_does_not_fit_the_zone_is_detected() -> None:
    assert not daylight.rule_matches_zone("uk", "America/New_York", [2023])
    assert not daylight.rule_matches_zone("us", "Europe/London", [2023])


def test_years_before_the_rules_are_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="1996"):
        daylight.clock_changes(1995, "uk")
    with pytest.raises(ValueError, match="1987"):
        daylight.clock_changes(1986, "us")
    with pytest.raises(ValueError, match="uk"):
        daylight.clock_changes(2023, "eu")  # type: ignore[arg-type]


def test_clock_changes_for_several_years_are_in_date_order() -> None:
    changes = daylight.clock_changes_for([2024, 2023, 2023], "uk")
    assert [c.local_date for c in changes] == sorted(c.local_date for c in changes)
    assert len(changes) == 4


def test_clock_minutes_drop_seconds_and_read_the_local_clock() -> None:
    london = ZoneInfo("Europe/London")
    assert daylight.clock_minute(datetime(2023, 6, 24, 22, 10, 59, tzinfo=london), date(2023, 6, 24)) == 1330
    assert daylight.clock_minute(datetime(2023, 6, 25, 0, 21, tzinfo=london), date(2023, 6, 24)) == 1461
    assert daylight.minute_label(1006) == "16:46"
