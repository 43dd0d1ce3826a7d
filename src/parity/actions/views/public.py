"""What anyone can see, signed in or not: published actions and published reports only.

Nothing here names an owner or shows an internal note: a published action shows its
status, rating, dates, milestones, the notes and evidence its owner marked public, and
the trend of the measures it follows.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.actions import published
from parity.actions.views.action import file_response
from parity.actions.views.cycle import pdf_response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "actions/public/index.html", {"forces": published.forces_with_published_actions()})


@require_safe
def plan(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "actions/public/plan.html", published.plan(force))


@require_safe
def action(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "actions/public/action.html", published.action(force, pk))


@require_safe
def report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "actions/public/report.html", published.report(force, pk))


@require_safe
def report_pdf(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return pdf_response(published.public_report(force, pk))


@require_safe
def evidence_file(request: HttpRequest, force: str, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = published.public_evidence(force, pk, evidence_pk)
    if not evidence.file_path:
        raise Http404("not a file")
    return file_response(evidence)
