"""What panel roles are held on: a model a workflow registers, so accounts imports no workflow.

A panel chair or member holds their role on one panel. Panels belong to scrutiny, which sits
above accounts (docs/decisions/0007-layers.md), so scrutiny registers its model here from its
`AppConfig.ready()` and accounts asks for it. The role table's foreign key names the model
lazily ("scrutiny.Panel"): a string Django resolves when the apps load, not an import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Model, Q

if TYPE_CHECKING:
    from parity.accounts.models import RoleAssignment


class PanelScope(Protocol):
    """What accounts needs of a panel: which one it is, and the force it belongs to."""

    @property
    def pk(self) -> Any: ...

    @property
    def force_id(self) -> int: ...


_panel_model: type[Model] | None = None


def register_panel_model(model: type[Model]) -> None:
    """Called once by the workflow that runs panels; it must be the model roles point at."""
    global _panel_model
    from parity.accounts.models import RoleAssignment

    pointed_at = RoleAssignment._meta.get_field("panel").related_model
    if pointed_at is not model:
        raise ValueError(f"panel roles point at {pointed_at}, not {model}")
    _panel_model = model


def panel_model() -> type[Model]:
    if _panel_model is None:
        raise LookupError("no workflow has registered the model panel roles are held on")
    return _panel_model


_ended: list[Callable[[], Q]] = []


def register_ended_roles(condition: Callable[[], Q]) -> None:
    """A workflow says which role assignments have ended (a panel member's term is over)
    although the row is still there: `condition()` is a filter on RoleAssignment, asked
    afresh on every check, so an ended role counts for nothing at once."""
    _ended.append(condition)


def ended_roles() -> Q:
    """The role assignments that count for nothing today (matches none when none registered)."""
    found = Q(pk__in=[])
    for condition in _ended:
        found |= condition()
    return found


Wording = tuple[str, str]  # what a role is called, and what it lets the person do
_wordings: list[Callable[[RoleAssignment], Wording | None]] = []


def register_role_wording(wording: Callable[[RoleAssignment], Wording | None]) -> None:
    """A workflow names a role more exactly than accounts can: a panel observer holds the
    panel member role (they read case packs) but is not a member and gives no verdicts.
    `wording(assignment)` answers (name, what it lets them do), or None to keep the role's own."""
    _wordings.append(wording)


def role_wording(assignment: RoleAssignment) -> Wording:
    """What this assignment is called and lets the person do, in the words pages show."""
    from parity.accounts.roles import DESCRIPTIONS, Role

    for wording in _wordings:
        found = wording(assignment)
        if found is not None:
            return found
    role = Role(assignment.role)
    return str(role.label), DESCRIPTIONS[role]
