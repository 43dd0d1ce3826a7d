"""Workforce records, as imported: Home Office headcounts by force, rank and ethnicity.

One WorkforceUnit is one force's rows for one year from one file. A Headcount is one cell of
the Home Office ethnicity table (year x force x gender x rank x worker type x ethnicity); the
same cell can arrive from two files (the two shared cuts overlap on chief officers for
2003-2006), so a cell is held once and remembers the unit that last wrote it.
"""

from __future__ import annotations

from django.db import models

from parity.reference.models import Force


class WorkforceUnit(models.Model):
    """One imported file x year x force: where it came from, its hash, what happened to it."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="workforce_units")
    as_at = models.DateField(help_text="The date the counts are at (31 March of the year)")
    name = models.CharField(max_length=500, help_text="Path the rows were read from")
    header = models.TextField()
    sha256 = models.CharField(max_length=64, help_text="Hash of the unit's rows as read")
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField()
    rows_unchanged = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "as_at", "sha256"], name="workforce_unit_once")]
        ordering = ["force__slug", "as_at"]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.as_at} ({self.name})"


class Headcount(models.Model):
    """People in one cell of the Home Office ethnicity table, with the source's own text kept."""

    class WorkerType(models.TextChoices):
        OFFICER = "officer", "Police officers"
        STAFF = "staff", "Police staff"
        PCSO = "pcso", "Police community support officers"
        SPECIAL = "special", "Special constables"
        DESIGNATED = "designated", "Designated officers"

    unit = models.ForeignKey(WorkforceUnit, on_delete=models.PROTECT, related_name="headcounts")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="headcounts")
    as_at = models.DateField()
    gender = models.CharField(max_length=40)
    rank = models.CharField(max_length=60)
    worker_type = models.CharField(max_length=20, choices=WorkerType.choices)
    ethnicity = models.CharField(max_length=80, help_text="The Home Office category, as written")
    group = models.CharField(max_length=12, help_text="The 5+1 group (reference.ethnicity.Group)")
    headcount = models.PositiveIntegerField()
    fte = models.DecimalField(max_digits=12, decimal_places=2)
    line = models.PositiveIntegerField(help_text="Line of the unit's file the cell was read from")
    raw = models.JSONField(help_text="The row as written in the source, column by column")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["as_at", "force", "gender", "rank", "worker_type", "ethnicity"], name="headcount_one_cell"
            )
        ]
        indexes = [models.Index(fields=["force", "as_at", "worker_type"])]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.as_at} {self.rank} {self.ethnicity}: {self.headcount}"


# The headcount table without ethnicity, and a force's own HR extract and its targets, have
# modules of their own; importing them here registers them.
from parity.workforce.hr_models import HrApplication, HrEvent, HrExtract, HrPerson, WorkforceTarget  # noqa: E402
from parity.workforce.totals import WorkforceTotal  # noqa: E402

__all__ = [
    "Headcount",
    "HrApplication",
    "HrEvent",
    "HrExtract",
    "HrPerson",
    "WorkforceTarget",
    "WorkforceTotal",
    "WorkforceUnit",
]
