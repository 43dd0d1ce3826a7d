"""Arrests extracts made by code, in the layout of docs/reference/arrests-extract.md."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path

from parity.justice.importing.extract import HEADER

ETHNICITY = {"white": "W1", "black": "B2", "asian": "A1", "mixed": "M1", "other": "O9", "not_stated": "NS"}
OUTCOMES = ("charge", "caution", "community resolution", "conditional caution", "diversion", "no further action")


OFFENCES = ("drug offences", "theft offences")


def rows(
    force: str = "kent", *, n: int = 400, seed: int = 14, year: int = 2019, offences: Sequence[str] = OFFENCES
) -> list[list[str]]:
    """`n` arrests in the financial year starting April `year`, with a fixed mix of groups and outcomes."""
    rng = random.Random(seed)
    groups = ["white"] * 70 + ["black"] * 12 + ["asian"] * 9 + ["mixed"] * 5 + ["other"] * 2 + ["not_stated"] * 2
    out = []
    for i in range(n):
        group = rng.choice(groups)
        outcome = rng.choice(OUTCOMES)
        month = rng.randint(4, 15)
        day = f"{year + (month > 12)}-{(month - 1) % 12 + 1:02d}-{rng.randint(1, 28):02d}"
        out.append(
            [
                force, f"ARR-{seed}-{i:05d}", f"p{rng.randint(1, n // 2):06d}", ETHNICITY[group],
                rng.choice(["10-17", "18-24", "25-34", "35-44"]), rng.choice(["male", "female"]),
                rng.choice(list(offences)), day, outcome, day,
            ]
        )  # fmt: skip
    return out


def write(path: Path, body: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(body)
    return path


ETHNICITY_GROUP = {code: group for group, code in ETHNICITY.items()}
