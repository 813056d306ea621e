"""A constraint class the models no longer use, kept because migrations name it.

From November to December 2026 no-overlap rules were PL/pgSQL statement-level triggers
(`children/0003` and `placements/0003` created them; `children/0004` and `placements/0004`
drop them for GiST exclusion constraints, `corporate_parenting.db.no_overlap_per_child`).
Only the SQL that creates and drops the triggers is kept, so that a new database can still
run every migration in order. See docs/adr/0008-simpler-import-write-path.md.
"""

from django.db.models import BaseConstraint
from django.db.models.sql import Query


class NoOverlapPerChild(BaseConstraint):
    """Retired: AFTER INSERT and AFTER UPDATE statement triggers refusing overlapping dates."""

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
        schema_editor.deferred_sql.extend(self._create_statements(model, schema_editor))
        return None

    def create_sql(self, model, schema_editor):
        return ";\n".join(self._create_statements(model, schema_editor))

    def remove_sql(self, model, schema_editor):
        q = schema_editor.quote_name
        table = q(model._meta.db_table)
        return ";\n".join(
            [
                f"DROP TRIGGER IF EXISTS {q(f'{self.name}_{event}')} ON {table}"
                for event in ("insert", "update")
            ]
            + [f"DROP FUNCTION IF EXISTS {q(self.name)}()"]
        )
