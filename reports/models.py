"""Context for indicator values: local targets, benchmarks and population estimates."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Target(models.Model):
    """A local target for one indicator, with RAG thresholds set by officers.

    `higher_is_better` is copied from the catalogue when the target is set, so that the database
    can hold the thresholds in the right order: green at or beyond amber in the good direction.
    """

    code = models.CharField("Indicator code", max_length=40, unique=True)
    value = models.DecimalField("Target", max_digits=10, decimal_places=2)
    green_threshold = models.DecimalField(max_digits=10, decimal_places=2)
    amber_threshold = models.DecimalField(max_digits=10, decimal_places=2)
    higher_is_better = models.BooleanField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        higher_is_better=True,
                        green_threshold__gte=models.F("amber_threshold"),
                    )
                    | models.Q(
                        higher_is_better=False,
                        green_threshold__lte=models.F("amber_threshold"),
                    )
                ),
                name="target_thresholds_follow_polarity",
                violation_error_message="The green threshold must be at least as good as the "
                "amber threshold.",
            )
        ]

    def __str__(self):
        return f"Target for {self.code}: {self.value}"


class BenchmarkArea(models.TextChoices):
    ENGLAND = "ENGLAND", "England"
    REGION = "REGION", "Region"
    STATISTICAL_NEIGHBOURS = "STAT_NEIGHBOURS", "Statistical neighbours"


class Benchmark(models.Model):
    """A published comparator for one indicator and year (year ending 31 March)."""

    code = models.CharField("Indicator code", max_length=40)
    area = models.CharField(max_length=16, choices=BenchmarkArea.choices)
    value = models.DecimalField(max_digits=10, decimal_places=2)
    year = models.PositiveSmallIntegerField(help_text="Year ending 31 March.")
    source = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "area", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "area", "year"], name="one_benchmark_per_code_area_year"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.get_area_display()} {self.year}: {self.value}"

    @property
    def is_illustrative(self):
        """An invented comparator (the demo's), which every page must label as such: its
        source says "illustrative"."""
        return "illustrative" in self.source.lower()


class PopulationEstimate(models.Model):
    """The population aged 0 to 17 in the council's area, for rates per 10,000 children."""

    year = models.PositiveSmallIntegerField(unique=True, help_text="Mid-year estimate year.")
    population = models.PositiveIntegerField(
        "Children aged 0 to 17", validators=[MinValueValidator(1)]
    )
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="population_estimate_positive"
            )
        ]

    def __str__(self):
        return f"{self.population:,} children aged 0 to 17 in {self.year}"
