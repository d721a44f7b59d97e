from __future__ import annotations

from django.db import models

from .scope import VIEW, scope_filter


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        """Only the rows `user` may `action` (view, add, change, delete)."""
        q = scope_filter(self.model, user, action)
        return self if q is None else self.filter(q)

    def update(self, **kwargs):
        # A bulk update changes rows as much as a save does: copies read before it are stale, and so
        # are figures kept for the data's state (core.computed).
        if getattr(self.model, "versioned", False):
            kwargs.setdefault("version", models.F("version") + 1)
            from .computed import changed

            changed()
        return super().update(**kwargs)

    def key_paged(self):
        """This queryset, sliced by primary key first: a page's keys are found on the plain rows (the
        index of the ordering, no annotations), then only that page's rows are read with everything
        joined. Page 1,000 of a province's ledger sorted 100,000 annotated rows on PostgreSQL."""
        clone = self._chain()
        clone._key_paged = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._key_paged = getattr(self, "_key_paged", False)
        return clone

    def __getitem__(self, k):
        if not (isinstance(k, slice) and getattr(self, "_key_paged", False) and self._fields is None):
            return super().__getitem__(k)
        if self._result_cache is not None:
            return self._result_cache[k]
        keys = list(self.values_list("pk", flat=True)[k])
        rows = {row.pk: row for row in self.filter(pk__in=keys).order_by()}
        return [rows[key] for key in keys if key in rows]


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ArchiveAwareManager(ScopedManager):
    """The default manager: archived rows (in the recycle bin) are left out of everything."""

    def get_queryset(self):
        return super().get_queryset().filter(archived__isnull=True)
