"""Fast inserts for the importer: PostgreSQL COPY from memory, bulk_create elsewhere.

Django's bulk_create builds a model instance and prepares every value through the field API,
which costs more than the database's own work at the sizes the SSDA903 import handles. Here
rows are plain tuples, missing columns take the field default (or now, for auto_now fields),
and primary keys can be reserved up front from the table's sequence so that callers know the
ids of the rows they insert.
"""

import datetime
import io
import json

from django.db import connection

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
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=2000)
        return len(objs)
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
    # Column by column: convert each with a converter chosen for its values.
    converted = [list(map(_converter(column), column)) for column in zip(*rows, strict=True)]
    suffix = ("\t" + "\t".join(constants)) if constants else ""
    buffer = io.StringIO()
    buffer.writelines("\t".join(values) + suffix + "\n" for values in zip(*converted, strict=True))
    buffer.seek(0)
    column_list = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN', buffer
        )
    return len(rows)
