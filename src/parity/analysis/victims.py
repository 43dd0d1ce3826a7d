"""How victims of each ethnic group are kept informed, told the outcome and satisfied
(METHODS.md §8 and §3).

Counts in, result objects out. Each share is a `Proportion` of the victims it applies to, with
a Wilson interval (Clopper-Pearson when small), and its gap to White victims: the difference
in percentage points with Newcombe's interval and a test of no difference (Fisher's exact test
when small, else the two-proportion z-test). A share is "not assessable" when fewer than
`MIN_VICTIMS` victims (or, for survey questions, `MIN_RESPONDENTS` respondents, the Ethnicity
facts and figures rule for survey measures) are behind it: the count is still given, subject
to small-number protection, but no share, interval or gap.

Survey answers carry weights when the force's survey has them; then a share is weighted and
its interval and test use Kish's effective sample size, (sum of weights)^2 / sum of squared
weights, since a weighted sample says less than its raw count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

import numpy as np
from scipy import stats

from parity.analysis import intervals
from parity.analysis.feedback import ALL, ROWS, protect_shares
from parity.analysis.protection import Cells, Status
from parity.analysis.results import Proportion, clean
from parity.analysis.rules import Rules
from parity.reference import ethnicity

REFERENCE = ethnicity.Group.WHITE.value
MIN_VICTIMS = 10
MIN_RESPONDENTS = 50
OUTCOME_CLASSES = ("charged", "out_of_court", "nothing_further", "other_body", "open")
RECORD_MEASURES: tuple[tuple[str, str], ...] = (
    ("kept_informed_on_time", "Given their first update on time"),
    ("told_outcome", "Told the outcome of their crime"),
    ("told_nothing_further", "Told when nothing further could be done"),
)


@dataclass(frozen=True)
class VictimCase:
    """One victim, as the measures need them; the glue turns a stored record into this.

    `outcome_class` is one of OUTCOME_CLASSES; `answers` maps each survey question to True
    (very or fairly satisfied), False (any other answer) or None (not answered).
    """

    group: str  # 5+1 value or not_stated
    reported: date
    first_update_due: date | None
    first_update_made: date | None
    outcome_class: str
    outcome_date: date | None
    outcome_notified: date | None
    hate_strand: str  # "" when not a hate crime
    answers: Mapping[str, bool | None]
    weight: float | None = None


@dataclass(frozen=True)
class Gap:
    """A group's share minus White victims' share, with its interval and test."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    test: str

    @property
    def significant(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "difference": self.difference,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "test": self.test,
            "significant": self.significant,
        }


@dataclass(frozen=True)
class GroupShare:
    group: str
    label: str
    share: Proportion
    assessable: bool
    gap: Gap | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "assessable": self.assessable,
            **self.share.as_dict(),
            "gap_to_white": self.gap.as_dict() if self.gap else None,
        }


@dataclass(frozen=True)
class ShareMeasure:
    name: str
    label: str
    groups: tuple[GroupShare, ...]
    total: GroupShare
    weighted: bool
    minimum: int

    def group(self, name: str) -> GroupShare:
        for row in (*self.groups, self.total):
            if name.lower() in {row.group, row.label.lower()}:
                return row
        raise KeyError(f"no group {name!r}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.name,
            "label": self.label,
            "weighted": self.weighted,
            "minimum": self.minimum,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
        }


@dataclass(frozen=True)
class GroupDays:
    group: str
    label: str
    victims: int | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    gap_days: float | None
    p_value: float | None
    assessable: bool
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "victims": self.victims,
            "median_days": self.median,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "gap_to_white_days": self.gap_days,
            "p_value": self.p_value,
            "test": "mann-whitney-u" if self.p_value is not None else None,
            "assessable": self.assessable,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class HateRow:
    strand: str
    crimes: int | None
    outcomes: tuple[tuple[str, int | None], ...]
    charged: Proportion

    def as_dict(self) -> dict[str, Any]:
        return {
            "strand": self.strand,
            "crimes": self.crimes,
            "outcomes": dict(self.outcomes),
            "charged_share_of_finalised": self.charged.as_dict(),
        }


@dataclass(frozen=True)
class VictimMeasures:
    as_at: date
    victims: int
    records: tuple[ShareMeasure, ...]
    days_to_first_update: tuple[GroupDays, ...]
    satisfaction: tuple[ShareMeasure, ...]
    hate: tuple[HateRow, ...]
    rules: Rules

    def measure(self, name: str) -> ShareMeasure:
        for m in (*self.records, *self.satisfaction):
            if m.name == name:
                return m
        raise KeyError(f"no measure {name!r}")

    def days(self, group: str) -> GroupDays:
        return next(d for d in self.days_to_first_update if group.lower() in {d.group, d.label.lower()})

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "victims-by-ethnicity",
            "ethnicity": "self-defined",
            "classification": "5+1",
            "reference": REFERENCE,
            "as_at": self.as_at.isoformat(),
            "records": [m.as_dict() for m in self.records],
            "days_to_first_update": [d.as_dict() for d in self.days_to_first_update],
            "satisfaction": [m.as_dict() for m in self.satisfaction],
            "hate_crime": [h.as_dict() for h in self.hate],
            "method": {
                "share": "victims for whom it happened / victims it applies to; Wilson score interval "
                f"(Clopper-Pearson where a count is below {self.rules.exact_below}); weighted survey shares "
                "use Kish's effective sample size",
                "gap": "share minus White victims' share; Newcombe hybrid score interval; Fisher's exact test "
                "when a count is small, else the two-proportion z-test",
                "days": "median days from report to first update, order-statistic interval; Mann-Whitney U test "
                "against White victims",
                "not_assessable": f"fewer than {MIN_VICTIMS} victims, or {MIN_RESPONDENTS} survey respondents",
                "protection": self.rules.describe(),
            },
            "rules": self.rules.as_dict(),
        }


def _label(row: str) -> str:
    return "Everyone" if row == ALL else ethnicity.Group(row).label


def _hidden(reason: str = "Suppressed: too few victims.") -> Proportion:
    return Proportion(None, None, None, None, None, None, None, None, None, False, True, (reason,))


def _share(yes: float, answered: float, *, count: int, denominator: int, rules: Rules, method: str) -> Proportion:
    low, high, exact = intervals.proportion_limits(
        [yes], [answered], exact_below=rules.exact_below if method != "weighted" else 0, confidence=rules.confidence
    )
    unreliable = denominator < rules.unreliable_below
    return Proportion(
        count=count,
        denominator=denominator,
        share=yes / answered,
        ci_low=clean(float(low[0])),
        ci_high=clean(float(high[0])),
        method="wilson-effective-sample" if method == "weighted" else "clopper-pearson" if exact[0] else "wilson",
        ratio=None,
        ratio_ci_low=None,
        ratio_ci_high=None,
        unreliable=unreliable,
        suppressed=False,
        warnings=(f"Fewer than {rules.unreliable_below} victims: treat with caution.",) if unreliable else (),
    )


def _effective(flags: Sequence[tuple[bool, float]]) -> tuple[float, float]:
    """(effective yes, effective n) of weighted answers: Kish's n_eff times the weighted share."""
    weights = np.array([w for _, w in flags], dtype=np.float64)
    yes = np.array([1.0 if f else 0.0 for f, _ in flags])
    n_eff = float(weights.sum() ** 2 / (weights**2).sum())
    return float((weights * yes).sum() / weights.sum()) * n_eff, n_eff


def share_measure(
    name: str,
    label: str,
    flags: Mapping[str, Sequence[tuple[bool, float]]],
    *,
    minimum: int,
    weighted: bool,
    rules: Rules,
) -> ShareMeasure:
    """One share by group: `flags[group]` lists (it happened, weight) for each victim it applies to."""
    everyone = [f for row in ROWS for f in flags.get(row, ())]
    members = {**{row: list(flags.get(row, ())) for row in ROWS}, ALL: everyone}
    counts: dict[tuple[str, str], int] = {}
    for row, items in members.items():
        counts[(row, "yes")] = sum(1 for f, _ in items if f)
        counts[(row, "other")] = sum(1 for f, _ in items if not f)
        counts[(row, "answered")] = len(items)
    status = protect_shares(counts, rules.disclosure_threshold)
    effective = {row: _effective(items) if weighted and items else None for row, items in members.items()}

    def kn(row: str) -> tuple[float, float]:
        eff = effective[row]
        return eff if eff is not None else (counts[(row, "yes")], counts[(row, "answered")])

    built: dict[str, GroupShare] = {}
    reference_ok = counts[(REFERENCE, "answered")] >= minimum and not _any_hidden(status, REFERENCE)
    for row in (*ROWS, ALL):
        n = counts[(row, "answered")]
        if _any_hidden(status, row):
            built[row] = GroupShare(row, _label(row), _hidden(), False, None)
            continue
        if n < minimum:
            note = "Nobody it applies to." if n == 0 else f"Not assessable: fewer than {minimum} people."
            share = Proportion(counts[(row, "yes")], n, None, None, None, None, None, None, None, False, False, (note,))
            built[row] = GroupShare(row, _label(row), share, False, None)
            continue
        k, m = kn(row)
        share = _share(
            k, m, count=counts[(row, "yes")], denominator=n, rules=rules, method="weighted" if weighted else ""
        )
        gap = None
        if row not in {REFERENCE, ALL, ethnicity.Group.NOT_STATED.value} and reference_ok:
            rk, rn = kn(REFERENCE)
            diff = intervals.proportion_difference(
                k, m, rk, rn, exact_below=rules.exact_below, confidence=rules.confidence
            )
            if diff is not None:
                gap = Gap(diff.difference, diff.low, diff.high, diff.p_value, diff.test)
        built[row] = GroupShare(row, _label(row), share, True, gap)
    return ShareMeasure(name, label, tuple(built[r] for r in ROWS), built[ALL], weighted, minimum)


def _any_hidden(status: Mapping[Any, Status], row: str) -> bool:
    return any(status[(row, c)] is not Status.SHOWN for c in ("yes", "other", "answered"))


def _median_interval(values: Sequence[int], confidence: float) -> tuple[float, float]:
    """Distribution-free interval for a median: order statistics x(r) and x(n-r+1), r from the
    binomial(n, 1/2) distribution, so it holds whatever the shape of the waits."""
    ordered = sorted(values)
    n = len(ordered)
    r = int(stats.binom.ppf((1 - confidence) / 2, n, 0.5))
    return float(ordered[max(r, 1) - 1]), float(ordered[n - max(r, 1)])


def median_days(
    waits: Mapping[str, Sequence[int]], *, rules: Rules, minimum: int = MIN_VICTIMS
) -> tuple[GroupDays, ...]:
    """Median days by group (to a first update, to finalise a complaint), with the gap to White people."""
    cells = Cells()
    for row in ROWS:
        cells.add(row, len(waits.get(row, ())))
    cells.add(ALL, sum(len(waits.get(row, ())) for row in ROWS))
    cells.line(ALL, list(ROWS))
    status = cells.protect(rules.disclosure_threshold)
    everyone = [w for row in ROWS for w in waits.get(row, ())]
    members = {**{row: list(waits.get(row, ())) for row in ROWS}, ALL: everyone}
    white = members[REFERENCE]
    white_ok = len(white) >= minimum and status[REFERENCE] is Status.SHOWN
    rows = []
    for row, values in members.items():
        hidden = status[row] is not Status.SHOWN
        assessable = not hidden and len(values) >= minimum
        if not assessable:
            rows.append(GroupDays(row, _label(row), None if hidden else len(values), *(None,) * 5, False, hidden))
            continue
        low, high = _median_interval(values, rules.confidence)
        gap = p = None
        if white_ok and row not in {REFERENCE, ALL, ethnicity.Group.NOT_STATED.value}:
            gap = float(median(values)) - float(median(white))
            p = float(stats.mannwhitneyu(values, white, alternative="two-sided").pvalue)
        rows.append(GroupDays(row, _label(row), len(values), float(median(values)), low, high, gap, p, True, False))
    return tuple(rows)


def hate_crime(crimes: Iterable[tuple[str, str]], strands: Sequence[str], *, rules: Rules) -> tuple[HateRow, ...]:
    """Hate crimes by strand and outcome class, protected as one table with its totals;
    each strand's share charged or summonsed among those finalised (no longer open)."""
    counts = {(s, c): 0 for s in strands for c in OUTCOME_CLASSES}
    for strand, outcome in crimes:
        counts[(strand, outcome)] += 1
    cells = Cells()
    for strand in strands:
        for c in OUTCOME_CLASSES:
            cells.add((strand, c), counts[(strand, c)])
        cells.add((strand, ALL), sum(counts[(strand, c)] for c in OUTCOME_CLASSES))
        cells.line((strand, ALL), [(strand, c) for c in OUTCOME_CLASSES])
    for c in (*OUTCOME_CLASSES, ALL):
        cells.add((ALL, c), sum(cells.value((s, c)) for s in strands))
        cells.line((ALL, c), [(s, c) for s in strands])
    cells.line((ALL, ALL), [(ALL, c) for c in OUTCOME_CLASSES])
    status = cells.protect(rules.disclosure_threshold)
    rows = []
    for strand in (*strands, ALL):

        def shown(c: str, strand: str = strand) -> int | None:
            return None if status[(strand, c)] is not Status.SHOWN else cells.value((strand, c))

        total, open_, charged = shown(ALL), shown("open"), shown("charged")
        if total is None or open_ is None or charged is None:
            share = _hidden("Suppressed: too few crimes.")
        elif total - open_ < MIN_VICTIMS:
            share = Proportion(charged, total - open_, None, None, None, None, None, None, None, False, False, (
                f"Not assessable: fewer than {MIN_VICTIMS} crimes finalised.",
            ))  # fmt: skip
        else:
            share = _share(charged, total - open_, count=charged, denominator=total - open_, rules=rules, method="")
        rows.append(HateRow(strand, total, tuple((c, shown(c)) for c in OUTCOME_CLASSES), share))
    return tuple(rows)


def victim_measures(
    cases: Iterable[VictimCase], *, as_at: date, questions: Sequence[tuple[str, str]], strands: Sequence[str],
    rules: Rules | None = None,
) -> VictimMeasures:  # fmt: skip
    """Every measure of how victims of each group were served, as at a date.

    Kept informed on time: of victims whose first update was due by `as_at`, those given it by
    the day it was due. Told the outcome: of victims whose crime had an outcome by `as_at`,
    those told it; told when nothing further could be done: the same, among the outcomes where
    nothing further will happen. Days to first update: among victims given one.
    """
    rules = rules or Rules()
    items = list(cases)
    on_time: dict[str, list[tuple[bool, float]]] = {r: [] for r in ROWS}
    told: dict[str, list[tuple[bool, float]]] = {r: [] for r in ROWS}
    told_nfa: dict[str, list[tuple[bool, float]]] = {r: [] for r in ROWS}
    waits: dict[str, list[int]] = {r: [] for r in ROWS}
    answers: dict[str, dict[str, list[tuple[bool, float]]]] = {q: {r: [] for r in ROWS} for q, _ in questions}
    weighted = any(c.weight is not None for c in items)
    for case in items:
        if case.first_update_due is not None and case.first_update_due <= as_at:
            made = case.first_update_made
            on_time[case.group].append((made is not None and made <= case.first_update_due, 1.0))
        if case.first_update_made is not None:
            waits[case.group].append((case.first_update_made - case.reported).days)
        if case.outcome_class != "open" and case.outcome_date is not None and case.outcome_date <= as_at:
            was_told = case.outcome_notified is not None and case.outcome_notified <= as_at
            told[case.group].append((was_told, 1.0))
            if case.outcome_class == "nothing_further":
                told_nfa[case.group].append((was_told, 1.0))
        for question, _ in questions:
            answer = case.answers.get(question)
            if answer is not None:  # the importer makes sure that weights are all or none
                answers[question][case.group].append((answer, case.weight or 1.0))
    records = tuple(
        share_measure(name, label, flags, minimum=MIN_VICTIMS, weighted=False, rules=rules)
        for (name, label), flags in zip(RECORD_MEASURES, (on_time, told, told_nfa), strict=True)
    )
    satisfaction = tuple(
        share_measure(name, label, answers[name], minimum=MIN_RESPONDENTS, weighted=weighted, rules=rules)
        for name, label in questions
    )
    hate = hate_crime(((c.hate_strand, c.outcome_class) for c in items if c.hate_strand), strands, rules=rules)
    return VictimMeasures(as_at, len(items), records, median_days(waits, rules=rules), satisfaction, hate, rules)
