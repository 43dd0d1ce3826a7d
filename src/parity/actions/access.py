"""Who may do what in a force's action plan, checked on the server for pages and the API.

- Board members (the steering group, including its secretary) and action owners of the
  force read the whole register.
- Board members change the plan: sources, recommendations, actions, owners, due dates,
  publication, snapshots, reports; and they decide on completion and closure.
- An action owner writes updates, adds evidence and milestones, and asks for sign-off on
  the actions they own, and on no others.
- Everyone else, signed in or not, sees published actions and published reports only.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from parity.accounts import audit
from parity.accounts.permissions import RoleDenied, forces_for, has_role, require_role
from parity.accounts.roles import Role
from parity.actions.models import Action
from parity.reference.models import Force

READERS = (Role.BOARD_MEMBER, Role.ACTION_OWNER)
BOARD = (Role.BOARD_MEMBER,)


def plan_forces(user: object) -> list[Force]:
    """The forces whose action plan this person may read."""
    return list(forces_for(user, *READERS).order_by("name"))  # type: ignore[arg-type]


def is_board(user: object, force: Force) -> bool:
    return has_role(user, *BOARD, force=force)  # type: ignore[arg-type]


def owns(user: object, action: Action) -> bool:
    """The action's owner, still holding the action-owner role in its force."""
    return (
        action.owner_id is not None
        and action.owner_id == getattr(user, "pk", None)
        and has_role(user, Role.ACTION_OWNER, force=action.force_id)  # type: ignore[arg-type]
    )


def require_owner(request: HttpRequest, action: Action) -> None:
    """Refuse (and audit) anyone but the action's owner: owners update their own actions only."""
    require_role(request, Role.ACTION_OWNER, force=action.force)
    if owns(request.user, action):
        return
    reason = f"needs to be the owner of action {action.reference}"
    audit.record_denied(request, reason, force=action.force_id)
    raise RoleDenied(f"You do not have access to this page: it {reason}.")


def action_in(force_slug: str, pk: int) -> Action:
    """The action, found only in the force named in the address (no reaching across forces)."""
    return get_object_or_404(
        Action.objects.select_related("force", "owner", "recommendation__source"), pk=pk, force__slug=force_slug
    )
