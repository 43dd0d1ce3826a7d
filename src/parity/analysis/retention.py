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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parity.analysis.intervals import katz_log, proportion_limits
from parity.analysis.protection import Cells, Status
from parity.analysis.recruitment import WHITE, label
from parity.analysis.results import clean
from parity.analysis.rules import Rules

NOT_ASSESSABLE = "Too few people to say: not assessable."


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


def event_rates(event: str, counts: Mapping[str, tuple[int, int]], *, rules: Rules | None = None) -> RateTable:
    """`counts[group]` = (people with the event, people who could have had it)."""
    rules = rules or Rules()
    for code, (k, n) in counts.items():
        if not 0 <= k <= n:
            raise ValueError(f"{label(code)}: {k} people with the event out of {n}")
    cells = Cells()
    codes = list(counts)
    for c in codes:
        k, n = counts[c]
        cells.add((c, "k"), k)
        cells.add((c, "rest"), n - k)
        cells.add((c, "n"), n)
        cells.line((c, "n"), [(c, "k"), (c, "rest")])
    for part in ("k", "rest", "n"):
        cells.add(("all", part), sum(cells.value((c, part)) for c in codes))
        cells.line(("all", part), [(c, part) for c in codes])
    status = cells.protect(rules.disclosure_threshold)
    hidden = {c: any(status[(c, p)] != Status.SHOWN for p in ("k", "n")) for c in codes}
    k_all = [counts[c][0] for c in codes]
    n_all = [counts[c][1] for c in codes]
    low, high, _ = proportion_limits(k_all, n_all, exact_below=rules.exact_below, confidence=rules.confidence)
    ref = counts.get(WHITE)
    ref_ok = ref is not None and not hidden[WHITE] and ref[1] >= rules.min_events_for_rate
    rows: list[EventRate] = []
    for i, c in enumerate(codes):
        k, n = counts[c]
        if hidden[c]:
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
        ("Some counts of 1 to 4 people are not shown, nor any count that would give one back.",)
        if any(hidden.values())
        else ()
    )
    return RateTable(event, tuple(rows), rules, warnings)
