"""Managing people and roles: the functions the CLI and the force administrator's pages call.

Every change made here goes through `save()`/`delete()` of models registered with the audit
trail, so the trail records it with the actor of the current request or command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.mail import send_password_link, send_request_notice, send_role_notice
from parity.accounts.models import AccountRequest, RoleAssignment, Team, User
from parity.accounts.permissions import forces_for, has_role
from parity.accounts.roles import Role
from parity.accounts.scopes import PanelScope
from parity.errors import ParityError
from parity.reference.models import Force
from parity.web import throttle


def normalise_email(email: str) -> str:
    """E-mail addresses are compared in lower case, so one person has one account."""
    email = email.strip().lower()
    validate_email(email)
    return email


@transaction.atomic
def add_person(email: str, *, full_name: str = "") -> tuple[User, bool]:
    """The account for `email`, made if there is none (with no password until they set one).

    An account that exists is left exactly as it is: `full_name` names only a new account, so
    whoever adds an address never writes to, or learns from, an account someone else made."""
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(email=email, full_name=full_name)
    user.set_unusable_password()
    user.save()
    return user, True


def team_named(force: Force, name: str) -> tuple[Team, bool]:
    """The team of this name in `force`, made if it does not exist yet."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"team": "Name the team."})
    existing = Team.objects.filter(force=force, name__iexact=name).first()
    if existing is not None:
        return existing, False
    return Team.objects.create(force=force, name=name), True


@transaction.atomic
def grant_role(
    user: User,
    role: Role | str,
    force: Force,
    *,
    panel: PanelScope | None = None,
    team: Team | None = None,
    by: User | None = None,
) -> RoleAssignment:
    """Give `user` a role; ValidationError says plainly what is wrong (scope, or already held)."""
    assignment = RoleAssignment(
        user=user, role=Role(role), force=force, panel=cast(Any, panel), team=team, granted_by=by
    )
    assignment.clean()
    held = RoleAssignment.objects.filter(user=user, role=role, force=force, panel=assignment.panel, team=team)
    if held.exists():
        raise ValidationError(f"{user.email} is already {Role(role).label.lower()} for {assignment.scope_label()}.")
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def add_with_role(
    email: str,
    role: Role | str,
    force: Force,
    *,
    full_name: str = "",
    panel: PanelScope | None = None,
    team_name: str = "",
    by: User | None = None,
) -> tuple[User, bool, RoleAssignment]:
    """The account (made if needed), its team (made if needed) and the role, all or nothing:
    a refused role leaves no new account or team behind."""
    user, created = add_person(email, full_name=full_name)
    team = team_named(force, team_name)[0] if team_name.strip() else None
    return user, created, grant_role(user, role, force, panel=panel, team=team, by=by)


@transaction.atomic
def revoke_role(assignment: RoleAssignment) -> None:
    assignment.delete()


# --- who controls an account ----------------------------------------------------------------
#
# An account belongs to the forces in which it holds roles. A force administrator changes an
# account alone (its second factor, its lock-out, a role for it in their force) only when every
# role it holds is in forces they run; otherwise the other forces are asked (AccountRequest) and
# the change waits for their agreement, or a site administrator's. Site administrators' own
# accounts are never in a force administrator's hands.


class NotPermitted(ParityError, PermissionDenied):
    """A change to an account that the person asking does not control alone."""


def is_site_admin(user: User) -> bool:
    """Site administrators run the whole system (Django's admin site); no force controls them."""
    return bool(user.is_superuser or user.is_staff)


def home_forces(user: User) -> QuerySet[Force]:
    """The forces in which the account holds a role: together, they control it."""
    return Force.objects.filter(pk__in=RoleAssignment.objects.filter(user=user).values("force_id"))


def managed_people(forces: QuerySet[Force]) -> QuerySet[User]:
    """The people `forces` control alone: every role they hold is in one of these forces,
    and they are not site administrators."""
    inside = RoleAssignment.objects.filter(force__in=forces).values("user_id")
    outside = RoleAssignment.objects.exclude(force__in=forces).values("user_id")
    return User.objects.filter(pk__in=inside, is_staff=False, is_superuser=False).exclude(pk__in=outside)


def may_manage(actor: User | None, person: User) -> bool:
    """May `actor` change `person`'s account alone? The command line (None) and site
    administrators may; a force administrator only if their forces control the person alone."""
    if actor is None or is_site_admin(actor):
        return True
    return managed_people(forces_for(actor, Role.FORCE_ADMIN)).filter(pk=person.pk).exists()


def _require_manage(actor: User | None, person: User) -> None:
    if not may_manage(actor, person):
        raise NotPermitted("Another force also holds this account, so the change needs its agreement.")


def _held_by(actor: User, person: User) -> bool:
    """Does one of `actor`'s forces already hold `person` (so the administrator already sees
    them in their list of people)? Never true of a site administrator's account."""
    if is_site_admin(person):
        return False
    return RoleAssignment.objects.filter(user=person, force__in=forces_for(actor, Role.FORCE_ADMIN)).exists()


@dataclass(frozen=True)
class Invitation:
    """What adding someone did. The administrator is told the same whichever happened, so
    adding an address never tells them whether another force already holds an account for it."""

    email: str
    assignment: RoleAssignment | None  # the role, when it was given at once
    request: AccountRequest | None  # otherwise, the request waiting for the other forces


@transaction.atomic
def invite(
    email: str,
    role: Role | str,
    force: Force,
    *,
    by: User,
    full_name: str = "",
    panel: PanelScope | None = None,
    team_name: str = "",
) -> Invitation:
    """A force administrator adds someone to their force with a role.

    Someone their forces already hold gets the role at once. Anyone else, whether the address
    is new, has an account no force holds, or has one another force holds, is asked, and the
    role waits (an `AccountRequest`): a new account is made and e-mailed a link to set its
    password, and an account no force holds is told; either takes the role up when its owner
    next signs in (`take_up`). An account another force holds (or a site administrator's)
    waits for that force's agreement (`decide`). So the administrator sees the same thing,
    then and afterwards, whether or not the address already had an account."""
    if not has_role(by, Role.FORCE_ADMIN, force=force):
        raise NotPermitted(f"Only an administrator of {force.name} may add people to it.")
    email = normalise_email(email)
    role = Role(role)
    existing = User.objects.filter(email=email).first()
    summary = f"Added {email} as {role.label.lower()} in {force.name}"
    audit.record(audit.Action.PERSON_INVITED, summary=summary, force=force)
    if existing is not None and _held_by(by, existing):
        assignment = add_with_role(email, role, force, panel=panel, team_name=team_name, by=by)[2]
        return Invitation(email, assignment, None)
    team = team_named(force, team_name)[0] if team_name.strip() else None
    RoleAssignment(role=role, force=force, panel_id=panel.pk if panel else None, team=team).clean()
    person, _ = add_person(email, full_name=full_name)
    asked = ask(AccountRequest.Kind.ADD_ROLE, person, force, by=by, role=role, panel=panel, team_name=team_name)
    if _never_in(person) and _taken_up_by_owner(asked):
        send_set_password(person)
    return Invitation(email, None, asked)


def _never_in(user: User) -> bool:
    return not user.has_usable_password() and user.last_login is None


def _taken_up_by_owner(request: AccountRequest) -> bool:
    """A role no other force need agree to, for an account no force holds: its owner takes it
    up by signing in (a site administrator's account is never theirs to take up)."""
    return (
        request.kind == AccountRequest.Kind.ADD_ROLE and not is_site_admin(request.user) and not needed_forces(request)
    )


@transaction.atomic
def take_up(user: User) -> list[AccountRequest]:
    """Give `user` the roles forces have added them to that wait only for them: called when
    they sign in. The adding force sees the role appear, as it does when another force agrees."""
    taken = []
    pending = AccountRequest.objects.filter(
        user=user, kind=AccountRequest.Kind.ADD_ROLE, status=AccountRequest.Status.PENDING
    )
    for request in pending.select_for_update(of=("self",)).select_related("user", "force", "panel"):
        if not _taken_up_by_owner(request):
            continue
        _carry_out(request)
        request.status, request.decided_by, request.decided_at = AccountRequest.Status.ACCEPTED, user, timezone.now()
        request.save()
        # In no force's trail: the adding force sees the role itself, whoever made it happen.
        audit.record(
            audit.Action.CHANGE_AGREED, **_in_no_trail_but(None, request), summary=f"Taken up: {request.describe()}"
        )
        taken.append(request)
    return taken


@dataclass(frozen=True)
class Waiting:
    """Someone a force has added who is not in yet: a new account until its owner first signs
    in, or an account another force holds until that force agrees. Both look the same, so the
    list of people does not tell an administrator which it was."""

    email: str
    roles: tuple[str, ...]  # "Analyst, West Midlands"


def _not_in_yet() -> dict[str, object]:
    """Accounts never signed in, with no password set yet: made by an invitation still open."""
    return {"last_login__isnull": True, "password__startswith": UNUSABLE_PASSWORD_PREFIX}


def waiting(forces: QuerySet[Force]) -> list[Waiting]:
    """Everyone added to `forces` who is not in yet, by e-mail address."""
    found: dict[str, list[str]] = {}
    new = RoleAssignment.objects.filter(force__in=forces, **{f"user__{k}": v for k, v in _not_in_yet().items()})
    for assignment in new.select_related("user", "force", "panel", "team"):
        found.setdefault(assignment.user.email, []).append(str(assignment))
    asked = AccountRequest.objects.filter(
        force__in=forces, kind=AccountRequest.Kind.ADD_ROLE, status=AccountRequest.Status.PENDING
    )
    for request in asked.select_related("user", "force", "panel"):
        found.setdefault(request.user.email, []).append(request.role_label())
    return [Waiting(email, tuple(sorted(roles))) for email, roles in sorted(found.items())]


def people_in(forces: QuerySet[Force]) -> QuerySet[User]:
    """People holding roles in `forces` who are in: they have set a password or signed in."""
    return User.objects.filter(roles__force__in=forces).exclude(**_not_in_yet()).distinct()


@transaction.atomic
def withdraw(email: str, *, by: User) -> None:
    """Take back what `by`'s forces added for `email` that is still waiting: the roles of an
    account not in yet, or the requests to another force. Done the same way for both."""
    forces = forces_for(by, Role.FORCE_ADMIN)
    email = normalise_email(email)
    asked = AccountRequest.objects.filter(
        user__email=email,
        force__in=forces,
        kind=AccountRequest.Kind.ADD_ROLE,
        status=AccountRequest.Status.PENDING,
    )
    for request in asked.select_for_update():
        request.status, request.decided_by, request.decided_at = AccountRequest.Status.WITHDRAWN, by, timezone.now()
        request.save()
        needed = needed_forces(request)
        audit.record(
            audit.Action.CHANGE_WITHDRAWN,
            obj=request,
            summary=f"Withdrawn: {request.describe()}",
            force=min(needed) if needed else None,
        )
    for assignment in RoleAssignment.objects.filter(
        user__email=email, force__in=forces, **{f"user__{k}": v for k, v in _not_in_yet().items()}
    ):
        revoke_role(assignment)
    audit.record(audit.Action.PERSON_WITHDRAWN, summary=f"Withdrew the invitation of {email}", force=forces.first())


def needed_forces(request: AccountRequest) -> set[int]:
    """Ids of the forces whose agreement the request still needs (empty for a site
    administrator's account, which only a site administrator may change)."""
    if is_site_admin(request.user):
        return set()
    homes = set(home_forces(request.user).values_list("pk", flat=True))
    asking = {request.force_id}
    if request.requested_by is not None:
        asking |= set(forces_for(request.requested_by, Role.FORCE_ADMIN).values_list("pk", flat=True))
    return homes - asking


@transaction.atomic
def ask(
    kind: AccountRequest.Kind,
    person: User,
    force: Force,
    *,
    by: User,
    role: Role | str = "",
    panel: PanelScope | None = None,
    team_name: str = "",
) -> AccountRequest:
    """Ask the other forces holding `person` (or the site administrators) to agree to a
    change; they are e-mailed, and the request is audited in their trail, not the asker's."""
    if not has_role(by, Role.FORCE_ADMIN, force=force):
        raise NotPermitted(f"Only an administrator of {force.name} may ask for this.")
    same = (
        AccountRequest.objects.filter(user=person, kind=kind, force=force, role=role, team_name=team_name.strip())
        .filter(Q(panel_id=panel.pk) if panel else Q(panel__isnull=True), status="pending")
        .first()
    )
    if same is not None:
        return same
    request = AccountRequest.objects.create(
        user=person,
        kind=kind,
        force=force,
        role=role,
        panel_id=panel.pk if panel else None,
        team_name=team_name.strip(),
        requested_by=by,
    )
    needed = needed_forces(request)
    where = min(needed) if needed else None  # the trail of a force asked, never the asker's
    audit.record(audit.Action.CHANGE_ASKED, **_in_no_trail_but(where, request), summary=request.describe())
    if not _taken_up_by_owner(request):
        send_request_notice(request, _deciders(needed))
    elif not _never_in(person):
        send_role_notice(request)  # a new account is sent its set-password link instead
    return request


def _in_no_trail_but(force: int | None, request: AccountRequest) -> dict[str, Any]:
    """Where a request's event is written: the trail of `force`, or none of the forces' (not
    the force the request is for, which `obj=` alone would choose), only the site's."""
    return {"object_type": "accounts.accountrequest", "object_id": request.pk, "force": force}


def _deciders(needed: set[int]) -> list[str]:
    """Who is told of a request: the administrators of the forces it needs, or, when there
    are none, the site administrators."""
    admins = User.objects.filter(is_active=True, roles__role=Role.FORCE_ADMIN, roles__force_id__in=needed).values_list(
        "email", flat=True
    )
    emails = sorted(set(admins))
    if not emails:
        emails = sorted(User.objects.filter(is_active=True, is_superuser=True).values_list("email", flat=True))
    return emails


def requests_for(actor: User) -> list[AccountRequest]:
    """Pending requests `actor` may decide: those that need a force they run."""
    mine = set(forces_for(actor, Role.FORCE_ADMIN).values_list("pk", flat=True))
    pending = AccountRequest.objects.filter(
        status=AccountRequest.Status.PENDING, user__roles__force_id__in=mine
    ).distinct()
    related = pending.select_related("user", "force", "panel", "requested_by")
    return [r for r in related if needed_forces(r) & mine - set(r.agreed_forces.values_list("pk", flat=True))]


@transaction.atomic
def decide(request: AccountRequest, *, by: User | None, accept: bool) -> AccountRequest:
    """Agree to (or decline) a request. by: a force administrator of a force it needs, or a
    site administrator, or None for the command line. The change is made once every force
    it needs has agreed, or at once when a site administrator agrees."""
    request = AccountRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AccountRequest.Status.PENDING:
        raise ValidationError(f"This request was already {request.get_status_display().lower()}.")
    site = by is None or is_site_admin(by)
    needed = needed_forces(request)
    mine = needed & set(forces_for(by, Role.FORCE_ADMIN).values_list("pk", flat=True)) if by is not None else set()
    if not site and not mine:
        raise NotPermitted("Only an administrator of a force holding this account, or a site administrator, decides.")
    where = min(mine) if mine else None
    if not accept:
        request.status, request.decided_by, request.decided_at = AccountRequest.Status.DECLINED, by, timezone.now()
        request.save()
        audit.record(audit.Action.CHANGE_DECLINED, obj=request, summary=f"Declined: {request.describe()}", force=where)
        return request
    request.agreed_forces.add(*mine)
    audit.record(audit.Action.CHANGE_AGREED, obj=request, summary=f"Agreed: {request.describe()}", force=where)
    if site or needed <= set(request.agreed_forces.values_list("pk", flat=True)):
        _carry_out(request)
        request.status, request.decided_by, request.decided_at = AccountRequest.Status.ACCEPTED, by, timezone.now()
        request.save()
    return request


def _carry_out(request: AccountRequest) -> None:
    person = request.user
    if request.kind == AccountRequest.Kind.ADD_ROLE:
        team = team_named(request.force, request.team_name)[0] if request.team_name else None
        grant_role(person, request.role, request.force, panel=request.panel, team=team, by=request.requested_by)
    elif request.kind == AccountRequest.Kind.UNLOCK:
        unlock(person)
    else:
        reset_second_factor(person)


# --- passwords, lock-out, second factor ----------------------------------------------------


def send_set_password(user: User) -> str:
    """E-mail a one-time link to set a password; new accounts get a welcome wording."""
    new_account = not user.has_usable_password() and user.last_login is None
    link = send_password_link(user, new_account=new_account)
    _password_links().hit(str(user.pk))
    audit.record(
        audit.Action.PASSWORD_LINK_SENT,
        obj=user,
        summary=f"Sent a link to set a password to {user.email}",
    )
    return link


def _password_requests() -> throttle.Limit:
    return throttle.Limit("password-requests", settings.PARITY_PASSWORD_REQUESTS_PER_HOUR)


def _password_links() -> throttle.Limit:
    return throttle.Limit("password-links", settings.PARITY_PASSWORD_LINKS_PER_HOUR)


def count_password_request(request: HttpRequest) -> datetime | None:
    """Count a request for a set-password link from this address: when it may ask again, if
    it has asked too often this hour (the request is then refused); else None. Counted in
    Django's cache (`parity.web.throttle`), so every worker on every machine shares the count."""
    return _password_requests().hit(throttle.client_key(request))


def password_links_used_up(user: User) -> bool:
    """Has this account been sent its hour's links, whoever asked for them?"""
    return _password_links().blocked_until(str(user.pk)) is not None


@dataclass(frozen=True)
class LockOut:
    addresses: int  # how many addresses the account is locked out from
    until: datetime | None  # None when the lock-out has no end (AXES_COOLOFF_TIME unset)


def lock_out(user: User) -> LockOut | None:
    """Whether repeated failed sign-ins have locked this account, and until when."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(username=user.email, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - cool_off)
    latest = attempts.order_by("-attempt_time").first()
    if latest is None:
        return None
    until = latest.attempt_time + cool_off if cool_off is not None else None
    return LockOut(addresses=attempts.values("ip_address").distinct().count(), until=until)


def locked_out_emails(emails: Sequence[str]) -> set[str]:
    """Which of these accounts are locked out now: one query, for lists of people."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(username__in=emails, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))


def with_second_factor(users: Sequence[User]) -> set[int]:
    """Ids of those of `users` with an authenticator app set up: one query, for lists of people."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))


def unlock(user: User, *, by: User | None = None) -> int:
    """Clear failed sign-ins for this account, from every address; returns how many were cleared.

    by: the force administrator asking (None for the command line); refused with `NotPermitted`
    unless they control the account alone (`may_manage`)."""
    from axes.utils import reset

    _require_manage(by, user)

    cleared: int = reset(username=user.email)
    audit.record(audit.Action.UNLOCKED, obj=user, summary=f"Unlocked {user.email} after failed sign-ins")
    return cleared


def has_second_factor(user: User) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


@transaction.atomic
def reset_second_factor(user: User, *, by: User | None = None) -> int:
    """Remove the person's authenticator (lost phone): they set up a new one at next sign-in.

    by: as for `unlock`: only someone who controls the account alone may do this."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_manage(by, user)

    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    audit.record(
        audit.Action.SECOND_FACTOR_RESET,
        obj=user,
        summary=f"Removed the second factor of {user.email}; they set up a new one at next sign-in",
    )
    return removed
