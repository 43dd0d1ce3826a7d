"""A force's action plan: where recommendations came from, the actions taken on them, and
the record of progress the steering group and the public read.

Everything belongs to one force (the roles that work on it are held in a force), so the
force is stored on each top-level record rather than reached through joins. Nothing is
deleted through Parity: progress notes, evidence and board decisions are added, never
rewritten, and every change is in the audit trail (registered in `apps.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.reference.models import Force
from parity.web.model_fields import long_text


class SourceKind(models.TextChoices):
    LOCAL_RESEARCH = "local-research", "Local research report"
    RACE_ACTION_PLAN = "race-action-plan", "Police Race Action Plan"
    HMICFRS = "hmicfrs", "HMICFRS report"
    IOPC = "iopc", "IOPC report"
    SCRUTINY_PANEL = "scrutiny-panel", "Scrutiny panel findings"
    COMMUNITY_FEEDBACK = "community-feedback", "Community feedback themes"
    OTHER = "other", "Other"


class PlanTheme(models.TextChoices):
    """What a recommendation is about; reports group by it."""

    STOP_AND_SEARCH = "stop-and-search", "Stop and search"
    USE_OF_FORCE = "use-of-force", "Use of force"
    RECRUITMENT = "recruitment", "Recruitment, retention and progression"
    TRAINING = "training", "Training"
    VICTIMS = "victims", "Victims of crime"
    ENGAGEMENT = "engagement", "Community engagement"
    COMPLAINTS = "complaints", "Complaints and misconduct"
    DATA = "data", "Data and transparency"
    GOVERNANCE = "governance", "Governance and scrutiny"
    OTHER = "other", "Other"


class Pillar(models.TextChoices):
    """Workstreams of the Police Race Action Plan (four, and two that enable them)."""

    INTERNAL_CULTURE = "internal-culture", "Internal culture"
    USE_OF_POWERS = "use-of-powers", "Use of powers"
    COMMUNITY_ENGAGEMENT = "community-engagement", "Community engagement"
    PROTECTION = "protection", "Protection from victimisation"
    PERFORMANCE_AND_DATA = "performance-and-data", "Performance and data"
    EVIDENCE_AND_EVALUATION = "evidence-and-evaluation", "Evidence and evaluation"


class Status(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    OFF_TRACK = "off-track", "Off track"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed without completion"


# What an owner may report in an update; completion and closure are the board's decisions.
REPORTED = (Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
FINISHED = (Status.COMPLETE, Status.CLOSED)


class Source(models.Model):
    """A report, plan or set of findings that recommendations come from."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_sources")
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    reference = models.CharField(max_length=40, help_text="A short name used in the register, like BME-2020")
    title = models.CharField(max_length=250)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    description = long_text(blank=True)
    panel = models.ForeignKey(
        "scrutiny.Panel", on_delete=models.PROTECT, null=True, blank=True, related_name="action_sources"
    )
    # An example made up to show how Parity works; labelled wherever it is shown.
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["force__name", "reference"]
        constraints = [models.UniqueConstraint(fields=["force", "reference"], name="action_source_unique_reference")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class Recommendation(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="recommendations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="recommendations")
    reference = models.CharField(max_length=40)
    text = long_text()
    theme = models.CharField(max_length=30, choices=PlanTheme.choices)
    pillar = models.CharField(max_length=30, choices=Pillar.choices, blank=True)
    position = models.PositiveIntegerField(default=0)  # order within its source
    # The scrutiny panel finding this recommendation answers, when it came from one.
    finding = models.ForeignKey(
        "scrutiny.Finding", on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )

    class Meta:
        ordering = ["source__reference", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "reference"], name="recommendation_unique_reference")]

    def __str__(self) -> str:
        return f"{self.source.reference} {self.reference}"


class Action(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="actions")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=40, help_text="Unique in the force's register, like R4.2")
    title = models.CharField(max_length=250)
    description = long_text(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # The status it had when it was added (imported from a spreadsheet, say), before any update.
    initial_status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    added_on = models.DateField(default=timezone.localdate)
    completion_requested_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = long_text(blank=True)
    published = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["recommendation__source__reference", "recommendation__position", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["force", "reference"], name="action_unique_reference")]
        indexes = [models.Index(fields=["force", "status"]), models.Index(fields=["owner"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=250)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"


class Evidence(models.Model):
    """A file or link showing what was done. Files live under PARITY_HOME/evidence."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=250)
    url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=250, blank=True)
    file_path = models.CharField(max_length=300, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_on = models.DateField(default=timezone.localdate)
    public = models.BooleanField(default=False, help_text="Shown on the public page while the action is published")

    class Meta:
        ordering = ["added_on", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


class MeasureKind(models.TextChoices):
    STOP_SEARCH_RATIO = "stop-search-ratio", "Stop and search disproportionality ratio"
    STOP_SEARCH_RATE = "stop-search-rate", "Stop and search rate per 1,000 people"
    USE_OF_FORCE_RATIO = "use-of-force-ratio", "Use of force disproportionality ratio"
    USE_OF_FORCE_RATE = "use-of-force-rate", "Use of force per 1,000 people"
    WORKFORCE_TARGET = "workforce-target", "The force's workforce target"
    ARREST_INDEX = "arrest-index", "Arrests per person, relative rate index"
    CHARGE_INDEX = "charge-index", "Charge or summons after arrest, relative rate index"
    OUT_OF_COURT_INDEX = "out-of-court-index", "Out-of-court disposal after arrest, relative rate index"


# The criminal-justice stage each stage measure follows (its index in the force's stage table).
STAGE_KINDS = {
    MeasureKind.ARREST_INDEX: "arrest",
    MeasureKind.CHARGE_INDEX: "charge",
    MeasureKind.OUT_OF_COURT_INDEX: "out_of_court",
}

# The measures that compare a group with White people, so White cannot be their group.
RATIO_KINDS = frozenset({MeasureKind.STOP_SEARCH_RATIO, MeasureKind.USE_OF_FORCE_RATIO, *STAGE_KINDS})


class Measure(models.Model):
    """A Parity figure the action is meant to move; its trend is shown beside the action."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(max_length=30, choices=MeasureKind.choices)
    group = models.CharField(max_length=40, help_text="The ethnic group, as in Parity's figures: Black, Asian ...")
    note = models.CharField(max_length=250, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["action", "kind", "group"], name="measure_unique_per_action")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.group}"


class Update(models.Model):
    """A dated progress note by the action's owner, with the status they report."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_updates")
    written_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=[(s.value, s.label) for s in REPORTED])
    note = long_text()
    public = models.BooleanField(default=False, help_text="Shown on the public page while the action is published")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.written_on}"


class DecisionKind(models.TextChoices):
    APPROVED = "approved", "Completion approved"
    RETURNED = "returned", "Returned to the owner"
    CLOSED = "closed", "Closed without completion"


class Decision(models.Model):
    """The board's decision on an action the owner says is complete (or on closing it)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    note = long_text(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.get_kind_display()}"


class Snapshot(models.Model):
    """The register as it stood at the end of a month, for the steering group's comparison."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_snapshots")
    month = models.CharField(max_length=7)  # YYYY-MM
    taken_on = models.DateField()
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["force__name", "-month"]
        constraints = [models.UniqueConstraint(fields=["force", "month"], name="snapshot_unique_month")]

    def __str__(self) -> str:
        return f"{self.force} {self.month}"


class ReportKind(models.TextChoices):
    STEERING_GROUP = "steering-group", "Monthly steering-group pack"
    PUBLIC = "public", "Quarterly public progress report"


class Report(models.Model):
    """One version of a report: its HTML and tagged PDF, rendered once and kept unchanged."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    period = models.CharField(max_length=20)  # 2026-09, 2026/27-Q2
    period_label = models.CharField(max_length=60)
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveIntegerField()
    as_of = models.DateField()
    title = models.CharField(max_length=250)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    html = models.TextField()
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["force__name", "kind", "-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["force", "kind", "period", "version"], name="report_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"
