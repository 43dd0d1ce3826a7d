"""A panel member whose term has ended, or who has left, is refused at once: on every page
and API call, on the day it ends, before the daily job takes their role away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from parity.accounts.models import RoleAssignment
from parity.accounts.permissions import has_role
from parity.accounts.roles import PANEL_ROLES, Role
from parity.scrutiny.access import panels_for
from parity.scrutiny.models import Member
from tests.roles import Case, RoleTable, RoleWorld
from tests.scrutiny.helpers import PanelRecords, build

_RECORDS: dict[int, PanelRecords] = {}
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)

# persona -> how their membership of the home panel stands today.
MEMBERSHIPS: dict[str, dict[str, Any]] = {
    "panel-member": {"term_ends_on": YESTERDAY},
    "panel-chair": {"term_ends_on": YESTERDAY, "role": Member.Role.CHAIR},
    "panel-member@other-panel": {"left_on": YESTERDAY},
    "panel-chair@other-panel": {"term_ends_on": timezone.localdate()},  # ends tonight: still on
}


@pytest.fixture
def ended(role_world: RoleWorld) -> Iterator[PanelRecords]:
    """Panel records, and each persona's membership with the dates above, roles still held."""
    built = build(role_world.panel)
    _RECORDS[id(role_world)] = built
    for persona, dates in MEMBERSHIPS.items():
        user = role_world.user(persona)
        assert user is not None
        panel = role_world.other_panel if "@other-panel" in persona else role_world.panel
        Member.objects.create(panel=panel, user=user, joined_on=dt.date(2020, 1, 1), **dates)
    yield built
    _RECORDS.pop(id(role_world), None)


def r(world: RoleWorld) -> PanelRecords:
    return _RECORDS[id(world)]


ENDED = RoleTable(
    routes={
        "panel": lambda w: f"/scrutiny/panels/{w.panel.pk}/",
        "case": lambda w: f"/scrutiny/cases/{r(w).case.pk}/",
        "apifinds": lambda w: f"/api/scrutiny/panels/{w.panel.pk}/findings",
        "otherpanel": lambda w: f"/scrutiny/panels/{w.other_panel.pk}/",
        "apiother": lambda w: f"/api/scrutiny/panels/{w.other_panel.pk}/findings",
    },
    table="""
        persona                    panel  case  apifinds  otherpanel  apiother
        panel-member               403    403   403       403         403
        panel-chair                403    403   403       403         403
        panel-member@other-panel   403    403   403       403         403
        panel-chair@other-panel    403    403   403       200         200
        analyst                    200    200   200       200         200
    """,
)


@ENDED.parametrize
def test_an_ended_membership_is_refused_on_pages_and_the_api(
    case: Case, role_world: RoleWorld, ended: PanelRecords
) -> None:
    case.check(role_world)


@pytest.mark.django_db
def test_the_role_is_still_held_but_counts_for_nothing(role_world: RoleWorld, ended: PanelRecords) -> None:
    """The refusal does not wait for `parity panel expire` (the daily job): the role is there."""
    user = role_world.user("panel-member")
    assert user is not None
    assert RoleAssignment.objects.filter(user=user, role=Role.PANEL_MEMBER, panel=role_world.panel).exists()
    assert not has_role(user, *PANEL_ROLES, panel=role_world.panel)
    assert not panels_for(user, *PANEL_ROLES).exists()
    chair = role_world.user("panel-chair@other-panel")
    assert chair is not None
    assert list(panels_for(chair, *PANEL_ROLES)) == [role_world.other_panel]
