"""Authentication and roles for django-ninja endpoints under /api/.

    from parity.accounts.api import ApiAuth
    from parity.accounts.roles import Role

    @router.get("/records", auth=ApiAuth(Role.ANALYST, Role.FORCE_ADMIN))
    def records(request, force: str):
        force_obj = get_object_or_404(Force, slug=force)
        require_role(request, Role.ANALYST, Role.FORCE_ADMIN, force=force_obj)  # 403 JSON if not
        ...

A request authenticates with `Authorization: Bearer parity_...` (an API token, see
`parity user token`) or with the browser session, which must have passed the second factor
when the user needs one; session requests that change things must carry the CSRF token.
Refusals by role are written to the audit trail, like refused pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from parity.accounts.models import User
from parity.accounts.permissions import ForceScope, is_verified, needs_second_factor, require_role
from parity.accounts.tokens import user_for_token

_SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ApiAuth(HttpBearer):
    """Token or session authentication, then (if roles are named) a role check."""

    def __init__(self, *roles: str, force: ForceScope = None) -> None:
        self.roles = roles
        self.force = force
        super().__init__()

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get("Authorization")
        if header:
            scheme, _, raw = header.partition(" ")
            user = user_for_token(raw.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                raise AuthenticationError(401, "The API token is unknown, expired or revoked.")
            request.user = user
        else:
            user = self._session_user(request)
            if user is None:
                return None  # django-ninja answers 401
        if self.roles or self.force is not None:
            require_role(request, *self.roles, force=self.force)
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # required by HttpBearer
        return user_for_token(token)

    @staticmethod
    def _session_user(request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in _SAFE and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with session requests.")
        if needs_second_factor(user) and not is_verified(user):
            raise AuthorizationError(403, "Finish signing in with your second factor first.")
        return user
