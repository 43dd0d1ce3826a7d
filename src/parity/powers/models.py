"""Records of police powers, as imported: raw values kept beside normalised ones.

One SourceFile is one force-month from one source. Records belong to it, so replacing a
month is deleting one SourceFile's records and writing the new ones in one transaction.
"""

from __future__ import annotations

from datetime import UTC

from django.db import models

from parity.powers.raw import parse_raw
from parity.reference.calendar import LocalTime, localise
from parity.reference.ethnicity import group_of
from parity.reference.models import Force


class SourceFile(models.Model):
    """One imported force-month: where it came from, its hash and what happened to it."""

    class Format(models.TextChoices):
        POLICE_UK_CSV = "police-uk-csv", "data.police.uk stop-and-search CSV"
        POLICE_UK_API = "police-uk-api", "data.police.uk API JSON (stops-force)"
        POLICE_UK_API_FLAT = "police-uk-api-flat", "data.police.uk API JSON flattened to CSV"
        FORCE_EXTRACT = "force-extract", "Force stop-and-search extract (Parity layout)"
        RECORDED = "parity-recorded", "Recorded in Parity by officers"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="source_files")
    month = models.CharField(max_length=7, help_text="The force-month, YYYY-MM")
    dataset = models.CharField(max_length=30, default="stop-search")
    format = models.CharField(max_length=30, choices=Format.choices)
    name = models.CharField(max_length=500, help_text="Path or name the rows were read from")
    header = models.TextField(blank=True, help_text="The source's header line; empty for JSON")
    sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField()
    rows_rejected = models.PositiveIntegerField()
    rows_flagged = models.PositiveIntegerField(default=0)
    blank_counts = models.JSONField(default=dict, help_text="Blank values per field")
    imported_at = models.DateTimeField(auto_now_add=True)
    warehouse_written = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "force", "month"], name="one_file_per_force_month")]
        ordering = ["force__slug", "month"]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.month} ({self.name})"


class StopSearch(models.Model):
    """One stop-and-search record: the source's own text in `raw`, beside the coded fields.

    A code is NULL when the raw value was blank or not recognised; `flags` then names the
    field. Month, financial year and time of day are derived from `occurred_at` in London
    time (the warehouse holds them as columns).
    """

    source_file = models.ForeignKey(
        SourceFile, on_delete=models.CASCADE, related_name="records", db_index=False
    )  # the unique (source_file, line) serves
    # The force repeats source_file.force (so queries need no join); the database checks it
    # through source_file, and a second foreign-key check per record would double the cost
    # of a PostgreSQL import's commit (docs/decisions/0003-fast-import.md).
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False)
    line = models.PositiveIntegerField(help_text="Line (CSV) or record number (JSON) in the source")
    raw = models.TextField(help_text="The record exactly as the source gave it")

    type = models.CharField(max_length=20, null=True)
    occurred_at = models.DateTimeField(help_text="UTC")
    local_date = models.DateField(help_text="Europe/London")
    part_of_operation = models.BooleanField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    gender = models.CharField(max_length=10, null=True)
    age_band = models.CharField(max_length=10, null=True)
    sde_code = models.CharField(max_length=2, null=True, help_text="Self-defined, W1 ... NS")
    ode_group = models.CharField(max_length=12, null=True, help_text="Officer-defined, 5+1")
    legislation = models.CharField(max_length=20, null=True)
    object_of_search = models.CharField(max_length=20, null=True)
    outcome = models.CharField(max_length=24, null=True)
    outcome_linked = models.BooleanField(null=True)
    removal_more_than_outer = models.BooleanField(null=True)
    flags = models.CharField(max_length=300, blank=True, help_text="Fields whose raw value was not recognised")

    class Meta:
        # Analysis reads the warehouse; these serve record look-ups and panel sampling.
        constraints = [models.UniqueConstraint(fields=["source_file", "line"], name="one_record_per_line")]
        indexes = [models.Index(fields=["force", "local_date"])]

    def __str__(self) -> str:
        return f"{self.force_id} line {self.line}"

    @property
    def sde_group(self) -> str | None:
        return group_of(self.sde_code).value if self.sde_code else None

    @property
    def local_time(self) -> LocalTime:
        return localise(self.occurred_at.astimezone(UTC).isoformat())

    def raw_values(self) -> dict[str, str]:
        """The source's own field names and values for this record."""
        return parse_raw(self.source_file.header, self.raw)


class StopSearchDetail(models.Model):
    """Fields only a force's own extract carries (data.police.uk never has them)."""

    record = models.OneToOneField(StopSearch, on_delete=models.CASCADE, primary_key=True, related_name="detail")
    force_reference = models.CharField(max_length=64, blank=True, help_text="The force's own record reference")
    grounds = models.TextField(blank=True)
    officer_pseudonym = models.CharField(max_length=64, blank=True)
    bwv_recorded = models.BooleanField(null=True, help_text="Body-worn video switched on")
    neighbourhood = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return f"details of {self.record_id}"


class ImportProblem(models.Model):
    """A problem found in one row of an imported file: rejected, or kept and flagged."""

    source_file = models.ForeignKey(SourceFile, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField()
    field = models.CharField(max_length=80)
    value = models.TextField(blank=True)
    reason = models.TextField()
    rejected = models.BooleanField(help_text="True if the row was not imported")

    class Meta:
        ordering = ["source_file", "line"]

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


# Use-of-force models live beside their importers; importing them here registers them with the app.
from parity.powers.use_of_force.models import TacticCount, UseOfForceReport, UseOfForceUnit  # noqa: E402

__all__ = [
    "ImportProblem",
    "SourceFile",
    "StopSearch",
    "StopSearchDetail",
    "TacticCount",
    "UseOfForceReport",
    "UseOfForceUnit",
]
