"""Fast inserts for the importer: PostgreSQL COPY from memory, bulk_create elsewhere.

Django's bulk_create builds a model instance and prepares every value through the field API,
which costs more than the database's own work at the sizes the SSDA903 import handles. Here
rows are plain tuples, missing columns take the field default (or now, for auto_now fields),
and primary keys can be reserved up front from the table's sequence so that callers know the
ids of the rows they insert.
"""

import contextvars
import datetime
import io
import json
import queue
import threading

from django.db import connection, models

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
    if connection.vendor != "postgresql":
        # SQLite (the first look) has one writer at a time: the next ids follow the highest.
        highest = model.objects.aggregate(highest=models.Max("pk"))["highest"] or 0
        return list(range(highest + 1, highest + 1 + count))
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
    column_list = ", ".join(f'"{c}"' for c in columns)
    suffix = ("\t" + "\t".join(constants)) if constants else ""
    sql = f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN'
    pipeline = _pipeline.get()
    for first in range(0, len(rows), CHUNK):
        data = _copy_text(rows[first : first + CHUNK], suffix)
        if pipeline is not None:
            pipeline.copy(sql, data)
        else:
            with connection.cursor() as cursor, connection.wrap_database_errors:
                _copy(cursor.cursor, sql, data)
    return len(rows)


def _copy_text(rows, suffix=""):
    """Rows as COPY text (UTF-8), converted column by column: each with a converter chosen
    for its values."""
    converted = [list(map(_converter(col), col)) for col in zip(*rows, strict=True)]
    return "".join(
        "\t".join(values) + suffix + "\n" for values in zip(*converted, strict=True)
    ).encode()


def _copy(raw_cursor, sql, data):
    # The whole buffer in one read: a thread needs the GIL only once per COPY.
    raw_cursor.copy_expert(sql, io.BytesIO(data), size=len(data) + 1)


_pipeline = contextvars.ContextVar("copy_pipeline", default=None)


class CopyPipeline:
    """Run `insert`'s COPY statements in a background thread on this connection (and so in
    this transaction), while Python prepares the next rows: PostgreSQL and Python each keep a
    core busy instead of taking turns.

    Order is kept: any other query on the connection first waits until every COPY queued
    before it has finished (a Django execute wrapper), and the first COPY that fails is
    raised, as the ORM would raise it, at the next insert or query or on leaving the block.
    The thread only ever waits in libpq (the GIL released) and reads each buffer in one go.
    """

    def __init__(self):
        self._jobs = queue.Queue(maxsize=2)  # at most two chunks waiting: bounds memory
        self._error = None

    def __enter__(self):
        connection.ensure_connection()
        self._raw = connection.connection
        self._thread = threading.Thread(target=self._work, name="copy-pipeline", daemon=True)
        self._thread.start()
        self._token = _pipeline.set(self)
        self._wrapper = connection.execute_wrapper(self._before_query)
        self._wrapper.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._wrapper.__exit__(exc_type, exc, tb)
        _pipeline.reset(self._token)
        self._jobs.put(None)
        self._thread.join()
        if exc_type is None:
            self._raise()

    def copy(self, sql, data):
        self._raise()
        self._jobs.put((sql, data))

    def drain(self):
        self._jobs.join()
        self._raise()

    def _work(self):
        while (job := self._jobs.get()) is not None:
            try:
                if self._error is None:  # after a failure the transaction is lost anyway
                    sql, data = job
                    with self._raw.cursor() as cursor:
                        _copy(cursor, sql, data)
            except Exception as error:  # noqa: BLE001 - handed to the importer's thread
                self._error = error
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def _raise(self):
        if self._error is not None:
            with connection.wrap_database_errors:
                raise self._error

    def _before_query(self, execute, sql, params, many, context):
        self.drain()
        return execute(sql, params, many, context)


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
    if connection.vendor != "postgresql":
        objs = []
        for pk, *values in rows:
            obj = model(pk=pk, **dict(zip(names, values, strict=True)))
            if versioned:
                obj.updated_at = now
            objs.append(obj)
        model.objects.bulk_update(objs, [*names, *(["updated_at"] if versioned else [])])
        return len(objs)
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
            data = _copy_text(rows[first : first + CHUNK])
            with connection.wrap_database_errors:
                _copy(cursor.cursor, f'COPY "{temp}" ({select}) FROM STDIN', data)
        cursor.execute(
            f'UPDATE "{table}" AS target SET {", ".join(assignments)} '  # noqa: S608
            f'FROM "{temp}" AS t WHERE target."id" = t."id"',
            params,
        )
        cursor.execute(f'DROP TABLE "{temp}"')
    return len(rows)
