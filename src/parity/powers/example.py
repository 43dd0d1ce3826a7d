"""The fictional force's own stop-and-search extract, made by code (for `parity demo`).

No force publishes its grounds, officers or body-worn video, so the demonstration makes an
extract in the documented force-extract layout (docs/reference/force-extract.md) for the
fictional force alone (reference.forces.FICTIONAL): seeded, so every run makes the same
files, and imported through the same importer as a force's real extract. Every record
reference starts FICTIONAL and every grounds text says it is fictional; the force's name
says so on every page. Its records are held for panels to sample, never in the warehouse
the published figures come from (parity.powers.partitions).

The made-up pattern (one officer doing a third of the searches, most of Black people, with
the camera off more often) is there only so a panel has something to find.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from parity import safe_csv
from parity.powers.importing.adapters import RAW_FIELDS
from parity.powers.importing.force_extract import OFFICER_COLUMN, OFFICER_IDENTIFIER
from parity.reference.forces import FICTIONAL

SEED = 2025
MONTHS = ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
SEARCHES_A_MONTH = 90
BUSY_OFFICER = "PC 0001"
OFFICERS = ("PC 0002", "PC 0003", "PC 0004", "PS 0005", "PC 0006", "PC 0007")
NEIGHBOURHOODS = ("Borchester Central", "Felpersham North", "Felpersham South", "Ambridge and villages")
ETHNICITIES = (
    ("White - English/Welsh/Scottish/Northern Irish/British", "White", 70),
    ("White - Any other White background", "White", 5),
    ("Black/African/Caribbean/Black British - Caribbean", "Black", 6),
    ("Black/African/Caribbean/Black British - African", "Black", 6),
    ("Asian/Asian British - Pakistani", "Asian", 4),
    ("Asian/Asian British - Indian", "Asian", 3),
    ("Mixed/Multiple ethnic groups - White and Black Caribbean", "Black", 2),
    ("Other ethnic group - Not stated", "", 4),
)
# object of search, legislation, grounds (each made up, and saying so)
OBJECTS = (
    (
        "Controlled drugs",
        "Misuse of Drugs Act 1971 (section 23)",
        "Fictional grounds: a strong smell of cannabis from the car, and the driver put something under the seat.",
        60,
    ),
    (
        "Offensive weapons",
        "Police and Criminal Evidence Act 1984 (section 1)",
        "Fictional grounds: a caller described a man with a knife near the bus station; he matched the description.",
        20,
    ),
    (
        "Stolen goods",
        "Police and Criminal Evidence Act 1984 (section 1)",
        "Fictional grounds: seen leaving the shop quickly with unpaid items just after the alarm sounded.",
        15,
    ),
    (
        "Controlled drugs",
        "Misuse of Drugs Act 1971 (section 23)",
        "Fictional grounds: he was in an area known for drugs and looked nervous.",
        5,
    ),
)
OUTCOMES = (
    ("A no further action disposal", 75),
    ("Arrest", 10),
    ("Community resolution", 8),
    ("Caution (simple or conditional)", 5),
    ("Penalty Notice for Disorder", 2),
)
AGES = (("10-17", 25), ("18-24", 35), ("25-34", 22), ("over 34", 18))


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def header() -> list[str]:
    """The force-extract header, with officers as identifiers (the importer hashes them)."""
    fields = list(RAW_FIELDS)
    fields[OFFICER_COLUMN] = OFFICER_IDENTIFIER
    return fields


def month_rows(month: str, *, seed: int = SEED) -> list[list[str]]:
    """One month of fictional searches, as the extract's rows."""
    rng = random.Random(f"{seed}-{month}")  # noqa: S311 - a reproducible demonstration, not a secret
    start = datetime.fromisoformat(f"{month}-01T00:00:00+00:00")
    rows = []
    for number in range(1, SEARCHES_A_MONTH + 1):
        busy = rng.random() < 0.33
        sde, ode, _ = rng.choices(ETHNICITIES, [w * (4 if busy and o == "Black" else 1) for _, o, w in ETHNICITIES])[0]
        thing, law, grounds, _ = rng.choices(OBJECTS, [w for *_, w in OBJECTS])[0]
        outcome = _weighted(rng, OUTCOMES)
        when = start + timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 23), minutes=rng.choice((0, 15, 30, 45)))
        camera = rng.random() < (0.6 if busy else 0.9)
        rows.append([
            rng.choice(("Person search", "Person search", "Person and Vehicle search")),
            when.isoformat(),
            "",
            "",
            "",
            "",
            rng.choice(("Male", "Male", "Male", "Female")),
            _weighted(rng, AGES),
            sde,
            ode,
            law,
            thing,
            outcome,
            "" if outcome == OUTCOMES[0][0] else rng.choice(("True", "False")),
            "False",
            f"FICTIONAL-BOR-{month.replace('-', '')}-{number:04d}",
            grounds,
            BUSY_OFFICER if busy else rng.choice(OFFICERS),
            "True" if camera else "False",
            rng.choice(NEIGHBOURHOODS),
        ])  # fmt: skip
    return rows


def write_example(folder: Path, *, months: tuple[str, ...] = MONTHS) -> list[Path]:
    """Write the fictional force's extract, one file a month named as the importer expects."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for month in months:
        path = folder / f"{month}-{FICTIONAL.slug}-stop-and-search.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = safe_csv.writer(file)
            writer.writerow(header())
            writer.writerows(month_rows(month))
        paths.append(path)
    return paths
