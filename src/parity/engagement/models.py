"""What people told the force, and what was done about it ("you said, we did").

Community conversations and advisory-group meetings produce feedback; feedback is grouped
into themes; a response to a theme says what was done and links the actions in the force's
action plan that it led to. The public sees published responses only, never individual
feedback (it may say who gave it), and counts of people or comments under the disclosure
threshold are not published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.reference.models import Force
from parity.web.model_fields import long_text


class EventKind(models.TextChoices):
    COMMUNITY_CONVERSATION = "community-conversation", "Community conversation"
    ADVISORY_GROUP = "advisory-group", "Independent advisory group meeting"
    PUBLIC_MEETING = "public-meeting", "Public meeting"
    SURVEY = "survey", "Survey or consultation"
    OTHER = "other", "Other"


class Event(models.Model):
    """A conversation, meeting or consultation where people gave their views."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=250)
    held_on = models.DateField()
    place = models.CharField(max_length=250, blank=True, help_text="Where it was held, or 'Online'")
    facilitator = models.CharField(max_length=250, blank=True)
    attendees = models.PositiveIntegerField(null=True, blank=True)
    summary = long_text(blank=True)
    published = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)  # a made-up example, labelled wherever shown
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A subject several pieces of feedback share, such as "follow-up after reporting a crime"."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_themes")
    name = models.CharField(max_length=200)
    description = long_text(blank=True)
    illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="engagement_theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EVENT = "event", "At a conversation or meeting"
    RECEIPT = "receipt", "Through a stop-and-search receipt"
    PANEL = "panel", "From a scrutiny panel"
    OTHER = "other", "Another way"


class Feedback(models.Model):
    """One point someone made, written down in plain words (no names or contact details)."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_feedback")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="feedback")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EVENT)
    text = long_text()
    received_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The receipt response this comment came from (channel "receipt"), so it is themed once.
    receipt_feedback = models.OneToOneField(
        "recording.Feedback", on_delete=models.SET_NULL, null=True, blank=True, related_name="engagement_comment"
    )

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return self.text[:60]


class Response(models.Model):
    """ "You said, we did": what people said on a theme, what was done, and the actions it led to."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="engagement_responses")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="responses")
    you_said = long_text()
    we_did = long_text()
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="responses")
    responded_on = models.DateField(default=timezone.localdate)
    published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["force__name", "theme__name", "-responded_on", "pk"]

    def __str__(self) -> str:
        return f"Response on {self.theme}"
