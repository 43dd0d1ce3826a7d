"""An observer holds the panel member role (to read case packs) but is not a member: the role
lists and the panel's members page call them an observer and do not count them as members."""

from __future__ import annotations

import pytest

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel
from parity.scrutiny.services import members
from tests.pagecheck import CheckedClient, text
from tests.roles import sign_in_second_factor

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> CheckedClient:
    client = CheckedClient()
    client.force_login(user)
    sign_in_second_factor(client, user)
    return client


def roles_table(client: CheckedClient, path: str) -> list[list[str]]:
    page = client.get(path).page
    return [[text(td) for td in tr.select("td")] for tr in page.select("main table tbody tr")]


def test_an_observer_is_named_as_an_observer_not_a_member() -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Observed panel", kind=Panel.Kind.STOP_AND_SEARCH)
    observer, _ = members.add_member(panel, "watcher@panel.test", "observer", full_name="Wen Watcher")
    member, _ = members.add_member(panel, "reviewer@panel.test", "member", full_name="Rae Reviewer")
    members.add_member(panel, "chair@panel.test", "chair", full_name="Cal Chair")
    assert RoleAssignment.objects.get(user=observer.user, panel=panel).role == Role.PANEL_MEMBER

    own = roles_table(signed_in(observer.user), "/account/")
    assert own[0][0] == "Panel observer" and "does not give verdicts" in own[0][2]
    assert not any("Panel member" in cell for row in own for cell in row)
    assert roles_table(signed_in(member.user), "/account/")[0][0] == "Panel member"

    admin = User.objects.create_user("admin@wiltshire.test")
    RoleAssignment.objects.create(user=admin, role=Role.FORCE_ADMIN, force=wiltshire)
    client = signed_in(admin)
    assert roles_table(client, f"/account/people/{observer.user.pk}/")[0][0] == "Panel observer"
    assert roles_table(client, f"/account/people/{member.user.pk}/")[0][0] == "Panel member"
    page = client.get(f"/scrutiny/panels/{panel.pk}/members/").page
    assert text(page.select_one("caption")) == "2 current members and 1 observer"
    rows = {text(tr.select("td")[0]): text(tr.select("td")[1]) for tr in page.select("tbody tr")}
    assert rows["Wen Watcher"] == "Observer" and rows["Rae Reviewer"] == "Member"
