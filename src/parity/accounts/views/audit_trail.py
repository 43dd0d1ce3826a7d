"""The audit trail of a force, for its administrators: read-only, filterable, paged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.accounts.forms import AuditFilterForm
from parity.accounts.pages import events_for
from parity.accounts.permissions import forces_for, role_required
from parity.accounts.roles import Role

PAGE_SIZE = 50


@role_required(Role.FORCE_ADMIN)
@require_safe
def audit_trail(request: HttpRequest) -> HttpResponse:
    forces = forces_for(request.user, Role.FORCE_ADMIN)
    events = events_for(forces)
    actions = sorted(set(events.order_by().values_list("action", flat=True).distinct()))
    form = AuditFilterForm(data=request.GET or None, forces=forces, actions=actions)
    if form.is_valid():
        data = form.cleaned_data
        if data["force"]:
            events = events_for(forces.filter(pk=data["force"].pk), administered=forces)
        if data["who"]:
            events = events.filter(actor_label__icontains=data["who"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"].strip().lower())
        if data["refused"]:
            events = events.filter(allowed=False)
    page = Paginator(events.select_related("force"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # As `form`, so the layout's error summary explains a filter it could not use.
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/audit.html", context)
