"""Context for indicator values: local targets, benchmarks and population estimates."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from corporate_parenting.db import Versioned


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


class LocalMeasureUnit(models.TextChoices):
    COUNT = "count", "Number"
    PERCENT = "percent", "Percentage (a number out of a total)"


class GoodDirection(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither"


class LocalMeasure(Versioned):
    """A figure the board tracks that no national return holds (foster carer enquiries, Children
    in Care Council attendance...), entered month by month by performance officers.

    Its `code` (LOCAL_...) is used wherever a national indicator's code is: targets, benchmarks,
    the Pledge and the dashboard.
    """

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200, unique=True)
    unit = models.CharField(max_length=10, choices=LocalMeasureUnit.choices)
    definition = models.TextField()
    owner = models.CharField("Owner", max_length=200, help_text="The team or officer responsible.")
    good_direction = models.CharField(max_length=10, choices=GoodDirection.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__startswith="LOCAL_"), name="local_measure_code_prefix"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def higher_is_better(self):
        return {GoodDirection.HIGHER: True, GoodDirection.LOWER: False}.get(self.good_direction)


class LocalMeasureValue(Versioned):
    """One month's figure for a local measure: a count, or a number out of a total."""

    measure = models.ForeignKey(LocalMeasure, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(help_text="The first day of the month the figure is for.")
    numerator = models.PositiveIntegerField("Number")
    denominator = models.PositiveIntegerField("Out of", null=True, blank=True)

    class Meta:
        ordering = ["measure", "month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "month"], name="one_value_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="local_value_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True)
                | models.Q(numerator__lte=models.F("denominator")),
                name="local_value_numerator_within_denominator",
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.month:%B %Y}: {self.numerator}"


class PledgeTheme(models.TextChoices):
    """The themes of the council's Pledge to children in care (the dashboard's sections)."""

    SOCIAL_WORKER = "social_worker", "Your social worker"
    DECISIONS = "decisions", "How we make decisions"
    WHERE_YOU_LIVE = "where_you_live", "Where you live"
    EDUCATION = "education", "Your education"
    HEALTH = "health", "Your health"
    PERMANENCE = "permanence", "Permanence"
    LEAVING_CARE = "leaving_care", "Leaving care"
    IDENTITY = "identity", "Your identity"


class PledgePromise(models.Model):
    """One promise of the council's Pledge, in the words the council uses, under a theme."""

    theme = models.CharField(max_length=20, choices=PledgeTheme.choices, unique=True)
    promise = models.TextField(help_text="The promise as the Pledge words it.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "theme"]

    def __str__(self):
        return self.get_theme_display()


class PledgeMeasure(models.Model):
    """A national indicator (its catalogue code) or local measure (LOCAL_...) that evidences a
    promise."""

    promise = models.ForeignKey(PledgePromise, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField("Indicator or local measure code", max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["promise", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["promise", "code"], name="one_code_per_promise")
        ]

    def __str__(self):
        return f"{self.promise}: {self.code}"


class ReportType(models.TextChoices):
    CLA_OVERVIEW = "cla-overview", "Children in care overview"
    PERMANENCE = "permanence", "Permanence and adoption scorecard"
    CARE_LEAVERS = "care-leavers", "Care leavers"
    PLEDGE = "pledge", "Pledge scorecard"
    MEETING_PACK = "meeting-pack", "Meeting pack"


class ReportRunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being drawn"
    BUILT = "built", "Ready"
    FAILED = "failed", "Failed"


class ReportRun(models.Model):
    """One board report PDF: asked for once per set of inputs (`inputs_hash`), drawn by a worker.

    Runs with the same inputs share one row and one file (reports.report_runs). The file is kept
    through Django's storage API, so it may live on disk or in object storage.
    """

    report_type = models.CharField(max_length=30, choices=ReportType.choices)
    as_at = models.DateField("Data as at")
    parameters = models.JSONField(default=dict, blank=True)
    inputs_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=ReportRunStatus.choices, default=ReportRunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the schedule asked for it.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="report-runs/%Y/%m/", blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    paper = models.OneToOneField(
        "meetings.Paper",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_run",
        help_text="The agenda item's paper this run was attached to.",
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_run_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="built") | ~models.Q(file=""),
                name="report_run_built_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_report_type_display()} as at {self.as_at:%-d %B %Y}"

    @property
    def filename(self):
        return f"{self.report_type}-{self.as_at:%Y-%m-%d}.pdf"


MIN_DAYS_BEFORE_DEADLINE, MAX_DAYS_BEFORE_DEADLINE = 1, 60
DEFAULT_DAYS_BEFORE_DEADLINE = 14
# A board's standard reports: every report but the meeting pack (made for the meeting itself).
STANDARD_REPORT_TYPES = [c for c in ReportType.choices if c[0] != ReportType.MEETING_PACK]


class BoardStandardReport(models.Model):
    """A report the board has for every meeting: drawn automatically when the meeting's papers
    deadline comes near (reports.scheduled)."""

    board = models.ForeignKey(
        "meetings.Board", on_delete=models.CASCADE, related_name="standard_reports"
    )
    report_type = models.CharField(max_length=30, choices=ReportType.choices)
    order = models.PositiveSmallIntegerField(default=0)
    days_before_deadline = models.PositiveSmallIntegerField(
        default=DEFAULT_DAYS_BEFORE_DEADLINE,
        help_text="Drawn from this many days before the meeting's papers deadline.",
    )

    class Meta:
        ordering = ["board", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "report_type"], name="one_standard_report_of_a_type_per_board"
            ),
            models.CheckConstraint(
                condition=~models.Q(report_type="meeting-pack"),
                name="standard_report_is_not_the_pack",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    days_before_deadline__gte=MIN_DAYS_BEFORE_DEADLINE,
                    days_before_deadline__lte=MAX_DAYS_BEFORE_DEADLINE,
                ),
                name="standard_report_days_before_deadline_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.board}: {self.get_report_type_display()}"
