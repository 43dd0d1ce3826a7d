"""What panel roles are held on: a model a workflow registers, so accounts imports no workflow.

A panel chair or member holds their role on one panel. Panels belong to scrutiny, which sits
above accounts (docs/decisions/0007-layers.md), so scrutiny registers its model here from its
`AppConfig.ready()` and accounts asks for it. The role table's foreign key names the model
lazily ("scrutiny.Panel"): a string Django resolves when the apps load, not an import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.db.models import Model, Q


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
