"""Small-number protection: primary and secondary suppression over additive tables.

A count from 1 to threshold-1 is suppressed (primary). A table also shows totals, so other
cells are hidden too (secondary) until nothing published pins a hidden count down: first
wherever a total and its parts are shown (a "line": total = sum of parts) and exactly one of
them is hidden, another is hidden (the smallest non-zero part still shown, or else the
total); then every hidden cell is attacked as a reader would, by working out the smallest
and largest value it could take given every published count and total, counts being whole
and never negative (and a hidden count at least 1, where Parity never hides a zero; where a
zero may be hidden too, as in the periods made of months, at least 0). Where that range is
not wider than the threshold and reaches below it, and could hold a count from 1 up (the
count could be a small one), another cell of the same line is hidden, and the whole check
runs again. Zero is never suppressed on its own: it discloses no one.

Everything derived from a hidden count (its rate, ratio, share, bounds) is hidden with it;
the result objects do that, so every output inherits the protection.

Tables of overlapping periods are protected together (`hidden`, `zeros`): a period made of
months hides a count hidden in any month in every such period of the same shape, zeros
too, so what a reader can work out comes down to what each month's own table allows, and
each financial year is checked with its months (see `parity.analysis.rates`). The answer
depends only on the counts, so it is kept by content (in memory, and in a `Store` if one is
given) and the tables of every period of a force share one solve. Published outputs say
only that a cell is hidden, never whether it was small or hidden to protect another, since
that would tell a reader which hidden cells are the small ones.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import Protocol

import highspy
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import coo_matrix, csc_matrix
from scipy.sparse.csgraph import connected_components

MAX_ROUNDS = 100
LOOKAHEAD = 8  # cells tried, in order of preference, when one more must be hidden
LARGE = 60  # hidden cells (or lines) beyond which a group is widened all at once, without trials
_TIER = 1 << 42  # larger than any count: a lower tier always wins
_SMALL = 1 << 40  # within a tier, a count above the threshold before a smaller one
_NO = np.iinfo(np.int64).max


class Status(IntEnum):
    SHOWN = 0
    PRIMARY = 1  # a small count
    SECONDARY = 2  # hidden so that totals cannot reveal a small count

    @property
    def hidden(self) -> bool:
        return self is not Status.SHOWN


@dataclass(frozen=True)
class Line:
    """total = sum(parts), as indices into one flat array of counts."""

    total: int
    parts: tuple[int, ...]


@dataclass
class _Table:
    """The lines as a padded matrix of members (last column the total), for vectorised rounds."""

    counts: NDArray[np.int64]
    rank: NDArray[np.int64]
    lines: Sequence[Line]
    members: NDArray[np.int64]
    present: NDArray[np.bool_]
    safe: NDArray[np.int64]
    value: NDArray[np.int64]
    is_part: NDArray[np.bool_]
    by_cell: dict[int, list[int]]  # the lines each cell is on
    floor: NDArray[np.float64]  # the least a reader knows each count to be when it is hidden


def _floor(counts: NDArray[np.int64], zeros: NDArray[np.bool_]) -> NDArray[np.float64]:
    """A hidden count is at least 1 where a zero is never hidden, else at least 0."""
    return np.where((counts > 0) & ~zeros, 1.0, 0.0)


def _table(
    counts: NDArray[np.int64], rank: NDArray[np.int64], lines: Sequence[Line], zeros: NDArray[np.bool_]
) -> _Table:
    width = max(len(line.parts) for line in lines) + 1
    members = np.full((len(lines), width), -1, dtype=np.int64)
    for i, line in enumerate(lines):
        members[i, : len(line.parts)] = line.parts
        members[i, -1] = line.total
    present = members >= 0
    safe = np.where(present, members, 0)
    value = np.where(present, counts[safe], 0)
    sums = value[:, :-1].sum(axis=1)
    wrong = np.flatnonzero(sums != value[:, -1])
    if wrong.size:
        first = int(wrong[0])
        raise ValueError(
            f"a protected line does not add up: parts sum to {sums[first]} against a total of "
            f"{value[first, -1]} (total cell {lines[first].total})"
        )
    is_part = present.copy()
    is_part[:, -1] = False
    by_cell: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        for m in (line.total, *line.parts):
            by_cell.setdefault(m, []).append(i)
    return _Table(counts, rank, lines, members, present, safe, value, is_part, by_cell, _floor(counts, zeros))


def suppress(
    values: ArrayLike,
    lines: Sequence[Line],
    threshold: int,
    *,
    tiers: ArrayLike | None = None,
    hidden: ArrayLike | None = None,
    zeros: ArrayLike | None = None,
) -> NDArray[np.int8]:
    """Status (see `Status`) of each count after primary and secondary suppression.

    `tiers` ranks how costly a cell is to hide (0 cheapest): a secondary cell is taken from
    the lowest tier that has one, smallest count first, so a table keeps its reference group
    and its "not stated" count whenever another cell will do. Lines are handled all at once
    and each table's hidden cells are checked apart, so the tables of every force and year
    are protected in one call. `hidden` marks cells that must be hidden; `zeros` marks cells
    whose zero may be hidden too (a reader cannot tell a hidden zero from a hidden count
    there): such a cell in `hidden` is hidden even when zero, and the check takes its least
    value as 0, not 1. Raises ValueError if a line does not add up, since the
    protection reasoning assumes it does.
    """
    counts = np.asarray(values, dtype=np.int64)
    rank = np.zeros(len(counts), dtype=np.int64) if tiers is None else np.asarray(tiers, dtype=np.int64)
    forced = np.zeros(len(counts), dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool)
    open_zero = np.zeros(len(counts), dtype=bool) if zeros is None else np.asarray(zeros, dtype=bool)
    key = (counts.tobytes(), rank.tobytes(), forced.tobytes() + open_zero.tobytes(), tuple(lines), threshold)
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            return kept.copy()
    store, name = _store.get("store"), ""
    if store is not None:
        name = _digest(key)
        stored = store.get(name)
        if stored is not None and len(stored) == len(counts):
            status = np.frombuffer(stored, dtype=np.int8).copy()
            small = (counts > 0) & (counts < threshold)
            if (status >= 0).all() and (status <= Status.SECONDARY).all() and (status[small] > 0).all():
                _keep(key, status)
                return status
    status = _suppress(counts, rank, lines, threshold, forced, zeros=open_zero)
    _keep(key, status)
    if store is not None:
        store.put(name, status.tobytes())
    return status


class Store(Protocol):
    """Somewhere outside this process to keep protected results by a digest of what they
    depend on (the counts, lines, tiers, forced cells and threshold), so another process
    (the web server after an import's warm-up) finds them worked out already."""

    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, status: bytes) -> None: ...


_store: dict[str, Store] = {}


def use_store(store: Store | None) -> None:
    """Keep results in `store` as well as in this process's memory (None: memory only)."""
    if store is None:
        _store.pop("store", None)
    else:
        _store["store"] = store


def _digest(key: tuple[bytes, bytes, bytes, tuple[Line, ...], int]) -> str:
    counts, rank, forced, lines, threshold = key
    h = hashlib.sha256()
    for part in (counts, rank, forced, repr(lines).encode(), str(threshold).encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _keep(key: tuple[bytes, bytes, bytes, tuple[Line, ...], int], status: NDArray[np.int8]) -> None:
    with _kept_lock:
        _kept[key] = status.copy()
        while len(_kept) > KEPT:
            _kept.popitem(last=False)


KEPT = 4096  # protected results kept: the months and blocks of each force and shape asked for
_kept: OrderedDict[tuple[bytes, bytes, bytes, tuple[Line, ...], int], NDArray[np.int8]] = OrderedDict()
_kept_lock = threading.Lock()


def forget() -> None:
    """Drop every result kept in this process's memory (a benchmark measuring the solve
    itself calls this; a store given to `use_store` is left as it is)."""
    with _kept_lock:
        _kept.clear()


def _suppress(
    counts: NDArray[np.int64],
    rank: NDArray[np.int64],
    lines: Sequence[Line],
    threshold: int,
    forced: NDArray[np.bool_],
    *,
    zeros: NDArray[np.bool_],
) -> NDArray[np.int8]:
    status = np.where((counts > 0) & (counts < threshold), Status.PRIMARY, Status.SHOWN).astype(np.int8)
    status[forced & ((counts > 0) | zeros) & (status == 0)] = Status.SECONDARY
    if not lines or not status.any():
        return status
    table = _table(counts, rank, lines, zeros)
    safe_components: set[frozenset[int]] = set()
    for _ in range(len(counts) + 1):
        _no_lone_hidden(table, status, threshold)
        narrow = _narrow(counts, lines, status > 0, threshold, safe_components, floor=table.floor)
        if not narrow or not _widen(table, status, narrow, threshold):
            break
    return status


def _no_lone_hidden(t: _Table, status: NDArray[np.int8], threshold: int) -> None:
    """Hide another member of every line with exactly one hidden member, until none is left."""
    width = t.members.shape[1]
    for _ in range(MAX_ROUNDS):
        hidden = t.present & (status[t.safe] > 0)
        lone = hidden.sum(axis=1) == 1
        if not lone.any():
            return
        rows = np.flatnonzero(lone)
        open_ = t.present[rows] & ~hidden[rows] & (t.value[rows] > 0)
        # cheapest tier first; within it a count above the threshold, which can absorb a
        # change wide enough, before a smaller one; then the smallest
        small = (t.value[rows] <= threshold) * _SMALL
        cost = np.where(open_ & t.is_part[rows], t.rank[t.safe[rows]] * _TIER + small + t.value[rows], _NO)
        choice = cost.argmin(axis=1)
        has_part = cost[np.arange(len(rows)), choice] < _NO
        total_open = open_[:, -1]
        pick = np.where(has_part, choice, np.where(total_open, width - 1, -1))
        chosen = t.members[rows[pick >= 0], pick[pick >= 0]]
        if chosen.size == 0:
            return  # nothing left to hide: only zero-valued cells remain shown
        status[chosen] = Status.SECONDARY


def _widen(t: _Table, status: NDArray[np.int8], narrow: list[tuple[int, list[Line]]], threshold: int) -> bool:
    """Hide one more cell for each narrow cell: a shown count in one of its own lines if there
    is one, else in another line of its group; the cheapest tier, then above the threshold if
    possible (it can absorb a change of more than the threshold), then the smallest. The first
    few in that order are tried, and the first that leaves the narrow cell wide enough is
    taken, so cells that would not help stay shown. False when no cell can be added."""
    added = False
    for cell, lines in narrow:
        candidates = {
            m: cell in line.parts or cell == line.total
            for line in lines
            for m in (line.total, *line.parts)
            if status[m] == 0 and t.counts[m] > 0
        }
        if not candidates:
            continue
        ordered = sorted(
            candidates,
            key=lambda m: (not candidates[m], int(t.rank[m]), t.counts[m] <= threshold, int(t.counts[m])),
        )
        best = ordered[0]
        for m in ordered[: LOOKAHEAD if len(lines) <= LARGE else 0]:
            trial = status.copy()
            trial[m] = Status.SECONDARY
            _no_lone_hidden(t, trial, threshold)
            if not _cell_narrow(t, trial > 0, cell, threshold):
                best = m
                break
        status[best] = Status.SECONDARY
        added = True
    return added


def _cell_narrow(t: _Table, mask: NDArray[np.bool_], cell: int, threshold: int) -> bool:
    """Whether one hidden cell is still narrow, solving only the group of hidden cells it is in."""
    members, seen_lines, todo = {cell}, set(), [cell]
    while todo:
        for i in t.by_cell.get(todo.pop(), ()):
            if i in seen_lines:
                continue
            seen_lines.add(i)
            line = t.lines[i]
            for m in (line.total, *line.parts):
                if mask[m] and m not in members:
                    members.add(m)
                    todo.append(m)
    lines = [t.lines[i] for i in sorted(seen_lines)]
    return _first_narrow(t.counts, mask, sorted(members), lines, threshold, floor=t.floor, only=cell) is not None


def narrow_cells(values: ArrayLike, lines: Sequence[Line], hidden: ArrayLike, threshold: int) -> list[int]:
    """Hidden cells whose feasible range is no wider than the threshold and reaches below it
    (they could be a small count): at most one per group of hidden cells linked by lines,
    since widening one changes the others.

    The range is what a reader can work out: the smallest and largest value the cell can
    take with every shown count fixed, every line adding up, and every hidden count at least
    1 (or 0 where it is 0). It is the linear-programme range; for tables with totals in both
    directions it equals the whole-number range.
    """
    counts = np.asarray(values, dtype=np.int64)
    floor = _floor(counts, np.zeros(len(counts), dtype=bool))
    return [cell for cell, _ in _narrow(counts, lines, np.asarray(hidden, dtype=bool), threshold, set(), floor=floor)]


def _narrow(
    counts: NDArray[np.int64],
    lines: Sequence[Line],
    mask: NDArray[np.bool_],
    threshold: int,
    known_safe: set[frozenset[int]],
    *,
    floor: NDArray[np.float64],
) -> list[tuple[int, list[Line]]]:
    """Each narrow group's first narrow cell with the group's lines. `known_safe` holds groups
    already found wide enough, so a repeated check skips them; groups found wide join it."""
    cells = np.flatnonzero(mask)
    if cells.size == 0:
        return []
    touching = [i for i, line in enumerate(lines) if mask[line.total] or mask[list(line.parts)].any()]
    # a graph of hidden cells and the lines they sit on: its components are separate problems
    node = {int(c): k for k, c in enumerate(cells)}
    rows, cols = [], []
    for j, i in enumerate(touching):
        line = lines[i]
        for m in (line.total, *line.parts):
            if mask[m]:
                rows.append(node[m])
                cols.append(len(cells) + j)
    size = len(cells) + len(touching)
    graph = coo_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))), shape=(size, size)
    )
    _, label = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for k, c in enumerate(cells):
        groups.setdefault(int(label[k]), []).append(int(c))
    group_lines: dict[int, list[Line]] = {}
    for j, i in enumerate(touching):
        group_lines.setdefault(int(label[len(cells) + j]), []).append(lines[i])
    found: list[tuple[int, list[Line]]] = []
    for comp, members in groups.items():
        key = frozenset(members)
        comp_lines = group_lines.get(comp)
        if key in known_safe or not comp_lines:
            continue  # a hidden cell on no published line is bounded by nothing: nothing gives it back
        if len(members) > LARGE:
            # a large group (linked periods): every narrow cell is widened in the same round,
            # since one at a time would mean a solve of the whole group for each
            many = _all_narrow(counts, mask, members, comp_lines, threshold, floor=floor)
            if not many:
                known_safe.add(key)
            found += [(cell, comp_lines) for cell in many]
            continue
        cell = _first_narrow(counts, mask, members, comp_lines, threshold, floor=floor)
        if cell is None:
            known_safe.add(key)
        else:
            found.append((cell, comp_lines))
    return found


def _all_narrow(
    counts: NDArray[np.int64],
    mask: NDArray[np.bool_],
    members: list[int],
    lines: list[Line],
    threshold: int,
    *,
    floor: NDArray[np.float64],
) -> list[int]:
    """Every hidden cell of the group that is narrow (see `_first_narrow`), from one model."""
    solver, index = _group_solver(counts, mask, members, lines, floor)
    found = []
    for c in sorted(members, key=lambda c: int(counts[c])):
        if _may_be_narrow(int(counts[c]), threshold) and _is_narrow(solver, index[c], int(counts[c]), threshold):
            found.append(c)
    return found


def _first_narrow(
    counts: NDArray[np.int64],
    mask: NDArray[np.bool_],
    members: list[int],
    lines: list[Line],
    threshold: int,
    *,
    floor: NDArray[np.float64],
    only: int | None = None,
) -> int | None:
    """The first hidden cell (smallest first) whose range is no wider than the threshold and
    reaches below it. A hidden count a reader can place only at or above the threshold is not
    a small number, however narrowly it is placed, so it needs no further cover.

    One linear programme per group, solved again for each cell with only its objective
    changed, so each solve starts from the last one's answer.
    """
    solver, index = _group_solver(counts, mask, members, lines, floor)
    for c in [only] if only is not None else sorted(members, key=lambda c: int(counts[c])):
        if _may_be_narrow(int(counts[c]), threshold) and _is_narrow(solver, index[c], int(counts[c]), threshold):
            return c
    return None


def _may_be_narrow(count: int, threshold: int) -> bool:
    """Narrow and possibly small means a range [low, high] holding the count with low below
    the threshold and high - low no more than it, so the count is below twice the threshold:
    a larger hidden count needs no solve."""
    return count < 2 * threshold


def _is_narrow(solver: highspy.Highs, column: int, count: int, threshold: int) -> bool:
    top = _optimum(solver, column, -1.0)
    if top is None or top - count > threshold + 1e-6 or top < 1 - 1e-6:  # unbounded, wide, or only 0
        return False
    low = _optimum(solver, column, 1.0)
    assert low is not None, "a hidden count cannot be unbounded below"
    return top - low <= threshold + 1e-6 and low < threshold - 1e-6  # narrow, and could be small


def _group_solver(
    counts: NDArray[np.int64],
    mask: NDArray[np.bool_],
    members: list[int],
    lines: list[Line],
    floor: NDArray[np.float64],
) -> tuple[highspy.Highs, dict[int, int]]:
    index = {c: k for k, c in enumerate(members)}
    a_eq = np.zeros((len(lines), len(members)))
    b_eq = np.zeros(len(lines))
    for r, line in enumerate(lines):
        for p in line.parts:
            if mask[p]:
                a_eq[r, index[p]] += 1
            else:
                b_eq[r] -= counts[p]
        if mask[line.total]:
            a_eq[r, index[line.total]] -= 1
        else:
            b_eq[r] += counts[line.total]
    return _solver(a_eq, b_eq, floor[members]), index


def _solver(a_eq: NDArray[np.float64], b_eq: NDArray[np.float64], lower: NDArray[np.float64]) -> highspy.Highs:
    """A HiGHS model of the group: every line adding up, every hidden count at least `lower`."""
    matrix = csc_matrix(a_eq)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a_eq.shape[1], a_eq.shape[0]
    lp.col_cost_ = np.zeros(a_eq.shape[1])
    lp.col_lower_ = lower
    lp.col_upper_ = np.full(a_eq.shape[1], highspy.kHighsInf)
    lp.row_lower_ = lp.row_upper_ = b_eq
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    solver = _highs()
    solver.passModel(lp)
    return solver


_local = threading.local()


def _highs() -> highspy.Highs:
    """This thread's solver: making one is slower than solving these small models, so each
    thread keeps one and passes it each model in turn."""
    solver: highspy.Highs | None = getattr(_local, "solver", None)
    if solver is None:
        _quiet_start()
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("presolve", "off")
        _local.solver = solver
    return solver


@cache
def _quiet_start() -> None:
    """HiGHS writes a banner to standard output when the first solver of a process is made,
    before any option can turn it off; a command printing JSON must not get it. So the first
    solver is made once with standard output sent nowhere."""
    sys.stdout.flush()
    saved, nowhere = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(nowhere, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(nowhere)


_SETTLED = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


def _optimum(solver: highspy.Highs, column: int, sign: float) -> float | None:
    """The smallest (sign 1) or largest (sign -1) value of one column; None when unbounded."""
    solver.changeColCost(column, sign)
    solver.run()
    status = solver.getModelStatus()
    if status not in _SETTLED:  # a warm start that lost its way: solve again from nothing
        solver.clearSolver()
        solver.run()
        status = solver.getModelStatus()
    value = sign * float(solver.getInfo().objective_function_value)
    solver.changeColCost(column, 0.0)
    if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return None
    assert status == highspy.HighsModelStatus.kOptimal, solver.modelStatusToString(status)
    return value


def grid_lines(rows: int, columns: int, *, offset: int = 0) -> list[Line]:
    """Lines of a rows x columns grid laid out row-major whose last row and column are totals."""
    lines: list[Line] = []

    def at(r: int, c: int) -> int:
        return offset + r * columns + c

    if columns > 1:
        lines += [Line(at(r, columns - 1), tuple(at(r, c) for c in range(columns - 1))) for r in range(rows)]
    if rows > 1:
        lines += [Line(at(rows - 1, c), tuple(at(r, c) for r in range(rows - 1))) for c in range(columns)]
    return lines


class Cells:
    """Named counts and the lines that bind them, protected together.

    For tables that are not a plain grid: an outcome table where each count has a
    complement (searches with an outcome = arrests + the rest), or a strip-search table
    with a "children" column summing two age bands.
    """

    def __init__(self) -> None:
        self._index: dict[Hashable, int] = {}
        self._values: list[int] = []
        self._tiers: list[int | None] = []
        self._lines: list[Line] = []

    def add(self, key: Hashable, value: int, *, tier: int | None = None) -> None:
        """A named count; `tier` ranks how costly it is to hide (default: by its place in the lines)."""
        if key in self._index:
            raise ValueError(f"cell {key!r} added twice")
        self._index[key] = len(self._values)
        self._values.append(int(value))
        self._tiers.append(tier)

    def value(self, key: Hashable) -> int:
        return self._values[self._index[key]]

    def __contains__(self, key: Hashable) -> bool:
        return key in self._index

    def line(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        self._lines.append(Line(self._index[total], tuple(self._index[p] for p in parts)))

    def protect(self, threshold: int, *, hidden: Collection[Hashable] = ()) -> dict[Hashable, Status]:
        """Statuses, hiding a plain count before a subtotal and a subtotal before a grand
        total (a total that is part of no other line) when a further cell must be hidden.
        `hidden` names cells that must be hidden whatever their count (hidden in another
        table a reader also has)."""
        totals = {line.total for line in self._lines}
        parts = {p for line in self._lines for p in line.parts}
        tiers = [
            given if given is not None else 0 if i not in totals else 1 if i in parts else 2
            for i, given in enumerate(self._tiers)
        ]
        forced = [False] * len(self._values)
        for key in hidden:
            forced[self._index[key]] = True
        status = suppress(self._values, self._lines, threshold, tiers=tiers, hidden=forced if hidden else None)
        return {key: Status(int(status[i])) for key, i in self._index.items()}
