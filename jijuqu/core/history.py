"""Reading change history (django-simple-history) as who / when / field / before / after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .numbers import wan
from .scope import is_government

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def history_entries(obj, viewer=None, limit: int = 50) -> list[Entry]:
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        entry = Entry(
            record.history_date, author(record.history_user, viewer), KINDS.get(record.history_type, "")
        )
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["updated", "version"])
            for change in delta.changes:
                f = model._meta.get_field(change.field)
                entry.changes.append((f.verbose_name, shown(f, change.old), shown(f, change.new)))
        entries.append(entry)
    return entries


def author(user, viewer):
    """Who made a change, as `viewer` may read it: government users see the login, as they see each
    other's names and phones; an enterprise user sees the author's role (市级分析员, 管委会工作人员),
    not an official's login, except for its own changes."""
    if user is None or viewer is None or is_government(viewer) or user.pk == viewer.pk:
        return user
    return user.get_role_display()


def shown(f, value) -> object:
    """A stored value as the user reads it: a choice's label, not its code ("扩建", not "expansion");
    the linked record's name, not its id; a date as 2026-01-01; an amount with two decimals."""
    if value is None or value == "":
        return value
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if isinstance(f, models.ForeignKey):
        related = f.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(f, models.DecimalField) and isinstance(value, Decimal):
        return wan(value) if f.decimal_places == 2 else value.normalize()
    return value
