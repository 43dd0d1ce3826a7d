"""Section 163 vehicle stops by ethnicity: counts, rates, share ratios, outcomes (METHODS.md §2.3)."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
import pytest

from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.vehicle_stops import (
    PASSENGER_NOTE,
    WEAK_BENCHMARK,
    Occupant,
    VehicleStop,
    driver_frame,
    occupants_frame,
    stop_counts,
    stop_outcomes,
)
from tests.conftest import POPULATION

WHEN = datetime(2025, 5, 1, 17, 30, tzinfo=UTC)
Z = 1.959963984540054  # the 97.5% point of the normal distribution


def _wilson(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval written out (Wilson 1927), independent of the code under test."""
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


class Fleet:
    """Builds stop records: `add(n, driver, passengers, **stop fields)`."""

    def __init__(self) -> None:
        self.stops: list[VehicleStop] = []

    def add(
        self,
        n: int,
        driver: str | None,
        passengers: Iterable[str | None] = (),
        *,
        officer: str | None = None,
        **fields: object,
    ) -> Fleet:
        for _ in range(n):
            people = (Occupant("driver", driver, officer), *(Occupant("passenger", p) for p in passengers))
            self.stops.append(VehicleStop(f"S{len(self.stops) + 1}", WHEN, people, **fields))  # type: ignore[arg-type]
        return self


# A fictional force where 16.5% of stopped drivers are Black against 13.5% of residents,
# the Metropolitan Police pilot's figures (METHODS.md §2.3: share ratio 1.22).
PILOT_POPULATION = {
    "all": 1_000_000,
    "asian": 150_000,
    "black": 135_000,
    "mixed": 60_000,
    "white": 600_000,
    "other": 55_000,
}


def _pilot() -> Fleet:
    return (
        Fleet()
        .add(165, "B1", officer="black")
        .add(600, "W1", officer="white")
        .add(150, "A2", officer="asian")
        .add(50, "M1", officer="mixed")
        .add(35, "O9", officer="other")
        .add(40, "NS", officer="white")
        .add(10, None, officer="black")
    )


def test_share_ratio_reproduces_the_met_pilot_arithmetic() -> None:
    result = stop_counts(_pilot().stops, populations=PILOT_POPULATION, census_year=2021)
    black = result.group("Black")
    assert black.count == 165
    assert black.share == pytest.approx(0.165)
    assert black.population_share == pytest.approx(0.135)
    assert black.share_ratio == pytest.approx(0.165 / 0.135)
    assert round(black.share_ratio or 0, 2) == 1.22
    low, high = _wilson(165, 1000)
    assert (black.share_ci_low, black.share_ci_high) == pytest.approx((low, high))
    assert (black.share_ratio_ci_low, black.share_ratio_ci_high) == pytest.approx((low / 0.135, high / 0.135))
    assert "share ratio of 1.2" in black.statement


def test_not_stated_and_not_recorded_drivers_are_left_out_of_shares_but_counted() -> None:
    result = stop_counts(_pilot().stops, populations=PILOT_POPULATION)
    assert result.total.count == 1050
    assert sum(g.share or 0 for g in result.groups) == pytest.approx(1.0)
    exclusions = {e.reason: e.count for e in result.exclusions}
    assert exclusions == {"Ethnicity not stated (prefer not to say)": 40, "Ethnicity not recorded": 10}


def test_rate_ratio_against_residents_matches_the_methods_test_vector() -> None:
    """METHODS.md §3.1 T3 [C]: 500 of 20,000 against 2,000 of 400,000 is 5.000 (4.5333-5.5148)."""
    fleet = Fleet().add(500, "B2").add(2000, "W1")
    result = stop_counts(fleet.stops, populations={"black": 20_000, "white": 400_000, "all": 420_000})
    black = result.group("black")
    assert black.rate_per_1000 == pytest.approx(25.0)
    assert black.rate_ratio == pytest.approx(5.0)
    assert black.rate_ratio_ci_low == pytest.approx(4.5333, abs=5e-5)
    assert black.rate_ratio_ci_high == pytest.approx(5.5148, abs=5e-5)
    assert black.rate_ratio_method == "poisson-log-wald"
    assert result.group("white").reference and result.group("white").rate_ratio is None
    assert result.total.rate_per_1000 == pytest.approx(1000 * 2500 / 420_000)


def test_rates_use_the_real_census_population_of_a_force() -> None:
    """Avon and Somerset, 2021 census: 37,844 Black and 1,584,583 White of 1,744,576 residents."""
    path = POPULATION / "derived" / "pfa_population_census2021_by_ethnic_group.csv"
    populations: dict[str, int] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            if row["PFA22NM"] == "Avon and Somerset":
                key = row["ethnic_group_5plus1"].lower()
                populations[key] = populations.get(key, 0) + int(row["population"])
    assert (populations["all"], populations["black"], populations["white"]) == (1_744_576, 37_844, 1_584_583)
    fleet = Fleet().add(120, "B1").add(80, "B2").add(3000, "W1").add(150, "A1").add(60, "M3").add(40, "O1")
    result = stop_counts(fleet.stops, populations=populations, census_year=2021)
    black = result.group("black")
    assert black.population_share == pytest.approx(37_844 / 1_744_576)
    assert black.rate_per_1000 == pytest.approx(1000 * 200 / 37_844)
    assert black.rate_ratio == pytest.approx((200 / 37_844) / (3000 / 1_584_583))
    assert result.census_year == 2021


def test_the_weak_benchmark_caveat_travels_with_every_result() -> None:
    result = stop_counts(_pilot().stops, populations=PILOT_POPULATION)
    out = json.loads(json.dumps(result.as_dict()))
    assert out["benchmark_caveat"] == WEAK_BENCHMARK
    assert "not the same people" in WEAK_BENCHMARK and "veil-of-darkness" in WEAK_BENCHMARK
    assert out["method"]["benchmark"].startswith("census usual residents")


def test_without_populations_there_are_counts_and_shares_but_no_rates() -> None:
    result = stop_counts(_pilot().stops)
    black = result.group("black")
    assert black.count == 165 and black.share == pytest.approx(0.165)
    assert black.rate_per_1000 is None and black.share_ratio is None and black.rate_ratio is None
    assert any("No census populations" in w for w in result.warnings)


def test_small_counts_are_suppressed_with_a_second_cell_so_totals_cannot_reveal_them() -> None:
    fleet = Fleet().add(3, "M1").add(40, "B1").add(300, "W1").add(25, "A1").add(12, "O9").add(9, "NS")
    result = stop_counts(fleet.stops, populations=PILOT_POPULATION)
    mixed = result.group("mixed")
    assert mixed.suppressed and mixed.count is None and mixed.share is None and mixed.rate_per_1000 is None
    hidden = [g.code for g in result.groups if g.suppressed]
    assert len(hidden) >= 2, "one hidden group among shown groups and a shown total would give it back"
    assert 3 not in [g.count for g in result.groups]
    assert '"count": 3,' not in json.dumps(result.as_dict())
    shown = sum(g.count for g in result.groups if g.count is not None)
    assert result.total.count is None or result.total.count - 9 - shown > 3  # more than the small cell is hidden


def test_a_suppressed_reference_group_means_no_ratios() -> None:
    fleet = Fleet().add(2, "W1").add(400, "B1").add(300, "A1").add(4, "M1")
    result = stop_counts(fleet.stops, populations=PILOT_POPULATION)
    assert result.group("white").suppressed
    assert result.group("black").rate_ratio is None
    assert any("reference group" in w for w in result.group("black").warnings)


def test_few_stops_give_no_rate_and_fewer_than_twenty_are_flagged() -> None:
    rules = Rules(disclosure_threshold=0)  # show every count, to see the other rules at work
    fleet = Fleet().add(2, "M1").add(15, "O9").add(400, "W1")
    result = stop_counts(fleet.stops, populations=PILOT_POPULATION, rules=rules)
    assert result.group("mixed").rate_per_1000 is None
    other = result.group("other")
    assert other.rate_per_1000 is not None and other.unreliable
    assert "treat it with caution" in other.statement


def test_passengers_are_counted_as_people_with_a_note() -> None:
    fleet = Fleet().add(100, "W1", ["B1", "B2"]).add(50, "B1", ["W1"]).add(30, "A1", [None])
    result = stop_counts(fleet.stops, role="passenger", populations=PILOT_POPULATION)
    assert result.unit == "passengers"
    assert result.group("black").count == 200
    assert result.group("white").count == 50
    assert {e.reason: e.count for e in result.exclusions}["Ethnicity not recorded"] == 30
    assert PASSENGER_NOTE in result.warnings
    drivers = stop_counts(fleet.stops, populations=PILOT_POPULATION)
    assert drivers.group("black").count == 50 and drivers.total.count == 180


def test_officer_defined_ethnicity_is_a_separate_view_never_mixed() -> None:
    fleet = _pilot()
    officer = stop_counts(fleet.stops, basis="officer-defined", populations=PILOT_POPULATION)
    assert officer.basis == "officer-defined"
    assert officer.group("black").count == 175  # 165 self-defined Black + 10 with no self-definition
    assert officer.group("white").count == 640  # includes the 40 who preferred not to say
    assert officer.group("black").statement.startswith("People the officer saw as Black")


def test_detailed_classification_with_a_broad_reference_group() -> None:
    fleet = Fleet().add(60, "B1").add(40, "B2").add(500, "W1").add(100, "W9")
    populations = {"B1": 5_000, "B2": 10_000, "W1": 200_000, "W9": 50_000, "all": 300_000}
    result = stop_counts(fleet.stops, classification="detailed", reference="White", populations=populations)
    caribbean = result.group("B1")
    assert caribbean.count == 60
    assert caribbean.rate_ratio == pytest.approx((60 / 5_000) / (600 / 250_000))
    assert result.reference_group == "White (all groups)"


def test_unrecognised_values_are_counted_as_not_recorded_and_reported() -> None:
    fleet = Fleet().add(100, "W1").add(3, "Martian").add(50, "Black")  # a 5+1 label is understood
    result = stop_counts(fleet.stops, rules=Rules(disclosure_threshold=0))
    assert result.group("black").count == 50
    assert {e.reason: e.count for e in result.exclusions}["Ethnicity not recorded"] == 3
    assert any("3 self-defined ethnicity value(s) were not recognised" in w for w in result.warnings)


def test_stops_without_a_driver_are_reported() -> None:
    fleet = Fleet().add(20, "W1")
    fleet.stops.append(VehicleStop("S-empty", WHEN, ()))
    fleet.stops.append(VehicleStop("S-pass", WHEN, (Occupant("passenger", "B1"),)))
    result = stop_counts(fleet.stops, rules=Rules(disclosure_threshold=0))
    assert {e.reason: e.count for e in result.exclusions}["Stops recorded without a driver"] == 2


def test_a_frame_and_records_give_the_same_answer() -> None:
    fleet = _pilot()
    frame = occupants_frame(fleet.stops)
    assert list(frame.columns)[:2] == ["stop", "role"]
    assert len(frame) == 1050
    a = stop_counts(fleet.stops, populations=PILOT_POPULATION).as_dict()
    b = stop_counts(frame, populations=PILOT_POPULATION).as_dict()
    assert a == b


def test_bad_frames_are_refused_with_the_problem_named() -> None:
    with pytest.raises(ValueError, match="no column role"):
        stop_counts(pd.DataFrame({"stop": [1]}))
    with pytest.raises(ValueError, match="driver or passenger; found pilot"):
        stop_counts(pd.DataFrame({"stop": [1], "role": ["pilot"], "self_defined": ["W1"]}))
    two = pd.DataFrame({"stop": [1, 1], "role": ["driver", "driver"], "self_defined": ["W1", "B1"]})
    with pytest.raises(ValueError, match="more than one driver"):
        driver_frame(two)


def test_no_stops_give_empty_tables_not_errors() -> None:
    counts = stop_counts([], populations=PILOT_POPULATION)
    assert counts.total.count == 0
    assert all(g.count == 0 and g.share is None and g.rate_per_1000 is None for g in counts.groups)
    outcomes = stop_outcomes([])
    assert outcomes.total.stops == 0 and outcomes.outcome_names == ()
    json.dumps(counts.as_dict())
    json.dumps(outcomes.as_dict())


def test_context_leads_the_json() -> None:
    context = Context("kent", "Kent", "2025-04-01", "2026-03-31", "2025/26", 2021, "self-defined", "5+1")
    out = stop_counts(_pilot().stops, populations=PILOT_POPULATION, context=context).as_dict()
    assert list(out)[:3] == ["force", "force_name", "period"]
    assert out["analysis"] == "vehicle-stops-by-ethnicity"


# --- outcomes ---------------------------------------------------------------------------------


def _outcomes_fleet() -> Fleet:
    fleet = Fleet()
    fleet.add(150, "B1", searched=True, arrested=True, outcome="arrest")
    fleet.add(350, "B1", searched=True, arrested=False, outcome="no further action")
    fleet.add(500, "B1", searched=False, arrested=False, outcome="traffic offence report")
    fleet.add(100, "W1", searched=True, arrested=True, outcome="arrest")
    fleet.add(300, "W1", searched=True, arrested=False, outcome="no further action")
    fleet.add(1600, "W1", searched=False, arrested=False, outcome="traffic offence report")
    fleet.add(30, "W1", searched=None, arrested=None, outcome=None)  # nothing recorded
    fleet.add(60, "A1", searched=False, arrested=False, outcome="verbal warning")
    fleet.add(40, "A1", searched=True, arrested=False, outcome="no further action")
    fleet.add(20, "M1", searched=False, arrested=False, outcome="verbal warning")
    fleet.add(25, "O9", searched=False, arrested=False, outcome="traffic offence report")
    return fleet


def test_search_and_arrest_shares_have_wilson_intervals_and_katz_ratios() -> None:
    result = stop_outcomes(_outcomes_fleet().stops)
    black, white = result.group("black"), result.group("white")
    assert black.searched is not None and white.searched is not None
    assert (black.searched.count, black.searched.denominator) == (500, 1000)
    assert (white.searched.count, white.searched.denominator) == (400, 2000)  # the 30 unrecorded left out
    assert (black.searched.ci_low, black.searched.ci_high) == pytest.approx(_wilson(500, 1000))
    assert black.searched.method == "wilson"
    ratio = (500 / 1000) / (400 / 2000)
    se = math.sqrt(1 / 500 - 1 / 1000 + 1 / 400 - 1 / 2000)
    assert black.searched.ratio == pytest.approx(ratio)
    assert (black.searched.ratio_ci_low, black.searched.ratio_ci_high) == pytest.approx(
        (ratio * math.exp(-Z * se), ratio * math.exp(Z * se))
    )
    assert black.arrested is not None and black.arrested.share == pytest.approx(0.15)
    exclusions = {e.reason: e.count for e in result.exclusions}
    assert exclusions["Stops with searched not recorded (left out of the searched shares)"] == 30
    assert exclusions["Stops with outcome not recorded (left out of the outcome shares)"] == 30


def test_outcome_categories_are_shares_of_stops_with_an_outcome() -> None:
    result = stop_outcomes(_outcomes_fleet().stops)
    assert result.outcome_names[0] == "traffic offence report"  # most frequent first
    black = result.group("black")
    shares = {name: p.share for name, p in black.outcomes if p.share is not None}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert black.outcome("arrest").share == pytest.approx(0.15)
    assert result.total.outcome("arrest").count == 250


def test_wilson_interval_for_a_large_share_matches_the_methods_oracle() -> None:
    """METHODS.md §3.1 [C]: Wilson for 59,457 of 214,438 is [0.27538, 0.27917]."""
    frame = pd.DataFrame(
        {
            "stop": range(214_438),
            "role": "driver",
            "self_defined": "W1",
            "searched": [True] * 59_457 + [False] * (214_438 - 59_457),
        }
    )
    white = stop_outcomes(frame).group("white")
    assert white.searched is not None
    assert white.searched.ci_low == pytest.approx(0.27538, abs=5e-6)
    assert white.searched.ci_high == pytest.approx(0.27917, abs=5e-6)


def test_a_small_outcome_count_and_its_complement_are_protected() -> None:
    fleet = _outcomes_fleet().add(2, "M1", searched=True, arrested=True, outcome="arrest")
    result = stop_outcomes(fleet.stops)
    mixed = result.group("mixed")
    assert mixed.arrested is not None and mixed.arrested.suppressed and mixed.arrested.count is None
    assert mixed.outcome("arrest").suppressed
    other_hidden = [g.code for g in result.groups if g.arrested is not None and g.arrested.suppressed]
    assert len(other_hidden) >= 2 or (result.total.arrested is not None and result.total.arrested.suppressed)
    assert "Suppressed" in mixed.arrested.warnings[0]


def test_outcomes_without_search_or_arrest_fields_say_so() -> None:
    frame = pd.DataFrame({"stop": range(40), "role": "driver", "self_defined": ["W1"] * 30 + ["B1"] * 10})
    frame["outcome"] = "verbal warning"
    result = stop_outcomes(frame)
    assert result.group("white").searched is None
    assert any("followed by search" in w for w in result.warnings)
    assert result.group("white").outcome("verbal warning").share == 1.0


def test_outcomes_json_carries_caveat_and_method() -> None:
    out = json.loads(json.dumps(stop_outcomes(_outcomes_fleet().stops).as_dict()))
    assert out["unit"] == "stops, by the driver's ethnicity"
    assert "not for each person" in out["caveat"]
    assert out["method"]["ratio_interval"].startswith("Katz")
    assert out["groups"][1]["searched"]["ratio_method"] == "katz-log"
