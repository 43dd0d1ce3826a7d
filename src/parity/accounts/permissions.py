"""Who may do what: the checks every view and API endpoint makes on the server.

- `has_role(user, *roles, force=..., panel=...)`: a yes/no question, no side effects.
- `require_role(request, *roles, force=..., panel=...)`: the same, but a "no" is written to
  the audit trail and raised as `RoleDenied` (a 403 page for views, 403 JSON for the API).
- `role_required(...)` / `RoleRequiredMixin`: the view-level guard; anonymous people are
  sent to sign in, people without the role get the 403 page and an audit row.
- `forces_for`, `visible_officers`: scoping, so a list shows only what the person may see
  (`parity.scrutiny.access.panels_for` for panels).

Being a superuser grants no role here, on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django_otp import devices_for_user
from ninja.errors import AuthorizationError

from parity.accounts import audit
from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import PANEL_ROLES, SECOND_FACTOR_ROLES, Role
from parity.accounts.scopes import PanelScope, ended_roles, panel_model
from parity.errors import ParityError
from parity.reference.models import Force

AnyUser = User | AnonymousUser
ForceScope = Force | int | Iterable[Force] | QuerySet[Force] | None


class RoleDenied(PermissionDenied, AuthorizationError, ParityError):
    """Refused for want of a role. Django renders it as the 403 page; django-ninja as 403 JSON."""

    def __init__(self, message: str) -> None:
        PermissionDenied.__init__(self, message)
        AuthorizationError.__init__(self, 403, message)

    def __str__(self) -> str:
        return self.message


def _assignments(user: AnyUser, roles: Iterable[str]) -> QuerySet[RoleAssignment]:
    wanted = list(roles)
    # A role a workflow says has ended (a panel term over) counts for nothing from that day.
    query = RoleAssignment.objects.filter(user_id=cast(int, user.pk)).exclude(ended_roles())
    return query.filter(role__in=wanted) if wanted else query


def _force_filter(force: ForceScope) -> Q:
    if force is None:
        return Q()
    if isinstance(force, Force):
        return Q(force_id=force.pk)
    if isinstance(force, int):
        return Q(force_id=force)
    if isinstance(force, QuerySet):
        return Q(force__in=force)
    return Q(force_id__in=[f.pk for f in force])


def has_role(user: AnyUser | None, *roles: str, force: ForceScope = None, panel: PanelScope | None = None) -> bool:
    """Does `user` hold one of `roles` (any role, if none named) in this scope?

    force: a force, or several (any of them); None means any force.
    panel: panel roles must be held on this panel; other roles must be held in its force.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    query = _assignments(user, roles)
    if panel is not None:
        on_panel = Q(role__in=list(PANEL_ROLES), panel_id=panel.pk)
        in_force = ~Q(role__in=list(PANEL_ROLES)) & Q(force_id=panel.force_id)
        query = query.filter(on_panel | in_force)
    return query.filter(_force_filter(force)).exists()


def _membership_has_ended(user: AnyUser, panel: PanelScope) -> bool:
    return RoleAssignment.objects.filter(user_id=cast(int, user.pk), panel_id=panel.pk).filter(ended_roles()).exists()


def needs_second_factor(user: AnyUser | None) -> bool:
    """Force staff, panel chairs and members, advisors (who read complaint case files), and
    anyone who can use Django's admin site, must sign in with TOTP too."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=list(SECOND_FACTOR_ROLES)).exists()


def is_verified(user: AnyUser) -> bool:
    """True once this session has passed the TOTP check (set by django_otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def describe(roles: Iterable[str], force: ForceScope = None, panel: PanelScope | None = None) -> str:
    """Words for what was needed, for 403 pages and the audit trail."""
    names = " or ".join(Role(r).label.lower() for r in roles) or "a role"
    if panel is not None:
        return f"needs {names} on the panel “{panel}”"
    if isinstance(force, Force):
        return f"needs {names} in {force.name}"
    return f"needs {names}"


def require_role(request: HttpRequest, *roles: str, force: ForceScope = None, panel: PanelScope | None = None) -> None:
    """Raise `RoleDenied` (and audit the refusal) unless the request's user holds a role.

    Use it inside a view or endpoint once the object being asked for is known:
        panel = get_object_or_404(panel_model(), pk=panel_id)
        require_role(request, Role.PANEL_CHAIR, Role.PANEL_MEMBER, panel=panel)
    """
    user = getattr(request, "user", None)
    if has_role(user, *roles, force=force, panel=panel):
        return
    reason, why = describe(roles, force, panel), ""
    if panel is not None and user is not None and user.is_authenticated and _membership_has_ended(user, panel):
        reason = f"membership of the panel “{panel}” has ended"
        why = f"your {reason}"
    scope = panel.force_id if panel is not None else force if isinstance(force, Force | int) else None
    audit.record_denied(request, reason, force=scope)
    raise RoleDenied(f"You do not have access to this page: {why or 'it ' + reason}.")


# --- view guards ---------------------------------------------------------------------------

V = TypeVar("V", bound=Callable[..., HttpResponse])
ScopeArg = str | Callable[[HttpRequest, dict[str, Any]], Any] | None


def _resolve_force(spec: ScopeArg, request: HttpRequest, kwargs: dict[str, Any]) -> Force | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        return get_object_or_404(Force, slug=kwargs[spec])
    return cast(Force | None, spec(request, kwargs))


def _resolve_panel(spec: ScopeArg, request: HttpRequest, kwargs: dict[str, Any]) -> PanelScope | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        panels = panel_model()._default_manager.select_related("force")
        return cast(PanelScope, get_object_or_404(panels, pk=kwargs[spec]))
    return cast(PanelScope | None, spec(request, kwargs))


def guard(
    request: HttpRequest,
    roles: tuple[str, ...],
    *,
    force: ScopeArg = None,
    panel: ScopeArg = None,
    kwargs: dict[str, Any] | None = None,
) -> HttpResponse | None:
    """The whole check for a page: sign-in, second factor, role. None means go ahead."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_second_factor(user) and not is_verified(user):
        return redirect(f"{second_factor_url(user)}?{urlencode({'next': request.get_full_path()})}")
    kwargs = kwargs or {}
    require_role(
        request, *roles, force=_resolve_force(force, request, kwargs), panel=_resolve_panel(panel, request, kwargs)
    )
    return None


def second_factor_url(user: AnyUser) -> str:
    confirmed = any(True for _ in devices_for_user(user, confirmed=True))
    return reverse("accounts:two-factor-verify" if confirmed else "accounts:two-factor-set-up")


def role_required(*roles: str, force: ScopeArg = None, panel: ScopeArg = None) -> Callable[[V], V]:
    """Guard a function view. With no roles, any role at all will do; with none held, 403.

    force / panel: the name of the URL argument holding the force slug / panel id, or a
    callable (request, url_kwargs) -> Force / Panel. Without them, a role in any force
    will do and the view must narrow its queries with `forces_for` / `panels_for`.

        @role_required(Role.PANEL_CHAIR, Role.PANEL_MEMBER, panel="panel_id")
        def case_pack(request, panel_id, case_id): ...
    """

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = guard(request, roles, force=force, panel=panel, kwargs=kwargs)
            return response if response is not None else view(request, *args, **kwargs)

        # Read by the header menu (parity.web.navigation), which knows no roles: a link is
        # shown only to someone who holds a role that opens it somewhere.
        wrapper.opens_for = lambda request: has_role(getattr(request, "user", None), *roles)  # type: ignore[attr-defined]
        return cast(V, wrapper)

    return decorate


class RoleRequiredMixin:
    """The same guard for class-based views: set `required_roles`, and optionally
    `scope_force` / `scope_panel` (URL argument name or callable)."""

    required_roles: tuple[str, ...] = ()
    scope_force: ScopeArg = None
    scope_panel: ScopeArg = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = guard(request, self.required_roles, force=self.scope_force, panel=self.scope_panel, kwargs=kwargs)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


# --- scoping -------------------------------------------------------------------------------


def forces_for(user: AnyUser, *roles: str) -> QuerySet[Force]:
    """The forces in which `user` holds one of `roles` (any role, if none named)."""
    if not user.is_authenticated:
        return Force.objects.none()
    return Force.objects.filter(pk__in=_assignments(user, roles).values("force_id"))


def visible_officers(user: AnyUser, force: Force) -> QuerySet[User]:
    """Whose recorded stops `user` may see in `force` as an officer or supervisor:
    themselves, plus every officer in the teams they supervise. Force-wide roles (analyst,
    force administrator) are a separate question for `has_role`."""
    if not user.is_authenticated:
        return User.objects.none()
    held = RoleAssignment.objects.filter(user_id=user.pk, force=force)
    supervised = held.filter(role=Role.SUPERVISOR).values("team_id")
    team_officers = RoleAssignment.objects.filter(role=Role.OFFICER, team_id__in=supervised).values("user_id")
    mine = Q(pk=user.pk) if held.filter(role__in=[Role.OFFICER, Role.SUPERVISOR]).exists() else Q(pk__in=[])
    return User.objects.filter(mine | Q(pk__in=team_officers))
