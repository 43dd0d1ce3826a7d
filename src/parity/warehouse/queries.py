"""Aggregate queries over the warehouse: the only SQL that reads stop-and-search Parquet.

Each query is one DuckDB GROUP BY returning counts; the arithmetic happens in
`parity.analysis`. Column names and measures come from the fixed tables below, never from
user input; user values (forces, dates, codes) are bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parity.warehouse import layout
from parity.warehouse.connection import connect

PERSON = "type IN ('person', 'person_and_vehicle')"

# Dimensions a count can be broken down by: name -> column.
DIMENSIONS: dict[str, str] = {
    "force": "force",
    "financial_year": "financial_year",
    "month": "local_month",
    "sde_group": "sde_group",
    "sde_code": "sde_code",
    "ode_group": "ode_group",
    "legislation": "legislation",
    "power": "power_group",
    "object": "object_of_search",
    "age": "age_band",
    "gender": "gender",
    "outcome": "outcome",
}

# Measures: name -> aggregate. Every measure but the first three counts person searches only.
MEASURES: dict[str, str] = {
    "searches": f"count(*) FILTER (WHERE {PERSON})",
    "vehicle_only": "count(*) FILTER (WHERE type = 'vehicle')",
    "type_unknown": "count(*) FILTER (WHERE type IS NULL)",
    "outcome_known": f"count(*) FILTER (WHERE {PERSON} AND outcome IS NOT NULL)",
    "arrests": f"count(*) FILTER (WHERE {PERSON} AND outcome = 'arrest')",
    "nfa": f"count(*) FILTER (WHERE {PERSON} AND outcome = 'nfa')",
    # a find is an outcome other than no further action that is linked to the object of
    # search; "no further action" is never a find, whatever the link field says
    "find_known": (
        f"count(*) FILTER (WHERE {PERSON} AND "
        "(outcome = 'nfa' OR (outcome IS NOT NULL AND outcome_linked IS NOT NULL)))"
    ),
    "finds": f"count(*) FILTER (WHERE {PERSON} AND outcome <> 'nfa' AND outcome_linked)",
    "other_outcomes": f"count(*) FILTER (WHERE {PERSON} AND outcome <> 'nfa')",
    "other_outcomes_linked_known": (
        f"count(*) FILTER (WHERE {PERSON} AND outcome <> 'nfa' AND outcome_linked IS NOT NULL)"
    ),
    "strip_known": f"count(*) FILTER (WHERE {PERSON} AND removal_more_than_outer IS NOT NULL)",
    "strips": f"count(*) FILTER (WHERE {PERSON} AND removal_more_than_outer)",
}

# Fields whose blanks are counted for data-quality warnings: shown name -> column.
QUALITY_FIELDS: dict[str, str] = {
    "self-defined ethnicity": "sde_code",
    "officer-defined ethnicity": "ode_group",
    "gender": "gender",
    "age": "age_band",
    "legislation": "legislation",
    "object of search": "object_of_search",
    "outcome": "outcome",
    "outcome linked to object": "outcome_linked",
    "removal of more than outer clothing": "removal_more_than_outer",
}

FILTERS: dict[str, str] = {
    "legislation": "legislation",
    "power": "power_group",
    "object": "object_of_search",
    "age": "age_band",
    "gender": "gender",
}


@dataclass(frozen=True)
class Selection:
    """Which records: forces, London dates (inclusive) and coded-field filters."""

    forces: tuple[str, ...] = ()  # empty: every force
    start: date | None = None
    end: date | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (FILTERS key, allowed codes)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.forces:
            clauses.append(f"force IN ({', '.join('?' * len(self.forces))})")
            params += list(self.forces)
        if self.start is not None:
            # prune partitions by file month first (a record can sit in the file of the month
            # either side of its London date), then select by the London date itself
            clauses.append("month >= ? AND local_date >= ?")
            params += [_month_before(self.start), self.start]
        if self.end is not None:
            clauses.append("month <= ? AND local_date <= ?")
            params += [_month_after(self.end), self.end]
        for name, codes in self.filters:
            column = FILTERS[name]
            clauses.append(f"{column} IN ({', '.join('?' * len(codes))})")
            params += list(codes)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _month_before(day: date) -> str:
    return f"{day.year - (day.month == 1):04d}-{(day.month - 2) % 12 + 1:02d}"


def _month_after(day: date) -> str:
    return f"{day.year + (day.month == 12):04d}-{day.month % 12 + 1:02d}"


@dataclass(frozen=True)
class Tally:
    """Rows of (dimension values..., measure values...) from one GROUP BY."""

    dimensions: tuple[str, ...]
    measures: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(repr=False)

    def counts(self, measure: str, by: Sequence[str]) -> dict[tuple[Any, ...], int]:
        """One measure summed over every dimension not in `by`, keyed by the `by` values."""
        m = len(self.dimensions) + self.measures.index(measure)
        idx = [self.dimensions.index(d) for d in by]
        out: dict[tuple[Any, ...], int] = {}
        for row in self.rows:
            key = tuple(row[i] for i in idx)
            out[key] = out.get(key, 0) + int(row[m])
        return out

    def total(self, measure: str) -> int:
        m = len(self.dimensions) + self.measures.index(measure)
        return sum(int(row[m]) for row in self.rows)


def _source() -> str | None:
    root = layout.root() / layout.STOP_SEARCH
    if not root.is_dir() or next(root.glob("*/*/part.parquet"), None) is None:
        return None
    return f"read_parquet('{_quoted(layout.glob(layout.STOP_SEARCH))}', hive_partitioning = true)"


def _quoted(path: str) -> str:
    return path.replace("'", "''")


def tally(selection: Selection, by: Sequence[str], measures: Sequence[str] = ("searches",)) -> Tally:
    """Counts of the selected records grouped by the named dimensions."""
    unknown = [d for d in by if d not in DIMENSIONS] + [m for m in measures if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown dimension or measure: {', '.join(unknown)}")
    source = _source()
    if source is None:
        return Tally(tuple(by), tuple(measures), [])
    where, params = selection.where()
    columns = [f"{DIMENSIONS[d]} AS {d}" for d in by]
    aggregates = [f"{MEASURES[m]} AS {m}" for m in measures]
    group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(by)))}" if by else ""
    sql = f"SELECT {', '.join(columns + aggregates)} FROM {source}{where}{group}"
    rows = connect().execute(sql, params).fetchall()
    return Tally(tuple(by), tuple(measures), rows)


def blank_counts(selection: Selection, fields: Iterable[str] | None = None) -> tuple[int, dict[str, int]]:
    """Person searches selected, and how many of them have each quality field blank."""
    names = list(fields) if fields is not None else list(QUALITY_FIELDS)
    source = _source()
    if source is None:
        return 0, dict.fromkeys(names, 0)
    where, params = selection.where()
    person = f"{where} AND {PERSON}" if where else f" WHERE {PERSON}"
    blanks = [f"count(*) FILTER (WHERE {QUALITY_FIELDS[n]} IS NULL)" for n in names]
    sql = f"SELECT count(*), {', '.join(blanks)} FROM {source}{person}"
    row = connect().execute(sql, params).fetchall()[0]
    return int(row[0]), {n: int(v) for n, v in zip(names, row[1:], strict=True)}


def populations(census_year: int, classification: str, forces: Sequence[str] = ()) -> dict[str, dict[str, int]]:
    """Census residents by force and group ("all" included) for one census and classification."""
    path = layout.partition_dir(layout.POPULATION, census_year=str(census_year)) / "part.parquet"
    if not path.exists():
        return {}
    source = f"read_parquet('{_quoted(str(path))}')"
    sql = f"SELECT force, \"group\", population FROM {source} WHERE classification IN (?, 'all')"
    params: list[Any] = [classification]
    if forces:
        sql += f" AND force IN ({', '.join('?' * len(forces))})"
        params += list(forces)
    out: dict[str, dict[str, int]] = {}
    for force, group, people in connect().execute(sql, params).fetchall():
        out.setdefault(force, {})[group] = int(people)
    return out
