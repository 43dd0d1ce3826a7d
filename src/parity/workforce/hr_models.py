"""A force's own HR extract, as imported: pseudonymised people, their moves, and applications.

Personal data: a person is known only by the force's pseudonym (the importer refuses anything
that looks like a name or an email address), and pages show these records only to force roles,
each view audited. One HrExtract is one unit of an import (a force's people at a date, its
joiners, leavers or promotions in a year, or one recruitment campaign), stored in one
transaction and replaced whole when a changed file arrives; the row as written is kept.
"""

from __future__ import annotations

from django.db import models

from parity.reference.models import Force


class HrExtract(models.Model):
    class Layout(models.TextChoices):
        PEOPLE = "people", "People at a date"
        JOINERS = "joiners", "Joiners"
        LEAVERS = "leavers", "Leavers"
        PROMOTIONS = "promotions", "Promotions"
        APPLICATIONS = "applications", "Recruitment applications"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="hr_extracts")
    layout = models.CharField(max_length=20, choices=Layout.choices)
    period = models.CharField(max_length=120, help_text="The date (people), year (moves) or campaign of the unit")
    name = models.CharField(max_length=500, help_text="Path the rows were read from")
    header = models.TextField()
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField()
    rows_unchanged = models.PositiveIntegerField()
    fictional = models.BooleanField(default=False, help_text="Made by code for the demonstration, not a force's data")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "layout", "period"], name="hr_extract_one_unit")]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.layout} {self.period}"


class HrPersonFields(models.Model):
    """What every HR row says about the person: pseudonym, workforce, self-declared ethnicity."""

    extract = models.ForeignKey(HrExtract, on_delete=models.CASCADE)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=64)
    worker_type = models.CharField(max_length=20)
    rank = models.CharField(max_length=60)
    ethnicity = models.CharField(max_length=2, help_text="Detailed code of the 2021 list; NS not stated")
    group = models.CharField(max_length=12, help_text="The 5+1 group (reference.ethnicity.Group)")
    gender = models.CharField(max_length=30)
    age_band = models.CharField(max_length=20)
    line = models.PositiveIntegerField()
    raw = models.JSONField(help_text="The row as written, column by column")

    class Meta:
        abstract = True


class HrPerson(HrPersonFields):
    """One person in post at a date."""

    as_at = models.DateField()
    start_date = models.DateField()
    org_unit = models.CharField(max_length=120)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "as_at", "pseudonym"], name="hr_person_once")]
        indexes = [models.Index(fields=["force", "as_at"])]

    def __str__(self) -> str:
        return f"{self.pseudonym} at {self.as_at}"


class HrEvent(HrPersonFields):
    """A joiner, a leaver or a promotion (rank is the rank joined, left or promoted to)."""

    class Kind(models.TextChoices):
        JOINER = "joiner", "Joined"
        LEAVER = "leaver", "Left"
        PROMOTION = "promotion", "Promoted"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField()
    reason = models.CharField(max_length=40, blank=True)
    from_rank = models.CharField(max_length=60, blank=True)
    board = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "kind", "pseudonym", "on"], name="hr_event_once")]
        indexes = [models.Index(fields=["force", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.pseudonym} {self.kind} {self.on}"


class HrApplication(models.Model):
    """One application to one recruitment campaign: how far it got and how it ended."""

    extract = models.ForeignKey(HrExtract, on_delete=models.CASCADE)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    campaign = models.CharField(max_length=120)
    applicant = models.CharField(max_length=64, help_text="The force's pseudonym for the applicant")
    stage_reached = models.PositiveSmallIntegerField(help_text="Index into hr_layouts.STAGES")
    outcome = models.CharField(max_length=20)
    positive_action = models.BooleanField()
    ethnicity = models.CharField(max_length=2)
    group = models.CharField(max_length=12)
    gender = models.CharField(max_length=30)
    age_band = models.CharField(max_length=20)
    line = models.PositiveIntegerField()
    raw = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "campaign", "applicant"], name="hr_application_once")]

    def __str__(self) -> str:
        return f"{self.applicant} ({self.campaign})"


class WorkforceTarget(models.Model):
    """A target a force has set itself, e.g. "12% of officers by 2030" or "1,000 more by 31 March 2026".

    Minority means every stated group but White; a share target is of those who stated.
    """

    class Kind(models.TextChoices):
        SHARE = "share", "Share of the workforce"
        HEADCOUNT = "headcount", "Number more than at the start"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="workforce_targets")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    group = models.CharField(
        max_length=12, default="minority", help_text='"minority" (every stated group but White) or a 5+1 group code'
    )
    worker_type = models.CharField(max_length=20, default="officer")
    value = models.DecimalField(max_digits=9, decimal_places=4, help_text="A share (0.12) or a number of people")
    start = models.DateField(help_text="The date the target counts from")
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["force__slug", "deadline", "pk"]

    def __str__(self) -> str:
        return self.title
