"""The scrutiny API: published reports for anyone; findings for the panel and the force;
answers from the force's own systems with a token. Refusals are 403 and audited."""

from __future__ import annotations

import json

import pytest

from parity.accounts.models import AuditEvent
from parity.accounts.tokens import issue_token
from parity.scrutiny.models import ForceResponse
from tests.roles import RoleWorld
from tests.scrutiny.helpers import PanelRecords, build

pytestmark = pytest.mark.django_db
ANSWER = {"answer": "accepted", "action_taken": "Briefed every team.", "officer_learning": ""}


@pytest.fixture
def records(role_world: RoleWorld) -> PanelRecords:
    return build(role_world.panel)


def test_published_reports_are_open_to_anyone(records: PanelRecords, client: object) -> None:
    listed = client.get("/api/scrutiny/reports?force=west-midlands").json()  # type: ignore[attr-defined]
    assert [r["id"] for r in listed] == [records.report.pk]
    one = client.get(f"/api/scrutiny/reports/{records.report.pk}").json()  # type: ignore[attr-defined]
    assert one["content"] == records.report.content and one["url"] == f"/scrutiny/reports/{records.report.pk}/"
    assert client.get("/api/scrutiny/reports?force=merseyside").json() == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 401),
        ("no-role", 403),
        ("panel-member", 200),
        ("panel-member@other-panel", 403),
        ("panel-chair", 200),
        ("analyst", 200),
        ("force-admin@other-force", 403),
        ("officer", 403),
        ("board-member", 403),
    ],
)
def test_who_may_read_a_panels_findings(
    persona: str, status: int, role_world: RoleWorld, records: PanelRecords
) -> None:
    user = role_world.user(persona)
    refused = AuditEvent.objects.filter(allowed=False).count()
    response = role_world.client(persona).get(f"/api/scrutiny/panels/{records.panel.pk}/findings")
    assert response.status_code == status, response.content
    if status == 200:
        (finding,) = response.json()
        assert finding["id"] == records.finding.pk and finding["answer"] is None
    if status == 403:
        assert AuditEvent.objects.filter(allowed=False, actor=user).count() == 1
        assert AuditEvent.objects.filter(allowed=False).count() == refused + 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("panel-chair", 403),
        ("panel-member", 403),
        ("analyst", 200),
        ("force-admin", 200),
        ("analyst@other-force", 403),
    ],
)
def test_only_the_panels_force_answers_a_finding_with_a_token(
    persona: str, status: int, role_world: RoleWorld, records: PanelRecords, client: object
) -> None:
    user = role_world.user(persona)
    assert user is not None
    _, token = issue_token(user, "Force records system")
    response = client.post(  # type: ignore[attr-defined]
        f"/api/scrutiny/findings/{records.finding.pk}/answer",
        json.dumps(ANSWER),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == status, response.content
    answered = ForceResponse.objects.filter(finding=records.finding).first()
    if status == 200:
        assert answered is not None and answered.answered_by == user
        assert response.json()["answer"]["action_taken"] == "Briefed every team."
        assert AuditEvent.objects.filter(action="create", object_type="scrutiny.forceresponse", actor=user).exists()
    else:
        assert answered is None
        assert AuditEvent.objects.filter(allowed=False, actor=user, object_type="api").exists()


def test_an_answer_must_say_what_was_done(role_world: RoleWorld, records: PanelRecords, client: object) -> None:
    user = role_world.user("analyst")
    assert user is not None
    _, token = issue_token(user, "Force records system")
    response = client.post(  # type: ignore[attr-defined]
        f"/api/scrutiny/findings/{records.finding.pk}/answer",
        json.dumps({**ANSWER, "action_taken": "  "}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422 and "Say what the force has done" in response.json()["detail"]


def test_an_answer_longer_than_the_limit_is_refused(
    role_world: RoleWorld, records: PanelRecords, client: object
) -> None:
    user = role_world.user("analyst")
    assert user is not None
    _, token = issue_token(user, "Force records system")
    response = client.post(  # type: ignore[attr-defined]
        f"/api/scrutiny/findings/{records.finding.pk}/answer",
        json.dumps({**ANSWER, "action_taken": "Briefed. " * 2_000}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "action_taken"
    assert not ForceResponse.objects.filter(finding=records.finding).exists()
