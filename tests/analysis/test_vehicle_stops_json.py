"""The published JSON of the vehicle-stop figures, held byte for byte.

Vehicle-stop rows are built on the rate rows of `analysis.rates` (decision 8); the JSON the
recorded-stop figures publish must not change with how the rows are built. The golden file
was written by the code before the rows were rebuilt on `GroupRate`, from the same fleets
as below; to change the published JSON on purpose, version it and rewrite the file with
`PARITY_WRITE_GOLDEN=1`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.vehicle_stops import stop_counts
from tests.analysis.test_vehicle_stops import PILOT_POPULATION, Fleet, _pilot

GOLDEN = Path(__file__).parent / "golden" / "vehicle_stop_counts.json"
CONTEXT = Context(
    force="west-midlands",
    force_name="West Midlands Police",
    period_start="2025-05-01",
    period_end="2025-05-31",
    period_label="Stops recorded in May 2025",
    census_year=2021,
    ethnicity="self-defined",
    classification="5+1",
)


def _figures() -> dict[str, Any]:
    """Every kind of row: rates and ratios, hidden counts, a hidden reference, no populations,
    passengers, officer-defined, a detailed classification, and counts too few for a rate."""
    pilot = _pilot().stops
    mixed = Fleet().add(100, "W1", ["B1", "B2"]).add(50, "B1", ["W1"]).add(30, "A1", [None]).stops
    small = Fleet().add(3, "M1").add(40, "B1").add(300, "W1").add(25, "A1").add(12, "O9").add(9, "NS").stops
    hidden_ref = Fleet().add(2, "W1").add(400, "B1").add(300, "A1").add(4, "M1").stops
    few = Fleet().add(2, "M1").add(15, "O9").add(400, "W1").stops
    detailed = Fleet().add(60, "B1").add(40, "B2").add(500, "W1").add(100, "W9").stops
    detailed_pops = {"B1": 5_000, "B2": 10_000, "W1": 200_000, "W9": 50_000, "all": 300_000}
    tables = {
        "pilot": stop_counts(pilot, populations=PILOT_POPULATION, census_year=2021, context=CONTEXT),
        "pilot_without_populations": stop_counts(pilot),
        "pilot_officer_defined": stop_counts(pilot, basis="officer-defined", populations=PILOT_POPULATION),
        "passengers": stop_counts(mixed, role="passenger", populations=PILOT_POPULATION),
        "small_counts": stop_counts(small, populations=PILOT_POPULATION),
        "hidden_reference": stop_counts(hidden_ref, populations=PILOT_POPULATION),
        "few_stops": stop_counts(few, populations=PILOT_POPULATION, rules=Rules(disclosure_threshold=0)),
        "detailed": stop_counts(detailed, classification="detailed", populations=detailed_pops),
    }
    return {name: table.as_dict() for name, table in tables.items()}


def test_the_published_json_of_the_vehicle_stop_figures_is_unchanged() -> None:
    text = json.dumps(_figures(), indent=1) + "\n"
    if os.environ.get("PARITY_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
