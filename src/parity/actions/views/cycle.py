"""The monthly cycle: snapshots for the steering group, and the reports made from them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.actions import pages, reports, snapshots
from parity.actions.access import BOARD, READERS, is_board
from parity.actions.forms import ReportForm, SnapshotForm
from parity.actions.models import Report, ReportKind
from parity.presentation import formatting
from parity.reference.models import Force
from parity.web.form_pages import form_page


def _last_month() -> str:
    return snapshots.previous_month(snapshots.month_of(timezone.localdate()))


def _snapshots_context(request: HttpRequest, force: Force, form: SnapshotForm) -> dict[str, object]:
    return {
        "force": force,
        "board": is_board(request.user, force),
        "form": form,
        "snapshots": pages.snapshots(force),
    }


@role_required(*READERS, force="force")
@require_safe
def snapshot_list(request: HttpRequest, force: str) -> HttpResponse:
    form = SnapshotForm(initial={"month": _last_month()})
    return render(request, "actions/snapshots.html", _snapshots_context(request, pages.force(force), form))


@role_required(*BOARD, force="force")
@require_POST
def take_snapshot(request: HttpRequest, force: str) -> HttpResponse:
    """The secretary's step at each month's end: record the register as it stands."""
    force_obj = pages.force(force)
    form = SnapshotForm(request.POST)
    if form.is_valid():
        taken = snapshots.take(force_obj, form.cleaned_data["month"], by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"The snapshot for {formatting.month(taken.month)} has been taken.")
        return redirect("actions:snapshot", force=force, month=taken.month)
    return render(request, "actions/snapshots.html", _snapshots_context(request, force_obj, form))


@role_required(*READERS, force="force")
@require_safe
def snapshot(request: HttpRequest, force: str, month: str) -> HttpResponse:
    return render(request, "actions/snapshot.html", pages.snapshot(force, month))


@role_required(*READERS, force="force")
@require_safe
def report_list(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = pages.force(force)
    return render(request, "actions/reports.html", _reports_context(request, force_obj, ReportForm()))


def _reports_context(request: HttpRequest, force: Force, form: ReportForm) -> dict[str, object]:
    return {
        "force": force,
        "board": is_board(request.user, force),
        "form": form,
        "reports": pages.reports(force),
    }


@role_required(*BOARD, force="force")
@require_POST
def make_report(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = pages.force(force)
    form = ReportForm(request.POST)

    def make(data: dict[str, Any]) -> Report:
        maker = reports.steering_pack if data["kind"] == ReportKind.STEERING_GROUP else reports.public_report
        return maker(force_obj, data["period"].strip(), by=request.user)  # type: ignore[arg-type]

    return form_page(
        request,
        form,
        make,
        done=lambda report: f"{report.title}, version {report.version}, is ready.",
        then=lambda report: redirect("actions:report", force=force, pk=report.pk),
        template="actions/reports.html",
        context=_reports_context(request, force_obj, form),
    )


@role_required(*READERS, force="force")
@require_safe
def report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "actions/report.html", pages.report(force, pk, request.user))  # type: ignore[arg-type]


def pdf_response(found: Report) -> HttpResponse:
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"{found.force.slug}-{found.kind}-{found.period.replace('/', '-')}-v{found.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@role_required(*READERS, force="force")
@require_safe
def report_pdf(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return pdf_response(pages.report_record(force, pk))


@role_required(*BOARD, force="force")
@require_POST
def publish_report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = pages.report_record(force, pk)
    try:
        reports.publish(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {found.version} is published on the public progress page.")
    return redirect("actions:report", force=force, pk=found.pk)
