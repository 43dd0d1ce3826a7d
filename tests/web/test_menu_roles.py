"""The menu shows each person only what their roles open: for every persona of the role
tables, every link in the header menu answers without a refusal (no 403, no sign-in page)."""

from __future__ import annotations

import pytest

from parity.accounts.roles import Role
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "no-role", *(role.value for role in Role)]


def menu(world: RoleWorld, persona: str) -> dict[str, str]:
    page = world.client(persona).get("/").page
    return {a.get_text(strip=True): str(a["href"]) for a in page.select("#primary-navigation a")}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_link_opens_for_the_person_it_is_shown_to(persona: str, role_world: RoleWorld) -> None:
    client = role_world.client(persona)
    links = menu(role_world, persona)
    assert "Home" in links
    for text_, href in links.items():
        if text_ == "Sign out":
            continue
        with client.unchecked():
            answer = client.get(href)
        assert answer.status_code != 403, f"{persona}: {text_} ({href}) refuses them"
        assert not (answer.status_code == 302 and "/account/sign-in" in answer["Location"]), f"{persona}: {text_}"


def test_workflow_links_follow_the_roles(role_world: RoleWorld) -> None:
    assert "Scrutiny panels" in menu(role_world, "panel-member")
    assert "Action plans" not in menu(role_world, "panel-member")
    assert "Record a stop" in menu(role_world, "officer")
    assert "Scrutiny panels" not in menu(role_world, "officer")
    assert {"Scrutiny panels", "Action plans", "Record a stop"}.isdisjoint(menu(role_world, "no-role"))
    assert "Your account" in menu(role_world, "no-role")


def test_engagement_links_follow_the_roles(role_world: RoleWorld) -> None:
    assert "Community engagement" in menu(role_world, "engagement-officer")
    assert "Your advisory groups" in menu(role_world, "group-chair")
    assert {"Community engagement", "Your advisory groups"}.isdisjoint(menu(role_world, "officer"))
