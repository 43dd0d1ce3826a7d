"""Strip searches: searches that removed more than outer clothing, by ethnic group and age.

data.police.uk records "removal of more than just outer clothing" for each search. Here,
for each group and age band, the share of person searches (where the field is recorded)
that went that far, with its interval and its ratio to the reference group's share; and,
over all ages, strip searches per 1,000 residents with a Poisson ratio. Children (under 18:
the "under 10" and "10 to 17" bands) are reported separately, because a strip search of a
child is the gravest case; there is no census population by ethnicity and age, so children
get shares of searches, not rates per resident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parity.analysis import intervals, statements
from parity.analysis.groups import Scheme
from parity.analysis.protection import Cells, Status
from parity.analysis.results import Context, Exclusion, Proportion, clean, find_group
from parity.analysis.rules import Rules
from parity.reference.vocab import AGE_BAND_ORDER, AGE_BANDS, CHILD_AGE_BANDS

CHILDREN = "under-18"
ALL_AGES = "all"
AGE_LABELS: dict[str | None, str] = {
    **{t.code: t.label for t in AGE_BANDS.values()},
    None: "Age not recorded",
    CHILDREN: "Children (under 18)",
    ALL_AGES: "All ages",
}
WHAT = "involved removing more than outer clothing"


@dataclass(frozen=True)
class StripInputs:
    context: Context
    scheme: Scheme
    reference: str
    counts: Mapping[tuple[str | None, str | None], Mapping[str, int]]  # (group, age) -> strips, strip_known
    populations: Mapping[str, int] | None = None
    no_rate_reason: str | None = None
    exclusions: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    unavailable: str | None = None  # why no strip-search figure can be given at all


@dataclass(frozen=True)
class StripGroup:
    group: str
    code: str
    by_age: tuple[tuple[str | None, Proportion], ...]  # (age band, share of searches)
    children: Proportion
    all_ages: Proportion
    per_1000: float | None
    per_1000_ratio: float | None
    per_1000_ratio_ci_low: float | None
    per_1000_ratio_ci_high: float | None
    reference: bool
    warnings: tuple[str, ...]
    basis: str = field(default="self-defined", repr=False)
    confidence: float = field(default=0.95, repr=False)

    @property
    def statement(self) -> str:
        p = self.all_ages
        if p.share is None:
            return f"{self.group}: no strip-search figure can be given."
        text = statements.proportion_statement(
            group=self.group,
            what=WHAT,
            share=p.share,
            low=p.ci_low,
            high=p.ci_high,
            confidence=self.confidence,
            basis=self.basis,  # type: ignore[arg-type]
        )
        if self.children.share is not None and self.children.count:
            text += f" For children the share was {statements.percent(self.children.share)}."
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "all_ages": self.all_ages.as_dict(),
            "children": self.children.as_dict(),
            "by_age": [{"age": age, "label": AGE_LABELS[age], **p.as_dict()} for age, p in self.by_age],
            "strip_searches_per_1000": self.per_1000,
            "per_1000_ratio": self.per_1000_ratio,
            "per_1000_ratio_ci_low": self.per_1000_ratio_ci_low,
            "per_1000_ratio_ci_high": self.per_1000_ratio_ci_high,
            "reference": self.reference,
            "statement": self.statement,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class StripSearches:
    context: Context
    reference_group: str
    groups: tuple[StripGroup, ...]
    total: StripGroup
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules

    def group(self, code_or_label: str) -> StripGroup:
        return find_group(self.groups, code_or_label)

    @property
    def children(self) -> tuple[tuple[str, Proportion], ...]:
        """The children's view: each group's share of searches of under-18s that were strip searches."""
        return tuple((g.group, g.children) for g in (*self.groups, self.total))

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.context.head(),
            "reference_group": self.reference_group,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "children": [{"group": name, **p.as_dict()} for name, p in self.children],
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "definition": (
                "Share of person searches (where the field is recorded) that involved removing more than outer "
                "clothing; children are the under-10 and 10-to-17 age bands."
            ),
            "method": {
                "proportion_interval": f"Wilson score; Clopper-Pearson where a count is below {self.rules.exact_below}",
                "ratio_interval": (
                    "Katz log method for shares; Poisson (log-Wald or exact) for rates per 1,000 residents"
                ),
                "confidence": self.rules.confidence,
                "protection": self.rules.describe(),
            },
            "rules": self.rules.as_dict(),
        }


COLUMNS: tuple[str | None, ...] = (*AGE_BAND_ORDER, None, CHILDREN, ALL_AGES)


def _protect(rows: list[str | None], item: StripInputs, threshold: int) -> dict[Any, Status]:
    cells = Cells()
    bands: tuple[str | None, ...] = (*AGE_BAND_ORDER, None)
    for row in [*rows, ALL_AGES]:
        tier = 2 if row == ALL_AGES else None  # the row of every group: hidden last
        for col in COLUMNS:
            for name in ("strips", "strip_known"):
                cells.add((row, col, name), _value(item, rows, row, col, name), tier=tier)
            cells.add(
                (row, col, "not_strip"),
                cells.value((row, col, "strip_known")) - cells.value((row, col, "strips")),
                tier=tier,
            )
            cells.line((row, col, "strip_known"), [(row, col, "strips"), (row, col, "not_strip")])
        for name in ("strips", "strip_known", "not_strip"):
            cells.line((row, ALL_AGES, name), [(row, b, name) for b in bands])
            cells.line((row, CHILDREN, name), [(row, b, name) for b in AGE_BAND_ORDER if b in CHILD_AGE_BANDS])
    for col in COLUMNS:
        for name in ("strips", "strip_known", "not_strip"):
            cells.line((ALL_AGES, col, name), [(r, col, name) for r in rows])
    return cells.protect(threshold)


def _value(item: StripInputs, rows: list[str | None], row: str | None, col: str | None, name: str) -> int:
    groups = rows if row == ALL_AGES else [row]
    if col == ALL_AGES:
        ages: tuple[str | None, ...] = (*AGE_BAND_ORDER, None)
    elif col == CHILDREN:
        ages = tuple(b for b in AGE_BAND_ORDER if b in CHILD_AGE_BANDS)
    else:
        ages = (col,)
    return sum(item.counts.get((g, a), {}).get(name, 0) for g in groups for a in ages)


class _Builder:
    """Shares and rates for each cell, reading only what protection leaves shown."""

    def __init__(self, item: StripInputs, rules: Rules) -> None:
        self.item, self.rules, self.scheme = item, rules, item.scheme
        self.ref = item.scheme.reference(item.reference)
        if self.ref.aggregate:
            raise ValueError("strip searches compare table rows; choose a detailed group or use 5+1 groups")
        self.rows: list[str | None] = [*self.scheme.stated, self.scheme.not_stated, None]
        self.status = _protect(self.rows, item, rules.disclosure_threshold)

    def value(self, row: str | None, col: str | None, name: str) -> int:
        return _value(self.item, self.rows, row, col, name)

    def hidden(self, row: str | None, col: str | None) -> bool:
        return any(self.status[(row, col, n)] is not Status.SHOWN for n in ("strips", "strip_known", "not_strip"))

    def share(self, row: str | None, col: str | None) -> Proportion:
        rules = self.rules
        if self.item.unavailable:
            return _empty(self.item.unavailable)
        if self.hidden(row, col):
            return _empty(_HIDDEN, suppressed=True)
        k, n = self.value(row, col, "strips"), self.value(row, col, "strip_known")
        if n < rules.min_events_for_rate:
            return _empty(
                f"Fewer than {rules.min_events_for_rate} searches with this recorded: no share is given.", k, n
            )
        low, high, exact = intervals.proportion_limits(
            [k], [n], exact_below=rules.exact_below, confidence=rules.confidence
        )
        ratio, notes = self._ratio(row, col, k, n)
        unreliable = k < rules.unreliable_below
        if unreliable and k:
            notes.append(
                f"Fewer than {rules.unreliable_below} strip searches behind this figure: treat it as unreliable."
            )
        method = "clopper-pearson" if exact[0] else "wilson"
        return Proportion(k, n, k / n, clean(low[0]), clean(high[0]), method, *ratio, unreliable, False, tuple(notes))

    def _ratio(
        self, row: str | None, col: str | None, k: int, n: int
    ) -> tuple[tuple[float | None, float | None, float | None], list[str]]:
        ref = self.ref.code
        if row in (ref, ALL_AGES):
            return (None, None, None), []
        rk, rn = self.value(ref, col, "strips"), self.value(ref, col, "strip_known")
        if self.hidden(ref, col) or rn < self.rules.min_events_for_rate or rk == 0:
            return (None, None, None), ["No ratio: the reference group's share is not available or is zero."]
        rr, lo, hi = intervals.katz_log([k], [n], [rk], [rn], confidence=self.rules.confidence)
        return (clean(rr[0]), clean(lo[0]), clean(hi[0])), []

    def per_1000(self, row: str | None) -> tuple[float | None, float | None, float | None, float | None]:
        """Strip searches per 1,000 residents (all ages), and the Poisson ratio to the reference."""
        item, rules, ref = self.item, self.rules, self.ref.code
        pops = item.populations if item.no_rate_reason is None and not item.unavailable else None
        key = "all" if row == ALL_AGES else row or ""
        if pops is None or key not in pops or self.hidden(row, ALL_AGES):
            return None, None, None, None
        k = self.value(row, ALL_AGES, "strips")
        if k < rules.min_events_for_rate:
            return None, None, None, None
        rate = 1000 * k / pops[key]
        rk = self.value(ref, ALL_AGES, "strips")
        if row in (ref, ALL_AGES) or ref not in pops or self.hidden(ref, ALL_AGES) or rk < rules.min_events_for_rate:
            return rate, None, None, None
        est = intervals.rate_ratio(
            k, pops[key], rk, pops[ref], exact_below=rules.exact_below, confidence=rules.confidence
        )
        return rate, est.ratio, est.low, est.high

    def group(self, row: str | None) -> StripGroup:
        rate, ratio, low, high = self.per_1000(row)
        return StripGroup(
            group="All" if row == ALL_AGES else self.scheme.label(row),
            code=row or "",
            by_age=tuple((age, self.share(row, age)) for age in (*AGE_BAND_ORDER, None)),
            children=self.share(row, CHILDREN),
            all_ages=self.share(row, ALL_AGES),
            per_1000=rate,
            per_1000_ratio=ratio,
            per_1000_ratio_ci_low=low,
            per_1000_ratio_ci_high=high,
            reference=row == self.ref.code,
            warnings=(),
            basis=self.scheme.basis,
            confidence=self.rules.confidence,
        )


def _empty(
    note: str, count: int | None = None, denominator: int | None = None, *, suppressed: bool = False
) -> Proportion:
    return Proportion(count, denominator, None, None, None, None, None, None, None, False, suppressed, (note,))


def strip_searches(item: StripInputs, rules: Rules | None = None) -> StripSearches:
    """Strip searches by group and age, protected, with intervals and ratios."""
    rules = rules or Rules()
    build = _Builder(item, rules)
    warnings = [*item.warnings]
    if item.unavailable:
        warnings.append(item.unavailable)
    elif item.no_rate_reason:
        warnings.append(item.no_rate_reason)
    unknown = []
    for row, reason in ((item.scheme.not_stated, "Ethnicity not stated"), (None, "Ethnicity not recorded")):
        is_hidden = build.hidden(row, ALL_AGES)
        count = None if is_hidden else build.value(row, ALL_AGES, "strip_known")
        unknown.append(Exclusion(reason, count, is_hidden))
    return StripSearches(
        context=item.context,
        reference_group=build.ref.label,
        groups=tuple(build.group(code) for code in item.scheme.stated),
        total=build.group(ALL_AGES),
        exclusions=(*unknown, *item.exclusions),
        warnings=tuple(dict.fromkeys(warnings)),
        rules=rules,
    )


_HIDDEN = "Suppressed: too few searches to show without risk of identifying someone."
