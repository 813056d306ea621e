"""Bulk writes for the importer: PostgreSQL COPY from memory, on the request's connection.

Django's bulk_create builds a model instance and prepares every value through the field API,
which costs more than the database's own work at the sizes the SSDA903 import handles. Here
rows are plain tuples, missing columns take the field default (or now, for auto_now fields),
and primary keys can be reserved up front from the table's sequence so that callers know the
ids of the rows they insert. Every constraint (foreign keys, no-overlap exclusions, checks)
applies as to any other write.
"""

import datetime
import io
import json

from django.db import connection

CHUNK = 50000  # rows per COPY, to bound memory
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, (dict, list)):
        return json.dumps(value).translate(_ESCAPES)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


_SPECIAL = ("\\", "\t", "\n", "\r")


def _converter(values):
    """A converter for one column, chosen by the first non-null value seen."""
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, str):
        joined = "".join(v for v in values if v)
        if any(ch in joined for ch in _SPECIAL):
            return _text
        return lambda v: "\\N" if v is None else v
    if isinstance(sample, datetime.date) and not isinstance(sample, datetime.datetime):
        return lambda v: "\\N" if v is None else v.isoformat()
    if sample is None:
        return lambda v: "\\N"
    if isinstance(sample, bool):
        return {None: "\\N", True: "t", False: "f"}.__getitem__
    if isinstance(sample, int):
        return lambda v: "\\N" if v is None else str(v)
    return _text


def reserve_ids(model, count):
    """`count` new primary keys for `model`, taken from its sequence."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert(model, names, rows, *, now):
    """Insert `rows` (tuples in the order of `names`, attnames such as "child_id") into
    `model`'s table. Columns not named take their default. Returns the number of rows."""
    rows = list(rows)
    if not rows:
        return 0
    given = {name: i for i, name in enumerate(names)}
    columns, constants = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants.append(_text(now))
        else:
            constants.append(_text(field.get_default()))
        columns.append(field.column)
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [by_attname[name] for name in names] + columns
    column_list = ", ".join(f'"{c}"' for c in columns)
    suffix = ("\t" + "\t".join(constants)) if constants else ""
    sql = f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN'
    with connection.cursor() as cursor:
        for first in range(0, len(rows), CHUNK):
            _copy(cursor, sql, _copy_text(rows[first : first + CHUNK], suffix))
    return len(rows)


def _copy_text(rows, suffix=""):
    """Rows as COPY text (UTF-8), converted column by column: each with a converter chosen
    for its values. `suffix` ends every line (constant columns, already converted)."""
    columns = [list(map(_converter(column), column)) for column in zip(*rows, strict=True)]
    end = suffix + "\n"
    return (end.join(map("\t".join, zip(*columns, strict=True))) + end).encode()


def _copy(cursor, sql, data):
    """Send COPY text on Django's cursor; a refused row raises Django's IntegrityError."""
    with connection.wrap_database_errors:
        cursor.cursor.copy_expert(sql, io.BytesIO(data), size=len(data) + 1)


def update(model, names, rows, *, now, versioned):
    """Update rows by primary key: `rows` are tuples (id, *values in the order of `names`).

    PostgreSQL: COPY into a temporary table, then one UPDATE ... FROM. (Django's bulk_update
    writes a CASE with a branch per row for each column, which grows quadratically.)
    Versioned rows get version + 1 and updated_at = now; pass updated_by_id in `names`.
    """
    rows = list(rows)
    if not rows:
        return 0
    table = model._meta.db_table
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [by_attname[name] for name in names]
    temp = f"tmp_update_{table}"
    select = ", ".join(f'"{c}"' for c in ["id", *columns])
    assignments = [f'"{c}" = t."{c}"' for c in columns]
    params = []
    if versioned:
        assignments += ['"version" = target."version" + 1', '"updated_at" = %s']
        params.append(now)
    # Identifiers below come from model metadata, never from input; values go as parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMPORARY TABLE "{temp}" ON COMMIT DROP AS '  # noqa: S608
            f'SELECT {select} FROM "{table}" WITH NO DATA'
        )
        for first in range(0, len(rows), CHUNK):
            _copy(
                cursor,
                f'COPY "{temp}" ({select}) FROM STDIN',
                _copy_text(rows[first : first + CHUNK]),
            )
        cursor.execute(
            f'UPDATE "{table}" AS target SET {", ".join(assignments)} '  # noqa: S608
            f'FROM "{temp}" AS t WHERE target."id" = t."id"',
            params,
        )
        cursor.execute(f'DROP TABLE "{temp}"')
    return len(rows)


def analyze(models):
    """Refresh the planner's statistics of `models`' tables (ANALYZE), so that the first
    queries after a large write are planned for the rows now there, not for an empty or much
    smaller table. Autovacuum would get there too, but only some time after the commit."""
    names = sorted(model._meta.db_table for model in models)
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'ANALYZE "{name}"')
