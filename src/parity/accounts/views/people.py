"""A force administrator's pages: the people in their forces, and the roles they hold.

Every change goes through `parity.accounts.services`, so the audit trail records it.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts import pages, services
from parity.accounts.forms import PersonForm, RoleForm
from parity.accounts.models import AccountRequest, User
from parity.accounts.permissions import forces_for, require_role, role_required
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.web import notify
from parity.web.form_pages import add_errors


def _admin_forces(request: HttpRequest) -> QuerySet[Force]:
    return forces_for(request.user, Role.FORCE_ADMIN)


def _target(request: HttpRequest, pk: int) -> tuple[User, QuerySet[Force]]:
    """The person asked for, if they hold a role in a force this administrator runs."""
    person = pages.person(pk)
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
    roles = pages.roles_in(forces)
    listed = (
        services.people_in(forces)
        .order_by("full_name", "email")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="shown_roles"))
    )
    people_listed = list(listed)
    locked = services.locked_out_emails([p.email for p in people_listed])
    enrolled = services.with_second_factor(people_listed)
    rows = [(person, person.email in locked, person.pk in enrolled) for person in people_listed]
    context = {"rows": rows, "waiting": services.waiting(forces), "forces": _admin_forces(request), "chosen": chosen}
    return render(request, "accounts/people.html", context)


@role_required(Role.FORCE_ADMIN)
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    """Take back an addition that has not completed, whichever kind it was."""
    email = request.POST.get("email", "")
    try:
        services.withdraw(email, by=cast(User, request.user))
    except ValidationError:
        messages.error(request, "Choose someone from the list of people waiting.")
    else:
        messages.success(request, f"Withdrawn: {email.strip().lower()} will not join your force unless added again.")
    return redirect("accounts:people")


@role_required(Role.FORCE_ADMIN)
@require_http_methods(["GET", "POST"])
def add_person(request: HttpRequest) -> HttpResponse:
    form = PersonForm(data=request.POST if request.method == "POST" else None, forces=_admin_forces(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = services.invite(
                data["email"],
                data["role"],
                data["force"],
                by=request.user,  # type: ignore[arg-type]
                full_name=data["full_name"],
                panel=data["panel"],
                team_name=data["team"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The same words whatever happened: adding an address must not tell the
            # administrator whether another force already holds an account for it.
            messages.success(request, notify.kept(ADDED.format(email=invited.email)))
            return redirect("accounts:people")
    return render(request, "accounts/person_add.html", {"form": form})


ADDED = (
    "{email} has been added and is waiting. If they are new to Parity, we have e-mailed them a link to set "
    "a password; if they already have an account, they, or the force that holds it, are asked. They join "
    "your list of people once they have signed in or that force has agreed."
)


@role_required(Role.FORCE_ADMIN)
@require_safe
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person, forces = _target(request, pk)
    context = {
        "person": person,
        "roles": pages.roles_of(person, forces),
        "lock_out": services.lock_out(person),
        "second_factor": services.has_second_factor(person),
        "shared": not services.may_manage(request.user, person),  # type: ignore[arg-type]
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
            services.invite(
                person.email,
                data["role"],
                data["force"],
                by=request.user,  # type: ignore[arg-type]
                panel=data["panel"],
                team_name=data["team"],
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
    person = pages.person(pk)
    assignment = pages.role_of(person, role_pk)
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


def _change_or_ask(request: HttpRequest, pk: int, kind: AccountRequest.Kind, done: str) -> HttpResponse:
    """Make the change if this administrator's forces hold the account alone; otherwise ask
    the other forces holding it to agree, and say so."""
    person, forces = _target(request, pk)
    admin = cast(User, request.user)
    if services.may_manage(admin, person):
        if kind == AccountRequest.Kind.UNLOCK:
            services.unlock(person, by=admin)
        else:
            services.reset_second_factor(person, by=admin)
        messages.success(request, done.format(email=person.email))
    else:
        force = forces.first()
        assert force is not None  # _target refused anyone outside this administrator's forces
        services.ask(kind, person, force, by=admin)
        messages.success(
            request,
            f"Another force also holds the account of {person.email}, so we have asked its administrator "
            "to agree. Nothing changes until they do.",
        )
    return redirect("accounts:person", pk=person.pk)


@role_required(Role.FORCE_ADMIN)
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_or_ask(request, pk, AccountRequest.Kind.UNLOCK, "{email} can sign in again.")


@role_required(Role.FORCE_ADMIN)
@require_POST
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    done = "{email} will set up their authenticator app again when they next sign in."
    return _change_or_ask(request, pk, AccountRequest.Kind.RESET_SECOND_FACTOR, done)


@role_required(Role.FORCE_ADMIN)
@require_safe
def requests(request: HttpRequest) -> HttpResponse:
    """Changes other forces ask for to accounts this administrator's forces hold."""
    waiting = services.requests_for(cast(User, request.user))
    return render(request, "accounts/requests.html", {"waiting": waiting})


@role_required(Role.FORCE_ADMIN)
@require_POST
def decide(request: HttpRequest, request_pk: int) -> HttpResponse:
    asked = pages.account_request(request_pk)
    admin = cast(User, request.user)
    if asked not in services.requests_for(admin):
        require_role(request, Role.FORCE_ADMIN, force=pages.forces_needed(asked))
        # Held by one of this administrator's forces, but already decided or agreed by it.
        messages.success(request, "That request has already been answered.")
        return redirect("accounts:requests")
    accept = request.POST.get("answer") == "agree"
    decided = services.decide(asked, by=admin, accept=accept)
    if not accept:
        messages.success(request, f"Declined: {asked.describe()}.")
    elif decided.status == AccountRequest.Status.ACCEPTED:
        messages.success(request, f"Agreed and done: {asked.describe()}.")
    else:
        messages.success(request, f"Agreed: {asked.describe()}. It waits for the other forces that hold the account.")
    return redirect("accounts:requests")
