"""The account pages: who may open each (a role table), and what a force administrator can do."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from parity.accounts.models import AccountRequest, AuditEvent, RoleAssignment, Team, User
from tests.accounts.helpers import link_in_last_mail
from tests.pagecheck import CheckedClient
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _analyst(w: RoleWorld) -> int:
    user = w.user("analyst")
    assert user is not None
    return user.pk


def _analyst_role(w: RoleWorld) -> int:
    return RoleAssignment.objects.get(user_id=_analyst(w)).pk


ACCOUNT_PAGES = RoleTable(
    routes={
        "home": "/account/",
        "audit": "/account/audit/",
        "sign-in": "/account/sign-in",
        "sign-out": "/account/sign-out",
        "reset": "/account/password-reset",
        "set-up-2fa": "/account/two-factor/set-up",
    },
    table="""
        persona                  home     audit    sign-in  sign-out  reset  set-up-2fa
        anonymous                sign-in  sign-in  200      200       200    sign-in
        no-role                  200      403      200      200       200    200
        force-admin              200      200      200      200       200    302
        force-admin/unverified   2fa      2fa      200      200       200    200
        force-admin@other-force  200      200      200      200       200    302
        analyst                  200      403      200      200       200    302
        analyst/unverified       2fa      2fa      200      200       200    200
        officer                  200      403      200      200       200    302
        supervisor               200      403      200      200       200    302
        panel-chair              200      403      200      200       200    302
        panel-member             200      403      200      200       200    302
        panel-member/unverified  2fa      2fa      200      200       200    200
        action-owner             200      403      200      200       200    200
        board-member             200      403      200      200       200    200
    """,
)

PEOPLE_PAGES = RoleTable(
    routes={
        "people": "/account/people/",
        "add": "/account/people/add",
        "person": lambda w: f"/account/people/{_analyst(w)}/",
        "add-role": lambda w: f"/account/people/{_analyst(w)}/roles/add",
        "remove-role": lambda w: f"/account/people/{_analyst(w)}/roles/{_analyst_role(w)}/remove",
        "unlock": Route(lambda w: f"/account/people/{_analyst(w)}/unlock", method="post"),
        "reset-2fa": Route(lambda w: f"/account/people/{_analyst(w)}/second-factor/reset", method="post"),
        "unlock-by-get": lambda w: f"/account/people/{_analyst(w)}/unlock",
    },
    table="""
        persona                  people   add      person   add-role remove-role unlock   reset-2fa unlock-by-get
        anonymous                sign-in  sign-in  sign-in  sign-in  sign-in     sign-in  sign-in   sign-in
        no-role                  403      403      403      403      403         403      403       403
        force-admin              200      200      200      200      200         302      302       405
        force-admin/unverified   2fa      2fa      2fa      2fa      2fa         2fa      2fa       2fa
        force-admin@other-force  200      200      403      403      403         403      403       405
        analyst                  403      403      403      403      403         403      403       403
        officer                  403      403      403      403      403         403      403       403
        supervisor               403      403      403      403      403         403      403       403
        panel-chair              403      403      403      403      403         403      403       403
        panel-member             403      403      403      403      403         403      403       403
        action-owner             403      403      403      403      403         403      403       403
        board-member             403      403      403      403      403         403      403       403
    """,
)


@ACCOUNT_PAGES.parametrize
def test_account_pages_follow_their_role_table(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


@PEOPLE_PAGES.parametrize
def test_people_pages_follow_their_role_table(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


@pytest.fixture
def admin(role_world: RoleWorld) -> CheckedClient:
    return role_world.client("force-admin")


def test_adding_a_person_makes_the_account_gives_the_role_and_emails_a_link(
    role_world: RoleWorld, admin: CheckedClient
) -> None:
    w = role_world
    page = admin.get("/account/people/add")
    assert page.status_code == 200 and page.page.select_one("[name=email]") is not None
    response = admin.post(
        "/account/people/add",
        {
            "email": "New.Member@Example.org",
            "full_name": "Ada Member",
            "role": "panel-member",
            "force": w.home.pk,
            "panel": w.panel.pk,
            "team": "",
        },
    )
    new = User.objects.get(email="new.member@example.org")
    assert response.status_code == 302 and response["Location"] == "/account/people/"
    assert not new.has_usable_password() and new.full_name == "Ada Member"
    # The role waits for them, as it does for anyone added (docs/guides/accounts.md).
    assert not RoleAssignment.objects.filter(user=new).exists()
    assert AccountRequest.objects.get(user=new, status="pending").panel == w.panel
    assert mail.outbox[-1].to == ["new.member@example.org"]
    assert "set your password" in mail.outbox[-1].subject and "/account/password-reset/" in link_in_last_mail()
    shown = admin.get(response["Location"])
    assert "has been added" in shown.content.decode() and "Stop and search panel" in shown.content.decode()
    # Until they set their password they wait under "Added, not in yet", as anyone added does.
    [waiting] = shown.page.select("h2 + p + table tbody tr")
    assert "new.member@example.org" in waiting.get_text() and f"/account/people/{new.pk}/" not in str(waiting)
    actions = set(AuditEvent.objects.filter(actor=w.user("force-admin")).values_list("action", "object_type"))
    assert {("create", "accounts.user"), ("password.link-sent", "accounts.user")} <= actions
    # They set their password and sign in: the role is theirs, and they are in the list.
    new.set_password("a long enough passphrase")
    new.save()
    Client().force_login(new)
    assert RoleAssignment.objects.get(user=new).panel == w.panel
    assert f"/account/people/{new.pk}/" in admin.get("/account/people/").content.decode()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"role": "panel-member", "panel": ""}, "sits on a panel: choose the panel"),
        ({"role": "analyst", "panel": "other_force_panel"}, "Select a valid choice"),
        ({"role": "analyst", "panel": "panel"}, "is not held on a panel"),
        ({"role": "supervisor"}, "supervises a team: name the team"),
        ({"role": "board-member", "team": "Response team A"}, "Only officers and supervisors belong to a team"),
        ({"role": "", "panel": ""}, "Choose a role"),
        ({"email": "not an address", "role": "analyst"}, "Enter an e-mail address in the right format"),
    ],
)
def test_adding_a_person_explains_what_is_wrong(
    role_world: RoleWorld, admin: CheckedClient, data: dict[str, str], problem: str
) -> None:
    w = role_world
    panels = {"panel": w.panel.pk, "other_force_panel": w.other_force_panel.pk, "": ""}
    form = {"email": "x@example.org", "full_name": "", "force": w.home.pk, "team": "", "panel": "", **data}
    form["panel"] = panels[form["panel"]]
    response = admin.post("/account/people/add", form)
    assert response.status_code == 200 and problem in response.content.decode()
    assert response.page.title.get_text().startswith("Error: ")
    assert not RoleAssignment.objects.filter(user__email="x@example.org").exists()


def test_giving_a_role_twice_is_refused_plainly(role_world: RoleWorld, admin: CheckedClient) -> None:
    analyst = role_world.user("analyst")
    response = admin.post(f"/account/people/{analyst.pk}/roles/add", {"role": "analyst", "force": role_world.home.pk})
    assert response.status_code == 200 and "is already analyst for West Midlands" in response.content.decode()


def test_giving_a_supervisor_role_makes_the_team(role_world: RoleWorld, admin: CheckedClient) -> None:
    analyst = role_world.user("analyst")
    response = admin.post(
        f"/account/people/{analyst.pk}/roles/add",
        {"role": "supervisor", "force": role_world.home.pk, "team": "  Night   shift "},
    )
    assert response.status_code == 302
    team = Team.objects.get(force=role_world.home, name="Night shift")
    assert RoleAssignment.objects.get(user=analyst, role="supervisor").team == team


def test_an_administrator_cannot_give_roles_in_another_force(role_world: RoleWorld, admin: CheckedClient) -> None:
    analyst = role_world.user("analyst")
    response = admin.post(f"/account/people/{analyst.pk}/roles/add", {"role": "analyst", "force": role_world.other.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not RoleAssignment.objects.filter(force=role_world.other, user=analyst).exists()


def test_removing_a_role_is_confirmed_and_audited(role_world: RoleWorld, admin: CheckedClient) -> None:
    analyst = role_world.user("analyst")
    assignment = RoleAssignment.objects.get(user=analyst)
    confirm = admin.get(f"/account/people/{analyst.pk}/roles/{assignment.pk}/remove")
    assert "will no longer be analyst for West Midlands" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    response = admin.post(f"/account/people/{analyst.pk}/roles/{assignment.pk}/remove")
    assert response.status_code == 302 and response["Location"] == "/account/people/"
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_type="accounts.roleassignment")
    assert event.actor == role_world.user("force-admin") and event.force == role_world.home
    assert event.changes["role"] == {"before": "analyst", "after": None}


def test_an_administrator_cannot_remove_their_own_administrator_role(
    role_world: RoleWorld, admin: CheckedClient
) -> None:
    me = role_world.user("force-admin")
    mine = RoleAssignment.objects.get(user=me)
    response = admin.post(f"/account/people/{me.pk}/roles/{mine.pk}/remove")
    assert (
        response.status_code == 200 and "cannot remove your own force administrator role" in response.content.decode()
    )
    assert RoleAssignment.objects.filter(pk=mine.pk).exists()


def test_the_people_list_shows_only_the_administrators_forces(role_world: RoleWorld, admin: CheckedClient) -> None:
    w = role_world
    w.user("analyst"), w.user("analyst@other-force"), w.user("panel-member")
    page = admin.get("/account/people/").content.decode()
    assert "analyst@roles.test" in page and "panel-member@roles.test" in page
    assert "analyst.at.other-force@roles.test" not in page


def test_an_administrator_can_unlock_a_locked_out_person(role_world: RoleWorld, admin: CheckedClient) -> None:
    from tests.pagecheck import CheckedClient

    analyst = role_world.user("analyst")
    analyst.set_password("the right passphrase")
    analyst.save()
    locked = CheckedClient()
    for _ in range(5):
        response = locked.post("/account/sign-in", {"email": analyst.email, "password": "wrong"})
    assert response.status_code == 429
    page = admin.get(f"/account/people/{analyst.pk}/").content.decode()
    assert "Locked out after repeated failed sign-ins" in page
    assert "Locked out" in admin.get("/account/people/").content.decode()
    assert admin.post(f"/account/people/{analyst.pk}/unlock").status_code == 302
    response = locked.post("/account/sign-in", {"email": analyst.email, "password": "the right passphrase"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="unlocked").actor == role_world.user("force-admin")


class TestAuditPage:
    def test_an_administrator_sees_their_forces_events_only(self, role_world: RoleWorld, admin: CheckedClient) -> None:
        from parity.accounts import audit

        w = role_world
        audit.record("sample.drawn", summary="Drew 20 cases at home", force=w.home)
        audit.record("sample.drawn", summary="Drew 30 cases elsewhere", force=w.other)
        w.client("panel-member@other-panel").get("/account/people/")  # refused: audited at home? no force
        page = admin.get("/account/audit/")
        text = page.content.decode()
        assert "Drew 20 cases at home" in text and "Drew 30 cases elsewhere" not in text
        assert "Refused" in text  # the panel member's refused attempt: one of the force's people
        refused = admin.get("/account/audit/?refused=on").content.decode()
        assert "Drew 20 cases" not in refused and "/account/people/" in refused
        by_action = admin.get("/account/audit/?action=sample.drawn").content.decode()
        assert "Drew 20 cases at home" in by_action and "Refused" not in by_action

    def test_the_trail_is_paged(self, role_world: RoleWorld, admin: CheckedClient) -> None:
        from parity.accounts import audit

        for n in range(60):
            audit.record("note", summary=f"note {n}", force=role_world.home)
        first = admin.get("/account/audit/?action=note")
        assert "Events 1 to 50 of 60" in first.content.decode()
        second = admin.get("/account/audit/?action=note&page=2")
        assert "Events 51 to 60 of 60" in second.content.decode() and "note 0" in second.content.decode()
