"""Import the published stop-and-search series of Ethnicity facts and figures (the Home Office's
searches of people by ethnic group, area and financial year, 2006/07 onwards).

Four downloads are read, each as the Home Office wrote it:

- `stop-and-search-2006-2023.csv` (or an extract of it): one row per year x area x group x
  legislation, with the count, the census population and the rate per 1,000;
- the older edition, 2006/07 to 2017/18: the same figures under Title Case headings, numbers
  with thousands separators, `N/A` for not available;
- `by-ethnicity-table.csv`: England and Wales (British Transport Police included) for one
  year, rate and count by detailed group;
- `by-ethnicity-and-area-table.csv`: the rate per 1,000 by force area and 5+1 group for one year.

The last two do not say which year they are for, so the year is read from the file's name
(`..._2022-23.csv`); a file named without it is refused, saying so. Every file goes through
the file loop of this app (`report.run`): any bad value refuses the whole file, naming file,
line, field, value and reason; each year is stored in one transaction; the same rows again
change nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.db import transaction

from parity.justice.importing.report import Parsed, Progress, csv_rows, run
from parity.justice.models import JusticeUnit, PublishedSearch
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import Group
from parity.reference.forces import FICTIONAL, find_force
from parity.reference.models import Force

KIND = "eff-stop-search"
NATIONAL = "england-and-wales"  # the 43 force areas: the Home Office's "All - excluding BTP"
NATIONAL_WITH_BTP = "england-and-wales-with-btp"
AREAS = {"all - excluding btp": NATIONAL, "all - including btp": NATIONAL_WITH_BTP}
MISSING = {"", "na", "n/a"}
DASH = "-"  # the older edition's spreadsheet writes none as a dash
DASH_READ = "a dash read as 0 (the older edition's spreadsheet writes none so)"
BROAD = {g.label.lower(): g.value for g in Group if g is not Group.NOT_STATED}
NOT_STATED = {"unreported", "unknown", "not stated"}
PERIOD = re.compile(r"^(\d{4})/(\d{2})$")
YEAR_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
LATEST_BASIS = "ONS 2021"  # the one-year tables (2022/23 on) divide by the 2021 census

# The 2006-2023 download (snake case), and the older edition (Title Case, stripped by csv_rows).
CURRENT = {
    "period": "time",
    "ethnicity": "Ethnicity",
    "basis": "ethnicity_type",
    "legislation": "legislation_type",
    "area": "geography",
    "searches": "number_of_stop_and_searches",
    "stated": (
        "total_number_of_stop_and_search_carried_out_in_this_year_in_this_area_"
        "excluding_cases_where_the_ethnicity_was_unreported"
    ),
    "population": "population_by_ethnicity",
    "rate": "rate_per_1_000_population_by_ethnicity",
}
OLDER = {
    "period": "Time",
    "ethnicity": "Ethnicity",
    "basis": "Ethnicity_type",
    "area": "Geography",
    "searches": "Number of stop and searches",
    "stated": (
        "Total number of stop and search carried out in this year in this area "
        "(excluding cases where the ethnicity was unreported)"
    ),
    "population": "Population by ethnicity",
    "rate": "Rate per 1,000 population by ethnicity",
}
BY_ETHNICITY = ("Ethnicity", "Rate of stop and search", "Number of stop and searches")
BY_AREA = ("", "All", "Asian", "Black", "Mixed", "White", "Other")
LAYOUTS = (
    "the Ethnicity facts and figures stop-and-search download (2006 onwards, or its older edition), "
    "its table by ethnicity or its table by ethnicity and area"
)


@dataclass(frozen=True)
class Figure:
    """One published figure, as read, with the line it came from."""

    area: str
    period: str
    classification: str
    group: str
    label: str
    basis: str
    legislation: str
    searches: int | None
    stated_total: int | None
    population: int | None
    published_rate: float | None
    line: int
    raw: dict[str, str]

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        return (self.area, self.period, self.classification, self.group, self.basis, self.legislation)

    @property
    def values(self) -> tuple[int | None, int | None, int | None, float | None]:
        return (self.searches, self.stated_total, self.population, self.published_rate)


Bad = Callable[[str, str, str], None]  # (field, value, reason)
Recoded = Callable[[str], None]  # (field): a value read as something else, counted


def _area(text: str) -> str | None:
    key = " ".join(text.split()).lower()
    if key in AREAS:
        return AREAS[key]
    force = find_force(text)
    return force.slug if force and force is not FICTIONAL else None  # published tables hold real forces only


def _period(text: str) -> str | None:
    match = PERIOD.match(text.strip())
    if match and (int(match[1]) + 1) % 100 == int(match[2]):
        return text.strip()
    return None


def _whole(field: str, text: str, bad: Bad, recoded: Recoded | None = None) -> int | None:
    clean = text.strip().replace(",", "")
    if clean.lower() in MISSING:
        return None
    if clean == DASH and recoded is not None:
        recoded(field)
        return 0
    try:
        number = float(clean)
    except ValueError:
        bad(field, text, "not a number, nor NA for not available")
        return None
    if number < 0 or number != int(number):
        bad(field, text, "not a whole number, 0 or more")
        return None
    return int(number)


def _rate(field: str, text: str, bad: Bad, recoded: Recoded | None = None) -> float | None:
    clean = text.strip().replace(",", "")
    if clean.lower() in MISSING:
        return None
    if clean == DASH and recoded is not None:
        recoded(field)
        return 0.0
    try:
        number = float(clean)
    except ValueError:
        bad(field, text, "not a rate per 1,000, nor NA for not available")
        return None
    if number < 0:
        bad(field, text, "a rate cannot be below 0")
        return None
    return number


def _group(label: str, basis: str, bad: Bad, field: str) -> tuple[str, str] | None:
    """(classification, group) of a published ethnic group under its published basis."""
    text = " ".join(label.split())
    key = text.lower()
    if key == "all":
        return ("all", "all")
    if basis.lower() == "all":
        bad(field, label, "not All, the only group of the classification All")
        return None
    if key in NOT_STATED:
        return ("5+1" if "5+1" in basis else "detailed", Group.NOT_STATED.value)
    if "5+1" in basis:
        if key in BROAD:
            return ("5+1", BROAD[key])
        bad(field, label, "not a 5+1 group (Asian, Black, Mixed, White, Other), All, or Unreported")
        return None
    if not text:
        bad(field, label, "no ethnic group")
        return None
    return ("detailed", text)


def _year_from_name(path: Path) -> str:
    match = YEAR_IN_NAME.search(path.name)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise InputRefused(
            str(path),
            "this table does not say which financial year it is for, and the file's name does not either: "
            "rename it to end with the year, e.g. by-ethnicity-table_2022-23.csv",
        )
    return f"{match[1]}/{match[2]}"


def parse(path: Path) -> Parsed:
    header, rows = csv_rows(path, "Ethnicity facts and figures stop-and-search")
    if all(c in header for c in CURRENT.values()):
        return _long(path, header, rows, CURRENT)
    if all(c in header for c in OLDER.values()):
        return _long(path, header, rows, OLDER)
    if tuple(header) == BY_ETHNICITY:
        return _by_ethnicity(path, header, rows)
    if tuple(header) == BY_AREA:
        return _by_area(path, header, rows)
    raise InputRefused(str(path), f"line 1, header = {','.join(header)!r}: not {LAYOUTS}")


class _Collect:
    """Figures by year, with the problems found; a repeated figure is a problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parsed = Parsed(KIND, store=store_year)
        self.units: dict[str, list[Figure]] = defaultdict(list)
        self.seen: dict[tuple[str, ...], int] = {}

    def bad(self, line: int) -> Bad:
        def report(field: str, value: str, reason: str) -> None:
            self.parsed.problems.append((str(self.path), Problem(line, field, value, reason, True)))

        return report

    def recoded(self, field: str) -> None:
        self.parsed.excluded[f"{field}: {DASH_READ}"] += 1

    def add(self, figure: Figure, bad: Bad, field: str) -> None:
        if figure.key in self.seen:
            bad(field, figure.label, f"the same figure as line {self.seen[figure.key]} (a duplicate)")
            return
        self.seen[figure.key] = figure.line
        self.units[figure.period].append(figure)

    def done(self) -> Parsed:
        self.parsed.units = {f"{KIND} {period}": rows for period, rows in self.units.items()}
        return self.parsed


def _long(path: Path, header: list[str], rows: list[tuple[int, list[str]]], columns: dict[str, str]) -> Parsed:
    into = _Collect(path)
    for line, cells in rows:
        into.parsed.rows_read += 1
        bad = into.bad(line)
        if len(cells) != len(header):
            bad("row", ",".join(cells), f"has {len(cells)} values, expected {len(header)}")
            continue
        value = dict(zip(header, cells, strict=True))
        found = len(into.parsed.problems)
        area = _area(value[columns["area"]])
        if area is None:
            bad(columns["area"], value[columns["area"]], "not a police force area Parity knows, nor All")
        period = _period(value[columns["period"]])
        if period is None:
            bad(columns["period"], value[columns["period"]], "not a financial year such as 2019/20")
        basis = " ".join(value[columns["basis"]].split())
        group = _group(value[columns["ethnicity"]], basis, bad, columns["ethnicity"])
        legislation = " ".join(value[columns["legislation"]].split()) if "legislation" in columns else "All"
        dash = into.recoded if columns is OLDER else None
        searches = _whole(columns["searches"], value[columns["searches"]], bad, dash)
        stated = _whole(columns["stated"], value[columns["stated"]], bad, dash)
        population = _whole(columns["population"], value[columns["population"]], bad, dash)
        rate = _rate(columns["rate"], value[columns["rate"]], bad, dash)
        if len(into.parsed.problems) > found:
            continue
        assert area and period and group
        label = " ".join(value[columns["ethnicity"]].split())
        figure = Figure(
            area, period, *group, label, basis, legislation or "All", searches, stated, population, rate, line, value
        )
        into.add(figure, bad, columns["ethnicity"])
    return into.done()


def _by_ethnicity(path: Path, header: list[str], rows: list[tuple[int, list[str]]]) -> Parsed:
    period = _year_from_name(path)
    into = _Collect(path)
    for line, cells in rows:
        into.parsed.rows_read += 1
        bad = into.bad(line)
        if len(cells) != len(header):
            bad("row", ",".join(cells), f"has {len(cells)} values, expected {len(header)}")
            continue
        label, rate_text, count_text = (" ".join(c.split()) for c in cells)
        found = len(into.parsed.problems)
        broad = label.lower() in {"all", *BROAD, *NOT_STATED}
        basis = f"{LATEST_BASIS} {'5+1' if broad else '19+1'}" if label.lower() != "all" else "All"
        group = _group(label, basis, bad, "Ethnicity")
        rate = _rate("Rate of stop and search", rate_text, bad)
        searches = _whole("Number of stop and searches", count_text, bad)
        if len(into.parsed.problems) > found:
            continue
        assert group
        raw = dict(zip(header, cells, strict=True))
        figure = Figure(NATIONAL_WITH_BTP, period, *group, label, basis, "All", searches, None, None, rate, line, raw)
        into.add(figure, bad, "Ethnicity")
    return into.done()


def _by_area(path: Path, header: list[str], rows: list[tuple[int, list[str]]]) -> Parsed:
    period = _year_from_name(path)
    into = _Collect(path)
    groups = header[1:]
    for line, cells in rows:
        if line == 2 and cells and cells[0].strip().lower() == "police force area":
            continue  # the second heading row: what each column measures
        into.parsed.rows_read += 1
        bad = into.bad(line)
        if len(cells) != len(header):
            bad("row", ",".join(cells), f"has {len(cells)} values, expected {len(header)}")
            continue
        found = len(into.parsed.problems)
        area = _area(cells[0])
        if area is None:
            bad("Police force area", cells[0], "not a police force area Parity knows, nor All")
        rates = [_rate(f"{g} rate per 1,000", text, bad) for g, text in zip(groups, cells[1:], strict=True)]
        if len(into.parsed.problems) > found:
            continue
        assert area
        raw = dict(zip(["Police force area", *groups], cells, strict=True))
        for label, rate in zip(groups, rates, strict=True):
            basis = "All" if label == "All" else f"{LATEST_BASIS} 5+1"
            group = _group(label, basis, bad, label)
            assert group  # the heading was matched exactly
            figure = Figure(area, period, *group, label, basis, "All", None, None, None, rate, line, raw)
            into.add(figure, bad, label)
    return into.done()


def _digest(rows: Sequence[Figure]) -> str:
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update(json.dumps([row.key, row.values, row.raw], sort_keys=True).encode() + b"\x1e")
    return hashed.hexdigest()


def store_year(name: str, key: str, rows: list[Any], forces: dict[str, Force]) -> tuple[int, int]:
    """Store one year's figures in one transaction; (imported, unchanged). Figures already held
    with the same numbers are not written, so the same file again changes nothing."""
    figures: list[Figure] = rows
    periods = {f.period for f in figures}
    held = {
        (p.area, p.period, p.classification, p.group, p.basis, p.legislation): p
        for p in PublishedSearch.objects.filter(period__in=periods)
    }
    new = [f for f in figures if f.key not in held]
    # a table that leaves a number out (the area table gives rates only) never erases one
    # another table gave for the same figure
    changed = [
        merged
        for f in figures
        if f.key in held and _held_values(held[f.key]) != (merged := _merged(f, held[f.key])).values
    ]
    if not new and not changed:
        return 0, len(figures)
    with transaction.atomic():
        unit, _ = JusticeUnit.objects.get_or_create(
            kind=KIND, key=key, sha256=_digest(figures), defaults={"name": name[-500:], "rows_read": len(figures)}
        )
        PublishedSearch.objects.bulk_create(
            [
                PublishedSearch(
                    unit=unit,
                    area=f.area,
                    force=forces.get(f.area),
                    period=f.period,
                    classification=f.classification,
                    group=f.group,
                    label=f.label,
                    basis=f.basis,
                    legislation=f.legislation,
                    searches=f.searches,
                    stated_total=f.stated_total,
                    population=f.population,
                    published_rate=f.published_rate,
                    line=f.line,
                    raw=f.raw,
                )
                for f in new
            ],
            batch_size=2000,
        )
        for f in changed:
            PublishedSearch.objects.filter(pk=held[f.key].pk).update(
                unit=unit,
                searches=f.searches,
                stated_total=f.stated_total,
                population=f.population,
                published_rate=f.published_rate,
                line=f.line,
                raw=f.raw,
            )
        imported = len(new) + len(changed)
        JusticeUnit.objects.filter(pk=unit.pk).update(rows_imported=imported, rows_unchanged=len(figures) - imported)
    return imported, len(figures) - imported


def _merged(f: Figure, p: PublishedSearch) -> Figure:
    return replace(
        f,
        searches=p.searches if f.searches is None else f.searches,
        stated_total=p.stated_total if f.stated_total is None else f.stated_total,
        population=p.population if f.population is None else f.population,
        published_rate=p.published_rate if f.published_rate is None else f.published_rate,
    )


def _held_values(p: PublishedSearch) -> tuple[int | None, int | None, int | None, float | None]:
    return (p.searches, p.stated_total, p.population, p.published_rate)


def ingest(paths: Iterable[Path], *, progress: Progress | None = None) -> IngestReport:
    """Import Ethnicity facts and figures stop-and-search tables."""
    return run(paths, parse, progress=progress)
