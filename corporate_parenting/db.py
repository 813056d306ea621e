"""Small database building blocks shared by the case record apps."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import Func


class DateRange(Func):
    """A half-open [start, end) daterange; an open end runs to infinity."""

    function = "DATERANGE"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[)"))


def no_overlap_per_child(name, *, condition=None, message="These dates overlap another record."):
    """Two rows of one child may not cover the same day: dates are half-open [start, end), an
    open end runs for ever, and only rows matching `condition` (if given) count.

    A GiST exclusion constraint (btree_gist for the child's id): PostgreSQL checks every
    INSERT, UPDATE and COPY. A transaction writing a row that overlaps another transaction's
    uncommitted row of the same child waits for that transaction to end, and is refused if it
    committed. Django's model validation (`full_clean`, model forms) runs the same test first
    and shows `message`.
    """
    return ExclusionConstraint(
        name=name,
        expressions=[
            ("child", RangeOperators.EQUAL),
            (DateRange("start", "end"), RangeOperators.OVERLAPS),
        ],
        condition=condition,
        violation_error_message=message,
    )


def end_not_before_start(name, start="start", end="end"):
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message="The end date must be the same as or after the start date.",
    )


class Versioned(models.Model):
    """Optimistic locking: every change form carries `version`; a stale save is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "corporate_parenting.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
