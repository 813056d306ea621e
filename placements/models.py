"""Periods of care, legal statuses, placements and permanence, shaped on SSDA903.

A period of care holds dated legal statuses and placements that never overlap. The SSDA903
"episode" (one row per change of legal status or placement) is derived from them by
`placements.episodes`: a legal status row starts a new episode when its code changes (a row with
the same code records a change of category of need at a placement change), a placement row
starts one always, and `new_carer` tells a move to new carers (RNE P/B) from a change of
placement with the same carers (T/U).
"""

from django.db import models
from django.db.models.functions import Coalesce, Greatest

from children.models import Child
from corporate_parenting.db import Versioned, end_not_before_start, no_overlap_per_child
from corporate_parenting.permissions import caseload_q
from corporate_parenting.sql import DaysBetween
from placements import codes

# The adoption scorecard's clocks (DfE adoption and special guardianship leadership board): A1
# from entering care to moving in with the family who adopt, A2 from the court's authority to
# place to the match with the adopters. The permanence tracker and the A1_DAYS, A2_DAYS and
# A10_DAYS indicators measure between the same dates (ADR 0007).
A1_THRESHOLD_DAYS = 426  # 14 months
A2_THRESHOLD_DAYS = 121  # 4 months


def clock_days(start, end, today=None):
    """SQL: whole days from `start` to `end` (to `today` while `end` is not recorded), never
    fewer than 0 (A2 is 0 where the match came before the placement order)."""
    end = Coalesce(end, models.Value(today, output_field=models.DateField())) if today else end
    return Greatest(DaysBetween(end, start), 0, output_field=models.IntegerField())


def placed_with_adopters(period):
    """SQL: when the child moved in with the family who adopted them (A1's end), for the period
    of care `period` (an OuterRef): the first placement for adoption after which the child did
    not move to new carers in the period (`Placement.objects.with_the_adopters`). While the
    period is open, the family the child is placed with for adoption now; None if none."""
    return models.Subquery(
        Placement.objects.with_the_adopters()
        .filter(period=period)
        .order_by("start")
        .values("start")[:1],
        output_field=models.DateField(),
    )


def authority_to_place(period, plan_order_date):
    """SQL: A2's start: the first placement order (E1) or freeing order (D1) of the period of
    care `period` (an OuterRef), or else the placement order date recorded on the plan."""
    first_order = LegalStatus.objects.placement_orders().filter(period=period).order_by("start")
    return Coalesce(
        models.Subquery(first_order.values("start")[:1], output_field=models.DateField()),
        plan_order_date,
        output_field=models.DateField(),
    )


class DatedQuerySet(models.QuerySet):
    """Building blocks for rows with a half-open [start, end) date range."""

    def open_on(self, day):
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gt=day), start__lte=day)

    def overlapping(self, first_day, last_day):
        """Rows open at any time from first_day to last_day inclusive."""
        return self.filter(
            models.Q(end__isnull=True) | models.Q(end__gt=first_day), start__lte=last_day
        )

    def started_between(self, first_day, last_day):
        return self.filter(start__gte=first_day, start__lte=last_day)

    def ended_between(self, first_day, last_day):
        return self.filter(end__gte=first_day, end__lte=last_day)

    def visible_to(self, user):
        return self.filter(caseload_q(user, prefix="child__"))


class PeriodOfCareQuerySet(DatedQuerySet):
    def ceased(self):
        return self.exclude(reason_ceased="")

    def ceased_for(self, reasons):
        return self.filter(reason_ceased__in=reasons)

    def looked_after(self):
        """Periods with a legal status other than a short break (V3/V4): a period made only of
        short breaks is not being looked after."""
        return self.filter(
            models.Exists(LegalStatus.objects.filter(period=models.OuterRef("pk")).looked_after())
        )

    def with_adoption_dates(self):
        """Annotate the dates the adoption scorecard measures between, for periods of care that
        ended in adoption (the permanence tracker applies the same rules to running clocks):

        - `_placed` (A1's end): the day the child moved in with the family who adopted them
          (`placed_with_adopters`; an earlier placement for adoption that broke down is not it);
        - `_with_adopters` (A10's end): for a child placed for adoption with their foster
          carers (A3/A5, same carers), the day the foster placement with them began;
        - `_placement_order` (A2's start): `authority_to_place`, with the adoption plan's date;
        - `_match` (A2's end): the plan's date of the decision to match (AD1 DATE_MATCH).

        The plan is the child's latest adoption plan agreed by the end of the period.
        """
        pk = models.OuterRef("pk")
        plan = PermanencePlan.objects.filter(
            child=models.OuterRef("child"),
            plan_type=codes.PermanencePlanType.ADOPTION,
            decided_on__lte=models.OuterRef("end"),
        ).order_by("-decided_on")
        carer_since = (
            Placement.objects.with_new_carers()
            .filter(period=models.OuterRef("pk"), start__lte=models.OuterRef("_placed"))
            .order_by("-start")
            .values("start")[:1]
        )
        return self.annotate(
            _placement_order=authority_to_place(
                pk, models.Subquery(plan.values("placement_order_date")[:1])
            ),
            _match=models.Subquery(plan.values("matched_date")[:1]),
            _placed=placed_with_adopters(pk),
        ).annotate(_with_adopters=models.Subquery(carer_since))


class PeriodOfCare(Versioned):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="periods_of_care")
    start = models.DateField("Date started to be looked after")
    end = models.DateField("Date ceased to be looked after", null=True, blank=True)
    reason_ceased = models.CharField(
        max_length=3, blank=True, choices=codes.ReasonEpisodeCeased.choices
    )
    opening_rne = models.CharField(
        "Reason for the first episode held",
        max_length=1,
        blank=True,
        choices=codes.ReasonNewEpisode.choices,
        help_text="Blank when the period's start is known (RNE S). Set when an SSDA903 import "
        "began mid-period: the period started before the first episode we hold.",
    )

    objects = PeriodOfCareQuerySet.as_manager()

    class Meta:
        ordering = ["child", "start"]
        verbose_name_plural = "periods of care"
        indexes = [models.Index(fields=["end"], name="ind_period_end")]
        constraints = [
            end_not_before_start("period_end_not_before_start"),
            no_overlap_per_child(
                "period_no_overlap",
                message="This child already has a period of care covering these dates.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(end__isnull=True, reason_ceased="")
                    | (models.Q(end__isnull=False) & ~models.Q(reason_ceased__in=["", "X1"]))
                ),
                name="period_end_has_reason",
                violation_error_message="A period of care that has ended needs the reason it "
                "ended, and only then.",
            ),
        ]

    def __str__(self):
        return f"Period of care from {self.start:%d/%m/%Y}"


class LegalStatusQuerySet(DatedQuerySet):
    def looked_after(self):
        """Exclude agreed series of short breaks (V3, V4), which do not count as looked after."""
        return self.exclude(legal_status__in=codes.SHORT_BREAK)

    def short_breaks(self):
        return self.filter(legal_status__in=codes.SHORT_BREAK)

    def placement_orders(self):
        """Authority to place for adoption: a placement order (E1) or freeing order (D1)."""
        return self.filter(legal_status__in=codes.PLACEMENT_ORDER)


class LegalStatus(Versioned):
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legal_statuses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=2, choices=codes.LegalStatus.choices)
    category_of_need = models.CharField(max_length=2, choices=codes.CategoryOfNeed.choices)

    objects = LegalStatusQuerySet.as_manager()

    class Meta:
        ordering = ["child", "start"]
        verbose_name_plural = "legal statuses"
        constraints = [
            end_not_before_start("legal_status_end_not_before_start"),
            no_overlap_per_child(
                "legal_status_no_overlap",
                message="This child already has a legal status covering these dates.",
            ),
        ]

    def __str__(self):
        return f"{self.legal_status} from {self.start:%d/%m/%Y}"


class Provider(models.Model):
    """A placement provider or carer household, where the council keeps one on file."""

    name = models.CharField(max_length=200)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    provider = models.CharField(max_length=3, blank=True, choices=codes.PlacementProvider.choices)
    postcode = models.CharField(max_length=8, blank=True)
    inside_area = models.BooleanField("Inside the council's area", null=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlacementQuerySet(DatedQuerySet):
    def of_type(self, types):
        return self.filter(placement_type__in=types)

    def not_temporary(self):
        return self.exclude(placement_type__in=codes.TEMPORARY)

    def of_children_looked_after_on(self, day):
        """Placements of children looked after on `day` (a short break is not looked after)."""
        return self.filter(
            models.Exists(
                LegalStatus.objects.open_on(day)
                .looked_after()
                .filter(child=models.OuterRef("child"))
            )
        )

    def with_new_carers(self):
        """Placements that begin with a carer the child did not have before, as the DfE
        stability measures count them: the first placement of a period of care, or a move to
        new carers (RNE P or B). A move with the same carers (T/U), a temporary placement
        (T0-T4) and the return from a temporary placement are not counted; a change of legal
        status alone is never a placement row at all."""
        after_temporary = Placement.objects.filter(
            period=models.OuterRef("period"),
            end=models.OuterRef("start"),
            placement_type__in=codes.TEMPORARY,
        )
        return (
            self.not_temporary()
            .filter(models.Q(new_carer=True) | models.Q(start=models.F("period__start")))
            .exclude(models.Exists(after_temporary))
        )

    def with_the_adopters(self):
        """Placements for adoption (A3–A6) with the family who went on to adopt the child (or,
        in a period of care still open, the family the child is placed with for adoption now):
        those followed in their period of care by no move to new carers and by no placement
        that is neither for adoption nor temporary. A placement for adoption that broke down
        is followed by one of those, so it is not with the adopters."""
        after_temporary = Placement.objects.filter(
            period=models.OuterRef("period"),
            end=models.OuterRef("start"),
            placement_type__in=codes.TEMPORARY,
        )
        broke_down = (
            Placement.objects.filter(
                period=models.OuterRef("period"), start__gt=models.OuterRef("start")
            )
            .not_temporary()
            .filter(
                (models.Q(new_carer=True) & ~models.Exists(after_temporary))
                | ~models.Q(placement_type__in=codes.ADOPTION)
            )
        )
        return self.of_type(codes.ADOPTION).exclude(models.Exists(broke_down))


class Placement(Versioned):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)
    provider = models.CharField(
        "Placement provider", max_length=3, blank=True, choices=codes.PlacementProvider.choices
    )
    new_carer = models.BooleanField(
        default=True, help_text="Off when the child changed placement but kept the same carers."
    )
    carer = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="Carer or provider",
    )
    postcode = models.CharField("Placement postcode", max_length=8, blank=True)
    home_postcode = models.CharField("Home postcode", max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    distance_miles = models.DecimalField(
        "Distance from home (miles)", max_digits=6, decimal_places=1, null=True, blank=True
    )
    inside_area = models.BooleanField("Inside the council's area", null=True, blank=True)
    placement_la = models.CharField(
        "Placement local authority (ONS code)",
        max_length=9,
        blank=True,
        help_text="From the placement postcode in the ONS postcode directory.",
    )
    distance_basis = models.CharField(
        "Where the distance comes from",
        max_length=20,
        blank=True,
        choices=codes.DistanceBasis.choices,
        help_text="Set with the distance by placements.postcodes.placement_location.",
    )
    reason_for_change = models.CharField(
        "Reason for placement change",
        max_length=6,
        blank=True,
        choices=codes.ReasonPlaceChange.choices,
        help_text="Why this placement ended, when the child moved to another placement.",
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["child", "start"]
        indexes = [
            models.Index(fields=["start"], name="ind_placement_start"),
            # Stability indicators leave temporary moves out.
            models.Index(
                fields=["period", "end"],
                condition=models.Q(placement_type__in=sorted(codes.TEMPORARY)),
                name="ind_placement_temporary",
            ),
        ]
        constraints = [
            end_not_before_start("placement_end_not_before_start"),
            no_overlap_per_child(
                "placement_no_overlap",
                message="This child already has a placement covering these dates.",
            ),
            models.CheckConstraint(
                condition=models.Q(distance_miles__isnull=True) | models.Q(distance_miles__gte=0),
                name="placement_distance_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_placement_type_display()} from {self.start:%d/%m/%Y}"


class PermanencePlanQuerySet(models.QuerySet):
    def current_on(self, day):
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day), decided_on__lte=day
        )

    def visible_to(self, user):
        return self.filter(caseload_q(user, prefix="child__"))

    def with_adoption_clocks(self, today):
        """Annotate the A1 and A2 clocks as they stand on `today`, measured between the dates
        A1_DAYS and A2_DAYS use (`PeriodOfCare.objects.with_adoption_dates`), in the child's
        latest period of care begun by `today`:

        - `entered_care` = `a1_start`; `a1_end`: moved in with the family adopting them;
        - `a2_start`: the authority to place; `a2_end`: this plan's match date;
        - `a1_days`, `a2_days`: days from start to end, or to `today` while running (`None`
          without a start).
        """
        period = PeriodOfCare.objects.filter(
            child=models.OuterRef("child"), start__lte=today
        ).order_by("-start")
        plans = self.annotate(
            entered_care=models.Subquery(
                period.values("start")[:1], output_field=models.DateField()
            ),
            _period=models.Subquery(period.values("pk")[:1]),
        )
        plans = plans.annotate(
            a1_start=models.F("entered_care"),
            a1_end=placed_with_adopters(models.OuterRef("_period")),
            a2_start=authority_to_place(
                models.OuterRef("_period"), models.F("placement_order_date")
            ),
            a2_end=models.F("matched_date"),
        )
        return plans.annotate(
            a1_days=clock_days(models.F("a1_start"), models.F("a1_end"), today),
            a2_days=clock_days(models.F("a2_start"), models.F("a2_end"), today),
        )

    def of_children_looked_after_on(self, day):
        """Plans of children looked after on `day` (a short break is not looked after)."""
        return self.filter(
            models.Exists(
                LegalStatus.objects.open_on(day)
                .looked_after()
                .filter(child=models.OuterRef("child"))
            )
        )

    def open_after_care_ended(self):
        """Open plans whose child has since stopped being looked after, annotated with the end
        (`care_ended_on`) and reason (`care_ended_for`) of the first period of care that ended
        on or after the plan was agreed: the plan should have ended then."""
        ended = PeriodOfCare.objects.filter(
            child=models.OuterRef("child"),
            end__isnull=False,
            end__gte=models.OuterRef("decided_on"),
        ).order_by("end")
        return (
            self.filter(ended_on__isnull=True)
            .annotate(
                care_ended_on=models.Subquery(ended.values("end")[:1]),
                care_ended_for=models.Subquery(ended.values("reason_ceased")[:1]),
            )
            .filter(care_ended_on__isnull=False)
        )


class PermanencePlan(Versioned):
    """A child's permanence plan with the adoption and special guardianship milestones.

    For adoption it carries the SSDA903 AD1 and PlacedAdoption fields: the agency decision maker's
    decision that the child should be placed for adoption (DATE_INT / DATE_PLACED), the match
    (DATE_MATCH), the adopters, and the decision that the child should no longer be placed
    (DATE_PLACED_CEASED, REASON_PLACED_CEASED).
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="permanence_plans")
    plan_type = models.CharField(max_length=20, choices=codes.PermanencePlanType.choices)
    parallel_plan_type = models.CharField(
        max_length=20, blank=True, choices=codes.PermanencePlanType.choices
    )
    decided_on = models.DateField("Date the plan was agreed")
    adm_decision_date = models.DateField(
        "Should be placed for adoption (ADM decision)", null=True, blank=True
    )
    placement_order_date = models.DateField("Placement order granted", null=True, blank=True)
    matched_date = models.DateField("Matched with adopters or carers", null=True, blank=True)
    placed_date = models.DateField("Placed with adopters or carers", null=True, blank=True)
    order_date = models.DateField(
        "Adoption or special guardianship order granted", null=True, blank=True
    )
    ended_on = models.DateField("Plan ended", null=True, blank=True)
    end_reason = models.CharField(
        max_length=20, blank=True, choices=codes.PermanencePlanEndReason.choices
    )
    no_longer_placed_date = models.DateField(
        "Decision that the child should no longer be placed for adoption", null=True, blank=True
    )
    no_longer_placed_reason = models.CharField(
        max_length=3, blank=True, choices=codes.ReasonPlacedCeased.choices
    )
    foster_care = models.BooleanField("Adopted by former foster carers", null=True, blank=True)
    number_of_adopters = models.CharField(
        max_length=1, blank=True, choices=codes.Ad1NumberOfAdopters.choices
    )
    sex_of_adopters = models.CharField(
        max_length=2, blank=True, choices=codes.Ad1SexOfAdopters.choices
    )
    legal_status_of_adopters = models.CharField(
        max_length=3, blank=True, choices=codes.Ad1LegalStatusOfAdopters.choices
    )

    objects = PermanencePlanQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-decided_on"]
        indexes = [models.Index(fields=["child", "-decided_on"], name="ind_plan_child_decided")]
        constraints = [
            end_not_before_start(
                "plan_ended_not_before_agreed", start="decided_on", end="ended_on"
            ),
            models.CheckConstraint(
                condition=models.Q(matched_date__isnull=True)
                | models.Q(placed_date__isnull=True)
                | models.Q(matched_date__lte=models.F("placed_date")),
                name="plan_matched_on_or_before_placed",
                violation_error_message=(
                    "The match must be on or before the date placed (rule 331)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_plan_type_display()} plan from {self.decided_on:%d/%m/%Y}"


class PreviousPermanence(models.Model):
    """SSDA903 PrevPerm: permanence the child had before a period of care.

    Recorded once for each period of care (a child who starts two periods in a year has two
    PrevPerm rows, which may differ).
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="previous_permanences")
    period = models.OneToOneField(
        PeriodOfCare,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="previous_permanence",
    )
    previous_permanence = models.CharField(max_length=2, choices=codes.PreviousPermanence.choices)
    local_authority = models.CharField(max_length=3, blank=True)
    date_text = models.CharField(
        max_length=10,
        blank=True,
        help_text="DATE_PERM as returned: dd/mm/YYYY with unknown parts as zz.",
    )

    def __str__(self):
        return f"Previous permanence {self.previous_permanence}"


class ImportRun(models.Model):
    """One SSDA903 import: from the command line or an upload, valid or not."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKING = "checking", "Being checked"
        INVALID = "invalid", "Has errors"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        DRY_RUN = "dry_run", "Checked, ready to import"

    class Source(models.TextChoices):
        COMMAND = "command", "Command line"
        UPLOAD = "upload", "Upload"

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "corporate_parenting.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    collection_years = models.JSONField(default=list, blank=True)
    file_names = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(
        default=list, blank=True, help_text="[file, row, column, code, message] per error."
    )
    error_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    files_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the uploaded files were deleted from the server."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"SSDA903 import {self.pk} ({self.get_status_display()})"
