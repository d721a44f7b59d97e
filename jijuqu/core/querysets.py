from __future__ import annotations

from django.db import models

from .scope import VIEW, scope_filter


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        """Only the rows `user` may `action` (view, add, change, delete)."""
        q = scope_filter(self.model, user, action)
        return self if q is None else self.filter(q)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
