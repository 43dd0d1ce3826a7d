"""What people stopped said on their receipts, by ethnic group (METHODS.md §3.1, §3.2).

Three measures from the receipt survey, each a proportion of the people who answered that
question: treated with respect, told why they were stopped, and satisfied (very or fairly).
Groups are the five broad groups of the person's self-defined ethnicity; "not stated" and
"all" are rows too.

Small numbers are protected as everywhere else: for each measure the table of yes / other
answers / answered by group (with totals) is protected together, so a hidden count cannot be
recovered from a total or a complement, and a share is hidden whenever any of its counts is.
Respondents choose to answer, so these describe the people who replied, not everyone stopped:
every result says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from parity.analysis import intervals
from parity.analysis.protection import Cells, Status
from parity.analysis.results import Proportion, clean
from parity.analysis.rules import Rules
from parity.reference import ethnicity

ALL = "all"
NOT_STATED = ethnicity.Group.NOT_STATED.value
MEASURES: tuple[tuple[str, str], ...] = (
    ("respect", "Treated with respect"),
    ("told_why", "Told why they were stopped"),
    ("satisfied", "Satisfied with how they were treated"),
)
SELF_SELECTED = (
    "These figures come from the people who chose to answer the survey on their receipt. They are not "
    "a sample of everyone stopped, and people with a strong view, good or bad, may be more likely to reply."
)


@dataclass(frozen=True)
class Response:
    """One survey response: the person's 19+1 code (or "NS", or None) and their answers.

    Each answer is True (yes / satisfied), False (no, not sure, or not satisfied) or None
    (not answered).
    """

    self_defined: str | None
    respect: bool | None
    told_why: bool | None
    satisfied: bool | None


@dataclass(frozen=True)
class GroupFeedback:
    group: str  # 5+1 value, "not_stated" or "all"
    label: str
    responses: int | None
    measures: tuple[tuple[str, Proportion], ...]
    suppressed: bool

    def measure(self, name: str) -> Proportion:
        return dict(self.measures)[name]

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "responses": self.responses,
            "suppressed": self.suppressed,
            "measures": {name: p.as_dict() for name, p in self.measures},
        }


@dataclass(frozen=True)
class FeedbackByGroup:
    groups: tuple[GroupFeedback, ...]  # the five stated groups, then not stated
    total: GroupFeedback
    rules: Rules
    caveat: str = SELF_SELECTED

    def group(self, name: str) -> GroupFeedback:
        for g in (*self.groups, self.total):
            if name.lower() in {g.group, g.label.lower()}:
                return g
        raise KeyError(f"no group {name!r}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "receipt-feedback-by-ethnicity",
            "ethnicity": "self-defined",
            "classification": "5+1",
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "measures": dict(MEASURES),
            "caveat": self.caveat,
            "method": {
                "share": "people answering yes / people who answered the question; Wilson score interval "
                f"(Clopper-Pearson where a count is below {self.rules.exact_below})",
                "protection": self.rules.describe(),
            },
            "rules": self.rules.as_dict(),
        }


def _group(code: str | None) -> str:
    if not code or code == "NS" or code not in ethnicity.DETAILED_BY_CODE:
        return NOT_STATED
    return ethnicity.group_of(code).value


ROWS: tuple[str, ...] = (*(g.value for g in ethnicity.GROUPS_STATED), NOT_STATED)


def protect_shares(counts: dict[tuple[str, str], int], threshold: int) -> dict[Any, Status]:
    """One measure's grid: rows are groups and all; columns yes, other, answered (the victims'
    measures protect their shares with it too)."""
    cells = Cells()
    for row in (*ROWS, ALL):
        for column in ("yes", "other", "answered"):
            cells.add((row, column), counts[(row, column)])
        cells.line((row, "answered"), [(row, "yes"), (row, "other")])
    for column in ("yes", "other", "answered"):
        cells.line((ALL, column), [(row, column) for row in ROWS])
    return cells.protect(threshold)


def feedback_by_group(responses: Iterable[Response], *, rules: Rules | None = None) -> FeedbackByGroup:
    """Respect, told-why and satisfaction shares by the respondent's broad ethnic group."""
    rules = rules or Rules()
    rows: dict[str, list[Response]] = {row: [] for row in ROWS}
    for response in responses:
        rows[_group(response.self_defined)].append(response)
    everyone = [r for row in ROWS for r in rows[row]]
    tallies: dict[str, dict[tuple[str, str], int]] = {}
    status: dict[str, dict[Any, Status]] = {}
    for name, _ in MEASURES:
        counts: dict[tuple[str, str], int] = {}
        for row, members in (*rows.items(), (ALL, everyone)):
            answers = [getattr(r, name) for r in members if getattr(r, name) is not None]
            counts[(row, "yes")] = sum(1 for a in answers if a)
            counts[(row, "other")] = sum(1 for a in answers if not a)
            counts[(row, "answered")] = len(answers)
        tallies[name] = counts
        status[name] = protect_shares(counts, rules.disclosure_threshold)
    responses_status = _protect_responses({row: len(rows[row]) for row in ROWS}, rules.disclosure_threshold)
    built = [
        _row(
            row, responses=len(members), tallies=tallies, status=status, responses_status=responses_status, rules=rules
        )
        for row, members in (*rows.items(), (ALL, everyone))
    ]
    return FeedbackByGroup(groups=tuple(built[:-1]), total=built[-1], rules=rules)


def _protect_responses(counts: dict[str, int], threshold: int) -> dict[Any, Status]:
    cells = Cells()
    for row, value in counts.items():
        cells.add(row, value)
    cells.add(ALL, sum(counts.values()))
    cells.line(ALL, list(counts))
    return cells.protect(threshold)


def _label(row: str) -> str:
    return "Everyone" if row == ALL else ethnicity.Group(row).label


def _row(
    row: str,
    *,
    responses: int,
    tallies: dict[str, dict[tuple[str, str], int]],
    status: dict[str, dict[Any, Status]],
    responses_status: dict[Any, Status],
    rules: Rules,
) -> GroupFeedback:
    measures = []
    for name, _ in MEASURES:
        yes, answered = tallies[name][(row, "yes")], tallies[name][(row, "answered")]
        hidden = any(status[name][(row, c)] is not Status.SHOWN for c in ("yes", "other", "answered"))
        measures.append((name, _proportion(yes, answered, hidden, rules)))
    responses_hidden = responses_status[row] is not Status.SHOWN
    return GroupFeedback(
        group=row,
        label=_label(row),
        responses=None if responses_hidden else responses,
        measures=tuple(measures),
        suppressed=responses_hidden,
    )


def _proportion(yes: int, answered: int, hidden: bool, rules: Rules) -> Proportion:
    if hidden:
        return Proportion(
            None, None, None, None, None, None, None, None, None, False, True, ("Suppressed: too few people.",)
        )
    if not answered:
        return Proportion(0, 0, None, None, None, None, None, None, None, False, False, ("Nobody answered.",))
    low, high, exact = intervals.proportion_limits(
        [yes], [answered], exact_below=rules.exact_below, confidence=rules.confidence
    )
    warnings: Sequence[str] = ()
    unreliable = answered < rules.unreliable_below
    if unreliable:
        warnings = (f"Fewer than {rules.unreliable_below} people answered: treat with caution.",)
    return Proportion(
        count=yes,
        denominator=answered,
        share=yes / answered,
        ci_low=clean(float(low[0])),
        ci_high=clean(float(high[0])),
        method="clopper-pearson" if bool(exact[0]) else "wilson",
        ratio=None,
        ratio_ci_low=None,
        ratio_ci_high=None,
        unreliable=unreliable,
        suppressed=False,
        warnings=tuple(warnings),
    )
