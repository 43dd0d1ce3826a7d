"""A force administrator's pages: the people in their forces, and the roles they hold.

Every change goes through `parity.accounts.services`, so the audit trail records it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts import services
from parity.accounts.forms import PersonForm, RoleForm
from parity.accounts.models import RoleAssignment, User
from parity.accounts.permissions import forces_for, require_role, role_required
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.web.form_pages import add_errors


def _admin_forces(request: HttpRequest) -> QuerySet[Force]:
    return forces_for(request.user, Role.FORCE_ADMIN)


def _target(request: HttpRequest, pk: int) -> tuple[User, QuerySet[Force]]:
    """The person asked for, if they hold a role in a force this administrator runs."""
    person = get_object_or_404(User, pk=pk)
    forces = _admin_forces(request).filter(role_assignments__user=person).distinct()
    require_role(request, Role.FORCE_ADMIN, force=forces)
    return person, forces


@role_required(Role.FORCE_ADMIN)
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    forces = _admin_forces(request)
    chosen = request.GET.get("force")
    if chosen:
        forces = forces.filter(slug=chosen)
    roles = RoleAssignment.objects.filter(force__in=forces).select_related("force", "panel", "team")
    listed = (
        User.objects.filter(roles__force__in=forces)
        .distinct()
        .order_by("full_name", "email")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="shown_roles"))
    )
    people_listed = list(listed)
    locked = services.locked_out_emails([p.email for p in people_listed])
    enrolled = services.with_second_factor(people_listed)
    rows = [(person, person.email in locked, person.pk in enrolled) for person in people_listed]
    return render(request, "accounts/people.html", {"rows": rows, "forces": _admin_forces(request), "chosen": chosen})


@role_required(Role.FORCE_ADMIN)
@require_http_methods(["GET", "POST"])
def add_person(request: HttpRequest) -> HttpResponse:
    form = PersonForm(data=request.POST if request.method == "POST" else None, forces=_admin_forces(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, _, _ = services.add_with_role(
                data["email"],
                data["role"],
                data["force"],
                full_name=data["full_name"],
                panel=data["panel"],
                team_name=data["team"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if not person.has_usable_password():
                services.send_set_password(person)
                messages.success(
                    request, f"{person.email} has been added. We have e-mailed them a link to set a password."
                )
            else:
                messages.success(request, f"{person.email} already had an account; the role has been added.")
            return redirect("accounts:person", pk=person.pk)
    return render(request, "accounts/person_add.html", {"form": form})


@role_required(Role.FORCE_ADMIN)
@require_safe
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person, forces = _target(request, pk)
    context = {
        "person": person,
        "roles": RoleAssignment.objects.filter(user=person, force__in=forces).select_related("force", "panel", "team"),
        "lock_out": services.lock_out(person),
        "second_factor": services.has_second_factor(person),
    }
    return render(request, "accounts/person.html", context)


@role_required(Role.FORCE_ADMIN)
@require_http_methods(["GET", "POST"])
def add_role(request: HttpRequest, pk: int) -> HttpResponse:
    person, _ = _target(request, pk)
    form = RoleForm(data=request.POST if request.method == "POST" else None, forces=_admin_forces(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_with_role(
                person.email,
                data["role"],
                data["force"],
                panel=data["panel"],
                team_name=data["team"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person.email} is now {Role(data['role']).label.lower()}.")
            return redirect("accounts:person", pk=person.pk)
    return render(request, "accounts/role_add.html", {"form": form, "person": person})


@role_required(Role.FORCE_ADMIN)
@require_http_methods(["GET", "POST"])
def remove_role(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("force", "panel", "team"), pk=role_pk, user=person
    )
    require_role(request, Role.FORCE_ADMIN, force=assignment.force)
    own_admin = person.pk == request.user.pk and assignment.role == Role.FORCE_ADMIN
    if request.method == "POST" and not own_admin:
        services.revoke_role(assignment)
        messages.success(
            request,
            f"{person.email} is no longer {assignment.get_role_display().lower()} for {assignment.scope_label()}.",
        )
        return redirect("accounts:person", pk=person.pk) if person.roles.exists() else redirect("accounts:people")
    return render(
        request, "accounts/role_remove.html", {"person": person, "assignment": assignment, "own_admin": own_admin}
    )


@role_required(Role.FORCE_ADMIN)
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person, _ = _target(request, pk)
    services.unlock(person)
    messages.success(request, f"{person.email} can sign in again.")
    return redirect("accounts:person", pk=person.pk)


@role_required(Role.FORCE_ADMIN)
@require_POST
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    person, _ = _target(request, pk)
    services.reset_second_factor(person)
    messages.success(request, f"{person.email} will set up their authenticator app again when they next sign in.")
    return redirect("accounts:person", pk=person.pk)
