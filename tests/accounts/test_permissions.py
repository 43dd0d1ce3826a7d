"""The permission primitives, tested through example views and API endpoints that use them."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from ninja.errors import HttpError

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.permissions import (
    RoleDenied,
    forces_for,
    has_role,
    require_role,
    visible_officers,
)
from parity.accounts.roles import Role
from parity.accounts.tokens import issue_token, revoke_token
from parity.scrutiny.access import panels_for
from tests.pagecheck import CheckedClient
from tests.roles import Case, RoleTable, RoleWorld, Route, sign_in_second_factor

pytestmark = pytest.mark.django_db

EXAMPLES = RoleTable(
    routes={
        "case-pack": lambda w: f"/example/panels/{w.panel.pk}/case-pack",
        "settings": lambda w: f"/example/panels/{w.panel.pk}/settings",
        "save-settings": Route(lambda w: f"/example/panels/{w.panel.pk}/settings", method="post"),
        "figures": lambda w: f"/example/forces/{w.home.slug}/figures",
        "no-such-panel": "/example/panels/999999/case-pack",
    },
    table="""
        persona                    case-pack  settings  save-settings  figures  no-such-panel
        anonymous                  sign-in    sign-in   sign-in        sign-in  sign-in
        no-role                    403        403       403            403      404
        panel-member               200        403       403            403      404
        panel-member@other-panel   403        403       403            403      404
        panel-member@other-force   403        403       403            403      404
        panel-chair                200        200       200            403      404
        panel-chair@other-force    403        403       403            403      404
        analyst                    403        403       403            200      404
        analyst/unverified         2fa        2fa       2fa            2fa      2fa
        analyst@other-force        403        403       403            403      404
        force-admin                403        403       403            200      404
        officer                    403        403       403            403      404
        board-member               403        403       403            403      404
    """,
)


@pytest.mark.urls("tests.accounts.example_urls")
@EXAMPLES.parametrize
def test_example_views_follow_their_role_table(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


@pytest.mark.urls("tests.accounts.example_urls")
def test_a_view_of_a_sensitive_record_is_audited(role_world: RoleWorld) -> None:
    client = role_world.client("panel-member")
    client.get(f"/example/panels/{role_world.panel.pk}/case-pack")
    event = AuditEvent.objects.get(action="view")
    assert event.actor == role_world.user("panel-member")
    assert (event.object_type, event.object_id) == ("scrutiny.panel", str(role_world.panel.pk))
    assert event.force_id == role_world.home.pk and "case pack" in event.summary


@pytest.mark.urls("tests.accounts.example_urls")
def test_a_refusal_says_who_asked_for_what_and_why(role_world: RoleWorld) -> None:
    client = role_world.client("panel-member@other-panel")
    response = client.get(f"/example/panels/{role_world.panel.pk}/case-pack")
    assert response.status_code == 403
    assert response.page.h1.get_text(strip=True) == "You do not have permission to see this page"
    event = AuditEvent.objects.get(allowed=False)
    assert event.action == "access.denied" and event.object_type == "page"
    assert event.actor == role_world.user("panel-member@other-panel") and event.force == role_world.home
    assert f"/example/panels/{role_world.panel.pk}/case-pack" in event.summary
    assert "panel chair or panel member on the panel “Stop and search panel”" in event.summary
    assert event.ip_address == "127.0.0.1"


def test_has_role_scopes(role_world: RoleWorld) -> None:
    w = role_world
    member = w.user("panel-member")
    assert has_role(member, Role.PANEL_MEMBER)
    assert has_role(member)  # any role at all
    assert has_role(member, Role.PANEL_MEMBER, panel=w.panel)
    assert not has_role(member, Role.PANEL_MEMBER, panel=w.other_panel)
    assert has_role(member, Role.PANEL_MEMBER, force=w.home) and not has_role(member, Role.PANEL_MEMBER, force=w.other)
    assert has_role(member, Role.PANEL_MEMBER, force=[w.other, w.home])  # any of several
    assert not has_role(member, Role.PANEL_CHAIR)
    admin = w.user("force-admin")
    assert has_role(admin, Role.FORCE_ADMIN, panel=w.other_panel)  # a force role covers the force's panels
    assert not has_role(admin, Role.FORCE_ADMIN, panel=w.other_force_panel)
    assert not has_role(w.user("no-role"))
    assert not has_role(None) and not has_role(User())  # not saved: not signed in either
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.refresh_from_db()
    assert not has_role(admin, Role.FORCE_ADMIN)


def test_superusers_get_no_role_by_being_superusers(role_world: RoleWorld) -> None:
    root = User.objects.create_superuser("root@example.org", password=None)
    assert not has_role(root) and not forces_for(root).exists() and not panels_for(root).exists()


def test_forces_and_panels_a_person_may_see(role_world: RoleWorld) -> None:
    w = role_world
    chair = w.user("panel-chair")
    RoleAssignment.objects.create(user=chair, role=Role.BOARD_MEMBER, force=w.other)
    assert set(forces_for(chair)) == {w.home, w.other}
    assert set(forces_for(chair, Role.PANEL_CHAIR)) == {w.home}
    assert set(panels_for(chair, Role.PANEL_CHAIR, Role.PANEL_MEMBER)) == {w.panel}
    assert set(panels_for(chair, Role.PANEL_CHAIR, Role.BOARD_MEMBER)) == {w.panel, w.other_force_panel}
    assert set(panels_for(w.user("force-admin"), Role.FORCE_ADMIN)) == {w.panel, w.other_panel}
    assert not panels_for(w.user("force-admin"), Role.PANEL_MEMBER).exists()


def test_officers_see_their_own_records_and_supervisors_their_team(role_world: RoleWorld) -> None:
    w = role_world
    officer, colleague, elsewhere = w.user("officer"), w.user("officer@other-team"), w.user("officer@other-force")
    supervisor = w.user("supervisor")
    assert list(visible_officers(officer, w.home)) == [officer]
    assert set(visible_officers(supervisor, w.home)) == {supervisor, officer}
    assert colleague not in visible_officers(supervisor, w.home)
    assert elsewhere not in visible_officers(supervisor, w.home)
    assert not visible_officers(supervisor, w.other).exists()
    assert not visible_officers(w.user("analyst"), w.home).exists()  # a force-wide role, asked separately


def test_require_role_raises_a_403_both_django_and_ninja_understand(role_world: RoleWorld) -> None:
    request = RequestFactory().get("/somewhere")
    request.user = role_world.user("board-member")
    with pytest.raises(RoleDenied) as raised:
        require_role(request, Role.ANALYST, force=role_world.home)
    assert isinstance(raised.value, PermissionDenied) and isinstance(raised.value, HttpError)
    assert raised.value.status_code == 403 and "needs analyst in West Midlands" in str(raised.value)
    assert AuditEvent.objects.get(allowed=False).force == role_world.home
    require_role(request, Role.BOARD_MEMBER, force=role_world.home)  # allowed: no exception, no audit
    assert AuditEvent.objects.filter(allowed=False).count() == 1


@pytest.mark.urls("tests.accounts.example_urls")
class TestApi:
    def test_no_credentials_get_401(self) -> None:
        assert CheckedClient().get("/api/example/whoami").status_code == 401

    def test_a_session_works_once_through_the_second_factor(self, role_world: RoleWorld) -> None:
        response = role_world.client("analyst").get("/api/example/whoami")
        assert response.status_code == 200 and response.json() == {"email": "analyst@roles.test"}
        half = role_world.client("force-admin/unverified").get("/api/example/whoami")
        assert half.status_code == 403 and "second factor" in half.json()["detail"]

    def test_roles_are_checked_and_refusals_audited(self, role_world: RoleWorld) -> None:
        assert role_world.client("analyst").get("/api/example/analysis").status_code == 200
        refused = role_world.client("panel-member").get("/api/example/analysis")
        assert refused.status_code == 403 and "needs analyst" in refused.json()["detail"]
        event = AuditEvent.objects.get(allowed=False)
        assert event.object_type == "api" and event.actor == role_world.user("panel-member")

    def test_object_level_checks_inside_an_endpoint(self, role_world: RoleWorld) -> None:
        from django.test import Client

        w = role_world
        member = Client(enforce_csrf_checks=True)
        member.force_login(w.user("panel-member"))
        member.get("/account/sign-out")  # a page with a form: it sets the CSRF cookie
        token = member.cookies["csrftoken"].value
        half = member.post(f"/api/example/panels/{w.panel.pk}/notes", headers={"X-CSRFToken": token})
        assert half.status_code == 403 and "second factor" in half.json()["detail"]
        sign_in_second_factor(member, w.user("panel-member"))
        ok = member.post(f"/api/example/panels/{w.panel.pk}/notes", headers={"X-CSRFToken": token})
        assert ok.status_code == 200 and ok.json() == {"panel": w.panel.pk}
        other = member.post(f"/api/example/panels/{w.other_panel.pk}/notes", headers={"X-CSRFToken": token})
        assert other.status_code == 403
        no_csrf = member.post(f"/api/example/panels/{w.panel.pk}/notes")
        assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["detail"]

    def test_tokens_act_as_their_user_until_revoked(self, role_world: RoleWorld) -> None:
        analyst = role_world.user("analyst")
        stored, raw = issue_token(analyst, "Force RMS")
        assert raw.startswith("parity_") and raw not in json.dumps(list(AuditEvent.objects.values()), default=str)
        assert stored.digest != raw and len(raw) > 40
        client = CheckedClient()
        bearer = {"Authorization": f"Bearer {raw}"}
        assert client.get("/api/example/analysis", headers=bearer).json() == {"ok": True}
        # Tokens need no CSRF token and no second factor: they are not a browser session.
        note = client.post(f"/api/example/panels/{role_world.panel.pk}/notes", headers=bearer)
        assert note.status_code == 403  # an analyst is not on the panel
        wrong = client.get("/api/example/analysis", headers={"Authorization": f"Bearer {raw}x"})
        assert wrong.status_code == 401
        revoke_token(stored.lookup)
        assert client.get("/api/example/analysis", headers=bearer).status_code == 401
        assert AuditEvent.objects.filter(action__in=["token.issued", "token.revoked"]).count() == 2

    def test_expired_tokens_and_inactive_users_are_refused(self, role_world: RoleWorld) -> None:
        from django.utils import timezone

        analyst = role_world.user("analyst")
        stored, raw = issue_token(analyst, "short", days=1)
        bearer = {"Authorization": f"Bearer {raw}"}
        client = CheckedClient()
        assert client.get("/api/example/whoami", headers=bearer).status_code == 200
        type(stored).objects.filter(pk=stored.pk).update(expires_at=timezone.now())
        assert client.get("/api/example/whoami", headers=bearer).status_code == 401
        _, raw2 = issue_token(analyst, "other")
        User.objects.filter(pk=analyst.pk).update(is_active=False)
        assert client.get("/api/example/whoami", headers={"Authorization": f"Bearer {raw2}"}).status_code == 401
