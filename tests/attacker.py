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
from typing import Any

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
    unpublished: set[Key] = field(default_factory=set)  # unknowns that may be zero (no table shows them, or the
    # table says a hidden count may be zero)

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
    lower = [1.0 if table.zero_never_hidden and k not in table.unpublished else 0.0 for k in hidden]
    bounds = Bounds(np.array(lower), np.full(len(hidden), math.inf))
    constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
    size = len(hidden)
    return [_range(key, i, size, constraints=constraints, bounds=bounds, name=table.name) for key, i in index.items()]


def _range(key: Key, i: int, size: int, *, constraints: list[LinearConstraint], bounds: Bounds, name: str) -> Range:
    found = []
    for sign in (1.0, -1.0):
        objective = np.zeros(size)
        objective[i] = sign
        result = milp(objective, constraints=constraints, integrality=np.ones(size, dtype=np.int64), bounds=bounds)
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
    """Hidden counts that could be small (their range reaches below the threshold) and whose
    range is no wider than the threshold."""
    return [r for r in ranges(table) if r.high - r.low <= threshold and r.low < threshold]


def linked(tables: Sequence[tuple[Published, Sequence[str]]], months: Iterable[str]) -> Published:
    """Tables of one shape for several periods, attacked together: each period's cell is the
    sum of the same cell in each of its months, so subtracting one period from another
    (a year minus its months, one rolling year minus the next) is in the equations. A month
    whose own table is not among them is an unknown of its own; a month outside `months`
    (nothing held) counts nothing."""
    held = set(months)
    merged = Published(
        " + ".join(t.name for t, _ in tables), zero_never_hidden=any(t.zero_never_hidden for t, _ in tables)
    )
    for table, span in tables:
        at = tuple(span)
        for key, value in table.cells.items():
            merged.cell((at, key), value)
            if not table.zero_never_hidden or (key in table.unpublished):
                merged.unpublished.add((at, key))  # a hidden count there may be zero
        merged.lines += [((at, total), tuple((at, p) for p in parts)) for total, parts in table.lines]
        merged.at_most += [((at, a), (at, b)) for a, b in table.at_most]
    for table, span in tables:
        if len(span) > 1:
            for key in table.cells:
                for m in held & set(span):
                    if ((m,), key) not in merged.cells:
                        merged.cells[((m,), key)] = None
                        merged.unpublished.add(((m,), key))
                merged.line((tuple(span), key), [((m,), key) for m in sorted(held & set(span))])
    return merged


# --- reading Parity's published outputs ---------------------------------------------------


def rate_table(data: Mapping[str, object], name: str = "rates") -> Published:
    """A published rate table (the API's JSON): groups x sections, with their totals."""
    table = Published(name, zero_never_hidden=not data.get("hidden_may_be_zero"))
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


_UNKNOWN_ROWS = ("Ethnicity not stated", "Ethnicity not recorded")


def _unknown_rows(data: Mapping[str, Any]) -> dict[str, int | None]:
    """The not-stated and not-recorded rows, published as exclusions (count None when hidden)."""
    return {str(e["reason"]): e["count"] for e in data["exclusions"] if str(e["reason"]).startswith(_UNKNOWN_ROWS)}


def outcome_table(data: Mapping[str, Any], name: str = "outcomes") -> Published:
    """A published outcome test: per group its searches, and each outcome's count and the
    searches it is a share of; counts never published (the unknown rows' outcomes, each
    count's complement) are unknowns too."""
    table = Published(name)
    rows = [g["code"] for g in data["groups"]] + list(_unknown_rows(data))
    measures = {"find": "find_known", "arrest": "outcome_known", "no_further_action": "outcome_known"}
    for g in (*data["groups"], data["total"]):
        row = g["code"] if g is not data["total"] else "all"
        table.cell((row, "searches"), g["searches"])
        for measure, whole in measures.items():
            p = g[measure]
            if p is not None:
                _merge(table, (row, measure), p["count"])
                _merge(table, (row, whole), p["denominator"])
    for reason, count in _unknown_rows(data).items():
        table.cell((reason, "searches"), count)
    names = {"searches", *{m for m in measures if data["total"][m] is not None}}
    names |= {measures[m] for m in names - {"searches"}}
    for row in [*rows, "all"]:
        for n in names:
            table.cells.setdefault((row, n), None)
        for measure in names & set(measures):
            table.cell((row, measure, "rest"), None)
            table.line((row, measures[measure]), [(row, measure), (row, measure, "rest")])
            table.at_most.append(((row, measures[measure]), (row, "searches")))
    for n in names:
        table.line(("all", n), [(r, n) for r in rows])
        if n in measures:
            table.line(("all", n, "rest"), [(r, n, "rest") for r in rows])
    return table


def strip_table(data: Mapping[str, Any], name: str = "strip-searches") -> Published:
    """A published strip-search table: per group and age band the strip searches and the
    searches with the field recorded; children and all ages are sums of bands."""
    table = Published(name)
    rows = [g["code"] for g in data["groups"]] + list(_unknown_rows(data))
    ages: list[Any] = []
    for g in (*data["groups"], data["total"]):
        row = g["code"] if g is not data["total"] else "all"
        columns = [(a["age"], a) for a in g["by_age"]] + [("children", g["children"]), ("all ages", g["all_ages"])]
        for column, p in columns:
            _merge(table, (row, column, "strips"), p["count"])
            _merge(table, (row, column, "known"), p["denominator"])
        ages = [a["age"] for a in g["by_age"]]
    children = [a for a in ages if a in {"under-10", "10-17"}]
    for row in [*rows, "all"]:
        for column in [*ages, "children", "all ages"]:
            for n in ("strips", "known"):
                table.cells.setdefault((row, column, n), None)
            table.cell((row, column, "rest"), None)
            table.line((row, column, "known"), [(row, column, "strips"), (row, column, "rest")])
        for n in ("strips", "known", "rest"):
            table.line((row, "all ages", n), [(row, a, n) for a in ages])
            table.line((row, "children", n), [(row, a, n) for a in children])
    for column in [*ages, "children", "all ages"]:
        for n in ("strips", "known", "rest"):
            table.line(("all", column, n), [(r, column, n) for r in rows])
    return table


def trend_point(point: Mapping[str, Any], name: str) -> Published:
    """One rolling window of a trend: its groups and total, and the unknown-ethnicity count
    its share of searches gives away."""
    table = Published(name, zero_never_hidden=not point.get("hidden_may_be_zero"))
    for g in point["groups"]:
        table.cell(g["group"], g["searches"])
    total = point["total"]["searches"]
    table.cell("all", total)
    share = point["not_stated_share"]
    table.cell("unknown", round(share * total) if share is not None and total is not None else None)
    table.line("all", [*(g["group"] for g in point["groups"]), "unknown"])
    return table


def _merge(table: Published, key: Key, value: int | None) -> None:
    """A count published in two places (a denominator shared by two measures): shown if shown in either."""
    if table.cells.get(key) is None:
        table.cells[key] = value
    elif value is not None:
        table.cell(key, value)


def feedback_table(data: Mapping[str, Any], name: str = "feedback") -> Published:
    """Published receipt feedback: per group the responses, and per question the people who
    answered yes and who answered at all (what is left, the other answers, is an unknown)."""
    table = Published(name)
    rows = [g["group"] for g in data["groups"]]
    questions = list(data["measures"])
    for g in (*data["groups"], data["total"]):
        table.cell((g["group"], "responses"), g["responses"])
        for q in questions:
            p = g["measures"][q]
            table.cell((g["group"], q, "yes"), p["count"])
            table.cell((g["group"], q, "answered"), p["denominator"])
            table.cell((g["group"], q, "other"), None)
            table.line((g["group"], q, "answered"), [(g["group"], q, "yes"), (g["group"], q, "other")])
            table.at_most.append(((g["group"], q, "answered"), (g["group"], "responses")))
    total = data["total"]["group"]
    table.line((total, "responses"), [(r, "responses") for r in rows])
    for q in questions:
        for n in ("yes", "answered", "other"):
            table.line((total, q, n), [(r, q, n) for r in rows])
    return table


def retention_table(result: Mapping[str, Any]) -> Published:
    """Everything the tables publish, with the sums a reader knows bind them: in each table a
    group's people are those with the event and the rest; the ranks add up to the force, the
    leavers of each rank and of each reason to the leavers."""
    table = Published("retention", zero_never_hidden=True)

    def put(key: tuple[object, ...], value: int | None) -> None:
        if table.cells.get(key) is None:
            table.cells[key] = value

    ranks: dict[str, set[str]] = {}
    tables = [
        ("all", result["leaving"]),
        *(("reason", t) for t in result["leaving_by_reason"]),
        *(("rank", t) for t in [*result["leaving_by_rank"], *result["promotion"]]),
    ]
    for kind, data in tables:
        name = data["event"]
        among: tuple[object, ...] = ("people", name.split(" from ")[1]) if kind == "rank" else ("people",)
        for g in data["groups"]:
            put((name, g["code"], "k"), g["events"])
            put((*among, g["code"]), g["people"])
            table.cells[(name, g["code"], "rest")] = None
            table.unpublished.add((name, g["code"], "rest"))
            table.line((*among, g["code"]), [(name, g["code"], "k"), (name, g["code"], "rest")])
            if kind == "rank":
                ranks.setdefault(g["code"], set()).add(name.split(" from ")[1])
    for code, held in ranks.items():
        table.line(("people", code), [("people", r, code) for r in sorted(held)])
        for part in ("k", "rest"):
            table.line(("left", code, part), [(f"left from {r}", code, part) for r in sorted(held)])
        reasons = [t["event"] for t in result["leaving_by_reason"]]
        if reasons:
            table.line(("left", code, "k"), [(r, code, "k") for r in reasons])
    return table
