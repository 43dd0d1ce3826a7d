"""Relative rate indices across stages (METHODS.md §4): population -> search -> arrest ...

Each stage's index divides a group's rate at that stage, taken over the count at the stage
before, by the reference group's. For a linear pipeline the stage indices multiply exactly
to the population-based index at the last stage (the "telescoping" identity, test T5);
the arithmetic is done in exact fractions so that identity holds to the last digit.

`build_stage_tables` gives the whole table a page shows: each stage's index with its interval
(Poisson over residents, Katz over a stage, §4.2), the direction of advantage (an out-of-court
disposal is favourable), the pooled index over offence groups (Mantel-Haenszel), the flag rule
of §4.4 with "not assessable" where the numbers are too few, and the telescoping check.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from parity.analysis import intervals
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.reference.ethnicity import GROUP_LABELS, Group

_z = functools.cache(intervals.z_value)
_OFFENCES: dict[
    int, tuple[Mapping[tuple[str, str, str], int], dict[str, tuple[str, ...]]]
] = {}  # scipy's normal quantile costs more than a whole cell
STATED = tuple(g.value for g in (Group.WHITE, Group.BLACK, Group.ASIAN, Group.MIXED, Group.OTHER))


@dataclass(frozen=True)
class Stage:
    name: str  # e.g. "search", "arrest"
    counts: Mapping[str, int]  # group -> people or events reaching this stage


@dataclass(frozen=True)
class StageIndex:
    stage: str
    denominator: str  # the stage before, or "population"
    index: Fraction  # (group rate) / (reference rate)

    @property
    def value(self) -> float:
        return float(self.index)


def stage_indices(
    population: Mapping[str, int], stages: Sequence[Stage], *, group: str, reference: str
) -> list[StageIndex]:
    """The relative rate index of `group` against `reference` at each stage, exactly."""
    out = []
    before, before_name = population, "population"
    for stage in stages:
        for who in (group, reference):
            if before.get(who, 0) <= 0:
                raise ValueError(f"stage {stage.name}: {who} has no count at {before_name}, so no rate")
        ref_rate = Fraction(stage.counts.get(reference, 0), before[reference])
        if ref_rate == 0:
            raise ValueError(f"stage {stage.name}: the reference group {reference} has none, so no index")
        index = Fraction(stage.counts.get(group, 0), before[group]) / ref_rate
        out.append(StageIndex(stage.name, before_name, index))
        before, before_name = stage.counts, stage.name
    return out


def population_index(population: Mapping[str, int], stage: Stage, *, group: str, reference: str) -> Fraction:
    """The index at one stage taken straight over the population (the cumulative index)."""
    return Fraction(stage.counts[group], population[group]) / Fraction(stage.counts[reference], population[reference])


# --- the stage table: every stage's index with its interval, direction and flag -----------

POPULATION = "population"
FLAG_HIGH = 1.25  # METHODS.md §4.4 rule 1, for an adverse outcome (the 4/5ths band's upper end)
FLAG_LOW = 0.8  # ... and for a favourable one
FLAG_MIN_COUNT = 10  # §4.4 rule 3: the numerator at least 10
FLAG_MIN_SHARE = 0.01  # ... and the group at least 1% of the base
FLAGGED, NOT_FLAGGED, NOT_ASSESSABLE, REFERENCE = "flagged", "not flagged", "not assessable", "reference"


@dataclass(frozen=True)
class StageSpec:
    """One decision point: its name, whether a higher rate is good for the person, and its base."""

    name: str
    label: str
    favourable: bool = False  # an out-of-court disposal is the favourable outcome: an index below 1 is adverse
    over: str | None = None  # the stage its rate is taken over; None: the stage before it (population first)


@dataclass(frozen=True)
class StageInput:
    """Counts for one area and period: residents, then each stage's count by group.

    `strata` holds the same counts by offence group, (stage, offence group, group) -> count,
    for the pooled (Mantel-Haenszel) index; stages without them have no pooled index."""

    context: Context
    population: Mapping[str, int]
    stages: Sequence[StageSpec]
    counts: Mapping[tuple[str, str], int]  # (stage, group) -> people or cases
    strata: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    reference: str = Group.WHITE.value
    groups: tuple[str, ...] = STATED
    residents: bool = True  # the base is residents (Poisson); False: a count of cases, each once (Katz)


@dataclass(frozen=True)
class Pooled:
    """The index pooled over offence groups (Mantel-Haenszel), with Greenland-Robins's interval."""

    index: float | None
    ci_low: float | None
    ci_high: float | None
    strata: int

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "ci_low": self.ci_low, "ci_high": self.ci_high, "strata": self.strata}


@dataclass(frozen=True)
class StageCell:
    """One group at one stage. None means not given; `reason` says why."""

    stage: str
    group: str
    label: str
    count: int | None
    base: int | None  # the count at the stage before (or residents)
    rate: float | None  # count / base
    index: float | None  # rate / the reference group's rate
    ci_low: float | None
    ci_high: float | None
    method: str | None
    per_100: int | None  # "for every 100 White people, N ..."
    direction: str | None  # "adverse", "favourable" or "even": what the index means for the group
    assessment: str  # flagged, not flagged, not assessable, reference
    reason: str
    suppressed: bool
    pooled: Pooled | None = None

    @property
    def statement(self) -> str:
        """The index in words, as the Lammy Review put it; or why there is none."""
        if self.assessment == REFERENCE:
            return f"{self.label} is the group the others are compared with."
        if self.per_100 is None:
            return f"{self.label}: {self.reason}"
        return f"For every 100 White people, {self.per_100} {self.label} people."

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "group": self.label,
            "code": self.group,
            "count": self.count,
            "base": self.base,
            "rate": self.rate,
            "index": self.index,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "method": self.method,
            "per_100": self.per_100,
            "direction": self.direction,
            "assessment": self.assessment,
            "reason": self.reason,
            "suppressed": self.suppressed,
            "pooled": self.pooled.as_dict() if self.pooled else None,
            "statement": self.statement,
        }


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    over: str
    favourable: bool
    cells: tuple[StageCell, ...]

    def cell(self, group: str) -> StageCell:
        return next(c for c in self.cells if group in {c.group, c.label.lower(), c.label})

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "label": self.label,
            "over": self.over,
            "favourable": self.favourable,
            "groups": [c.as_dict() for c in self.cells],
        }


@dataclass(frozen=True)
class Telescope:
    """Along the chain of stages, each over the one before, the indices multiply to the index over residents."""

    group: str
    chain: tuple[str, ...]  # the stages multiplied, from the first over residents to the last
    product: float | None
    cumulative: float | None
    holds: bool | None  # None: not checked (figures withheld, or none to multiply)

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "chain": list(self.chain),
            "product": self.product,
            "cumulative": self.cumulative,
            "holds": self.holds,
        }


@dataclass(frozen=True)
class StageTable:
    context: Context
    reference: str
    rows: tuple[StageRow, ...]
    telescoping: tuple[Telescope, ...]
    warnings: tuple[str, ...]
    rules: Rules

    def row(self, stage: str) -> StageRow:
        return next(r for r in self.rows if r.stage == stage)

    def as_dict(self) -> dict[str, Any]:
        head = self.context.head()
        return {
            "force": head["force"],
            "force_name": head["force_name"],
            "period": head["period"],
            "census_year": head["census_year"],
            "reference_group": GROUP_LABELS[Group(self.reference)],
            "stages": [r.as_dict() for r in self.rows],
            "telescoping": [t.as_dict() for t in self.telescoping],
            "warnings": list(self.warnings),
            "flag_rule": FLAG_RULE,
            "rules": self.rules.as_dict(),
        }


FLAG_RULE = (
    f"A stage is flagged when the index is at least {FLAG_HIGH} (at most {FLAG_LOW} for a favourable outcome), "
    f"its 95% interval leaves out 1, at least {FLAG_MIN_COUNT} people in the group reached the stage and the group "
    f"is at least {FLAG_MIN_SHARE:.0%} of those at the stage before; without enough people it is not assessable."
)


def _bases(item: StageInput) -> list[tuple[StageSpec, str]]:
    """Each stage with the name of the stage its rate is taken over."""
    out, before = [], POPULATION
    names = {s.name for s in item.stages}
    for spec in item.stages:
        over = spec.over or before
        if over != POPULATION and over not in names:
            raise ValueError(f"stage {spec.name}: no stage {over!r} to take its rate over")
        out.append((spec, over))
        before = spec.name
    return out


def _count(item: StageInput, stage: str, group: str) -> int:
    if stage == POPULATION:
        return int(item.population.get(group, 0))
    return int(item.counts.get((stage, group), 0))


def build_stage_tables(inputs: Sequence[StageInput], rules: Rules | None = None) -> list[StageTable]:
    """Stage tables for many areas and periods, every interval computed in one vectorised pass."""
    rules = rules or Rules()
    cells: list[tuple[int, StageSpec, str, str]] = []  # (input, stage, over, group)
    a, n_g, b, n_r, poisson = [], [], [], [], []
    for i, item in enumerate(inputs):
        for spec, over in _bases(item):
            for group in item.groups:
                cells.append((i, spec, over, group))
                a.append(_count(item, spec.name, group))
                n_g.append(_count(item, over, group))
                b.append(_count(item, spec.name, item.reference))
                n_r.append(_count(item, over, item.reference))
                poisson.append(over == POPULATION and item.residents)
    ratio, low, high, method = _intervals(
        np.array(a, float),
        np.array(n_g, float),
        np.array(b, float),
        np.array(n_r, float),
        poisson=np.array(poisson, bool),
        rules=rules,
    )
    # plain floats: numpy's per-element cost would outweigh the arithmetic, cell by cell
    ratios, lows, highs = ratio.tolist(), low.tolist(), high.tolist()
    by_input: dict[int, dict[str, list[StageCell]]] = {}
    totals: dict[tuple[int, str], int] = {}
    offences: dict[int, dict[str, tuple[str, ...]]] = {}
    for k, (i, spec, over, group) in enumerate(cells):
        item = inputs[i]
        if i not in offences:
            offences[i] = _offences(item)
        if (i, over) not in totals:
            totals[(i, over)] = sum(_count(item, over, g) for g in item.groups)
        base_total = totals[(i, over)]
        cell = _cell(
            item,
            spec,
            over=over,
            group=group,
            k=k,
            arrays=(a, n_g, ratios, lows, highs, method),
            base_total=base_total,
            offences=offences[i],
            rules=rules,
        )
        by_input.setdefault(i, {}).setdefault(spec.name, []).append(cell)
    return [_table(item, by_input.get(i, {}), rules) for i, item in enumerate(inputs)]


def stage_table(item: StageInput, rules: Rules | None = None) -> StageTable:
    """One area's stage table; see `build_stage_tables`."""
    return build_stage_tables([item], rules)[0]


def _intervals(
    a: NDArray[np.float64],
    n_g: NDArray[np.float64],
    b: NDArray[np.float64],
    n_r: NDArray[np.float64],
    *,
    poisson: NDArray[np.bool_],
    rules: Rules,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], list[str | None]]:
    """Over residents: Poisson (exact conditional for small counts); over a stage: Katz (§4.2)."""
    ratio = np.full(a.shape, np.nan)
    low, high = ratio.copy(), ratio.copy()
    method: list[str | None] = [None] * len(a)
    ok = (n_g > 0) & (n_r > 0) & (b > 0)
    if (ok & poisson).any():
        m = ok & poisson
        out = intervals.rate_ratios(
            a[m], n_g[m], b[m], n_r[m], exact_below=rules.exact_below, confidence=rules.confidence, p_values=False
        )
        ratio[m], low[m], high[m] = out.ratio, out.low, out.high
        for j, exact in zip(np.flatnonzero(m), out.exact, strict=True):
            method[j] = intervals.EXACT_CONDITIONAL if exact else intervals.POISSON_LOG_WALD
    if (ok & ~poisson).any():
        m = ok & ~poisson
        ratio[m], low[m], high[m] = intervals.katz_log(a[m], n_g[m], b[m], n_r[m], confidence=rules.confidence)
        for j in np.flatnonzero(m):
            method[j] = intervals.KATZ_LOG
    return ratio, low, high, method


def _cell(
    item: StageInput,
    spec: StageSpec,
    *,
    over: str,
    group: str,
    k: int,
    arrays: tuple[Any, ...],
    base_total: int,
    offences: Mapping[str, tuple[str, ...]],
    rules: Rules,
) -> StageCell:
    a, n_g, ratio, low, high, method = arrays
    count, base = int(a[k]), int(n_g[k])
    label = GROUP_LABELS[Group(group)]
    small = rules.disclosure_threshold
    hidden = 0 < count < small or (over != POPULATION and 0 < base < small)
    index = None if math.isnan(ratio[k]) or hidden else ratio[k]
    lo = None if index is None or math.isnan(low[k]) else low[k]
    hi = None if index is None or math.isnan(high[k]) else high[k]
    rate = count / base if base > 0 and not hidden else None
    if group == item.reference:
        assessment, reason = REFERENCE, "the reference group"
        index, lo, hi = (1.0, None, None) if rate else (None, None, None)
    else:
        assessment, reason = _assess(
            spec, count=count, base=base, base_total=base_total, index=index, lo=lo, hi=hi, hidden=hidden
        )
    direction = None
    if index is not None and group != item.reference:
        better = index > 1 if spec.favourable else index < 1
        direction = "even" if index == 1 else "favourable" if better else "adverse"
    return StageCell(
        stage=spec.name,
        group=group,
        label=label,
        count=None if hidden else count,
        base=None if hidden else base,
        rate=rate,
        index=index,
        ci_low=lo,
        ci_high=hi,
        method=None if index is None or group == item.reference else method[k],
        per_100=None if index is None else _per_100(item, spec.name, over, group),
        direction=direction,
        assessment=assessment,
        reason=reason,
        suppressed=hidden,
        pooled=None if hidden or group == item.reference else _pooled(item, spec.name, over, group, offences),
    )


def _per_100(item: StageInput, stage: str, over: str, group: str) -> int:
    """100 x the index, rounded half up exactly, in whole numbers (87.5 is 88, never 87.4999...)."""
    a, n1 = _count(item, stage, group), _count(item, over, group)
    b, n0 = _count(item, stage, item.reference), _count(item, over, item.reference)
    return (200 * a * n0 + n1 * b) // (2 * n1 * b)


def _assess(
    spec: StageSpec,
    *,
    count: int,
    base: int,
    base_total: int,
    index: float | None,
    lo: float | None,
    hi: float | None,
    hidden: bool,
) -> tuple[str, str]:
    """The flag rule of METHODS.md §4.4, or why the stage cannot be assessed for the group."""
    if hidden:
        return NOT_ASSESSABLE, "too few people to show"
    if base <= 0:
        return NOT_ASSESSABLE, "no one in the group at the stage before"
    if index is None:
        return NOT_ASSESSABLE, "no one in the White group at this stage or the one before, so no comparison"
    if count < FLAG_MIN_COUNT:
        return NOT_ASSESSABLE, f"fewer than {FLAG_MIN_COUNT} people in the group reached this stage"
    if base_total and base / base_total < FLAG_MIN_SHARE:
        return NOT_ASSESSABLE, f"the group is under {FLAG_MIN_SHARE:.0%} of those at the stage before"
    if lo is None or hi is None:
        return NOT_ASSESSABLE, "no interval can be given"
    if spec.favourable and index <= FLAG_LOW and hi < 1:
        return FLAGGED, "less likely to receive this favourable outcome, beyond chance and the 4/5ths band"
    if not spec.favourable and index >= FLAG_HIGH and lo > 1:
        return FLAGGED, "more likely to reach this stage, beyond chance and the 4/5ths band"
    return NOT_FLAGGED, "within the band, or the interval includes no difference"


def _offences(item: StageInput) -> dict[str, tuple[str, ...]]:
    """Offence groups held for each stage (worked out once per input, not once per cell)."""
    by_stage: dict[str, set[str]] = {}
    for s, o in {key[:2] for key in item.strata}:
        by_stage.setdefault(s, set()).add(o)
    return {s: tuple(sorted(o)) for s, o in by_stage.items()}


def _pooled(
    item: StageInput, stage: str, over: str, group: str, by_stage: Mapping[str, tuple[str, ...]]
) -> Pooled | None:
    """Mantel-Haenszel risk ratio over offence groups, Greenland-Robins variance of its log.

    Plain Python over the few strata: numpy's per-call cost would dominate at this size."""
    if not item.strata or over == POPULATION:
        return None
    offences = by_stage.get(stage, ())
    if not offences or over not in by_stage:
        return None
    get = item.strata.get
    ref = item.reference
    top = bottom = var_top = 0.0
    used = 0
    for o in offences:
        n1, n0 = get((over, o, group), 0), get((over, o, ref), 0)
        if n1 <= 0 or n0 <= 0:
            continue
        a, b = get((stage, o, group), 0), get((stage, o, ref), 0)
        used += 1
        n = n1 + n0
        top += a * n0 / n
        bottom += b * n1 / n
        var_top += (n1 * n0 * (a + b) - a * b * n) / (n * n)
    if top == 0 or bottom == 0:
        return Pooled(None, None, None, used)
    rr = top / bottom
    z = _z(0.95) * math.sqrt(max(var_top / (top * bottom), 0.0))
    return Pooled(rr, rr * math.exp(-z), rr * math.exp(z), used)


def _table(item: StageInput, cells: Mapping[str, list[StageCell]], rules: Rules) -> StageTable:
    bases = _bases(item)
    rows = tuple(
        StageRow(spec.name, spec.label, over, spec.favourable, tuple(cells.get(spec.name, ()))) for spec, over in bases
    )
    chain = _chain(bases)
    held = {(r.stage, c.group): c for r in rows for c in r.cells}
    telescopes = tuple(_telescope(item, g, chain, held) for g in item.groups if g != item.reference)
    return StageTable(item.context, item.reference, rows, telescopes, (), rules)


def _chain(bases: list[tuple[StageSpec, str]]) -> tuple[str, ...]:
    """The stages from the population to the last stage, following each stage's base back."""
    over = {spec.name: base for spec, base in bases}
    path = [bases[-1][0].name] if bases else []
    while path and over[path[-1]] != POPULATION:
        path.append(over[path[-1]])
    return tuple(reversed(path))


def _telescope(
    item: StageInput, group: str, chain: tuple[str, ...], held: Mapping[tuple[str, str], StageCell]
) -> Telescope:
    """The product of the indices along the chain against the index over residents, in whole numbers.

    Each index is (a n0) / (n1 b); the product's numerator and denominator are products of
    whole numbers, so equality is checked exactly (as `stage_indices` does in fractions)."""
    label = GROUP_LABELS[Group(group)]
    cells = [held.get((s, group)) for s in chain]
    if not chain or any(c is None or c.index is None or c.suppressed for c in cells):
        return Telescope(label, chain, None, None, None)
    ref = item.reference
    top = bottom = 1
    before = POPULATION
    for stage in chain:
        top *= _count(item, stage, group) * _count(item, before, ref)
        bottom *= _count(item, before, group) * _count(item, stage, ref)
        before = stage
    last = chain[-1]
    cum_top = _count(item, last, group) * _count(item, POPULATION, ref)
    cum_bottom = _count(item, POPULATION, group) * _count(item, last, ref)
    if not (bottom and cum_bottom):
        return Telescope(label, chain, None, None, None)
    return Telescope(label, chain, top / bottom, cum_top / cum_bottom, top * cum_bottom == cum_top * bottom)


# --- out-of-court disposal against charge, children apart --------------------------------

CHILDREN, ADULTS = "children", "adults"
AGE_LABELS = {CHILDREN: "Children (10 to 17)", ADULTS: "Adults (18 and over)"}


@dataclass(frozen=True)
class DisposalSplit:
    """Of those charged or given an out-of-court disposal, how many had the disposal, by group and age."""

    context: Context
    ages: tuple[tuple[str, StageTable], ...]  # (age key, its one-stage table)
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.context.force,
            "force_name": self.context.force_name,
            "period": self.context.period,
            "ages": [
                {"age": key, "label": AGE_LABELS[key], "groups": [c.as_dict() for c in table.rows[0].cells]}
                for key, table in self.ages
            ],
            "flag_rule": FLAG_RULE,
            "warnings": list(self.warnings),
        }


def disposal_split(
    context: Context,
    counts: Mapping[tuple[str, str, str], int],
    *,
    rules: Rules | None = None,
    warnings: Sequence[str] = (),
) -> DisposalSplit:
    """`counts`: (age key, group, "charge" or "out_of_court") -> people. Katz over those decided."""
    spec = StageSpec("out_of_court", "Out-of-court disposal rather than charge", favourable=True)
    inputs = []
    keys = [k for k in (CHILDREN, ADULTS) if any(a == k for a, _, _ in counts)]
    for age in keys:
        decided = {g: counts.get((age, g, "charge"), 0) + counts.get((age, g, "out_of_court"), 0) for g in STATED}
        inputs.append(
            StageInput(
                context,
                decided,
                (spec,),
                {("out_of_court", g): counts.get((age, g, "out_of_court"), 0) for g in STATED},
                residents=False,
            )
        )
    tables = build_stage_tables(inputs, rules)
    return DisposalSplit(context, tuple(zip(keys, tables, strict=True)), tuple(warnings))
