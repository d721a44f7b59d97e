"""Deleting a business record archives it, with what hangs on it; the level above restores it.

What "hangs on it" is what a real delete would take with it: Django's deletion Collector (CASCADE
relations), so a project goes to the recycle bin with its monthly reports, plans, problems, approvals,
inspections and status history, and comes back with them. A relation that PROTECTs the record
refuses the archive as it would refuse the delete. Only an administrator deletes for real (purge),
after a page that lists the same collection.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.deletion import Collector

from .choices import Role
from .models import Archive, BusinessModel
from .scope import CHANGE, VIEW, UserScope

# Who is above whom: a deletion is restored by a role above the one that deleted (or an administrator).
RANK = {
    Role.ADMIN: 0,
    Role.PROVINCE: 1,
    Role.CITY: 2,
    Role.COUNTY: 3,
    Role.ZONE: 4,
    Role.DEPARTMENT: 5,
    Role.ENTERPRISE: 5,
}


@dataclass
class Group:
    """Rows of one kind that go with a record, for the confirmation pages."""

    name: str
    count: int
    examples: list[str]


def collect(obj) -> Collector:
    """What deleting `obj` would remove (raises ProtectedError where a relation forbids it)."""
    collector = Collector(using=DEFAULT_DB_ALIAS, origin=obj)
    collector.collect([obj])
    return collector


def collected_rows(collector) -> list:
    rows = [row for instances in collector.data.values() for row in instances]
    for qs in collector.fast_deletes:
        rows.extend(qs)
    return rows


def what_goes_with(obj, *, unarchived_only: bool = True) -> list[Group]:
    """The other rows that go with `obj` (archived with it, or deleted with it), grouped by kind."""
    groups: dict[type, list] = {}
    for row in collected_rows(collect(obj)):
        if row is obj or (type(row) is type(obj) and row.pk == obj.pk):
            continue
        if unarchived_only and getattr(row, "archived_id", None) is not None:
            continue
        groups.setdefault(type(row), []).append(row)
    return [
        Group(str(model._meta.verbose_name_plural), len(rows), [str(r) for r in rows[:5]])
        for model, rows in groups.items()
    ]


def archive(obj, user) -> Archive:
    """Move `obj` and the rows that hang on it to the recycle bin, each save kept in history."""
    with transaction.atomic():
        rows = [
            row
            for row in collected_rows(collect(obj))
            if isinstance(row, BusinessModel) and row.archived_id is None
        ]
        entry = Archive.objects.create(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            label=str(obj)[:300],
            rows=len(rows),
            user=user if getattr(user, "pk", None) else None,
        )
        for row in rows:
            row.archived = entry
            row._change_reason = "archived"
            row.save(update_fields=["archived", "updated"])
    return entry


def restore(entry: Archive) -> int:
    """Bring back every row archived with `entry`; returns how many."""
    count = 0
    with transaction.atomic():
        for model in business_models():
            for row in model.all_objects.filter(archived=entry):
                row.archived = None
                row._change_reason = "restored"
                row.save(update_fields=["archived", "updated"])
                count += 1
        entry.delete()
    return count


def purge(entry: Archive) -> None:
    """Delete for real the archived record and what hangs on it (an administrator's act)."""
    with transaction.atomic():
        root = entry.model.all_objects.filter(pk=entry.object_id).first()
        if root is not None:
            root.delete()
        for model in business_models():
            # Rows archived with it that no longer hang on it (moved since) come back rather than block.
            model.all_objects.filter(archived=entry).update(archived=None)
        entry.delete()


def business_models() -> list[type]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, BusinessModel)]


def root_of(entry: Archive):
    return entry.model.all_objects.filter(pk=entry.object_id).first()


def visible_entries(user) -> list[Archive]:
    """Recycle bin entries whose record lies within the user's scope."""
    entries = list(Archive.objects.select_related("content_type", "user"))
    visible = []
    by_model: dict[type, set[int]] = {}
    for entry in entries:
        by_model.setdefault(entry.model, set()).add(entry.object_id)
    allowed = {
        model: set(model.all_objects.restrict(user, VIEW).filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in by_model.items()
    }
    for entry in entries:
        if entry.object_id in allowed[entry.model]:
            visible.append(entry)
    return visible


def can_restore(user, entry: Archive) -> bool:
    """An administrator, or a role above the one that deleted, who may change the record."""
    us = UserScope.of(user)
    if us.is_admin:
        return True
    mine = RANK.get(us.role)
    theirs = RANK.get(UserScope.of(entry.user).role, 0) if entry.user else 0
    if mine is None or mine >= theirs:
        return False
    return entry.model.all_objects.restrict(user, CHANGE).filter(pk=entry.object_id).exists()


def can_purge(user) -> bool:
    return UserScope.of(user).is_admin
