"""An illustrative, fictional arrests-and-disposals extract, made by code (seeded).

`parity demo` imports one so the stage table and the out-of-court disposal view have
record-level data to show; every page that shows it says the figures are fictional, because
the file name (and so every source it gives) says so. Tests use the same generator.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from parity import safe_csv
from parity.justice.importing.extract import HEADER

FICTIONAL = "fictional"
ETHNICITY = {"white": "W1", "black": "B2", "asian": "A1", "mixed": "M1", "other": "O9", "not_stated": "NS"}
GROUP_OF_CODE = {code: group for group, code in ETHNICITY.items()}
MIX = ["white"] * 70 + ["black"] * 12 + ["asian"] * 9 + ["mixed"] * 5 + ["other"] * 2 + ["not_stated"] * 2
OUTCOMES = ("charge", "caution", "community resolution", "conditional caution", "diversion", "no further action")
OFFENCES = ("drug offences", "theft offences")


def rows(
    force: str = "kent", *, n: int = 400, seed: int = 14, year: int = 2019, offences: Sequence[str] = OFFENCES
) -> list[list[str]]:
    """`n` arrests in the financial year starting April `year`: a fixed mix of groups, ages and outcomes.

    Black people are a little less often given an out-of-court disposal, so the demo shows a
    stage the flag rule can pick out."""
    rng = random.Random(seed)  # noqa: S311  (a seeded, reproducible example, not a secret)
    out = []
    for i in range(n):
        group = rng.choice(MIX)
        outcome = rng.choice(OUTCOMES[:1] * 2 + OUTCOMES) if group == "black" else rng.choice(OUTCOMES)
        month = rng.randint(4, 15)
        day = f"{year + (month > 12)}-{(month - 1) % 12 + 1:02d}-{rng.randint(1, 28):02d}"
        out.append(
            [
                force, f"ARR-{seed}-{i:05d}", f"p{rng.randint(1, max(2, n // 2)):06d}", ETHNICITY[group],
                rng.choice(["10-17", "18-24", "25-34", "35-44"]), rng.choice(["male", "female"]),
                rng.choice(list(offences)), day, outcome, day,
            ]
        )  # fmt: skip
    return out


def write(path: Path, body: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = safe_csv.writer(file)
        writer.writerow(header)
        writer.writerows(body)
    return path


def write_example(folder: Path, force: str = "avon-and-somerset", *, year: int = 2019) -> Path:
    """The demo's fictional extract for one force and year, written into `folder`."""
    offences = ("drug offences", "theft offences", "violence against the person", "public order offences")
    body = rows(force, n=6000, seed=2019, year=year, offences=offences)
    return write(folder / f"{FICTIONAL}-arrests-extract-{force}-{year}.csv", body)
