"""The workforce dashboard, for the force's analysts and administrators only.

HR records are personal data: the pages show counts and rates, never a pseudonym, and every
view of the dashboard is written to the audit trail.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts import audit
from parity.accounts.permissions import forces_for, role_required
from parity.accounts.roles import Role
from parity.hr.dashboard import add_target
from parity.hr.forms import TargetForm
from parity.hr.page import dashboard_body
from parity.hr.tables import TableMissing, download
from parity.reference.lookup import force_or_404
from parity.web.form_pages import form_page, posted

READERS = (Role.ANALYST, Role.FORCE_ADMIN)


@role_required(*READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    forces = list(forces_for(request.user, *READERS).order_by("name"))
    if len(forces) == 1:
        return redirect("hr:dashboard", force=forces[0].slug)
    return render(request, "hr/home.html", {"forces": forces})


@role_required(*READERS, force="force")
@require_safe
def force_dashboard(request: HttpRequest, force: str) -> HttpResponse:
    found = force_or_404(force)
    audit.record(audit.Action.VIEW, obj=found, force=found, summary="Viewed the workforce dashboard", request=request)
    return render(request, "hr/dashboard.html", {"force": found, "body": dashboard_body(found)})


@role_required(*READERS, force="force")
@require_safe
def table_file(request: HttpRequest, force: str, table: str, fmt: str) -> HttpResponse:
    """One of the dashboard's tables as CSV or JSON: the same figures, audited like the page."""
    found = force_or_404(force)
    try:
        made = download(found, table, fmt)
    except TableMissing as missing:
        raise Http404(str(missing)) from None
    audit.record(
        audit.Action.VIEW, obj=found, force=found, request=request,
        summary=f"Downloaded the workforce dashboard's {table} table ({fmt.upper()})",
    )  # fmt: skip
    response = HttpResponse(made.body, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@role_required(Role.FORCE_ADMIN, force="force")
@require_http_methods(["GET", "POST"])
def new_target(request: HttpRequest, force: str) -> HttpResponse:
    found = force_or_404(force)
    return form_page(
        request,
        TargetForm(posted(request)),
        lambda data: add_target(found, data),
        done="The target has been added.",
        then=lambda _: redirect("hr:dashboard", force=force),
        template="hr/target_form.html",
        context={"force": found},
    )
