"""Rates per 1,000 residents and disproportionality ratios by ethnic group (METHODS.md §1, §3).

Input is counts (searches by group, and by section when there is a breakdown) and census
populations; output is a `RateTable` holding every figure with its provenance and with
small-number protection already applied. Many tables are built in one vectorised pass
(`build_rate_tables`), which is how the national table for every force and year is made;
one table is the same call with one input.

Rules, as the Home Office computes them: a group's rate is its searches per 1,000 of its
census residents; "not stated" and unrecorded ethnicity are excluded from every group's
count, and the "All" rate counts every search against every resident. The ratio is the
group's unrounded rate divided by the reference group's.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from parity.analysis import intervals, statements
from parity.analysis.grid import months_between
from parity.analysis.groups import HOME_OFFICE_BASIS, Reference, Scheme
from parity.analysis.protection import Line, Status, suppress
from parity.analysis.results import Context, Exclusion, clean, find_group
from parity.analysis.rules import Rules
from parity.analysis.sensitivity import Sensitivity, reallocate

ALL = "all"
NOT_STATED_REASON = "Ethnicity not stated"
NOT_RECORDED_REASON = "Ethnicity not recorded (blank or not recognised)"
GroupKey = str | None  # a group code; None is "not recorded"
SectionKey = str | None  # a breakdown value; None is "not recorded"


@dataclass(frozen=True)
class Breakdown:
    """A second dimension: the sections of the table, in order."""

    name: str  # legislation, power, object, age, gender, month
    label: str
    sections: tuple[tuple[SectionKey, str], ...]


@dataclass(frozen=True)
class RateInput:
    """Everything one table is computed from. Counts are person searches (vehicle-only excluded)."""

    context: Context
    scheme: Scheme
    reference: str
    counts: Mapping[tuple[GroupKey, SectionKey], int]  # the section is ignored without a breakdown
    populations: Mapping[str, int] | None  # group code (and "all") -> census residents
    breakdown: Breakdown | None = None
    no_rate_reason: str | None = None  # why no rate or ratio can be given at all
    exclusions: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    strata: Mapping[tuple[GroupKey, str | None], int] | None = None  # for proportional reallocation
    missing_population_reasons: Mapping[str, str] = field(default_factory=dict)
    section_no_rate_reason: str | None = None  # why the sections (not the overall) have no rates


@dataclass(frozen=True)
class GroupRate:
    """One group's figures. None means not available; the reason is in `warnings`."""

    group: str  # label, e.g. "Black"
    code: str
    searches: int | None
    population: int | None
    rate_per_1000: float | None
    rate_ci_low: float | None
    rate_ci_high: float | None
    share_of_stated: float | None
    ratio: float | None
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    ratio_method: str | None
    p_value: float | None
    reference: bool
    unreliable: bool
    suppressed: bool  # never says why: which hidden counts are the small ones is itself disclosive
    sensitivity: Sensitivity | None
    warnings: tuple[str, ...]
    reference_label: str = field(default="", repr=False)
    reference_rate: float | None = field(default=None, repr=False)
    basis: str = field(default="self-defined", repr=False)
    confidence: float = field(default=0.95, repr=False)

    @property
    def statement(self) -> str:
        """What the ratio means, in words; or why there is none."""
        if self.suppressed:
            return f"{self.group}: not shown, to protect the identity of the few people involved."
        if self.code == ALL:
            if self.rate_per_1000 is None:
                return "All searches: no rate is given." + (f" {self.warnings[0]}" if self.warnings else "")
            return (
                f"There were {statements.one_dp(self.rate_per_1000)} searches per 1,000 residents, all groups together."
            )
        if self.reference:
            rate = f" at {statements.one_dp(self.rate_per_1000)} per 1,000 residents" if self.rate_per_1000 else ""
            return f"{self.group} is the reference group{rate}; other groups are compared with it."
        if self.ratio is None or self.rate_per_1000 is None or self.reference_rate is None:
            reason = self.warnings[0] if self.warnings else "no ratio can be given"
            return f"{self.group}: no ratio. {reason[0].upper()}{reason[1:]}"
        return statements.ratio_statement(
            group=self.group,
            reference=self.reference_label,
            ratio=self.ratio,
            low=self.ratio_ci_low,
            high=self.ratio_ci_high,
            rate=self.rate_per_1000,
            reference_rate=self.reference_rate,
            confidence=self.confidence,
            unreliable=self.unreliable,
            basis=self.basis,  # type: ignore[arg-type]
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "searches": self.searches,
            "population": self.population,
            "rate_per_1000": self.rate_per_1000,
            "rate_ci_low": self.rate_ci_low,
            "rate_ci_high": self.rate_ci_high,
            "share_of_stated": self.share_of_stated,
            "ratio": self.ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "ratio_method": self.ratio_method,
            "p_value": self.p_value,
            "reference": self.reference,
            "unreliable": self.unreliable,
            "suppressed": self.suppressed,
            "sensitivity": self.sensitivity.as_dict() if self.sensitivity else None,
            "statement": self.statement,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class RateSection:
    """One value of the breakdown (one power, one month ...): its groups, total and exclusions."""

    key: str | None
    label: str
    groups: tuple[GroupRate, ...]
    total: GroupRate
    exclusions: tuple[Exclusion, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "exclusions": [e.as_dict() for e in self.exclusions],
        }


@dataclass(frozen=True)
class RateTable:
    """Rates and ratios by ethnic group for one force and period: the stop-search contract."""

    context: Context
    reference_group: str
    reference_code: str
    groups: tuple[GroupRate, ...]
    total: GroupRate
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules
    breakdown: str | None = None
    sections: tuple[RateSection, ...] = ()
    not_stated_share: float | None = None
    no_rate_reason: str | None = None  # why the table has no rates at all, if it has none
    hidden_may_be_zero: bool = False  # cells of periods made of months: a hidden count can be zero (decision 10)

    @property
    def statement(self) -> str:
        """The ratios in words, then the share of searches with ethnicity unknown."""
        parts = [g.statement for g in self.groups if not g.reference and g.ratio is not None]
        if self.not_stated_share is not None:
            parts.append(
                f"Ethnicity was not stated or not recorded for {statements.percent(self.not_stated_share)} "
                "of searches; they are left out of every group's count."
            )
        return " ".join(parts)

    def group(self, code_or_label: str) -> GroupRate:
        return find_group(self.groups, code_or_label)

    def section(self, key: str | None) -> RateSection:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r} in this table's {self.breakdown or 'breakdown'}")

    def as_dict(self) -> dict[str, Any]:
        head = self.context.head()
        return {
            "force": head["force"],
            "force_name": head["force_name"],
            "period": head["period"],
            "census_year": head["census_year"],
            "ethnicity": head["ethnicity"],
            "classification": head["classification"],
            "filters": head["filters"],
            "reference_group": self.reference_group,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "not_stated_share": self.not_stated_share,
            "hidden_may_be_zero": self.hidden_may_be_zero,
            "breakdown": (
                {"name": self.breakdown, "sections": [s.as_dict() for s in self.sections]} if self.breakdown else None
            ),
            "statement": self.statement,
            "method": method_notes(self.context.census_year, self.rules),
            "home_office_basis": HOME_OFFICE_BASIS,
            "rules": self.rules.as_dict(),
        }


def method_notes(census_year: int | None, rules: Rules) -> dict[str, Any]:
    census = f"the {census_year} census" if census_year else "no census"
    return {
        "rate": f"person searches (vehicle-only excluded) per 1,000 usual residents of the group in {census}",
        "ratio": "the group's unrounded rate divided by the reference group's",
        "ratio_interval": (
            f"Poisson log-Wald; exact conditional (Clopper-Pearson on the conditional binomial) where either count "
            f"is below {rules.exact_below}"
        ),
        "rate_interval": "Byar's approximation; exact (Garwood) below 10 searches",
        "confidence": rules.confidence,
        "protection": rules.describe(),
    }


# --- building -------------------------------------------------------------------------


@dataclass
class _Layout:
    """Where one table's cells sit in the flat arrays."""

    start: int
    rows: list[tuple[str, GroupKey]]  # (kind, code): kind is stated, reference, not_stated, unrecorded, all
    columns: list[SectionKey]  # section keys, then the "all sections" column (key ALL)
    reference: Reference
    ref_row: int

    def at(self, row: int, column: int) -> int:
        return self.start + row * len(self.columns) + column


def _layout(item: RateInput, start: int) -> _Layout:
    scheme = item.scheme
    reference = scheme.reference(item.reference)
    rows: list[tuple[str, GroupKey]] = [("stated", code) for code in scheme.stated]
    if reference.aggregate:
        rows.append(("reference", reference.code))
    rows += [("not_stated", scheme.not_stated), ("unrecorded", None), ("all", ALL)]
    ref_row = next(i for i, (kind, code) in enumerate(rows) if code == reference.code and kind != "all")
    columns: list[SectionKey] = [key for key, _ in item.breakdown.sections] if item.breakdown else []
    columns.append(ALL)
    return _Layout(start, rows, columns, reference, ref_row)


def _grid(item: RateInput) -> dict[tuple[GroupKey, SectionKey], int]:
    """The input counts keyed by (group, section), every key checked against the table."""
    scheme = item.scheme
    known_groups = {*scheme.stated, scheme.not_stated, None}
    known_sections = {key for key, _ in item.breakdown.sections} if item.breakdown else set()
    grid: dict[tuple[GroupKey, SectionKey], int] = {}
    for (group, section), n in item.counts.items():
        if group not in known_groups:
            raise ValueError(
                f"count for group {group!r}, which the {scheme.basis} {scheme.classification} scheme lacks"
            )
        if item.breakdown and section not in known_sections:
            raise ValueError(f"count for {item.breakdown.name} {section!r}, which is not among the table's sections")
        key = (group, section if item.breakdown else ALL)
        grid[key] = grid.get(key, 0) + int(n)
    return grid


# Secondary suppression hides, when it must, a group before "not stated", and either before
# the reference group, whose count every ratio in its column needs.
_TIERS = {"stated": 0, "not_stated": 1, "unrecorded": 1, "reference": 2, "all": 3}


def _fill(item: RateInput, lay: _Layout) -> tuple[list[int], list[Line]]:
    """The table's counts, row-major, with every total it shows, and the lines that bind them."""
    grid = _grid(item)
    sections = lay.columns[:-1]
    ncol = len(lay.columns)
    parts = {"stated", "not_stated", "unrecorded"}
    member_rows = [i for i, (kind, _) in enumerate(lay.rows) if kind in parts]
    ref_members = [i for i, (kind, code) in enumerate(lay.rows) if kind == "stated" and code in lay.reference.members]
    totals = {"all": member_rows, "reference": ref_members}
    values = [0] * (len(lay.rows) * ncol)
    for r, (kind, code) in enumerate(lay.rows):
        if kind in parts:
            row = [grid.get((code, column), 0) for column in sections] if sections else [grid.get((code, ALL), 0)]
            values[r * ncol : (r + 1) * ncol] = [*row, sum(row)] if sections else row
    lines: list[Line] = []
    for r, (kind, _) in enumerate(lay.rows):
        members = totals.get(kind)
        if members is not None:
            for c in range(ncol):
                values[r * ncol + c] = sum(values[m * ncol + c] for m in members)
            lines += [Line(lay.at(r, c), tuple(lay.at(m, c) for m in members)) for c in range(ncol)]
        if sections:
            lines.append(Line(lay.at(r, ncol - 1), tuple(lay.at(r, c) for c in range(ncol - 1))))
    return values, lines


def build_rate_tables(
    inputs: Sequence[RateInput], rules: Rules | None = None, *, linked: Sequence[RateInput] = ()
) -> list[RateTable]:
    """Compute every table in one pass: protection, rates, ratios, intervals, bounds.

    `linked` holds the tables of every published period of the same shape (a force's months,
    quarters, years and rolling years): the inputs' cells then take their protection from
    one solve over all of those, bound by the sums that tie a period to its months, so no
    two published periods can be differenced. A by-month table's months are the linked
    months' own cells. Raises ValueError if an input's counts differ from the linked table
    of the same period, since the protection would then be for other figures.
    """
    rules = rules or Rules()
    layouts, values, lines, tiers = _assemble(inputs)
    if linked:
        status = _linked_status(inputs, layouts, values, linked, rules.disclosure_threshold)
    else:
        status = suppress(values, lines, rules.disclosure_threshold, tiers=tiers)
    arrays = _compute(inputs, layouts, np.asarray(values, dtype=np.float64), status, rules)
    return [
        _table(item, lay, arrays, rules, hidden_may_be_zero=bool(linked) and _month_grain(item))
        for item, lay in zip(inputs, layouts, strict=True)
    ]


def build_sum_table(
    item: RateInput, hidden_in_parts: Mapping[str, Sequence[int]], rules: Rules | None = None
) -> RateTable:
    """One table that is the sum of published tables (England and Wales from the forces held).

    `hidden_in_parts` gives, for each group code, the counts the parts' own published tables
    hide. The sum less every shown part would give them away, so a group's count in the sum
    is hidden as well when one part hides it, or when the parts' hidden counts of it add to
    fewer than the threshold; the sum's own lines then hide whatever more they must.
    """
    rules = rules or Rules()
    layouts, values, lines, tiers = _assemble([item])
    lay = layouts[0]
    threshold = rules.disclosure_threshold
    risky = {code for code, counts in hidden_in_parts.items() if len(counts) == 1 or 0 < sum(counts) < threshold}
    forced = [False] * len(values)
    for r, (_, code) in enumerate(lay.rows):
        for c in range(len(lay.columns)):
            if code in risky and values[lay.at(r, c)] > 0:
                forced[lay.at(r, c)] = True
    status = suppress(values, lines, threshold, tiers=tiers, hidden=forced)
    arrays = _compute([item], layouts, np.asarray(values, dtype=np.float64), status, rules)
    return _table(item, lay, arrays, rules, hidden_may_be_zero=False)


def _assemble(inputs: Sequence[RateInput]) -> tuple[list[_Layout], list[int], list[Line], list[int]]:
    layouts: list[_Layout] = []
    values: list[int] = []
    lines: list[Line] = []
    for item in inputs:
        lay = _layout(item, len(values))
        cells, table_lines = _fill(item, lay)
        layouts.append(lay)
        values += cells
        lines += table_lines
    tiers = [
        _TIERS["reference" if r == lay.ref_row else kind]
        for lay in layouts
        for r, (kind, _) in enumerate(lay.rows)
        for _ in lay.columns
    ]
    return layouts, values, lines, tiers


_Identity = tuple[Hashable, frozenset[str]]
_GRAIN = 1 + max(_TIERS.values())  # a block's cell is hidden only when no month's will do
MAX_SETTLE = 1000  # each round hides more, so it settles well before running out of cells


def _identities(item: RateInput, lay: _Layout) -> list[tuple[int, _Identity]]:
    """Each cell's index and what it counts: (force, row, section) over a run of months."""
    months = frozenset(months_between(item.context.period_start, item.context.period_end))
    by_month = item.breakdown is not None and item.breakdown.name == "month"
    out: list[tuple[int, _Identity]] = []
    for r, row in enumerate(lay.rows):
        for c, column in enumerate(lay.columns):
            if by_month and column != ALL:
                out.append((lay.at(r, c), ((item.context.force, row, ALL), frozenset((str(column),)))))
            else:
                out.append((lay.at(r, c), ((item.context.force, row, column), months)))
    return out


def _linked_status(
    inputs: Sequence[RateInput], layouts: list[_Layout], values: list[int], linked: Sequence[RateInput], threshold: int
) -> NDArray[np.int8]:
    """The inputs' statuses under one protection of every linked period's table.

    Two grains. Financial years, the headline figures, do not overlap: each is protected on
    its own table, as any table is, and keeps its figures. Every other period on the grid
    (a month, a quarter, a calendar year, a rolling year ending in another month) is a sum
    of months, and in that grain what a cell counts (group and section) is hidden in every
    period or in none, zeros included; it is settled over the months' own tables (each
    protected, anything hidden in one hidden in all, until nothing changes), taking a
    hidden count's least value as 0. A reader's equations for the periods of the month
    grain are then the months' equations added up, since a period's lines are sums of its
    months' lines and its counts sums of theirs; financial years share no month, so what
    a reader can solve is each financial year with its twelve months. Each is checked so,
    hiding more in the months (before ever in the year) until every hidden count is wide;
    anything newly hidden in the months is hidden across the grain, and all is settled again.
    """
    f_layouts, f_values, _, _ = _assemble(linked)
    known = {
        identity: f_values[index]
        for item, lay in zip(linked, f_layouts, strict=True)
        for index, identity in _identities(item, lay)
    }
    fine, coarse = _hidden_everywhere(linked, threshold)
    out = np.zeros(len(values), dtype=np.int8)
    for item, lay in zip(inputs, layouts, strict=True):
        for index, (what, months) in _identities(item, lay):
            value = values[index]
            if known.get((what, months), 0) != value:
                raise ValueError(
                    f"{item.context.force_name} {item.context.period_label}: a count ({what!r}) differs "
                    "from the linked table of the same period"
                )
            hide = (what, _year_of(months)) in coarse and value > 0 if _yearly(months) else what in fine
            if hide:
                out[index] = Status.PRIMARY if 0 < value < threshold else Status.SECONDARY
    return out


def _yearly(months: frozenset[str]) -> bool:
    """A financial year (twelve months from April)."""
    return len(months) == 12 and min(months)[5:] == "04"


def _year_of(months: Iterable[str]) -> str:
    """The financial year (by its first calendar year) a run of months starts in."""
    first = min(months)
    return str(int(first[:4]) - (first[5:7] < "04"))


def _month_grain(item: RateInput) -> bool:
    """A table with cells of the month grain: a period that is not a financial year, or a
    table broken down by month (its months are the months' own cells)."""
    by_month = item.breakdown is not None and item.breakdown.name == "month"
    return by_month or not _yearly(frozenset(months_between(item.context.period_start, item.context.period_end)))


def _hidden_everywhere(linked: Sequence[RateInput], threshold: int) -> tuple[set[Hashable], set[tuple[Hashable, str]]]:
    """What is hidden in every period of the month grain, and in each financial year, force
    by force (forces share no cell)."""
    forces: dict[str, list[RateInput]] = {}
    for item in linked:
        forces.setdefault(item.context.force, []).append(item)
    fine: set[Hashable] = set()
    coarse: set[tuple[Hashable, str]] = set()
    for items in forces.values():
        one_fine, one_coarse = _one_force(items, threshold)
        fine |= one_fine
        coarse |= one_coarse
    return fine, coarse


def _one_force(linked: Sequence[RateInput], threshold: int) -> tuple[set[Hashable], set[tuple[Hashable, str]]]:
    months = sorted(
        (item for item in linked if item.context.period_start[:7] == item.context.period_end[:7]),
        key=lambda item: item.context.period_start,
    )
    blocks: dict[str, list[RateInput]] = {}
    for item in months:
        blocks.setdefault(_year_of([item.context.period_start[:7]]), []).append(item)
    years = {year: _sum_of(parts) for year, parts in blocks.items()}
    fine: set[Hashable] = set()
    coarse: set[tuple[Hashable, str]] = set()
    for _ in range(MAX_SETTLE):
        fine = _settle(months, fine, threshold, zeros=True)
        for year, whole in years.items():
            alone = _settle([whole], {what for what, y in coarse if y == year}, threshold, zeros=False)
            coarse |= {(what, year) for what in alone}
        more_fine: set[Hashable] = set()
        more_coarse: set[tuple[Hashable, str]] = set()
        for year, parts in blocks.items():
            one_fine, one_coarse = _block([*parts, years[year]], year, fine, coarse, threshold)
            more_fine |= one_fine
            more_coarse |= one_coarse
        if not more_fine - fine and not more_coarse - coarse:
            break
        fine, coarse = fine | more_fine, coarse | more_coarse
    return fine, coarse


def _sum_of(parts: list[RateInput]) -> RateInput:
    """One table for a run of months: their counts added up, their sections together."""
    counts: dict[tuple[GroupKey, SectionKey], int] = {}
    sections: dict[SectionKey, str] = {}
    for item in parts:
        for key, n in item.counts.items():
            counts[key] = counts.get(key, 0) + n
        sections.update(item.breakdown.sections if item.breakdown else ())
    first, last = parts[0], parts[-1]
    context = replace(
        first.context,
        period_end=last.context.period_end,
        period_label=f"{first.context.period_label}..{last.context.period_label}",
    )
    breakdown = replace(first.breakdown, sections=tuple(sections.items())) if first.breakdown else None
    return RateInput(context, first.scheme, first.reference, counts, None, breakdown)


def _settle(items: Sequence[RateInput], hidden: set[Hashable], threshold: int, *, zeros: bool) -> set[Hashable]:
    """Protect each table, hide across all of them whatever is hidden in one, until it settles.

    With `zeros`, a count hidden across the tables is hidden even where it is zero, and a
    hidden count is taken to be at least 0. Each table is protected by a call of its own,
    so a table whose counts and forced cells did not change since the last round is
    answered from what `suppress` keeps."""
    tables = []
    for item in items:
        layouts, values, lines, tiers = _assemble([item])
        tables.append((values, lines, tiers, [identity[0] for _, identity in _identities(item, layouts[0])]))
    hidden = set(hidden)
    for _ in range(MAX_SETTLE):
        more: set[Hashable] = set()
        for values, lines, tiers, what in tables:
            forced = [w in hidden for w in what]
            status = suppress(values, lines, threshold, tiers=tiers, hidden=forced, zeros=[zeros] * len(values))
            more |= {w for w, s in zip(what, status, strict=True) if s}
        if not more - hidden:
            break
        hidden |= more
    return hidden


def _block(
    items: list[RateInput],
    year: str,
    fine: set[Hashable],
    coarse: set[tuple[Hashable, str]],
    threshold: int,
) -> tuple[set[Hashable], set[tuple[Hashable, str]]]:
    """A financial year protected with its months, bound by the sums that make it of them:
    what else must be hidden in the months (first) or in the year."""
    layouts, values, lines, tiers = _assemble(items)
    cells: dict[_Identity, int] = {}
    forced, open_zero, grain = [False] * len(values), [False] * len(values), [0] * len(values)
    for item, lay in zip(items, layouts, strict=True):
        single = item.context.period_start[:7] == item.context.period_end[:7]
        for index, identity in _identities(item, lay):
            cells[identity] = index
            forced[index] = identity[0] in fine if single else (identity[0], year) in coarse
            open_zero[index] = single
            grain[index] = 0 if single else _GRAIN
    links = [
        Line(index, tuple(cells[(what, frozenset((m,)))] for m in sorted(months) if (what, frozenset((m,))) in cells))
        for (what, months), index in cells.items()
        if len(months) > 1
    ]
    ranked = [t + g for t, g in zip(tiers, grain, strict=True)]
    status = suppress(values, [*lines, *links], threshold, tiers=ranked, hidden=forced, zeros=open_zero)
    more_fine: set[Hashable] = set()
    more_coarse: set[tuple[Hashable, str]] = set()
    for (what, months), index in cells.items():
        if status[index] and not forced[index]:
            if len(months) == 1:
                more_fine.add(what)
            else:
                more_coarse.add((what, year))
    return more_fine, more_coarse


@dataclass
class _Arrays:
    """Per-cell figures as plain lists: building thousands of rows indexes them many times."""

    count: list[float]
    status: list[int]
    population: list[float]
    rate: list[float]
    rate_low: list[float]
    rate_high: list[float]
    ref_index: list[int]
    ratio: list[float]
    ratio_low: list[float]
    ratio_high: list[float]
    exact: list[bool]
    p_value: list[float]
    unknown: list[float]  # not stated + not recorded in the same column
    unknown_hidden: list[bool]
    stated_total: list[float]


_STATUS = (Status.SHOWN, Status.PRIMARY, Status.SECONDARY)


def _compute(
    inputs: Sequence[RateInput], layouts: list[_Layout], count: np.ndarray, status: np.ndarray, rules: Rules
) -> _Arrays:
    size = len(count)
    population = np.full(size, np.nan)
    ref_index = np.arange(size)
    unknown = np.zeros(size)
    unknown_hidden = np.zeros(size, dtype=bool)
    stated_total = np.zeros(size)
    compare = np.zeros(size, dtype=bool)
    for item, lay in zip(inputs, layouts, strict=True):
        pops = item.populations if item.no_rate_reason is None else None
        ncol = len(lay.columns)
        rated = range(ncol - 1, ncol) if item.section_no_rate_reason else range(ncol)
        kinds = [kind for kind, _ in lay.rows]
        ns_row, un_row, all_row = kinds.index("not_stated"), kinds.index("unrecorded"), kinds.index("all")
        for r, (kind, code) in enumerate(lay.rows):
            pop = _population(pops, kind, code, lay.reference)
            for c in range(ncol):
                i = lay.at(r, c)
                population[i] = pop if c in rated else np.nan
                ref_index[i] = lay.at(lay.ref_row, c)
                compare[i] = kind in {"stated", "reference"} and r != lay.ref_row
                u1, u2 = lay.at(ns_row, c), lay.at(un_row, c)
                unknown[i] = count[u1] + count[u2]
                unknown_hidden[i] = bool(status[u1] or status[u2])
                stated_total[i] = count[lay.at(all_row, c)] - unknown[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 1000 * count / population
    low, high = intervals.rate_limits(count, confidence=rules.confidence)
    rate_low, rate_high = 1000 * low / population, 1000 * high / population
    ratio = np.full(size, np.nan)
    ratio_low, ratio_high, p_value = ratio.copy(), ratio.copy(), ratio.copy()
    exact = np.zeros(size, dtype=bool)
    ref_pop = population[ref_index]
    ok = compare & (population > 0) & (ref_pop > 0) & (status == 0) & (count >= rules.min_events_for_rate)
    ok &= (status[ref_index] == 0) & (count[ref_index] >= rules.min_events_for_rate)
    if ok.any():
        out = intervals.rate_ratios(
            count[ok],
            population[ok],
            count[ref_index][ok],
            ref_pop[ok],
            exact_below=rules.exact_below,
            confidence=rules.confidence,
        )
        ratio[ok], ratio_low[ok], ratio_high[ok], exact[ok], p_value[ok] = (
            out.ratio,
            out.low,
            out.high,
            out.exact,
            out.p_value,
        )
    return _Arrays(
        count=count.tolist(),
        status=status.tolist(),
        population=population.tolist(),
        rate=rate.tolist(),
        rate_low=rate_low.tolist(),
        rate_high=rate_high.tolist(),
        ref_index=ref_index.tolist(),
        ratio=ratio.tolist(),
        ratio_low=ratio_low.tolist(),
        ratio_high=ratio_high.tolist(),
        exact=exact.tolist(),
        p_value=p_value.tolist(),
        unknown=unknown.tolist(),
        unknown_hidden=unknown_hidden.tolist(),
        stated_total=stated_total.tolist(),
    )


def _population(pops: Mapping[str, int] | None, kind: str, code: GroupKey, reference: Reference) -> float:
    if pops is None or kind in {"not_stated", "unrecorded"}:
        return np.nan
    if kind == "reference":
        found = [pops[m] for m in reference.members if m in pops]
        return float(sum(found)) if found else np.nan
    value = pops.get(code or "")
    return float(value) if value is not None else np.nan


def _table(item: RateInput, lay: _Layout, a: _Arrays, rules: Rules, *, hidden_may_be_zero: bool) -> RateTable:
    ncol = len(lay.columns)
    sections = []
    for c, key in enumerate(lay.columns):
        groups, total, exclusions = _column(item, lay, a, rules, c)
        if key == ALL:
            overall = (groups, total, exclusions)
        else:
            label = dict(item.breakdown.sections)[key] if item.breakdown else ""
            sections.append(RateSection(key, label, groups, total, exclusions))
    groups, total, exclusions = overall
    all_col = ncol - 1
    kinds = [kind for kind, _ in lay.rows]
    u1 = lay.at(kinds.index("not_stated"), all_col)
    share = None
    total_count = a.count[lay.at(kinds.index("all"), all_col)]
    if not a.unknown_hidden[u1] and total_count > 0:
        share = float(a.unknown[u1] / total_count)
    if item.strata is not None and item.no_rate_reason is None and item.populations:
        groups = _with_reallocation(item, lay, groups)
    warnings = list(item.warnings)
    if item.no_rate_reason:
        warnings.append(item.no_rate_reason)
    elif item.section_no_rate_reason:
        warnings.append(item.section_no_rate_reason)
    ref = groups[[g.code for g in groups].index(lay.reference.code)] if any(g.reference for g in groups) else None
    if ref is not None and ref.suppressed:
        warnings.append(f"The reference group's count ({ref.group}) is not published, so no ratios are given.")
    elif ref is not None and ref.searches == 0 and not item.no_rate_reason:
        warnings.append(f"No searches are recorded for the reference group ({ref.group}), so no ratios can be given.")
    if any(g.suppressed for g in groups) or any(s.suppressed for s in exclusions):
        warnings.append(rules.describe())
        if hidden_may_be_zero:
            warnings.append(MONTH_GRAIN_NOTE)
    return RateTable(
        context=item.context,
        reference_group=lay.reference.label,
        reference_code=lay.reference.code,
        groups=groups,
        total=total,
        exclusions=(*exclusions, *item.exclusions),
        warnings=tuple(dict.fromkeys(warnings)),
        rules=rules,
        breakdown=item.breakdown.name if item.breakdown else None,
        sections=tuple(sections),
        not_stated_share=share,
        no_rate_reason=item.no_rate_reason,
        hidden_may_be_zero=hidden_may_be_zero,
    )


def _column(
    item: RateInput, lay: _Layout, a: _Arrays, rules: Rules, c: int
) -> tuple[tuple[GroupRate, ...], GroupRate, tuple[Exclusion, ...]]:
    groups: list[GroupRate] = []
    total: GroupRate | None = None
    exclusions: list[Exclusion] = []
    ref_i = lay.at(lay.ref_row, c)
    ref_rate = clean(a.rate[ref_i]) if _rate_allowed(item, a, ref_i, rules) else None
    for r, (kind, _) in enumerate(lay.rows):
        i = lay.at(r, c)
        if kind in {"not_stated", "unrecorded"}:
            hidden = bool(a.status[i])
            reason = NOT_STATED_REASON if kind == "not_stated" else NOT_RECORDED_REASON
            exclusions.append(Exclusion(reason, None if hidden else int(a.count[i]), hidden))
            continue
        row = _row(item, lay, a, rules, r=r, c=c, ref_rate=ref_rate)
        if kind == "all":
            total = row
        else:
            groups.append(row)
    assert total is not None
    return tuple(groups), total, tuple(exclusions)


MONTH_GRAIN_NOTE = (
    "In months, quarters, calendar years and rolling 12 months, a group that has to be hidden in any "
    "month is hidden in all of them, even where it is zero, so that they cannot be subtracted from "
    "each other or from a financial year."
)


def hidden_warning(rules: Rules) -> str:
    """The one reason given for every hidden count, small or hidden to protect a small one."""
    return (
        f"Not published: either fewer than {rules.disclosure_threshold} searches, or hidden so that such a "
        "count cannot be worked out from the totals."
    )


def _rate_allowed(item: RateInput, a: _Arrays, i: int, rules: Rules) -> bool:
    return (
        item.no_rate_reason is None
        and a.status[i] == 0
        and a.count[i] >= rules.min_events_for_rate
        and bool(a.population[i] > 0)
    )


def _row(
    item: RateInput, lay: _Layout, a: _Arrays, rules: Rules, *, r: int, c: int, ref_rate: float | None
) -> GroupRate:
    """One group's figures in one column: the numbers from `a`, the reasons from the helpers below."""
    scheme = item.scheme
    kind, code = lay.rows[r]
    i = lay.at(r, c)
    is_ref = r == lay.ref_row
    label = "All" if kind == "all" else lay.reference.label if kind == "reference" else scheme.label(code)
    hidden = _STATUS[a.status[i]].hidden
    n = int(a.count[i])
    allowed = _rate_allowed(item, a, i, rules)
    ratio = clean(a.ratio[i])
    unreliable, caution = _reliability(a, rules, i, allowed=allowed, has_ratio=ratio is not None)
    warnings = (
        *((hidden_warning(rules),) if hidden else ()),
        *_rate_warnings(item, lay, a, rules, i=i, c=c, code=code, hidden=hidden, allowed=allowed),
        *(_ratio_warnings(a, rules, i) if allowed and not is_ref and kind != "all" and ratio is None else ()),
        *caution,
    )
    share = None
    if not hidden and kind != "all" and a.stated_total[i] > 0 and not a.unknown_hidden[i]:
        share = float(n / a.stated_total[i])
    pop = a.population[i]
    return GroupRate(
        group=label,
        code=code or "",
        searches=None if hidden else n,
        population=int(pop) if pop > 0 else None,
        rate_per_1000=clean(a.rate[i]) if allowed else None,
        rate_ci_low=clean(a.rate_low[i]) if allowed else None,
        rate_ci_high=clean(a.rate_high[i]) if allowed else None,
        share_of_stated=share,
        ratio=1.0 if is_ref and allowed else ratio,
        ratio_ci_low=clean(a.ratio_low[i]) if ratio is not None else None,
        ratio_ci_high=clean(a.ratio_high[i]) if ratio is not None else None,
        ratio_method=(
            (intervals.EXACT_CONDITIONAL if a.exact[i] else intervals.POISSON_LOG_WALD) if ratio is not None else None
        ),
        p_value=clean(a.p_value[i]) if ratio is not None else None,
        reference=is_ref,
        unreliable=unreliable,
        suppressed=hidden,
        sensitivity=_sensitivity(
            a,
            i,
            applies=allowed and kind != "all" and not is_ref,
            label=label,
            reference=lay.reference.label,
            scheme=scheme,
        ),
        warnings=warnings,
        reference_label=lay.reference.label,
        reference_rate=ref_rate,
        basis=scheme.basis,
        confidence=rules.confidence,
    )


def _rate_warnings(
    item: RateInput,
    lay: _Layout,
    a: _Arrays,
    rules: Rules,
    *,
    i: int,
    c: int,
    code: GroupKey,
    hidden: bool,
    allowed: bool,
) -> tuple[str, ...]:
    """Why a shown count has no rate, unless the whole table or section has none (said once, on the table)."""
    in_section = c < len(lay.columns) - 1
    if hidden or item.no_rate_reason is not None or allowed or (in_section and item.section_no_rate_reason):
        return ()
    if not a.population[i] > 0:
        return (item.missing_population_reasons.get(code or "", "No census population for this group."),)
    if a.count[i] < rules.min_events_for_rate:
        return (f"Fewer than {rules.min_events_for_rate} searches: no rate is given.",)
    return ()


def _ratio_warnings(a: _Arrays, rules: Rules, i: int) -> tuple[str, ...]:
    """Why a group with a rate has no ratio: it lies with the reference group."""
    j = a.ref_index[i]
    if a.status[j]:
        return ("The reference group's count is suppressed, so no ratio is given.",)
    if a.count[j] == 0:
        return ("Not calculable: there were no searches in the reference group.",)
    if a.count[j] < rules.min_events_for_rate:
        return (f"The reference group has fewer than {rules.min_events_for_rate} searches: no ratio.",)
    if not a.population[j] > 0:
        return ("The reference group has no census population: no ratio.",)
    return ()


def _reliability(a: _Arrays, rules: Rules, i: int, *, allowed: bool, has_ratio: bool) -> tuple[bool, tuple[str, ...]]:
    """Whether the rate or ratio rests on too few searches to trust, and the cautions that say so."""
    cautions = []
    unreliable = allowed and a.count[i] < rules.unreliable_below
    if unreliable:
        cautions.append(f"Fewer than {rules.unreliable_below} searches behind this rate: treat it as unreliable.")
    if has_ratio and a.count[a.ref_index[i]] < rules.unreliable_below:
        unreliable = True
        cautions.append(
            f"The reference group has fewer than {rules.unreliable_below} searches: treat the ratio as unreliable."
        )
    return bool(unreliable), tuple(cautions)


def _sensitivity(
    a: _Arrays, i: int, *, applies: bool, label: str, reference: str, scheme: Scheme
) -> Sensitivity | None:
    """Bounds on the ratio if the searches with unknown ethnicity were all of one side."""
    if not applies or a.unknown_hidden[i] or math.isnan(a.ratio[i]):
        return None
    j = int(a.ref_index[i])
    return Sensitivity.of(
        a=int(a.count[i]),
        n_g=float(a.population[i]),
        b=int(a.count[j]),
        n_r=float(a.population[j]),
        unknown=int(a.unknown[i]),
        group=label,
        reference=reference,
        basis=scheme.basis,
    )


def _with_reallocation(item: RateInput, lay: _Layout, groups: tuple[GroupRate, ...]) -> tuple[GroupRate, ...]:
    """Add the proportional-reallocation ratio (within strata) to each group's bounds."""
    assert item.strata is not None and item.populations is not None
    ref = lay.reference
    known = {*item.scheme.stated}
    adjusted = reallocate(item.strata, known=known, unknown={item.scheme.not_stated, None})
    ref_count = sum(adjusted.get(m, 0.0) for m in ref.members)
    ref_pop = sum(item.populations.get(m, 0) for m in ref.members)
    out = []
    for g in groups:
        if g.sensitivity is None or ref_count <= 0 or ref_pop <= 0 or not g.population:
            out.append(g)
            continue
        value = (adjusted.get(g.code, 0.0) / g.population) / (ref_count / ref_pop)
        out.append(_replace(g, sensitivity=g.sensitivity.with_reallocation(value)))
    return tuple(out)


def _replace(row: GroupRate, **changes: Any) -> GroupRate:
    from dataclasses import replace

    return replace(row, **changes)
