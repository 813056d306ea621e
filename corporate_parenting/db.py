"""Small database building blocks shared by the case record apps."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import BaseConstraint, Func, Q
from django.db.models.sql import Query


class DateRange(Func):
    """A half-open [start, end) daterange; an open end runs to infinity."""

    function = "DATERANGE"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[)"))


def _postgres(schema_editor):
    """Constraints below exist on PostgreSQL only (the SQLite first look skips them)."""
    return schema_editor.connection.vendor == "postgresql"


class NoOverlapPerChild(BaseConstraint):
    """Two rows of one child may not cover the same day: dates are half-open [start, end), an
    open end runs for ever, and only rows matching `condition` (if given) count.

    PostgreSQL checks it with statement-level triggers: after each INSERT, UPDATE or COPY, one
    join compares the statement's new rows (a transition table) with the table. A GiST
    exclusion constraint did the same row by row and cost about 15 microseconds a row, most of
    a bulk import's time. To stay safe under concurrent writers the trigger first locks the
    children concerned (FOR NO KEY UPDATE, in id order), so a second writer of the same child
    waits for the first to commit and then, in a new READ COMMITTED snapshot, sees its rows.
    Children the transaction itself created or changed are skipped: no one else can write them
    until it commits, and a bulk import creates thousands.
    On the SQLite first-look database there are no triggers; the services' own checks remain.
    """

    default_violation_error_message = "These dates overlap another record."

    def __init__(
        self,
        *,
        name,
        start="start",
        end="end",
        child="child",
        condition=None,
        violation_error_message=None,
        violation_error_code=None,
    ):
        self.start, self.end, self.child, self.condition = start, end, child, condition
        super().__init__(
            name=name,
            violation_error_message=violation_error_message,
            violation_error_code=violation_error_code,
        )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        for attr, default in (("start", "start"), ("end", "end"), ("child", "child")):
            if getattr(self, attr) != default:
                kwargs[attr] = getattr(self, attr)
        if self.condition is not None:
            kwargs["condition"] = self.condition
        return path, args, kwargs

    def __eq__(self, other):
        if isinstance(other, NoOverlapPerChild):
            return self.deconstruct() == other.deconstruct()
        return super().__eq__(other)

    __hash__ = BaseConstraint.__hash__

    # -- PostgreSQL -----------------------------------------------------------------------------

    def _condition_sql(self, model, schema_editor):
        if self.condition is None:
            return "TRUE"
        query = Query(model=model, alias_cols=False)
        where = query.build_where(self.condition)
        compiler = query.get_compiler(connection=schema_editor.connection)
        sql, params = where.as_sql(compiler, schema_editor.connection)
        return sql % tuple(schema_editor.quote_value(p) for p in params)

    def _create_statements(self, model, schema_editor):
        q = schema_editor.quote_name
        child = model._meta.get_field(self.child)
        table, children = model._meta.db_table, child.related_model._meta.db_table
        pk, child_col = q(model._meta.pk.column), q(child.column)
        start, end = (
            q(model._meta.get_field(self.start).column),
            q(model._meta.get_field(self.end).column),
        )
        condition = self._condition_sql(model, schema_editor)
        function = q(self.name)
        name, table_name = schema_editor.quote_value(self.name), schema_editor.quote_value(table)
        # Identifiers come from model metadata and are quoted; there is no user input here.
        body = f"""
DECLARE
  clash record;
BEGIN
  -- A child row this transaction created or changed (xmin) is already out of others' reach.
  PERFORM 1 FROM {q(children)} WHERE {q(child.target_field.column)} IN
    (SELECT {child_col} FROM new_rows) AND xmin <> pg_current_xact_id()::xid
    ORDER BY {q(child.target_field.column)} FOR NO KEY UPDATE;
  SELECT n.{pk} AS id, n.{child_col} AS child_id INTO clash
    FROM (SELECT * FROM new_rows WHERE {condition}) AS n
    JOIN (SELECT * FROM {q(table)} WHERE {condition}) AS t
      ON t.{child_col} = n.{child_col} AND t.{pk} <> n.{pk}
     AND daterange(t.{start}, t.{end}, '[)') && daterange(n.{start}, n.{end}, '[)')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'conflicting dates violate constraint "%"', {name}
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = {name}, TABLE = {table_name},
            DETAIL = format('Row %s overlaps another row of child %s.', clash.id, clash.child_id);
  END IF;
  RETURN NULL;
END"""  # noqa: S608
        statements = [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body${body}\n$body$"
        ]
        for event in ("INSERT", "UPDATE"):
            statements.append(
                f"CREATE TRIGGER {q(f'{self.name}_{event.lower()}')} AFTER {event} ON {q(table)} "
                "REFERENCING NEW TABLE AS new_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
        return statements

    def constraint_sql(self, model, schema_editor):
        # Not part of CREATE TABLE: the triggers follow once the table (and its child) exist.
        if _postgres(schema_editor):
            schema_editor.deferred_sql.extend(self._create_statements(model, schema_editor))
        return None

    def create_sql(self, model, schema_editor):
        if not _postgres(schema_editor):
            return None
        return ";\n".join(self._create_statements(model, schema_editor))

    def remove_sql(self, model, schema_editor):
        if not _postgres(schema_editor):
            return None
        q = schema_editor.quote_name
        table = q(model._meta.db_table)
        return ";\n".join(
            [
                f"DROP TRIGGER IF EXISTS {q(f'{self.name}_{event}')} ON {table}"
                for event in ("insert", "update")
            ]
            + [f"DROP FUNCTION IF EXISTS {q(self.name)}()"]
        )

    # -- Django validation (model forms, full_clean) -------------------------------------------

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor != "postgresql":
            return
        child = model._meta.get_field(self.child)
        if exclude and {self.child, self.start, self.end} & set(exclude):
            return
        start, end = getattr(instance, self.start), getattr(instance, self.end)
        child_id = getattr(instance, child.attname)
        if start is None or child_id is None:
            return
        clashes = model._default_manager.using(using).filter(
            Q(**{f"{self.end}__isnull": True}) | Q(**{f"{self.end}__gt": start}),
            **{child.attname: child_id},
        )
        if end is not None:
            clashes = clashes.filter(**{f"{self.start}__lt": end})
        if self.condition is not None:
            if not self.condition.check(
                instance._get_field_expression_map(meta=model._meta, exclude=exclude), using=using
            ):
                return
            clashes = clashes.filter(self.condition)
        if not instance._state.adding and instance.pk is not None:
            clashes = clashes.exclude(pk=instance.pk)
        if clashes.exists():
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )


class GistNoOverlapPerChild(ExclusionConstraint):
    """The first form of NoOverlapPerChild, a GiST exclusion constraint (btree_gist); kept only
    because the migrations that created and replaced it name it."""

    def __init__(self, *, name, start="start", end="end", child="child", **kwargs):
        kwargs.setdefault(
            "expressions",
            [(child, RangeOperators.EQUAL), (DateRange(start, end), RangeOperators.OVERLAPS)],
        )
        kwargs.setdefault("violation_error_message", "These dates overlap another record.")
        super().__init__(name=name, **kwargs)

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if _postgres(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if _postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if _postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
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
