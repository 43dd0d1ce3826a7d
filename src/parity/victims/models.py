"""Victims' records and the Crime Survey's victimisation table, as imported.

A SurveyEstimate is one published cell of the Ethnicity facts and figures "Victims of crime"
table (CSEW): a share of adults with its sample size, standard error and interval, each None
where the survey withheld it (`?`), never filled in. A Victim is one row of a force's
victims' extract (docs/reference/victims-extract.md): a crime reference pseudonym, never a
name, with the Victims' Code contacts and the survey answers. Each unit records the file it
came from and its hash, so importing the same rows again changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.reference.models import Force
from parity.scrutiny.models import Finding, Panel
from parity.web.model_fields import long_text


class SurveyUnit(models.Model):
    """One survey file x time window: where it came from, its hash, what happened to it."""

    time = models.CharField(max_length=80, help_text="The survey year or pooled window, as published")
    name = models.CharField(max_length=500, help_text="Path the rows were read from")
    header = models.TextField()
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField()
    rows_unchanged = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["time", "sha256"], name="survey_unit_once")]

    def __str__(self) -> str:
        return f"{self.time} ({self.name})"


class SurveyEstimate(models.Model):
    """One published share of adults who were victims, exactly as the survey gave it."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "England and Wales"
        REGION = "region", "Region"
        FORCE = "force", "Police force area"

    unit = models.ForeignKey(SurveyUnit, on_delete=models.PROTECT, related_name="estimates")
    measure = models.CharField(max_length=200)
    time = models.CharField(max_length=80)
    time_type = models.CharField(max_length=40)
    geography = models.CharField(max_length=80)
    geography_code = models.CharField(max_length=12)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    force = models.ForeignKey(Force, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ethnicity_type = models.CharField(max_length=40)
    ethnicity = models.CharField(max_length=80)
    group = models.CharField(max_length=12, blank=True, help_text="The 5+1 group, for the broad groups")
    gender = models.CharField(max_length=20)
    age = models.CharField(max_length=20)
    socio_economic = models.CharField(max_length=80)
    income = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=12, decimal_places=6, null=True, help_text="Per cent; None if withheld")
    sample_size = models.PositiveIntegerField(null=True)
    standard_error = models.DecimalField(max_digits=16, decimal_places=10, null=True)
    ci_low = models.DecimalField(max_digits=16, decimal_places=10, null=True)
    ci_high = models.DecimalField(max_digits=16, decimal_places=10, null=True)
    line = models.PositiveIntegerField()
    raw = models.JSONField(help_text="The row as written in the source, column by column")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "time", "geography", "ethnicity_type", "ethnicity", "gender", "age", "socio_economic", "income",
                ],
                name="survey_estimate_one_cell",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["force", "time"])]

    def __str__(self) -> str:
        return f"{self.time} {self.geography} {self.ethnicity}: {self.value}"

    @property
    def withheld(self) -> bool:
        return self.value is None


class MonthlyUnit(models.Model):
    """One force's records for one month, from one file (`importing.monthly` stores them)."""

    month = models.DateField(help_text="First day of the month the records belong to")
    name = models.CharField(max_length=500)
    header = models.TextField()
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    fictional = models.BooleanField(default=False, help_text="Made by code for the demonstration")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class VictimUnit(MonthlyUnit):
    """One force's victims reported in one month, from one file."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="victim_units")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "month"], name="victim_unit_once")]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.month:%Y-%m}"


class Victim(models.Model):
    """One victim of one crime, as the force's extract gives them: a pseudonym, never a name."""

    unit = models.ForeignKey(VictimUnit, on_delete=models.CASCADE, related_name="victims")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    crime_reference = models.CharField(max_length=64, help_text="The force's pseudonym for the crime and victim")
    team = models.CharField(max_length=80)
    date_reported = models.DateField()
    self_defined = models.CharField(max_length=4, blank=True, help_text="19+1 code, NS, or blank")
    group = models.CharField(max_length=12)
    age_band = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    offence_group = models.CharField(max_length=80)
    hate_crime = models.BooleanField()
    hate_strand = models.CharField(max_length=20, blank=True)
    needs_assessed = models.DateField(null=True)
    first_update_due = models.DateField(null=True)
    first_update_made = models.DateField(null=True)
    updates_due = models.PositiveIntegerField()
    updates_made = models.PositiveIntegerField()
    outcome = models.CharField(max_length=4, blank=True, help_text="Home Office outcome type; blank while open")
    outcome_date = models.DateField(null=True)
    outcome_notified = models.DateField(null=True)
    ease_of_contact = models.PositiveSmallIntegerField(null=True)
    actions_taken = models.PositiveSmallIntegerField(null=True)
    kept_informed = models.PositiveSmallIntegerField(null=True)
    treatment = models.PositiveSmallIntegerField(null=True)
    whole_experience = models.PositiveSmallIntegerField(null=True)
    weight = models.DecimalField(max_digits=12, decimal_places=6, null=True)
    line = models.PositiveIntegerField()
    raw = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "crime_reference"], name="victim_once")]
        indexes = [models.Index(fields=["force", "team", "date_reported"])]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.crime_reference}"


class ComplaintUnit(MonthlyUnit):
    """One force's complaints received in one month, from one file."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="complaint_units")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "month"], name="complaint_unit_once")]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.month:%Y-%m}"


class Complaint(models.Model):
    """One complaint case, known by the force's case pseudonym: no complainant's name or contact."""

    unit = models.ForeignKey(ComplaintUnit, on_delete=models.CASCADE, related_name="complaints")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    case_reference = models.CharField(max_length=64)
    received = models.DateField()
    self_defined = models.CharField(max_length=4, help_text="The complainant's 19+1 code, or NS")
    group = models.CharField(max_length=12)
    handling = models.CharField(max_length=40)
    finalised = models.DateField(null=True)
    # Free text, if the force's extract holds it; redacted by the importer before it is stored.
    account = long_text(blank=True, help_text="The complainant's account, as the force summarised it")
    reply = long_text(blank=True, help_text="The force's reply to the complainant")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "case_reference"], name="complaint_once")]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.case_reference}"

    @property
    def days_to_finalise(self) -> int | None:
        return None if self.finalised is None else (self.finalised - self.received).days


class Allegation(models.Model):
    """One allegation of a complaint: its category, the characteristic if discriminatory, its result."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="allegations")
    reference = models.CharField(max_length=64)
    category = models.CharField(max_length=40)
    characteristic = models.CharField(max_length=40, blank=True)
    result = models.CharField(max_length=20)
    line = models.PositiveIntegerField()
    raw = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "reference"], name="allegation_once")]

    def __str__(self) -> str:
        return f"{self.complaint} {self.reference}"


class ComplaintDraw(models.Model):
    """One draw of closed complaints for a complaints-review panel's advisors, by one rule,
    with everything needed to repeat it: every discrimination allegation not upheld, and a
    random share (by the seed) of the other closed complaints finalised in the period."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="complaint_draws")
    period_start = models.DateField(help_text="Complaints finalised on or after this day")
    period_end = models.DateField(help_text="Complaints finalised on or before this day")
    share_percent = models.PositiveSmallIntegerField(help_text="Percent of the other closed complaints drawn")
    seed = models.PositiveBigIntegerField()
    closed = models.PositiveIntegerField(help_text="Closed complaints in the period not drawn before")
    discrimination = models.PositiveIntegerField(help_text="Drawn because a discrimination allegation was not upheld")
    others = models.PositiveIntegerField(help_text="Drawn at random from the rest")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["panel", "-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"Draw {self.pk} of {self.panel}"


class DrawnComplaint(models.Model):
    """One complaint drawn for review: the case file as advisors see it, kept redacted, so a
    re-imported month never changes what they reviewed."""

    draw = models.ForeignKey(ComplaintDraw, on_delete=models.CASCADE, related_name="complaints")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="drawn_complaints")
    complaint = models.ForeignKey(Complaint, on_delete=models.SET_NULL, null=True, blank=True, related_name="drawn")
    case_reference = models.CharField(max_length=64)
    reason = models.CharField(max_length=20, help_text="discrimination or random")
    case_file = models.JSONField(help_text="The complaint as advisors see it, redacted")

    class Meta:
        ordering = ["draw", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "case_reference"], name="complaint_drawn_once_per_panel")
        ]

    def __str__(self) -> str:
        return f"Complaint {self.case_reference}"


class AdvisorReview(models.Model):
    """One advisor's structured review of one drawn complaint."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"
        NOT_APPLICABLE = "not-applicable", "Does not apply to this complaint"

    drawn = models.ForeignKey(DrawnComplaint, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    account_engaged = models.CharField(max_length=20, choices=Answer.choices)
    discrimination_considered = models.CharField(max_length=20, choices=Answer.choices)
    reply_respectful_clear = models.CharField(max_length=20, choices=Answer.choices)
    learning = long_text(help_text="What the force should learn")
    finding = models.OneToOneField(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="advisor_review"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["drawn", "submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["drawn", "reviewer"], name="advisor_review_once")]

    def __str__(self) -> str:
        return f"{self.reviewer}'s review of {self.drawn}"
