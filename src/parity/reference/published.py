"""Published Home Office stop-and-search figures (Ethnicity facts and figures downloads).

The EFF "stop-and-search-2006-2023" CSV gives, per financial year, police force area,
ethnic group and legislation, the number of searches (vehicle-only excluded), the total
with ethnicity stated, the census population and the rate per 1,000. Parity reads it to
check its own figures against the Home Office's (`parity analyse reconcile`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from parity.errors import ParityError
from parity.reference.forces import find_force

COLUMNS = {
    "time": "time",
    "ethnicity": "Ethnicity",
    "ethnicity_type": "ethnicity_type",
    "legislation": "legislation_type",
    "geography": "geography",
    "searches": "number_of_stop_and_searches",
    "stated": (
        "total_number_of_stop_and_search_carried_out_in_this_year_in_this_area_"
        "excluding_cases_where_the_ethnicity_was_unreported"
    ),
    "population": "population_by_ethnicity",
    "rate": "rate_per_1_000_population_by_ethnicity",
}


class PublishedRefused(ParityError, ValueError):
    """A published table Parity cannot read; the message names file, line and field."""


@dataclass(frozen=True)
class PublishedFigure:
    financial_year: str
    geography: str  # as published, e.g. "Avon & Somerset"
    force: str | None  # Parity slug, None for national rows
    group: str  # "All", "Black", "White" ...
    ethnicity_type: str  # "All", "ONS 2011 5+1", "ONS 2021 5+1" ...
    legislation: str
    searches: int
    stated_total: int | None
    population: int | None
    rate_per_1000: float | None

    @property
    def census_year(self) -> int | None:
        for year in (2001, 2011, 2021):
            if str(year) in self.ethnicity_type:
                return year
        return None


def _number(path: Path, line: int, field: str, value: str, kind: type[int] | type[float]) -> int | float | None:
    text = value.strip().replace(",", "")
    if text in {"", "NA", "N/A"}:
        return None
    try:
        return kind(float(text)) if kind is int else float(text)
    except ValueError:
        raise PublishedRefused(f"{path}, line {line}, field '{field}': {value!r} is not a number") from None


def read_eff_stop_search(path: Path) -> list[PublishedFigure]:
    """Every row of an EFF stop-and-search CSV (the full file or an extract of it)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PublishedRefused(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise PublishedRefused(f"{path}: not UTF-8 CSV text") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS.values() if c not in (reader.fieldnames or [])]
    if missing:
        raise PublishedRefused(
            f"{path}: not an Ethnicity facts and figures stop-and-search table; missing columns: {', '.join(missing)}"
        )
    figures = []
    for line, row in enumerate(reader, start=2):
        searches = _number(path, line, COLUMNS["searches"], row[COLUMNS["searches"]], int)
        if searches is None:
            raise PublishedRefused(f"{path}, line {line}, field '{COLUMNS['searches']}': no number of searches")
        info = find_force(row[COLUMNS["geography"]])
        figures.append(
            PublishedFigure(
                financial_year=row[COLUMNS["time"]].strip(),
                geography=row[COLUMNS["geography"]].strip(),
                force=info.slug if info else None,
                group=row[COLUMNS["ethnicity"]].strip(),
                ethnicity_type=row[COLUMNS["ethnicity_type"]].strip(),
                legislation=row[COLUMNS["legislation"]].strip(),
                searches=int(searches),
                stated_total=_int(_number(path, line, COLUMNS["stated"], row[COLUMNS["stated"]], int)),
                population=_int(_number(path, line, COLUMNS["population"], row[COLUMNS["population"]], int)),
                rate_per_1000=_number(path, line, COLUMNS["rate"], row[COLUMNS["rate"]], float),
            )
        )
    return figures


def _int(value: int | float | None) -> int | None:
    return None if value is None else int(value)
