"""Findings the panel refers to the force, and the force's answers.

Other domains link to findings (the action tracker turns them into recommendations), so
this model's migration is never regenerated: change it with new migrations only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.presentation.formatting import govuk_date
from parity.scrutiny.models.cases import Case
from parity.scrutiny.models.meetings import Meeting
from parity.scrutiny.models.panels import Panel
from parity.web.model_fields import long_text


class Finding(models.Model):
    """Something the panel asks the force to answer: each case it refers becomes one.

    A complaints-review panel's advisors raise findings outside meetings (from a review of a
    complaint, parity.victims.advisors), so for them the meeting and case are empty."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="findings")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="findings")
    case = models.OneToOneField(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="finding")
    summary = long_text(help_text="What the panel found and what it asks the force")
    theme = models.CharField(max_length=120, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    due_on = models.DateField()

    class Meta:
        ordering = ["panel", "-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Finding {self.pk}"

    @property
    def origin(self) -> str:
        """Where it came from, in words: "meeting on 4 March 2026", "raised on 4 March 2026"."""
        if self.meeting is not None:
            return f"meeting on {govuk_date(self.meeting.held_on)}"
        return f"raised on {govuk_date(timezone.localtime(self.raised_at).date())}"

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """Past its due date with no answer from the force."""
        answered = hasattr(self, "response")
        return not answered and self.due_on < (on or timezone.localdate())


class ForceResponse(models.Model):
    """The force's answer to a finding."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY = "partly", "Partly accepted"
        NOT_ACCEPTED = "not-accepted", "Not accepted"

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="response")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    action_taken = long_text(help_text="What the force has done or will do")
    officer_learning = long_text(blank=True, help_text="What the officer or their team has learnt")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "force's answer"

    def __str__(self) -> str:
        return f"answer to {self.finding}"
