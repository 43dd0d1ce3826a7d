"""Lived-experience advisors reviewing closed complaints (issue 15, item 6).

Advisors sit on a complaints-review panel (`Panel.Kind.COMPLAINTS`): scrutiny's members,
vetting, training, declarations of interest and terms, with the role `Role.ADVISOR`. A draw
takes closed complaints by rule; each becomes a redacted case file; an advisor reviews it on a
structured form; a review that asks the force a question raises a scrutiny `Finding`, which
the force's professional standards answer through scrutiny's answer cycle (due dates,
overdue lists, audit), and which the action plan can turn into a recommendation.

Complainants' names and contact details never reach advisors: the extract has no column for
them, and the free text (the account and the reply) is redacted by the importer and again
when the case file is made (`parity.scrutiny.redaction.redact_text`).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from parity.accounts import audit
from parity.accounts.models import User
from parity.presentation.formatting import govuk_date
from parity.reference.ethnicity import Group
from parity.scrutiny.models import Finding, Panel
from parity.scrutiny.redaction import redact_text
from parity.scrutiny.services import notices
from parity.scrutiny.services.findings import raise_panel_finding
from parity.victims import complaints_vocabulary as words
from parity.victims.models import AdvisorReview, Complaint, ComplaintDraw, DrawnComplaint

THEME = "Complaint reviewed by lived-experience advisors"
MAX_SEED = 2**63 - 1


def check_panel(panel: Panel) -> None:
    if panel.kind != Panel.Kind.COMPLAINTS:
        raise ValidationError({"panel": "Complaints are drawn only for a complaints-review panel"})


def _discrimination_not_upheld(complaint: Complaint) -> bool:
    return any(a.category == words.DISCRIMINATION and a.result != "upheld" for a in complaint.allegations.all())


def case_file(complaint: Complaint) -> dict[str, Any]:
    """The complaint as advisors see it: allegations, handling, outcome, days to finalise,
    the account and the reply, redacted; never a name or contact detail."""
    account, removed_account = redact_text(complaint.account)
    reply, removed_reply = redact_text(complaint.reply)
    return {
        "case_reference": complaint.case_reference,
        "received": govuk_date(complaint.received),
        "finalised": govuk_date(complaint.finalised) if complaint.finalised else None,
        "days_to_finalise": complaint.days_to_finalise,
        "handling": words.HANDLING.get(complaint.handling, complaint.handling),
        "complainant_group": Group(complaint.group).label,
        "allegations": [
            {
                "category": words.CATEGORIES.get(a.category, a.category),
                "characteristic": words.CHARACTERISTICS.get(a.characteristic, ""),
                "result": words.RESULTS.get(a.result, a.result),
            }
            for a in complaint.allegations.order_by("reference")
        ],
        "account": account,
        "reply": reply,
        "removed": removed_account + removed_reply,
    }


@transaction.atomic
def draw(
    panel: Panel,
    *,
    start: dt.date,
    end: dt.date,
    share_percent: int,
    seed: int | None = None,
    by: User | None = None,
) -> ComplaintDraw:
    """Every complaint finalised in the period with a discrimination allegation not upheld,
    and `share_percent` of the others, chosen at random by `seed` (given, the draw repeats).
    Complaints already drawn for this panel are left out."""
    check_panel(panel)
    if end < start:
        raise ValidationError({"period_end": "The end of the period must be on or after its start"})
    if not 0 <= share_percent <= 100:
        raise ValidationError({"share_percent": "Enter a percentage from 0 to 100"})
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    held = DrawnComplaint.objects.filter(panel=panel).values("case_reference")
    closed = list(
        Complaint.objects.filter(force=panel.force, finalised__gte=start, finalised__lte=end)
        .exclude(case_reference__in=held)
        .prefetch_related("allegations")
        .order_by("case_reference")
    )
    discrimination = [c for c in closed if _discrimination_not_upheld(c)]
    rest = [c for c in closed if not _discrimination_not_upheld(c)]
    rng = random.Random(seed)  # noqa: S311 - a repeatable draw, not a secret
    others = sorted(rng.sample(rest, round(len(rest) * share_percent / 100)), key=lambda c: c.case_reference)
    made = ComplaintDraw.objects.create(
        panel=panel,
        period_start=start,
        period_end=end,
        share_percent=share_percent,
        seed=seed,
        closed=len(closed),
        discrimination=len(discrimination),
        others=len(others),
        drawn_by=by,
    )
    DrawnComplaint.objects.bulk_create(
        DrawnComplaint(
            draw=made, panel=panel, complaint=c, case_reference=c.case_reference, reason=reason, case_file=case_file(c)
        )
        for reason, chosen in (("discrimination", discrimination), ("random", others))
        for c in chosen
    )
    audit.record(
        "complaints.drawn",
        obj=made,
        summary=f"Drew {len(discrimination) + len(others)} closed complaints for {panel}: "
        f"{len(discrimination)} with a discrimination allegation not upheld, {len(others)} of the other "
        f"{len(rest)} at random ({share_percent}%, seed {seed})",
    )
    if made.discrimination + made.others:
        link = reverse("victims:advisors-panel", kwargs={"panel_id": panel.pk})
        notices.complaints_drawn(panel, made.discrimination + made.others, link, by=by)
    return made


@dataclass(frozen=True)
class ReviewAnswers:
    account_engaged: str
    discrimination_considered: str
    reply_respectful_clear: str
    learning: str
    refer: bool = False
    finding: str = ""


@transaction.atomic
def save_review(drawn: DrawnComplaint, reviewer: User, answers: ReviewAnswers) -> AdvisorReview:
    """The advisor's review (saved again, it is changed); asking the force a question raises a
    finding for professional standards, due within the panel's answer period, once."""
    if not answers.learning.strip():
        raise ValidationError({"learning": "Say what the force should learn from this complaint"})
    if answers.refer and not answers.finding.strip():
        raise ValidationError({"finding": "Say what you ask the force's professional standards to answer"})
    review = AdvisorReview.objects.filter(drawn=drawn, reviewer=reviewer).first() or AdvisorReview(
        drawn=drawn, reviewer=reviewer
    )
    review.account_engaged = answers.account_engaged
    review.discrimination_considered = answers.discrimination_considered
    review.reply_respectful_clear = answers.reply_respectful_clear
    review.learning = answers.learning.strip()
    review.full_clean(exclude=["finding"])
    if answers.refer and review.finding is None:
        summary = f"Complaint {drawn.case_reference}: {answers.finding.strip()}"
        review.finding = raise_panel_finding(drawn.panel, summary, theme=THEME, by=reviewer)
    review.save()
    return review


def drawn_for(panel: Panel) -> QuerySet[DrawnComplaint]:
    return DrawnComplaint.objects.filter(panel=panel).select_related("draw").order_by("-draw__drawn_at", "id")


def findings_for(panel: Panel) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(panel=panel)
        .select_related("response", "advisor_review__drawn")
        .order_by("-raised_at", "-id")
    )
