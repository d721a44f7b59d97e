"""Reading change history (django-simple-history) as who / when / field / before / after."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def history_entries(obj, limit: int = 50) -> list[Entry]:
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        entry = Entry(record.history_date, record.history_user, KINDS.get(record.history_type, ""))
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["updated", "version"])
            for change in delta.changes:
                label = model._meta.get_field(change.field).verbose_name
                entry.changes.append((label, change.old, change.new))
        entries.append(entry)
    return entries
