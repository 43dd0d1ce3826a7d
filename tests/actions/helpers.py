"""A small real plan, built through the services (so the audit trail sees it), for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.actions import register
from parity.actions.models import Action, Recommendation, Source
from parity.reference.models import Force


def person(email: str, role: Role, force: Force, full_name: str = "") -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, full_name=full_name)
    RoleAssignment.objects.get_or_create(user=user, role=role, force=force, panel=None, team=None)
    return user


@dataclass
class Plan:
    force: Force
    owner: User
    other_owner: User
    source: Source
    recommendation: Recommendation
    action: Action  # owned by `owner`
    other_action: Action  # owned by `other_owner`


def make_plan(force: Force, owner: User, *, added_on: date | None = None, published: bool = True) -> Plan:
    other = person(f"other.owner@{force.slug}.test", Role.ACTION_OWNER, force, "Other Owner")
    source = register.add_source(force, kind="local-research", reference="RES", title="A research report (test)")
    rec = register.add_recommendation(source, reference="R1", text="Explain every search.", theme="stop-and-search")
    action = register.add_action(
        rec, title="Brief every officer", owner=owner, due_on=date(2027, 3, 31), published=published, on=added_on
    )
    other_action = register.add_action(
        rec, title="Check the records", owner=other, due_on=date(2027, 3, 31), published=False, on=added_on
    )
    return Plan(force, owner, other, source, rec, action, other_action)
