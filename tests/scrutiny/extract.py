"""Force extracts for tests and the documentation, built from real data.police.uk records.

A force's own extract adds five columns to the data.police.uk ones. The shared data has
none, so these are built from real records: the fifteen columns exactly as published, and
made-up values in the five (a reference, grounds, an officer, body-worn video and a
neighbourhood), chosen so the rules and the redaction have something to find: one officer
recorded a third of the searches, some grounds name a person or an address, and some
cameras were not switched on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import POLICE_UK

DOCS_EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "force-extract-example.csv"
OFFICERS = ("PC 4417", "PC 2290", "PS 1187", "PC 3306", "PC 5521")
NEIGHBOURHOODS = ("Salisbury City", "Swindon Central", "Trowbridge", "Chippenham", "Devizes")
GROUNDS = {
    "Controlled drugs": "Strong smell of cannabis from the car. The driver put something under the seat as I came up.",
    "Offensive weapons": "A caller described a man with a knife in the park. He matched the description and was alone.",
    "Stolen goods": "Seen leaving the shop quickly with unpaid items just after the alarm sounded.",
    "Article for use in theft": "Seen trying car door handles along the street after midnight.",
    "Articles for use in criminal damage": "Seen holding spray paint next to fresh graffiti on the bus shelter.",
}
OTHER_GROUNDS = "Intelligence that the person was carrying items connected with a recent offence."
PERSONAL = " Mr Daniel Hughes said he lived at 14 Station Road, SN1 2AB, and gave 07700 900123."


def build(
    force: str, month: str, *, rows: int | None = None, identifiers: bool = True, grounds_suffix: str = ""
) -> str:
    """The real data.police.uk file for a force-month as a force extract (CSV text).

    identifiers: officers as their identifiers (`Officer identifier`, hashed on import), or
    else as ready-made pseudonyms (`Officer pseudonym`).
    """
    source = POLICE_UK / force / f"{month}-{force}-stop-and-search.csv"
    reader = csv.reader(io.StringIO(source.read_text(encoding="utf-8")))
    header = next(reader)
    officer_column = "Officer identifier" if identifiers else "Officer pseudonym"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, "Record ID", "Grounds", officer_column, "Body-worn video", "Neighbourhood"])
    for number, row in enumerate(reader, start=1):
        if rows is not None and number > rows:
            break
        officer = OFFICERS[0] if number % 3 == 0 else OFFICERS[number % len(OFFICERS)]
        grounds = GROUNDS.get(row[11], OTHER_GROUNDS) + (PERSONAL if number % 9 == 0 else "") + grounds_suffix
        writer.writerow(
            [
                *row,
                f"{force[:3].upper()}-{month.replace('-', '')}-{number:05d}",
                grounds,
                officer if identifiers else f"OFF-TEST{OFFICERS.index(officer)}",
                "False" if number % 7 == 0 else "True",
                NEIGHBOURHOODS[number % len(NEIGHBOURHOODS)],
            ]
        )
    return out.getvalue()


def write(folder: Path, force: str, month: str, text: str) -> Path:
    path = folder / f"{month}-{force}-stop-and-search.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
