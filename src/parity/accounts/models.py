"""People who sign in to Parity, the roles they hold, their API tokens, and the audit trail."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from parity.accounts.roles import PANEL_ROLES, TEAM_REQUIRED, TEAM_ROLES, Role
from parity.reference.models import Force
from parity.web.model_fields import long_text


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("a user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class NoticeDelivery(models.TextChoices):
    """How a person is told what needs them to act (parity.accounts.notices)."""

    EACH = "each", "An e-mail for each, as it happens"
    DIGEST = "digest", "One e-mail a day listing them all"


class User(AbstractUser):
    """A person with an account; identified by e-mail address, not a user name.

    Being a Django superuser grants no role: seeing a force's records always needs a role
    in that force, so that every route to personal data is a role someone was given.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    notices_by = models.CharField(
        "how notices reach them", max_length=10, choices=NoticeDelivery.choices, default=NoticeDelivery.EACH
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    def __str__(self) -> str:
        return self.full_name or self.email


class Team(models.Model):
    """A group of officers in one force; a supervisor sees the records of the team they supervise."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="team_unique_name_per_force")]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """One role held by one person, always in one force, and for panel roles on one panel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="role_assignments")
    panel = models.ForeignKey(
        "scrutiny.Panel", on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments")
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "force"],
                condition=Q(panel__isnull=True, team__isnull=True),
                name="role_unique_in_force",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "panel"], condition=Q(panel__isnull=False), name="role_unique_on_panel"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "team"], condition=Q(team__isnull=False), name="role_unique_in_team"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.scope_label()}"

    def role_label(self) -> str:
        """The role's name as pages show it: "Panel observer" for an observer holding the
        panel member role (`scopes.role_wording`)."""
        from parity.accounts.scopes import role_wording

        return role_wording(self)[0]

    def scope_label(self) -> str:
        """Where the role applies, in words: "West Midlands", "West Midlands: Stop and search panel"."""
        return scope_label(self.force, self.panel if self.panel_id else None, str(self.team) if self.team_id else "")

    def clean(self) -> None:
        """The scoping rules, checked before every assignment is saved (services call full_clean)."""
        errors: dict[str, str] = {}
        role = Role(self.role) if self.role in Role.values else None
        named = _with_article(role.label.lower()) if role else "this role"
        if not self.force_id:
            errors["force"] = "Every role is held in a force: choose the force."
        if role in PANEL_ROLES:
            if not self.panel_id:
                errors["panel"] = f"{named.capitalize()} sits on a panel: choose the panel."
            elif self.force_id and self.panel is not None and self.panel.force_id != self.force_id:
                errors["panel"] = f"The panel {self.panel} belongs to another force, not {self.force}."
        elif self.panel_id:
            errors["panel"] = f"{named.capitalize()} is not held on a panel: leave the panel blank."
        if role in TEAM_REQUIRED and not self.team_id:
            errors["team"] = f"{named.capitalize()} supervises a team: name the team."
        if self.team_id and role not in TEAM_ROLES:
            errors["team"] = f"Only officers and supervisors belong to a team, not {named}."
        elif self.team_id and self.force_id and self.team is not None and self.team.force_id != self.force_id:
            errors["team"] = f"The team {self.team} belongs to another force, not {self.force}."
        if errors:
            raise ValidationError(errors)


def scope_label(force: Force, panel: object | None, team: str) -> str:
    """Where a role applies (or would apply), in words."""
    parts = [force.name]
    if panel is not None:
        parts.append(str(panel))
    if team:
        parts.append(f"team {team}")
    return ": ".join(parts)


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


class ApiToken(models.Model):
    """A key a force system uses to call the JSON API as one user; only its hash is stored."""

    PREFIX = "parity_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120)
    lookup = models.CharField(max_length=16, unique=True)  # shown to people, to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.lookup})"

    @staticmethod
    def hash(raw: str) -> str:
        # The raw token is 256 random bits, so a fast hash is enough: no one can guess it.
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows are written once and never changed or removed through the application."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise PermissionError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """Something that happened: a change to a workflow record, a view of a sensitive one, a
    sign-in, or an attempt that was refused. Written by parity.accounts.audit only."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)  # e-mail, or "command line (root)"
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)  # "app_label.model", or "page"
    object_id = models.CharField(max_length=64, blank=True)
    summary = long_text(blank=True)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    allowed = models.BooleanField(default=True)
    # sha256 over this row and the previous row's digest: a changed or removed row breaks
    # the chain from that point on (parity.accounts.audit.verify_chain).
    digest = models.CharField(max_length=64, editable=False)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["force", "at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("audit events cannot be deleted")


class AccountRequest(models.Model):
    """A change to an account that another force also holds, waiting for that force's agreement.

    A force administrator controls only the people whose every role is in forces they run.
    Giving a role to someone held elsewhere, or removing the authenticator of, or unlocking,
    someone another force shares, is asked for here and carried out once an administrator of
    each other force (or a site administrator) agrees.
    """

    class Kind(models.TextChoices):
        ADD_ROLE = "add-role", "Give a role"
        RESET_SECOND_FACTOR = "reset-second-factor", "Remove their authenticator app"
        UNLOCK = "unlock", "Unlock after failed sign-ins"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for agreement"
        ACCEPTED = "accepted", "Agreed and carried out"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn by the force asking"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # The force asking: for a role, the force it is held in.
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    panel = models.ForeignKey("scrutiny.Panel", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    team_name = models.CharField(max_length=120, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # Forces whose administrator has agreed so far.
    agreed_forces = models.ManyToManyField(Force, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.describe()} ({self.get_status_display().lower()})"

    def role_label(self) -> str:
        """The role asked for, as a held role is shown: "Analyst, West Midlands"."""
        return f"{Role(self.role).label}, {self.scope()}"

    def scope(self) -> str:
        return scope_label(self.force, self.panel if self.panel_id else None, self.team_name)

    def describe(self) -> str:
        """What is asked, in words: "Give analyst for West Midlands to a@b.org"."""
        if self.kind == self.Kind.ADD_ROLE:
            return f"Give {Role(self.role).label.lower()} for {self.scope()} to {self.user.email}"
        return f"{self.get_kind_display()} for {self.user.email}, asked by {self.force.name}"


class Notice(models.Model):
    """Something a person needs to act on, told to them alone: cases waiting for their review,
    a finding the force must answer, an action given to them.

    Written by `parity.accounts.notices` from the workflows; e-mailed once, on its own
    (`sent_at`) or in the day's digest (`digested_at`), as the person chose. The text says
    no more than the person may already see, and the e-mail links to the page for the rest.
    """

    class Kind(models.TextChoices):
        CASES_TO_REVIEW = "cases-to-review", "Cases wait for your review"
        ADDED_TO_PANEL = "added-to-panel", "You were added to a panel"
        VIDEO_REQUESTED = "video-requested", "A panel asks for body-worn video"
        VIDEO_DUE = "video-due", "Body-worn video will soon be deleted"
        FINDING_RAISED = "finding-raised", "A finding needs the force's answer"
        FINDING_DUE = "finding-due", "A finding's answer is due soon"
        FINDING_OVERDUE = "finding-overdue", "A finding's answer is overdue"
        ACTION_ASSIGNED = "action-assigned", "An action was given to you"
        SIGN_OFF_ASKED = "sign-off-asked", "An action waits for sign-off"
        SIGN_OFF_DECIDED = "sign-off-decided", "The board decided on your action"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300, help_text="The page to act on, as a path on this site")
    # Set when the same notice must not be given twice (a daily reminder): unique per person.
    key = models.CharField(max_length=100, blank=True)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notice_unique_key_per_person")
        ]
        indexes = [models.Index(fields=["user", "sent_at", "digested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user})"

    @property
    def waiting(self) -> bool:
        """Not e-mailed yet, alone or in a digest."""
        return self.sent_at is None and self.digested_at is None
