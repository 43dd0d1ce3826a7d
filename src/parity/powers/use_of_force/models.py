"""Use-of-force records, as imported (models of the powers app; `powers.models` imports them).

Two sources, kept apart because they count different things:

- `TacticCount`: one row of the Home Office "Police use of force statistics" Table 16, the
  number of times each tactic was used, by force and the officer's perception of the
  person's ethnicity. A tactic is counted once per use, so a person can be counted many times.
- `UseOfForceReport`: one report from a force's own records, in the national form's terms:
  one officer's use of force on one person, with every tactic that officer used.

A `UseOfForceUnit` is what one transaction writes: one area's rows for one financial year
from one source.
"""

from __future__ import annotations

from django.db import models

from parity.reference.models import Force


class UseOfForceUnit(models.Model):
    """One area x financial year from one source: where it came from, its hash, its fate."""

    class Source(models.TextChoices):
        HOME_OFFICE = "home-office-table-16", "Home Office use of force statistics, Table 16"
        FORCE_EXTRACT = "force-extract", "Force use-of-force records (Parity layout)"

    source = models.CharField(max_length=30, choices=Source.choices)
    area = models.CharField(max_length=60, help_text="A force slug, or england-and-wales for the national rows")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, related_name="use_of_force_units")
    period = models.CharField(max_length=7, help_text="Financial year, e.g. 2019/20")
    name = models.CharField(max_length=500, help_text="Path the rows were read from")
    sha256 = models.CharField(max_length=64, help_text="Hash of the unit's rows as understood")
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField()
    rows_unchanged = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "area", "period"], name="use_of_force_unit_once"),
        ]
        ordering = ["source", "area", "period"]

    def __str__(self) -> str:
        return f"{self.source} {self.area} {self.period} ({self.name})"


class TacticCount(models.Model):
    """One row of Table 16: uses of one tactic in one area and year, by perceived ethnicity.

    A count is None where the table gives none (`:`, "not available"). Chinese and "Don't
    know" are columns of the 2018/19 table only.
    """

    unit = models.ForeignKey(UseOfForceUnit, on_delete=models.CASCADE, related_name="tactic_counts")
    area = models.CharField(max_length=60)
    period = models.CharField(max_length=7)
    position = models.PositiveIntegerField(help_text="Order of the row within its area")
    type_of_force = models.CharField(max_length=120)
    tactic = models.CharField(max_length=120)
    white = models.PositiveIntegerField(null=True)
    black = models.PositiveIntegerField(null=True)
    asian = models.PositiveIntegerField(null=True)
    chinese = models.PositiveIntegerField(null=True)
    mixed = models.PositiveIntegerField(null=True)
    other = models.PositiveIntegerField(null=True)
    dont_know = models.PositiveIntegerField(null=True)
    not_reported = models.PositiveIntegerField(null=True)
    total = models.PositiveIntegerField(null=True, help_text="Number of times tactic reported")
    line = models.PositiveIntegerField(help_text="Line (CSV) or row (sheet) the counts were read from")
    raw = models.JSONField(help_text="The row as written in the source, column by column")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "period", "type_of_force", "tactic"], name="tactic_count_once"),
        ]
        ordering = ["area", "period", "position"]

    def __str__(self) -> str:
        return f"{self.area} {self.period} {self.tactic}"


class UseOfForceReport(models.Model):
    """One officer's use of force on one person, as the force recorded it.

    Perceived ethnicity (the officer's view, five groups) and self-defined ethnicity (the
    person's own, when known) are held apart and never mixed in one figure.
    """

    unit = models.ForeignKey(UseOfForceUnit, on_delete=models.CASCADE, related_name="reports")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="use_of_force_reports")
    period = models.CharField(max_length=7)
    reference = models.CharField(max_length=64, help_text="The force's own report reference")
    occurred_at = models.DateTimeField(help_text="UTC")
    officer_pseudonym = models.CharField(max_length=64)
    perceived_group = models.CharField(max_length=12, help_text="Officer-perceived, 5+1 (Group)")
    self_defined_code = models.CharField(
        max_length=2, blank=True, help_text="Self-defined, W1 ... NS; blank if unknown"
    )
    age_band = models.CharField(max_length=10)
    gender = models.CharField(max_length=20)
    tactics = models.JSONField(help_text="Codes of every tactic used (use_of_force.tactics)")
    reasons = models.JSONField(help_text="Codes of the reasons given")
    outcome = models.CharField(max_length=30)
    subject_injury = models.CharField(max_length=12)
    officer_injury = models.CharField(max_length=12)
    bwv_on = models.BooleanField(null=True, help_text="Body-worn video switched on")
    bwv_log = models.TextField(blank=True, help_text="The body-worn-video log entry: footage reference and note")
    location = models.CharField(max_length=120, blank=True)
    stop_search_reference = models.CharField(
        max_length=64, blank=True, help_text="Record ID of the stop and search it followed, if any"
    )
    line = models.PositiveIntegerField()
    raw = models.JSONField(help_text="The row as written in the source, column by column")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "reference"], name="use_of_force_report_once")]
        indexes = [models.Index(fields=["force", "period"])]
        ordering = ["force", "occurred_at", "reference"]

    def __str__(self) -> str:
        return f"{self.force_id} {self.reference}"
