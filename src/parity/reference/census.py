"""Census populations by ethnic group, summed to police force areas.

Understood layouts (detected from the header):

- Nomis QS201EW, 2011 census ethnic group (18+1) by local authority;
- ONS TS021, 2021 census ethnic group (20 categories) by lower-tier local authority, long;
- force-level tables: the 2011 wide layout (one column per group) and the 2021 long layout;
- local-authority-to-force lookups (ONS LAD..CD to PFA..CD), needed for the first two.

The sums must equal the published denominators: for example Avon and Somerset 2021 has
1,744,576 residents, 37,844 of them Black and 1,584,583 White (EFF 2020/21).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from parity.errors import ParityError
from parity.reference import ethnicity
from parity.reference.forces import find_force
from parity.reference.models import Force, Population


class CensusRefused(ParityError):
    """A population input that cannot be used; the message names file, line and field."""


@dataclass
class TableResult:
    name: str
    layout: str
    census_year: int
    forces: int
    residents: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class PopulationReport:
    tables: list[TableResult] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"tables": [asdict(t) for t in self.tables], "lookups": self.lookups}


@dataclass
class _Table:
    path: Path
    layout: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


NOMIS_ALL = "Ethnic Group: All categories: Ethnic group; measures: Value"
_NOMIS_GROUPS = {
    "White": ethnicity.Group.WHITE,
    "Mixed": ethnicity.Group.MIXED,
    "Asian": ethnicity.Group.ASIAN,
    "Black": ethnicity.Group.BLACK,
    "Other": ethnicity.Group.OTHER,
}
CensusCells = dict[str, dict[str, int]]  # ONS force code or slug -> detailed code -> people


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CensusRefused(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CensusRefused(f"{path}: not UTF-8 CSV text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CensusRefused(f"{path}: the file is empty") from None
    return header, [(reader.line_num, row) for row in reader if row]


def _layout(path: Path, header: list[str]) -> str:
    names = set(header)
    if any(h.startswith("LAD") and h.endswith("CD") for h in header) and any(
        h.startswith("PFA") and h.endswith("CD") for h in header
    ):
        return "lookup"
    if NOMIS_ALL in names and "geography code" in names:
        return "nomis-2011-la"
    if NOMIS_ALL in names:
        return "force-2011-wide"
    if {"Lower Tier Local Authorities Code", "Ethnic group (20 categories)", "Observation"} <= names:
        return "ons-2021-ltla"
    if {"ethnic_group_20cat", "population"} <= names and any(h.startswith("PFA") for h in header):
        return "force-2021-long"
    raise CensusRefused(
        f"{path}: not a census table Parity recognises. Expected Nomis QS201EW (2011, with "
        f"'{NOMIS_ALL}'), ONS TS021 by lower-tier local authority (2021, with 'Ethnic group "
        "(20 categories)' and 'Observation'), a force-level table, or an ONS local-authority-"
        f"to-force lookup (LAD..CD and PFA..CD columns). Its header starts: {', '.join(header[:5])}"
    )


def _count(path: Path, line: int, column: str, value: str) -> int:
    try:
        number = int(float(value.replace(",", "")))
    except ValueError:
        raise CensusRefused(f"{path}, line {line}, field '{column}': {value!r} is not a number") from None
    if number < 0:
        raise CensusRefused(f"{path}, line {line}, field '{column}': {value!r} is negative")
    return number


def _lookup(table: _Table, into: dict[str, str], sources: dict[str, str]) -> None:
    la_col = next(h for h in table.header if h.startswith("LAD") and h.endswith("CD"))
    pfa_col = next(h for h in table.header if h.startswith("PFA") and h.endswith("CD"))
    la_i, pfa_i = table.header.index(la_col), table.header.index(pfa_col)
    for line, row in table.rows:
        la, pfa = row[la_i].strip(), row[pfa_i].strip()
        if la in into and into[la] != pfa:
            raise CensusRefused(
                f"{table.path}, line {line}, field '{pfa_col}': local authority {la} is mapped to "
                f"{pfa} here but to {into[la]} in {sources[la]}"
            )
        into[la] = pfa
        sources[la] = str(table.path)


def _nomis_2011(table: _Table) -> tuple[dict[str, CensusCells], dict[str, int]]:
    columns: dict[int, str] = {}
    for index, name in enumerate(table.header):
        stem = name.removeprefix("Ethnic Group: ").split("; measures")[0]
        if stem in ethnicity.CENSUS_2011:
            columns[index] = ethnicity.CENSUS_2011[stem]
    if len(columns) != 18:
        raise CensusRefused(f"{table.path}: expected the 18 detailed 2011 groups, found {len(columns)}")
    subtotals = {
        index: name.removeprefix("Ethnic Group: ").split(";")[0]
        for index, name in enumerate(table.header)
        if name.removeprefix("Ethnic Group: ").split(";")[0] in _NOMIS_GROUPS
    }
    key_i = table.header.index("geography code" if "geography code" in table.header else table.header[0])
    all_i = table.header.index(NOMIS_ALL)
    cells: dict[str, CensusCells] = {}
    totals: dict[str, int] = {}
    for line, row in table.rows:
        key = row[key_i].strip()
        detail = {code: _count(table.path, line, table.header[i], row[i]) for i, code in columns.items()}
        cells[key] = {"detail": detail}
        totals[key] = _count(table.path, line, NOMIS_ALL, row[all_i])
        if sum(detail.values()) != totals[key]:
            raise CensusRefused(
                f"{table.path}, line {line}: the groups sum to {sum(detail.values())} "
                f"but '{NOMIS_ALL}' is {totals[key]}"
            )
        for index, group in subtotals.items():
            stated = _count(table.path, line, table.header[index], row[index])
            summed = sum(n for code, n in detail.items() if ethnicity.group_of(code) is _NOMIS_GROUPS[group])
            if stated != summed:
                raise CensusRefused(
                    f"{table.path}, line {line}, field '{table.header[index]}': {stated} is not "
                    f"the sum of its detailed groups ({summed})"
                )
    return cells, totals


def _long_2021(
    table: _Table, key_col: str, label_col: str, value_col: str
) -> tuple[dict[str, CensusCells], dict[str, int]]:
    key_i, label_i, value_i = (table.header.index(c) for c in (key_col, label_col, value_col))
    cells: dict[str, CensusCells] = defaultdict(lambda: {"detail": {}})
    for line, row in table.rows:
        label = row[label_i].strip()
        if label in {ethnicity.CENSUS_2021_NOT_APPLICABLE, "All"}:
            continue
        code = ethnicity.CENSUS_2021.get(label)
        if code is None:
            raise CensusRefused(
                f"{table.path}, line {line}, field '{label_col}': {label!r} is not "
                "one of the 2021 census's 20 ethnic group categories"
            )
        cells[row[key_i].strip()]["detail"][code] = _count(table.path, line, value_col, row[value_i])
    totals = {key: sum(c["detail"].values()) for key, c in cells.items()}
    return dict(cells), totals


def _force_keys(table: _Table, keys: list[str]) -> dict[str, Force]:
    forces: dict[str, Force] = {}
    for key in keys:
        info = find_force(key)
        if info is None:
            raise CensusRefused(f"{table.path}: {key!r} is not a police force area Parity knows")
        forces[key] = Force.objects.get(slug=info.slug)
    return forces


def _sum_to_forces(table: _Table, cells: dict[str, CensusCells], lookup: dict[str, str]) -> dict[str, dict[str, int]]:
    if not lookup:
        raise CensusRefused(
            f"{table.path}: a local-authority table needs a local-authority-to-force "
            "lookup (for example LAD22_CSP22_PFA22_lookup.csv); add it to PATHS"
        )
    missing = sorted(set(cells) - set(lookup))
    if missing:
        raise CensusRefused(
            f"{table.path}: {len(missing)} local authorities are in no lookup given, "
            f"for example {', '.join(missing[:5])}; pass the lookup of the same vintage"
        )
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for la, cell in cells.items():
        for code, people in cell["detail"].items():
            sums[lookup[la]][code] += people
    return {pfa: dict(codes) for pfa, codes in sums.items()}


def _store(census_year: int, by_force: dict[Force, dict[str, int]], source: str) -> int:
    rows: list[Population] = []
    for force, detail in by_force.items():
        total = sum(detail.values())
        rows.append(
            Population(
                census_year=census_year,
                force=force,
                classification="all",
                group="all",
                population=total,
                source=source,
            )
        )
        broad: dict[str, int] = defaultdict(int)
        for code, people in detail.items():
            broad[ethnicity.group_of(code).value] += people
            rows.append(
                Population(
                    census_year=census_year,
                    force=force,
                    classification="detailed",
                    group=code,
                    population=people,
                    source=source,
                )
            )
        rows.extend(
            Population(
                census_year=census_year,
                force=force,
                classification="5+1",
                group=group,
                population=people,
                source=source,
            )
            for group, people in broad.items()
        )
    with transaction.atomic():
        Population.objects.filter(census_year=census_year, force__in=list(by_force)).delete()
        Population.objects.bulk_create(rows)
    return sum(sum(d.values()) for d in by_force.values())


def _by_force(table: _Table, lookup: dict[str, str]) -> dict[Force, dict[str, int]]:
    """People per detailed group per force, from any of the four data layouts."""
    if table.layout == "nomis-2011-la":
        sums = _sum_to_forces(table, _nomis_2011(table)[0], lookup)
    elif table.layout == "ons-2021-ltla":
        cells, _ = _long_2021(table, "Lower Tier Local Authorities Code", "Ethnic group (20 categories)", "Observation")
        sums = _sum_to_forces(table, cells, lookup)
    else:
        if table.layout == "force-2011-wide":
            cells, _ = _nomis_2011(table)
        else:
            key_col = next(h for h in table.header if h.startswith("PFA") and h.endswith("CD"))
            cells, _ = _long_2021(table, key_col, "ethnic_group_20cat", "population")
        forces = _force_keys(table, list(cells))
        return {forces[key]: c["detail"] for key, c in cells.items()}
    by_code = {f.ons_code_2022: f for f in Force.objects.exclude(ons_code_2022="")}
    unknown = sorted(set(sums) - set(by_code))
    if unknown:
        raise CensusRefused(f"{table.path}: the lookup names force areas Parity does not know: {', '.join(unknown)}")
    return {by_code[code]: detail for code, detail in sums.items()}


def ingest_population(paths: list[Path], *, census_year: int | None = None) -> PopulationReport:
    """Import every census table among `paths` into the database; lookups among them are used
    for the sums. `parity.warehouse.population.import_census` also writes the warehouse."""
    tables = []
    for path in paths:
        if path.is_dir():
            raise CensusRefused(f"{path}: is a folder; give the census and lookup files themselves")
        header, rows = _read(path)
        tables.append(_Table(path, _layout(path, header), header, rows))
    lookup: dict[str, str] = {}
    sources: dict[str, str] = {}
    report = PopulationReport()
    for table in tables:
        if table.layout == "lookup":
            _lookup(table, lookup, sources)
            report.lookups.append(str(table.path))
    data_tables = [t for t in tables if t.layout != "lookup"]
    if not data_tables:
        raise CensusRefused("no census table among the paths given, only lookups")
    for table in data_tables:
        year = census_year or (2011 if "2011" in table.layout else 2021)
        by_force = _by_force(table, lookup)
        residents = _store(year, by_force, f"{table.path.name} ({table.layout})")
        report.tables.append(TableResult(str(table.path), table.layout, year, len(by_force), residents))
    return report
