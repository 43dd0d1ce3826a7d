"""An attacker on published tables: what can a reader work out about each hidden count?

Built only from what is published (shown counts, which cells are hidden, and how totals add
up), independently of the protection code: each hidden count is a whole-number unknown, at
least 0 (at least 1 where the published rule says a zero is never hidden), every line adds
up, and an integer programme (scipy's `milp`) finds the smallest and largest value each
hidden count can take. A range that is one value is a recovered count.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Key = Hashable


@dataclass
class Published:
    """One published table: each cell's count (None when hidden) and the sums that bind them."""

    name: str
    cells: dict[Key, int | None] = field(default_factory=dict)
    lines: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)  # total = sum(parts)
    at_most: list[tuple[Key, Key]] = field(default_factory=list)  # a <= b (a part of a whole)
    zero_never_hidden: bool = False

    def cell(self, key: Key, value: int | None) -> None:
        if key in self.cells and self.cells[key] != value:
            raise AssertionError(f"{self.name}: {key!r} published twice, as {self.cells[key]} and {value}")
        self.cells[key] = value

    def line(self, total: Key, parts: Iterable[Key]) -> None:
        self.lines.append((total, tuple(parts)))

    @property
    def hidden(self) -> list[Key]:
        return [k for k, v in self.cells.items() if v is None]


@dataclass(frozen=True)
class Range:
    key: Key
    low: float
    high: float

    @property
    def exact(self) -> bool:
        return self.low == self.high


def _equation(
    table: Published, index: Mapping[Key, int], terms: Sequence[tuple[Key, float]]
) -> tuple[np.ndarray, float]:
    """sum(sign * cell) as (coefficients of the hidden cells, minus the shown cells' part)."""
    row, constant = np.zeros(len(index)), 0.0
    for key, sign in terms:
        value = table.cells[key]
        if value is None:
            row[index[key]] += sign
        else:
            constant -= sign * value
    return row, constant


def ranges(table: Published) -> list[Range]:
    """The whole-number range of every hidden count, given everything published."""
    hidden = table.hidden
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    rows: list[np.ndarray] = []
    lows: list[float] = []
    highs: list[float] = []
    for total, parts in table.lines:
        row, constant = _equation(table, index, [(p, 1.0) for p in parts] + [(total, -1.0)])
        if row.any():
            rows.append(row)
            lows.append(constant)
            highs.append(constant)
        elif constant != 0:
            raise AssertionError(f"{table.name}: published line {total!r} does not add up")
    for small, big in table.at_most:
        row, constant = _equation(table, index, [(small, 1.0), (big, -1.0)])
        if row.any():
            rows.append(row)
            lows.append(-math.inf)
            highs.append(constant)
    lower = 1.0 if table.zero_never_hidden else 0.0
    bounds = Bounds(np.full(len(hidden), lower), np.full(len(hidden), math.inf))
    constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
    size = len(hidden)
    return [_range(key, i, size, constraints=constraints, bounds=bounds, name=table.name) for key, i in index.items()]


def _range(key: Key, i: int, size: int, *, constraints: list[LinearConstraint], bounds: Bounds, name: str) -> Range:
    found = []
    for sign in (1.0, -1.0):
        objective = np.zeros(size)
        objective[i] = sign
        result = milp(objective, constraints=constraints, integrality=np.ones(size), bounds=bounds)
        if result.status == 3 or (result.status != 0 and sign < 0):
            found.append(math.inf)  # unbounded above
        else:
            assert result.status == 0, f"{name}: the published table has no solution ({result.message})"
            found.append(sign * float(result.fun))
    return Range(key, round(found[0]), found[1] if math.isinf(found[1]) else round(found[1]))


def recovered(table: Published, threshold: int) -> list[tuple[Key, int]]:
    """Hidden counts the attacker pins down to one value from 1 to threshold-1."""
    return [(r.key, int(r.low)) for r in ranges(table) if r.exact and 0 < r.low < threshold]


def narrow(table: Published, threshold: int) -> list[Range]:
    """Hidden counts whose range is no wider than the threshold."""
    return [r for r in ranges(table) if r.high - r.low <= threshold]


# --- reading Parity's published outputs ---------------------------------------------------


def rate_table(data: Mapping[str, object], name: str = "rates") -> Published:
    """A published rate table (the API's JSON): groups x sections, with their totals."""
    table = Published(name, zero_never_hidden=True)
    breakdown = data.get("breakdown")
    columns: list[tuple[object, Mapping[str, object]]] = [("all", data)]
    if isinstance(breakdown, Mapping):
        sections = breakdown["sections"]
        assert isinstance(sections, Sequence)
        columns += [(s["key"] if s["key"] is not None else "not-recorded", s) for s in sections]
    rows: list[str] = []
    for column, source in columns:
        groups = source["groups"]
        assert isinstance(groups, Sequence)
        members = []
        for g in groups:
            table.cell((g["code"], column), g["searches"])
            members.append(g["code"])
        total = source["total"]
        assert isinstance(total, Mapping)
        table.cell(("all", column), total["searches"])
        exclusions = source["exclusions"]
        assert isinstance(exclusions, Sequence)
        unknown = [e for e in exclusions if str(e["reason"]).startswith("Ethnicity not")]
        for e in unknown:
            table.cell((e["reason"], column), e["count"])
        parts = [(m, column) for m in members if not _aggregate(m, members)] + [(e["reason"], column) for e in unknown]
        table.line(("all", column), parts)
        rows = [*members, *(str(e["reason"]) for e in unknown), "all"]
    if len(columns) > 1:
        for row in rows:
            table.line((row, "all"), [(row, c) for c, _ in columns[1:]])
    return table


def _aggregate(code: str, codes: Sequence[str]) -> bool:
    """A broad group shown beside its detailed members (e.g. "W" beside "W1".."W9") is not a part."""
    return any(other != code and other.startswith(code) for other in codes)
