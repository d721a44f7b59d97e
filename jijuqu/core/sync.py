"""Upsert rows by a natural key, validated like user input, written in bulk with history.

Used by the demo loader and by imports: running the same rows twice changes nothing and records
no history the second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from simple_history.utils import bulk_update_with_history

from .fastinsert import insert
from .signals import rows_written


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: SyncResult) -> SyncResult:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def sync_rows(
    model,
    key: tuple[str, ...],
    rows: list[dict],
    *,
    user=None,
    queryset=None,
    row_clean: bool = True,
    checked: bool = False,
) -> tuple[SyncResult, dict]:
    """Create or update `rows` (dicts of field attnames → values) matched on the `key` attnames.

    Every new or changed object goes through full_clean(), as a form would, except two checks the
    database makes anyway inside the caller's transaction: uniqueness, and that foreign keys exist
    (one query per key per row would dominate the time). With row_clean=False the model's clean()
    is skipped and the caller must check the same rule for all rows at once (see
    projects.services.check_progress_totals). checked=True says the caller has already parsed and
    range-checked every value (an importer), so no field is cleaned again. Returns the result and a
    {key: object} map.
    """
    exclude = [f.name for f in model._meta.concrete_fields if f.is_relation]
    queryset = model.objects.all() if queryset is None else queryset
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in queryset}
    to_create, to_update, changed_fields = [], [], set()

    def clean(obj):
        if checked:
            return
        if row_clean:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        else:
            obj.clean_fields(exclude=exclude)

    result = SyncResult()
    seen = {}
    for row in rows:
        row_key = tuple(row[k] for k in key)
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**row)
            clean(obj)
            to_create.append(obj)
        else:
            changes = [name for name, value in row.items() if getattr(obj, name) != value]
            if changes:
                for name in changes:
                    setattr(obj, name, row[name])
                clean(obj)
                to_update.append(obj)
                changed_fields.update(changes)
            else:
                result.unchanged += 1
        seen[row_key] = obj
    if to_create:
        insert(model, to_create, user)
        result.created = len(to_create)
    if to_update:
        update_rows(model, to_update, changed_fields, user)
        result.updated = len(to_update)
    return result, seen


def update_rows(model, objs: list, fields, user=None) -> None:
    """Save these changed fields of these rows in bulk, with their history, and say so (`rows_written`)."""
    if hasattr(model, "history"):
        bulk_update_with_history(objs, model, sorted(fields), batch_size=2000, default_user=user)
    else:  # an append-only log (BusinessModel.keeps_history): no history to write
        model.objects.bulk_update(objs, sorted(fields), batch_size=2000)
    rows_written.send(sender=model, rows=objs)
