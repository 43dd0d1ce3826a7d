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


DERIVED = {
    "find_miss": ("find_known", "finds"),
    "not_arrest": ("outcome_known", "arrests"),
    "not_nfa": ("outcome_known", "nfa"),
}


def _add_table(
    cells: Cells,
    table: Any,
    rows: list[str | None],
    counts: Mapping[str | None, Mapping[str, int]],
    *,
    tier: int | None = None,
    names: tuple[str, ...] = COUNTS,
) -> None:
    """One outcome table's counts, their complements and the lines within it, each cell
    named (table, row, count); the row "all" is every row's sum. `tier` ranks the whole
    table's cells (see `Cells.add`); by default the row "all" is hidden last. `names`: the
    counts the table publishes (every count by default), each with its complement."""
    derived = {name: pair for name, pair in DERIVED.items() if set(pair) <= set(names)}
    for row in [*rows, "all"]:
        source = counts.get(row, {}) if row != "all" else None
        row_tier = tier if tier is not None else 2 if row == "all" else None
        for name in names:
            value = sum(counts.get(r, {}).get(name, 0) for r in rows) if source is None else source.get(name, 0)
            cells.add((table, row, name), value, tier=row_tier)
        for name, (whole, part) in derived.items():
            value = cells.value((table, row, whole)) - cells.value((table, row, part))
            cells.add((table, row, name), value, tier=row_tier)
        for name, (whole, part) in derived.items():
            cells.line((table, row, whole), [(table, row, part), (table, row, name)])
    for name in (*names, *derived):
        cells.line((table, "all", name), [(table, r, name) for r in rows])


def _protect(
    rows: list[str | None], counts: Mapping[str | None, Mapping[str, int]], threshold: int
) -> dict[Any, Status]:
    """Protect every count, the column totals, and the complement of each outcome.

    An outcome is something about the people searched, so "97 of 100 ended with no further
    action" must not reveal that 3 did not. How many records lack an outcome is a fact
    about recording, not about anyone, and is not protected beyond its own count.
    """
    cells = Cells()
    _add_table(cells, None, rows, counts)
    return _of_table(cells.protect(threshold), None)


def _of_table(status: Mapping[Any, Status], table: Any) -> dict[Any, Status]:
    """One table's statuses, named (row, count), from cells named (table, row, count)."""
    return {key[1:]: st for key, st in status.items() if key[0] == table}


def _rows(scheme: Scheme) -> list[str | None]:
    """The table's rows: each stated group, "not stated", and ethnicity not recorded (None)."""
    return [*scheme.stated, scheme.not_stated, None]


def outcome_test(
    item: OutcomeInputs, rules: Rules | None = None, *, status: Mapping[Any, Status] | None = None
) -> OutcomeTest:
    """Find, arrest and no-further-action rates by group, protected, with intervals and ratios.

    `status` is the protection already decided for these cells ((row, count) -> Status) when
    the table is one of several protected together (`outcomes_by_object`)."""
    rules = rules or Rules()
    scheme = item.scheme
    ref = scheme.reference(item.reference)
    if ref.aggregate:
        raise ValueError("the outcome test compares table rows; choose a detailed group or use 5+1 groups")
    rows = _rows(scheme)
    status = _protect(rows, item.counts, rules.disclosure_threshold) if status is None else status

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


# --- what officers searched for ------------------------------------------------------------

ALL_OBJECTS = "all objects"  # the table of every object together: the outcome test's own table
FIND_COUNTS = ("searches", "find_known", "finds")  # what the table publishes, with finds' complement
OWN_TABLE_FROM = 100  # person searches for an object in the period, for it to have a table of its own
OTHER = "other"
OTHER_LABEL = "Anything else, or not recorded"
NOT_BY_OBJECT = dict.fromkeys(
    ("arrest", "no_further_action"),
    "Arrest and no-further-action rates are given for all searches together, not for each object.",
)


@dataclass(frozen=True)
class ObjectInputs:
    """Outcome counts by object of search and ethnic group, for one force and period."""

    context: Context
    scheme: Scheme
    reference: str
    counts: Mapping[tuple[str | None, str | None], Mapping[str, int]]  # (object, group) -> COUNTS
    labels: Mapping[str | None, str]  # object code (None: not recorded) -> label, in the order shown
    # (None and any object with fewer than OWN_TABLE_FROM searches are shown together)
    exclusions: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    unavailable: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectOutcome:
    """What searches for one object of search found, by ethnic group: an outcome test of its own."""

    code: str  # "other": every object searched for too rarely for a table of its own, or not recorded
    label: str
    outcomes: OutcomeTest

    def as_dict(self) -> dict[str, Any]:
        result = self.outcomes
        return {
            "object": self.code,
            "object_label": self.label,
            "groups": [g.as_dict() for g in result.groups],
            "total": result.total.as_dict(),
            "exclusions": [e.as_dict() for e in result.exclusions],
        }


@dataclass(frozen=True)
class OutcomesByObject:
    context: Context
    reference_group: str
    objects: tuple[ObjectOutcome, ...]
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules
    caveat: str = INFRA_MARGINALITY

    def object(self, code: str) -> ObjectOutcome:
        for found in self.objects:
            if found.code == code:
                return found
        raise KeyError(f"no object of search {code!r}; this table has {', '.join(o.code for o in self.objects)}")

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.context.head(),
            "reference_group": self.reference_group,
            "objects": [o.as_dict() for o in self.objects],
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "caveat": self.caveat,
            "definitions": {name: f"share of searches that {words}" for name, (_, _, words) in MEASURES.items()},
            "method": {
                "proportion_interval": f"Wilson score; Clopper-Pearson where a count is below {self.rules.exact_below}",
                "ratio_interval": "Katz log method (each search counted once)",
                "confidence": self.rules.confidence,
                "protection": self.rules.describe(),
                "protected_with": "every object's table and the outcome table of all searches, together",
            },
            "rules": self.rules.as_dict(),
        }


def outcomes_by_object(item: ObjectInputs, rules: Rules | None = None) -> OutcomesByObject:
    """The outcome test for each object of search, every object's table protected together.

    The objects' tables add up to the outcome table of all searches, which is published on its
    own, so that table is in the protection too: a count hidden there is hidden here, and its
    cells are the last to be hidden (a reader has them already). An object searched for fewer
    than OWN_TABLE_FROM times, and searches whose object was not recorded, make one table
    together, so the objects add up and a handful of searches for fireworks does not force
    the counts of every other object to be hidden with it.
    """
    rules = rules or Rules()
    scheme = item.scheme
    rows = _rows(scheme)
    unavailable = {**NOT_BY_OBJECT, **item.unavailable}
    searched = {o: sum(item.counts.get((o, r), {}).get("searches", 0) for r in rows) for o in item.labels}
    own_table = [o for o in item.labels if o is not None and searched[o] >= OWN_TABLE_FROM]
    rest = [o for o in item.labels if searched[o] and o not in own_table]
    labels = {o: item.labels[o] for o in own_table}
    by_object = {o: {r: item.counts.get((o, r), {}) for r in rows} for o in own_table}
    if rest:  # rarely searched for, or not recorded: one table, so the rare ones do not hide the rest
        labels[OTHER] = OTHER_LABEL
        by_object[OTHER] = {
            r: {n: sum(item.counts.get((o, r), {}).get(n, 0) for o in rest) for n in COUNTS} for r in rows
        }
    objects = list(by_object)
    totals = {r: {n: sum(by_object[o][r].get(n, 0) for o in objects) for n in COUNTS} for r in rows}
    alone = _protect(rows, totals, rules.disclosure_threshold)
    cells = Cells()
    for o in objects:
        _add_table(cells, o, rows, by_object[o], names=FIND_COUNTS)
    _add_table(cells, ALL_OBJECTS, rows, totals, tier=3, names=FIND_COUNTS)
    for row in [*rows, "all"]:
        for name in (*FIND_COUNTS, "find_miss"):
            cells.line((ALL_OBJECTS, row, name), [(o, row, name) for o in objects])
    hidden = [
        (ALL_OBJECTS, row, name) for (row, name), st in alone.items() if st.hidden and (ALL_OBJECTS, row, name) in cells
    ]
    status: Mapping[Any, Status] = cells.protect(rules.disclosure_threshold, hidden=hidden) if objects else {}
    found = []
    for o in objects:
        own = _of_table(status, o)
        inputs = OutcomeInputs(item.context, scheme, item.reference, by_object[o], unavailable=unavailable)
        found.append(ObjectOutcome(o, labels[o], outcome_test(inputs, rules, status=own)))
    warnings = [*item.warnings, *item.unavailable.values()]
    return OutcomesByObject(
        context=item.context,
        reference_group=scheme.reference(item.reference).label,
        objects=tuple(found),
        exclusions=item.exclusions,
        warnings=tuple(dict.fromkeys(warnings)),
        rules=rules,
    )


_HIDDEN = "Suppressed: too few searches to show without risk of identifying someone."
