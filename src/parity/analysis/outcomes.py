"""The outcome test: are searches of each group equally justified by what they find?

For each group, among person searches:

- find rate: searches whose outcome (other than no further action) was linked to the
  object of search, out of those where that can be known (the outcome is recorded, and for
  an outcome other than no further action, so is the link). "No further action" is never a
  find: some forces mark it "linked" (West Mercia does for nearly all of them);
- arrest rate: arrests out of searches with an outcome recorded;
- no-further-action rate: the same, for no further action.

Each is a proportion with a Wilson interval (Clopper-Pearson when small) and its ratio to
the reference group's (Katz). A lower find rate for a group is consistent with officers
searching that group on weaker grounds, but it does not prove it: the infra-marginality
problem (METHODS.md §6) means average find rates can differ, or agree, whatever the
thresholds officers apply. Each result carries that caveat.
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

INFRA_MARGINALITY = (
    "Outcome test (subject to infra-marginality): find rates are averages over everyone searched, while bias "
    "is about the threshold at which an officer decides to search. If groups differ in how likely the people "
    "searched are to be carrying something, find rates can differ even when thresholds are the same, and can "
    "be equal even when they are not. A lower find rate for a group is a reason to look harder at the grounds "
    "for searching it, not proof of bias; equal find rates are not proof that there is none."
)
MEASURES: dict[str, tuple[str, str, str]] = {
    # name: (numerator, denominator, words for a sentence)
    "find": ("finds", "find_known", "led to an outcome linked to the object of search (a find)"),
    "arrest": ("arrests", "outcome_known", "ended in arrest"),
    "no_further_action": ("nfa", "outcome_known", "ended with no further action"),
}
COUNTS = ("searches", "outcome_known", "arrests", "nfa", "find_known", "finds")


@dataclass(frozen=True)
class OutcomeInputs:
    context: Context
    scheme: Scheme
    reference: str
    counts: Mapping[str | None, Mapping[str, int]]  # group code (None: not recorded) -> COUNTS
    exclusions: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    unavailable: Mapping[str, str] = field(default_factory=dict)  # measure -> why it cannot be given


@dataclass(frozen=True)
class OutcomeGroup:
    group: str
    code: str
    searches: int | None
    find: Proportion | None
    arrest: Proportion | None
    no_further_action: Proportion | None
    reference: bool
    suppressed: bool
    warnings: tuple[str, ...]
    basis: str = field(default="self-defined", repr=False)
    confidence: float = field(default=0.95, repr=False)

    @property
    def statement(self) -> str:
        parts = []
        for name, (_, _, words) in MEASURES.items():
            p: Proportion | None = getattr(self, name)
            if p is not None and p.share is not None and self.code != "all":
                parts.append(
                    statements.proportion_statement(
                        group=self.group,
                        what=words,
                        share=p.share,
                        low=p.ci_low,
                        high=p.ci_high,
                        confidence=self.confidence,
                        basis=self.basis,  # type: ignore[arg-type]
                    )
                )
        return " ".join(parts) or f"{self.group}: no outcome figures can be given."

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "searches": self.searches,
            "find": self.find.as_dict() if self.find else None,
            "arrest": self.arrest.as_dict() if self.arrest else None,
            "no_further_action": self.no_further_action.as_dict() if self.no_further_action else None,
            "reference": self.reference,
            "suppressed": self.suppressed,
            "statement": self.statement,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class OutcomeTest:
    context: Context
    reference_group: str
    groups: tuple[OutcomeGroup, ...]
    total: OutcomeGroup
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules
    caveat: str = INFRA_MARGINALITY

    def group(self, code_or_label: str) -> OutcomeGroup:
        return find_group(self.groups, code_or_label)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.context.head(),
            "reference_group": self.reference_group,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "caveat": self.caveat,
            "definitions": {name: f"share of searches that {words}" for name, (_, _, words) in MEASURES.items()},
            "method": {
                "proportion_interval": f"Wilson score; Clopper-Pearson where a count is below {self.rules.exact_below}",
                "ratio_interval": "Katz log method (each search counted once)",
                "confidence": self.rules.confidence,
                "protection": self.rules.describe(),
            },
            "rules": self.rules.as_dict(),
        }


def _protect(
    rows: list[str | None], counts: Mapping[str | None, Mapping[str, int]], threshold: int
) -> dict[Any, Status]:
    """Protect every count, the column totals, and the complement of each outcome.

    An outcome is something about the people searched, so "97 of 100 ended with no further
    action" must not reveal that 3 did not. How many records lack an outcome is a fact
    about recording, not about anyone, and is not protected beyond its own count.
    """
    cells = Cells()
    derived = {
        "find_miss": ("find_known", "finds"),
        "not_arrest": ("outcome_known", "arrests"),
        "not_nfa": ("outcome_known", "nfa"),
    }
    keys = (*COUNTS, *derived)
    for row in [*rows, "all"]:
        source = counts.get(row, {}) if row != "all" else None
        tier = 2 if row == "all" else None  # every group's figures: hidden last
        for name in COUNTS:
            value = sum(counts.get(r, {}).get(name, 0) for r in rows) if source is None else source.get(name, 0)
            cells.add((row, name), value, tier=tier)
        for name, (whole, part) in derived.items():
            cells.add((row, name), cells.value((row, whole)) - cells.value((row, part)), tier=tier)
        for name, (whole, part) in derived.items():
            cells.line((row, whole), [(row, part), (row, name)])
    for name in keys:
        cells.line(("all", name), [(r, name) for r in rows])
    return cells.protect(threshold)


def outcome_test(item: OutcomeInputs, rules: Rules | None = None) -> OutcomeTest:
    """Find, arrest and no-further-action rates by group, protected, with intervals and ratios."""
    rules = rules or Rules()
    scheme = item.scheme
    ref = scheme.reference(item.reference)
    if ref.aggregate:
        raise ValueError("the outcome test compares table rows; choose a detailed group or use 5+1 groups")
    rows: list[str | None] = [*scheme.stated, scheme.not_stated, None]
    status = _protect(rows, item.counts, rules.disclosure_threshold)

    def value(row: str | None, name: str) -> int:
        if row == "all":
            return sum(item.counts.get(r, {}).get(name, 0) for r in rows)
        return item.counts.get(row, {}).get(name, 0)

    def hidden(row: str | None, *names: str) -> bool:
        return any(status[(row, n)] is not Status.SHOWN for n in names)

    def proportion(row: str | None, measure: str) -> Proportion | None:
        if measure in item.unavailable:
            return None
        num, den, _ = MEASURES[measure]
        complement = {"find": "find_miss", "arrest": "not_arrest", "no_further_action": "not_nfa"}[measure]
        if hidden(row, num, den, complement):
            return Proportion(None, None, None, None, None, None, None, None, None, False, True, (_HIDDEN,))
        k, n = value(row, num), value(row, den)
        if n < rules.min_events_for_rate:
            note = f"Fewer than {rules.min_events_for_rate} searches with this recorded: no rate is given."
            return Proportion(k, n, None, None, None, None, None, None, None, False, False, (note,))
        low, high, exact = intervals.proportion_limits(
            [k], [n], exact_below=rules.exact_below, confidence=rules.confidence
        )
        ratio = r_low = r_high = None
        notes: list[str] = []
        if row not in (ref.code, "all"):
            rk, rn = value(ref.code, num), value(ref.code, den)
            if hidden(ref.code, num, den, complement) or rn < rules.min_events_for_rate:
                notes.append("No ratio: the reference group's figure is not available.")
            elif rk == 0:
                notes.append("No ratio: the reference group's rate is zero.")
            else:
                rr, lo, hi = intervals.katz_log([k], [n], [rk], [rn], confidence=rules.confidence)
                ratio, r_low, r_high = clean(rr[0]), clean(lo[0]), clean(hi[0])
        unreliable = k < rules.unreliable_below
        if unreliable:
            notes.append(f"Fewer than {rules.unreliable_below} behind this figure: treat it as unreliable.")
        return Proportion(
            k,
            n,
            k / n,
            clean(low[0]),
            clean(high[0]),
            "clopper-pearson" if exact[0] else "wilson",
            ratio,
            r_low,
            r_high,
            unreliable,
            False,
            tuple(notes),
        )

    def group(row: str | None) -> OutcomeGroup:
        is_hidden = hidden(row, "searches")
        label = "All" if row == "all" else scheme.label(row)
        return OutcomeGroup(
            group=label,
            code=row or "",
            searches=None if is_hidden else value(row, "searches"),
            find=proportion(row, "find"),
            arrest=proportion(row, "arrest"),
            no_further_action=proportion(row, "no_further_action"),
            reference=row == ref.code,
            suppressed=is_hidden,
            warnings=(_HIDDEN,) if is_hidden else (),
            basis=scheme.basis,
            confidence=rules.confidence,
        )

    unknown = []
    for row, reason in ((scheme.not_stated, "Ethnicity not stated"), (None, "Ethnicity not recorded")):
        is_hidden = hidden(row, "searches")
        unknown.append(Exclusion(reason, None if is_hidden else value(row, "searches"), is_hidden))
    warnings = [*item.warnings, *item.unavailable.values()]
    return OutcomeTest(
        context=item.context,
        reference_group=ref.label,
        groups=tuple(group(code) for code in scheme.stated),
        total=group("all"),
        exclusions=(*unknown, *item.exclusions),
        warnings=tuple(dict.fromkeys(warnings)),
        rules=rules,
    )


_HIDDEN = "Suppressed: too few searches to show without risk of identifying someone."
