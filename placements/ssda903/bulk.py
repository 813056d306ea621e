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
from decimal import Decimal

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
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


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
    columns, getters = [], []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            index = given[field.attname]
            getters.append(lambda row, i=index: row[i])
        elif field.primary_key:
            continue
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            getters.append(lambda row, v=now: v)
        else:
            default = field.get_default()
            getters.append(lambda row, v=default: v)
        columns.append(field.column)
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        write("\t".join([_text(get(row)) for get in getters]))
        write("\n")
    buffer.seek(0)
    column_list = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN', buffer
        )
    return len(rows)
