"""Which `Enterprise` a company named on another record is (a project's 建设单位).

One rule for the project form, the API and the ledger importer: by 统一社会信用代码 when one is
given, else by exact name within the record's zone. The name as typed is kept beside the link, and
a record left unlinked is listed for someone to match (see `unmatched_builders`).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet

from .credit_code import normalize
from .models import Enterprise


class BuilderMatcher:
    """Enterprises by credit code and by (zone, name), read once per zone: importers match
    thousands of rows with one query per zone, not one per row."""

    def __init__(self):
        self._names: dict[int, dict[str, list[int]]] = {}

    def find(self, zone_id: int, name: str, credit_code: str = "") -> int | None:
        """The enterprise's pk, or None when nothing (or more than one company) matches."""
        if credit_code and credit_code.strip():
            code = normalize(credit_code)
            return Enterprise.objects.filter(credit_code=code).values_list("pk", flat=True).first()
        name = (name or "").strip()
        if not name or zone_id is None:
            return None
        if zone_id not in self._names:
            names: dict[str, list[int]] = defaultdict(list)
            for pk, known in Enterprise.objects.filter(zone_id=zone_id).values_list("pk", "name"):
                names[known.strip()].append(pk)
            self._names[zone_id] = names
        found = self._names[zone_id].get(name, [])
        return found[0] if len(found) == 1 else None


def link_builder(project, *, credit_code: str = "", rematch: bool = False) -> None:
    """Point `project.builder` at its enterprise (not saved here; the caller saves the project).

    With a credit code the enterprise of that code is linked; otherwise an unlinked project (or one
    whose builder name was just changed: `rematch`) is linked to the enterprise of exactly that
    name in its zone, or stays unlinked. `builder_name` is never rewritten.
    """
    if credit_code and credit_code.strip():
        project.builder_id = BuilderMatcher().find(project.zone_id, project.builder_name, credit_code)
    elif project.builder_id is None or rematch:
        project.builder_id = BuilderMatcher().find(project.zone_id, project.builder_name)


def unmatched_builders(projects: QuerySet) -> QuerySet:
    """Projects (of a scoped queryset) whose builder is named but linked to no enterprise."""
    return (
        projects.filter(builder__isnull=True).exclude(builder_name="").order_by("zone__code", "builder_name")
    )


def builder_candidates(project, enterprises: QuerySet) -> QuerySet:
    """Enterprises (of a scoped queryset) a person matching `project`'s builder may pick: those of
    the project's zone, the ones whose name contains the typed name (or the reverse) first."""
    return enterprises.filter(zone_id=project.zone_id).order_by("name")


def suggested_builder(project, candidates) -> Enterprise | None:
    typed = project.builder_name.strip()
    close = [e for e in candidates if typed and (typed in e.name or e.name in typed)]
    return close[0] if len(close) == 1 else None


def set_builder(project, enterprise: Enterprise) -> None:
    """Link a project to the enterprise a person picked (kept in the project's history)."""
    with transaction.atomic():
        project.builder = enterprise
        project.save()
