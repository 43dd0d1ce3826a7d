"""What the advisory-group pages show, each gathered in one call, and who may see them.

Every record is looked up within the force in the address (another force's answers 404).
An engagement officer of the force sees every group, its applications and its members'
contact details; a group chair sees the group they chair today (names, terms, meetings,
never contact details) and no other: anyone else is refused, and the refusal audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from parity.accounts import audit
from parity.accounts.models import User
from parity.accounts.permissions import RoleDenied, forces_for, has_role
from parity.engagement import groups
from parity.engagement.access import CHAIRS, OFFICERS
from parity.engagement.models import (
    AdvisoryGroup,
    ApplicationStatus,
    GroupApplication,
    GroupMeeting,
    GroupMembership,
    MeetingAction,
)
from parity.reference.lookup import force_or_404
from parity.reference.models import Force


def is_officer(user: object, force: Force | int) -> bool:
    return has_role(user, *OFFICERS, force=force)  # type: ignore[arg-type]


def _officer_or_chair(request: HttpRequest, group: AdvisoryGroup) -> bool:
    """True for an engagement officer of the force, False for the group's chair today; anyone
    else is refused, and the refusal written to the audit trail."""
    user = request.user
    if is_officer(user, group.force_id):
        return True
    if has_role(user, *CHAIRS, force=group.force_id) and groups.chaired_by(user).filter(pk=group.pk).exists():  # type: ignore[arg-type]
        return False
    reason = f"needs to be an engagement officer of the force or the chair of {group.name}"
    audit.record_denied(request, reason, force=group.force_id)
    raise RoleDenied(f"You do not have access to this page: it {reason}.")


# --- lookups ---------------------------------------------------------------------------------


def force(slug: str) -> Force:
    return force_or_404(slug)


def group(slug: str, pk: int) -> AdvisoryGroup:
    return get_object_or_404(AdvisoryGroup.objects.select_related("force"), pk=pk, force__slug=slug)


def application(slug: str, pk: int) -> GroupApplication:
    return get_object_or_404(
        GroupApplication.objects.select_related("group__force", "member", "decided_by"),
        pk=pk,
        group__force__slug=slug,
    )


def membership(slug: str, pk: int) -> GroupMembership:
    return get_object_or_404(
        GroupMembership.objects.select_related("group__force", "member", "application"),
        pk=pk,
        group__force__slug=slug,
    )


def group_for(request: HttpRequest, slug: str, pk: int) -> AdvisoryGroup:
    """The group, for its engagement officer or its chair."""
    found = group(slug, pk)
    _officer_or_chair(request, found)
    return found


def meeting_for(request: HttpRequest, slug: str, pk: int) -> GroupMeeting:
    found = get_object_or_404(GroupMeeting.objects.select_related("group__force"), pk=pk, group__force__slug=slug)
    _officer_or_chair(request, found.group)
    return found


def action_for(request: HttpRequest, slug: str, pk: int) -> MeetingAction:
    found = get_object_or_404(
        MeetingAction.objects.select_related("meeting__group__force"), pk=pk, meeting__group__force__slug=slug
    )
    _officer_or_chair(request, found.meeting.group)
    return found


# --- pages -----------------------------------------------------------------------------------


def groups_page(slug: str) -> dict[str, Any]:
    """A force's groups with their members today and the applications waiting to be vetted."""
    force = force_or_404(slug)
    rows = AdvisoryGroup.objects.filter(force=force).annotate(
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITING), distinct=True),
    )
    members = {g.pk: groups.current(g.memberships.all()).count() for g in rows}
    return {"force": force, "groups": [(g, members[g.pk]) for g in rows]}


def group_page(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    """One group: its purpose, members and their terms, meetings; for the engagement officer,
    also the applications and the members' contact details."""
    found = group(slug, pk)
    officer = _officer_or_chair(request, found)
    applications = found.applications.select_related("member").exclude(status=ApplicationStatus.UNCONFIRMED)
    return {
        "force": found.force,
        "group": found,
        "officer": officer,
        "memberships": groups.current(found.memberships.select_related("member")),
        "past": found.memberships.select_related("member").exclude(pk__in=groups.current(found.memberships.all())),
        "applications": applications if officer else [],
        "meetings": found.meetings.annotate(came=Count("present")),
    }


def chair_page(user: User) -> dict[str, Any]:
    """The groups a chair chairs today, in the forces where they hold the group-chair role."""
    forces = forces_for(user, *CHAIRS)
    return {"groups": groups.chaired_by(user).filter(force__in=forces).select_related("force")}


def meeting_page(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    found = meeting_for(request, slug, pk)
    return {
        "force": found.group.force,
        "group": found.group,
        "meeting": found,
        "present": found.present.select_related("member"),
        "actions": found.actions.all(),
    }


# --- public ------------------------------------------------------------------------------------


def public_groups(slug: str) -> dict[str, Any]:
    force = force_or_404(slug)
    return {"force": force, "groups": AdvisoryGroup.objects.filter(force=force)}


def public_group(slug: str, pk: int) -> AdvisoryGroup:
    """A group taking applications (others answer 404 to the public)."""
    return get_object_or_404(
        AdvisoryGroup.objects.select_related("force"), pk=pk, force__slug=slug, open_to_applications=True
    )
