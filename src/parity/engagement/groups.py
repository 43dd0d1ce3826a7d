"""Advisory groups: applications from the network, vetting, terms, meetings and minutes.

Only a confirmed network member can apply: the public form takes an e-mail address, and a
link to confirm the application goes to that address if, and only if, it belongs to a
confirmed member of the force's network (the page says the same either way, so it tells no
one who is in the network). An engagement officer vets each confirmed application, accepting
or declining it with a reason; every step is audited, with personal details redacted.

A group with an age range keeps young people's safeguarding rules: the applicant's age must
be in the range, anyone under 16 names a parent or guardian, and no one under 16 is accepted
until the engagement officer has recorded that parent's or guardian's consent.

Everything about a person here is erased with their network registration (unsubscribing,
erasure on request, the retention job): applications and memberships go with it.
"""

from __future__ import annotations

import secrets
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.engagement import moderation, network
from parity.engagement.models import (
    CONSENT_AGE,
    AdvisoryGroup,
    ApplicationStatus,
    Declaration,
    GroupApplication,
    GroupMeeting,
    GroupMembership,
    GroupRole,
    MeetingAction,
    NetworkMember,
)
from parity.errors import ParityError
from parity.reference.models import Force

_SALT = "parity.engagement.groups.apply"


# --- groups ---------------------------------------------------------------------------------


def add_group(
    force: Force,
    *,
    name: str,
    kind: str,
    purpose: str,
    min_age: int | None = None,
    max_age: int | None = None,
    term_months: int = 24,
    open_to_applications: bool = True,
    illustrative: bool = False,
) -> AdvisoryGroup:
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError({"max_age": "The oldest age must be the same as the youngest or more."})
    if AdvisoryGroup.objects.filter(force=force, name__iexact=name.strip()).exists():
        raise ValidationError({"name": f"{force.name} already has a group called “{name.strip()}”."})
    return AdvisoryGroup.objects.create(
        force=force,
        name=name.strip(),
        kind=kind,
        purpose=purpose,
        min_age=min_age,
        max_age=max_age,
        term_months=term_months,
        open_to_applications=open_to_applications,
        illustrative=illustrative,
    )


# --- applying -------------------------------------------------------------------------------


def _check_age(group: AdvisoryGroup, age: int | None, guardian_name: str, guardian_contact: str) -> None:
    errors: dict[str, str] = {}
    if group.for_young_people:
        low, high = group.min_age or 0, group.max_age or 200
        if age is None:
            errors["age"] = "Enter your age: this group is for young people."
        elif not low <= age <= high:
            errors["age"] = f"This group is for people aged {low} to {high}."
    if age is not None and age < CONSENT_AGE:
        if not guardian_name.strip():
            errors["guardian_name"] = "Enter the name of your parent or guardian: you are under 16."
        if not guardian_contact.strip():
            errors["guardian_contact"] = "Enter how we can contact your parent or guardian."
    if errors:
        raise ValidationError(errors)


def apply(
    group: AdvisoryGroup,
    *,
    email: str,
    why: str,
    age: int | None = None,
    guardian_name: str = "",
    guardian_contact: str = "",
) -> GroupApplication | None:
    """Hold an application, unconfirmed, and e-mail its link to the member; None (and no
    e-mail) when the address is not a confirmed member of the force's network."""
    if not group.open_to_applications:
        raise ValidationError("This group is not taking applications at the moment.")
    _check_age(group, age, guardian_name, guardian_contact)
    member = (
        NetworkMember.objects.select_related("force")
        .filter(force=group.force_id, email__iexact=email.strip(), confirmed_at__isnull=False)
        .first()
    )
    if member is None:
        return None
    status, checked = moderation.on_arrival(why)
    with transaction.atomic():
        application = GroupApplication.objects.create(
            group=group,
            member=member,
            why=checked,
            moderation=status,
            age=age,
            guardian_name=guardian_name.strip(),
            guardian_contact=guardian_contact.strip(),
            key=secrets.token_urlsafe(24),
        )
        path = reverse("engagement:group-apply-confirm", kwargs={"token": token(application)})
        body = (
            f"Hello {member.name},\n\n"
            f"Someone, we hope you, asked to join {group.name}. To confirm your application, use this "
            f"link within {network.CONFIRM_DAYS} days:\n\n{settings.SITE_URL.rstrip('/')}{path}\n\n"
            "If you did not ask, ignore this e-mail: the application will not go ahead.\n"
        )
        network.send(member, f"Confirm your application to {group.name}", body)
    return application


def token(application: GroupApplication) -> str:
    return signing.dumps({"a": application.pk, "k": application.key}, salt=_SALT)


def application_for(value: str) -> GroupApplication:
    """The application a confirmation link names; network.BadLink if altered, expired or gone."""
    data = network.signed(value, _SALT, timedelta(days=network.CONFIRM_DAYS))
    found = (
        GroupApplication.objects.select_related("group__force", "member")
        .filter(pk=data.get("a"), key=data.get("k"))
        .first()
    )
    if found is None:
        raise network.BadLink("This application is no longer held: it may have been removed.")
    return found


def confirm(value: str) -> GroupApplication:
    """The applicant confirms: the application waits to be vetted."""
    application = application_for(value)
    if application.status == ApplicationStatus.UNCONFIRMED:
        application.status = ApplicationStatus.WAITING
        application.save(update_fields=["status"])
    return application


def erase_unconfirmed() -> int:
    """Applications never confirmed within the link's life are removed (the scheduled job)."""
    cutoff = timezone.now() - timedelta(days=network.CONFIRM_DAYS)
    stale = GroupApplication.objects.filter(status=ApplicationStatus.UNCONFIRMED, applied_at__lt=cutoff)
    erased = 0
    with transaction.atomic():
        for application in stale:
            application.delete()
            erased += 1
    return erased


# --- vetting --------------------------------------------------------------------------------


def record_consent(application: GroupApplication, *, consent_on: date, how: str) -> GroupApplication:
    """The engagement officer records a parent's or guardian's consent (how it was given)."""
    if not application.needs_consent:
        raise ValidationError("Consent from a parent or guardian is needed only for applicants under 16.")
    application.guardian_consent_on = consent_on
    application.guardian_consent_how = how.strip()
    application.save(update_fields=["guardian_consent_on", "guardian_consent_how"])
    return application


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def decide(
    application: GroupApplication,
    *,
    accept: bool,
    reason: str = "",
    by: User | None,
    starts_on: date | None = None,
    tell: bool = True,
) -> GroupApplication:
    """Accept (a membership starts, for the group's term) or decline (with a reason); the
    applicant is told by e-mail either way (`tell=False` only for the illustrative example)."""
    if application.status != ApplicationStatus.WAITING:
        raise ValidationError(f"This application cannot be decided: it is “{application.get_status_display()}”.")
    if accept and application.needs_consent and application.guardian_consent_on is None:
        raise ValidationError(
            "Record the consent of the applicant's parent or guardian first: the applicant is under 16."
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": "Say why the application is declined: the applicant is told."})
    group = application.group
    with transaction.atomic():
        application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
        application.decided_at = timezone.now()
        application.decided_by = by
        application.reason = reason.strip()
        application.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        if accept:
            start = starts_on or timezone.localdate()
            GroupMembership.objects.create(
                group=group,
                member=application.member,
                application=application,
                starts_on=start,
                ends_on=_add_months(start, group.term_months),
            )
            said = f"you have been accepted as a member of {group.name}. The engagement officer will be in touch."
        else:
            said = f"your application to {group.name} has not been accepted this time, because: {reason.strip()}"
        if tell:
            body = f"Hello {application.member.name},\n\n{said}\n"
            network.send(application.member, f"Your application to {group.name}", body)
    return application


# --- members --------------------------------------------------------------------------------


def set_role(membership: GroupMembership, role: str) -> GroupMembership:
    """Make a member the chair (the group's earlier chair becomes a member) or a member again."""
    with transaction.atomic():
        if role == GroupRole.CHAIR:
            for earlier in GroupMembership.objects.filter(group=membership.group, role=GroupRole.CHAIR).exclude(
                pk=membership.pk
            ):
                earlier.role = GroupRole.MEMBER
                earlier.save(update_fields=["role"])
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def set_term(membership: GroupMembership, *, starts_on: date, ends_on: date) -> GroupMembership:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The term must end on or after the day it starts."})
    membership.starts_on, membership.ends_on = starts_on, ends_on
    membership.save(update_fields=["starts_on", "ends_on"])
    return membership


def set_membership(membership: GroupMembership, *, role: str, starts_on: date, ends_on: date) -> GroupMembership:
    """The engagement officer changes a member's role (chair or member) and term, together."""
    with transaction.atomic():
        set_term(membership, starts_on=starts_on, ends_on=ends_on)
        return set_role(membership, role)


def declare(membership: GroupMembership, *, text: str, declared_on: date | None = None) -> Declaration:
    return Declaration.objects.create(membership=membership, text=text, declared_on=declared_on or timezone.localdate())


def current(memberships: QuerySet[GroupMembership], on: date | None = None) -> QuerySet[GroupMembership]:
    """Memberships whose term includes the day (today by default)."""
    day = on or timezone.localdate()
    return memberships.filter(starts_on__lte=day, ends_on__gte=day)


# --- chairs ---------------------------------------------------------------------------------


def chaired_by(user: User, force: Force | None = None) -> QuerySet[AdvisoryGroup]:
    """The groups this person chairs today: a chair membership, current, of a network member
    with the same e-mail address as their account. (The group-chair role is checked too.)"""
    chairs = current(GroupMembership.objects.filter(role=GroupRole.CHAIR, member__email__iexact=user.email))
    found = AdvisoryGroup.objects.filter(pk__in=chairs.values("group_id"))
    return found.filter(force=force) if force is not None else found


# --- meetings -------------------------------------------------------------------------------


def add_meeting(group: AdvisoryGroup, *, held_on: date, place: str, agenda: str, by: User | None) -> GroupMeeting:
    return GroupMeeting.objects.create(group=group, held_on=held_on, place=place, agenda=agenda, created_by=by)


def record_meeting(
    meeting: GroupMeeting, *, present: Iterable[GroupMembership], minutes: str, agenda: str | None = None
) -> GroupMeeting:
    """Who came (members of the group only) and the minutes."""
    chosen = list(present)
    if any(m.group_id != meeting.group_id for m in chosen):
        raise ParityError("attendance names someone who is not a member of this group")
    with transaction.atomic():
        meeting.minutes = minutes
        fields = ["minutes"]
        if agenda is not None:
            meeting.agenda = agenda
            fields.append("agenda")
        meeting.save(update_fields=fields)
        meeting.present.set(chosen)
    return meeting


def add_action(meeting: GroupMeeting, *, text: str, owner: str, due_on: date | None = None) -> MeetingAction:
    return MeetingAction.objects.create(meeting=meeting, text=text, owner=owner, due_on=due_on)


def set_action_done(action: MeetingAction, done: bool) -> MeetingAction:
    action.done = done
    action.save(update_fields=["done"])
    return action


# --- the audit trail ------------------------------------------------------------------------


def register_audit() -> None:
    """Every change audited; what identifies a person, or is theirs to say, is redacted so
    that erasure leaves no copy in the trail."""
    audit.register(AdvisoryGroup)
    audit.register(
        GroupApplication,
        force="group.force",
        redact=("why", "age", "guardian_name", "guardian_contact", "guardian_consent_how", "reason"),
        exclude=("key",),
    )
    audit.register(GroupMembership, force="group.force")
    audit.register(Declaration, force="membership.group.force", redact=("text",))
    audit.register(GroupMeeting, force="group.force")
    audit.register(MeetingAction, force="meeting.group.force")
