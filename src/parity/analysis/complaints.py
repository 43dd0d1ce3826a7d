"""Complaints against the police by the complainant's ethnic group (METHODS.md §3).

Three shares, each with its interval and gap to White complainants (the machinery of
`parity.analysis.victims`): complaints that allege discriminatory behaviour, of all complaints;
allegations upheld, of those decided (upheld or not); discrimination allegations upheld, of
those decided. And the median days to finalise a complaint. A decided allegation is counted
once for the complainant who made it, so a complaint with many allegations weighs more in the
allegation shares: each result says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from parity.analysis.feedback import ROWS
from parity.analysis.rules import Rules
from parity.analysis.victims import MIN_VICTIMS, GroupDays, ShareMeasure, median_days, share_measure

MEASURES: tuple[tuple[str, str], ...] = (
    ("alleges_discrimination", "Complaints alleging discriminatory behaviour"),
    ("upheld", "Allegations upheld, of those decided"),
    ("discrimination_upheld", "Discrimination allegations upheld, of those decided"),
)
ALLEGATIONS_CAVEAT = (
    "Allegation shares count each decided allegation, so a complaint with several allegations counts several times."
)


@dataclass(frozen=True)
class ComplaintCase:
    """One complaint: the complainant's group, when received and finalised, and for each
    allegation (discriminatory, decided, upheld)."""

    group: str
    received: date
    finalised: date | None
    allegations: tuple[tuple[bool, bool, bool], ...]


@dataclass(frozen=True)
class ComplaintMeasures:
    complaints: int
    shares: tuple[ShareMeasure, ...]
    days_to_finalise: tuple[GroupDays, ...]
    rules: Rules

    def measure(self, name: str) -> ShareMeasure:
        return next(m for m in self.shares if m.name == name)

    def days(self, group: str) -> GroupDays:
        return next(d for d in self.days_to_finalise if group.lower() in {d.group, d.label.lower()})

    def as_dict(self) -> dict[str, Any]:
        return {
            "analysis": "complaints-by-ethnicity",
            "ethnicity": "self-defined (the complainant's)",
            "classification": "5+1",
            "reference": "white",
            "shares": [m.as_dict() for m in self.shares],
            "days_to_finalise": [d.as_dict() for d in self.days_to_finalise],
            "caveat": ALLEGATIONS_CAVEAT,
            "rules": self.rules.as_dict(),
        }


def complaint_measures(cases: Iterable[ComplaintCase], *, rules: Rules | None = None) -> ComplaintMeasures:
    """The shares and days to finalise by the complainant's group."""
    rules = rules or Rules()
    flags: dict[str, dict[str, list[tuple[bool, float]]]] = {name: {r: [] for r in ROWS} for name, _ in MEASURES}
    waits: dict[str, list[int]] = {r: [] for r in ROWS}
    count = 0
    for case in cases:
        count += 1
        flags["alleges_discrimination"][case.group].append((any(a[0] for a in case.allegations), 1.0))
        for discriminatory, decided, upheld in case.allegations:
            if decided:
                flags["upheld"][case.group].append((upheld, 1.0))
                if discriminatory:
                    flags["discrimination_upheld"][case.group].append((upheld, 1.0))
        if case.finalised is not None:
            waits[case.group].append((case.finalised - case.received).days)
    shares = tuple(
        share_measure(name, label, flags[name], minimum=MIN_VICTIMS, weighted=False, rules=rules)
        for name, label in MEASURES
    )
    return ComplaintMeasures(count, shares, median_days(waits, rules=rules), rules)
