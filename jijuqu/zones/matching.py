"""Zone names as ledgers and lists write them ("一、沁阳市（10个）", an old name, a county) to the zones a
user may import into. Used by every importer (project ledger, enterprise list, indicator values)."""

from __future__ import annotations

import re
from collections import defaultdict

from jijuqu.core.scope import ADD, VIEW, can
from jijuqu.imports.layout import section_name

from .models import Zone


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


class ZoneMatcher:
    """The zones a user sees, found by name, alias, or region name; `writable` holds those the user
    may add `model` rows to (None: no limit, for the operator's commands)."""

    def __init__(self, user, model=None):
        qs = Zone.objects.all() if user is None else Zone.objects.restrict(user, VIEW)
        self.zones = list(qs.select_related("region"))
        self.by_name: dict[str, list[Zone]] = defaultdict(list)
        self.by_region: dict[str, list[Zone]] = defaultdict(list)
        for zone in self.zones:
            for name in (zone.name, *zone.alias_list()):
                self.by_name[clean_name(name)].append(zone)
            self.by_region[clean_name(zone.region.name)].append(zone)
        # Zone staff may add rows to their zone; region users to the zones of their region.
        self.writable = (
            None
            if user is None or model is None
            else ({z.pk for z in self.zones} if can(user, ADD, model) else set())
        )
        self.cache: dict[str, Zone | str] = {}

    def find(self, label: str) -> Zone | str:
        """The zone, or a Chinese message saying why not."""
        if label not in self.cache:
            self.cache[label] = self._find(label)
        return self.cache[label]

    def _find(self, label: str) -> Zone | str:
        name = clean_name(section_name(label))
        found = (
            self.by_name.get(name)
            or self.by_region.get(name)
            or [z for z in self.zones if len(name) >= 4 and (name in z.name or z.name in name)]
        )
        if len(found) == 1:
            return found[0]
        if not found:
            return f"“{label}”未能对应到您可导入的开发区（可在开发区的“其他名称”中登记曾用名）"
        return f"“{label}”对应多个开发区：{'、'.join(z.name for z in found)}，请在表中写明开发区全称"


def find_zone(row, zones: ZoneMatcher, default_zone: Zone | None = None) -> Zone | str:
    """An imported row's zone: its own zone column, else its section, else its sheet's name, else the
    zone chosen for the import; or a Chinese message saying why none."""
    if row.has("zone"):
        return zones.find(str(row.raw("zone")).strip())
    if row.section:
        return zones.find(row.section)
    by_sheet = zones.find(row.sheet)
    if isinstance(by_sheet, Zone):
        return by_sheet
    if default_zone is not None:
        return default_zone
    return "无法确定所属开发区：请在导入时选择开发区，或在表中按开发区分组"
