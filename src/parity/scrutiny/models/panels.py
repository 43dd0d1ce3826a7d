"""Panels and the people on them.

A member's panel role (chair, member, observer) decides their access: `services.members`
keeps each member's accounts role assignment (panel chair, panel member) in step with their
membership, so permissions follow membership.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from parity.reference.models import Force
from parity.web.model_fields import long_text

DEFAULT_VERDICTS = (
    "Grounds reasonable",
    "Grounds unclear",
    "Grounds not reasonable",
    "Not enough information",
)
DEFAULT_THEMES = (
    "Grounds not clearly recorded",
    "Body-worn video not switched on",
    "How the person was spoken to",
    "Reason for the search not explained",
    "Receipt not offered",
    "Handcuffs or other force used",
    "Search of a child",
    "Strip search",
    "Good practice to share",
)


def default_verdicts() -> list[str]:
    return list(DEFAULT_VERDICTS)


def default_themes() -> list[str]:
    return list(DEFAULT_THEMES)


class Panel(models.Model):
    """An independent community panel that scrutinises one kind of police power in one force."""

    class Kind(models.TextChoices):
        STOP_AND_SEARCH = "stop-and-search", "Stop and search"
        USE_OF_FORCE = "use-of-force", "Use of force"
        OUT_OF_COURT_DISPOSALS = "out-of-court-disposals", "Out-of-court disposals"
        YOUTH = "youth", "Youth"
        # Lived-experience advisors reviewing closed complaints (parity.victims.advisors):
        # the same members, vetting, declarations, terms and finding → answer cycle.
        COMPLAINTS = "complaints", "Complaints review by lived-experience advisors"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    verdict_scale = models.JSONField(
        default=default_verdicts, help_text="The verdicts a member can give on a case's grounds, in order"
    )
    themes = models.JSONField(default=default_themes, help_text="Themes the panel tags its decisions with")
    bwv_retention_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days the force keeps body-worn video; blank for PARITY_BWV_RETENTION_DAYS"
    )
    answer_within_days = models.PositiveSmallIntegerField(
        default=28, help_text="Days the force has to answer a finding"
    )

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="panel_unique_name_per_force")]

    def __str__(self) -> str:
        return self.name

    @property
    def retention_days(self) -> int:
        """How long the force keeps body-worn video that is not marked as evidence."""
        if self.bwv_retention_days:
            return self.bwv_retention_days
        return int(settings.PARITY_BWV_RETENTION_DAYS)


class Member(models.Model):
    """A person on a panel, with the dates a chair must keep track of."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(default=dt.date.today)
    term_ends_on = models.DateField(null=True, blank=True)
    vetted_on = models.DateField(null=True, blank=True, help_text="When police vetting was granted")
    vetting_expires_on = models.DateField(null=True, blank=True)
    trained_on = models.DateField(null=True, blank=True, help_text="When they completed the panel's training")
    left_on = models.DateField(null=True, blank=True)
    # The name the person adding them typed. The panel shows this, never the account's own
    # name: the account may have been made elsewhere, and its name is not the adder's to learn.
    name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["panel", "role", "name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="member_once_per_panel")]

    def __str__(self) -> str:
        return f"{self.shown_name} ({self.get_role_display().lower()}, {self.panel})"

    @property
    def shown_name(self) -> str:
        """What the panel's pages call them: the name typed when they were added, else their
        e-mail address (which the adder typed too)."""
        return self.name or self.user.email

    def is_current(self, on: dt.date | None = None) -> bool:
        """On the panel now: not left, and the term (if any) not over."""
        day = on or dt.date.today()
        if self.left_on is not None and self.left_on <= day:
            return False
        return self.term_ends_on is None or self.term_ends_on >= day

    def vetting_current(self, on: dt.date | None = None) -> bool:
        day = on or dt.date.today()
        return self.vetted_on is not None and (self.vetting_expires_on is None or self.vetting_expires_on >= day)

    @property
    def reviews_cases(self) -> bool:
        """Observers watch and read; only chairs and members give verdicts."""
        return self.role != self.Role.OBSERVER


class Declaration(models.Model):
    """A declared interest: a member's link to policing or to people the panel might review."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="declarations")
    declared_on = models.DateField(default=dt.date.today)
    interest = long_text()

    class Meta:
        ordering = ["member", "-declared_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member.user}: {self.interest[:60]}"
