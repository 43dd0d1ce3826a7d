"""Recruitment funnels: who gets through each stage, by ethnic group (METHODS.md §7.2).

The input is how many applicants of each group reached each stage, in order (the first
stage is the application, the last the appointment). The selection rate of a stage is the
share of those who reached the stage before who got through it; the cumulative rate is the
share of applicants who got this far, which is the product of the stage rates.

Two references, because both are in use: UK police reporting compares each group with White
applicants; the US Uniform Guidelines (29 CFR 1607.4(D)) compare with the group with the
highest rate, and call a ratio below four-fifths evidence of adverse impact. The ratio is
unstable for small numbers, so it is paired with Fisher's exact test and the "one-person
flip": would the flag still stand if one more person of the group had got through? A flag
that one person undoes is not a finding.

Small numbers are protected here, inside the result: a count of people from 1 to the
disclosure threshold minus 1 is hidden, with whatever else would give it back (the stage
total, the people lost between two stages), and every rate built on a hidden count is hidden
with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import stats

from parity.analysis.intervals import katz_log, proportion_limits
from parity.analysis.protection import Cells, Status
from parity.analysis.results import clean
from parity.analysis.rules import Rules
from parity.reference.ethnicity import GROUP_LABELS, Group

FOUR_FIFTHS = 0.8
WHITE = Group.WHITE.value


def label(code: str) -> str:
    """The group's name as pages show it (codes that are not 5+1 groups are shown as given)."""
    try:
        return GROUP_LABELS[Group(code)]
    except ValueError:
        return code


@dataclass(frozen=True)
class Comparison:
    """One rate against a reference group's: ratio, four-fifths flag, Fisher, one-person flip."""

    reference: str  # group code
    ratio: float | None
    below_four_fifths: bool | None  # None: not assessable
    p_value: float | None  # Fisher's exact test, two-sided
    ratio_after_flip: float | None  # the ratio had one more person of the group got through
    survives_flip: bool | None  # the flag still stands after the flip (None when not flagged)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "ratio": self.ratio,
            "below_four_fifths": self.below_four_fifths,
            "fisher_p": self.p_value,
            "ratio_after_flip": self.ratio_after_flip,
            "survives_one_person_flip": self.survives_flip,
        }


@dataclass(frozen=True)
class StageGroup:
    """One group at one stage (from the second stage on); None where hidden or not assessable."""

    code: str
    group: str
    attempted: int | None  # reached the stage before
    passed: int | None  # reached this stage
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    cumulative: float | None  # share of the group's applicants who reached this stage
    share_of_passed: float | None  # the group's share of everyone who reached this stage
    against_white: Comparison | None
    against_highest: Comparison | None
    suppressed: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "attempted": self.attempted,
            "passed": self.passed,
            "selection_rate": self.rate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "cumulative_rate": self.cumulative,
            "share_of_passed": self.share_of_passed,
            "against_white": self.against_white.as_dict() if self.against_white else None,
            "against_highest": self.against_highest.as_dict() if self.against_highest else None,
            "suppressed": self.suppressed,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Stage:
    name: str
    highest: str | None  # code of the group with the highest assessable rate
    groups: tuple[StageGroup, ...]

    def group(self, code: str) -> StageGroup:
        return next(g for g in self.groups if code in {g.code, g.group})

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.name, "highest_rate_group": self.highest, "groups": [g.as_dict() for g in self.groups]}


@dataclass(frozen=True)
class Loss:
    """Where most of a group's applicants leave the process."""

    code: str
    group: str
    stage: str | None  # the stage they failed to reach; None when hidden or nobody was lost
    lost: int | None
    share_of_applicants: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "stage": self.stage,
            "lost": self.lost,
            "share_of_applicants": self.share_of_applicants,
        }


@dataclass(frozen=True)
class Funnel:
    stages: tuple[str, ...]
    applicants: dict[str, int | None]  # by group code, None where hidden
    steps: tuple[Stage, ...]  # one for each stage after the first
    losses: tuple[Loss, ...]
    rules: Rules
    warnings: tuple[str, ...] = ()

    def stage(self, name: str) -> Stage:
        return next(s for s in self.steps if s.name == name)

    @property
    def overall(self) -> Stage:
        """Application to the last stage (appointment), as one step."""
        return self.steps[-1]

    def as_dict(self) -> dict[str, Any]:
        return {
            "stages": list(self.stages),
            "applicants": [{"group": label(c), "code": c, "count": n} for c, n in self.applicants.items()],
            "steps": [s.as_dict() for s in self.steps],
            "most_lost_at": [loss.as_dict() for loss in self.losses],
            "warnings": list(self.warnings),
            "rules": self.rules.as_dict(),
        }


def _fisher(a: int, n_a: int, b: int, n_b: int) -> float:
    return float(stats.fisher_exact(np.array([[a, n_a - a], [b, n_b - b]])).pvalue)


def compare(
    passed: int, attempted: int, ref_passed: int, ref_attempted: int, reference: str, *, same_group: bool = False
) -> Comparison:
    """The adverse impact ratio of a group's rate to a reference rate, with its checks."""
    if attempted == 0 or ref_attempted == 0 or ref_passed == 0:
        return Comparison(reference, None, None, None, None, None)
    ratio = (passed / attempted) / (ref_passed / ref_attempted)
    if same_group:
        return Comparison(reference, ratio, False, None, None, None)
    below = ratio < FOUR_FIFTHS
    flipped = None
    survives = None
    if below and passed < attempted:
        flipped = ((passed + 1) / attempted) / (ref_passed / ref_attempted)
        survives = flipped < FOUR_FIFTHS
    return Comparison(reference, ratio, below, _fisher(passed, attempted, ref_passed, ref_attempted), flipped, survives)


def _protect(reached: Mapping[str, Sequence[int]], n_stages: int, threshold: int) -> dict[Any, Status]:
    """Counts reached and lost at each stage, each group and in total, protected together."""
    cells = Cells()
    codes = list(reached)
    for i in range(n_stages):
        for c in codes:
            cells.add(("reached", c, i), reached[c][i])
        cells.add(("reached", "all", i), sum(reached[c][i] for c in codes))
        cells.line(("reached", "all", i), [("reached", c, i) for c in codes])
        if i:
            for c in codes:
                cells.add(("lost", c, i), reached[c][i - 1] - reached[c][i])
                cells.line(("reached", c, i - 1), [("reached", c, i), ("lost", c, i)])
            cells.add(("lost", "all", i), sum(reached[c][i - 1] - reached[c][i] for c in codes))
            cells.line(("lost", "all", i), [("lost", c, i) for c in codes])
            cells.line(("reached", "all", i - 1), [("reached", "all", i), ("lost", "all", i)])
    return cells.protect(threshold)


def funnel(stages: Sequence[str], reached: Mapping[str, Sequence[int]], *, rules: Rules | None = None) -> Funnel:
    """Selection rates at every stage: `reached[group][i]` is how many of the group reached
    stage i (stage 0 the application). Raises ValueError when the counts cannot be a funnel."""
    rules = rules or Rules()
    if len(stages) < 2:
        raise ValueError("a funnel needs at least two stages (application and one more)")
    for code, counts in reached.items():
        if len(counts) != len(stages):
            raise ValueError(f"{label(code)}: {len(counts)} counts for {len(stages)} stages")
        if any(n < 0 for n in counts) or any(b > a for a, b in pairwise(counts)):
            raise ValueError(f"{label(code)}: more people at a stage than at the one before ({list(counts)})")
    status = _protect(reached, len(stages), rules.disclosure_threshold)

    def hidden(*keys: Any) -> bool:
        return any(status[k] != Status.SHOWN for k in keys)

    codes = list(reached)
    steps: list[Stage] = []
    for i in range(1, len(stages)):
        rows: dict[str, tuple[int, int]] = {c: (reached[c][i], reached[c][i - 1]) for c in codes}
        assessable = {
            c: (p, n)
            for c, (p, n) in rows.items()
            if n >= rules.min_events_for_rate and not hidden(("reached", c, i), ("reached", c, i - 1))
        }
        highest = max(assessable, key=lambda c: assessable[c][0] / assessable[c][1], default=None)
        total_passed = sum(p for p, _ in rows.values())
        passed = [rows[c][0] for c in codes]
        tried = [rows[c][1] for c in codes]
        low, high, _ = proportion_limits(passed, tried, exact_below=rules.exact_below, confidence=rules.confidence)
        groups: list[StageGroup] = []
        for j, c in enumerate(codes):
            p, n = rows[c]
            if hidden(("reached", c, i), ("reached", c, i - 1)):
                groups.append(StageGroup(c, label(c), None, None, None, None, None, None, None, None, None, True))
                continue
            notes: list[str] = []
            if c not in assessable:
                notes.append(f"Fewer than {rules.min_events_for_rate} people reached the stage before: not assessable.")
                groups.append(
                    StageGroup(c, label(c), n, p, None, None, None, None, None, None, None, False, tuple(notes))
                )
                continue
            if n < rules.unreliable_below:
                notes.append(f"Based on fewer than {rules.unreliable_below} people: treat the rate with caution.")
            white = compare(p, n, *assessable[WHITE], WHITE, same_group=c == WHITE) if WHITE in assessable else None
            top = compare(p, n, *assessable[highest], highest, same_group=c == highest) if highest else None
            first = reached[c][0]
            share = p / total_passed if total_passed and not hidden(("reached", "all", i)) else None
            groups.append(
                StageGroup(
                    c, label(c), n, p, p / n, clean(float(low[j])), clean(float(high[j])),
                    p / first if first else None, share, white, top, False, tuple(notes),
                )
            )  # fmt: skip
        steps.append(Stage(stages[i], highest, tuple(groups)))
    return Funnel(
        tuple(stages),
        {c: None if hidden(("reached", c, 0)) else reached[c][0] for c in codes},
        tuple(steps),
        tuple(_losses(stages, reached, hidden)),
        rules,
        ("Some counts of 1 to 4 people are not shown, nor any count that would give one back.",)
        if any(s != Status.SHOWN for s in status.values())
        else (),
    )


def overall(stages: Sequence[str], reached: Mapping[str, Sequence[int]], *, rules: Rules | None = None) -> Funnel:
    """Application straight to the last stage: the whole process as one selection."""
    return funnel([stages[0], stages[-1]], {c: [n[0], n[-1]] for c, n in reached.items()}, rules=rules)


def _losses(stages: Sequence[str], reached: Mapping[str, Sequence[int]], hidden: Any) -> list[Loss]:
    out: list[Loss] = []
    for c, counts in reached.items():
        lost = [(counts[i - 1] - counts[i], i) for i in range(1, len(stages))]
        most, at = max(lost, key=lambda x: (x[0], -x[1]))
        if most == 0 or hidden(("lost", c, at), ("reached", c, 0)):
            out.append(Loss(c, label(c), None, None, None))
        else:
            out.append(Loss(c, label(c), stages[at], most, most / counts[0]))
    return out


@dataclass(frozen=True)
class SupportRow:
    """Outcomes of those who had positive-action support against those who did not, in one group."""

    code: str
    group: str
    supported: int | None
    supported_appointed: int | None
    unsupported: int | None
    unsupported_appointed: int | None
    supported_rate: float | None
    unsupported_rate: float | None
    ratio: float | None  # supported rate / unsupported rate
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    p_value: float | None
    suppressed: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "supported": self.supported,
            "supported_appointed": self.supported_appointed,
            "unsupported": self.unsupported,
            "unsupported_appointed": self.unsupported_appointed,
            "supported_rate": self.supported_rate,
            "unsupported_rate": self.unsupported_rate,
            "ratio": self.ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "fisher_p": self.p_value,
            "suppressed": self.suppressed,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class PositiveAction:
    rows: tuple[SupportRow, ...]
    rules: Rules

    def as_dict(self) -> dict[str, Any]:
        return {"groups": [r.as_dict() for r in self.rows], "rules": self.rules.as_dict()}


def positive_action(counts: Mapping[str, tuple[int, int, int, int]], *, rules: Rules | None = None) -> PositiveAction:
    """`counts[group]` = (supported, of whom appointed, not supported, of whom appointed)."""
    rules = rules or Rules()
    cells = Cells()
    for c, (s, sa, u, ua) in counts.items():
        for key, value in (("s", s), ("sa", sa), ("sn", s - sa), ("u", u), ("ua", ua), ("un", u - ua)):
            cells.add((c, key), value)
        cells.line((c, "s"), [(c, "sa"), (c, "sn")])
        cells.line((c, "u"), [(c, "ua"), (c, "un")])
    status = cells.protect(rules.disclosure_threshold)
    rows: list[SupportRow] = []
    for c, (s, sa, u, ua) in counts.items():
        if any(status[(c, k)] != Status.SHOWN for k in ("s", "sa", "u", "ua")):
            rows.append(SupportRow(c, label(c), None, None, None, None, None, None, None, None, None, None, True))
            continue
        notes: list[str] = []
        if min(s, u) < rules.min_events_for_rate:
            notes.append("Too few people with or without support to compare: not assessable.")
            rows.append(SupportRow(c, label(c), s, sa, u, ua, None, None, None, None, None, None, False, tuple(notes)))
            continue
        ratio, low, high = katz_log([sa], [s], [ua], [u], confidence=rules.confidence)
        rows.append(
            SupportRow(
                c, label(c), s, sa, u, ua, sa / s, ua / u, clean(float(ratio[0])), clean(float(low[0])),
                clean(float(high[0])), _fisher(sa, s, ua, u), False, tuple(notes),
            )
        )  # fmt: skip
    return PositiveAction(tuple(rows), rules)
