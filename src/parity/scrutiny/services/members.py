"""Panels and their members. A member's panel role decides their accounts role on the panel
(chair: panel chair; member or observer: panel member, or lived-experience advisor on a
complaints-review panel), so permissions follow membership."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parity.accounts import services as accounts
from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import PANEL_ROLES, Role
from parity.reference.models import Force
from parity.scrutiny.models import Declaration, Member, Panel
from parity.scrutiny.services import notices

ROLE_FOR: dict[str, Role] = {
    Member.Role.CHAIR: Role.PANEL_CHAIR,
    Member.Role.MEMBER: Role.PANEL_MEMBER,
    Member.Role.OBSERVER: Role.PANEL_MEMBER,  # they read case packs; verdicts are refused
}


def role_for(member: Member) -> Role:
    """The accounts role a membership gives: on a complaints-review panel, members are
    lived-experience advisors (their chair stays a panel chair)."""
    if member.panel.kind == Panel.Kind.COMPLAINTS and member.role != Member.Role.CHAIR:
        return Role.ADVISOR
    return ROLE_FOR[member.role]


@transaction.atomic
def create_panel(force: Force, name: str, kind: str) -> Panel:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the panel's name"})
    if Panel.objects.filter(force=force, name__iexact=name).exists():
        raise ValidationError({"name": f"{force.name} already has a panel called {name}"})
    return Panel.objects.create(force=force, name=name, kind=kind)


def update_settings(
    panel: Panel,
    *,
    verdict_scale: list[str],
    themes: list[str],
    bwv_retention_days: int | None,
    answer_within_days: int,
) -> Panel:
    """The panel's own verdict scale, themes, video retention and answer period. Verdicts
    already given keep their words; a changed scale applies to reviews from now on."""
    if len(verdict_scale) < 2:
        raise ValidationError({"verdict_scale": "Enter at least two verdicts, one on each line"})
    panel.verdict_scale = verdict_scale
    panel.themes = themes
    panel.bwv_retention_days = bwv_retention_days
    panel.answer_within_days = answer_within_days
    panel.save()
    return panel


@dataclass(frozen=True)
class MemberDates:
    joined_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    vetted_on: dt.date | None = None
    vetting_expires_on: dt.date | None = None
    trained_on: dt.date | None = None


@transaction.atomic
def add_member(
    panel: Panel,
    email: str,
    role: str,
    *,
    full_name: str = "",
    dates: MemberDates = MemberDates(),
    by: User | None = None,
) -> tuple[Member, bool]:
    """Put a person on the panel (making their account if needed) and give them access.
    Returns the member and whether a new account was made (it then needs a password link)."""
    user, created = accounts.add_person(email, full_name=full_name)
    if Member.objects.filter(panel=panel, user=user).exists():
        raise ValidationError({"email": f"{user.email} is already on this panel"})
    member = Member(
        panel=panel,
        user=user,
        name=" ".join(full_name.split()),
        role=role,
        joined_on=dates.joined_on or timezone.localdate(),
        term_ends_on=dates.term_ends_on,
        vetted_on=dates.vetted_on,
        vetting_expires_on=dates.vetting_expires_on,
        trained_on=dates.trained_on,
    )
    member.full_clean()
    member.save()
    sync_roles(member, by=by)
    if member.is_current():
        notices.member_added(member, role_for(member))
    return member, created


@transaction.atomic
def update_member(member: Member, role: str, dates: MemberDates, *, by: User | None = None) -> Member:
    member.role = role
    member.joined_on = dates.joined_on or member.joined_on
    member.term_ends_on = dates.term_ends_on
    member.vetted_on = dates.vetted_on
    member.vetting_expires_on = dates.vetting_expires_on
    member.trained_on = dates.trained_on
    member.full_clean()
    member.save()
    sync_roles(member, by=by)
    return member


@transaction.atomic
def end_membership(member: Member, on: dt.date | None = None, *, by: User | None = None) -> Member:
    """The member leaves the panel: they keep their account but lose access to the panel."""
    member.left_on = on or timezone.localdate()
    member.save()
    sync_roles(member, by=by)
    return member


def declare_interest(member: Member, interest: str, declared_on: dt.date | None = None) -> Declaration:
    interest = interest.strip()
    if not interest:
        raise ValidationError({"interest": "Describe the interest"})
    return Declaration.objects.create(member=member, interest=interest, declared_on=declared_on or timezone.localdate())


def sync_roles(member: Member, *, by: User | None = None) -> None:
    """Make the person's panel roles on this panel match their membership today."""
    wanted = role_for(member) if member.is_current() else None
    held = RoleAssignment.objects.filter(user=member.user, panel=member.panel, role__in=list(PANEL_ROLES))
    for assignment in held:
        if assignment.role != wanted:
            accounts.revoke_role(assignment)
    if wanted is not None and not held.filter(role=wanted).exists():
        accounts.grant_role(member.user, wanted, member.panel.force, panel=member.panel, by=by)


def expire_memberships(on: dt.date | None = None) -> list[Member]:
    """Take panel access from members whose term has ended or who have left; run daily."""
    day = on or timezone.localdate()
    ended = Member.objects.filter(left_on__lte=day) | Member.objects.filter(term_ends_on__lt=day)
    with_roles = ended.filter(user__roles__role__in=list(PANEL_ROLES), user__roles__panel=F("panel")).distinct()
    changed = []
    for member in with_roles.select_related("panel__force", "user"):
        sync_roles(member)
        changed.append(member)
    return changed
