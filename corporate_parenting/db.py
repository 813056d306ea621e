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


class NoOverlapPerChild(ExclusionConstraint):
    """Two rows of one child may not cover the same day.

    PostgreSQL enforces it with a GiST exclusion constraint (btree_gist). On the SQLite first-look
    database the constraint is skipped and the services' own overlap checks remain.
    """

    def __init__(self, *, name, start="start", end="end", child="child", **kwargs):
        kwargs.setdefault(
            "expressions",
            [(child, RangeOperators.EQUAL), (DateRange(start, end), RangeOperators.OVERLAPS)],
        )
        kwargs.setdefault("violation_error_message", "These dates overlap another record.")
        super().__init__(name=name, **kwargs)

    @staticmethod
    def _postgres(schema_editor_or_alias):
        return getattr(schema_editor_or_alias, "connection", None) is not None and (
            schema_editor_or_alias.connection.vendor == "postgresql"
        )

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor) if self._postgres(schema_editor) else None
        )

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


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
