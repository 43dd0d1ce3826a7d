"""The questions a member answers on a case, chosen by what the case is.

A stop and search asks whether the reason was explained and a receipt offered; those mean
nothing for a use of force, which asks whether force was necessary, de-escalation tried, the
body-worn video matched the record, injuries were treated and the person's age or
vulnerability was respected. Every kind shares the verdict (on the panel's scale), conduct,
observations and referral. The review form, the case pack, the decision page and panel
reports all read the questions from here, so a new kind of record needs only a new set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parity.scrutiny.models import Case, Review
from parity.scrutiny.sampling import STOP_SEARCH, USE_OF_FORCE, Dataset

# Answers the stop-and-search questions were first stored in, as Review fields.
STORED_AS_FIELDS = frozenset({"explanation_given", "receipt_offered"})


@dataclass(frozen=True)
class Question:
    key: str
    label: str  # the question on the form
    short: str  # how a review or report names it: "Reason explained"
    required: str  # the error when it is left unanswered


@dataclass(frozen=True)
class QuestionSet:
    dataset: Dataset
    name: str  # "Stop and search"
    verdict: str  # the verdict question, answered on the panel's scale
    verdict_short: str
    conduct: str
    questions: tuple[Question, ...]
    verdict_required: str  # the errors when the verdict or conduct is left unanswered
    conduct_required: str


SETS: dict[Dataset, QuestionSet] = {
    STOP_SEARCH: QuestionSet(
        STOP_SEARCH,
        "Stop and search",
        "Were the grounds for the search reasonable?",
        "Grounds",
        "How did the officer conduct the search?",
        (
            Question(
                "explanation_given",
                "Did the officer explain the reason for the search?",
                "Reason explained",
                "Say whether the officer explained the reason for the search",
            ),
            Question(
                "receipt_offered",
                "Was the person offered a record of the search (a receipt)?",
                "Receipt offered",
                "Say whether the person was offered a receipt",
            ),
        ),
        "Choose a verdict on the grounds",
        "Choose how the officer conducted the search",
    ),
    USE_OF_FORCE: QuestionSet(
        USE_OF_FORCE,
        "Use of force",
        "Was the force used necessary, proportionate and reasonable, given what the officer recorded?",
        "Force justified",
        "How did the officer treat the person?",
        (
            Question(
                "de_escalation",
                "Did the officer try to calm things down before using force?",
                "De-escalation tried",
                "Say whether the officer tried to calm things down first",
            ),
            Question(
                "bwv_matches",
                "Was body-worn video on, and does it match the officer’s record?",
                "Video on and matches the record",
                "Say whether body-worn video was on and matches the record",
            ),
            Question(
                "injuries_treated",
                "Were any injuries treated and recorded?",
                "Injuries treated and recorded",
                "Say whether injuries were treated and recorded",
            ),
            Question(
                "age_vulnerability",
                "Was the person treated in a way that fits their age and any vulnerability?",
                "Treatment fits age and vulnerability",
                "Say whether the treatment fits the person’s age and any vulnerability",
            ),
        ),
        "Choose a verdict on whether the force was justified",
        "Choose how the officer treated the person",
    ),
}


def dataset_of(case: Case) -> Dataset:
    """What the case is, from its own copy of the record (which outlives a re-import)."""
    return USE_OF_FORCE if case.snapshot.get("kind") == USE_OF_FORCE else STOP_SEARCH


def for_case(case: Case) -> QuestionSet:
    return SETS[dataset_of(case)]


def answer(review: Review, key: str) -> str:
    """A review's answer to one question: "yes", "no", "not-known", or "" if not asked."""
    if key in STORED_AS_FIELDS:
        return str(getattr(review, key))
    return str(review.answers.get(key, ""))


def store(review: Review, questions: QuestionSet, given: dict[str, str]) -> None:
    """Put the answers on the review: the set's questions only, each as it is stored."""
    review.answers = {}
    review.explanation_given = review.receipt_offered = ""
    for question in questions.questions:
        value = given.get(question.key, "")
        if value not in Review.Answer.values:
            raise ValueError(question.required)
        if question.key in STORED_AS_FIELDS:
            setattr(review, question.key, value)
        else:
            review.answers[question.key] = value


def answered(review: Review, questions: QuestionSet) -> list[tuple[Question, str]]:
    """(question, answer label) for each question, for the case pack's list of reviews."""
    labels = dict(Review.Answer.choices)
    return [(q, str(labels.get(answer(review, q.key), "not answered"))) for q in questions.questions]


def tally(reviews: Iterable[Review], questions: QuestionSet) -> list[dict[str, Any]]:
    """Members' answers to each question, counted: [{question, counts: [(label, n)], total}]."""
    rows = list(reviews)
    out = []
    for question in questions.questions:
        counts = Counter(answer(r, question.key) for r in rows)
        shown = [(str(label), counts[value]) for value, label in Review.Answer.choices]
        out.append({"question": question, "counts": shown, "total": sum(n for _, n in shown)})
    return out
