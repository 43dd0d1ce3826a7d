"""Samples, the cases in them, body-worn-video logs and members' reviews.

A case points at the stop-and-search record (or the use-of-force report) it was drawn from, but a force re-importing a
corrected month replaces that month's records, so the pointer is cleared rather than the
case deleted, and the case keeps its own redacted copy of the record (`snapshot`): what the
panel reviewed is never lost or silently changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.powers.models import StopSearch, UseOfForceReport
from parity.scrutiny.models.meetings import Meeting
from parity.scrutiny.models.panels import Panel
from parity.web.model_fields import long_text


class Sample(models.Model):
    """One draw of records for a meeting, by one rule, with everything needed to repeat it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="samples")
    rule_key = models.CharField(max_length=60)
    rule_label = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    allocation = models.CharField(max_length=20, blank=True, help_text="proportional or equal; stratified rules")
    size = models.PositiveIntegerField(help_text="Records asked for")
    seed = models.PositiveBigIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    records_in_period = models.PositiveIntegerField(help_text="Records it could be drawn from")
    left_out = models.PositiveIntegerField(help_text="Records in the period already in this panel's samples")
    selected = models.PositiveIntegerField(help_text="Records the rule selected")
    allocation_shares = models.JSONField(default=dict, blank=True, help_text="stratum: [taken, of]")
    makeup = models.JSONField(default=dict, help_text="The period, the selection and the sample, by characteristic")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "drawn_at", "id"]

    def __str__(self) -> str:
        return f"{self.rule_label}, seed {self.seed}"

    @property
    def panel(self) -> Panel:
        return self.meeting.panel


class Case(models.Model):
    """One record a panel reviews: a redacted copy of it, and the panel's decision on it."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="cases")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField(help_text="Case 1, 2 ... within the meeting")
    record = models.ForeignKey(StopSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="panel_cases")
    # A case is a stop and search (`record`) or a use of force (this); the other is empty.
    use_of_force = models.ForeignKey(
        UseOfForceReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="panel_cases"
    )
    record_key = models.CharField(max_length=100, help_text="Identifies the record across re-imports")
    snapshot = models.JSONField(help_text="The record as the panel sees it, redacted")
    # The panel's decision, recorded by the chair once members have reviewed the case.
    verdict = models.CharField(max_length=120, blank=True)
    refer = models.BooleanField(default=False)
    themes = models.JSONField(default=list, blank=True)
    decision_notes = long_text(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sample__meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["sample", "number"], name="case_number_once_per_sample")]
        indexes = [models.Index(fields=["panel", "record_key"])]

    def __str__(self) -> str:
        return f"Case {self.number}"

    @property
    def meeting(self) -> Meeting:
        return self.sample.meeting

    @property
    def decided(self) -> bool:
        return self.decided_at is not None


class BwvRequest(models.Model):
    """The body-worn-video log of a case: asked for, found or not (and why), and who watched it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for, waiting for the force"
        AVAILABLE = "available", "Available to view"
        NOT_AVAILABLE = "not-available", "Not available"

    class Reason(models.TextChoices):
        NONE = "", "No reason"
        NOT_SWITCHED_ON = "not-switched-on", "The camera was not switched on"
        DELETED = "deleted", "Deleted under the force's retention rules"
        NOT_FOUND = "not-found", "The force could not find it"
        OTHER = "other", "Another reason"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="bwv")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    retention_ends_on = models.DateField(help_text="When footage not kept as evidence is deleted")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True, default="")
    detail = long_text(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "body-worn video log"

    def __str__(self) -> str:
        return f"body-worn video for {self.case}"


class BwvViewing(models.Model):
    bwv = models.ForeignKey(BwvRequest, on_delete=models.CASCADE, related_name="viewings")
    viewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)
    note = long_text(blank=True)

    class Meta:
        ordering = ["bwv", "viewed_at", "id"]
        verbose_name = "body-worn video viewing"

    def __str__(self) -> str:
        return f"{self.viewed_by} watched {self.bwv.case}"


class Review(models.Model):
    """One member's view of one case."""

    class Conduct(models.TextChoices):
        GOOD = "good", "Good"
        SOME_CONCERNS = "some-concerns", "Some concerns"
        SERIOUS_CONCERNS = "serious-concerns", "Serious concerns"
        CANNOT_TELL = "cannot-tell", "Cannot tell from the record"

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not-known", "Not known"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_reviews")
    verdict = models.CharField(max_length=120)
    conduct = models.CharField(max_length=20, choices=Conduct.choices)
    # The questions depend on what the case is (parity.scrutiny.questions): a stop and search's
    # two are these fields (blank on a use-of-force case); other kinds' are kept in `answers`.
    explanation_given = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    receipt_offered = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="question key: yes, no or not-known")
    observations = long_text(blank=True)
    refer = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="review_once_per_member")]

    def __str__(self) -> str:
        return f"{self.reviewer}'s review of {self.case}"
