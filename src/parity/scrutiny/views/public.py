"""Published panel reports: the only scrutiny pages anyone can read without signing in.
They show the content frozen at publication, with small numbers protected."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.scrutiny.services import publishing
from parity.scrutiny.views.reports import pdf_response


@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "scrutiny/public_reports.html", {"by_force": publishing.published_by_force()})


@require_safe
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = publishing.published_report(report_id)
    return render(request, "scrutiny/public_report.html", {"report": report, "r": report.content})


@require_safe
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = publishing.published_report(report_id)
    return pdf_response(report.content, f"panel-report-{report.pk}.pdf")
