from __future__ import annotations

import pytest

from tests.actions.helpers import Plan, make_plan
from tests.roles import RoleWorld


@pytest.fixture
def plan(role_world: RoleWorld) -> Plan:
    """A plan in the role world's home force; `action-owner` owns `plan.action`."""
    owner = role_world.user("action-owner")
    assert owner is not None
    built = make_plan(role_world.home, owner)
    role_world.plan = built  # type: ignore[attr-defined]  # read by the role tables' routes
    return built
