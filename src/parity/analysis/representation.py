"""Workforce representation: each group's share of a workforce against its share of residents.

METHODS.md §7.1: the share is among those who stated their ethnicity, in the workforce and in
the population alike, with "not stated" reported beside it. The representation ratio is
(workforce share) / (population share); 1 means the workforce looks like its area.

Each person is counted once in each table, so the ratio is a risk ratio of proportions and its
95% interval is Katz's log method (METHODS.md §3.1). Katz is undefined at zero and too narrow
for a handful of people, so below `Rules.exact_below` people the interval is the exact
(Clopper-Pearson) interval of the workforce share divided by the population share: census
counts are so large that the population share is, for this purpose, known.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parity.analysis.intervals import katz_log, proportion_limits
from parity.analysis.protection import Cells, Status
from parity.analysis.results import Context, clean
from parity.analysis.rules import Rules
from parity.reference.ethnicity import GROUPS_STATED, Group

KATZ = "katz-log"
EXACT_SHARE = "exact-share"


@dataclass(frozen=True)
class RepresentationGroup:
    """One group's row; counts and everything derived from them are None when suppressed."""

    code: str
    group: str
    headcount: int | None
    share: float | None
    population: int | None
    population_share: float | None
    representation_ratio: float | None
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    method: str | None
    suppressed: bool
    warnings: tuple[str, ...] = ()
    needed: int | None = None  # people more (or, negative, fewer) to match the population share

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "headcount": self.headcount,
            "share": self.share,
            "population_share": self.population_share,
            "representation_ratio": self.representation_ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "suppressed": self.suppressed,
            "interval_method": self.method,
            "people_needed": self.needed,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Representation:
    """A workforce's representation by ethnic group, with where it came from and its rules."""

    context: Context
    as_at: str
    worker_type: str
    rank: str | None
    stated: int | None
    not_stated: int | None
    groups: tuple[RepresentationGroup, ...]
    warnings: tuple[str, ...]
    rules: Rules
    sources: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The `parity analyse workforce` JSON contract; unrounded."""
        return {
            "force": self.context.force,
            "as_at": self.as_at,
            "census_year": self.context.census_year,
            "worker_type": self.worker_type,
            "not_stated": self.not_stated,
            "groups": [g.as_dict() for g in self.groups],
            "warnings": list(self.warnings),
            "rank": self.rank,
            "force_name": self.context.force_name,
            "stated": self.stated,
            "sources": list(self.sources),
            "rules": self.rules.as_dict(),
        }

    def group(self, code_or_label: str) -> RepresentationGroup:
        key = code_or_label.lower()
        for g in self.groups:
            if key in {g.code, g.group.lower()}:
                return g
        raise KeyError(f"no group {code_or_label!r}; the table has {', '.join(g.group for g in self.groups)}")


def people_needed(headcount: int, stated: int, population_share: float) -> int:
    """How many more people of a group (negative: fewer) a workforce of the same size would
    need to match the group's share of residents: the share of those who stated an ethnicity,
    rounded half up to whole people."""
    return math.floor(population_share * stated + 0.5) - headcount


def _protect(
    counts: Mapping[str, int], not_stated: int, threshold: int, also_hidden: Collection[str] = ()
) -> dict[Any, Status]:
    """Hide small groups, and another so the stated total cannot give a hidden one back; and
    whatever other tables beside this one need hidden (hiding more is never less safe)."""
    cells = Cells()
    for code, n in counts.items():
        cells.add(code, n)
    cells.add("stated", sum(counts.values()))
    cells.add("not_stated", not_stated)
    cells.line("stated", list(counts))
    status = cells.protect(threshold)
    for key in also_hidden:
        if status[key] == Status.SHOWN:
            status[key] = Status.SECONDARY
    return status


def protect_ranks(by_rank: Mapping[str, Mapping[str, int]], threshold: int) -> dict[str | None, set[str]]:
    """What to hide in the whole workforce's table (key None) and in each rank's, protected
    together: the ranks add up to the whole, group by group, so a group hidden in one rank's
    table could otherwise be worked out from the whole less the other ranks. Keys of the sets
    are group codes, "stated" and "not_stated", as `representation(also_hidden=...)` takes them."""
    keys = [*(g.value for g in GROUPS_STATED), Group.NOT_STATED.value]
    holders = {k: sum(1 for c in by_rank.values() if c.get(k)) for k in keys}
    cells = Cells()
    tables: list[str | None] = [None, *by_rank]
    for table in tables:
        # the whole force's counts are the costliest to hide, and so is a rank's count of a group
        # no other rank holds (hiding it hides the whole's); other ranks' counts the cheapest
        for key in keys:
            if table is None:
                cells.add((table, key), sum(int(c.get(key, 0)) for c in by_rank.values()), tier=2)
            else:
                cells.add((table, key), int(by_rank[table].get(key, 0)), tier=2 if holders[key] == 1 else 0)
        cells.add(
            (table, "stated"), sum(cells.value((table, g.value)) for g in GROUPS_STATED), tier=3 if table is None else 1
        )
        cells.line((table, "stated"), [(table, g.value) for g in GROUPS_STATED])
    if len(by_rank) > 1:
        for key in [*keys, "stated"]:
            cells.line((None, key), [(r, key) for r in by_rank])
    status = cells.protect(threshold)
    return {t: {k for k in [*keys, "stated"] if status[(t, k)] != Status.SHOWN} for t in tables}


def representation(
    headcounts: Mapping[str, int],
    population: Mapping[str, int],
    *,
    context: Context,
    as_at: str,
    worker_type: str,
    rank: str | None = None,
    rules: Rules | None = None,
    warnings: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    also_hidden: Collection[str] = (),
) -> Representation:
    """Representation of each 5+1 group: `headcounts` by group code (with "not_stated"),
    `population` the benchmark residents by group code (stated groups only). `also_hidden`:
    counts hidden because of other tables published beside this one (`protect_ranks`)."""
    rules = rules or Rules()
    counts = {g.value: int(headcounts.get(g.value, 0)) for g in GROUPS_STATED}
    stated = sum(counts.values())
    not_stated = int(headcounts.get(Group.NOT_STATED.value, 0))
    residents = {g.value: int(population.get(g.value, 0)) for g in GROUPS_STATED}
    people = sum(residents.values())

    status = _protect(counts, not_stated, rules.disclosure_threshold, also_hidden)

    codes = list(counts)
    a = [counts[c] for c in codes]
    b = [residents[c] for c in codes]
    ratio, k_low, k_high = katz_log(a, [stated] * len(a), b, [people] * len(a), confidence=rules.confidence)
    # exact_below above every count: always Clopper-Pearson (used only below rules.exact_below)
    exact_low, exact_high, _ = proportion_limits(
        a, [stated] * len(a), exact_below=stated + 1, confidence=rules.confidence
    )

    rows: list[RepresentationGroup] = []
    notes = list(warnings)
    if stated == 0:
        notes.append("No one in this workforce stated an ethnicity, so no share can be given.")
    if people == 0:
        notes.append("No census population is held for this force area, so no ratio can be given.")
    for i, code in enumerate(codes):
        label = Group(code).label
        hidden = status[code] != Status.SHOWN
        own: list[str] = []
        pop_share = residents[code] / people if people else None
        share = counts[code] / stated if stated else None
        if hidden:
            rows.append(
                RepresentationGroup(
                    code, label, None, None, residents[code], clean(pop_share), None, None, None, None, True
                )
            )
            continue
        r = clean(float(ratio[i])) if pop_share else None
        if pop_share == 0:
            own.append(f"No {label} residents are counted in the census for this area, so no ratio.")
        low: float | None
        high: float | None
        if r is None:
            low = high = method = None
        elif counts[code] < rules.exact_below:
            low = clean(float(exact_low[i]) / pop_share) if pop_share else None
            high = clean(float(exact_high[i]) / pop_share) if pop_share else None
            method = EXACT_SHARE
            if counts[code] < rules.unreliable_below:
                own.append(f"Based on fewer than {rules.unreliable_below} people: treat the ratio with caution.")
        else:
            low, high, method = clean(float(k_low[i])), clean(float(k_high[i])), KATZ
        rows.append(
            RepresentationGroup(
                code, label, counts[code], share, residents[code], pop_share, r, low, high, method, False, tuple(own),
                None if status["stated"] != Status.SHOWN or pop_share is None
                else people_needed(counts[code], stated, pop_share),
            )
        )  # fmt: skip
    shown_not_stated = None if status["not_stated"] != Status.SHOWN else not_stated
    shown_stated = None if status["stated"] != Status.SHOWN else stated
    if shown_not_stated is None:
        notes.append(
            f"The number who did not state an ethnicity is below {rules.disclosure_threshold} and is not shown."
        )
    if any(r.suppressed for r in rows):
        notes.append(
            f"Groups of 1 to {rules.disclosure_threshold - 1} people are not shown, nor any group whose number "
            "could be worked out from the others."
        )
    return Representation(
        context, as_at, worker_type, rank, shown_stated, shown_not_stated, tuple(rows), tuple(notes), rules, sources
    )


@dataclass(frozen=True)
class RepresentationTrend:
    """One workforce's representation year by year, from the first year held, like for like."""

    force: str
    worker_type: str
    rank: str | None
    years: tuple[Representation, ...]
    warnings: tuple[str, ...]

    def ratios(self, code: str) -> list[float | None]:
        """A group's ratio in each year; None where it is not published."""
        return [r.group(code).representation_ratio for r in self.years]

    def change(self, code: str) -> float | None:
        """The ratio's change from the first year held to the last, when both are published."""
        ratios = self.ratios(code)
        if len(ratios) < 2 or ratios[0] is None or ratios[-1] is None:
            return None
        return ratios[-1] - ratios[0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.force,
            "worker_type": self.worker_type,
            "rank": self.rank,
            "first_year": self.years[0].as_at if self.years else None,
            "last_year": self.years[-1].as_at if self.years else None,
            "change_in_ratio": {g.group: self.change(g.code) for g in self.years[0].groups} if self.years else {},
            "years": [r.as_dict() for r in self.years],
            "warnings": list(self.warnings),
        }


def representation_trend(years: Sequence[Representation], *, warnings: tuple[str, ...] = ()) -> RepresentationTrend:
    """The trend from representations of the same workforce in successive years."""
    if not years:
        raise ValueError("a trend needs at least one year")
    first = years[0]
    ordered = tuple(sorted(years, key=lambda r: r.as_at))
    notes = list(warnings)
    if len({r.context.census_year for r in ordered}) > 1:
        notes.append(
            "The census compared with changes during the trend (to the one nearest each year), "
            "so part of a change in a ratio can come from the new census."
        )
    return RepresentationTrend(first.context.force, first.worker_type, first.rank, ordered, tuple(notes))
