"""What the accounts pages read: each view makes one call here and renders.

A view that queried for itself would spread the scoping rules (which people and events a
force administrator may see) over the views; kept here, they are read in one place.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from parity.accounts import audit, services
from parity.accounts.models import AccountRequest, AuditEvent, RoleAssignment, User
from parity.reference.models import Force


def events_for(forces: QuerySet[Force], *, administered: QuerySet[Force] | None = None) -> QuerySet[AuditEvent]:
    """Events about these forces' records, plus account events (sign-ins, lock-outs, second
    factor) of the people who hold roles in them and whom the administrator's forces
    (`administered`, by default `forces`) hold alone: an account another force shares, or a
    site administrator's, is not theirs to watch. Requests to other forces are kept to those
    forces' trails, so the trail never tells an administrator that an address has an account.

    Account events show only from when the person both held a role in these forces and was
    in (had signed in or set a password): what happened to an account before it joined (its
    making, its set-password link, its sign-ins elsewhere) would tell whether it was new."""
    managed = services.managed_people(administered if administered is not None else forces)
    joined = RoleAssignment.objects.filter(force__in=forces, user__in=managed, granted_at__lte=OuterRef("at"))
    was_in = AuditEvent.objects.filter(
        action__in=[audit.Action.SIGN_IN, audit.Action.PASSWORD_SET], at__lte=OuterRef("at")
    )
    by_them = Exists(joined.filter(user_id=OuterRef("actor_id"))) & Exists(was_in.filter(actor_id=OuterRef("actor_id")))
    as_text = Cast("user_id", CharField())
    about_them = (
        Exists(joined.annotate(person=as_text).filter(person=OuterRef("object_id")))
        & Exists(was_in.annotate(person=Cast("actor_id", CharField())).filter(person=OuterRef("object_id")))
        & Q(object_type="accounts.user")
    )
    others = ~Q(object_type__in=["accounts.user", "accounts.accountrequest"])
    account_events = Q(force__isnull=True) & (about_them | (by_them & others))
    return AuditEvent.objects.filter(Q(force__in=forces) | account_events)


def active_user(email: str) -> User | None:
    """The active account with this address, if there is one."""
    return User.objects.filter(email=email, is_active=True).first()


def roles_of(user: User, forces: QuerySet[Force] | None = None) -> QuerySet[RoleAssignment]:
    """A person's roles (in these forces only, when given), with what each is held on."""
    roles = RoleAssignment.objects.filter(user=user).select_related("force", "panel", "team")
    return roles if forces is None else roles.filter(force__in=forces)


def roles_in(forces: QuerySet[Force]) -> QuerySet[RoleAssignment]:
    """Every role held in these forces, with what each is held on."""
    return RoleAssignment.objects.filter(force__in=forces).select_related("force", "panel", "team")


def person(pk: int) -> User:
    """An account by id, or 404; the view then checks the asker may manage it."""
    found = User.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such person")
    return found


def role_of(person: User, role_pk: int) -> RoleAssignment:
    """One of a person's roles, or 404."""
    found = roles_of(person).filter(pk=role_pk).first()
    if found is None:
        raise Http404("No such role")
    return found


def account_request(pk: int) -> AccountRequest:
    """A request for agreement, or 404."""
    found = AccountRequest.objects.select_related("user", "force", "panel").filter(pk=pk).first()
    if found is None:
        raise Http404("No such request")
    return found


def forces_needed(asked: AccountRequest) -> QuerySet[Force]:
    """The forces whose administrators must agree to a request."""
    return Force.objects.filter(pk__in=services.needed_forces(asked))
