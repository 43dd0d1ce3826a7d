"""Panel reports, per meeting and per quarter. Publishing one freezes its figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from parity.scrutiny.models.meetings import Meeting
from parity.scrutiny.models.panels import Panel


class Report(models.Model):
    """A published report. Drafts are worked out afresh each time they are shown; publishing
    stores the protected figures and words (`content`), so the public version never changes
    when a decision or an answer is edited later."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting report"
        QUARTER = "quarter", "Quarterly report"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    quarter_start = models.DateField(null=True, blank=True, help_text="First day of the quarter")
    title = models.CharField(max_length=300)
    content = models.JSONField(help_text="The report as published, small numbers protected")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "meeting"], condition=models.Q(kind="meeting"), name="report_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["panel", "quarter_start"], condition=models.Q(kind="quarter"), name="report_once_per_quarter"
            ),
        ]

    def __str__(self) -> str:
        return self.title
