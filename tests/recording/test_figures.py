"""Published figures from recorded stops: the analysis functions wired to what officers
record, with small numbers protected, and the veil-of-darkness test recovering a known effect
planted in recorded stops."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from parity.accounts.models import User
from parity.analysis import daylight
from parity.recording import figures, references
from parity.recording.models import Feedback, Person, Stop
from parity.recording.services import PersonData, profile_for
from parity.reference.models import Force
from tests import attacker
from tests.pagecheck import CheckedClient, text
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
BIRMINGHAM = (52.4797, -1.9027)


def planted_stops(officer: User, force: Force, *, seed: int = 7, per_day: int = 24) -> int:
    """Vehicle stops a month either side of the 2025 autumn and 2026 spring clock changes,
    at clock times between 16:00 and 21:00, where Black drivers are 30% of stops in daylight
    and 20% after dark: the pattern daylight profiling would leave. Saved in bulk."""
    rng = random.Random(seed)
    profile = profile_for(officer, force)
    stops, kinds = [], []
    for change in daylight.clock_changes(2025)[1:] + daylight.clock_changes(2026)[:1]:
        for offset in range(-30, 31):
            day = change.local_date + timedelta(days=offset)
            sun = daylight.sun_times(day, *BIRMINGHAM)
            for _ in range(per_day):
                minute = rng.randint(16 * 60, 21 * 60)
                local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LONDON)
                dark = sun.dusk_minute is not None and minute > sun.dusk_minute
                black = rng.random() < (0.20 if dark else 0.30)
                stops.append(
                    Stop(
                        kind="vehicle", reference=references.new_reference(), force=force, officer=officer,
                        officer_pseudonym=profile.pseudonym, station="Lloyd House", occurred_at=local.astimezone(UTC),
                        location="A38", latitude=BIRMINGHAM[0], longitude=BIRMINGHAM[1], bwv_recorded=True,
                        vehicle_reason="moving-offence", outcome="nfa",
                    )
                )  # fmt: skip
                kinds.append("B1" if black else "W1")
    saved = Stop.objects.bulk_create(stops)
    Person.objects.bulk_create(
        Person(stop=s, role="driver", self_defined=k, officer_defined="black" if k == "B1" else "white",
               age_band="25-34", gender="male")
        for s, k in zip(saved, kinds, strict=True)
    )  # fmt: skip
    return len(saved)


def test_the_veil_of_darkness_test_finds_the_effect_planted_in_recorded_stops(role_world: RoleWorld) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    planted = planted_stops(officer, role_world.home)
    result = figures.vehicle_figures(role_world.home)
    assert result.stops == planted
    darkness = result.darkness
    assert darkness is not None and darkness.status == "estimated", darkness and darkness.reason
    assert darkness.estimate is not None and darkness.estimate.odds_ratio_ci_high < 1
    assert 0.4 < darkness.estimate.odds_ratio < 0.85  # planted: odds 0.25 / (0.3/0.7) = 0.58
    assert result.darkness_withheld is None
    light, dark = darkness.shares
    assert light.share is not None and dark.share is not None and light.share > dark.share


def test_the_vehicle_stop_page_publishes_the_test_and_the_counts(role_world: RoleWorld, client: CheckedClient) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    planted_stops(officer, role_world.home, per_day=10)
    page = client.get("/recorded-stops/west-midlands/vehicle-stops").page
    assert text(page.h1) == "Vehicle stops in West Midlands, by ethnic group"
    main = text(page.select_one("main"))
    assert "Weak benchmark" in main and "Veil-of-darkness test" in main
    assert "the odds that a stopped driver was Black" in main
    caption = page.select_one("#drivers-caption")
    assert caption is not None and "Drivers stopped" in text(caption)


def test_small_numbers_are_not_published(role_world: RoleWorld, client: CheckedClient) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    people = (
        PersonData("driver", "B1", "black", "25-34", "male"),
        PersonData("passenger", "W1", "white", "18-24", "female"),
    )
    for _ in range(3):
        save_stop(officer, role_world.home, people=people)
    result = figures.vehicle_figures(role_world.home)
    assert result.drivers.group("black").count is None and result.drivers.group("black").suppressed
    assert result.darkness_withheld is not None
    page = client.get("/recorded-stops/west-midlands/vehicle-stops").page
    drivers = page.select_one("#drivers-caption").find_parent("table")
    black_row = next(r for r in drivers.select("tbody tr") if text(r.th) == "Black")
    assert text(black_row.select("td")[0]) == "not published"


def test_the_number_of_stops_and_their_dates_are_protected_like_every_table(
    role_world: RoleWorld, client: CheckedClient
) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    people = (PersonData("driver", "B1", "black", "25-34", "male"),)
    for _ in range(3):
        save_stop(officer, role_world.home, people=people)
    data = figures.vehicle_figures(role_world.home).as_dict()
    assert data["stops"] is None and data["stops_suppressed"] is True  # three stops: a small number
    drivers = data["drivers"]
    assert drivers["total"]["count"] is None  # nor given back by the drivers' total
    context = figures.vehicle_figures(role_world.home).drivers.context
    # whole months, never the day of the first or last stop
    assert context.period_start.endswith("-01")
    assert re.fullmatch(r"Stops recorded in [A-Z][a-z]+ \d{4}( to [A-Z][a-z]+ \d{4})?", context.period_label)
    page = client.get("/recorded-stops/west-midlands/vehicle-stops").page
    intro = text(page.select_one("main p.govuk-body"))
    assert "From a small number of section 163 stops" in intro and " 3 " not in intro


def test_rates_use_the_census_and_carry_the_weak_benchmark_caveat(role_world: RoleWorld, loaded: object) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    for code, group in [("B1", "black")] * 30 + [("W1", "white")] * 40:
        save_stop(officer, role_world.home, people=(PersonData("driver", code, group, "25-34", "male"),))
    result = figures.vehicle_figures(role_world.home)
    black = result.drivers.group("black")
    assert black.count == 30 and black.population is not None and black.rate_per_1000 is not None
    assert black.rate_ratio is not None and black.rate_ratio > 1
    assert result.drivers.census_year == 2021 and "Weak benchmark" in result.drivers.benchmark_caveat


def _feedback(stop: Stop, *, satisfaction: str, ethnicity: str = "") -> None:
    Feedback.objects.create(stop=stop, satisfaction=satisfaction, respect="yes", self_defined=ethnicity,
                            negative=satisfaction in {"dissatisfied", "very-dissatisfied"})  # fmt: skip


def test_satisfaction_by_ethnic_group_is_counted_and_small_numbers_protected(
    role_world: RoleWorld, client: CheckedClient
) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    for _ in range(12):
        stop = save_stop(officer, role_world.home, "search")  # the person stopped is Black African
        _feedback(stop, satisfaction="dissatisfied")  # no ethnicity given: the recorded one counts
    for i in range(13):
        stop = save_stop(officer, role_world.home, "search")
        _feedback(stop, satisfaction="satisfied" if i < 8 else "neither", ethnicity="W9")
    for _ in range(6):
        stop = save_stop(officer, role_world.home, "search")
        _feedback(stop, satisfaction="satisfied", ethnicity="NS")  # preferred not to say
    for _ in range(10):
        stop = save_stop(officer, role_world.home, "search")
        _feedback(stop, satisfaction="satisfied", ethnicity="M1")
    stop = save_stop(officer, role_world.home, "search")
    _feedback(stop, satisfaction="very-satisfied", ethnicity="A3")  # one Asian respondent
    result = figures.feedback_figures(role_world.home)
    black, white, asian = result.group("black"), result.group("white"), result.group("asian")
    assert black.responses == 12 and black.measure("respect").share == 1
    assert white.responses == 13 and white.measure("respect").share == 1
    assert asian.responses is None and asian.measure("satisfied").suppressed
    # One hidden Asian answer would be given back by the total, so other cells are hidden too,
    # until the Asian count could be any of more than 5 values.
    others = [g for g in result.groups if g.group != "asian" and g.measure("satisfied").suppressed]
    assert others
    assert result.total.responses == 42
    published = attacker.feedback_table(json.loads(json.dumps(result.as_dict())))
    assert attacker.recovered(published, 5) == []
    page = client.get("/recorded-stops/west-midlands/feedback").page
    rows = {text(r.th): [text(td) for td in r.select("td")] for r in page.select("tbody tr")}
    assert rows["Asian"][0] == "not published"
    assert rows["White"][0] == "13"
    assert rows["Everyone"][0] == "42"
