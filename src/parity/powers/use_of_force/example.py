"""An illustrative, fictional force use-of-force export, made by code (for `parity demo`).

No force's real records are public, so the demo shows the record-level figures and the
panel cycle on rows made here: seeded (the same every time), in the documented layout, and
labelled fictional in every reference, pseudonym and file name, so nobody mistakes them
for a real force's records.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from parity import safe_csv
from parity.powers.use_of_force import tactics as terms
from parity.powers.use_of_force.extract import HEADER

FICTIONAL = "FICTIONAL"
LONDON = ZoneInfo("Europe/London")
GROUPS = (("White", 80), ("Black", 8), ("Asian", 6), ("Mixed", 3), ("Other", 2), ("Not stated", 1))
TACTIC_MIX = (
    ("Compliant handcuffing", 0.55),
    ("Non-compliant handcuffing", 0.2),
    ("Ground restraint", 0.12),
    ("Unarmed skills", 0.15),
    ("Taser drawn", 0.08),
    ("Taser aimed", 0.04),
    ("Taser fired", 0.015),
    ("Spit and bite guard", 0.03),
    ("Irritant spray used", 0.02),
)
AGES = (("under-11", 0.005), ("11-17", 0.1), ("18-34", 0.5), ("35-49", 0.25), ("50-64", 0.1), ("65-over", 0.02))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def example_rows(
    force: str = "Wiltshire", period: str = "2019/20", reports: int = 800, seed: int = 14
) -> list[list[str]]:
    """The rows of a fictional export: header first."""
    rng = random.Random(seed)  # noqa: S311 - made-up example rows, not a secret
    start = datetime(int(period[:4]), 4, 1, tzinfo=LONDON)
    rows = [list(HEADER)]
    for n in range(1, reports + 1):
        when = start + timedelta(minutes=rng.randrange(0, 364 * 24 * 60))
        used = [t for t, p in TACTIC_MIX if rng.random() < p] or ["Compliant handcuffing"]
        bwv = rng.random() < 0.85
        after_search = rng.random() < 0.15
        rows.append(
            [
                force,
                f"{FICTIONAL}-UOF-{n:05d}",
                when.isoformat(timespec="seconds"),
                f"OFF-{FICTIONAL}-{rng.randrange(1, 60):03d}",
                _pick(rng, tuple((g, float(w)) for g, w in GROUPS)),
                "" if rng.random() < 0.6 else rng.choice(["W1", "W2", "B1", "B2", "A1", "A3", "M1", "O9"]),
                terms.AGE_BANDS[_pick(rng, AGES)],
                rng.choice(["Male", "Male", "Male", "Female"]),
                "; ".join(used),
                "; ".join(sorted({rng.choice(list(terms.REASONS.values())[:8]) for _ in range(2)})),
                rng.choice(["Arrested", "Arrested", "Arrested", "No further action", "Hospitalised", "Other"]),
                rng.choice(["None", "None", "None", "Minor", "Not known"]),
                rng.choice(["None", "None", "None", "None", "Minor"]),
                str(bwv),
                f"Fictional footage {FICTIONAL}-BWV-{n:05d}, {rng.randrange(2, 40)} minutes" if bwv else "",
                rng.choice(["Street", "Dwelling", "Custody suite", "Vehicle", "Open ground"]),
                f"{FICTIONAL}-SS-{n:05d}" if after_search else "",
            ]
        )
    return rows


def write_example(folder: Path, force: str = "Wiltshire", period: str = "2019/20") -> Path:
    """Write the fictional export into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"fictional-use-of-force-records-{force.lower().replace(' ', '-')}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(example_rows(force, period))
    return path
