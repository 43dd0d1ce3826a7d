"""Forces and census populations: the denominators every rate divides by."""

from __future__ import annotations

from django.db import models


class Force(models.Model):
    """A police force area, or British Transport Police. Seeded from reference.forces."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    police_uk_name = models.CharField(max_length=80)
    eff_name = models.CharField(max_length=80)
    ons_name = models.CharField(max_length=80, blank=True)
    ons_code_2011 = models.CharField(max_length=9, blank=True)
    ons_code_2016 = models.CharField(max_length=9, blank=True)
    ons_code_2022 = models.CharField(max_length=9, blank=True)
    country = models.CharField(max_length=20)
    resident_population = models.BooleanField(default=True)
    rate_note = models.TextField(blank=True)
    # The demonstration's made-up force (reference.forces.FICTIONAL): left out of national
    # figures and real forces' lists, and named "(fictional)" wherever it shows.
    fictional = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """Census usual residents of one ethnic group in one force area.

    `group` is a detailed code (W1 ... O9) or a 5+1 group ("white" ...) or "all"; the
    classification says which, so that sums can be checked against each other.
    """

    class Classification(models.TextChoices):
        ALL = "all", "All usual residents"
        BROAD = "5+1", "5+1 broad groups"
        DETAILED = "detailed", "Detailed groups (2011 18+1 or 2021 19+1)"

    census_year = models.PositiveSmallIntegerField()
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="populations")
    classification = models.CharField(max_length=10, choices=Classification.choices)
    group = models.CharField(max_length=12)
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["census_year", "force", "classification", "group"],
                name="population_unique_cell",
            )
        ]
        indexes = [models.Index(fields=["census_year", "force"])]

    def __str__(self) -> str:
        return f"{self.force} {self.census_year} {self.group}: {self.population}"
