"""Use of force by perceived ethnic group: rates per 1,000 residents, ratios, and shares.

Two questions, with the caveats that travel with their answers (METHODS.md §2.1, §3):

- How often is force used on each group, per 1,000 of its residents, and how does that
  compare with White residents? The counting and protection are stop and search's
  (`parity.analysis.rates.build_rate_tables`), so a rate, an interval and a suppressed cell
  mean the same here. What is counted is the source's unit: the Home Office counts tactics
  (one person restrained and handcuffed is two), a force's records count reports (one
  officer's use of force on one person: two officers on one person are two reports). Neither
  counts people.
- Of each group's reports, what share involved a tactic (Taser, a spit guard ...), a child,
  or an injury? Each share has a Wilson interval (exact when small) and a Katz ratio to the
  White share; small counts are suppressed with their complements.

Ethnicity is the officer's perception, the only ethnicity both sources give for everyone; it
is never mixed with self-defined ethnicity in one figure.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parity.analysis import intervals
from parity.analysis.groups import scheme
from parity.analysis.protection import Cells, Status
from parity.analysis.rates import GroupRate, RateInput, RateTable, build_rate_tables
from parity.analysis.results import Context, Proportion, clean
from parity.analysis.rules import Rules
from parity.reference.ethnicity import Group

ORDER = (Group.WHITE, Group.BLACK, Group.ASIAN, Group.MIXED, Group.OTHER)
REFERENCE = Group.WHITE
UNITS = {
    "tactics": "Each use of a tactic is counted: one person restrained and handcuffed counts twice.",
    "reports": "Each report is one officer's use of force on one person: two officers, two reports.",
}
PERCEIVED = (
    "Ethnicity is as the officer perceived it, not as the person would describe themselves; "
    "it is never mixed with self-defined ethnicity."
)
_HIDDEN = "Suppressed: too few reports to show without risk of identifying someone."


@dataclass(frozen=True)
class UseOfForceInput:
    """One force (or England and Wales) and year: counts by perceived group, and residents."""

    context: Context
    unit: str  # "tactics" or "reports"
    counts: Mapping[str, int]  # Group value -> count, not_stated included
    populations: Mapping[str, int] | None  # Group value (and "all") -> census residents
    warnings: tuple[str, ...] = ()
    no_rate_reason: str | None = None


@dataclass(frozen=True)
class UseOfForceRates:
    """The `parity analyse use-of-force` contract around a stop-and-search style rate table."""

    context: Context
    unit: str
    not_reported: int | None
    table: RateTable
    warnings: tuple[str, ...]

    def group(self, label: str) -> GroupRate:
        return self.table.group(label)

    def ordered(self) -> list[GroupRate]:
        return [self.table.group(g.value) for g in ORDER]

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.context.force,
            "period": self.context.period_label,
            "census_year": self.context.census_year,
            "unit": self.unit,
            "not_reported": self.not_reported,
            "groups": [
                {
                    "group": g.group,
                    "count": g.searches,
                    "population": g.population,
                    "rate_per_1000": g.rate_per_1000,
                    "ratio": g.ratio,
                    "ratio_ci_low": g.ratio_ci_low,
                    "ratio_ci_high": g.ratio_ci_high,
                    "suppressed": g.suppressed,
                    "rate_ci_low": g.rate_ci_low,
                    "rate_ci_high": g.rate_ci_high,
                    "ratio_method": g.ratio_method,
                    "unreliable": g.unreliable,
                    "warnings": list(g.warnings),
                }
                for g in self.ordered()
            ],
            "warnings": list(self.warnings),
            "force_name": self.context.force_name,
            "ethnicity": self.context.ethnicity,
            "total": {"count": self.table.total.searches, "rate_per_1000": self.table.total.rate_per_1000},
            "rules": self.table.rules.as_dict(),
        }


def use_of_force_rates(inputs: Sequence[UseOfForceInput], rules: Rules | None = None) -> list[UseOfForceRates]:
    """Rates and ratios for many forces in one pass (one force is one input)."""
    rules = rules or Rules()
    chosen = scheme("officer-defined", "5+1")
    items = [
        RateInput(
            context=item.context,
            scheme=chosen,
            reference=REFERENCE.label,
            counts={(code, None): n for code, n in item.counts.items()},
            populations=item.populations,
            no_rate_reason=item.no_rate_reason,
            warnings=item.warnings,
        )
        for item in inputs
    ]
    tables = build_rate_tables(items, rules)
    results = []
    for item, table in zip(inputs, tables, strict=True):
        hidden = next((e for e in table.exclusions if e.reason.startswith("Ethnicity not stated")), None)
        not_reported = item.counts.get(Group.NOT_STATED.value, 0) if hidden is None else hidden.count
        notes = (UNITS[item.unit], PERCEIVED, *table.warnings)
        results.append(UseOfForceRates(item.context, item.unit, not_reported, table, tuple(dict.fromkeys(notes))))
    return results


# --- shares of reports: tactics, children, injuries ------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A yes-or-no question asked of each report, counted by perceived group."""

    key: str
    label: str
    yes: Mapping[str, int]  # group -> reports where the answer is yes
    asked: Mapping[str, int]  # group -> reports where the answer is known
    caveat: str = ""


@dataclass(frozen=True)
class MeasureRow:
    key: str
    label: str
    caveat: str
    groups: tuple[tuple[str, Proportion], ...]  # (group label, share), White first

    def share(self, label: str) -> Proportion:
        for name, share in self.groups:
            if name.lower() == label.lower():
                return share
        raise KeyError(f"no group {label!r} in {self.key}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.key,
            "label": self.label,
            "caveat": self.caveat,
            "groups": [{"group": name, **share.as_dict()} for name, share in self.groups],
        }


@dataclass(frozen=True)
class UseOfForceShares:
    """Shares of each group's reports involving each measure, protected, with intervals."""

    context: Context
    rows: tuple[MeasureRow, ...]
    warnings: tuple[str, ...]
    rules: Rules

    def row(self, key: str) -> MeasureRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"no measure {key!r}; the table has {', '.join(r.key for r in self.rows)}")

    def as_dict(self) -> dict[str, Any]:
        head = self.context.head()
        return {
            "force": head["force"],
            "force_name": head["force_name"],
            "period": head["period"],
            "ethnicity": head["ethnicity"],
            "reference_group": REFERENCE.label,
            "measures": [r.as_dict() for r in self.rows],
            "warnings": list(self.warnings),
            "rules": self.rules.as_dict(),
        }


def _protect(measures: Sequence[Measure], threshold: int) -> dict[Hashable, Status]:
    """Each yes beside its no, each known total beside both, and a row of all groups."""
    cells = Cells()
    codes = [g.value for g in ORDER]
    for m in measures:
        for code in [*codes, "all"]:
            yes = m.yes.get(code, 0) if code != "all" else sum(m.yes.get(c, 0) for c in codes)
            asked = m.asked.get(code, 0) if code != "all" else sum(m.asked.get(c, 0) for c in codes)
            cells.add((m.key, code, "yes"), yes)
            cells.add((m.key, code, "no"), asked - yes)
            cells.add((m.key, code, "asked"), asked)
            cells.line((m.key, code, "asked"), [(m.key, code, "yes"), (m.key, code, "no")])
        for part in ("yes", "no", "asked"):
            cells.line((m.key, "all", part), [(m.key, c, part) for c in codes])
    return cells.protect(threshold)


def _share(m: Measure, code: str, status: dict[Hashable, Status], rules: Rules) -> Proportion:
    def hidden(c: str) -> bool:
        return any(status[(m.key, c, part)] is not Status.SHOWN for part in ("yes", "no", "asked"))

    if hidden(code):
        return Proportion(None, None, None, None, None, None, None, None, None, False, True, (_HIDDEN,))
    k, n = m.yes.get(code, 0), m.asked.get(code, 0)
    if n < rules.min_events_for_rate:
        note = f"Fewer than {rules.min_events_for_rate} reports: no share is given."
        return Proportion(k, n, None, None, None, None, None, None, None, False, False, (note,))
    low, high, exact = intervals.proportion_limits([k], [n], exact_below=rules.exact_below, confidence=rules.confidence)
    notes: list[str] = []
    ratio: tuple[float | None, float | None, float | None] = (None, None, None)
    ref = REFERENCE.value
    rk, rn = m.yes.get(ref, 0), m.asked.get(ref, 0)
    if code != ref:
        if hidden(ref) or rn < rules.min_events_for_rate or rk == 0:
            notes.append("No ratio: the White share is not available or is zero.")
        else:
            rr, lo, hi = intervals.katz_log([k], [n], [rk], [rn], confidence=rules.confidence)
            ratio = (clean(rr[0]), clean(lo[0]), clean(hi[0]))
    unreliable = 0 < k < rules.unreliable_below
    if unreliable:
        notes.append(f"Fewer than {rules.unreliable_below} reports behind this figure: treat it as unreliable.")
    method = "clopper-pearson" if exact[0] else "wilson"
    return Proportion(k, n, k / n, clean(low[0]), clean(high[0]), method, *ratio, unreliable, False, tuple(notes))


def use_of_force_shares(
    context: Context, measures: Sequence[Measure], rules: Rules | None = None, warnings: Sequence[str] = ()
) -> UseOfForceShares:
    """The share of each group's reports for each measure, with Wilson intervals and ratios."""
    rules = rules or Rules()
    status = _protect(measures, rules.disclosure_threshold)
    rows = tuple(
        MeasureRow(m.key, m.label, m.caveat, tuple((g.label, _share(m, g.value, status, rules)) for g in ORDER))
        for m in measures
    )
    notes = (UNITS["reports"], PERCEIVED, *warnings)
    return UseOfForceShares(context, rows, tuple(dict.fromkeys(notes)), rules)
