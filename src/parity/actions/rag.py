"""The RAG rating: red, amber or green, worked out from dates and updates, never typed in.

An owner says how their action is going; the rating also looks at the calendar, so an
action whose owner keeps writing "on track" after its due date has passed still shows red.
Every rating carries its reasons in words, so the steering group sees why.

The rule (docs/reference/action-plans.md#the-rag-rating), on a given date:

- A complete or closed action has no rating: it shows "Complete" or "Closed".
- Red if any of: the due date has passed (unless the owner asked the board to sign it off
  on or before the due date: then it is waiting for the board, not late); the owner's
  latest update says "off track"; no update for more than 90 days (counted from when the
  action was added, if it never had one).
- Amber, if not red, when any of: the latest update says "at risk"; a milestone's date has
  passed and it is not done; no update for more than 45 days; due within 30 days and still
  "not started"; no owner; no due date.
- Green otherwise.

This module is pure (facts in, rating out) so the rule can be tested date by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from parity.presentation.formatting import govuk_date

DUE_SOON_DAYS = 30
QUIET_DAYS = 45  # one monthly cycle missed, with two weeks' grace
SILENT_DAYS = 90  # two cycles and more missed


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour; the word is always shown too, so colour is never the only cue."""
        colour = {"red": "red", "amber": "yellow", "green": "green", "complete": "blue", "closed": "grey"}[self.value]
        return f"govuk-tag govuk-tag--{colour}"

    @property
    def rank(self) -> int:
        """Worst first, for sorting."""
        return ["red", "amber", "green", "complete", "closed"].index(self.value)


@dataclass(frozen=True)
class Facts:
    """What the rule looks at, as it stood on the day of the rating."""

    status: str  # a value of models.Status
    added_on: date
    due_on: date | None
    has_owner: bool
    last_update_on: date | None
    completion_requested_on: date | None = None
    missed_milestones: tuple[tuple[str, date], ...] = ()  # (title, date) due before the day, not done


@dataclass(frozen=True)
class Rating:
    rag: Rag
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.rag.label

    @property
    def tag_class(self) -> str:
        return self.rag.tag_class

    @property
    def explanation(self) -> str:
        """The reasons as a sentence: "Was due on 1 October 2026, 7 weeks ago; no update for 50 days."."""
        text = "; ".join(self.reasons)
        return f"{text[:1].upper()}{text[1:]}." if text else ""

    @property
    def summary(self) -> str:
        return f"{self.rag.label}: {'; '.join(self.reasons)}" if self.reasons else self.rag.label


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    return f"{round(days / 30.4)} months ago"


def _red(facts: Facts, on: date) -> list[str]:
    reasons = []
    waiting = facts.completion_requested_on is not None and (
        facts.due_on is None or facts.completion_requested_on <= facts.due_on
    )
    if facts.due_on is not None and facts.due_on < on and not waiting:
        reasons.append(f"was due on {govuk_date(facts.due_on)}, {_ago((on - facts.due_on).days)}")
    if facts.status == "off-track":
        reasons.append("the owner's latest update says it is off track")
    quiet = (on - (facts.last_update_on or facts.added_on)).days
    if quiet > SILENT_DAYS:
        reasons.append(f"{_silence(facts)} for {quiet} days (more than {SILENT_DAYS})")
    return reasons


def _amber(facts: Facts, on: date) -> list[str]:
    reasons = []
    quiet = (on - (facts.last_update_on or facts.added_on)).days
    if QUIET_DAYS < quiet <= SILENT_DAYS:
        reasons.append(f"{_silence(facts)} for {quiet} days (more than {QUIET_DAYS})")
    if facts.status == "at-risk":
        reasons.append("the owner's latest update says it is at risk")
    reasons += [
        f"milestone “{title}” was due on {govuk_date(due)} and is not done" for title, due in facts.missed_milestones
    ]
    if facts.due_on is not None and 0 <= (facts.due_on - on).days <= DUE_SOON_DAYS and facts.status == "not-started":
        reasons.append(f"due on {govuk_date(facts.due_on)} and not started")
    if not facts.has_owner:
        reasons.append("no one owns it")
    if facts.due_on is None:
        reasons.append("it has no due date")
    return reasons


def _silence(facts: Facts) -> str:
    return "no update since it was added" if facts.last_update_on is None else "no update"


def rate(facts: Facts, on: date) -> Rating:
    """The rating on `on`, with every reason that applies (red ones first)."""
    if facts.status == "complete":
        return Rating(Rag.COMPLETE, ())
    if facts.status == "closed":
        return Rating(Rag.CLOSED, ())
    red, amber = _red(facts, on), _amber(facts, on)
    if red:
        return Rating(Rag.RED, tuple(red + amber))
    if amber:
        return Rating(Rag.AMBER, tuple(amber))
    return Rating(Rag.GREEN, ())
