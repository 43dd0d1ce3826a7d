"""Illustrative advisory groups for `parity demo`: made-up network members (every name ends
"(illustrative)", every address is at example.org), three groups of the kinds forces run,
their members and chairs, one application waiting to be vetted, and a meeting with its
agenda, attendance, minutes and actions. Nothing here is any force's or anyone's own.

Loading twice changes nothing: a force that already has the illustrative groups is left as it is.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import has_role
from parity.accounts.roles import Role
from parity.accounts.services import add_person, grant_role
from parity.engagement import groups
from parity.engagement.models import (
    AdvisoryGroup,
    ApplicationStatus,
    GroupApplication,
    GroupKind,
    GroupRole,
    Involvement,
    NetworkMember,
)
from parity.reference.models import Force

LABEL = "(illustrative)"
OFFICER_EMAIL = "illustrative.engagement@example.org"
CHAIR_EMAIL = "illustrative.iag.chair@example.org"

GROUPS = [
    (
        "Independent advisory group",
        GroupKind.IAG,
        "Independent members of the public who advise the force on how its policing affects communities, "
        "look at stop and search and use of force, and tell the force where trust is being lost.",
        None,
        None,
    ),
    (
        "Young persons' independent advisory group",
        GroupKind.YOUNG,
        "Young people who make sure young people's voices are heard: how officers treat young people on "
        "the street and in schools, and what would make them trust the police.",
        14,
        24,
    ),
    (
        "Diverse communities group",
        GroupKind.DIVERSE,
        "People from ethnic minority communities across the county who meet the force's leaders, share "
        "what they hear in their communities and check what the force said it would do. New members are "
        "always welcome.",
        None,
        None,
    ),
]

# name, group index, role, age (young people's group only), under-16 guardian
PEOPLE: list[tuple[str, int, str, int | None]] = [
    ("Grace Adeyemi", 0, GroupRole.CHAIR, None),
    ("Tomasz Nowak", 0, GroupRole.MEMBER, None),
    ("Priya Raman", 0, GroupRole.MEMBER, None),
    ("Kwame Mensah", 0, GroupRole.MEMBER, None),
    ("Leah Carter", 1, GroupRole.CHAIR, 19),
    ("Yusuf Ali", 1, GroupRole.MEMBER, 15),
    ("Mia Thompson", 1, GroupRole.MEMBER, 17),
    ("Farah Hussain", 2, GroupRole.CHAIR, None),
    ("Daniel Osei", 2, GroupRole.MEMBER, None),
    ("Mei Chen", 2, GroupRole.MEMBER, None),
]


@dataclass
class Loaded:
    groups: int
    members: int
    meetings: int


def _member(force: Force, name: str, number: int, email: str = "") -> NetworkMember:
    now = timezone.now()
    return NetworkMember.objects.create(
        force=force,
        name=f"{name} {LABEL}",
        email=email or f"illustrative.member{number}@example.org",
        area="",
        involvement=Involvement.ACTIVE,
        interests=["stop-and-search"],
        key=secrets.token_urlsafe(24),
        consented_at=now,
        confirmed_at=now,
    )


def _person(email: str, role: Role, force: Force, name: str) -> User:
    user, _ = add_person(email, full_name=name)
    if not has_role(user, role, force=force):
        grant_role(user, role, force)
    return user


@transaction.atomic
def load(force: Force, *, today: date | None = None) -> Loaded:
    """The illustrative groups of `force`, made once."""
    if AdvisoryGroup.objects.filter(force=force, illustrative=True).exists():
        return Loaded(0, 0, 0)
    day = today or timezone.localdate()
    officer = _person(OFFICER_EMAIL, Role.ENGAGEMENT_OFFICER, force, "Illustrative engagement officer")
    _person(CHAIR_EMAIL, Role.GROUP_CHAIR, force, f"Grace Adeyemi {LABEL}")
    with audit.acting_as(officer):
        made = [
            groups.add_group(force, name=name, kind=kind, purpose=purpose, min_age=low, max_age=high, illustrative=True)
            for name, kind, purpose, low, high in GROUPS
        ]
        memberships = []
        for number, (name, index, role, age) in enumerate(PEOPLE, start=1):
            member = _member(force, name, number, CHAIR_EMAIL if number == 1 else "")
            application = GroupApplication.objects.create(
                group=made[index],
                member=member,
                why="I want to help the police understand my community. (Illustrative.)",
                age=age,
                guardian_name=f"A parent {LABEL}" if age is not None and age < 16 else "",
                guardian_contact="illustrative.parent@example.org" if age is not None and age < 16 else "",
                status=ApplicationStatus.WAITING,
                key=secrets.token_urlsafe(24),
            )
            if application.needs_consent:
                groups.record_consent(application, consent_on=day - timedelta(days=75), how="Signed consent form")
            groups.decide(application, accept=True, by=officer, starts_on=day - timedelta(days=60), tell=False)
            membership = application.membership
            groups.set_role(membership, role)
            memberships.append(membership)
        groups.declare(memberships[1], text="Works for a charity the force funds. (Illustrative.)")
        waiting = _member(force, "Sam Patel", len(PEOPLE) + 1)
        GroupApplication.objects.create(
            group=made[2],
            member=waiting,
            why="I run a youth football club and hear a lot about stop and search. (Illustrative.)",
            status=ApplicationStatus.WAITING,
            key=secrets.token_urlsafe(24),
        )
        meeting = groups.add_meeting(
            made[0],
            held_on=day - timedelta(days=21),
            place="Online",
            agenda="Welcome and declarations of interest\nStop and search figures for the last quarter\n"
            "Body-worn video review\nAny other business",
            by=officer,
        )
        in_group = [m for m in memberships if m.group_id == made[0].pk]
        groups.record_meeting(
            meeting,
            present=in_group[:3],
            minutes="Illustrative minutes. The group looked at the quarter's stop and search figures and asked "
            "why searches for drugs found nothing more often for Black people. The force will bring the "
            "answer to the next meeting.",
        )
        groups.add_action(
            meeting,
            text="Bring the breakdown of outcomes for drugs searches by ethnicity.",
            owner="The engagement officer",
            due_on=day + timedelta(days=30),
        )
        groups.add_meeting(
            made[0],
            held_on=day + timedelta(days=14),
            place="Community centre",
            agenda="Actions from the last meeting\nOutcomes of drugs searches\nRecruitment open evening",
            by=officer,
        )
    return Loaded(len(made), len(memberships), 2)
