"""Figures computed once for a state of the data.

A province's home and the 合计 row of its ledger add up 100,000 projects: half a second a figure, on every
page. The answer only changes when the data does, so it is kept (`Computed`, a table: every server shares
it, and a backup carries it) under the data's state: every change of business data — a save or delete
of any business row (signals below), a queryset update of one (`ScopedQuerySet.update`) and the bulk
writes of imports (`core.signals.rows_written`) — adds a `DataChange` row, and the newest row's id names
the state.
The row is added inside the writing transaction (so that transaction, and a test, sees its own change)
and again once it commits (on PostgreSQL an id is taken at insert, not at commit: a long import's row
could be older than one already seen). A kept figure of an older state is never served;
`JIJUQU_COMPUTED_MAX_AGE` seconds bound the age of any figure whatever happens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import scope
from .models import BusinessModel, Computed, DataChange
from .querysets import leave_out_unused_relations


def key_of(*parts) -> str:
    """A key for a figure of a query: its kind, the SQL and parameters of the rows it reads (the user's
    scope and filters are in them), and whatever else it depends on (the period)."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def query_text(queryset) -> str:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(): a bad filter
        return "(none)"
    return f"{sql}\x1e{params!r}"


def marks():
    """The change marks' ids, newest first: the first names the data's state."""
    return DataChange.objects.order_by("-pk").values_list("pk", flat=True)


def version() -> int:
    return marks().first() or 0


def max_age() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "JIJUQU_COMPUTED_MAX_AGE", 600))


def remember(key: str, compute):
    """`compute()`, or what it gave for the same key in the data's present state.

    A kept figure is found in one query, the state asked inside it (a page keeps several figures: each
    asked the state in a query of its own). On a miss the state is read before computing, so a change
    made meanwhile leaves the figure under the older state, never served for the newer one."""
    now = timezone.now()
    kept = Computed.objects.filter(
        key=key, version=Coalesce(Subquery(marks()[:1]), 0), at__gte=now - max_age()
    ).values_list("value", flat=True)
    for value in kept:
        return pickle.loads(value)
    current = version()
    value = compute()
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    # One statement (INSERT … ON CONFLICT DO UPDATE): two requests keeping the same figure do not collide.
    Computed.objects.bulk_create(
        [Computed(key=key, version=current, value=blob, at=now)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["version", "value", "at"],
    )
    return value


def count(queryset) -> int:
    """A list's number of rows, counted once for each state of the data (pages and API alike)."""
    return remember(key_of("count", query_text(queryset)), lambda: rows_to_count(queryset).count())


def rows_to_count(queryset):
    """The same rows, asked as cheaply as a count allows: a dependent row's scope as IN
    (`scope.for_counting`), and without the joins neither filter nor order reads
    (`querysets.leave_out_unused_relations`: a province's ledger counted 100,000 projects in 480 ms with
    its plans and kept reports joined, 260 ms without)."""
    rows = scope.for_counting(queryset).all()  # a clone: its query is its own
    leave_out_unused_relations(rows.query)
    return rows


def changed() -> None:
    """The data changed: a mark now (this transaction reads its own change) and, once, when it commits."""
    DataChange.objects.create()
    connection = transaction.get_connection()
    # A rolled-back transaction takes both its marks and this callback with it.
    if connection.in_atomic_block and not any(entry[1] is _committed for entry in connection.run_on_commit):
        transaction.on_commit(_committed)


def _committed() -> None:
    DataChange.objects.create()


def business_row_saved(sender, instance=None, **kwargs) -> None:
    # Machine rows (an import job's progress) are not business data.
    if isinstance(instance, BusinessModel) and instance.versioned:
        changed()


def rows_written(sender, **kwargs) -> None:
    changed()


def prune(now, dry_run: bool = False) -> int:
    """Delete the change marks but the newest, and kept figures past their age; how many rows."""
    newest = version()
    rows = [DataChange.objects.filter(pk__lt=newest), Computed.objects.filter(at__lt=now - max_age())]
    count = sum(r.count() for r in rows)
    if not dry_run:
        for r in rows:
            r.delete()
    return count
