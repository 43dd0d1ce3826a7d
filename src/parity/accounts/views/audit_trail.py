"""The audit trail of a force, for its administrators: read-only, filterable, paged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.accounts import audit, services
from parity.accounts.forms import AuditFilterForm
from parity.accounts.models import AuditEvent, RoleAssignment
from parity.accounts.permissions import forces_for, role_required
from parity.accounts.roles import Role
from parity.reference.models import Force

PAGE_SIZE = 50


def events_for(forces: QuerySet[Force], *, administered: QuerySet[Force] | None = None) -> QuerySet[AuditEvent]:
    """Events about these forces' records, plus account events (sign-ins, lock-outs, second
    factor) of the people who hold roles in them and whom the administrator's forces
    (`administered`, by default `forces`) hold alone: an account another force shares, or a
    site administrator's, is not theirs to watch. Requests to other forces are kept to those
    forces' trails, so the trail never tells an administrator that an address has an account.

    Account events show only from when the person both held a role in these forces and was
    in (had signed in or set a password): what happened to an account before it joined (its
    making, its set-password link, its sign-ins elsewhere) would tell whether it was new."""
    managed = services.managed_people(administered if administered is not None else forces)
    joined = RoleAssignment.objects.filter(force__in=forces, user__in=managed, granted_at__lte=OuterRef("at"))
    was_in = AuditEvent.objects.filter(
        action__in=[audit.Action.SIGN_IN, audit.Action.PASSWORD_SET], at__lte=OuterRef("at")
    )
    by_them = Exists(joined.filter(user_id=OuterRef("actor_id"))) & Exists(was_in.filter(actor_id=OuterRef("actor_id")))
    as_text = Cast("user_id", CharField())
    about_them = (
        Exists(joined.annotate(person=as_text).filter(person=OuterRef("object_id")))
        & Exists(was_in.annotate(person=Cast("actor_id", CharField())).filter(person=OuterRef("object_id")))
        & Q(object_type="accounts.user")
    )
    others = ~Q(object_type__in=["accounts.user", "accounts.accountrequest"])
    account_events = Q(force__isnull=True) & (about_them | (by_them & others))
    return AuditEvent.objects.filter(Q(force__in=forces) | account_events)


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
