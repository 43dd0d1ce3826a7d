"""Who the action plan tells, and only them: an owner of an action given to them and of the
board's decision on it; the force's board of an owner asking for sign-off."""

from __future__ import annotations

from datetime import date

import pytest

from parity.accounts.models import Notice, User
from parity.accounts.roles import Role
from parity.actions import csv_register, progress, register
from parity.actions.models import DecisionKind
from parity.reference.models import Force
from tests.actions.helpers import Plan, make_plan, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Plan:
    force = Force.objects.get(slug="kent")
    owner = person("owner@kent.test", Role.ACTION_OWNER, force, "Olu Owner")
    return make_plan(force, owner, added_on=date(2026, 7, 1))


def kinds(user: User) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_an_owner_is_told_when_an_action_is_given_to_them(plan: Plan) -> None:
    # make_plan gave each owner one action: each was told of theirs alone.
    [notice] = Notice.objects.filter(user=plan.owner)
    assert notice.kind == Notice.Kind.ACTION_ASSIGNED
    assert notice.text == (
        f"You are now the owner of action {plan.action.reference} “Brief every officer” in Kent's action plan: "
        "you write its updates and add its evidence."
    )
    assert notice.link == f"/actions/kent/actions/{plan.action.pk}/"
    assert kinds(plan.other_owner) == [Notice.Kind.ACTION_ASSIGNED]

    # Editing without changing the owner tells nobody; giving it to another tells them only.
    edit = {"title": "Brief every officer", "description": "", "due_on": None, "published": True}
    register.edit_action(plan.action, owner=plan.owner, **edit)  # type: ignore[arg-type]
    assert kinds(plan.owner) == [Notice.Kind.ACTION_ASSIGNED]
    register.edit_action(plan.action, owner=plan.other_owner, **edit)  # type: ignore[arg-type]
    assert kinds(plan.other_owner) == [Notice.Kind.ACTION_ASSIGNED] * 2
    assert kinds(plan.owner) == [Notice.Kind.ACTION_ASSIGNED]


def test_an_owner_given_an_action_by_an_imported_register_is_told(plan: Plan) -> None:
    exported = csv_register.export_register(plan.force)
    changed = exported.replace("other.owner@kent.test", "owner@kent.test")
    assert changed != exported
    result = csv_register.import_register(plan.force, changed)
    assert result.updated["actions"] == 1
    assert kinds(plan.owner) == [Notice.Kind.ACTION_ASSIGNED] * 2
    assert kinds(plan.other_owner) == [Notice.Kind.ACTION_ASSIGNED]


def test_the_board_is_told_when_sign_off_is_asked_and_the_owner_when_it_is_decided(plan: Plan) -> None:
    board = person("board@kent.test", Role.BOARD_MEMBER, plan.force)
    other_board = person("board@essex.test", Role.BOARD_MEMBER, Force.objects.get(slug="essex"))
    progress.add_link(plan.action, plan.owner, title="Record", url="https://example.org/r")
    progress.request_completion(plan.action, plan.owner, note="All briefed.")

    [asked] = Notice.objects.filter(kind=Notice.Kind.SIGN_OFF_ASKED)
    assert asked.user == board
    assert asked.text.startswith(f"The owner of action {plan.action.reference} “Brief every officer”")
    assert not Notice.objects.filter(user=other_board).exists()
    assert not Notice.objects.filter(user=plan.owner, kind=Notice.Kind.SIGN_OFF_ASKED).exists()

    progress.decide(plan.action, board, kind=DecisionKind.RETURNED, note="Show the records.")
    [returned] = Notice.objects.filter(kind=Notice.Kind.SIGN_OFF_DECIDED)
    assert returned.user == plan.owner
    assert returned.text == (
        f"The board returned action {plan.action.reference} “Brief every officer” in Kent's action plan to you: "
        "its page says what is still needed."
    )
    progress.request_completion(plan.action, plan.owner, note="Records attached.")
    progress.decide(plan.action, board, kind=DecisionKind.APPROVED)
    assert kinds(plan.owner)[-1] == Notice.Kind.SIGN_OFF_DECIDED
    assert Notice.objects.filter(kind=Notice.Kind.SIGN_OFF_DECIDED).count() == 2
    assert not Notice.objects.filter(user=board, kind=Notice.Kind.SIGN_OFF_DECIDED).exists()
    assert not Notice.objects.filter(user=plan.other_owner).exclude(kind=Notice.Kind.ACTION_ASSIGNED).exists()
