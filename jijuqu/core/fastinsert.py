"""Inserting many new rows, with their history, through the database cursor.

bulk_create builds SQL and adapts every value through the ORM's per-field machinery; for imports
of 100,000 ledger lines that dominated the time. Here the rows are inserted with executemany,
primary keys are taken up front (so plans and reports can point at new projects), and each row
gets its "+" history row as simple-history's bulk path would write it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, itemgetter
from types import NoneType

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from .signals import rows_written

PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def preparer(field):
    """A function turning an attribute value into a database value; None where no change is needed.
    Dates, timestamps and amounts repeat a lot in a ledger, so their conversions are remembered."""
    if isinstance(field, PLAIN):
        return None
    conn = connections[DEFAULT_DB_ALIAS]  # the real connection, not the proxy, once per field
    if isinstance(field, models.JSONField):  # unhashable values: no memory

        def prepare_json(value):
            return field.get_db_prep_save(value, conn)

        prepare_json.decimal = False
        return prepare_json

    @lru_cache(maxsize=65536)
    def prepare(value):
        return field.get_db_prep_save(value, conn)

    prepare.decimal = isinstance(field, models.DecimalField)
    return prepare


def plain_decimals(column: list) -> bool:
    """Whether a column holds only finite Decimals (or None): what a DecimalField saves them as, on
    SQLite and PostgreSQL alike (get_db_prep_save copies a Decimal), so they need no per-value call.
    Amounts of a ledger are nearly all distinct: the remembered conversions do not help them."""
    kinds = set(map(type, column))
    if not kinds <= {Decimal, NoneType}:
        return False
    values = [v for v in column if v is not None] if NoneType in kinds else column
    return all(map(Decimal.is_finite, values))


def allocate_ids(model, n: int) -> list[int]:
    """The next n primary keys, never reusing one (AUTOINCREMENT on SQLite, identity on PostgreSQL).
    Called inside the import's transaction, which holds the write lock on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) FROM {quoted}"
        )
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(top, row[0] if row else 0) + 1
        return list(range(start, start + n))


def insert_rows(model, columns, rows) -> None:
    """On PostgreSQL through COPY (several times faster than INSERT for thousands of rows), else
    executemany."""
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        names = ", ".join(qn(f.column) for f in columns)
        # The raw psycopg cursor's errors are not Django's: wrap them, so a duplicate is an IntegrityError
        # that the callers turn into a Chinese message, as with INSERT.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def insert(model, objs: list, user=None) -> None:
    """Insert new rows and, if the model keeps history, their "+" history rows.

    `objs` are model instances (their pk is set) or dicts of attnames to values (the cheaper way for
    rows nobody needs as objects afterwards; missing fields take their defaults and "id" is set, in
    the caller's dicts).
    """
    if not objs:
        return
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    if isinstance(objs[0], dict):
        defaults = {f.attname: f.get_default() for f in fields}
        for o in objs:  # completed in place, so the caller reads the new "id" from its own dicts
            o.update({**defaults, **o})
        put, getter = dict.__setitem__, itemgetter
    else:
        put, getter = setattr, attrgetter
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                put(obj, f.attname, now)
    for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
        put(obj, meta.pk.attname, pk)
        if not isinstance(obj, dict):
            obj._state.adding, obj._state.db = False, "default"
    columns = [meta.pk, *fields]
    prep = [(f.attname, preparer(f)) for f in columns]
    # Column by column: one comprehension (and one map) per column is far cheaper than a generator
    # with a test per value.
    prepared = []
    for attname, p in prep:
        column = list(map(getter(attname), objs))
        plain = p is None or (p.decimal and plain_decimals(column))
        prepared.append(column if plain else list(map(p, column)))
    insert_rows(model, columns, list(zip(*prepared, strict=True)))
    rows_written.send(sender=model, rows=objs)
    history = getattr(model, "history", None)
    if history is None:
        return
    hmodel = history.model
    extra = {
        "history_date": now,
        "history_type": "+",
        "history_change_reason": None,
        "history_user_id": getattr(user, "pk", None),
    }
    hfields = [f for f in hmodel._meta.concrete_fields if not f.primary_key]
    # The history row repeats the row's prepared values (same columns, same types) and adds the
    # history columns, each a prepared constant.
    position = {a: index for index, (a, _) in enumerate(prep)}
    constants = {}
    for f in hfields:
        if f.attname in extra:
            p, constant = preparer(f), extra[f.attname]
            constants[f.attname] = constant if p is None or constant is None else p(constant)
    missing = {f.attname for f in hfields} - constants.keys() - position.keys()
    if missing:
        raise ValueError(f"history of {model.__name__} has columns the model does not: {sorted(missing)}")
    history_columns = [
        prepared[position[f.attname]] if f.attname in position else repeat(constants[f.attname], len(objs))
        for f in hfields
    ]
    insert_rows(hmodel, hfields, list(zip(*history_columns, strict=True)))
