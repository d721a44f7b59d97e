from __future__ import annotations

from django.db import models

from .scope import VIEW, scope_filter


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        """Only the rows `user` may `action` (view, add, change, delete)."""
        q = scope_filter(self.model, user, action)
        return self if q is None else self.filter(q)

    def update(self, **kwargs):
        # A bulk update changes rows as much as a save does: copies read before it are stale.
        if "version" not in kwargs and getattr(self.model, "versioned", False):
            kwargs["version"] = models.F("version") + 1
        return super().update(**kwargs)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ArchiveAwareManager(ScopedManager):
    """The default manager: archived rows (in the recycle bin) are left out of everything."""

    def get_queryset(self):
        return super().get_queryset().filter(archived__isnull=True)
