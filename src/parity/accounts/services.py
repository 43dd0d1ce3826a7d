"""Managing people and roles: the functions the CLI and the force administrator's pages call.

Every change made here goes through `save()`/`delete()` of models registered with the audit
trail, so the trail records it with the actor of the current request or command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from parity.accounts import audit, limits
from parity.accounts.mail import send_password_link
from parity.accounts.models import AuditEvent, RoleAssignment, Team, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel


def normalise_email(email: str) -> str:
    """E-mail addresses are compared in lower case, so one person has one account."""
    email = email.strip().lower()
    validate_email(email)
    return email


@transaction.atomic
def add_person(email: str, *, full_name: str = "") -> tuple[User, bool]:
    """The account for `email`, made if there is none (with no password until they set one)."""
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
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
    panel: Panel | None = None,
    team: Team | None = None,
    by: User | None = None,
) -> RoleAssignment:
    """Give `user` a role; ValidationError says plainly what is wrong (scope, or already held)."""
    assignment = RoleAssignment(user=user, role=Role(role), force=force, panel=panel, team=team, granted_by=by)
    assignment.clean()
    held = RoleAssignment.objects.filter(user=user, role=role, force=force, panel=panel, team=team)
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
    panel: Panel | None = None,
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


# --- passwords, lock-out, second factor ----------------------------------------------------


def send_set_password(user: User) -> str:
    """E-mail a one-time link to set a password; new accounts get a welcome wording."""
    new_account = not user.has_usable_password() and user.last_login is None
    link = send_password_link(user, new_account=new_account)
    audit.record(
        audit.Action.PASSWORD_LINK_SENT,
        obj=user,
        summary=f"Sent a link to set a password to {user.email}",
    )
    return link


def password_requests_blocked_until(request: HttpRequest) -> datetime | None:
    """When this address may ask for set-password links again, if it has asked too often."""
    asked = AuditEvent.objects.filter(action=audit.Action.PASSWORD_LINK_ASKED, ip_address=audit.client_ip(request))
    return limits.lifts_at(asked, settings.PARITY_PASSWORD_REQUESTS_PER_HOUR)


def password_links_sent_within_hour(user: User) -> int:
    """Links e-mailed to this account in the last hour, whoever asked for them."""
    sent = AuditEvent.objects.filter(
        action=audit.Action.PASSWORD_LINK_SENT, object_type="accounts.user", object_id=str(user.pk)
    )
    return limits.since_an_hour_ago(sent).count()


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


def unlock(user: User) -> int:
    """Clear failed sign-ins for this account, from every address; returns how many were cleared."""
    from axes.utils import reset

    cleared: int = reset(username=user.email)
    audit.record(audit.Action.UNLOCKED, obj=user, summary=f"Unlocked {user.email} after failed sign-ins")
    return cleared


def has_second_factor(user: User) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


@transaction.atomic
def reset_second_factor(user: User) -> int:
    """Remove the person's authenticator (lost phone): they set up a new one at next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    audit.record(
        audit.Action.SECOND_FACTOR_RESET,
        obj=user,
        summary=f"Removed the second factor of {user.email}; they set up a new one at next sign-in",
    )
    return removed
