"""The account home page: who you are signed in as, and the roles you hold."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.accounts import pages
from parity.accounts.models import User
from parity.accounts.permissions import has_role, needs_second_factor
from parity.accounts.roles import Role
from parity.accounts.scopes import role_wording
from parity.accounts.services import has_second_factor


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    roles = pages.roles_of(user)
    context = {
        "person": user,
        "roles": [(assignment, role_wording(assignment)[1]) for assignment in roles],
        "second_factor": has_second_factor(user),
        "second_factor_needed": needs_second_factor(user),
        "is_force_admin": has_role(user, Role.FORCE_ADMIN),
    }
    return render(request, "accounts/home.html", context)
