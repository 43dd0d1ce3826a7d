"""Published panel reports: the only scrutiny pages anyone can read without signing in.
They show the content frozen at publication, with small numbers protected."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from parity.scrutiny.models import Report
from parity.scrutiny.services.publishing import published
from parity.scrutiny.views.reports import pdf_response


@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    by_force = [(force, list(rows)) for force, rows in groupby(published(), key=lambda r: r.panel.force.name)]
    return render(request, "scrutiny/public_reports.html", {"by_force": by_force})


@require_safe
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("panel__force"), pk=report_id)
    return render(request, "scrutiny/public_report.html", {"report": report, "r": report.content})


@require_safe
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    return pdf_response(report.content, f"panel-report-{report.pk}.pdf")
