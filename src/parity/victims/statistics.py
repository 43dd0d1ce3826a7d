"""The glue between stored victims' records and complaints and `parity.analysis`: records in, results out."""

from __future__ import annotations

from datetime import date

from parity.analysis.complaints import ComplaintCase, ComplaintMeasures, complaint_measures
from parity.analysis.rules import Rules
from parity.analysis.victims import VictimCase, VictimMeasures, victim_measures
from parity.reference.models import Force
from parity.victims import complaints_vocabulary as words
from parity.victims import vocabulary
from parity.victims.models import Complaint, Victim


def case_of(victim: Victim) -> VictimCase:
    """One stored victim as the measures see them: a satisfied answer is 1 or 2 of 5."""
    return VictimCase(
        group=victim.group,
        reported=victim.date_reported,
        first_update_due=victim.first_update_due,
        first_update_made=victim.first_update_made,
        outcome_class=vocabulary.outcome_class(victim.outcome),
        outcome_date=victim.outcome_date,
        outcome_notified=victim.outcome_notified,
        hate_strand=victim.hate_strand,
        answers={
            q: None if getattr(victim, q) is None else getattr(victim, q) in vocabulary.SATISFIED
            for q, _ in vocabulary.QUESTIONS
        },
        weight=None if victim.weight is None else float(victim.weight),
    )


def force_measures(force: Force, *, start: date, end: date, as_at: date, rules: Rules | None = None) -> VictimMeasures:
    """The measures for victims of crimes a force recorded as reported from `start` to `end`."""
    victims = Victim.objects.filter(force=force, date_reported__gte=start, date_reported__lte=end)
    return victim_measures(
        (case_of(v) for v in victims.iterator()),
        as_at=as_at,
        questions=vocabulary.QUESTIONS,
        strands=tuple(vocabulary.STRANDS),
        rules=rules or Rules.from_settings(),
    )


def complaint_case(complaint: Complaint) -> ComplaintCase:
    """One stored complaint as the measures see it."""
    return ComplaintCase(
        group=complaint.group,
        received=complaint.received,
        finalised=complaint.finalised,
        allegations=tuple(
            (a.category == words.DISCRIMINATION, a.result in words.DECIDED, a.result == "upheld")
            for a in complaint.allegations.all()
        ),
    )


def force_complaints(force: Force, *, start: date, end: date, rules: Rules | None = None) -> ComplaintMeasures:
    """The complaint measures for complaints a force received from `start` to `end`."""
    complaints = Complaint.objects.filter(force=force, received__gte=start, received__lte=end).prefetch_related(
        "allegations"
    )
    return complaint_measures((complaint_case(c) for c in complaints), rules=rules or Rules.from_settings())
