"""A case: its pack (the redacted record), members' reviews, the panel's decision, and its
body-worn-video log. Every view of a case pack or a video log is written to the audit trail."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import has_role
from parity.scrutiny import access, pages, questions
from parity.scrutiny.forms import BwvAnswerForm, BwvViewingForm, DecisionForm, ReviewForm
from parity.scrutiny.models import BwvRequest, Case, Review
from parity.scrutiny.services import bwv as bwv_services
from parity.scrutiny.services import reviews as services
from parity.web.form_pages import add_errors

CASE_PANEL = access.panel_of(Case, "case_id")


def _case(case_id: int) -> Case:
    return pages.case(case_id)


@access.panel_view(*access.READERS, panel=CASE_PANEL, records=True)
@require_safe
def case_pack(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    user = cast(User, request.user)
    audit.record_view(case, summary=f"Viewed the case pack of case {case.number}, {case.sample.meeting}")
    context = pages.case_pack(case, user, request)
    return render(request, "scrutiny/case.html", context)


@access.panel_view(*access.PANEL_PEOPLE, panel=CASE_PANEL, records=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    user = cast(User, request.user)
    if not access.can_review(user, case.panel):
        raise access.deny(request, case.panel, "observers do not give verdicts")
    own = pages.own_review(case, user)
    asked = questions.for_case(case)
    if case.decided:
        return _review_closed(request, case, own, asked)
    initial = (
        {
            "verdict": own.verdict,
            "conduct": own.conduct,
            "observations": own.observations,
            "refer": "yes" if own.refer else "no",
        }
        | {q.key: questions.answer(own, q.key) for q in asked.questions}
        if own
        else {}
    )
    sent = request.POST if request.method == "POST" else None
    form = ReviewForm(data=sent, initial=initial, panel=case.panel, questions=asked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = services.ReviewAnswers(
            verdict=data["verdict"],
            conduct=data["conduct"],
            observations=data["observations"],
            refer=data["refer"] == "yes",
            answers={q.key: data[q.key] for q in asked.questions},
        )
        try:
            services.save_review(case, user, answers)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Your review of case {case.number} has been saved.")
            return redirect("scrutiny:case", case_id=case.pk)
    audit.record_view(case, summary=f"Viewed the case pack of case {case.number} to review it")
    context = {"case": case, "s": case.snapshot, "panel": case.panel, "form": form, "own": own, "asked": asked}
    return render(request, "scrutiny/review.html", context)


def _review_closed(request: HttpRequest, case: Case, own: Review | None, asked: questions.QuestionSet) -> HttpResponse:
    """Once the panel has decided a case, a member's review is shown read-only; a review sent
    after the decision (a page left open) is refused, audited, and nothing changes."""
    if request.method == "POST":
        audit.record_denied(request, "the panel has already decided this case", force=case.panel.force_id)
        messages.error(request, f"The panel has already decided case {case.number}, so your review was not changed.")
        return redirect("scrutiny:review", case_id=case.pk)
    audit.record_view(case, summary=f"Viewed the case pack of case {case.number} and their review of it")
    context = {"case": case, "s": case.snapshot, "panel": case.panel, "form": None, "own": own, "asked": asked}
    context["rows"] = (
        [(asked.verdict_short, own.verdict), ("Conduct", own.get_conduct_display())]
        + [(question.short, given) for question, given in questions.answered(own, asked)]
        + [("Would refer to the force", "Yes" if own.refer else "No"), ("Observations", own.observations or "None")]
        if own
        else []
    )
    return render(request, "scrutiny/review.html", context)


@access.panel_view(*access.CHAIR, panel=CASE_PANEL, records=True)
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    reviews = list(case.reviews.select_related("reviewer"))
    combined = services.agreement(case, reviews)
    finding = pages.case_finding(case)
    if case.decided_at:
        initial = {"verdict": case.verdict, "refer": "yes" if case.refer else "no", "themes": case.themes}
    else:
        initial = {"verdict": combined.suggested_verdict, "refer": "yes" if combined.suggest_refer else "no"}
    initial |= {"notes": case.decision_notes, "finding": finding.summary if finding else ""}
    form = DecisionForm(data=request.POST if request.method == "POST" else None, initial=initial, panel=case.panel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = services.Decision(
            verdict=data["verdict"],
            refer=data["refer"] == "yes",
            themes=tuple(data["themes"]),
            notes=data["notes"],
            finding=data["finding"],
        )
        try:
            made = services.decide(case, chosen, by=cast(User, request.user))
        except ValidationError as error:
            add_errors(form, error)
        else:
            due = f" The force must answer by {made.due_on:%-d %B %Y}." if made else ""
            messages.success(request, f"The panel's decision on case {case.number} has been recorded.{due}")
            return redirect("scrutiny:meeting", meeting_id=case.sample.meeting_id)
    context = {"case": case, "s": case.snapshot, "panel": case.panel, "form": form, "agreement": combined}
    context |= {"reviews": reviews}
    return render(request, "scrutiny/decision.html", context)


def _video_page(
    request: HttpRequest,
    case: Case,
    answer_form: BwvAnswerForm | None = None,
    viewing_form: BwvViewingForm | None = None,
) -> HttpResponse:
    user = cast(User, request.user)
    bwv = pages.video_log(case)
    audit.record_view(bwv or case, summary=f"Viewed the body-worn-video log of case {case.number}")
    answer_form = answer_form or BwvAnswerForm(
        initial={"reason": BwvRequest.Reason.DELETED.value} if bwv_services.past_retention(case) else {}
    )
    viewing_form = viewing_form or BwvViewingForm()
    sent = answer_form if answer_form.is_bound else viewing_form if viewing_form.is_bound else None
    context = {
        "case": case,
        "s": case.snapshot,
        "panel": case.panel,
        "bwv": bwv,
        "viewings": bwv.viewings.select_related("viewed_by") if bwv else [],
        "retention_ends": bwv_services.retention_ends(case),
        "past_retention": bwv_services.past_retention(case),
        "can_ask": has_role(user, *access.PANEL_PEOPLE, panel=case.panel),
        "can_answer": has_role(user, *access.ANSWERERS, panel=case.panel),
        "answer_form": answer_form,
        "viewing_form": viewing_form,
        "form": sent,
    }
    return render(request, "scrutiny/video.html", context)


@access.panel_view(*access.READERS, panel=CASE_PANEL, records=True)
@require_safe
def video(request: HttpRequest, case_id: int) -> HttpResponse:
    return _video_page(request, _case(case_id))


@access.panel_view(*access.PANEL_PEOPLE, panel=CASE_PANEL, records=True)
@require_POST
def video_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    bwv = bwv_services.request_footage(case, by=cast(User, request.user))
    if bwv.status == BwvRequest.Status.NOT_AVAILABLE:
        messages.success(request, "The force's record says the camera was not switched on, so there is no footage.")
    else:
        messages.success(request, "The footage has been asked for. The force will say whether it is available.")
    return redirect("scrutiny:video", case_id=case.pk)


@access.panel_view(*access.ANSWERERS, panel=CASE_PANEL, records=True)
@require_POST
def video_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    bwv = pages.footage_request(case)
    form = BwvAnswerForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            bwv_services.answer_request(
                bwv, data["status"], data["reason"], data["detail"], by=cast(User, request.user)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The panel has been told whether the footage is available.")
            return redirect("scrutiny:video", case_id=case.pk)
    return _video_page(request, case, answer_form=form)


@access.panel_view(*access.PANEL_PEOPLE, panel=CASE_PANEL, records=True)
@require_POST
def video_viewed(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(case_id)
    bwv = pages.footage_request(case)
    form = BwvViewingForm(data=request.POST)
    if form.is_valid():
        try:
            bwv_services.record_viewing(bwv, by=cast(User, request.user), note=form.cleaned_data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "We have recorded that you watched the footage.")
            return redirect("scrutiny:video", case_id=case.pk)
    return _video_page(request, case, viewing_form=form)
