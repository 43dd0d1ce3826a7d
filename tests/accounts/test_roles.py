"""The rules about where each role is held, checked before any assignment is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parity.accounts import services
from parity.accounts.models import RoleAssignment, Team, User
from parity.accounts.roles import Role, parse_role
from parity.reference.models import Force
from parity.scrutiny.models import Panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    home, other = Force.objects.get(slug="kent"), Force.objects.get(slug="essex")
    return {
        "user": User.objects.create_user("p@example.org"),
        "home": home,
        "other": other,
        "panel": Panel.objects.create(force=home, name="Kent youth panel", kind=Panel.Kind.YOUTH),
        "other_panel": Panel.objects.create(force=other, name="Essex panel", kind=Panel.Kind.USE_OF_FORCE),
        "team": Team.objects.create(force=home, name="Kent team"),
        "other_team": Team.objects.create(force=other, name="Essex team"),
    }


@pytest.mark.parametrize(
    ("role", "panel", "team", "field", "message"),
    [
        (Role.PANEL_MEMBER, None, None, "panel", "A panel member sits on a panel"),
        (Role.PANEL_CHAIR, "other_panel", None, "panel", "belongs to another force"),
        (Role.ANALYST, "panel", None, "panel", "An analyst is not held on a panel"),
        (Role.SUPERVISOR, None, None, "team", "A supervisor supervises a team"),
        (Role.OFFICER, None, "other_team", "team", "belongs to another force"),
        (Role.BOARD_MEMBER, None, "team", "team", "Only officers and supervisors belong to a team"),
    ],
)
def test_scope_rules(
    world: dict[str, Any], *, role: Role, panel: str | None, team: str | None, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.grant_role(
            world["user"],
            role,
            world["home"],
            panel=world[panel] if panel else None,
            team=world[team] if team else None,
        )
    assert any(message in m for m in raised.value.message_dict[field])
    assert not RoleAssignment.objects.exists()


def test_staff_roles_need_a_force(world: dict[str, Any]) -> None:
    assignment = RoleAssignment(user=world["user"], role=Role.ANALYST)
    with pytest.raises(ValidationError) as raised:
        assignment.clean()
    assert "Every role is held in a force" in raised.value.message_dict["force"][0]


@pytest.mark.parametrize(
    ("role", "panel", "team"),
    [
        (Role.FORCE_ADMIN, None, None),
        (Role.ANALYST, None, None),
        (Role.OFFICER, None, None),
        (Role.OFFICER, None, "team"),
        (Role.PANEL_CHAIR, "panel", None),
        (Role.PANEL_MEMBER, "panel", None),
        (Role.ACTION_OWNER, None, None),
        (Role.BOARD_MEMBER, None, None),
    ],
)
def test_valid_assignments_are_saved(world: dict[str, Any], role: Role, panel: str | None, team: str | None) -> None:
    assignment = services.grant_role(
        world["user"],
        role,
        world["home"],
        panel=world[panel] if panel else None,
        team=world[team] if team else None,
    )
    assert assignment.pk and assignment.force == world["home"]


def test_a_role_is_held_once_per_scope_but_may_be_held_in_several(world: dict[str, Any]) -> None:
    user, home, other = world["user"], world["home"], world["other"]
    services.grant_role(user, Role.ANALYST, home)
    with pytest.raises(ValidationError, match="already analyst for Kent"):
        services.grant_role(user, Role.ANALYST, home)
    services.grant_role(user, Role.ANALYST, other)
    second_panel = Panel.objects.create(force=home, name="Kent stop and search", kind=Panel.Kind.STOP_AND_SEARCH)
    services.grant_role(user, Role.PANEL_MEMBER, home, panel=world["panel"])
    services.grant_role(user, Role.PANEL_MEMBER, home, panel=second_panel)
    assert RoleAssignment.objects.filter(user=user).count() == 4


def test_the_database_refuses_duplicates_too(world: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    RoleAssignment.objects.create(user=world["user"], role=Role.ANALYST, force=world["home"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world["user"], role=Role.ANALYST, force=world["home"])
    RoleAssignment.objects.create(user=world["user"], role=Role.PANEL_MEMBER, force=world["home"], panel=world["panel"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=world["user"], role=Role.PANEL_MEMBER, force=world["home"], panel=world["panel"]
        )


def test_panel_names_are_unique_within_a_force(world: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    Panel.objects.create(force=world["other"], name="Kent youth panel", kind=Panel.Kind.YOUTH)  # another force: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Panel.objects.create(force=world["home"], name="Kent youth panel", kind=Panel.Kind.STOP_AND_SEARCH)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("panel-member", Role.PANEL_MEMBER),
        ("Panel member", Role.PANEL_MEMBER),
        ("force_admin", Role.FORCE_ADMIN),
        ("force-administrator", Role.FORCE_ADMIN),
        ("ANALYST", Role.ANALYST),
    ],
)
def test_roles_are_read_from_values_or_labels(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_an_unknown_role_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="expected one of force-admin, analyst"):
        parse_role("sheriff")


def test_the_roles_reference_says_who_opens_case_packs_as_the_code_does() -> None:
    """docs/reference/roles.md's scrutiny table against the roles the scrutiny pages check."""
    from pathlib import Path

    from parity.scrutiny import access

    text = (Path(__file__).parents[2] / "docs" / "reference" / "roles.md").read_text()
    checked = {
        "Panel pages and case packs": access.READERS,
        "Members and the panel's settings": access.RUNNERS,
        "Answering findings and body-worn video": access.ANSWERERS,
        "What the force must answer: video asked for and findings waiting": access.ANSWERERS,
    }
    table = [[c.strip() for c in line.split("|")[1:-1]] for line in text.splitlines() if line.startswith("| ")]
    header = next(cells for cells in table if cells[0] == "Pages")[1:]
    rows = {cells[0]: dict(zip(header, cells[1:], strict=True)) for cells in table if cells[0] in checked}
    assert set(rows) == set(checked)
    for row, roles in checked.items():
        for role in Role:
            says = rows[row][role.label]
            assert (says != "no") == (role in roles), f"roles.md, {row!r}, {role.label}: says {says!r}"


def test_the_roles_reference_says_who_needs_a_second_factor_as_the_code_does() -> None:
    """docs/reference/roles.md's table of roles against SECOND_FACTOR_ROLES."""
    from pathlib import Path

    from parity.accounts.roles import SECOND_FACTOR_ROLES

    text = (Path(__file__).parents[2] / "docs" / "reference" / "roles.md").read_text()
    table = [[c.strip() for c in line.split("|")[1:-1]] for line in text.splitlines() if line.startswith("| ")]
    header = next(cells for cells in table if cells[0] == "Role")
    column = header.index("Second factor")
    says = {cells[0]: cells[column] for cells in table if cells[0] in {role.label for role in Role}}
    for role in Role:
        wanted = "required" if role in SECOND_FACTOR_ROLES else "not required"
        assert says[role.label] == wanted, f"roles.md says {says[role.label]!r} for {role.label}"
