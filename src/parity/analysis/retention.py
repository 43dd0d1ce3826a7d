"""Leaving and promotion rates by ethnic group: who stays and who gets on.

A rate here is people with an event (left, or were promoted) over the people who could have
had it (those in post at the start of the period, in the rank they could be promoted from).
Each person is counted once, so the rate is a proportion with a Wilson interval
(Clopper-Pearson for small numbers), and each group's rate against White people's is a risk
ratio with Katz's interval, as for stage rates (METHODS.md §3.1).

"Not assessable" where numbers are too small to say anything: fewer than
`Rules.min_events_for_rate` people in the group, or fewer than `Rules.disclosure_threshold`
people with the event in both groups compared. Small counts are hidden inside the result
with whatever would give them back (the table's totals), so every output inherits it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from parity.analysis.intervals import katz_log, proportion_limits
from parity.analysis.protection import Cells, Status
from parity.analysis.recruitment import WHITE, label
from parity.analysis.results import clean
from parity.analysis.rules import Rules
from parity.reference.ethnicity import GROUPS_STATED, Group

NOT_ASSESSABLE = "Too few people to say: not assessable."
CODES = (*(g.value for g in GROUPS_STATED), Group.NOT_STATED.value)
LEFT, PROMOTED = "leaver", "promotion"


@dataclass(frozen=True)
class EventRate:
    """One group's rate; None where hidden or not assessable."""

    code: str
    group: str
    events: int | None
    people: int | None
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    ratio: float | None  # against White people's rate
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    assessable: bool
    suppressed: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "events": self.events,
            "people": self.people,
            "rate": self.rate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ratio_to_white": self.ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "assessable": self.assessable,
            "suppressed": self.suppressed,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class RateTable:
    """Rates of one event (e.g. "left: resigned", "promoted from sergeant") by group."""

    event: str
    groups: tuple[EventRate, ...]
    rules: Rules
    warnings: tuple[str, ...] = ()

    def group(self, code: str) -> EventRate:
        return next(g for g in self.groups if code in {g.code, g.group})

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "groups": [g.as_dict() for g in self.groups],
            "warnings": list(self.warnings),
            "rules": self.rules.as_dict(),
        }


def _check(counts: Mapping[str, tuple[int, int]]) -> None:
    for code, (k, n) in counts.items():
        if not 0 <= k <= n:
            raise ValueError(f"{label(code)}: {k} people with the event out of {n}")


def _add_table(cells: Cells, table: Hashable, counts: Mapping[str, tuple[int, int]], people: Hashable) -> None:
    """One table's cells: for each group, those with the event and the rest, which add up to the
    people (`(people, group)`, shared with other tables of the same people). The tables publish
    no totals across groups, so none is protected."""
    codes = list(counts)
    for c in codes:
        k, n = counts[c]
        cells.add((table, c, "k"), k)
        cells.add((table, c, "rest"), n - k)
        if (people, c) not in cells:
            cells.add((people, c), n)
        cells.line((people, c), [(table, c, "k"), (table, c, "rest")])


def _hidden(status: Mapping[Hashable, Status], table: Hashable, people: Hashable, codes: Iterable[str]) -> set[str]:
    return {
        c for c in codes if status[(table, c, "k")] != Status.SHOWN or status[(people, c)] != Status.SHOWN
    }  # fmt: skip


def event_rates(event: str, counts: Mapping[str, tuple[int, int]], *, rules: Rules | None = None) -> RateTable:
    """`counts[group]` = (people with the event, people who could have had it), protected as one table."""
    rules = rules or Rules()
    _check(counts)
    cells = Cells()
    _add_table(cells, event, counts, "people")
    status = cells.protect(rules.disclosure_threshold)
    return _rate_table(event, counts, _hidden(status, event, "people", counts), rules)


def _rate_table(event: str, counts: Mapping[str, tuple[int, int]], hidden: set[str], rules: Rules) -> RateTable:
    """Rates, intervals and ratios to White people, with the groups in `hidden` not shown."""
    codes = list(counts)
    k_all = [counts[c][0] for c in codes]
    n_all = [counts[c][1] for c in codes]
    low, high, _ = proportion_limits(k_all, n_all, exact_below=rules.exact_below, confidence=rules.confidence)
    ref = counts.get(WHITE)
    ref_ok = ref is not None and WHITE not in hidden and ref[1] >= rules.min_events_for_rate
    rows: list[EventRate] = []
    for i, c in enumerate(codes):
        k, n = counts[c]
        if c in hidden:
            rows.append(EventRate(c, label(c), None, None, None, None, None, None, None, None, False, True))
            continue
        if n < rules.min_events_for_rate:
            rows.append(
                EventRate(c, label(c), k, n, None, None, None, None, None, None, False, False, (NOT_ASSESSABLE,))
            )
            continue
        notes: list[str] = []
        ratio = r_low = r_high = None
        if ref_ok and c != WHITE and ref is not None:
            if min(k, ref[0]) < rules.disclosure_threshold:
                notes.append("Too few events to compare with White people: the ratio is not assessable.")
            else:
                r, rl, rh = katz_log([k], [n], [ref[0]], [ref[1]], confidence=rules.confidence)
                ratio, r_low, r_high = clean(float(r[0])), clean(float(rl[0])), clean(float(rh[0]))
        if k < rules.unreliable_below and k:
            notes.append(f"Based on fewer than {rules.unreliable_below} events: treat with caution.")
        rows.append(
            EventRate(
                c, label(c), k, n, k / n, clean(float(low[i])), clean(float(high[i])), ratio, r_low, r_high,
                True, False, tuple(notes),
            )
        )  # fmt: skip
    warnings = (
        ("Some counts of 1 to 4 people are not shown, nor any count that would give one back.",) if hidden else ()
    )
    return RateTable(event, tuple(rows), rules, warnings)


@dataclass(frozen=True)
class Retention:
    """Leaving and promotion rates over a year, of the people in post at its start: overall,
    by reason for leaving, and rank by rank (leaving from each rank, promotion from each)."""

    start: date
    end: date
    worker_type: str
    leaving: RateTable
    by_reason: tuple[RateTable, ...]
    leaving_by_rank: tuple[RateTable, ...]
    promotion: tuple[RateTable, ...]  # one per rank promoted from

    @property
    def tables(self) -> tuple[RateTable, ...]:
        return (self.leaving, *self.by_reason, *self.leaving_by_rank, *self.promotion)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "worker_type": self.worker_type,
            "leaving": self.leaving.as_dict(),
            "leaving_by_reason": [t.as_dict() for t in self.by_reason],
            "leaving_by_rank": [t.as_dict() for t in self.leaving_by_rank],
            "promotion": [t.as_dict() for t in self.promotion],
        }


def _read_events(
    people: Mapping[str, tuple[str, str]], events: Iterable[tuple[str, str, str]]
) -> tuple[dict[str, str], set[str]]:
    """(each leaver's reason, those promoted), of the people in post at the start."""
    reason_of: dict[str, str] = {}
    promoted: set[str] = set()
    for pseudonym, kind, reason in events:
        if pseudonym not in people:
            continue
        if kind == LEFT:
            given = reason or "not given"
            reason_of[pseudonym] = min(reason_of.get(pseudonym, given), given)
        elif kind == PROMOTED:
            promoted.add(pseudonym)
        else:
            raise ValueError(f"{kind!r} is neither a leaver nor a promotion")
    return reason_of, promoted


def retention_rates(
    people: Mapping[str, tuple[str, str]],
    events: Iterable[tuple[str, str, str]],
    *,
    start: date,
    end: date,
    worker_type: str,
    rank_order: Sequence[str] = (),
    rules: Rules | None = None,
) -> Retention:
    """Rates from the people in post at `start` (`people[pseudonym] = (group, rank)`) and what
    happened to them by `end` (`events`: (pseudonym, "leaver" or "promotion", reason)).

    Each person counts once in each table, in the group and rank they had at the start, however
    many events they have; a leaver's reason is the first of theirs alphabetically if they have
    several, so the reasons add up to the leavers. Ranks come in `rank_order`, then any others
    alphabetically; promotion is given from every rank held but the highest of `rank_order`.
    Events of people not in `people` (joiners during the year) are not counted.

    Every table is protected together, with the sums that bind them (the ranks add up to the
    force, the reasons to the leavers), so no hidden count can be worked out from another table.
    """
    rules = rules or Rules()
    reason_of, promoted = _read_events(people, events)
    groups: dict[str, set[str]] = defaultdict(set)
    in_rank: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pseudonym, (group, rank) in people.items():
        groups[group].add(pseudonym)
        in_rank[rank][group].add(pseudonym)
    codes = [c for c in CODES if c in groups] + sorted(set(groups) - set(CODES))
    left = set(reason_of)
    ranks = [r for r in rank_order if r in in_rank] + sorted(set(in_rank) - set(rank_order))
    top = rank_order[-1] if rank_order else None

    def counts(happened: set[str], among: Mapping[str, set[str]]) -> dict[str, tuple[int, int]]:
        return {c: (len(happened & among[c]), len(among[c])) for c in codes if among.get(c)}

    everyone = "people"
    tables: list[tuple[str, dict[str, tuple[int, int]], Hashable]] = [("left", counts(left, groups), everyone)]
    reasons = sorted(set(reason_of.values()))
    for reason in reasons:
        happened = {p for p, r in reason_of.items() if r == reason}
        tables.append((f"left: {reason}", counts(happened, groups), everyone))
    for rank in ranks:
        tables.append((f"left from {rank}", counts(left, in_rank[rank]), (everyone, rank)))
    for rank in ranks:
        if rank != top:
            tables.append((f"promoted from {rank}", counts(promoted, in_rank[rank]), (everyone, rank)))
    cells = Cells()
    for name, table, among in tables:
        _add_table(cells, name, table, among)
    for c in codes:  # the sums that bind the tables together
        held = [r for r in ranks if in_rank[r].get(c)]
        cells.line((everyone, c), [((everyone, r), c) for r in held])
        for part in ("k", "rest"):
            cells.line(("left", c, part), [(f"left from {r}", c, part) for r in held])
        if reasons:
            cells.line(("left", c, "k"), [(f"left: {r}", c, "k") for r in reasons])
    status = cells.protect(rules.disclosure_threshold)
    made = [_rate_table(name, table, _hidden(status, name, among, table), rules) for name, table, among in tables]
    n_reasons, n_ranks = len(reasons), len(ranks)
    return Retention(
        start, end, worker_type, made[0], tuple(made[1 : 1 + n_reasons]),
        tuple(made[1 + n_reasons : 1 + n_reasons + n_ranks]), tuple(made[1 + n_reasons + n_ranks :]),
    )  # fmt: skip
