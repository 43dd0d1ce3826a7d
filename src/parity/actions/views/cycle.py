"""The monthly cycle: snapshots for the steering group, and the reports made from them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.actions import reports, snapshots
from parity.actions.access import BOARD, READERS, is_board
from parity.actions.forms import ReportForm, SnapshotForm
from parity.actions.models import Report, ReportKind, Snapshot, Status
from parity.actions.rag import Rag
from parity.actions.views.plan import _force
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
        "snapshots": Snapshot.objects.filter(force=force).select_related("taken_by"),
    }


@role_required(*READERS, force="force")
@require_safe
def snapshot_list(request: HttpRequest, force: str) -> HttpResponse:
    form = SnapshotForm(initial={"month": _last_month()})
    return render(request, "actions/snapshots.html", _snapshots_context(request, _force(force), form))


@role_required(*BOARD, force="force")
@require_POST
def take_snapshot(request: HttpRequest, force: str) -> HttpResponse:
    """The secretary's step at each month's end: record the register as it stands."""
    force_obj = _force(force)
    form = SnapshotForm(request.POST)
    if form.is_valid():
        taken = snapshots.take(force_obj, form.cleaned_data["month"], by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"The snapshot for {formatting.month(taken.month)} has been taken.")
        return redirect("actions:snapshot", force=force, month=taken.month)
    return render(request, "actions/snapshots.html", _snapshots_context(request, force_obj, form))


@role_required(*READERS, force="force")
@require_safe
def snapshot(request: HttpRequest, force: str, month: str) -> HttpResponse:
    found = get_object_or_404(Snapshot.objects.select_related("force"), force__slug=force, month=month)
    context = {
        "force": found.force,
        "monthly": snapshots.monthly(found),
        "rag_of": {r.value: r for r in Rag},
        "status_label": {st.value: st.label for st in Status},
        "rags": list(Rag),
        "month_label": formatting.month(found.month),
    }
    return render(request, "actions/snapshot.html", context)


@role_required(*READERS, force="force")
@require_safe
def report_list(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = _force(force)
    return render(request, "actions/reports.html", _reports_context(request, force_obj, ReportForm()))


def _reports_context(request: HttpRequest, force: Force, form: ReportForm) -> dict[str, object]:
    return {
        "force": force,
        "board": is_board(request.user, force),
        "form": form,
        "reports": Report.objects.filter(force=force).select_related("created_by").defer("html", "pdf"),
    }


@role_required(*BOARD, force="force")
@require_POST
def make_report(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = _force(force)
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


def _report(force: str, pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("force", "created_by"), pk=pk, force__slug=force)


@role_required(*READERS, force="force")
@require_safe
def report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = _report(force, pk)
    versions = Report.objects.filter(force=found.force, kind=found.kind, period=found.period).defer("html", "pdf")
    context = {
        "report": found,
        "force": found.force,
        "board": is_board(request.user, found.force),
        "versions": versions,
        "about": reports.describe_version(found),
    }
    return render(request, "actions/report.html", context)


def pdf_response(found: Report) -> HttpResponse:
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"{found.force.slug}-{found.kind}-{found.period.replace('/', '-')}-v{found.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@role_required(*READERS, force="force")
@require_safe
def report_pdf(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return pdf_response(_report(force, pk))


@role_required(*BOARD, force="force")
@require_POST
def publish_report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = _report(force, pk)
    try:
        reports.publish(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {found.version} is published on the public progress page.")
    return redirect("actions:report", force=force, pk=found.pk)
