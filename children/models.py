"""The child: identity, allocation history and the day-to-day case record.

Periods of care, legal statuses, placements and permanence live in `placements/`, which
depends on children: children reads them through children/care.py, never by importing them.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from children import care, codes
from corporate_parenting.db import Versioned, end_not_before_start, no_overlap_per_child
from corporate_parenting.permissions import caseload_q
from corporate_parenting.sql import (
    AddDays,
    AddMonths,
    AddYears,
    EndOfNextTerm,
    WorkingDaysAfter,
    born_for_age_between,
    compulsory_school_age_on,
    flag,
)

# The statutory schedules of the Care Planning, Placement and Case Review (England) Regulations
# 2010, as every screen and indicator applies them (ADR 0007).
FIRST_VISIT_DAYS = 7  # reg. 28(2): a child newly in care is visited within a week
FIRST_REVIEW_WORKING_DAYS = 20  # reg. 33(1): the first review within 20 working days
SECOND_REVIEW_MONTHS = 3  # reg. 33(2)(a): the second within 3 months of the first
LATER_REVIEW_MONTHS = 6  # reg. 33(2)(b): then at intervals of no more than 6 months
# Health (reg. 7 and the statutory guidance "Promoting the health and well-being of looked-after
# children"): the first health assessment in time for the first review, then reviewed every 6
# months before the fifth birthday and every 12 months after it.
FIRST_HEALTH_ASSESSMENT_WORKING_DAYS = 20
HEALTH_ASSESSMENT_MONTHS_UNDER_FIVE = 6
HEALTH_ASSESSMENT_MONTHS = 12
DENTAL_CHECK_MONTHS = 12  # a dental check in every year in care (SSDA903 OC2, DENTAL_CHECK)
# Education ("Promoting the education of looked-after children"): the personal education plan
# in place for the first review, then reviewed every school term (PEP_CURRENT), for children of
# compulsory school age.
FIRST_PEP_WORKING_DAYS = 20
# Care leavers (Care Leavers (England) Regulations 2010, reg. 7): the pathway plan reviewed at
# least every 6 months (CL_PATHWAY_PLAN), for young people open to the service aged 16 to 24.
PATHWAY_PLAN_REVIEW_MONTHS = 6


def review_due(*, entered, latest, held):
    """SQL: the day the next review is due in a period of care that began on `entered`, once
    `held` reviews (an integer expression) have been held in it, the latest on `latest`.
    Working days are Monday to Friday (bank holidays are not known)."""
    return models.Case(
        models.When(Exact(held, 0), then=WorkingDaysAfter(entered, FIRST_REVIEW_WORKING_DAYS)),
        models.When(Exact(held, 1), then=AddMonths(latest, SECOND_REVIEW_MONTHS)),
        default=AddMonths(latest, LATER_REVIEW_MONTHS),
        output_field=models.DateField(),
    )


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(caseload_q(user))

    def looked_after_on(self, day):
        """Children looked after on `day`: an open legal status other than a short break (V3/V4).

        Open on D means start <= D and (end is empty or end > D).
        """
        looked_after = care.source().looked_after_on(day)
        return self.filter(models.Exists(looked_after.filter(child=models.OuterRef("pk"))))

    def looked_after_between(self, first_day, last_day):
        """Children looked after at any time from first_day to last_day inclusive."""
        looked_after = care.source().looked_after_between(first_day, last_day)
        return self.filter(models.Exists(looked_after.filter(child=models.OuterRef("pk"))))

    def with_care_start(self, day):
        """Annotate `period_start`: the start of the period of care open on `day` (None for a
        child not in care that day)."""
        open_on_day = models.Q(start__lte=day) & (
            models.Q(end__isnull=True) | models.Q(end__gt=day)
        )
        current = care.source().periods_of_care().filter(open_on_day, child=models.OuterRef("pk"))
        return self.annotate(period_start=models.Subquery(current.values("start")[:1]))

    def _with_care_start(self, day):
        return self if "period_start" in self.query.annotations else self.with_care_start(day)

    def with_visit_due(self, day):
        """Annotate `next_visit_due` and `visit_overdue` (due before `day`), the one rule every
        screen and VISITS_ON_TIME apply: the latest visit up to `day` at which the child was
        seen, plus the interval recorded with it (42 days unless the care plan sets another);
        with no such visit, a week after entering care. Only children in care on `day` have a
        visit due. A visit on its due day is on time."""
        seen = StatutoryVisit.objects.filter(child=models.OuterRef("pk"), seen=True, date__lte=day)
        latest_due = (
            seen.order_by("-date", "-id")
            .annotate(_due=AddDays(models.F("date"), models.F("interval_days")))
            .values("_due")[:1]
        )
        queryset = self._with_care_start(day).annotate(latest_visit_due=models.Subquery(latest_due))
        queryset = queryset.annotate(
            next_visit_due=models.Case(
                models.When(period_start__isnull=True, then=None),
                default=Coalesce(
                    models.F("latest_visit_due"),
                    AddDays(models.F("period_start"), FIRST_VISIT_DAYS),
                ),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(visit_overdue=flag(models.Q(next_visit_due__lt=day)))

    def with_review_due(self, day):
        """Annotate `next_review_due` and `review_overdue` (due before `day`), the one rule every
        screen and REVIEWS_ON_TIME apply (`review_due`), counting the reviews held since the
        start of the period of care open on `day` (`reviews_in_period`, `latest_review`)."""
        held = (
            Review.objects.filter(
                child=models.OuterRef("pk"),
                date__gte=models.OuterRef("period_start"),
                date__lte=day,
            )
            .order_by()
            .values("child")
        )
        queryset = self._with_care_start(day).annotate(
            reviews_in_period=Coalesce(
                models.Subquery(held.annotate(n=models.Count("id")).values("n")[:1]),
                models.Value(0),
            ),
            latest_review=models.Subquery(held.annotate(d=models.Max("date")).values("d")[:1]),
        )
        queryset = queryset.annotate(
            next_review_due=models.Case(
                models.When(period_start__isnull=True, then=None),
                default=review_due(
                    entered=models.F("period_start"),
                    latest=models.F("latest_review"),
                    held=models.F("reviews_in_period"),
                ),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(review_overdue=flag(models.Q(next_review_due__lt=day)))

    def _latest_in_care(self, records, day, name):
        """Annotate `name`: the date of the latest of `records` (rows of this child, matched
        on OuterRef("pk")) from the start of the period of care open on `day` up to `day`."""
        latest = records.filter(date__gte=models.OuterRef("period_start"), date__lte=day)
        return self._with_care_start(day).annotate(
            **{name: models.Subquery(latest.order_by("-date").values("date")[:1])}
        )

    def with_health_assessment_due(self, day):
        """Annotate `next_health_assessment_due` and `health_assessment_overdue` (due before
        `day`) for children in care on `day`: 20 working days after entering care with no
        assessment since; then 6 months after the latest if the child was under 5 at it,
        12 months if not."""
        assessments = HealthCheck.objects.filter(
            child=models.OuterRef("pk"), kind=HealthCheckKind.HEALTH_ASSESSMENT
        )
        latest = models.F("latest_health_assessment")
        queryset = self._latest_in_care(assessments, day, "latest_health_assessment")
        queryset = queryset.annotate(
            next_health_assessment_due=models.Case(
                models.When(period_start__isnull=True, then=None),
                models.When(
                    latest_health_assessment__isnull=True,
                    then=WorkingDaysAfter(
                        models.F("period_start"), FIRST_HEALTH_ASSESSMENT_WORKING_DAYS
                    ),
                ),
                models.When(
                    latest_health_assessment__lt=AddYears(models.F("date_of_birth"), 5),
                    then=AddMonths(latest, HEALTH_ASSESSMENT_MONTHS_UNDER_FIVE),
                ),
                default=AddMonths(latest, HEALTH_ASSESSMENT_MONTHS),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(
            health_assessment_overdue=flag(models.Q(next_health_assessment_due__lt=day))
        )

    def with_dental_check_due(self, day):
        """Annotate `next_dental_check_due` and `dental_check_overdue` for children in care on
        `day`: 12 months after the latest dental check in this period of care, or after
        entering care when there has been none."""
        checks = HealthCheck.objects.filter(
            child=models.OuterRef("pk"), kind=HealthCheckKind.DENTAL
        )
        queryset = self._latest_in_care(checks, day, "latest_dental_check")
        queryset = queryset.annotate(
            next_dental_check_due=models.Case(
                models.When(period_start__isnull=True, then=None),
                default=AddMonths(
                    Coalesce(models.F("latest_dental_check"), models.F("period_start")),
                    DENTAL_CHECK_MONTHS,
                ),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(dental_check_overdue=flag(models.Q(next_dental_check_due__lt=day)))

    def with_pep_due(self, day):
        """Annotate `next_pep_due` and `pep_overdue` for children in care and of compulsory
        school age on `day`: 20 working days after entering care with no PEP since; then by the
        end of the school term after the latest PEP's term."""
        peps = PersonalEducationPlan.objects.filter(child=models.OuterRef("pk"))
        queryset = self._latest_in_care(peps, day, "latest_pep")
        queryset = queryset.annotate(
            next_pep_due=models.Case(
                models.When(period_start__isnull=True, then=None),
                models.When(~compulsory_school_age_on(day), then=None),
                models.When(
                    latest_pep__isnull=True,
                    then=WorkingDaysAfter(models.F("period_start"), FIRST_PEP_WORKING_DAYS),
                ),
                default=EndOfNextTerm(models.F("latest_pep")),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(pep_overdue=flag(models.Q(next_pep_due__lt=day)))

    def with_pathway_plan_due(self, day):
        """Annotate `next_pathway_plan_due` and `pathway_plan_overdue` for young people with a
        leaving-care status aged 16 to 24 on `day`: the day before 6 months after the latest
        review up to `day` (CL_PATHWAY_PLAN counts a review exactly 6 months old as out of
        date), or their 16th birthday when no review is recorded."""
        latest = (
            PathwayPlanReview.objects.filter(child=models.OuterRef("pk"), date__lte=day)
            .order_by("-date")
            .values("date")[:1]
        )
        queryset = self.annotate(latest_pathway_plan_review=models.Subquery(latest))
        open_to_service = models.Q(care_leaver__isnull=False) & born_for_age_between(day, 16, 24)
        queryset = queryset.annotate(
            next_pathway_plan_due=models.Case(
                models.When(~open_to_service, then=None),
                models.When(
                    latest_pathway_plan_review__isnull=True,
                    then=AddYears(models.F("date_of_birth"), 16),
                ),
                default=AddDays(
                    AddMonths(models.F("latest_pathway_plan_review"), PATHWAY_PLAN_REVIEW_MONTHS),
                    -1,
                ),
                output_field=models.DateField(),
            )
        )
        return queryset.annotate(pathway_plan_overdue=flag(models.Q(next_pathway_plan_due__lt=day)))

    def uasc_on(self, day):
        """Unaccompanied asylum-seeking children on `day` (UASC status not yet ceased)."""
        return self.filter(
            models.Q(uasc_ceased__isnull=True) | models.Q(uasc_ceased__gt=day), is_uasc=True
        )


class Child(Versioned):
    local_id = models.CharField(
        "Child ID",
        max_length=10,
        unique=True,
        help_text="The council's child identifier (CHILD in SSDA903).",
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=codes.Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
    is_uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    uasc_ceased = models.DateField("Date UASC status ceased", null=True, blank=True)
    disability = models.BooleanField(default=False)
    mother = models.BooleanField(
        "Is a mother",
        null=True,
        blank=True,
        help_text="MOTHER in SSDA903: recorded for girls only.",
    )
    mother_child_dob = models.DateField("Date of birth of her first child", null=True, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    team = models.ForeignKey(
        "corporate_parenting.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Current allocations, kept in step with Allocation rows by the services so that caseload
    # scoping is a plain column filter.
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    iro = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="iro_caseload",
        verbose_name="Independent reviewing officer",
    )
    personal_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pa_caseload",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "local_id"]
        verbose_name_plural = "children"
        # Age-band and care-leaver indicators select children by date of birth.
        indexes = [models.Index(fields=["date_of_birth"], name="ind_child_birth")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uasc_ceased__isnull=True) | models.Q(is_uasc=True),
                name="child_uasc_ceased_only_for_uasc",
            ),
        ]

    def __str__(self):
        # The local id, never the name: this is what the admin and the audit trail show.
        return self.local_id

    @property
    def display_name(self):
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip() or self.local_id


class AllocationKind(models.TextChoices):
    SOCIAL_WORKER = "SW", "Social worker"
    IRO = "IRO", "Independent reviewing officer"
    PERSONAL_ADVISER = "PA", "Personal adviser"


class AllocationQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gt=day), start__lte=day)

    def social_workers(self):
        return self.filter(kind=AllocationKind.SOCIAL_WORKER)

    def personal_advisers(self):
        return self.filter(kind=AllocationKind.PERSONAL_ADVISER)

    def changes_between(self, first_day, last_day):
        """Allocations starting in the period that replaced an earlier one of the same kind
        (a change of worker; the first allocation to a child is not a change)."""
        earlier = Allocation.objects.filter(
            child=models.OuterRef("child"),
            kind=models.OuterRef("kind"),
            start__lt=models.OuterRef("start"),
        )
        return self.filter(start__gte=first_day, start__lte=last_day).filter(models.Exists(earlier))


class Allocation(models.Model):
    """Dated history of who was allocated to a child (SSDA903 SWEpisodes for social workers)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    kind = models.CharField(max_length=3, choices=AllocationKind.choices)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    worker_ref = models.CharField(
        "Worker ID",
        max_length=20,
        blank=True,
        help_text="SW_ID in SSDA903 where the worker has no account here.",
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    # SSDA903 SW_REASON as the DfE defines it: why this allocation began (the reason for the
    # change from the worker before, FCONTA for a first allocation), not why it ended.
    start_reason = models.CharField(
        "Reason for the change",
        max_length=6,
        blank=True,
        choices=codes.SocialWorkerChangeReason.choices,
    )
    # The team manager who approved allocating a social worker from outside the child's team.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["child", "kind", "start"]
        indexes = [
            models.Index(fields=["child", "kind", "start"], name="ind_allocation_child_kind")
        ]
        constraints = [
            end_not_before_start("allocation_end_not_before_start"),
            no_overlap_per_child(
                "allocation_no_overlap",
                condition=models.Q(kind=AllocationKind.SOCIAL_WORKER),
                message="This child already has a social worker allocated for these dates.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.start:%d/%m/%Y}"


class ChildEvent(Versioned):
    """Common shape of a dated event on a child's record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]


class Review(ChildEvent):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    participation = models.CharField(max_length=3, choices=codes.ReviewParticipation.choices)

    class Meta(ChildEvent.Meta):
        constraints = [models.UniqueConstraint(fields=["child", "date"], name="review_once_a_day")]

    def __str__(self):
        return f"Review on {self.date:%d/%m/%Y}"


class StatutoryVisit(ChildEvent):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="visits")
    seen = models.BooleanField("Child seen", default=True)
    seen_alone = models.BooleanField("Child seen alone", default=False)
    interval_days = models.PositiveSmallIntegerField(
        "Visits required every (days)",
        default=42,
        help_text="6 weeks unless the care plan sets another interval.",
    )

    class Meta(ChildEvent.Meta):
        # The latest visit at which the child was seen (the caseload and VISITS_ON_TIME).
        indexes = [
            models.Index(
                fields=["child", "-date", "-id"],
                condition=models.Q(seen=True),
                name="ind_visit_child_date",
            )
        ]

    def __str__(self):
        return f"Visit on {self.date:%d/%m/%Y}"


class HealthCheckKind(models.TextChoices):
    HEALTH_ASSESSMENT = "HA", "Health assessment"
    DENTAL = "DENTAL", "Dental check"
    IMMUNISATIONS = "IMMS", "Immunisations up to date"


class HealthCheck(ChildEvent):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=6, choices=HealthCheckKind.choices)

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date:%d/%m/%Y}"


class AnnualOutcome(models.Model):
    """The SSDA903 OC2 row for a child looked after for 12 months at 31 March of a year."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="annual_outcomes")
    collection_year = models.PositiveSmallIntegerField(help_text="Year ending 31 March.")
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sdq_reason = models.CharField(max_length=4, blank=True, choices=codes.SdqReason.choices)
    convicted = models.BooleanField(null=True)
    health_check = models.BooleanField(null=True)
    immunisations = models.BooleanField(null=True)
    teeth_check = models.BooleanField(null=True)
    health_assessment = models.BooleanField(null=True)
    substance_misuse = models.BooleanField(null=True)
    intervention_received = models.BooleanField(null=True)
    intervention_offered = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "collection_year"], name="annual_outcome_once_a_year"
            )
        ]

    def __str__(self):
        return f"OC2 outcomes for the year ending 31 March {self.collection_year}"


class PersonalEducationPlan(ChildEvent):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="peps")

    class Meta(ChildEvent.Meta):
        verbose_name = "personal education plan"
        indexes = [models.Index(fields=["child", "date"], name="ind_pep_child_date")]

    def __str__(self):
        return f"PEP reviewed on {self.date:%d/%m/%Y}"


class MissingEpisode(Versioned):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=codes.MissingKind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["start"], name="ind_missing_start")]
        constraints = [end_not_before_start("missing_end_not_before_start")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.start:%d/%m/%Y}"


class CaseNote(ChildEvent):
    """The social worker's case update."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="case_notes")
    kind = models.CharField(max_length=12, choices=codes.CaseNoteType.choices)
    text = models.TextField()

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date:%d/%m/%Y}"


class DeprivationOfLiberty(Versioned):
    """SSDA903 DoLo: a deprivation of liberty order."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="dols")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name_plural = "deprivations of liberty"
        constraints = [end_not_before_start("dolo_end_not_before_start")]


class CareLeaver(Versioned):
    """A young person's leaving-care status: one row per young person."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="care_leaver")
    eligibility = models.CharField(max_length=16, choices=codes.CareLeaverEligibility.choices)
    staying_put = models.BooleanField("Staying Put arrangement", default=False)

    def __str__(self):
        return f"{self.get_eligibility_display()} care leaver"


class PathwayPlanReview(ChildEvent):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="pathway_plan_reviews")

    class Meta(ChildEvent.Meta):
        indexes = [models.Index(fields=["child", "date"], name="ind_pathway_child_date")]

    def __str__(self):
        return f"Pathway plan reviewed on {self.date:%d/%m/%Y}"


class CareLeaverContact(ChildEvent):
    """A contact with a care leaver. The one around a birthday feeds SSDA903 OC3."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_leaver_contacts")
    in_touch = models.CharField(max_length=4, choices=codes.InTouch.choices)
    accommodation = models.CharField(max_length=2, choices=codes.Accommodation.choices)
    activity = models.CharField(max_length=2, choices=codes.Activity.choices)
    collection_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Set when this contact is the year's OC3 return for the young person.",
    )

    class Meta(ChildEvent.Meta):
        indexes = [models.Index(fields=["child", "-date"], name="ind_contact_child_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "collection_year"], name="one_oc3_contact_a_year"
            )
        ]

    def __str__(self):
        return f"Contact on {self.date:%d/%m/%Y}"

    @property
    def accommodation_suitable(self):
        return self.accommodation in codes.SUITABLE
