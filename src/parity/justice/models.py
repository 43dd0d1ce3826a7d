"""Arrests, disposals and later criminal-justice stages, as imported.

Three kinds of source, each kept as written beside what Parity made of it:

- `StageCount`: one cell of a published table (Home Office arrests A_08, A_01c, A_04;
  Ethnicity facts and figures prosecutions and convictions): area x year x group x stage.
  A partner's counts file (docs/reference/stage-counts.md) lands in the same model: both are
  "counts supplied", area x period x stage x group, so they share it.
- `ArrestRecord`: one arrest and its disposal from a force's extract
  (docs/reference/arrests-extract.md), with the person only as a pseudonym.

A `JusticeUnit` is one file's rows for one area-year (or one table-year): stored in one
transaction, found again by its hash so the same rows imported twice change nothing.
"""

from __future__ import annotations

from django.db import models

from parity.reference.models import Force


class JusticeUnit(models.Model):
    """One imported file x table x year x area: where it came from, its hash, what happened."""

    kind = models.CharField(max_length=40, help_text="home-office-arrests, stage-counts or arrests-extract")
    key = models.CharField(max_length=120, help_text="What the unit covers, e.g. 'A_08 2018/19' or 'kent 2019/20'")
    name = models.CharField(max_length=500, help_text="Path the rows were read from")
    sha256 = models.CharField(max_length=64, help_text="Hash of the unit's rows as read")
    rows_read = models.PositiveIntegerField()
    rows_imported = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "sha256"], name="justice_unit_once")]
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.name})"


class StageCount(models.Model):
    """People (or cases) of one group reaching one stage in one area and year, as a source gives it.

    `area` is a force slug, or `england-and-wales` / `england` / `wales` for national rows.
    `offence_group` is "all" unless the source breaks the count down. `published_rate` keeps a
    rate or percentage the source printed beside the count, so it can be checked."""

    unit = models.ForeignKey(JusticeUnit, on_delete=models.PROTECT, related_name="counts")
    source = models.CharField(max_length=40, help_text="e.g. home-office-arrests A_08, eff-convictions, stage-counts")
    area = models.CharField(max_length=40)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True, related_name="stage_counts")
    period = models.CharField(max_length=20, help_text="2018/19 (financial year) or 2017 (calendar year)")
    stage = models.CharField(max_length=30, help_text="arrest, charge, out_of_court, prosecution, conviction ...")
    group = models.CharField(max_length=12, help_text="The 5+1 group (reference.ethnicity.Group)")
    offence_group = models.CharField(max_length=80, default="all")
    breakdown = models.CharField(
        max_length=60, default="all", help_text="Another cut the source gives, e.g. sex=Female"
    )
    count = models.PositiveIntegerField(null=True, help_text="Empty where the source says not available")
    published_rate = models.FloatField(null=True, blank=True)
    line = models.PositiveIntegerField(help_text="Line (row) of the file the count was read from")
    raw = models.JSONField(help_text="The row as written in the source")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "area", "period", "stage", "group", "offence_group", "breakdown"],
                name="stage_count_one_cell",
            )
        ]
        indexes = [models.Index(fields=["area", "period", "stage"])]

    def __str__(self) -> str:
        return f"{self.area} {self.period} {self.stage} {self.group}: {self.count}"


class ArrestRecord(models.Model):
    """One arrest and its disposal, from a force's extract; the person only as a pseudonym."""

    class Outcome(models.TextChoices):
        CHARGE = "charge", "Charge or summons"
        CAUTION = "caution", "Caution"
        CONDITIONAL_CAUTION = "conditional_caution", "Conditional caution"
        COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
        DIVERSION = "diversion", "Deferred prosecution or diversion scheme"
        NO_FURTHER_ACTION = "nfa", "No further action"
        PENDING = "pending", "Not yet decided"

    unit = models.ForeignKey(JusticeUnit, on_delete=models.PROTECT, related_name="arrests")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="arrest_records")
    reference = models.CharField(max_length=60, help_text="The force's arrest reference")
    person = models.CharField(max_length=64, help_text="Pseudonym: the same person has the same one")
    ethnicity = models.CharField(max_length=4, help_text="Self-defined code (W1 ... O9, NS)")
    group = models.CharField(max_length=12)
    age_band = models.CharField(max_length=10)
    gender = models.CharField(max_length=20)
    offence_group = models.CharField(max_length=80)
    arrested_on = models.DateField()
    period = models.CharField(max_length=7, help_text="Financial year of the arrest, 2019/20")
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    outcome_on = models.DateField(null=True, blank=True)
    line = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["force", "reference"], name="arrest_record_once")]
        indexes = [models.Index(fields=["force", "period"])]

    def __str__(self) -> str:
        return f"{self.force_id} {self.reference}"


class PublishedSearch(models.Model):
    """One figure of the published stop-and-search series (Ethnicity facts and figures):
    searches of people (vehicle-only searches left out) of one ethnic group, in one area and
    financial year, under one legislation, with the census population and rate per 1,000 the
    Home Office printed beside them.

    `area` is a force slug, `england-and-wales` (the 43 force areas, British Transport Police
    left out) or `england-and-wales-with-btp`. `classification` is all, 5+1 or detailed;
    `group` is the 5+1 code (reference.ethnicity.Group) or "all", and for detailed groups the
    label as published. `basis` is the classification and census as published
    ("ONS 2011 5+1"). Empty numbers are those the table gives as not available."""

    unit = models.ForeignKey(JusticeUnit, on_delete=models.PROTECT, related_name="published_searches")
    area = models.CharField(max_length=40)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True, related_name="published_searches")
    period = models.CharField(max_length=7, help_text="Financial year, 2019/20")
    classification = models.CharField(max_length=10, help_text="all, 5+1 or detailed")
    group = models.CharField(max_length=60, help_text="5+1 code, 'all', or the detailed label as published")
    label = models.CharField(max_length=60, help_text="The ethnic group as published")
    basis = models.CharField(max_length=30, help_text="As published, e.g. ONS 2011 5+1")
    legislation = models.CharField(max_length=60, default="All")
    searches = models.PositiveIntegerField(null=True)
    stated_total = models.PositiveIntegerField(null=True, help_text="Searches with ethnicity stated, all groups")
    population = models.PositiveIntegerField(null=True)
    published_rate = models.FloatField(null=True, help_text="Rate per 1,000 residents as published")
    line = models.PositiveIntegerField(help_text="Line of the file the figure was read from")
    raw = models.JSONField(help_text="The row as written in the source")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "classification", "group", "basis", "legislation"],
                name="published_search_one_figure",
            )
        ]
        indexes = [models.Index(fields=["area", "period"])]

    def __str__(self) -> str:
        return f"{self.area} {self.period} {self.label}: {self.searches}"
