"""Reading action plans through the JSON API: the register for the force's board and owners,
published items for anyone, and refusals audited."""

from __future__ import annotations

import pytest

from parity.accounts.models import AuditEvent
from parity.accounts.tokens import issue_token
from parity.actions import progress
from tests.actions.helpers import Plan
from tests.pagecheck import CheckedClient
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def test_the_register_for_an_owner_by_token(role_world: RoleWorld, plan: Plan) -> None:
    progress.add_update(plan.action, plan.owner, status="at-risk", note="Short of trainers.")
    _, raw = issue_token(plan.owner, "Force reporting")
    response = CheckedClient().get(
        f"/api/actions/forces/{role_world.home.slug}/register", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["force"] == "west-midlands" and body["sources"][0]["reference"] == "RES"
    [rec] = body["recommendations"]
    first, second = rec["actions"]
    assert first["reference"] == "R1.1" and first["status"] == "at-risk" and first["rating"] == "amber"
    assert first["reasons"] == ["the owner's latest update says it is at risk"]
    assert first["owner"] == plan.owner.email and second["published"] is False


def test_one_action_with_its_progress(role_world: RoleWorld, plan: Plan) -> None:
    progress.add_link(plan.action, plan.owner, title="Minutes", url="https://example.org/m")
    progress.add_update(plan.action, plan.owner, status="on-track", note="Started.")
    response = role_world.client("board-member").get(
        f"/api/actions/forces/{role_world.home.slug}/actions/{plan.action.pk}"
    )
    body = response.json()
    [evidence] = body["evidence"]
    assert evidence["kind"] == "link" and evidence["url"] == "https://example.org/m" and evidence["public"] is False
    assert [u["note"] for u in body["updates"]] == ["Started."] and body["recommendation"] == "R1"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 401), ("analyst", 403), ("board-member@other-force", 403), ("action-owner@other-force", 403)],
)
def test_the_register_is_refused_outside_the_force(
    role_world: RoleWorld, plan: Plan, persona: str, status: int
) -> None:
    response = role_world.client(persona).get(f"/api/actions/forces/{role_world.home.slug}/register")
    assert response.status_code == status
    if status == 403:
        assert AuditEvent.objects.filter(allowed=False, actor=role_world.user(persona), object_type="api").exists()


def test_published_items_for_anyone_without_owners_or_internal_notes(role_world: RoleWorld, plan: Plan) -> None:
    progress.add_update(plan.action, plan.owner, status="on-track", note="For the public.", public=True)
    progress.add_update(plan.action, plan.owner, status="on-track", note="Internal only.")
    response = CheckedClient().get(f"/api/actions/forces/{role_world.home.slug}/published")
    assert response.status_code == 200
    body = response.json()
    [action] = body["actions"]
    assert action["reference"] == "R1.1" and action["status"] == "on-track" and action["rating"] == "green"
    assert [n["note"] for n in action["notes"]] == ["For the public."]
    assert "owner" not in action and plan.owner.email not in response.content.decode()
    assert body["reports"] == []
