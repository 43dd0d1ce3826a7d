"""Home Office headcounts without ethnicity: each force's workforce by sex, rank and worker type.

The "Police workforce open data table" (31 March 2007 onwards) counts everyone, not only
those in the ethnicity table's cuts, and covers every worker type, volunteers included. It
gives a force's headcount over the years (the uplift) and the totals the ethnicity figures
sit within. Its cells are stored in the same force-year units as the ethnicity table.
"""

from __future__ import annotations

from django.db import models

from parity.reference.models import Force


class WorkforceTotal(models.Model):
    """People in one cell of the Home Office headcount table, with the source's own text kept."""

    class WorkerType(models.TextChoices):
        OFFICER = "officer", "Police officers"
        STAFF = "staff", "Police staff"
        PCSO = "pcso", "Police community support officers"
        SPECIAL = "special", "Special constables"
        DESIGNATED = "designated", "Designated officers"
        VOLUNTEER = "volunteer", "Police support volunteers"

    unit = models.ForeignKey("workforce.WorkforceUnit", on_delete=models.PROTECT, related_name="totals")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="workforce_totals")
    as_at = models.DateField()
    sex = models.CharField(max_length=40)
    rank = models.CharField(max_length=60)
    worker_type = models.CharField(max_length=20, choices=WorkerType.choices)
    headcount = models.PositiveIntegerField()
    fte = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, help_text="Full-time equivalent; none for unpaid roles"
    )
    line = models.PositiveIntegerField(help_text="Row of the sheet the cell was read from")
    raw = models.JSONField(help_text="The row as written in the source, column by column")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["as_at", "force", "sex", "rank", "worker_type"], name="workforce_total_one_cell"
            )
        ]
        indexes = [models.Index(fields=["force", "as_at", "worker_type"])]

    def __str__(self) -> str:
        return f"{self.force.slug} {self.as_at} {self.sex} {self.rank}: {self.headcount}"
