"""Members' reviews of a case, how far they agree, and the panel's decision on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parity.accounts.models import User
from parity.scrutiny import questions
from parity.scrutiny.models import Case, Finding, Review
from parity.scrutiny.services import findings


@dataclass(frozen=True)
class ReviewAnswers:
    verdict: str
    conduct: str
    explanation_given: str = ""  # stop and search
    receipt_offered: str = ""  # stop and search
    observations: str = ""
    refer: bool = False
    # Answers to the case's own questions by key (parity.scrutiny.questions), for every kind.
    answers: Mapping[str, str] = field(default_factory=dict)


@transaction.atomic
def save_review(case: Case, reviewer: User, answers: ReviewAnswers) -> Review:
    """Record (or change) one member's review; closed once the panel has decided the case."""
    if case.decided:
        raise ValidationError("The panel has already decided this case, so reviews can no longer change.")
    if answers.verdict not in case.panel.verdict_scale:
        raise ValidationError({"verdict": "Choose a verdict from the panel's scale"})
    review = Review.objects.filter(case=case, reviewer=reviewer).first() or Review(case=case, reviewer=reviewer)
    review.verdict = answers.verdict
    review.conduct = answers.conduct
    given = {"explanation_given": answers.explanation_given, "receipt_offered": answers.receipt_offered}
    try:
        questions.store(review, questions.for_case(case), given | dict(answers.answers))
    except ValueError as missing:
        raise ValidationError(str(missing)) from None
    review.observations = answers.observations.strip()
    review.refer = answers.refer
    review.full_clean()
    review.save()
    return review


@dataclass(frozen=True)
class Agreement:
    """Members' verdicts on one case, combined."""

    reviews: int
    verdicts: list[tuple[str, int]]  # every verdict on the panel's scale, in order, with its count
    leading: str | None  # the verdict most gave, if one verdict has more than any other
    leading_count: int
    refer_votes: int
    conduct: list[tuple[str, int]]
    answers: list[dict[str, Any]]  # members' answers to each of the case's questions, counted

    @property
    def summary(self) -> str:
        """ "All 3 agree", "Both agree", "2 of 3 agree", "No agreement" or "Not reviewed yet"."""
        if self.reviews == 0:
            return "Not reviewed yet"
        if self.leading is None:
            return "No agreement"
        if self.leading_count == self.reviews:
            if self.reviews <= 2:
                return "The only review" if self.reviews == 1 else "Both agree"
            return f"All {self.reviews} agree"
        return f"{self.leading_count} of {self.reviews} agree"

    @property
    def majority(self) -> bool:
        return self.leading is not None and self.leading_count * 2 > self.reviews

    @property
    def suggested_verdict(self) -> str:
        return self.leading if self.majority and self.leading else ""

    @property
    def suggest_refer(self) -> bool:
        return self.refer_votes * 2 > self.reviews


def _counted(choices: type[Review.Conduct] | type[Review.Answer], values: list[str]) -> list[tuple[str, int]]:
    counts = Counter(values)
    return [(str(label), counts[value]) for value, label in choices.choices if counts[value]]


def agreement(case: Case, reviews: list[Review] | None = None) -> Agreement:
    rows = reviews if reviews is not None else list(case.reviews.all())
    counts = Counter(r.verdict for r in rows)
    scale = list(case.panel.verdict_scale) + sorted(v for v in counts if v not in case.panel.verdict_scale)
    ranked = counts.most_common()
    leading = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return Agreement(
        reviews=len(rows),
        verdicts=[(v, counts[v]) for v in scale],
        leading=leading,
        leading_count=counts[leading] if leading else 0,
        refer_votes=sum(r.refer for r in rows),
        conduct=_counted(Review.Conduct, [r.conduct for r in rows]),
        answers=questions.tally(rows, questions.for_case(case)),
    )


@dataclass(frozen=True)
class Decision:
    verdict: str
    refer: bool
    themes: tuple[str, ...] = ()
    notes: str = ""
    finding: str = ""  # what the panel asks the force, when it refers the case


@transaction.atomic
def decide(case: Case, decision: Decision, *, by: User | None = None) -> Finding | None:
    """Record the panel's decision; a referral becomes a finding for the force to answer.

    Returns the case's finding, if it has one. Withdrawing a referral removes its finding
    while the force has not answered it yet.
    """
    panel = case.panel
    if decision.verdict not in panel.verdict_scale:
        raise ValidationError({"verdict": "Choose a verdict from the panel's scale"})
    unknown = [t for t in decision.themes if t not in panel.themes]
    if unknown:
        raise ValidationError({"themes": f"Not one of the panel's themes: {', '.join(unknown)}"})
    existing = Finding.objects.filter(case=case).first()
    if decision.refer and not decision.finding.strip() and existing is None:
        raise ValidationError({"finding": "Say what the panel asks the force to answer"})
    if not decision.refer and existing is not None:
        if hasattr(existing, "response"):
            raise ValidationError({"refer": "The force has already answered this referral, so it stays referred."})
        existing.delete()
        existing = None
    case.verdict = decision.verdict
    case.refer = decision.refer
    case.themes = list(decision.themes)
    case.decision_notes = decision.notes.strip()
    case.decided_by = by
    case.decided_at = timezone.now()
    case.save()
    if not decision.refer:
        return None
    theme = decision.themes[0] if decision.themes else ""
    if existing is None:
        return findings.raise_finding(case, decision.finding, theme=theme, by=by)
    if decision.finding.strip():
        existing.summary = decision.finding.strip()
        existing.theme = theme
        existing.save()
    return existing
