"""Meetings: when the panel meets, who came, what it discussed, and what the public is told."""

from __future__ import annotations

from django.db import models

from parity.scrutiny.models.panels import Member, Panel
from parity.web.model_fields import long_text


class Meeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    place = models.CharField(max_length=200, blank=True, help_text="A room, or 'online'")
    agenda = long_text(blank=True)
    minutes = long_text(blank=True, help_text="For the panel and the force; never published")
    public_summary = long_text(blank=True, help_text="Published with the meeting's report")

    class Meta:
        ordering = ["panel", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} meeting, {self.held_on:%-d %B %Y}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.member.user}: {self.get_status_display().lower()}"
